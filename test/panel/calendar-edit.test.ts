// Saved schedules opened from the calendar, in Chromium: the officer reads
// one, changes its title and time (an approved one goes back to the
// chairman), deletes a draft, sends a rejected one again, and is offered
// nothing on someone else's approved schedule; the chairman cancels an
// approved one. Every outcome is read back through the API.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/server.js';
import { apiSession, hasChromium, launchChromium, signIn, startCommune, USERS, type Commune } from './helpers.js';

let c: Commune;
let browser: Browser;
let page: Page;
const ids: Record<'meeting' | 'draft' | 'rejected' | 'admins', string> = { meeting: '', draft: '', rejected: '', admins: '' };

/** The commune's calendar date `days` from today: '2026-11-23'. */
const dayIn = (days: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }).format(Date.now() + days * 86400_000);
/** A commune wall-clock time as an instant (Viet Nam keeps UTC+7 all year). */
const at = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`).toISOString();
const dmy = (date: string) => date.split('-').reverse().join('/');
const schedule = async (id: string) => (await c.t.api('GET', `/api/v1/schedules/${id}`)).body;

const TOMORROW = dayIn(1);

beforeAll(async () => {
  if (!hasChromium) return;
  c = await startCommune({ online: [] });
  const officer = await apiSession(c.t.baseUrl, USERS.officer);
  const chairman = await apiSession(c.t.baseUrl, USERS.chairman);
  const create = async (title: string, time: string) => {
    const res = await officer.call('POST', '/api/v1/schedules', { title, text: `Kính mời bà con thôn Đông đến nhà văn hóa: ${title.toLowerCase()}.`, zoneIds: ['thon-dong'], kind: 'once', at: at(TOMORROW, time) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  ids.meeting = await create('Họp dân thôn Đông', '08:00');
  expect((await officer.call('POST', `/api/v1/schedules/${ids.meeting}/submit`)).status).toBe(200);
  expect((await chairman.call('POST', `/api/v1/schedules/${ids.meeting}/approve`)).status).toBe(200);
  ids.draft = await create('Bản nháp cần xóa', '09:00');
  ids.rejected = await create('Thông báo bị trả lại', '10:00');
  expect((await officer.call('POST', `/api/v1/schedules/${ids.rejected}/submit`)).status).toBe(200);
  expect((await chairman.call('POST', `/api/v1/schedules/${ids.rejected}/reject`, { reason: 'Sai ngày họp, đề nghị sửa lại' })).status).toBe(200);
  // Every evening, made and approved by the administrator.
  const admins = await c.t.api('POST', '/api/v1/schedules', {
    title: 'Bản tin thời sự buổi tối',
    text: 'Bản tin thời sự của xã.',
    zoneIds: ['thon-dong', 'thon-tay'],
    kind: 'rule',
    rule: { freq: 'daily', times: ['18:00'] },
  });
  expect(admins.status).toBe(201);
  expect(admins.body.status).toBe('approved');
  ids.admins = admins.body.id;
  browser = await launchChromium();
  ({ page } = await signIn(browser, c.t.baseUrl, 'officer'));
});
afterAll(async () => {
  await browser?.close();
  await c?.close();
});

/** The calendar's cell of a day, moving to the next week when it is not shown (tomorrow after a Sunday). */
async function dayCell(date: string) {
  const cell = page.locator(`section.day[aria-label="${dmy(date)}"]`);
  await page.locator('section.day').first().waitFor();
  if (!(await cell.count())) await page.getByRole('button', { name: 'Sau' }).click();
  await cell.waitFor();
  return cell;
}

describe.skipIf(!hasChromium)('saved schedules from the calendar', () => {
  it('the officer opens an approved item from the calendar and reads it in full', async () => {
    await page.getByRole('link', { name: 'Lịch phát', exact: true }).click();
    const cell = await dayCell(TOMORROW);
    await cell.locator(`li.occ[data-schedule="${ids.meeting}"]`).getByRole('link', { name: /Họp dân thôn Đông/ }).click();
    await page.waitForURL((u) => u.pathname === `/schedules/${ids.meeting}`);
    await page.getByRole('heading', { level: 1, name: 'Họp dân thôn Đông' }).waitFor();
    await page.locator('.schedule-status').getByText('Đã duyệt').waitFor();
    await page.locator('dd.spec').getByText(`Một lần: ${dmy(TOMORROW)} 08:00`).waitFor();
    expect(await page.locator('dd.targets').innerText()).toBe('Thôn Đông');
    expect(await page.locator('dd.voice').innerText()).toBe('Giọng mặc định');
    // People by their full names, as the server gives them.
    expect(await page.locator('dd.created-by').innerText()).toMatch(/^Nguyễn Thị Lan, /);
    expect(await page.locator('dd.approved-by').innerText()).toMatch(/^Trần Văn Minh, /);
    await page.getByText('Kính mời bà con thôn Đông đến nhà văn hóa').waitFor();
    // What it will air: the one time tomorrow.
    await page.locator('ul.upcoming').getByText(`${dmy(TOMORROW)} 08:00`).waitFor();
    // Approved: the officer may change it (it then waits again) but no longer withdraw it.
    await page.getByRole('button', { name: 'Sửa lịch' }).waitFor();
    expect(await page.getByRole('button', { name: /Xóa lịch|Hủy lịch phát/ }).count()).toBe(0);
  });

  it('changes its title and time: the server shows its error for a past time, then saves, and the change waits for the chairman again', async () => {
    await page.getByRole('button', { name: 'Sửa lịch' }).click();
    const form = page.getByRole('form', { name: 'Sửa lịch «Họp dân thôn Đông»' });
    await form.getByText('sau khi sửa, lịch phải chờ chủ tịch duyệt lại').waitFor();
    expect(await form.getByLabel('Tiêu đề').inputValue()).toBe('Họp dân thôn Đông');
    expect(await form.getByLabel('Ngày', { exact: true }).inputValue()).toBe(dmy(TOMORROW));
    expect(await form.getByLabel('Giờ', { exact: true }).inputValue()).toBe('08:00');
    expect(await form.getByRole('checkbox', { name: /Thôn Đông/ }).isChecked()).toBe(true);

    // The server's refusal is shown on the page, word for word.
    await form.getByLabel('Ngày', { exact: true }).fill(dmy(dayIn(-1)));
    await form.getByRole('button', { name: 'Lưu và gửi duyệt lại' }).click();
    await form.getByRole('alert').getByText('Thời điểm phát đã qua').waitFor();
    expect((await schedule(ids.meeting)).status).toBe('approved');

    await form.getByLabel('Tiêu đề').fill('Họp dân thôn Đông (đổi giờ)');
    // Read a little faster: the schedule keeps the rate.
    await form.locator('#sch-voice-rate').evaluate((el: HTMLInputElement) => {
      el.value = '1.2';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await form.getByText('1.2×').waitFor();
    await form.getByLabel('Ngày', { exact: true }).fill(dmy(TOMORROW));
    await form.getByLabel('Giờ', { exact: true }).fill('09:30');
    const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith(`/api/v1/schedules/${ids.meeting}`));
    await form.getByRole('button', { name: 'Lưu và gửi duyệt lại' }).click();
    const sent = (await put).postDataJSON();
    expect(sent).toMatchObject({ title: 'Họp dân thôn Đông (đổi giờ)', rate: 1.2, kind: 'once', at: at(TOMORROW, '09:30'), zoneIds: ['thon-dong'], receiverIds: [], priority: 'normal', repeat: 1 });
    // Saved without a category, it stays without one: the form does not slip its first choice in.
    expect(sent).not.toHaveProperty('category');
    await page.getByRole('status').getByText('Đã lưu thay đổi và gửi chủ tịch duyệt.').waitFor();
    expect(await schedule(ids.meeting)).toMatchObject({ title: 'Họp dân thôn Đông (đổi giờ)', kind: 'once', at: at(TOMORROW, '09:30'), status: 'pending_approval', approvedBy: null, category: null, rate: 1.2, text: expect.stringContaining('Kính mời bà con') });
    await page.getByRole('heading', { level: 1, name: 'Họp dân thôn Đông (đổi giờ)' }).waitFor();
    await page.locator('dd.spec').getByText(`Một lần: ${dmy(TOMORROW)} 09:30`).waitFor();

    // The calendar shows it at the new time.
    await page.getByRole('link', { name: 'Lịch phát', exact: true }).click();
    const cell = await dayCell(TOMORROW);
    await cell.locator(`li.occ[data-schedule="${ids.meeting}"]`).getByText('09:30').waitFor();
    expect(await cell.locator(`li.occ[data-schedule="${ids.meeting}"]`).count()).toBe(1);
  });

  it('deletes a draft, after a confirmation', async () => {
    await page.locator(`li.card[data-schedule="${ids.draft}"]`).getByRole('link', { name: 'Bản nháp cần xóa' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bản nháp cần xóa' }).waitFor();
    await page.locator('.schedule-status').getByText('Nháp').waitFor();
    // Declined at the confirmation: nothing happens.
    page.once('dialog', (d) => void d.dismiss());
    await page.getByRole('button', { name: 'Xóa lịch' }).click();
    await page.waitForTimeout(300);
    expect((await schedule(ids.draft)).status).toBe('draft');

    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => (resolve(d.message()), void d.accept())));
    await page.getByRole('button', { name: 'Xóa lịch' }).click();
    expect(await asked).toContain('Xóa lịch «Bản nháp cần xóa»?');
    await page.getByRole('status').getByText('Đã xóa lịch').waitFor();
    expect((await schedule(ids.draft)).status).toBe('archived');
    await page.locator('.schedule-status').getByText('Đã lưu trữ').waitFor();
    // Archived: nothing more to do with it.
    expect(await page.locator('.schedule-actions').count()).toBe(0);
  });

  it('sends a rejected item for approval again, with the reason shown', async () => {
    await page.getByRole('link', { name: 'Lịch phát', exact: true }).click();
    const card = page.locator(`li.card[data-schedule="${ids.rejected}"]`);
    await card.getByText('Sai ngày họp, đề nghị sửa lại').waitFor();
    await card.getByRole('link', { name: 'Thông báo bị trả lại' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thông báo bị trả lại' }).waitFor();
    await page.locator('.schedule-status').getByText('Bị từ chối').waitFor();
    expect(await page.locator('dd.reject-reason').innerText()).toBe('Sai ngày họp, đề nghị sửa lại');
    expect(await page.locator('dd.rejected-by').innerText()).toBe('Trần Văn Minh');
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await page.getByRole('status').getByText('Đã gửi chủ tịch duyệt.').waitFor();
    expect(await schedule(ids.rejected)).toMatchObject({ status: 'pending_approval', rejectReason: null });
    await page.locator('.schedule-status').getByText('Chờ duyệt').waitFor();
    expect(await page.getByRole('button', { name: 'Gửi duyệt' }).count()).toBe(0);
  });

  it("offers the officer nothing to change on the administrator's approved schedule (and the server refuses him too)", async () => {
    await page.getByRole('link', { name: 'Các lịch phát', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Các lịch phát đã lưu' }).waitFor();
    const row = page.locator(`tr[data-schedule="${ids.admins}"]`);
    await row.getByText('Hằng ngày, lúc 18:00').waitFor();
    // Deleted items are left out of the list unless asked for.
    expect(await page.locator(`tr[data-schedule="${ids.draft}"]`).count()).toBe(0);
    await page.getByLabel('Trạng thái').selectOption('archived');
    await page.locator(`tr[data-schedule="${ids.draft}"]`).waitFor();
    await page.getByLabel('Trạng thái').selectOption('active');
    await row.getByRole('link', { name: 'Bản tin thời sự buổi tối' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bản tin thời sự buổi tối' }).waitFor();
    await page.locator('dd.targets').getByText('Thôn Đông, Thôn Tây').waitFor();
    expect(await page.locator('.schedule-actions').count()).toBe(0);
    const officer = await apiSession(c.t.baseUrl, USERS.officer);
    expect((await officer.call('DELETE', `/api/v1/schedules/${ids.admins}`)).status).toBe(403);
    expect((await schedule(ids.admins)).status).toBe('approved');
  });

  it('the chairman cancels an approved schedule from the list: its coming times will not air', async () => {
    const now = Date.now();
    const window = `from=${encodeURIComponent(new Date(now).toISOString())}&to=${encodeURIComponent(new Date(now + 7 * 86400_000).toISOString())}`;
    const coming = async () => ((await c.t.api('GET', `/api/v1/occurrences?${window}`)).body as any[]).filter((o) => o.scheduleId === ids.admins && o.state !== 'cancelled');
    expect((await coming()).length).toBeGreaterThan(5);

    const { context, page: chairman } = await signIn(browser, c.t.baseUrl, 'chairman');
    try {
      await chairman.getByRole('link', { name: 'Các lịch phát', exact: true }).click();
      await chairman.locator(`tr[data-schedule="${ids.admins}"]`).getByRole('link', { name: 'Bản tin thời sự buổi tối' }).click();
      await chairman.getByRole('heading', { level: 1, name: 'Bản tin thời sự buổi tối' }).waitFor();
      // An approver may change it too, and decide on what waits.
      await chairman.getByRole('button', { name: 'Sửa lịch' }).waitFor();
      const asked = new Promise<string>((resolve) => chairman.once('dialog', (d) => (resolve(d.message()), void d.accept())));
      await chairman.getByRole('button', { name: 'Hủy lịch phát' }).click();
      expect(await asked).toContain('Hủy lịch phát «Bản tin thời sự buổi tối»?');
      await chairman.getByRole('status').getByText('Đã hủy lịch phát').waitFor();
      expect((await schedule(ids.admins)).status).toBe('archived');
      await waitFor(async () => (await coming()).length === 0, 5000, 'its coming times cancelled');
      await chairman.locator('.schedule-status').getByText('Đã lưu trữ').waitFor();
    } finally {
      await context.close();
    }
  });
});
