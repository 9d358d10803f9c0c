// Bản tin cấp trên in Chromium: the upper level sends a bulletin and follows
// it commune by commune while a commune officer declines it from the inbox;
// a priority bulletin is marked in the commune's calendar.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, PASSWORD, signIn, startCommune, DESKTOP, type Commune } from '../panel/helpers.js';

let c: Commune;
let browser: Browser;

async function signInAs(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  await page.goto(c.t.baseUrl + '/');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((u) => u.pathname !== '/');
  return page;
}

beforeAll(async () => {
  if (!hasChromium) return;
  c = await startCommune();
  await c.t.api('POST', '/api/v1/zones', { id: 'xa-an-phu', name: 'Xã An Phú', kind: 'commune' });
  await c.t.server.users.create({ username: 'canbo-binhminh', role: 'officer', password: PASSWORD, displayName: 'Cán bộ xã Bình Minh', zoneId: 'xa-binh-minh' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await c?.close();
});

describe.skipIf(!hasChromium)('bulletins from the upper level in the panel', () => {
  let attempt = 0;
  it('the sender follows each commune live while a commune declines from its inbox', async () => {
    // A title of its own per attempt: a retry does not find the first attempt's bulletin.
    const title = `Tuyên truyền mô hình Chính quyền thân thiện (${++attempt})`;
    // The chairman here works for the whole system: an upper level.
    const { page: sender } = await signIn(browser, c.t.baseUrl, 'chairman');
    await sender.goto(c.t.baseUrl + '/bulletins');
    await sender.getByRole('heading', { level: 1, name: 'Bản tin cấp trên' }).waitFor();
    await sender.getByLabel('Tiêu đề').fill(title);
    await sender.getByLabel('Nội dung bản tin').fill('Đề nghị các xã tuyên truyền mô hình bốn xin, bốn luôn, năm không.');
    await sender.getByLabel('Thông thường').check();
    await sender.getByLabel('Xã Bình Minh').check();
    await sender.getByLabel('Xã An Phú').check();
    await sender.getByRole('button', { name: 'Gửi bản tin' }).click();
    await sender.getByText(`Đã gửi bản tin "${title}".`).waitFor({ timeout: 60_000 });
    await sender.getByRole('link', { name: title }).click();
    const row = (zone: string) => sender.locator(`tr[data-zone="${zone}"]`);
    await row('xa-binh-minh').getByText('Đã nhận').waitFor();
    await row('xa-an-phu').getByText('Đã nhận').waitFor();

    const officer = await signInAs('canbo-binhminh');
    await officer.goto(c.t.baseUrl + '/bulletins');
    const item = officer.locator('li.card.upper', { hasText: title });
    await item.getByText('Bản tin cấp trên').waitFor();
    // A commune account has no sending form.
    expect(await officer.getByRole('button', { name: 'Gửi bản tin' }).count()).toBe(0);
    await item.getByRole('button', { name: 'Từ chối' }).click();
    await item.getByLabel('Lý do').fill('Xã đã tuyên truyền nội dung này tuần trước');
    await item.getByRole('button', { name: 'Từ chối bản tin' }).click();
    await officer.getByText(`Đã xử lý bản tin "${title}".`).waitFor();

    // The sender's page, left open, shows it without a reload.
    await row('xa-binh-minh').getByText('Từ chối').waitFor({ timeout: 15_000 });
    await row('xa-binh-minh').getByText('Xã đã tuyên truyền nội dung này tuần trước').waitFor();
    await row('xa-an-phu').getByText('Đã nhận').waitFor();

    // Overtaken by events: the sender withdraws it, with a reason, after a confirmation.
    await sender.getByRole('button', { name: 'Thu hồi bản tin' }).click();
    await sender.getByRole('button', { name: 'Thu hồi', exact: true }).click();
    await sender.getByRole('alert').getByText('Cần ghi lý do thu hồi.').waitFor();
    await sender.getByLabel('Lý do thu hồi').fill('Huyện sẽ gửi bản tin mới thay thế');
    sender.once('dialog', (d) => void d.accept());
    await sender.getByRole('button', { name: 'Thu hồi', exact: true }).click();
    await sender.locator('.bulletin-status').getByText(/Đã thu hồi bởi .*: Huyện sẽ gửi bản tin mới thay thế/).waitFor();
    await row('xa-an-phu').getByText('Đã thu hồi').waitFor();
    // What a commune already decided stays as it was.
    await row('xa-binh-minh').getByText('Từ chối').waitFor();
    expect(await sender.getByRole('button', { name: 'Thu hồi bản tin' }).count()).toBe(0);
    const list = (await c.t.api('GET', '/api/v1/bulletins')).body as any[];
    expect(list.find((b) => b.title === title)).toMatchObject({ status: 'withdrawn', states: { declined: 1, withdrawn: 1 } });
  });

  it("a priority bulletin is marked in the commune's calendar", async () => {
    const startAt = new Date(Date.now() + 2 * 3600_000).toISOString();
    const sent = await c.t.api('POST', '/api/v1/bulletins', { title: 'Lịch tiêm phòng dại', text: 'Lịch tiêm vắc-xin phòng dại cho chó mèo.', level: 'priority', zoneIds: ['xa-binh-minh'], startAt });
    expect(sent.status).toBe(201);
    const officer = await signInAs('canbo-binhminh');
    await officer.goto(c.t.baseUrl + '/officer/calendar');
    const mark = officer.locator('li.occ.upper', { hasText: 'Lịch tiêm phòng dại' });
    await mark.getByText('Bản tin cấp trên').waitFor({ timeout: 15_000 });
    await mark.getByRole('link').click();
    await officer.locator('tr[data-zone="xa-binh-minh"]').getByText('Đã xếp lịch').waitFor();
  });
});
