// The chairman's phone on the commune LAN, in real Chromium: over HTTPS at a
// host name that is not localhost (the certificate from `loa tls init`, its
// key pinned by SPKI as a phone that trusts the CA would accept it) the page
// is a secure context and the greeting is recorded with the (fake)
// microphone; over plain HTTP at that name the browser withholds the
// microphone, so the recorder says why and takes the phone's own recording,
// which goes through the same upload.
import crypto, { X509Certificate } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ffmpegCli } from '../audio/ffmpeg-cli.js';
import { CHROMIUM, hasChromium, PASSWORD, PHONE, signIn, USERS } from '../panel/helpers.js';
import { HOST, loaTlsInit, readPem } from './helpers.js';

let dir: string;
let secure: TestServer;
let plain: TestServer;
let browser: Browser;

async function commune(t: TestServer): Promise<void> {
  await t.server.zones.create({ id: 'xa-binh-minh', name: 'Xã Bình Minh' });
  await t.server.zones.create({ id: 'thon-dong', name: 'Thôn Đông', parentId: 'xa-binh-minh' });
  await t.server.users.create({ username: USERS.chairman, role: 'chairman', password: PASSWORD, displayName: 'Trần Văn Minh' });
}

beforeAll(async () => {
  if (!hasChromium) return;
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-tls-panel-'));
  const tls = await loaTlsInit(dir);
  secure = await startTestServer({ DATA_DIR: dir, TLS_CERT: tls.serverCert, TLS_KEY: tls.serverKey, MQTT_TLS_PORT: '0' });
  plain = await startTestServer();
  await commune(secure);
  await commune(plain);
  // Chromium accepts a certificate whose public key is in this list: what trusting the CA does on a phone.
  const spki = new X509Certificate(await readPem(tls.serverCert)).publicKey.export({ type: 'spki', format: 'der' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
      `--ignore-certificate-errors-spki-list=${crypto.createHash('sha256').update(spki).digest('base64')}`,
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await secure?.close();
  await plain?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)('the greeting recorder on the commune LAN', () => {
  it('the sign-in page offers the commune\'s CA certificate for download', async () => {
    const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'vi-VN', acceptDownloads: true });
    try {
      const page = await context.newPage();
      await page.goto(`https://${HOST}:${secure.server.httpPort}/`);
      const link = page.getByRole('link', { name: /Tải chứng chỉ CA của xã/ });
      const download = page.waitForEvent('download');
      await link.click();
      const file = await (await download).path();
      expect((await fs.readFile(file, 'utf8')).trim()).toBe((await readPem(path.join(dir, 'tls', 'ca.crt'))).trim());
    } finally {
      await context.close();
    }
  });

  it(`over HTTPS at https://${HOST}: a secure context, records with the microphone`, async () => {
    const { context, page } = await signIn(browser, `https://${HOST}:${secure.server.httpPort}`, 'chairman', PHONE);
    try {
      expect(new URL(page.url()).pathname).toBe('/chairman');
      expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
      await page.getByRole('button', { name: 'Bắt đầu ghi' }).click();
      expect(await page.getByRole('note').count()).toBe(0);
      // Two seconds of speech, by the recorder's own clock.
      await page.getByRole('status').getByText('00:02').waitFor();
      await page.getByRole('button', { name: 'Dừng ghi' }).click();
      const upload = page.waitForResponse((r) => r.url() === `https://${HOST}:${secure.server.httpPort}/api/v1/recordings`);
      await page.getByRole('button', { name: 'Dùng bản ghi này' }).click();
      const res = await upload;
      expect(res.status()).toBe(201);
      const media = await res.json();
      const row = await secure.server.database.db.selectFrom('media').selectAll().where('sha256', '=', media.sha256).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ source: 'recording', original_name: 'loi-chuc.webm', format: 'mp3' });
      expect(row.duration_ms).toBeGreaterThan(1500);
      await page.getByLabel('Bản đã xử lý để phát').waitFor();
    } finally {
      await context.close();
    }
  });

  it(`over plain HTTP at http://${HOST}: explains why, and the phone's own recording goes through the same upload`, async () => {
    const { context, page } = await signIn(browser, `http://${HOST}:${plain.server.httpPort}`, 'chairman', PHONE);
    try {
      expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
      await page.getByRole('note').waitFor();
      expect(await page.getByRole('note').textContent()).toMatch(/^Trình duyệt chỉ cho dùng micrô trên trang an toàn \(https:\/\/\)/);
      // This server has no CA of its own to offer.
      expect(await page.getByRole('link', { name: /chứng chỉ CA/ }).count()).toBe(0);
      // No dead "allow the microphone" button.
      expect(await page.getByRole('button', { name: 'Bắt đầu ghi' }).count()).toBe(0);
      const input = page.getByLabel('Ghi âm bằng điện thoại hoặc chọn tệp âm thanh');
      expect(await input.getAttribute('accept')).toBe('audio/*');
      expect(await input.evaluate((el) => el.hasAttribute('capture'))).toBe(true);

      // What a phone's recorder hands over: a few seconds of AAC in M4A.
      const file = path.join(dir, 'ghi-am-dien-thoai.m4a');
      await ffmpegCli(['-f', 'lavfi', '-i', 'sine=frequency=330:duration=3', '-c:a', 'aac', '-b:a', '64k', file]);
      await input.setInputFiles(file);
      expect(await page.getByLabel('Nghe lại').getAttribute('src')).toMatch(/^blob:/);
      const upload = page.waitForResponse((r) => r.url().endsWith('/api/v1/recordings'));
      await page.getByRole('button', { name: 'Dùng bản ghi này' }).click();
      const res = await upload;
      expect(res.status()).toBe(201);
      const media = await res.json();
      const row = await plain.server.database.db.selectFrom('media').selectAll().where('sha256', '=', media.sha256).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ source: 'recording', original_name: 'ghi-am-dien-thoai.m4a', format: 'mp3' });
      expect(row.duration_ms).toBeGreaterThan(2500);
      expect(await page.getByLabel('Bản đã xử lý để phát').getAttribute('src')).toBe(`/media/${media.sha256}.mp3`);
      // And it is used like a recording: sent now to a hamlet.
      await page.getByRole('radio', { name: 'Phát ngay' }).check();
      const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/broadcasts') && r.request().method() === 'POST');
      await page.getByRole('button', { name: 'Phát ngay' }).click();
      expect(await (await sent).json()).toMatchObject({ mediaSha256: media.sha256, zoneIds: ['thon-dong'], category: 'loi-chuc' });
      await page.getByText('Xem nơi đã phát').waitFor();
    } finally {
      await context.close();
    }
  });
});
