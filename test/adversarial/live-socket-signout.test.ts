// The panel's microphone streams over a WebSocket that is authenticated once,
// at the upgrade. Signing out (or the admin removing the account, changing
// its password or role) ended every other way in, but the open socket went
// on putting that person's voice on the loudspeakers. It is now checked again
// like the event stream, and closed, ending the live session.
import { WebSocket } from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ SESSION_RECHECK_S: '1' });
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã', kind: 'commune' });
  await t.api('POST', '/api/v1/zones', { id: 'thon', name: 'Thôn', parentId: 'xa' });
  expect((await t.api('POST', '/api/v1/users', { username: 'canbo', role: 'officer', password: 'mat-khau-dai-hon', zoneId: 'xa' })).status).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

it('signing out closes the open microphone socket and ends the live session', async () => {
  const login = await fetch(`${t.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'canbo', password: 'mat-khau-dai-hon' }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const session = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const started = await fetch(`${t.baseUrl}/api/v1/live`, { method: 'POST', headers: session, body: JSON.stringify({ title: 'Nói trực tiếp', zoneIds: ['thon'] }) });
  expect(started.status).toBe(201);
  const { id } = (await started.json()) as { id: string };
  const ws = new WebSocket(`${t.baseUrl.replace('http', 'ws')}/api/v1/live/${id}/ws?csrf=${csrfToken}`, { headers: { cookie, origin: t.baseUrl } });
  let closed = false;
  ws.on('close', () => (closed = true));
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));

  expect((await fetch(`${t.baseUrl}/api/v1/auth/logout`, { method: 'POST', headers: session })).status).toBe(204);
  // Checked again every SESSION_RECHECK_S, as the event stream is.
  await waitFor(() => closed, 5000, 'the socket closed after signing out').catch(() => undefined);
  expect(closed).toBe(true);
  await waitFor(async () => (await t.api('GET', `/api/v1/live/${id}`)).body.state === 'ended', 10_000, 'the live session ended');
}, 60_000);
