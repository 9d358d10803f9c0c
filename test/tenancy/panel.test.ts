// The panel in Chromium across the commune boundary: commune A's officer
// sees only A's hamlets; a district admin picks a commune and sees only it;
// a chairman reads his commune's audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../panel/helpers.js';
import { buildWorld, COMMUNES, PASSWORD, type World } from './world.js';

let w: World;
let browser: Browser;
const A = COMMUNES.A;
const B = COMMUNES.B;

beforeAll(async () => {
  if (!hasChromium) return;
  w = await buildWorld();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await w?.t.close();
});

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(w.t.baseUrl + '/');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((u) => u.pathname !== '/');
  expect(errors).toEqual([]);
  return page;
}

const hamletNames = (page: Page) => page.locator('.zone-tree input[name="zone"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value).sort());

describe.skipIf(!hasChromium)('the panel by scope', () => {
  it("commune A's officer sees only A's hamlets", async () => {
    const page = await signIn('officer-a');
    await page.goto(w.t.baseUrl + '/officer');
    await page.locator('.zone-tree input[name="zone"]').first().waitFor();
    expect(await hamletNames(page)).toEqual(A.hamlets.map((h) => h.id).sort());
    const text = await page.locator('main').innerText();
    expect(text).toContain(A.hamlets[0].name);
    for (const h of B.hamlets) expect(text).not.toContain(h.name);
    expect(text).not.toContain(B.name);
    // No commune to pick for a commune's own account.
    expect(await page.locator('.commune-picker').count()).toBe(0);
    await page.context().close();
  });

  it('a district admin picks a commune, and every page shows that commune only', async () => {
    const page = await signIn('admin-district');
    await page.goto(w.t.baseUrl + '/officer');
    await page.locator('.zone-tree input[name="zone"]').first().waitFor();
    expect(await hamletNames(page)).toEqual([...A.hamlets, ...B.hamlets].map((h) => h.id).sort());
    await Promise.all([page.waitForEvent('load'), page.getByLabel('Xã đang xem').selectOption(B.id)]);
    await page.locator('.zone-tree input[name="zone"]').first().waitFor();
    expect(await hamletNames(page)).toEqual(B.hamlets.map((h) => h.id).sort());
    await page.goto(w.t.baseUrl + '/technician');
    await page.getByText(B.hamlets[0].name).first().waitFor();
    expect(await page.locator('main').innerText()).not.toContain(A.hamlets[0].name);
    await page.context().close();
  });

  it("a chairman reads his commune's audit log, filtered by action", async () => {
    await w.callers['officer-b']!.token('POST', '/api/v1/broadcasts', { title: 'Tin xã B', text: 'Thông báo.', zoneIds: [B.id], startAt: new Date(Date.now() + 3600_000).toISOString() });
    await w.callers['officer-a']!.token('POST', '/api/v1/broadcasts', { title: 'Tin xã A', text: 'Thông báo.', zoneIds: [A.id], startAt: new Date(Date.now() + 3600_000).toISOString() });
    const page = await signIn('chairman-a');
    await page.getByRole('link', { name: 'Nhật ký' }).click();
    await page.getByRole('heading', { name: 'Nhật ký thao tác' }).waitFor();
    await page.getByLabel('Thao tác').selectOption('broadcast.');
    await page.locator('tr[data-audit]').first().waitFor();
    // The filtered page replaces the unfiltered one when its answer arrives.
    await expect.poll(async () => (await page.locator('tr[data-audit]').allInnerTexts()).every((r) => r.includes('broadcast.')), { timeout: 10_000 }).toBe(true);
    const rows = await page.locator('tr[data-audit]').allInnerTexts();
    expect(rows.some((r) => r.includes('token:tok-officer-a'))).toBe(true);
    expect(rows.every((r) => r.includes('broadcast.'))).toBe(true);
    expect(rows.some((r) => r.includes('officer-b'))).toBe(false);
    await page.context().close();
  });

  it('a district admin gives a new account a commune of the district as its scope, never wider', async () => {
    const page = await signIn('admin-district');
    await page.goto(w.t.baseUrl + '/users');
    await page.getByLabel('Phạm vi quản lý').locator('option', { hasText: B.name }).waitFor({ state: 'attached' });
    const scopes = await page.getByLabel('Phạm vi quản lý').locator('option').allInnerTexts();
    expect(scopes).toEqual(expect.arrayContaining([A.name, B.name]));
    expect(scopes.some((s) => s.includes('Toàn hệ thống'))).toBe(false);
    await page.locator('#nu-username').fill('canbo-moi-a');
    await page.locator('#nu-password').fill(PASSWORD);
    await page.getByLabel('Phạm vi quản lý').selectOption(A.id);
    await page.getByRole('button', { name: 'Thêm tài khoản' }).click();
    await page.getByText('Đã tạo tài khoản canbo-moi-a.').waitFor();
    const created = (await w.t.api('GET', '/api/v1/users')).body.find((u: { username: string }) => u.username === 'canbo-moi-a');
    expect(created).toMatchObject({ role: 'officer', zoneId: A.id });
    await page.context().close();
  });
});
