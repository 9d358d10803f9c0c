// Dates and times are written dd/mm/yyyy and on the 24-hour clock whatever
// the browser's own language: an officer on an English (US) Chromium sees
// and types "05/02/2027 17:30", and the schedule airs at 17:30 commune time.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/server.js';
import { hasChromium, launchChromium, PASSWORD, startCommune, USERS, type Commune } from './helpers.js';

/** 05/02/2027, or 5 February of a later year once that one is past (the server refuses a time gone by). */
const YEAR = Math.max(2027, new Date().getUTCFullYear() + (Date.now() > Date.UTC(new Date().getUTCFullYear(), 1, 5, 10, 30) ? 1 : 0));

let c: Commune;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  if (!hasChromium) return;
  c = await startCommune({ online: [] });
  browser = await launchChromium();
  // An English (US) browser in another time zone: its own date and time formats are m/d/yyyy and 5:30 PM.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'America/New_York' });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(c.t.baseUrl + '/');
  await page.getByLabel('Tên đăng nhập').fill(USERS.officer);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((u) => u.pathname === '/officer');
});
afterAll(async () => {
  await browser?.close();
  await c?.close();
});

describe.skipIf(!hasChromium)('date and time fields on an English (US) browser', () => {
  it(`show dd/mm/yyyy and 24 h, and schedule 05/02/${YEAR} 17:30 for 17:30 in Asia/Ho_Chi_Minh`, async () => {
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    const date = page.getByLabel('Ngày', { exact: true });
    const time = page.getByLabel('Giờ', { exact: true });
    await date.waitFor();
    // The defaults (tomorrow, 07:00) are shown the Vietnamese way, not as the browser would.
    expect(await date.getAttribute('placeholder')).toBe('dd/mm/yyyy');
    expect(await date.inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(await time.inputValue()).toBe('07:00');
    expect(await date.evaluate((el) => (el as HTMLInputElement).type)).toBe('text');
    expect(await time.evaluate((el) => (el as HTMLInputElement).type)).toBe('text');

    // Not a day of the calendar, not a 24-hour time: told in Vietnamese, and nothing is sent.
    await date.fill('31/02/2027');
    await time.fill('5:30 PM');
    await page.getByLabel('Tiêu đề').click();
    await page.getByRole('alert').filter({ hasText: 'Ngày chưa đúng: hãy viết ngày/tháng/năm, ví dụ 05/02/2027.' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Giờ chưa đúng: hãy viết giờ:phút theo 24 giờ, ví dụ 17:30.' }).waitFor();
    expect(await date.getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Tiêu đề').fill('Họp dân thôn Đông');
    await page.getByLabel('Nội dung').fill('Kính mời bà con thôn Đông đến nhà văn hóa họp bàn việc làm đường.');
    await page.getByRole('checkbox', { name: /Thôn Đông/ }).check();
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await page.getByText('Hãy nhập ngày và giờ phát.').waitFor();
    expect((await c.t.api('GET', '/api/v1/schedules')).body).toEqual([]);

    // A short form is understood and written out in full when the field is left.
    await date.fill(`5/2/${YEAR}`);
    await time.fill('17h30');
    await page.getByLabel('Tiêu đề').click();
    expect(await date.inputValue()).toBe(`05/02/${YEAR}`);
    expect(await time.inputValue()).toBe('17:30');
    expect(await page.getByRole('alert').filter({ hasText: /chưa đúng/ }).count()).toBe(0);
    await date.fill(`05/02/${YEAR}`);
    await time.fill('17:30');
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await page.getByRole('status').getByText('Đã lưu lịch phát.').waitFor();

    await waitFor(async () => (await c.t.api('GET', '/api/v1/schedules')).body.length === 1, 5000, 'schedule created');
    const [s] = (await c.t.api('GET', '/api/v1/schedules')).body;
    // 17:30 in Hanoi (UTC+7) whatever the browser's own zone.
    expect(s).toMatchObject({ title: 'Họp dân thôn Đông', kind: 'once', at: `${YEAR}-02-05T10:30:00.000Z`, zoneIds: ['thon-dong'] });
    expect(errors).toEqual([]);
  });

  it('is used for every date and time field of the panel (no native pickers left)', async () => {
    await page.getByRole('radio', { name: 'Lặp lại' }).check();
    await page.getByLabel('Giờ phát thứ 1').fill('18:45');
    await page.getByLabel('Từ ngày').fill('01/03/2027');
    expect(await page.getByLabel('Từ ngày').getAttribute('placeholder')).toBe('dd/mm/yyyy');
    expect(await page.locator('input[type="date"], input[type="time"], input[type="datetime-local"]').count()).toBe(0);
    for (const path of ['/reports']) {
      const other = await page.context().newPage();
      await other.goto(c.t.baseUrl + path);
      await other.getByLabel('Từ ngày').waitFor();
      expect(await other.getByLabel('Từ ngày').inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(await other.locator('input[type="date"], input[type="time"]').count()).toBe(0);
      await other.close();
    }
  });
});
