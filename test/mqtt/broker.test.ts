// The embedded broker's retained messages: exact subscriptions are answered
// from an index (see indexRetained in src/mqtt/broker.ts), wildcard ones
// by a scan, and a cleared message is gone from both.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/access/secrets.js';
import { silentLogger } from '../../src/log.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../src/mqtt/broker.js';
import { Topics } from '../../src/mqtt/protocol.js';

const topics = new Topics();
const SERVER_PASSWORD = 'server-password-for-the-test';
let broker: EmbeddedBroker;
let server: MqttClient;
const clients: MqttClient[] = [];

const connect = (username: string, password: string) =>
  mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { clientId: username, username, password, protocolVersion: 4, reconnectPeriod: 0 }).then((c) => {
    clients.push(c);
    return c;
  });

/** Every retained message the subscription brings, collected until a quiet 200 ms. */
async function retainedFor(c: MqttClient, filter: string): Promise<Map<string, string>> {
  const got = new Map<string, string>();
  let last = Date.now();
  c.on('message', (topic, payload, packet) => {
    if (packet.retain) got.set(topic, payload.toString());
    last = Date.now();
  });
  await c.subscribeAsync(filter, { qos: 1 });
  while (Date.now() - last < 200) await new Promise((r) => setTimeout(r, 50));
  return got;
}

beforeAll(async () => {
  broker = await startEmbeddedBroker({
    host: '127.0.0.1',
    port: 0,
    topics,
    credentials: { lookup: async (id) => (id.startsWith('rx-') ? { secretHash: hashSecret(`secret-${id}`), zones: ['thon-1'] } : undefined) },
    serverUsername: 'loa-server',
    serverPassword: SERVER_PASSWORD,
    log: silentLogger,
  });
  server = await connect('loa-server', SERVER_PASSWORD);
  for (let i = 0; i < 2000; i++) await server.publishAsync(topics.rx(`rx-${i}`, 'config'), `config ${i}`, { qos: 1, retain: true });
  // Cleared, as when a receiver is deleted.
  await server.publishAsync(topics.rx('rx-7', 'config'), Buffer.alloc(0), { qos: 1, retain: true });
});

afterAll(async () => {
  for (const c of clients) await c.endAsync(true);
  await broker?.close();
});

describe('retained messages on the embedded broker', () => {
  it('hands a receiver exactly its own retained config', async () => {
    const rx = await connect('rx-42', 'secret-rx-42');
    expect([...(await retainedFor(rx, topics.rx('rx-42', 'config')))]).toEqual([[topics.rx('rx-42', 'config'), 'config 42']]);
    const cleared = await connect('rx-7', 'secret-rx-7');
    expect((await retainedFor(cleared, topics.rx('rx-7', 'config'))).size).toBe(0);
  });

  it('hands a wildcard subscriber every retained message that matches, and none cleared', async () => {
    const got = await retainedFor(server, topics.allRx('config'));
    expect(got.size).toBe(1999);
    expect(got.get(topics.rx('rx-1999', 'config'))).toBe('config 1999');
    expect(got.has(topics.rx('rx-7', 'config'))).toBe(false);
  });
});
