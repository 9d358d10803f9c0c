// Device authentication, the topic ACL, API roles, and bad input on every
// receiver topic and API body, against the real embedded broker.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Topics } from '../../src/mqtt/protocol.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
const topics = new Topics();
const secrets: Record<string, string> = {};
const clients: MqttClient[] = [];

function connect(id: string, password: string, opts: mqtt.IClientOptions = {}): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(t.server.mqttUrl, { clientId: id, username: id, password, protocolVersion: 4, clean: false, reconnectPeriod: 0, ...opts });
    clients.push(c);
    c.once('connect', () => resolve(c));
    c.once('error', reject);
  });
}

beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-a', name: 'Thôn A', parentId: 'xa' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-b', name: 'Thôn B', parentId: 'xa' });
  for (const [id, zoneId] of [
    ['rx-aaa', 'thon-a'],
    ['rx-bbb', 'thon-b'],
  ] as const) {
    secrets[id] = (await t.api('POST', '/api/v1/receivers', { id, name: id, zoneId })).body.secret;
  }
});

afterAll(async () => {
  for (const c of clients) c.end(true);
  await t?.close();
});

describe('device authentication and topic ACL', () => {
  it('refuses a wrong secret and an unknown receiver', async () => {
    await expect(connect('rx-aaa', 'wrong-secret')).rejects.toThrow(/Bad username or password|Not authorized/i);
    await expect(connect('rx-nobody', 'whatever')).rejects.toThrow(/Bad username or password|Not authorized/i);
    // clientId must equal username.
    await expect(
      new Promise((resolve, reject) => {
        const c = mqtt.connect(t.server.mqttUrl, { clientId: 'rx-other', username: 'rx-aaa', password: secrets['rx-aaa'], reconnectPeriod: 0 });
        clients.push(c);
        c.once('connect', resolve);
        c.once('error', reject);
      }),
    ).rejects.toThrow();
  });

  it('lets A subscribe to its own topics and zones, never to B\'s', async () => {
    const a = await connect('rx-aaa', secrets['rx-aaa']!);
    const granted = await a.subscribeAsync([topics.rx('rx-aaa', 'cmd'), topics.rx('rx-aaa', 'config'), topics.zoneCmd('thon-a'), topics.zoneCmd('xa')], { qos: 1 });
    expect(granted.map((g) => g.qos)).toEqual([1, 1, 1, 1]);
    // The broker answers each forbidden subscription with SUBACK 0x80.
    for (const topic of [topics.rx('rx-bbb', 'cmd'), topics.zoneCmd('thon-b'), 'loa/v1/#', topics.allRx('ack')]) {
      const granted = await new Promise((resolve) => a.subscribe(topic, { qos: 1 }, (err) => resolve((err as { packet?: { granted?: number[] } } | null)?.packet?.granted)));
      expect(granted, topic).toEqual([128]);
    }
  });

  it('drops A\'s connection when it publishes to B\'s state or to any cmd topic', async () => {
    const before = (await t.api('GET', '/api/v1/receivers/rx-bbb')).body;
    for (const topic of [topics.rx('rx-bbb', 'state'), topics.rx('rx-aaa', 'cmd'), topics.zoneCmd('thon-a')]) {
      const a = await connect('rx-aaa', secrets['rx-aaa']!, { clean: true });
      const closed = new Promise<void>((r) => a.once('close', () => r()));
      a.publish(topic, JSON.stringify({ v: 1, online: true, fw: 'evil' }), { qos: 1 });
      await closed;
    }
    const after = (await t.api('GET', '/api/v1/receivers/rx-bbb')).body;
    expect(after.online).toBe(before.online);
    expect(after.fw).toBe(before.fw);
  });
});

describe('API roles', () => {
  it('401 without a token, 403 for a role that may not', async () => {
    expect((await t.api('GET', '/api/v1/receivers', undefined, null)).status).toBe(401);
    expect((await t.api('GET', '/api/v1/receivers', undefined, 'not-a-token')).status).toBe(401);
    const tech = await t.tokenFor('technician');
    const officer = await t.tokenFor('officer');
    const body = { title: 'x', text: 'Xin chào', zoneIds: ['thon-a'] };
    const forbidden = await t.api('POST', '/api/v1/broadcasts', body, tech);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toBeTruthy();
    expect((await t.api('POST', '/api/v1/receivers', { id: 'rx-ccc', name: 'c', zoneId: 'thon-a' }, officer)).status).toBe(403);
    expect((await t.api('GET', '/api/v1/receivers', undefined, tech)).status).toBe(200);
  });
});

describe('bad input', () => {
  it('drops and counts non-JSON and schema-invalid payloads on every receiver topic, and keeps serving', async () => {
    const a = await connect('rx-aaa', secrets['rx-aaa']!, { clean: true });
    const junk = ['not json', '{"v":1', JSON.stringify({ v: 2, online: true }), JSON.stringify({ hello: 'world' }), JSON.stringify([1, 2])];
    for (const leaf of ['state', 'telemetry', 'ack'] as const) {
      for (const p of junk) await a.publishAsync(topics.rx('rx-aaa', leaf), p, { qos: 1 });
    }
    await a.publishAsync(topics.rx('rx-aaa', 'ack'), JSON.stringify({ v: 1, cmdId: 'x', state: 'exploded', at: new Date().toISOString() }), { qos: 1 });
    const stats = await waitFor(async () => {
      const s = (await t.api('GET', '/api/v1/system/mqtt')).body;
      return s.invalid.state >= 5 && s.invalid.telemetry >= 5 && s.invalid.ack >= 6 ? s : null;
    }, 3000, 'invalid counters');
    expect(stats.lastInvalid.error).toBeTruthy();
    expect((await t.api('GET', '/healthz', undefined, null)).body).toEqual({ status: 'ok' });
    // A valid message after the junk still goes through.
    await a.publishAsync(topics.rx('rx-aaa', 'telemetry'), JSON.stringify({ v: 1, at: new Date().toISOString(), rssi: -67, network: '4G' }), { qos: 1 });
    await waitFor(async () => (await t.api('GET', '/api/v1/receivers/rx-aaa')).body.telemetry?.rssi === -67, 3000, 'telemetry stored');
  });

  it('answers invalid API bodies with 400 and a message', async () => {
    const cases: [unknown, RegExp][] = [
      [{ text: 'Xin chào', zoneIds: ['thon-a'] }, /title/],
      [{ title: 'a', text: 'Xin chào' }, /nothing is targeted/],
      [{ title: 'a', text: '   ', zoneIds: ['thon-a'] }, /text/],
      [{ title: 'a', text: 'Xin chào', zoneIds: ['thon-a'], startAt: 'tomorrow' }, /startAt/],
      [{ title: 'a', text: 'Xin chào', zoneIds: ['thon-a'], startAt: '2030-01-01T00:00:00Z', expiresAt: '2029-01-01T00:00:00Z' }, /expiresAt/],
      [{ title: 'a', text: 'Xin chào', zoneIds: ['no-such-zone'] }, /does not exist/],
      [{ title: 'a', text: 'Xin chào', zoneIds: ['thon-a'], priority: 'urgent' }, /priority/],
      [{ title: 'a', text: 'x'.repeat(100_001), zoneIds: ['thon-a'] }, /longer than/],
      ['{"title": ', /not valid JSON/],
    ];
    for (const [body, message] of cases) {
      const res = await t.api('POST', '/api/v1/broadcasts', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error).toMatch(message);
    }
    const badReceiver = await t.api('POST', '/api/v1/receivers', { id: 'a b', name: 'x', zoneId: 'thon-a' });
    expect(badReceiver.status).toBe(400);
    expect((await t.api('GET', '/api/v1/receivers/rx-unknown')).status).toBe(404);
    expect((await t.api('GET', '/api/v1/broadcasts')).body).toEqual([]);
  });
});
