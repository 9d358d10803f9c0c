// The officer's day in Chromium: compose with the live "đọc thành" view,
// listen to the synthesized preview, pick hamlets, schedule one-off,
// recurring and holiday items for approval, see conflicts in the calendar,
// upload audio, and follow a broadcast's coverage live.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/server.js';
import { apiSession, hasChromium, launchChromium, signIn, startCommune, USERS, type Commune } from './helpers.js';

let c: Commune;
let browser: Browser;
let page: Page;

/** Commune wall-clock date and time `ms` from now: ['2026-11-23', '14:05']. */
function localIn(ms: number): [string, string] {
  const s = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(Date.now() + ms);
  return s.split(' ') as [string, string];
}

/** '2026-11-23' → '23/11/2026', as the date field is written. */
const dmy = (iso: string) => iso.split('-').reverse().join('/');

const schedules = async () => (await c.t.api('GET', '/api/v1/schedules')).body as any[];

beforeAll(async () => {
  if (!hasChromium) return;
  c = await startCommune({ online: ['thon-dong-1', 'thon-dong-2', 'thon-tay-1', 'xom-bac-1', 'xom-bac-2'] });
  browser = await launchChromium();
  ({ page } = await signIn(browser, c.t.baseUrl, 'officer'));
});
afterAll(async () => {
  await browser?.close();
  await c?.close();
});

describe.skipIf(!hasChromium)("the officer's compose page", () => {
  it('shows how the voice will read the text, and plays a synthesized preview', async () => {
    await page.getByLabel('Tiêu đề').fill('Lịch tiếp công dân');
    await page.getByLabel('Nội dung').fill('UBND xã tiếp công dân lúc 7h30 ngày 01/11. Liên hệ 0912345678.');
    const reading = page.locator('#reading .spoken');
    await reading.filter({ hasText: 'bảy giờ ba mươi' }).waitFor({ timeout: 5000 });
    const spoken = await reading.innerText();
    expect(spoken).toContain('ủy ban nhân dân');
    expect(spoken).toContain('mồng một tháng mười một');
    expect(spoken).not.toContain('7h30');

    // The voice picker offers every voice the server has.
    const voice = page.getByLabel('Giọng đọc');
    expect(await voice.locator('option').allInnerTexts()).toEqual(expect.arrayContaining(['Giọng mặc định', 'eSpeak — giọng miền Bắc', 'eSpeak — giọng miền Nam']));
    await voice.selectOption('espeak:vi-vn-x-south');
    const render = page.waitForRequest((r) => r.url().endsWith('/api/v1/speech/render'));
    await page.getByRole('button', { name: 'Nghe thử' }).click();
    expect((await render).postDataJSON()).toMatchObject({ voice: 'espeak:vi-vn-x-south', text: expect.stringContaining('UBND') });
    const audio = page.getByLabel('Nghe thử').and(page.locator('audio'));
    await audio.waitFor({ timeout: 30_000 });
    const src = await audio.getAttribute('src');
    expect(src).toMatch(/^\/media\/[0-9a-f]{64}\.mp3$/);
    const mp3 = await fetch(c.t.baseUrl + src);
    expect(mp3.status).toBe(200);
    expect(mp3.headers.get('content-type')).toBe('audio/mpeg');
  });

  it('schedules a one-off item for two hamlets and sends it for approval; a second one at the same time is flagged', async () => {
    const [date, time] = localIn(3600_000);
    // Each hamlet says how many receivers it reaches (from the fleet summary).
    await page.getByRole('checkbox', { name: 'Thôn Đông (2 cụm loa)' }).waitFor();
    await page.getByRole('checkbox', { name: /Thôn Đông/ }).check();
    await page.getByRole('checkbox', { name: /Thôn Tây/ }).check();
    await page.getByRole('radio', { name: 'Một lần, vào lúc' }).check();
    await page.getByLabel('Ngày', { exact: true }).fill(dmy(date));
    await page.getByLabel('Giờ', { exact: true }).fill(time);
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await page.getByRole('status').getByText('Đã lưu lịch phát.').waitFor();
    await page.getByRole('status').getByText('Chờ duyệt').waitFor();
    const first = (await schedules()).find((s) => s.title === 'Lịch tiếp công dân');
    expect(first).toMatchObject({ kind: 'once', status: 'pending_approval', zoneIds: ['thon-dong', 'thon-tay'], createdBy: `user:${USERS.officer}` });
    expect(first.text).toContain('0912345678');
    // Sent: the form is empty for the next item, the hamlets stay chosen.
    expect(await page.getByLabel('Tiêu đề').inputValue()).toBe('');
    expect(await page.getByLabel('Nội dung').inputValue()).toBe('');
    expect(await page.getByRole('checkbox', { name: /Thôn Tây/ }).isChecked()).toBe(true);

    await page.getByLabel('Tiêu đề').fill('Họp thôn Đông');
    await page.getByLabel('Nội dung').fill('Kính mời bà con Thôn Đông đến họp thôn.');
    await page.getByRole('radio', { name: 'Một lần, vào lúc' }).check();
    await page.getByLabel('Ngày', { exact: true }).fill(dmy(date));
    await page.getByLabel('Giờ', { exact: true }).fill(time);
    await page.getByRole('checkbox', { name: /Thôn Tây/ }).uncheck();
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await page.getByRole('status').getByText('Trùng giờ với:').waitFor();
    await page.getByRole('status').getByText(/Lịch tiếp công dân/).waitFor();
  });

  it('schedules a weekly item and a holiday item, and saves a draft', async () => {
    await page.getByLabel('Tiêu đề').fill('Tuyên truyền 4 xin 4 luôn');
    await page.getByLabel('Nội dung').fill('Thực hiện tốt 4 xin, 4 luôn, 5 không.');
    await page.getByRole('radio', { name: 'Lặp lại' }).check();
    await page.getByLabel('Chu kỳ lặp').selectOption('weekly');
    await page.getByRole('checkbox', { name: 'T4' }).check();
    await page.getByLabel('Giờ phát thứ 1').fill('06:30');
    await page.getByRole('button', { name: 'Thêm giờ phát' }).click();
    await page.getByLabel('Giờ phát thứ 2').fill('17:00');
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await waitFor(async () => (await schedules()).find((s) => s.title === 'Tuyên truyền 4 xin 4 luôn')?.status === 'pending_approval', 5000, 'weekly schedule sent');
    const weekly = (await schedules()).find((s) => s.title === 'Tuyên truyền 4 xin 4 luôn');
    expect(weekly).toMatchObject({ kind: 'rule', status: 'pending_approval', rule: { freq: 'weekly', weekdays: [1, 3], times: ['06:30', '17:00'] } });

    await page.getByLabel('Tiêu đề').fill('Chào mừng Quốc khánh');
    await page.getByLabel('Nội dung').fill('Nhiệt liệt chào mừng Quốc khánh 2/9.');
    await page.getByRole('radio', { name: 'Theo ngày lễ' }).check();
    // Every holiday offers its next date, with the year: none already past.
    const offered = await page.getByLabel('Ngày lễ', { exact: true }).locator('option').allInnerTexts();
    expect(offered.length).toBeGreaterThan(8);
    const today = localIn(0)[0];
    for (const o of offered) {
      const [d, m, y] = /\((\d{2})\/(\d{2})\/(\d{4})\)$/.exec(o)!.slice(1);
      expect(`${y}-${m}-${d}` >= today, o).toBe(true);
    }
    await page.getByLabel('Ngày lễ', { exact: true }).selectOption('quoc-khanh');
    await page.getByRole('checkbox', { name: 'Sau 1 ngày' }).check();
    await page.getByRole('button', { name: 'Thêm giờ phát' }).click();
    await page.getByLabel('Giờ phát thứ 2').fill('17:00');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await waitFor(async () => (await schedules()).find((s) => s.title === 'Chào mừng Quốc khánh'), 5000, 'holiday schedule');
    const holiday = (await schedules()).find((s) => s.title === 'Chào mừng Quốc khánh');
    expect(holiday).toMatchObject({ kind: 'holiday', status: 'draft', holiday: { holidayId: 'quoc-khanh', offsets: [0, 1], times: ['06:30', '17:00'] } });
  });

  it('shows the items in the calendar, with the overlap flagged once they are approved', async () => {
    await page.getByRole('link', { name: 'Lịch phát', exact: true }).click();
    await page.getByRole('heading', { name: 'Nháp và chờ duyệt' }).waitFor();
    const waiting = page.locator('.cards .card');
    await waiting.filter({ hasText: 'Lịch tiếp công dân' }).getByText('Chờ duyệt').waitFor();
    // Each says when it airs in words: the weekdays, the holiday's name and the days around it.
    await waiting.filter({ hasText: 'Tuyên truyền 4 xin 4 luôn' }).getByText('Hằng tuần vào T2, T4, lúc 06:30, 17:00').waitFor();
    await waiting.filter({ hasText: 'Chào mừng Quốc khánh' }).getByText('Dịp Quốc khánh (đúng ngày, sau 1 ngày), lúc 06:30, 17:00').waitFor();
    // The draft can be sent for approval from here.
    await waiting.filter({ hasText: 'Chào mừng Quốc khánh' }).getByRole('button', { name: 'Gửi duyệt' }).click();
    await waitFor(async () => (await schedules()).find((s) => s.title === 'Chào mừng Quốc khánh')?.status === 'pending_approval', 5000, 'submitted');

    const chairman = await apiSession(c.t.baseUrl, USERS.chairman);
    for (const s of await schedules()) if (s.status === 'pending_approval') expect((await chairman.call('POST', `/api/v1/schedules/${s.id}/approve`)).status).toBe(200);

    await page.reload();
    const [date] = localIn(3600_000);
    const day = page.locator(`section.day[aria-label="${date.split('-').reverse().join('/')}"]`);
    await page.locator('section.day').first().waitFor();
    // An hour from now may be next week (Sunday night).
    if (!(await day.count())) await page.getByRole('button', { name: 'Sau' }).click();
    await day.locator('li.occ', { hasText: 'Lịch tiếp công dân' }).waitFor();
    await day.locator('li.occ.clash', { hasText: 'Họp thôn Đông' }).waitFor();
    await page.getByText(/mục trùng giờ trong cùng một thôn/).waitFor();

    await page.getByRole('button', { name: 'Tháng' }).click();
    await page.locator('.calendar.month li.occ', { hasText: 'Lịch tiếp công dân' }).first().waitFor();
  });

  it('uploads audio and sends it now; it waits for the chairman', async () => {
    await page.getByRole('link', { name: 'Soạn tin' }).click();
    await page.getByLabel('Tiêu đề').fill('Nhạc hiệu thử');
    await page.getByRole('radio', { name: 'Tệp âm thanh' }).check();
    await page.getByLabel('Chọn tệp âm thanh').setInputFiles(path.resolve('audio/intro.mp3'));
    await page.getByText(/Đã tải lên: \d+ giây/).waitFor({ timeout: 30_000 });
    await page.getByRole('checkbox', { name: /Xóm Bắc/ }).check();
    await page.getByRole('radio', { name: 'Phát ngay' }).check();
    // An officer's item waits for the chairman, and the button says so before it is pressed.
    expect(await page.getByRole('button', { name: 'Phát ngay' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await page.getByRole('status').getByText('Chờ duyệt').waitFor();
    const list = (await c.t.api('GET', '/api/v1/broadcasts')).body as any[];
    expect(list.find((b) => b.title === 'Nhạc hiệu thử')).toMatchObject({ status: 'pending_approval', zoneIds: ['xom-bac'], category: 'thong-bao' });
  });

  it("follows a broadcast's coverage live: who played it, who missed it and why", async () => {
    const now = Date.now();
    const b = (
      await c.t.api('POST', '/api/v1/broadcasts', {
        title: 'Thông báo lịch tiêm chủng',
        text: 'Trạm y tế xã thông báo lịch tiêm chủng.',
        zoneIds: ['thon-tay'],
        startAt: new Date(now + 5000).toISOString(),
        expiresAt: new Date(now + 8000).toISOString(),
      })
    ).body;
    await page.goto(`${c.t.baseUrl}/broadcasts/${b.id}`);
    await page.getByRole('heading', { level: 1, name: 'Thông báo lịch tiêm chủng' }).waitFor();
    const rx = (id: string) => page.locator(`li[data-receiver="${id}"]`);
    // Pushed as the receivers report, no reload: thon-tay-2 is offline.
    await rx('thon-tay-1').getByText('Đã phát').waitFor({ timeout: 15_000 });
    await rx('thon-tay-2').getByText('Không phát').waitFor({ timeout: 15_000 });
    await rx('thon-tay-2').getByText('Cụm loa mất kết nối, không nhận được lệnh trước khi hết hạn').waitFor();
    await page.getByText('Đã phát ở 1/2 cụm loa, trong 1 thôn.').waitFor();
    await expect(page.locator('.coverage [data-zone="thon-tay"] h2').innerText()).resolves.toBe('Thôn Tây 1/2');
    // Only the receivers that missed it, asked of the server.
    await page.getByLabel('Chỉ cụm loa không phát').check();
    await expect.poll(() => page.locator('ul.deliveries li').evaluateAll((li) => li.map((x) => x.getAttribute('data-receiver')))).toEqual(['thon-tay-2']);

    await page.getByRole('link', { name: 'Bản tin và nơi đã phát' }).click();
    await page.getByRole('row', { name: /Thông báo lịch tiêm chủng/ }).getByRole('cell', { name: '1/2', exact: true }).waitFor();
  });
});
