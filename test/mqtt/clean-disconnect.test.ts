// A receiver that ends its session with a clean DISCONNECT drops its Will;
// one that connected without a Will has none to send. Either way, when it
// had not said it was offline, the server went on showing it online (and
// sending it broadcasts as delivered) until it came back. The embedded
// broker now says it for the receiver, as the Will would have.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Topics } from '../../src/mqtt/protocol.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

const topics = new Topics();
let t: TestServer;
const secrets: Record<string, string> = {};
const open: MqttClient[] = [];

beforeAll(async () => {
  // No silence rule: what is tested is the broker noticing the disconnect.
  t = await startTestServer({ RECEIVER_SILENCE_MS: '0' });
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã' });
  for (const id of ['rx-sach', 'rx-khong-will', 'rx-bao-truoc', 'rx-ket-noi-lai']) {
    const res = await t.api('POST', '/api/v1/receivers', { id, name: id, zoneId: 'xa' });
    expect(res.status).toBe(201);
    secrets[id] = res.body.secret;
  }
});
afterAll(async () => {
  for (const c of open) await c.endAsync(true).catch(() => {});
  await t?.close();
});

const offlineState = JSON.stringify({ v: 1, online: false });
async function connect(id: string, withWill = true): Promise<MqttClient> {
  const c = await mqtt.connectAsync(t.server.receiverMqttUrl, {
    clientId: id, username: id, password: secrets[id], protocolVersion: 4, clean: false, reconnectPeriod: 0,
    ...(withWill && { will: { topic: topics.rx(id, 'state'), payload: Buffer.from(offlineState), qos: 1, retain: true } }),
  });
  c.on('error', () => {});
  open.push(c);
  await c.publishAsync(topics.rx(id, 'state'), JSON.stringify({ v: 1, online: true, fw: 'thu-1.0' }), { qos: 1, retain: true });
  await waitFor(async () => online(id), 5000, `${id} online`);
  return c;
}
const online = async (id: string) => (await t.api('GET', `/api/v1/receivers/${id}`)).body.online as boolean;

it('a receiver that disconnects cleanly without saying it is offline is shown offline', async () => {
  const c = await connect('rx-sach');
  // DISCONNECT: the Will is dropped, as MQTT says.
  await c.endAsync();
  await waitFor(async () => !(await online('rx-sach')), 5000, 'rx-sach offline');
});

it('a receiver connected without a Will whose link is cut is shown offline', async () => {
  const c = await connect('rx-khong-will', false);
  c.stream.destroy();
  await waitFor(async () => !(await online('rx-khong-will')), 5000, 'rx-khong-will offline');
});

it('one that said it was offline, or that connected again at once, is shown as it said', async () => {
  const said = await connect('rx-bao-truoc');
  await said.publishAsync(topics.rx('rx-bao-truoc', 'state'), offlineState, { qos: 1, retain: true });
  await said.endAsync();
  await waitFor(async () => !(await online('rx-bao-truoc')), 5000, 'rx-bao-truoc offline');

  // The new session takes over the old one (same client id): the old one's end must not mark the new one offline.
  await connect('rx-ket-noi-lai', false);
  await connect('rx-ket-noi-lai', false);
  await new Promise((r) => setTimeout(r, 1000));
  expect(await online('rx-ket-noi-lai')).toBe(true);
});
