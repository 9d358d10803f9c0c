// A relay's sourceUrl is fetched by the server: any http(s) URL was taken,
// so an officer's account (or a stolen one) could make the server read its
// own loopback services, the commune's LAN or a cloud's metadata service
// (169.254.169.254) and even air what came back. Loopback, private,
// link-local, unique-local and unspecified addresses are now refused unless
// LIVE_SOURCE_ALLOW names them, names are resolved before the check, and a
// redirect from an allowed source to a forbidden one is refused too.
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
/** A service on the server's own machine that a relay must never reach. */
let internal: http.Server;
let internalPort: number;
let internalHits = 0;
/** The commune's own encoder (127.0.0.2, on the allow-list), answering with a redirect to the internal service. */
let redirector: http.Server;

const listen = async (s: http.Server, host = '127.0.0.1') => {
  await new Promise<void>((r) => s.listen(0, host, () => r()));
  return (s.address() as { port: number }).port;
};

beforeAll(async () => {
  internal = http.createServer((_req, res) => {
    internalHits++;
    res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(Buffer.alloc(4096));
  });
  internalPort = await listen(internal);
  redirector = http.createServer((_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${internalPort}/secret.mp3` }).end());
  t = await startTestServer({ LIVE_SOURCE_ALLOW: '127.0.0.2', RENDER_AHEAD_MIN: '1', LEAD_TIME_MS: '500' });
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã' });
});
afterAll(async () => {
  await t?.close();
  await new Promise((r) => internal?.close(r));
  await new Promise((r) => redirector?.close(r));
});

it('refuses a source on a loopback, private, link-local, unique-local or unspecified address, by address or by name', async () => {
  const port = internalPort;
  const before = (await t.api('GET', '/api/v1/broadcasts')).body.length;
  for (const sourceUrl of [
    `http://127.0.0.1:${port}/secret.mp3`,
    `http://127.1:${port}/secret.mp3`,
    `http://[::ffff:127.0.0.1]:${port}/secret.mp3`,
    `http://[::1]:${port}/secret.mp3`,
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.5/encoder.mp3',
    'http://172.20.1.1/encoder.mp3',
    'http://192.168.1.10/encoder.mp3',
    'http://0.0.0.0/encoder.mp3',
    'http://[fd12:3456::1]/encoder.mp3',
    'http://[fe80::1]/encoder.mp3',
    // A name is resolved first: localhost is 127.0.0.1 (or ::1).
    `http://localhost:${port}/secret.mp3`,
  ]) {
    const res = await t.api('POST', '/api/v1/live', { title: 'Tiếp sóng', zoneIds: ['xa'], sourceUrl });
    expect(res.status, sourceUrl).toBe(400);
    expect(res.body.code, sourceUrl).toBe('source_not_allowed');
    expect(res.body.error, sourceUrl).toMatch(/^Không tiếp sóng được từ địa chỉ nội bộ/);
  }
  const other = await t.api('POST', '/api/v1/live', { title: 'Tiếp sóng', zoneIds: ['xa'], sourceUrl: 'gopher://example.com/' });
  expect(other.status).toBe(400);
  // A relay schedule is refused when it is saved, not when it airs.
  const schedule = await t.api('POST', '/api/v1/schedules', { title: 'Tiếp sóng', relayUrl: 'http://169.254.169.254/latest/meta-data/', relayDurationS: 60, zoneIds: ['xa'], kind: 'cron', cron: '0 6 * * *' });
  expect(schedule.status).toBe(400);
  expect(schedule.body.code).toBe('source_not_allowed');
  expect((await t.api('GET', '/api/v1/broadcasts')).body.length).toBe(before);
  expect(internalHits).toBe(0);
});

it('an allowed source that redirects to a forbidden address fails without reaching it', async () => {
  const port = await listen(redirector, '127.0.0.2');
  const res = await t.api('POST', '/api/v1/live', { title: 'Tiếp sóng bộ mã hóa của xã', zoneIds: ['xa'], sourceUrl: `http://127.0.0.2:${port}/live.mp3` });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const failed = await waitFor(async () => {
    const v = (await t.api('GET', `/api/v1/live/${res.body.id}`)).body;
    return v.state === 'failed' ? v : null;
  }, 15_000, 'the relay failed');
  expect(failed.error).toMatch(/127\.0\.0\.1/);
  expect(internalHits).toBe(0);
});

it('a relay schedule whose source is refused when it airs is missed, and the items after it still air', async () => {
  const at = (s: number) => new Date(Date.now() + s * 1000).toISOString();
  const relay = await t.api('POST', '/api/v1/schedules', { title: 'Tiếp sóng', relayUrl: 'http://127.0.0.2:9/encoder.mp3', relayDurationS: 5, zoneIds: ['xa'], kind: 'once', at: at(4) });
  expect(relay.status, JSON.stringify(relay.body)).toBe(201);
  // As a schedule saved before the allow-list changed: refused only when it airs.
  await t.server.database.db.updateTable('schedules').set({ relay_url: 'http://169.254.169.254/latest/meta-data/' }).where('id', '=', relay.body.id).execute();
  const after = await t.api('POST', '/api/v1/schedules', { title: 'Bản tin sau', text: 'Bản tin của xã.', zoneIds: ['xa'], kind: 'once', at: at(6) });
  expect(after.status).toBe(201);
  const occurrence = async (scheduleId: string) =>
    ((await t.api('GET', `/api/v1/occurrences?from=${encodeURIComponent(at(-60))}`)).body as { scheduleId: string; state: string; reason: string | null }[]).find((o) => o.scheduleId === scheduleId);
  const missed = await waitFor(async () => {
    const o = await occurrence(relay.body.id);
    return o?.state === 'missed' ? o : null;
  }, 20_000, 'the relay occurrence missed');
  expect(missed!.reason).toMatch(/169\.254\.169\.254/);
  await waitFor(async () => ['dispatched', 'done', 'partial'].includes((await occurrence(after.body.id))?.state ?? ''), 20_000, 'the next item aired');
  expect(internalHits).toBe(0);
});
