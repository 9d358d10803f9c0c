// The settings screen in Chromium: a whole-system admin chooses the commune,
// sees which values it inherits, changes the chairman's name and the
// approval waiver (only those are sent), and the API holds them for that
// commune alone, the waiver taking effect at once; an officer reads the
// settings but has nothing to save, and the server refuses his PATCH.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, DESKTOP, hasChromium, launchChromium, PASSWORD, signIn, startCommune, USERS, type Commune } from './helpers.js';

let c: Commune;
let browser: Browser;
let page: Page;

const settingsOf = async (zoneId?: string) => (await c.t.api('GET', '/api/v1/settings' + (zoneId ? `?zoneId=${zoneId}` : ''))).body;
const label = (name: string) => page.locator('form.settings label', { hasText: name });

beforeAll(async () => {
  if (!hasChromium) return;
  c = await startCommune({ online: [] });
  browser = await launchChromium();
  ({ page } = await signIn(browser, c.t.baseUrl, 'admin'));
});
afterAll(async () => {
  await browser?.close();
  await c?.close();
});

describe.skipIf(!hasChromium)('the settings screen', () => {
  it("the admin changes the commune's chairman and approval waiver; only those are sent, and they hold for that commune alone", async () => {
    await page.getByRole('link', { name: 'Cài đặt', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Cài đặt của xã' }).waitFor();
    // A whole-system account starts on the server-wide values, then picks the commune.
    expect(await page.getByLabel('Cài đặt cho').inputValue()).toBe('');
    expect(await page.getByLabel('Cài đặt cho').locator('option').allInnerTexts()).toEqual(['Toàn hệ thống (mặc định cho mọi xã)', 'Xã Bình Minh (xã)']);
    await page.getByLabel('Cài đặt cho').selectOption('xa-binh-minh');
    // The commune sets nothing of its own yet: everything is inherited.
    await label('Họ tên chủ tịch').getByText('Kế thừa từ Toàn hệ thống').waitFor();
    await label('Tin thông thường của cán bộ không cần chủ tịch duyệt').getByText('Kế thừa từ Toàn hệ thống').waitFor();
    expect(await page.getByLabel('Tên xã').inputValue()).toBe('Xã Bình Minh');

    await page.getByLabel('Họ tên chủ tịch').fill('Phạm Văn Dũng');
    await page.getByRole('checkbox', { name: /Tin thông thường của cán bộ không cần chủ tịch duyệt/ }).check();
    const patch = page.waitForRequest((r) => r.method() === 'PATCH' && new URL(r.url()).pathname === '/api/v1/settings');
    await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
    const sent = await patch;
    expect(new URL(sent.url()).searchParams.get('zoneId')).toBe('xa-binh-minh');
    expect(sent.postDataJSON()).toEqual({ chairmanName: 'Phạm Văn Dũng', waiveApprovalForNormal: true });
    await page.getByRole('status').getByText('Đã lưu 2 mục cài đặt.').waitFor();

    expect(await settingsOf('xa-binh-minh')).toMatchObject({ chairmanName: 'Phạm Văn Dũng', waiveApprovalForNormal: true, communeName: 'Xã Bình Minh', conflictMode: 'warn', zoneId: 'xa-binh-minh' });
    // The server says what the commune now sets itself; the page marks only the rest as inherited.
    expect((await settingsOf('xa-binh-minh')).ownKeys.sort()).toEqual(['chairmanName', 'waiveApprovalForNormal']);
    await label('Tên xã').getByText('Kế thừa từ Toàn hệ thống').waitFor();
    expect(await label('Họ tên chủ tịch').getByText('Kế thừa').count()).toBe(0);
    // The server-wide values are untouched.
    expect(await settingsOf()).toMatchObject({ chairmanName: '', waiveApprovalForNormal: false });
    // Now the commune's own, no longer inherited; the rest still is.
    await page.getByRole('status').getByText('Đã lưu 2 mục cài đặt.').waitFor();
    await expect.poll(() => label('Họ tên chủ tịch').getByText('Kế thừa').count()).toBe(0);
    expect(await label('Tin thông thường của cán bộ không cần chủ tịch duyệt').getByText('Kế thừa').count()).toBe(0);
    expect(await label('Tên xã').getByText('Kế thừa từ Toàn hệ thống').count()).toBe(1);

    // Saving again with nothing changed sends nothing.
    let patches = 0;
    page.on('request', (r) => void (r.method() === 'PATCH' && patches++));
    await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
    await page.getByRole('status').getByText('Chưa có gì thay đổi.').waitFor();
    expect(patches).toBe(0);
  });

  it("the waiver takes effect: the officer's normal item in the commune airs without the chairman, and the greeting names the new chairman", async () => {
    const officer = await apiSession(c.t.baseUrl, USERS.officer);
    const res = await officer.call('POST', '/api/v1/schedules', { title: 'Thông báo thu gom rác', text: 'Sáng thứ bảy thu gom rác thải.', zoneIds: ['thon-tay'], kind: 'rule', rule: { freq: 'weekly', weekdays: [6], times: ['07:00'] } });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('approved');
    const greeting = await c.t.api('GET', '/api/v1/templates/chuc-mung-quoc-khanh/preview?zoneId=xa-binh-minh');
    expect(greeting.status).toBe(200);
    expect(greeting.body.text).toContain('Phạm Văn Dũng');
  });

  it('edits the alert e-mails and webhook of a commune, sending them only when changed', async () => {
    expect((await c.t.api('PATCH', '/api/v1/settings?zoneId=xa-binh-minh', { alertEmails: ['kythuat@binhminh.vn'] })).status).toBe(200);
    await page.reload();
    await page.getByLabel('Cài đặt cho').selectOption('xa-binh-minh');
    const emails = page.getByLabel('Gửi cảnh báo tới các địa chỉ e-mail');
    await emails.waitFor();
    // The commune's own values arrive after the page shows the form.
    await expect.poll(() => emails.inputValue()).toBe('kythuat@binhminh.vn');
    expect(await page.getByLabel('Gửi cảnh báo tới địa chỉ webhook').inputValue()).toBe('');

    await page.getByLabel('Chức danh chủ tịch').fill('Chủ tịch UBND xã');
    let patch = page.waitForRequest((r) => r.method() === 'PATCH');
    await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
    expect((await patch).postDataJSON()).toEqual({ chairmanTitle: 'Chủ tịch UBND xã' });
    await page.getByRole('status').getByText('Đã lưu 1 mục cài đặt.').waitFor();
    expect((await settingsOf('xa-binh-minh')).chairmanTitle).toBe('Chủ tịch UBND xã');

    await emails.fill('kythuat@binhminh.vn\nchutich@binhminh.vn');
    await page.getByLabel('Gửi cảnh báo tới địa chỉ webhook').fill('https://canhbao.binhminh.vn/loa');
    patch = page.waitForRequest((r) => r.method() === 'PATCH');
    await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
    expect((await patch).postDataJSON()).toEqual({ alertEmails: ['kythuat@binhminh.vn', 'chutich@binhminh.vn'], alertWebhookUrl: 'https://canhbao.binhminh.vn/loa' });
    await page.getByRole('status').getByText('Đã lưu 2 mục cài đặt.').waitFor();
    expect(await settingsOf('xa-binh-minh')).toMatchObject({ alertEmails: ['kythuat@binhminh.vn', 'chutich@binhminh.vn'], alertWebhookUrl: 'https://canhbao.binhminh.vn/loa' });
    // A wrong address is caught before anything is sent.
    await emails.fill('khong-phai-email');
    await page.getByRole('button', { name: 'Lưu cài đặt' }).click();
    await page.getByRole('alert').getByText('Có địa chỉ e-mail không hợp lệ.').waitFor();
  });

  it('lists what the commune sets itself and makes one follow the whole system again', async () => {
    await page.reload();
    await page.getByLabel('Cài đặt cho').selectOption('xa-binh-minh');
    const own = page.locator('fieldset.own-values');
    await own.locator('legend', { hasText: 'Khu vực này đang đặt riêng' }).waitFor();
    await expect.poll(() => own.locator('li > span').allInnerTexts()).toContain('Chức danh chủ tịch');
    const patch = page.waitForRequest((r) => r.method() === 'PATCH');
    await own.locator('li', { hasText: 'Chức danh chủ tịch' }).getByRole('button', { name: 'Theo Toàn hệ thống' }).click();
    expect((await patch).postDataJSON()).toEqual({ inherit: ['chairmanTitle'] });
    await page.getByRole('status').getByText('«Chức danh chủ tịch» nay lấy theo Toàn hệ thống.').waitFor();
    // Back to the server-wide title, marked inherited, and gone from the list.
    await label('Chức danh chủ tịch').getByText('Kế thừa từ Toàn hệ thống').waitFor();
    expect(await page.getByLabel('Chức danh chủ tịch').inputValue()).toBe('Chủ tịch Ủy ban nhân dân xã');
    expect(await own.locator('li > span').allInnerTexts()).not.toContain('Chức danh chủ tịch');
    const after = await settingsOf('xa-binh-minh');
    expect(after.ownKeys).not.toContain('chairmanTitle');
    expect(after).toMatchObject({ chairmanTitle: 'Chủ tịch Ủy ban nhân dân xã', chairmanName: 'Phạm Văn Dũng' });
  });

  it("a commune's own admin edits its commune's settings, with no zone to choose, and may not reach another zone", async () => {
    await c.t.api('POST', '/api/v1/zones', { id: 'xa-yen-phong', name: 'Xã Yên Phong', kind: 'commune' });
    await c.t.server.users.create({ username: 'quantri.bm', role: 'admin', password: PASSWORD, displayName: 'Quản trị xã Bình Minh', zoneId: 'xa-binh-minh' });
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    try {
      const own = await context.newPage();
      await own.goto(c.t.baseUrl + '/');
      await own.getByLabel('Tên đăng nhập').fill('quantri.bm');
      await own.getByLabel('Mật khẩu').fill(PASSWORD);
      await own.getByRole('button', { name: 'Đăng nhập' }).click();
      await own.waitForURL((u) => u.pathname !== '/');
      await own.getByRole('link', { name: 'Cài đặt', exact: true }).click();
      await own.getByRole('heading', { level: 1, name: 'Cài đặt của xã' }).waitFor();
      expect(await own.getByLabel('Họ tên chủ tịch').inputValue()).toBe('Phạm Văn Dũng');
      expect(await own.getByLabel('Cài đặt cho').count()).toBe(0);
      await own.getByRole('radio', { name: 'Không cho lưu' }).check();
      const patch = own.waitForRequest((r) => r.method() === 'PATCH');
      await own.getByRole('button', { name: 'Lưu cài đặt' }).click();
      expect(new URL((await patch).url()).searchParams.get('zoneId')).toBe('xa-binh-minh');
      await own.getByRole('status').getByText('Đã lưu 1 mục cài đặt.').waitFor();
    } finally {
      await context.close();
    }
    expect((await settingsOf('xa-binh-minh')).conflictMode).toBe('block');
    expect((await settingsOf()).conflictMode).toBe('warn');
    const admin = await apiSession(c.t.baseUrl, 'quantri.bm');
    expect((await admin.call('PATCH', '/api/v1/settings?zoneId=xa-yen-phong', { conflictMode: 'block' })).status).toBe(403);
    expect((await settingsOf('xa-yen-phong')).conflictMode).toBe('warn');
  });

  it('an officer reads the settings but cannot change them: no menu entry, nothing to save, and a 403 from the server', async () => {
    const { context, page: officerPage } = await signIn(browser, c.t.baseUrl, 'officer');
    try {
      await officerPage.getByRole('link', { name: 'Soạn tin' }).waitFor();
      expect(await officerPage.getByRole('link', { name: 'Cài đặt', exact: true }).count()).toBe(0);
      await officerPage.goto(c.t.baseUrl + '/settings');
      await officerPage.getByRole('heading', { level: 1, name: 'Cài đặt của xã' }).waitFor();
      await officerPage.getByText('Chỉ quản trị mới thay đổi được các cài đặt này.').waitFor();
      await officerPage.getByLabel('Họ tên chủ tịch').waitFor();
      expect(await officerPage.getByLabel('Họ tên chủ tịch').isDisabled()).toBe(true);
      expect(await officerPage.getByRole('button', { name: 'Lưu cài đặt' }).count()).toBe(0);
    } finally {
      await context.close();
    }
    const officer = await apiSession(c.t.baseUrl, USERS.officer);
    const res = await officer.call('PATCH', '/api/v1/settings?zoneId=xa-binh-minh', { chairmanName: 'Kẻ mạo danh' });
    expect(res.status).toBe(403);
    expect((await settingsOf('xa-binh-minh')).chairmanName).toBe('Phạm Văn Dũng');
  });
});
