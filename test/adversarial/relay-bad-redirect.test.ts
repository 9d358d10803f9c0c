// A relay's source answering a redirect whose Location is no URL
// (`Location: http://[::1`) ended the whole server: the relay's fetch built
// the next URL inside the HTTP response callback, where `Invalid URL` is an
// uncaught exception. Any source an officer may relay (a public stream, the
// province's encoder) could take the commune's server down. The relay now
// fails with the reason, and the server goes on.
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
let source: http.Server;
let sourcePort: number;
const uncaught: unknown[] = [];
const onUncaught = (err: unknown) => uncaught.push(err);

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  // The commune's encoder (on the allow-list), answering every request with a broken redirect.
  source = http.createServer((req, res) => {
    const location = req.url === '/spaces.mp3' ? 'http://a b/x.mp3' : 'http://[::1';
    res.writeHead(302, { location }).end();
  });
  await new Promise<void>((r) => source.listen(0, '127.0.0.2', () => r()));
  sourcePort = (source.address() as { port: number }).port;
  t = await startTestServer({ LIVE_SOURCE_ALLOW: '127.0.0.2' });
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã' });
});
afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  await t?.close();
  await new Promise((r) => source?.close(r));
});

it('a relay whose source redirects to something that is not a URL fails with the reason; nothing is thrown, the server answers on', async () => {
  for (const file of ['bracket.mp3', 'spaces.mp3']) {
    const res = await t.api('POST', '/api/v1/live', { title: 'Tiếp sóng', zoneIds: ['xa'], sourceUrl: `http://127.0.0.2:${sourcePort}/${file}` });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const failed = await waitFor(async () => {
      const v = (await t.api('GET', `/api/v1/live/${res.body.id}`)).body;
      return v.state === 'failed' ? v : null;
    }, 15_000, `the relay of ${file} failed`);
    expect(failed.error).toMatch(/chuyển hướng tới địa chỉ không hợp lệ/);
  }
  expect(uncaught.map(String)).toEqual([]);
  expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
});
