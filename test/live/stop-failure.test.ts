// A live session's timers (its length reached, no audio, a silent source, a
// lost engine) stop it with no caller to hear a failure: a stop that failed
// there (the database gone) was an unhandled rejection, and Node ends the
// process on one, every commune's broadcasts with it. It is logged now (the
// session is then closed by the sweep for sessions no instance keeps alive).
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'xa-hong', name: 'Xã Hồng' });
  process.on('unhandledRejection', onUnhandled);
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await t?.close();
});

it('a session whose stop fails when its length is reached is logged, and the server goes on', async () => {
  const res = await t.api('POST', '/api/v1/live', { title: 'Thông báo trực tiếp', zoneIds: ['xa-hong'], priority: 'normal', durationS: 1 });
  expect(res.status).toBe(201);
  const db = t.server.database.db;
  // The sessions' table is out of reach when the timer fires.
  await sql`alter table live_sessions rename to live_sessions_away`.execute(db);
  try {
    await new Promise((r) => setTimeout(r, 2_000));
    expect(unhandled).toEqual([]);
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  } finally {
    await sql`alter table live_sessions_away rename to live_sessions`.execute(db);
  }
});
