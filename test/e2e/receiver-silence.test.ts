// An external broker (Mosquitto) may never deliver a receiver's Will: lost
// with the broker's own restart, or a half-open link it has not noticed. The
// receiver then stayed shown online for good. One shown online that sends
// nothing (state, telemetry, ack) for RECEIVER_SILENCE_MS is now marked
// offline; its next message of any kind brings it back, and it is caught up.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Topics } from '../../src/mqtt/protocol.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

const topics = new Topics();
const ID = 'rx-im-lang';
let t: TestServer;
let rx: MqttClient;
const commands: { id: string; broadcastId?: string }[] = [];

beforeAll(async () => {
  t = await startTestServer({ RECEIVER_SILENCE_MS: '1500', LEAD_TIME_MS: '500' });
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã' });
  const res = await t.api('POST', '/api/v1/receivers', { id: ID, name: 'Cụm loa im lặng', zoneId: 'xa' });
  expect(res.status).toBe(201);
  // Connected all along, Will and all: only its silence can tell.
  rx = await mqtt.connectAsync(t.server.receiverMqttUrl, {
    clientId: ID, username: ID, password: res.body.secret, protocolVersion: 4, clean: false, reconnectPeriod: 0,
    will: { topic: topics.rx(ID, 'state'), payload: Buffer.from(JSON.stringify({ v: 1, online: false })), qos: 1, retain: true },
  });
  rx.on('message', (_topic, payload) => commands.push(JSON.parse(payload.toString())));
  await rx.subscribeAsync(topics.rx(ID, 'cmd'), { qos: 1 });
});
afterAll(async () => {
  await rx?.endAsync(true).catch(() => {});
  await t?.close();
});

const online = async () => (await t.api('GET', `/api/v1/receivers/${ID}`)).body.online as boolean;

it('a receiver silent for RECEIVER_SILENCE_MS is marked offline; its next telemetry or ack brings it back and catches it up', async () => {
  await rx.publishAsync(topics.rx(ID, 'state'), JSON.stringify({ v: 1, online: true, fw: 'thu-1.0' }), { qos: 1, retain: true });
  await waitFor(online, 5000, 'online');
  await waitFor(async () => !(await online()), 10_000, 'marked offline for its silence');

  // A broadcast for it while it is shown offline; it does not ack, so its delivery stays open.
  const b = await t.api('POST', '/api/v1/broadcasts', { title: 'Thông báo', text: 'Thông báo của xã.', receiverIds: [ID] });
  expect(b.status, JSON.stringify(b.body)).toBe(201);
  await waitFor(async () => (await t.api('GET', `/api/v1/broadcasts/${b.body.id}`)).body.status === 'dispatched', 20_000, 'dispatched');
  const sent = () => commands.filter((c) => c.broadcastId === b.body.id).length;
  const before = sent();

  await rx.publishAsync(topics.rx(ID, 'telemetry'), JSON.stringify({ v: 1, at: new Date().toISOString(), rssi: -70 }), { qos: 0 });
  await waitFor(online, 5000, 'online again after its telemetry');
  // Back online is caught up: its open command is sent again.
  await waitFor(() => sent() > before, 10_000, 'the open command sent again');

  // Silent again, then an ack is enough.
  await waitFor(async () => !(await online()), 10_000, 'marked offline again');
  const cmd = commands.find((c) => c.broadcastId === b.body.id)!;
  await rx.publishAsync(topics.rx(ID, 'ack'), JSON.stringify({ v: 1, cmdId: cmd.id, broadcastId: b.body.id, state: 'received', at: new Date().toISOString() }), { qos: 1 });
  await waitFor(online, 5000, 'online again after its ack');
});
