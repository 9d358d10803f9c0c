// A server killed between a delivery's last change and its broadcast's status
// left the broadcast "dispatched" for ever, and its occurrence with it (found
// by the kill -9 harness, test/scheduling/crash.test.ts). Simulated here by
// writing the deliveries' end straight to the database, as the killed server
// had: once expired, the dispatcher settles the broadcast.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã' });
  await t.api('POST', '/api/v1/zones', { id: 'thon', name: 'Thôn', parentId: 'xa' });
  // Never connected: its delivery waits.
  expect((await t.api('POST', '/api/v1/receivers', { id: 'rx-stranded', name: 'Loa', zoneId: 'thon' })).status).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

it('a dispatched broadcast with nothing left open is settled once it expires', async () => {
  const b = await t.api('POST', '/api/v1/broadcasts', { title: 'Thông báo', text: 'Kính mời bà con dự họp.', zoneIds: ['thon'] });
  expect(b.status).toBe(201);
  await waitFor(async () => (await t.api('GET', `/api/v1/broadcasts/${b.body.id}`)).body.status === 'dispatched', 20_000, 'dispatched');
  const db = t.server.database.db;
  const past = new Date(Date.now() - 60_000).toISOString();
  await db.updateTable('deliveries').set({ state: 'expired', error: 'written before the kill', finished_at: past, updated_at: past }).where('broadcast_id', '=', b.body.id).execute();
  await db.updateTable('broadcasts').set({ expires_at: past }).where('id', '=', b.body.id).execute();
  const settled = await waitFor(async () => {
    const v = (await t.api('GET', `/api/v1/broadcasts/${b.body.id}`)).body;
    return v.status !== 'dispatched' ? v : null;
  }, 20_000, 'settled');
  expect(settled).toMatchObject({ status: 'expired', counts: { expired: 1 } });
});
