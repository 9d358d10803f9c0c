// A multipart upload the form parser cannot read (no boundary, a malformed
// part header, a body that ends mid-part) is the sender's mistake: it was a
// 500 "internal error" on both upload routes, logged as a server failure.
// It is a 400 `bad_upload` in Vietnamese first, nothing is kept, and the
// server goes on taking real uploads.
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

function post(p: string, contentType: string, body: string | Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: t.server.httpPort, method: 'POST', path: p, agent: false, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': contentType, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Every file under the data directory whose name says it is an upload in progress. */
async function uploadsLeft(): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(path.join(dir, e.name));
      else if (e.name.startsWith('upload-')) found.push(e.name);
    }
  };
  await walk(t.dataDir);
  return found;
}

const malformed: [string, string, string][] = [
  ['no boundary', 'multipart/form-data', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.mp3"\r\n\r\nabc\r\n--x--\r\n'],
  ['the body ends mid-part', 'multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.mp3"\r\nContent-Type: audio/mpeg\r\n\r\n' + 'a'.repeat(5000)],
  ['a malformed part header', 'multipart/form-data; boundary=xyz', '--xyz\r\nGarbage without a colon\r\n\r\nabc\r\n--xyz--\r\n'],
];

for (const route of ['/api/v1/media', '/api/v1/recordings']) {
  for (const [what, contentType, body] of malformed) {
    it(`POST ${route} with ${what}: 400 bad_upload, Vietnamese first, no file kept`, async () => {
      const r = await post(route, contentType, body);
      expect(r.status, r.body).toBe(400);
      const json = JSON.parse(r.body);
      expect(json.code).toBe('bad_upload');
      expect(json.error).toMatch(/^Dữ liệu gửi lên không phải biểu mẫu multipart hợp lệ/);
      expect(await uploadsLeft()).toEqual([]);
    });
  }
}

it('in English when the caller prefers it', async () => {
  const res = await fetch(`${t.baseUrl}/api/v1/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'multipart/form-data; boundary=xyz', 'accept-language': 'en' },
    body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.mp3"\r\n\r\nabc',
  });
  expect(res.status).toBe(400);
  expect((await res.json()).error).toMatch(/^Malformed multipart upload/);
});

it('a well-formed upload is still taken afterwards', async () => {
  // 1 s of a 440 Hz tone as 16-bit mono WAV.
  const rate = 16000;
  const samples = Buffer.alloc(rate * 2);
  for (let i = 0; i < rate; i++) samples.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 12000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples.length, 40);
  const form = new FormData();
  form.append('file', new Blob([Buffer.concat([header, samples])], { type: 'audio/wav' }), 'tone.wav');
  const res = await fetch(`${t.baseUrl}/api/v1/media`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, body: form });
  expect(res.status, await res.clone().text()).toBe(201);
  expect((await res.json()).sha256).toMatch(/^[0-9a-f]{64}$/);
});
