// Device authentication, the topic ACL, API roles, and bad input on every
// receiver topic and API body, against the real embedded broker.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCommand, Topics } from '../../src/mqtt/protocol.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
const topics = new Topics();
const secrets: Record<string, string> = {};
const clients: MqttClient[] = [];

function connect(id: string, password: string, opts: mqtt.IClientOptions = {}): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(t.server.receiverMqttUrl, { clientId: id, username: id, password, protocolVersion: 4, clean: false, reconnectPeriod: 0, ...opts });
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
    const mismatched = () =>
      new Promise((resolve, reject) => {
        const c = mqtt.connect(t.server.receiverMqttUrl, { clientId: 'rx-other', username: 'rx-aaa', password: secrets['rx-aaa'], reconnectPeriod: 0 });
        clients.push(c);
        c.once('connect', resolve);
        c.once('error', reject);
      });
    if (t.backend === 'sqlite-aedes') {
      // clientId must equal username.
      await expect(mismatched()).rejects.toThrow();
    } else {
      // Mosquitto cannot refuse it, but use_username_as_clientid makes the
      // session rx-aaa's own: the real rx-aaa is taken over, not impersonated elsewhere.
      const own = await connect('rx-aaa', secrets['rx-aaa']!, { clean: true });
      const ownClosed = new Promise<void>((r) => own.once('close', () => r()));
      await mismatched();
      await ownClosed;
    }
  });

  it('lets A subscribe to its own topics and zones, and never hands it B\'s messages', async () => {
    const a = await connect('rx-aaa', secrets['rx-aaa']!);
    const b = await connect('rx-bbb', secrets['rx-bbb']!, { clean: true });
    const got: string[] = [];
    a.on('message', (topic) => got.push(topic));
    const granted = await a.subscribeAsync([topics.rx('rx-aaa', 'cmd'), topics.rx('rx-aaa', 'config'), topics.zoneCmd('thon-a'), topics.zoneCmd('xa')], { qos: 1 });
    expect(granted.map((g) => g.qos)).toEqual([1, 1, 1, 1]);
    await waitFor(() => got.includes(topics.rx('rx-aaa', 'config')), 3000, 'own retained config');
    const forbidden = [topics.rx('rx-bbb', 'cmd'), topics.rx('rx-bbb', 'config'), topics.zoneCmd('thon-b'), 'loa/v1/#', topics.allRx('ack')];
    for (const topic of forbidden) {
      const granted = await new Promise((resolve) => a.subscribe(topic, { qos: 1 }, (err, g) => resolve(err ? (err as { packet?: { granted?: number[] } }).packet?.granted : g?.map((x) => x.qos))));
      // aedes answers SUBACK 0x80; Mosquitto grants and then withholds every message A may not read.
      expect(granted, topic).toEqual(t.backend === 'sqlite-aedes' ? [128] : [1]);
    }
    const cmd = (id: string) => makeCommand({ type: 'ping', t0: Date.now() }, id);
    await t.server.bus.sendToReceiver('rx-bbb', cmd('cmd-for-b'));
    await t.server.bus.sendToZone('thon-b', cmd('cmd-for-thon-b'));
    await b.publishAsync(topics.rx('rx-bbb', 'ack'), JSON.stringify({ v: 1, cmdId: 'cmd-for-b', state: 'pong', at: new Date().toISOString() }), { qos: 1 });
    // Sent last: once A has it, anything sent before it would have arrived too.
    await t.server.bus.sendToReceiver('rx-aaa', cmd('cmd-for-a'));
    await waitFor(() => got.includes(topics.rx('rx-aaa', 'cmd')), 3000, "A's own command");
    expect(got.filter((topic) => topic !== topics.rx('rx-aaa', 'config'))).toEqual([topics.rx('rx-aaa', 'cmd')]);
  });

  it("never lets A's publish to B's state or to any cmd topic through", async () => {
    const before = (await t.api('GET', '/api/v1/receivers/rx-bbb')).body;
    const b = await connect('rx-bbb', secrets['rx-bbb']!, { clean: true });
    const bGot: string[] = [];
    b.on('message', (topic) => bGot.push(topic));
    await b.subscribeAsync([topics.rx('rx-bbb', 'cmd'), topics.zoneCmd('thon-b'), topics.zoneCmd('xa')], { qos: 1 });
    for (const topic of [topics.rx('rx-bbb', 'state'), topics.rx('rx-bbb', 'cmd'), topics.zoneCmd('thon-b'), topics.zoneCmd('xa')]) {
      const a = await connect('rx-aaa', secrets['rx-aaa']!, { clean: true });
      const evil = JSON.stringify({ v: 1, online: true, fw: 'evil' });
      if (t.backend === 'sqlite-aedes') {
        // aedes drops the connection of a receiver that tries.
        const closed = new Promise<void>((r) => a.once('close', () => r()));
        a.publish(topic, evil, { qos: 1 });
        await closed;
      } else {
        // Mosquitto acknowledges and discards it.
        await a.publishAsync(topic, evil, { qos: 1 });
        a.end(true);
      }
    }
    // A valid message from A after the forbidden ones: once the server has it, they would have arrived too.
    const a = await connect('rx-aaa', secrets['rx-aaa']!, { clean: true });
    await a.publishAsync(topics.rx('rx-aaa', 'telemetry'), JSON.stringify({ v: 1, at: new Date().toISOString(), rssi: -42 }), { qos: 1 });
    await waitFor(async () => (await t.api('GET', '/api/v1/receivers/rx-aaa')).body.telemetry?.rssi === -42, 3000, 'barrier telemetry');
    const after = (await t.api('GET', '/api/v1/receivers/rx-bbb')).body;
    expect(after.online).toBe(before.online);
    expect(after.fw).toBe(before.fw);
    expect(bGot).toEqual([]);
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
      [{ title: 'a', text: 'Xin chào' }, /Chưa chọn nơi phát/],
      [{ title: 'a', text: '   ', zoneIds: ['thon-a'] }, /Cần nội dung thông báo/],
      [{ title: 'a', text: 'Xin chào', zoneIds: ['thon-a'], startAt: 'tomorrow' }, /startAt/],
      [{ title: 'a', text: 'Xin chào', zoneIds: ['thon-a'], startAt: '2030-01-01T00:00:00Z', expiresAt: '2029-01-01T00:00:00Z' }, /expiresAt/],
      [{ title: 'a', text: 'Xin chào', zoneIds: ['no-such-zone'] }, /Không có khu vực no-such-zone/],
      [{ title: 'a', text: 'Xin chào', zoneIds: ['thon-a'], priority: 'urgent' }, /priority/],
      [{ title: 'a', text: 'x'.repeat(100_001), zoneIds: ['thon-a'] }, /dài quá 100000 ký tự/],
      ['{"title": ', /không phải JSON hợp lệ/],
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

  it('answers bad dates on the occurrences route with 400 naming the parameter', async () => {
    const cases: [string, RegExp][] = [
      ['from=x', /from/],
      ['to=x', /to/],
      ['from=2027-02-06T23:00:00.000Z&to=not-a-date', /to/],
      ['from=2027-13-45T99:00:00Z', /from/],
      ['from=2027-02-06T23:00:00.000Z&to=2027-02-06T22:00:00.000Z', /to: phải sau from/],
    ];
    for (const [query, message] of cases) {
      const res = await t.api('GET', `/api/v1/occurrences?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error, query).toMatch(message);
    }
    expect((await t.api('GET', '/api/v1/occurrences?from=2027-02-06T23:00:00.000Z')).status).toBe(200);
  });
});
