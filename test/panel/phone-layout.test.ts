// The panel on a 390 px phone, measured in the page: the header and menu
// leave the screen to the work (≤ 100 px), and every control a thumb taps is
// at least 44 × 44 px and does not touch the next one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiSession, hasChromium, launchChromium, signIn, startCommune, USERS, type Commune, type RoleName } from './helpers.js';

const PHONE_390 = { width: 390, height: 844 };

let c: Commune;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium) return;
  c = await startCommune({ online: ['thon-dong-1', 'thon-tay-1'] });
  browser = await launchChromium();
  // Something waiting for the chairman, so the approvals page has its buttons.
  const officer = await apiSession(c.t.baseUrl, USERS.officer);
  const res = await officer.call('POST', '/api/v1/broadcasts', { title: 'Lịch tiếp công dân', text: 'Chủ tịch UBND xã tiếp công dân vào sáng thứ Năm hằng tuần.', zoneIds: ['thon-dong'], startAt: new Date(Date.now() + 86_400_000).toISOString() });
  if (res.status !== 201 || res.body.status !== 'pending_approval') throw new Error(`officer's item: ${res.status} ${JSON.stringify(res.body)}`);
});

afterAll(async () => {
  await browser?.close();
  await c?.close();
});

interface Target {
  what: string;
  top: number;
  left: number;
  width: number;
  height: number;
}

/** Every visible control a person taps: buttons, links styled as buttons, menu links, fields, check boxes with their labels. */
async function tapTargets(page: Page): Promise<Target[]> {
  return page.evaluate(() => {
    const els = document.querySelectorAll<HTMLElement>('button, a.button, nav a, select, input:not([type=checkbox]):not([type=radio]):not([type=hidden]), label.check, summary');
    const out: Target[] = [];
    for (const el of els) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden') continue;
      // Inside a horizontally scrolled strip only what is on screen counts.
      if (r.right <= 0 || r.left >= innerWidth) continue;
      out.push({ what: `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`, top: r.top + scrollY, left: r.left, width: r.width, height: r.height });
    }
    return out;
  });
}

const overlap = (a: Target, b: Target) => a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;

const PAGES: [RoleName, string][] = [
  ['chairman', '/chairman'],
  ['chairman', '/chairman/approvals'],
  ['technician', '/technician'],
  ['officer', '/officer'],
];

describe.skipIf(!hasChromium)('the panel on a 390 px phone', () => {
  for (const [role, path] of PAGES) {
    it(`${role} ${path}: header and menu ≤ 100 px, tap targets ≥ 44 px that do not touch`, async () => {
      const { context, page } = await signIn(browser, c.t.baseUrl, role, PHONE_390);
      try {
        await page.goto(c.t.baseUrl + path);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        const chrome = await page.evaluate(() => (document.querySelector('nav.main-nav') ?? document.querySelector('header.top'))!.getBoundingClientRect().bottom);
        expect(chrome).toBeLessThanOrEqual(100);
        const targets = await tapTargets(page);
        expect(targets.length).toBeGreaterThan(3);
        const small = targets.filter((x) => x.height < 44 || x.width < 44).map((x) => `${x.what} ${Math.round(x.width)}×${Math.round(x.height)}`);
        expect(small).toEqual([]);
        const touching: string[] = [];
        for (let i = 0; i < targets.length; i++) {
          for (let j = i + 1; j < targets.length; j++) {
            const a = targets[i]!;
            const b = targets[j]!;
            // A field inside its own label is one target.
            if (overlap(a, b) && !(a.what.startsWith('label') || b.what.startsWith('label'))) touching.push(`${a.what} / ${b.what}`);
          }
        }
        expect(touching).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('the menu button opens the pages, the account and the language; a page is one more tap', async () => {
    const { context, page } = await signIn(browser, c.t.baseUrl, 'chairman', PHONE_390);
    try {
      const approvals = page.getByRole('navigation', { name: 'Các trang' }).getByRole('link', { name: 'Duyệt' });
      expect(await approvals.isVisible()).toBe(false);
      expect(await page.getByRole('link', { name: '⚠ Phát khẩn cấp' }).isVisible()).toBe(true);
      const toggle = page.getByRole('button', { name: /Menu/ });
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
      // The tab says how many items wait (the officer's one).
      await approvals.locator('.count', { hasText: '1' }).waitFor();
      expect(await approvals.locator('.count').getAttribute('aria-label')).toBe('1 mục chờ duyệt');
      await approvals.click();
      await page.waitForURL((u) => u.pathname === '/chairman/approvals');
      await page.getByRole('heading', { level: 1 }).first().waitFor();
    } finally {
      await context.close();
    }
  });
});
