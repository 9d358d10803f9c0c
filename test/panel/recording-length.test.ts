// A recording's player says how long it is (mm:ss): the chairman's take
// once recorded and once processed by the server, and an officer's upload.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communeAndBrowser, hasChromium, signIn } from './helpers.js';

const panel = communeAndBrowser({ online: [] });
beforeAll(panel.start);
afterAll(panel.close);

const mmss = (ms: number) => {
  const s = Math.round(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

describe.skipIf(!hasChromium)('the length of a recording', () => {
  it("is shown beside the chairman's take, then beside the processed version", async () => {
    const { context, page } = await signIn(panel.browser, panel.c.t.baseUrl, 'chairman');
    await page.getByRole('button', { name: 'Bắt đầu ghi' }).click();
    await page.getByRole('status').getByText('Đang ghi').waitFor();
    await page.waitForTimeout(2300);
    await page.getByRole('button', { name: 'Dừng ghi' }).click();
    await page.getByLabel('Nghe lại').waitFor();
    const take = page.locator('.clip .audio-label .duration');
    expect(await take.innerText()).toMatch(/^Độ dài 00:0[2-9]$/);

    const upload = page.waitForResponse((r) => r.url().endsWith('/api/v1/recordings'));
    await page.getByRole('button', { name: 'Dùng bản ghi này' }).click();
    const media = await (await upload).json();
    expect(media.durationMs).toBeGreaterThan(1500);
    const processed = page.locator('.recorder > .audio-label .duration');
    await processed.waitFor();
    expect(await processed.innerText()).toBe(`Độ dài ${mmss(media.durationMs)}`);
    await context.close();
  });

  it('is shown beside an uploaded file on the compose page', async () => {
    const { context, page } = await signIn(panel.browser, panel.c.t.baseUrl, 'officer');
    await page.getByRole('radio', { name: 'Tệp âm thanh' }).check();
    const upload = page.waitForResponse((r) => r.url().endsWith('/api/v1/media'));
    await page.getByLabel('Chọn tệp âm thanh').setInputFiles(path.resolve('audio/intro.mp3'));
    const media = await (await upload).json();
    const length = page.locator('.upload .duration');
    await length.waitFor();
    expect(await length.innerText()).toBe(`Độ dài ${mmss(media.durationMs)}`);
    expect(await length.innerText()).toMatch(/^Độ dài \d{2}:\d{2}$/);
    await context.close();
  });
});
