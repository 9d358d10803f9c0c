// A server killed between a delivery's last change and its broadcast's status
// left the broadcast "dispatched" for ever, and its occurrence with it (found
// by the kill -9 harness, test/scheduling/crash.test.ts). Simulated here by
// writing the deliveries' end straight to the database, as the killed server
// had: once expired, the dispatcher settles the broadcast.
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Topics } from '../../src/mqtt/protocol.js';
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

// A killed server's broker can take a receiver's `done` and die before it is
// written: the delivery stayed `playing` until five minutes past its expiry.
// The receiver's state when it comes back (not playing it, past its end)
// settles it; one still playing it, or back before its end, stays open.
it('a final ack lost with the server: the receiver back online past the end, not playing it, settles the delivery done', async () => {
  const topics = new Topics();
  // Fresh ids on a retry: the first attempt's receivers stay registered.
  const run = Date.now().toString(36);
  const ids = [1, 2, 3].map((n) => `rx-lost-ack-${run}-${n}`);
  const secrets: string[] = [];
  for (const id of ids) {
    const res = await t.api('POST', '/api/v1/receivers', { id, name: id, zoneId: 'xa' });
    expect(res.status).toBe(201);
    secrets.push(res.body.secret);
  }
  const connect = (i: number) =>
    mqtt.connectAsync(t.server.receiverMqttUrl, {
      clientId: ids[i], username: ids[i], password: secrets[i], protocolVersion: 4, clean: false, reconnectPeriod: 0,
      // An external broker marks it offline only through its Will.
      will: { topic: topics.rx(ids[i]!, 'state'), payload: Buffer.from(JSON.stringify({ v: 1, online: false })), qos: 1, retain: true },
    });
  const state = (playing: string | null) => JSON.stringify({ v: 1, online: true, fw: 'thu-1.0', playing: playing && { broadcastId: playing, cmdId: 'x', startedAt: new Date().toISOString() } });
  const clients = await Promise.all(ids.map((_, i) => connect(i)));
  const commands: { id: string; broadcastId: string; media?: { durationMs: number } }[] = [];
  for (const [i, c] of clients.entries()) {
    c.on('message', (_topic, payload) => commands.push(JSON.parse(payload.toString())));
    await c.subscribeAsync(topics.rx(ids[i]!, 'cmd'), { qos: 1 });
    await c.publishAsync(topics.rx(ids[i]!, 'state'), state(null), { qos: 1, retain: true });
  }
  const b = await t.api('POST', '/api/v1/broadcasts', { title: 'Thông báo', text: 'Kính mời bà con dự họp.', receiverIds: ids });
  expect(b.status, JSON.stringify(b.body)).toBe(201);
  const cmd = (await waitFor(() => commands.find((c) => c.broadcastId === b.body.id), 20_000, 'the play command'))!;
  // Each plays it and acks `playing`; its `done` is lost with the link.
  const playingAt = new Date();
  for (const [i, c] of clients.entries()) {
    await c.publishAsync(topics.rx(ids[i]!, 'ack'), JSON.stringify({ v: 1, cmdId: cmd.id, broadcastId: b.body.id, state: 'playing', at: playingAt.toISOString() }), { qos: 1 });
  }
  const delivery = async (id: string) => ((await t.api('GET', `/api/v1/broadcasts/${b.body.id}/deliveries`)).body as { receiverId: string; state: string; error?: string | null }[]).find((d) => d.receiverId === id)!;
  await waitFor(async () => (await delivery(ids[2]!)).state === 'playing', 10_000, 'playing');
  // The third comes back at once, before the item's end: still open.
  await clients[2]!.endAsync(true);
  clients[2] = await connect(2);
  await clients[2].publishAsync(topics.rx(ids[2]!, 'state'), state(null), { qos: 1, retain: true });
  await clients[0]!.endAsync(true);
  await clients[1]!.endAsync(true);
  await waitFor(async () => !(await t.api('GET', `/api/v1/receivers/${ids[0]}`)).body.online, 10_000, 'shown offline');
  await new Promise((r) => setTimeout(r, Math.max(0, playingAt.getTime() + cmd.media!.durationMs + 2500 - Date.now())));
  // Back past the end: the first plays nothing, the second still plays it (a repeat, say).
  clients[0] = await connect(0);
  clients[1] = await connect(1);
  await clients[0].publishAsync(topics.rx(ids[0]!, 'state'), state(null), { qos: 1, retain: true });
  await clients[1].publishAsync(topics.rx(ids[1]!, 'state'), state(b.body.id), { qos: 1, retain: true });
  const settled = await waitFor(async () => {
    const d = await delivery(ids[0]!);
    return d.state === 'done' ? d : null;
  }, 10_000, 'the first settled done');
  expect(settled!.error).toMatch(/final ack lost/);
  await waitFor(async () => (await t.api('GET', `/api/v1/receivers/${ids[1]}`)).body.online, 10_000, 'the second online');
  expect((await delivery(ids[1]!)).state).toBe('playing');
  expect((await delivery(ids[2]!)).state).toBe('playing');
  for (const c of clients) await c.endAsync(true);
});
