// The event stream re-checks a panel session at every heartbeat, so signing
// out ends it; a stream opened with a bearer token was never checked again and
// went on carrying receiver and broadcast events after the token was revoked
// (every other route answers that token 401 at once).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';
import { openEventStream } from '../helpers/event-stream.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ SESSION_RECHECK_S: '1' });
  expect((await t.api('POST', '/api/v1/zones', { id: 'xa-a', name: 'Xã A', kind: 'commune' })).status).toBe(201);
  expect((await t.api('POST', '/api/v1/receivers', { id: 'rx-a1', name: 'Loa 1', zoneId: 'xa-a' })).status).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

it('a revoked token’s event stream ends at the next heartbeat and carries nothing more', async () => {
  const token = await t.api('POST', '/api/v1/tokens', { name: 'bang-tin', role: 'technician', zoneId: 'xa-a' });
  expect(token.status).toBe(201);
  const events = await openEventStream(`${t.baseUrl}/api/v1/events`, { authorization: `Bearer ${token.body.token}` });
  // It works while the token stands.
  await t.api('PATCH', '/api/v1/receivers/rx-a1', { name: 'Trước khi thu hồi' });
  await waitFor(() => events.text().includes('Trước khi thu hồi'), 10_000, 'an event before the revocation');

  expect((await t.api('DELETE', `/api/v1/tokens/${token.body.id}`)).status).toBe(204);
  expect((await fetch(`${t.baseUrl}/api/v1/zones`, { headers: { authorization: `Bearer ${token.body.token}` } })).status).toBe(401);
  // The heartbeat comes every SESSION_RECHECK_S.
  await waitFor(() => events.ended(), 5000, 'the stream ended after the token was revoked').catch(() => undefined);
  await t.api('PATCH', '/api/v1/receivers/rx-a1', { name: 'Sau khi thu hồi' });
  await new Promise((r) => setTimeout(r, 1500));
  const endedByServer = events.ended();
  await events.close();
  expect(events.text()).not.toContain('Sau khi thu hồi');
  expect(endedByServer).toBe(true);
}, 60_000);
