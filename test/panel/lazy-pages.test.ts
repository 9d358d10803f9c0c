// Each page's module is loaded when the page is first opened: a fresh load
// of the officer's page fetches compose.js and never the technician's page
// (nor any other page's), and Chromium gets the scripts compressed.
import type { Request, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communeAndBrowser, hasChromium, signIn } from './helpers.js';

const panel = communeAndBrowser({ online: [] });
beforeAll(panel.start);
afterAll(panel.close);

const pageModules = (urls: string[]) => urls.map((u) => new URL(u).pathname).filter((p) => p.startsWith('/js/pages/'));

describe.skipIf(!hasChromium)('page modules', () => {
  it("are fetched for the page opened only: the officer's page never fetches the technician's", async () => {
    const { context, page } = await signIn(panel.browser, panel.c.t.baseUrl, 'officer');
    // A fresh load, nothing from the cache: every module the page needs is asked for.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const requested: string[] = [];
    const scripts: Response[] = [];
    page.on('request', (r: Request) => requested.push(r.url()));
    page.on('response', (r: Response) => new URL(r.url()).pathname.endsWith('.js') && scripts.push(r));
    await page.goto(panel.c.t.baseUrl + '/officer');
    await page.getByRole('heading', { name: 'Soạn bản tin' }).waitFor();
    await page.waitForLoadState('networkidle');

    const loaded = pageModules(requested);
    expect(loaded).toContain('/js/pages/compose.js');
    expect(loaded).not.toContain('/js/pages/technician.js');
    // Only the compose page (and the sign-in form main.js holds for signed-out visitors).
    expect([...new Set(loaded)].sort()).toEqual(['/js/pages/compose.js', '/js/pages/login.js']);
    // Each one once.
    expect(loaded.filter((p) => p === '/js/pages/compose.js')).toHaveLength(1);

    // Chromium takes brotli: the scripts come compressed.
    const main = scripts.find((r) => new URL(r.url()).pathname === '/js/main.js')!;
    expect((await main.allHeaders())['content-encoding']).toBe('br');
    const compose = scripts.find((r) => new URL(r.url()).pathname === '/js/pages/compose.js')!;
    expect((await compose.allHeaders())['content-encoding']).toBe('br');

    // Opening the calendar fetches its module then.
    requested.length = 0;
    await page.getByRole('link', { name: 'Lịch phát', exact: true }).click();
    await page.getByRole('heading', { name: 'Lịch phát', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(pageModules(requested)).toContain('/js/pages/calendar.js');
    expect(pageModules(requested)).not.toContain('/js/pages/technician.js');
    await context.close();
  });

  it("loads the technician's page for the technician; a coverage page by its path", async () => {
    const tech = await signIn(panel.browser, panel.c.t.baseUrl, 'technician');
    const requested: string[] = [];
    tech.page.on('request', (r: Request) => requested.push(r.url()));
    await tech.page.goto(panel.c.t.baseUrl + '/technician');
    await tech.page.getByRole('heading', { name: 'Cụm loa theo thôn' }).waitFor();
    expect(pageModules(requested)).toContain('/js/pages/technician.js');
    expect(pageModules(requested)).not.toContain('/js/pages/compose.js');
    await tech.context.close();

    const { context, page } = await signIn(panel.browser, panel.c.t.baseUrl, 'chairman');
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(panel.c.t.baseUrl + '/broadcasts/khong-co');
    await page.getByRole('alert').waitFor();
    // The page module loaded and asked the server, which answered in Vietnamese only.
    expect(await page.getByRole('alert').innerText()).toBe('Không có bản tin khong-co');
    expect(errors).toEqual([]);
    await context.close();
  });
});
