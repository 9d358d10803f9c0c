// One technician's request cut the server off from every receiver for good:
// a `stop` command's broadcastId had no length limit, so
// POST /receivers/{id}/commands {"type":"stop","broadcastId":<1.2 MB>} made
// an MQTT message over the broker's packet limit (1 MiB for the server on
// the embedded broker; 64 KiB for every account on Mosquitto). The broker
// closed the server's own connection, the client sent the same message
// again on each reconnect, and /healthz said "broker down" from then on.
// The broadcastId is bounded as receivers' own is (128 characters), and the
// bus refuses any message over the brokers' limit instead of sending it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeCommand } from '../../src/mqtt/protocol.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';
import { connectRaw, provision, topics, type RawClient } from './helpers.js';

let t: TestServer;
let rx: RawClient;
const commands: { type: string; broadcastId?: string }[] = [];

beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã Bình Minh' });
  const secret = await provision(t, 'rx-lon', 'xa');
  rx = await connectRaw(t, 'rx-lon', secret);
  rx.client.on('message', (_topic, payload) => commands.push(JSON.parse(payload.toString())));
  await rx.client.subscribeAsync(topics.rx('rx-lon', 'cmd'), { qos: 1 });
  await rx.client.publishAsync(topics.rx('rx-lon', 'state'), JSON.stringify({ v: 1, online: true }), { qos: 1, retain: true });
  await waitFor(async () => (await t.api('GET', '/api/v1/receivers/rx-lon')).body.online, 5000, 'the receiver online');
});
afterAll(async () => {
  await rx?.client.endAsync(true);
  await t?.close();
});

const healthy = async () => (await fetch(`${t.baseUrl}/healthz`)).status === 200;

it('a stop whose broadcastId is over 128 characters is a 400, and the server stays connected to its broker', async () => {
  for (const n of [129, 100_000, 1_200_000]) {
    const r = await t.api('POST', '/api/v1/receivers/rx-lon/commands', { type: 'stop', broadcastId: 'b'.repeat(n) });
    expect(r.status, `${n}: ${JSON.stringify(r.body).slice(0, 200)}`).toBe(400);
    expect(r.body.error).toMatch(/broadcastId/);
  }
  await new Promise((r) => setTimeout(r, 1500));
  expect(await healthy()).toBe(true);
  expect(t.server.bus.isConnected()).toBe(true);
});

it('the bus refuses a message over the brokers\' limit rather than losing its connection to it', async () => {
  const huge = makeCommand({ type: 'stop', broadcastId: 'b'.repeat(70 * 1024) });
  await expect(t.server.bus.sendToReceiver('rx-lon', huge)).rejects.toThrow(/over the 65536 the brokers take/);
  await new Promise((r) => setTimeout(r, 1500));
  expect(t.server.bus.isConnected()).toBe(true);
  expect(await healthy()).toBe(true);
});

it('commands still reach the receiver afterwards', async () => {
  const r = await t.api('POST', '/api/v1/receivers/rx-lon/commands', { type: 'stop', broadcastId: 'b-thuong' });
  expect(r.status).toBe(202);
  await waitFor(() => commands.some((c) => c.type === 'stop' && c.broadcastId === 'b-thuong'), 5000, 'the stop at the receiver');
});
