// A long announcement from the compose page: the server answers 202 with a
// render job, the panel shows its progress and then the broadcast, as for a
// short one.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longVietnameseText } from '../helpers/long-text.js';
import { hasChromium, launchChromium, signIn, startCommune, type Commune } from './helpers.js';

let c: Commune;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!hasChromium) return;
  c = await startCommune({ online: [] });
  browser = await launchChromium();
  ({ page } = await signIn(browser, c.t.baseUrl, 'officer'));
});
afterAll(async () => {
  await browser?.close();
  await c?.close();
});

describe.skipIf(!hasChromium)('a long announcement', () => {
  it('is rendered as a job the page follows, then the broadcast is made', async () => {
    const text = longVietnameseText(3_500).trim();
    await page.getByLabel('Tiêu đề').fill('Kế hoạch chính quyền thân thiện');
    await page.getByLabel('Nội dung').fill(text);
    await page.getByRole('checkbox', { name: /Thôn Đông/ }).check();
    await page.getByRole('radio', { name: 'Phát ngay' }).check();
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/broadcasts') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    expect((await answer).status()).toBe(202);
    await page.getByRole('progressbar', { name: 'Đang tạo giọng đọc' }).waitFor({ timeout: 15_000 });
    await page.getByRole('status').getByText('Đã tạo bản tin.').waitFor({ timeout: 240_000 });
    const list = (await c.t.api('GET', '/api/v1/broadcasts')).body as any[];
    const b = list.find((x) => x.title === 'Kế hoạch chính quyền thân thiện');
    expect(b).toMatchObject({ status: 'pending_approval', zoneIds: ['thon-dong'], mediaSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await page.getByRole('progressbar').count()).toBe(0);
  }, 300_000);
});
