// The chairman on a phone, in Chromium with its fake microphone: records a
// greeting, listens back, records again, sends it to two hamlets and the
// simulated receivers there play it; attaches one to a holiday template;
// approves and rejects the officer's items.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/server.js';
import { apiSession, hasChromium, launchChromium, PHONE, signIn, startCommune, USERS, type Commune } from './helpers.js';

let c: Commune;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!hasChromium) return;
  c = await startCommune();
  browser = await launchChromium();
  ({ page } = await signIn(browser, c.t.baseUrl, 'chairman', PHONE));
});
afterAll(async () => {
  await browser?.close();
  await c?.close();
});

describe.skipIf(!hasChromium)("the chairman's greeting and approvals, on a phone", () => {
  let greeting: { sha256: string };

  it('records with the microphone, listens back, records again and keeps the second take', async () => {
    expect(new URL(page.url()).pathname).toBe('/chairman');
    await page.getByRole('button', { name: 'Bắt đầu ghi' }).click();
    await page.getByRole('status').getByText('Đang ghi').waitFor();
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: 'Dừng ghi' }).click();
    const listen = page.getByLabel('Nghe lại');
    await listen.waitFor();
    const firstTake = await listen.getAttribute('src');
    expect(firstTake).toMatch(/^blob:/);

    await page.getByRole('button', { name: 'Ghi lại' }).click();
    await page.getByRole('status').getByText('Đang ghi').waitFor();
    await page.waitForTimeout(2500);
    await page.getByRole('button', { name: 'Dừng ghi' }).click();
    await page.getByRole('button', { name: 'Dùng bản ghi này' }).waitFor();
    expect(await page.getByLabel('Nghe lại').getAttribute('src')).not.toBe(firstTake);

    const upload = page.waitForResponse((r) => r.url().endsWith('/api/v1/recordings'));
    await page.getByRole('button', { name: 'Dùng bản ghi này' }).click();
    const res = await upload;
    expect(res.status()).toBe(201);
    greeting = await res.json();
    // Chromium records Opus in WebM; the server keeps that original and makes broadcast MP3.
    const media = await c.t.server.database.db.selectFrom('media').selectAll().where('sha256', '=', greeting.sha256).executeTakeFirstOrThrow();
    expect(media).toMatchObject({ source: 'recording', original_name: 'loi-chuc.webm', format: 'mp3' });
    expect((greeting as any).durationMs).toBeGreaterThan(1500);
    await page.getByText(/Bản ghi đã sẵn sàng để phát \(\d+ giây\)/).waitFor();
    expect(await page.getByLabel('Bản đã xử lý để phát').getAttribute('src')).toBe(`/media/${greeting.sha256}.mp3`);
  });

  it('sends the greeting now to two hamlets, and only their receivers play it', async () => {
    await page.getByRole('radio', { name: 'Phát ngay' }).check();
    await page.getByLabel('Tiêu đề').fill('Lời chúc mừng năm mới');
    await page.getByRole('checkbox', { name: 'Xóm Bắc' }).uncheck();
    await page.getByRole('button', { name: 'Phát ngay' }).click();
    await page.getByRole('status').getByText('Đã tạo bản tin.').waitFor();
    const b = ((await c.t.api('GET', '/api/v1/broadcasts')).body as any[]).find((x) => x.title === 'Lời chúc mừng năm mới');
    expect(b).toMatchObject({ mediaSha256: greeting.sha256, category: 'loi-chuc', createdBy: `user:${USERS.chairman}` });
    expect(b.zoneIds.sort()).toEqual(['thon-dong', 'thon-tay']);
    expect(b.status).not.toBe('pending_approval');

    const played = await waitFor(async () => {
      const v = (await c.t.api('GET', `/api/v1/broadcasts/${b.id}`)).body;
      return v.status === 'done' ? v : null;
    }, 20_000, 'greeting played');
    expect(played.deliveries.map((d: any) => d.receiverId).sort()).toEqual(['thon-dong-1', 'thon-dong-2', 'thon-tay-1', 'thon-tay-2']);
    expect(c.acks.some((a) => a.broadcastId === b.id && a.state === 'playing')).toBe(true);
    expect(c.commands.filter((x) => x.cmd.type === 'play' && x.cmd.broadcastId === b.id).map((x) => x.receiverId)).not.toContain('xom-bac-1');

    // The coverage page the link leads to says the same.
    await page.getByRole('link', { name: 'Xem nơi đã phát' }).click();
    await page.getByText('Đã phát ở 4/4 cụm loa, trong 2 thôn.').waitFor();
    await page.goBack();
  });

  it('attaches a recording to a holiday template', async () => {
    await page.goto(c.t.baseUrl + '/chairman');
    await page.getByRole('button', { name: 'Bắt đầu ghi' }).click();
    await page.waitForTimeout(1200);
    await page.getByRole('button', { name: 'Dừng ghi' }).click();
    await page.getByRole('button', { name: 'Dùng bản ghi này' }).click();
    await page.getByText(/Bản ghi đã sẵn sàng để phát/).waitFor({ timeout: 20_000 });
    await page.getByLabel('Mẫu ngày lễ', { exact: true }).selectOption('chuc-tet-nguyen-dan');
    await page.getByRole('button', { name: 'Lên lịch phát lời chúc' }).click();
    await page.getByRole('status').getByText('Đã lưu lịch phát.').waitFor();
    await page.getByRole('status').getByText('Đã duyệt').waitFor();
    const s = ((await c.t.api('GET', '/api/v1/schedules')).body as any[]).find((x) => x.kind === 'holiday');
    expect(s).toMatchObject({ title: 'Thư chúc Tết Nguyên Đán', status: 'approved', category: 'loi-chuc', holiday: { holidayId: 'tet-nguyen-dan', offsets: [0, 1, 2], times: ['06:00', '17:00'] } });
    expect(s.mediaSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(s.zoneIds.sort()).toEqual(['thon-dong', 'thon-tay', 'xom-bac']);
  });

  it("approves one of the officer's items and rejects another, with a reason", async () => {
    const officer = await apiSession(c.t.baseUrl, USERS.officer);
    const news = await officer.call('POST', '/api/v1/broadcasts', { title: 'Thông báo họp thôn', text: 'Kính mời bà con Xóm Bắc đến họp thôn.', zoneIds: ['xom-bac'], priority: 'normal' });
    expect(news.body.status).toBe('pending_approval');
    const plan = await officer.call('POST', '/api/v1/schedules', { title: 'Lịch tiêm chủng', text: 'Trạm y tế thông báo lịch tiêm chủng.', zoneIds: ['thon-dong'], priority: 'normal', kind: 'once', at: new Date(Date.now() + 7200_000).toISOString() });
    expect((await officer.call('POST', `/api/v1/schedules/${plan.body.id}/submit`)).body.status).toBe('pending_approval');

    await page.getByRole('button', { name: /Menu/ }).click();
    await page.getByRole('link', { name: 'Duyệt' }).click();
    const card = (title: string) => page.locator('li.approval', { has: page.getByRole('heading', { name: title }) });
    await card('Thông báo họp thôn').waitFor();
    await expect(card('Thông báo họp thôn').innerText()).resolves.toContain('Xóm Bắc');
    await card('Thông báo họp thôn').getByRole('button', { name: 'Duyệt' }).click();
    await page.getByText('Đã duyệt "Thông báo họp thôn".').waitFor();
    await card('Thông báo họp thôn').waitFor({ state: 'detached' });

    await card('Lịch tiêm chủng').getByRole('button', { name: 'Từ chối' }).click();
    // No reason, no rejection: the officer must know what to change.
    const confirmReject = card('Lịch tiêm chủng').getByRole('button', { name: 'Xác nhận từ chối' });
    expect(await confirmReject.isDisabled()).toBe(true);
    await card('Lịch tiêm chủng').getByLabel('Lý do từ chối').fill('   ');
    expect(await confirmReject.isDisabled()).toBe(true);
    await card('Lịch tiêm chủng').getByLabel('Lý do từ chối').fill('Sai giờ, đề nghị phát buổi sáng');
    await card('Lịch tiêm chủng').getByRole('button', { name: 'Xác nhận từ chối' }).click();
    await page.getByText('Đã từ chối "Lịch tiêm chủng".').waitFor();
    await page.getByText('Không có nội dung nào chờ duyệt.').waitFor();

    expect((await c.t.api('GET', `/api/v1/schedules/${plan.body.id}`)).body).toMatchObject({ status: 'rejected', rejectReason: 'Sai giờ, đề nghị phát buổi sáng', approvedBy: `user:${USERS.chairman}` });
    // The approved one goes on air in Xóm Bắc.
    const played = await waitFor(async () => {
      const v = (await c.t.api('GET', `/api/v1/broadcasts/${news.body.id}`)).body;
      return v.status === 'done' ? v : null;
    }, 20_000, 'approved broadcast played');
    expect(played).toMatchObject({ approvedBy: `user:${USERS.chairman}` });
    expect(played.deliveries.map((d: any) => d.receiverId).sort()).toEqual(['xom-bac-1', 'xom-bac-2']);
  });
});
