// In headless Chromium: a stranger sees the sign-in page; each role signs in,
// lands on its own page and sees only its own navigation; other roles' pages
// are refused; the panel loads nothing from outside the server; it fits a
// 360 px phone; Vietnamese and English; keyboard sign-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communeAndBrowser, hasChromium, PASSWORD, PHONE, signIn, USERS, type RoleName } from './helpers.js';

const panel = communeAndBrowser({ online: ['thon-dong-1'] });
beforeAll(panel.start);
afterAll(panel.close);

const HOME: Record<RoleName, { path: string; heading: string; nav: string[] }> = {
  admin: { path: '/users', heading: 'Tài khoản và vai trò', nav: ['Soạn tin', 'Lịch phát', 'Các lịch phát', 'Phát trực tiếp', 'Từ điển', 'Ghi lời chúc', 'Duyệt', 'Cụm loa', 'Bản tin đã phát', 'Bản tin cấp trên', 'Báo cáo', 'Khu vực & cụm loa', 'Tài khoản', 'Cài đặt', 'Nhật ký'] },
  officer: { path: '/officer', heading: 'Soạn bản tin', nav: ['Soạn tin', 'Lịch phát', 'Các lịch phát', 'Phát trực tiếp', 'Từ điển', 'Bản tin đã phát', 'Bản tin cấp trên', 'Báo cáo'] },
  chairman: { path: '/chairman', heading: 'Lời chúc của Chủ tịch', nav: ['Các lịch phát', 'Phát trực tiếp', 'Ghi lời chúc', 'Duyệt', 'Bản tin đã phát', 'Bản tin cấp trên', 'Báo cáo', 'Khu vực & cụm loa', 'Nhật ký'] },
  technician: { path: '/technician', heading: 'Cụm loa theo thôn', nav: ['Cụm loa', 'Khu vực & cụm loa'] },
};
const OTHERS: Record<RoleName, string[]> = {
  admin: [],
  officer: ['/chairman', '/chairman/approvals', '/technician', '/users', '/audit', '/setup'],
  chairman: ['/officer', '/officer/calendar', '/technician', '/users'],
  technician: ['/officer', '/chairman', '/broadcasts', '/reports', '/emergency', '/users', '/audit', '/schedules'],
};

describe.skipIf(!hasChromium)('the panel in Chromium', () => {
  it('shows a stranger the sign-in page, in Vietnamese or English', async () => {
    const context = await panel.browser.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('response', (r) => r.status() === 401 && refused.push(`${r.status()} ${r.url()}`));
    await page.goto(panel.c.t.baseUrl + '/officer');
    expect(new URL(page.url()).pathname).toBe('/');
    // The panel renders after its scripts load: wait for the heading, do not sample it.
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    // Nobody signed in is not an error: no 401 in the console of a fresh page.
    expect(refused).toEqual([]);
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();

    // Wrong password: said so, and still on the sign-in page.
    await page.getByLabel('Tên đăng nhập').fill(USERS.officer);
    await page.getByLabel('Mật khẩu').fill('khong-dung');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').filter({ hasText: 'Sai tên đăng nhập hoặc mật khẩu' }).waitFor();

    // Keyboard only, and back to the page first asked for.
    await page.getByLabel('Mật khẩu').fill('');
    await page.getByLabel('Tên đăng nhập').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/officer');
    await context.close();
  });

  for (const role of Object.keys(USERS) as RoleName[]) {
    it(`signs in the ${role}, shows only its pages and refuses the others`, async () => {
      const { context, page } = await signIn(panel.browser, panel.c.t.baseUrl, role);
      const outside: string[] = [];
      page.on('request', (r) => !r.url().startsWith(panel.c.t.baseUrl) && !r.url().startsWith('data:') && outside.push(r.url()));
      expect(new URL(page.url()).pathname).toBe(HOME[role].path);
      await page.getByRole('heading', { level: 1, name: HOME[role].heading }).waitFor();
      const nav = await page.getByRole('navigation', { name: 'Các trang' }).getByRole('listitem').allInnerTexts();
      expect(nav).toEqual(HOME[role].nav);
      const emergency = page.getByRole('link', { name: '⚠ Phát khẩn cấp' });
      expect(await emergency.count()).toBe(role === 'technician' ? 0 : 1);
      for (const path of OTHERS[role]) {
        const res = await page.goto(panel.c.t.baseUrl + path);
        expect(res!.status(), `${role} → ${path}`).toBe(403);
        await page.getByRole('heading', { name: 'Không có quyền truy cập' }).waitFor();
      }
      await page.goto(panel.c.t.baseUrl + HOME[role].path);
      await page.getByRole('heading', { level: 1, name: HOME[role].heading }).waitFor();
      expect(outside).toEqual([]);

      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
      const again = await page.goto(panel.c.t.baseUrl + HOME[role].path);
      expect(new URL(again!.url()).pathname).toBe('/');
      await context.close();
    });
  }

  it("fits every role's page on a 360 px phone without sideways scrolling", async () => {
    const pages: [RoleName, string][] = [
      ['officer', '/officer'],
      ['officer', '/officer/calendar'],
      ['officer', '/broadcasts'],
      ['officer', '/reports'],
      ['officer', '/emergency'],
      ['chairman', '/chairman'],
      ['chairman', '/chairman/approvals'],
      ['technician', '/technician'],
      ['admin', '/users'],
    ];
    const sessions = new Map<RoleName, Awaited<ReturnType<typeof signIn>>>();
    for (const [role, path] of pages) {
      if (!sessions.has(role)) sessions.set(role, await signIn(panel.browser, panel.c.t.baseUrl, role, PHONE));
      const { page } = sessions.get(role)!;
      await page.goto(panel.c.t.baseUrl + path);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForTimeout(400); // data arrives just after the heading
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${role} ${path}`).toBeLessThanOrEqual(PHONE.width);
    }
    for (const s of sessions.values()) await s.context.close();
  });
});
