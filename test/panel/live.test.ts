// "Phát trực tiếp" in Chromium with a fake microphone fed from a 1 kHz tone:
// the officer ticks one hamlet and starts; the hamlet's receivers ack
// playing and receive audio whose frequency is the source's; they are done
// after stop; other hamlets get nothing. The WebSocket the page streams
// over refuses callers without the session, the CSRF token or our origin.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/server.js';
import { ffmpegCli } from '../audio/ffmpeg-cli.js';
import { dominantHz } from '../live/helpers.js';
import { apiSession, CHROMIUM, hasChromium, PHONE, RECEIVERS, signIn, startCommune, USERS, type Commune } from './helpers.js';

let c: Commune;
let browser: Browser;
let tmp: string;
const heard = new Map<string, Buffer[]>();

beforeAll(async () => {
  if (!hasChromium) return;
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-live-panel-'));
  const wav = path.join(tmp, 'tone.wav');
  await ffmpegCli(['-f', 'lavfi', '-i', 'sine=frequency=1000:duration=30', '-ac', '1', '-ar', '48000', '-c:a', 'pcm_s16le', wav]);
  c = await startCommune();
  for (const [id, agent] of c.agents) agent.on('liveAudio', (_cmd, chunk) => heard.set(id, [...(heard.get(id) ?? []), chunk]));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`, '--autoplay-policy=no-user-gesture-required'],
  });
});
afterAll(async () => {
  await browser?.close();
  await c?.close();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)('live broadcast from the panel', () => {
  it('the officer speaks to one hamlet: its receivers play the microphone\'s tone, then are done; the others get nothing', async () => {
    const { page } = await signIn(browser, c.t.baseUrl, 'officer');
    await page.getByRole('link', { name: 'Phát trực tiếp' }).click();
    await page.getByRole('heading', { level: 1, name: 'Phát trực tiếp' }).waitFor();
    await page.getByRole('button', { name: 'Bật micro' }).click();
    // The meter moves with the fake microphone's tone.
    await waitFor(async () => Number(await page.locator('#live-level').getAttribute('value')) > 0.3, 10_000, 'the level meter showing the microphone');
    await page.getByLabel('Tiêu đề').fill('Họp dân khẩn về phòng chống bão');
    await page.getByLabel('Thôn Đông').check();
    await page.getByRole('button', { name: '● Bắt đầu phát' }).click();
    await page.getByText('ĐANG PHÁT TRỰC TIẾP').waitFor({ timeout: 15_000 });

    const hamlet = ['thon-dong-1', 'thon-dong-2'];
    const others = RECEIVERS.map((r) => r.id).filter((id) => !hamlet.includes(id));
    const live = await waitFor(async () => {
      const [b] = (await c.t.api('GET', '/api/v1/broadcasts')).body as any[];
      return b?.category === 'truc-tiep' ? b : null;
    }, 10_000, 'the live broadcast');
    expect(live).toMatchObject({ title: 'Họp dân khẩn về phòng chống bão', priority: 'normal', createdBy: `user:${USERS.officer}`, zoneIds: ['thon-dong'] });
    await waitFor(() => hamlet.every((id) => c.acks.some((a) => a.receiverId === id && a.broadcastId === live.id && a.state === 'playing')), 20_000, 'both receivers of Thôn Đông playing');
    await waitFor(async () => (await page.getByText('Đang phát', { exact: true }).count()) === 2, 10_000, 'the page showing both receivers playing');
    const bytes = (id: string) => (heard.get(id) ?? []).reduce((n, b) => n + b.length, 0);
    await waitFor(() => hamlet.every((id) => bytes(id) > 24_000), 30_000, 'three seconds of audio on each');

    await page.getByRole('button', { name: '■ Dừng phát' }).click();
    await waitFor(() => hamlet.every((id) => c.acks.some((a) => a.receiverId === id && a.broadcastId === live.id && a.state === 'done')), 20_000, 'both done');
    await page.getByText('Buổi phát trực tiếp đã kết thúc').waitFor({ timeout: 20_000 });
    for (const id of hamlet) {
      const { hz, seconds } = await dominantHz(Buffer.concat(heard.get(id)!));
      expect(seconds).toBeGreaterThan(2);
      expect(Math.abs(hz - 1000)).toBeLessThan(30);
    }
    for (const id of others) {
      expect(c.acks.filter((a) => a.receiverId === id && a.broadcastId === live.id)).toEqual([]);
      expect(heard.get(id)).toBeUndefined();
    }
    const audit = (await c.t.api('GET', '/api/v1/audit')).body as any[];
    expect(audit.find((e) => e.action === 'live.start')).toMatchObject({ actor: `user:${USERS.officer}` });
  });

  it('works on a phone: the start button and the hamlets fit the screen', async () => {
    const { page } = await signIn(browser, c.t.baseUrl, 'chairman', PHONE);
    await page.goto(c.t.baseUrl + '/live');
    await page.getByRole('button', { name: 'Bật micro' }).click();
    const start = page.getByRole('button', { name: '● Bắt đầu phát' });
    await start.waitFor();
    const box = (await start.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });

  it('the audio socket refuses a caller without the session, the CSRF token or our origin', async () => {
    const officer = await apiSession(c.t.baseUrl, USERS.officer);
    const res = await officer.call('POST', '/api/v1/live', { title: 'Kiểm tra', zoneIds: ['xom-bac'], priority: 'normal' });
    expect(res.status).toBe(201);
    const url = `${c.t.baseUrl.replace('http', 'ws')}/api/v1/live/${res.body.id}/ws`;
    const attempt = (u: string, headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(u, { headers });
        ws.on('unexpected-response', (_req, r) => resolve(r.statusCode!));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('error', () => resolve(0));
      });
    const origin = c.t.baseUrl;
    expect(await attempt(`${url}?csrf=${officer.csrfToken}`, { origin })).toBe(401);
    expect(await attempt(`${url}?csrf=wrong`, { cookie: officer.cookie, origin })).toBe(403);
    expect(await attempt(`${url}?csrf=${officer.csrfToken}`, { cookie: officer.cookie, origin: 'http://evil.example' })).toBe(403);
    const technician = await apiSession(c.t.baseUrl, USERS.technician);
    expect(await attempt(`${url}?csrf=${technician.csrfToken}`, { cookie: technician.cookie, origin })).toBe(403);
    expect(await attempt(`${url}?csrf=${officer.csrfToken}`, { cookie: officer.cookie, origin })).toBe(101);
    expect((await officer.call('POST', `/api/v1/live/${res.body.id}/stop`)).status).toBe(200);
  });
});
