// The panel under its security headers, in Chromium: every page loads with
// no Content-Security-Policy violation, and the sign-in page's ?next= only
// ever leads to a page of this site.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGES } from '../../src/panel/pages.js';
import { communeAndBrowser, DESKTOP, hasChromium, PASSWORD, USERS } from './helpers.js';

const panel = communeAndBrowser({ online: ['thon-dong-1'] });
beforeAll(panel.start);
afterAll(panel.close);

/** A fresh profile that records CSP violations and page errors. */
async function freshPage(): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
  const context = await panel.browser.newContext({ viewport: DESKTOP, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const violations: string[] = [];
  await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window as any).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => violations.push(`page error: ${e.message}`));
  return { context, page, violations };
}

async function submitSignIn(page: Page, role: keyof typeof USERS): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(USERS[role]);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

describe.skipIf(!hasChromium)('security headers in the browser', () => {
  it('every page renders under the Content-Security-Policy without a violation', async () => {
    const { context, page, violations } = await freshPage();
    const shell = await page.goto(panel.c.t.baseUrl + '/');
    const csp = shell!.headers()['content-security-policy']!;
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    await submitSignIn(page, 'admin');
    await page.waitForURL((u) => u.pathname === '/users');
    for (const p of PAGES) {
      await page.goto(panel.c.t.baseUrl + p.path);
      // Rendered by the module scripts, which the policy must allow.
      await page.locator('main h1, main h2').first().waitFor({ timeout: 15_000 });
    }
    expect(violations).toEqual([]);
    await context.close();
  });

  it('the same rendering is blocked when the import map hash is wrong (the check can fail)', async () => {
    const { context, page, violations } = await freshPage();
    // The shell's own policy with the hash replaced: the import map no longer runs.
    await page.route('**/', async (route) => {
      const res = await route.fetch();
      const headers = { ...res.headers(), 'content-security-policy': res.headers()['content-security-policy']!.replace(/'sha256-[^']+'/, "'sha256-AAAA'") };
      await route.fulfill({ response: res, headers });
    });
    await page.goto(panel.c.t.baseUrl + '/');
    await expect.poll(() => violations.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(violations.join('\n')).toMatch(/script-src/);
    await context.close();
  });
});

describe.skipIf(!hasChromium)('sign-in ?next=', () => {
  const hostile = ['/\\evil.example', '//evil.example', '/%5Cevil.example', '/%5C%5Cevil.example', 'javascript:alert(1)', '/\t/evil.example', 'https://evil.example/', '/%09/evil.example'];
  for (const next of hostile) {
    it(`stays on this site for next=${JSON.stringify(next)}`, async () => {
      const { context, page } = await freshPage();
      const outside: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(panel.c.t.baseUrl)) outside.push(r.url());
      });
      // %-sequences in the list are sent as they are, the rest encoded.
      const raw = /%[0-9A-F]{2}/i.test(next) ? next : encodeURIComponent(next);
      await page.goto(`${panel.c.t.baseUrl}/?next=${raw}`);
      await submitSignIn(page, 'officer');
      await page.waitForURL((u) => u.pathname !== '/', { timeout: 15_000 });
      expect(new URL(page.url()).origin).toBe(panel.c.t.baseUrl);
      expect(new URL(page.url()).pathname).toBe('/officer');
      expect(outside).toEqual([]);
      await context.close();
    });
  }

  it('still leads to the page asked for on this site', async () => {
    const { context, page } = await freshPage();
    await page.goto(`${panel.c.t.baseUrl}/?next=${encodeURIComponent('/broadcasts?x=1#top')}`);
    await submitSignIn(page, 'officer');
    await page.waitForURL((u) => u.pathname === '/broadcasts', { timeout: 15_000 });
    expect(new URL(page.url()).search).toBe('?x=1');
    await context.close();
  });
});
