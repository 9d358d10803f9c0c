// The MQTT access matrix on the whole server (embedded broker): who may
// connect, subscribe and publish what, retained messages included, and what
// a rotated secret, a deleted or a moved receiver can still do (issue #11,
// items 4 and 5).
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCommand } from '../../src/mqtt/protocol.js';
import { startTestServer, TEST_BACKEND, waitFor, type TestServer } from '../helpers/server.js';
import { connectRaw, connectRefusal, provision, topics, type RawClient } from './helpers.js';

let t: TestServer;
const secrets: Record<string, string> = {};
const open: MqttClient[] = [];

beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'xa-an-binh', name: 'Xã An Bình' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-dong', name: 'Thôn Đông', parentId: 'xa-an-binh' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-tay', name: 'Thôn Tây', parentId: 'xa-an-binh' });
  for (const [id, zone] of [
    ['rx-a', 'thon-dong'],
    ['rx-b', 'thon-tay'],
    ['rx-rot', 'thon-dong'],
    ['rx-mv', 'thon-dong'],
    ['rx-del', 'thon-dong'],
  ] as const)
    secrets[id] = await provision(t, id, zone);
});

afterAll(async () => {
  for (const c of open) await c.endAsync(true).catch(() => {});
  await t?.close();
});

const connect = async (id: string, opts = {}): Promise<RawClient> => {
  const c = await connectRaw(t, id, secrets[id]!, opts);
  open.push(c.client);
  return c;
};

/** The QoS the broker granted, 128 when it refused (mqtt.js turns a 0x80 SUBACK into an error). */
async function granted(c: MqttClient, topic: string): Promise<number> {
  try {
    return (await c.subscribeAsync(topic, { qos: 1 }))[0]!.qos;
  } catch (err) {
    const code = (err as { packet?: { granted?: number[] } }).packet?.granted?.[0];
    if (code === undefined) throw err;
    return code;
  }
}

/** Messages a client gets, by topic. */
function inbox(c: MqttClient): Map<string, string[]> {
  const got = new Map<string, string[]>();
  c.on('message', (topic, payload) => got.set(topic, [...(got.get(topic) ?? []), payload.toString()]));
  return got;
}

describe.skipIf(TEST_BACKEND === 'postgres-mosquitto')('the MQTT access matrix', () => {
  it('CONNECT: only a provisioned receiver with its secret and clientId = username', async () => {
    expect(await connectRefusal(t, 'rx-a', secrets['rx-a'])).toBeNull();
    const refused: [string, string | undefined, string | undefined, string?][] = [
      ['wrong secret', 'rx-a', 'not-the-secret'],
      ["another receiver's secret", 'rx-a', secrets['rx-b']],
      ['clientId differs from username', 'rx-a', secrets['rx-a'], 'rx-b'],
      ['unknown receiver', 'rx-khong-co', 'whatever'],
      ['anonymous', undefined, undefined],
      ['username without password', 'rx-a', undefined],
      ["the server's account with a guess", 'loa-server', 'loa-server'],
      ['empty secret', 'rx-a', ''],
    ];
    for (const [what, user, pass, clientId] of refused) expect(await connectRefusal(t, user, pass, clientId), what).not.toBeNull();
  });

  it('SUBSCRIBE: its own cmd and config, and the cmd of its zone and the zones above; nothing else', async () => {
    const { client } = await connect('rx-a');
    const allowed = [topics.rx('rx-a', 'cmd'), topics.rx('rx-a', 'config'), topics.zoneCmd('thon-dong'), topics.zoneCmd('xa-an-binh')];
    const refused = [
      topics.rx('rx-b', 'cmd'),
      topics.rx('rx-b', 'config'),
      topics.rx('rx-a', 'state'),
      topics.rx('rx-a', 'ack'),
      topics.rx('rx-a', 'telemetry'),
      topics.zoneCmd('thon-tay'),
      'loa/v1/rx/+/cmd',
      'loa/v1/zone/+/cmd',
      'loa/v1/#',
      '#',
      '$SYS/#',
    ];
    for (const topic of allowed) expect(await granted(client, topic), topic).toBe(1);
    for (const topic of refused) expect(await granted(client, topic), topic).toBe(128);
  });

  it('PUBLISH: its own state (retained or not), telemetry and ack; anything else ends the session and reaches nobody', async () => {
    const now = new Date().toISOString();
    const state = JSON.stringify({ v: 1, online: true, fw: 'loa-agent/1.0', volume: 70 });
    const telemetry = JSON.stringify({ v: 1, at: now, rssi: -70 });
    const ack = JSON.stringify({ v: 1, cmdId: 'cmd-khong-co', state: 'received', at: now });
    const allowed: [string, string, boolean][] = [
      [topics.rx('rx-a', 'state'), state, true],
      [topics.rx('rx-a', 'state'), state, false],
      [topics.rx('rx-a', 'telemetry'), telemetry, false],
      [topics.rx('rx-a', 'ack'), ack, false],
    ];
    const c = await connect('rx-a');
    for (const [topic, payload, retain] of allowed) await c.client.publishAsync(topic, payload, { qos: 1, retain });
    expect(c.isClosed()).toBe(false);

    // rx-b listens on everything it may: a forged command must never reach it.
    const listener = await connect('rx-b');
    const got = inbox(listener.client);
    await listener.client.subscribeAsync([topics.rx('rx-b', 'cmd'), topics.zoneCmd('thon-tay'), topics.zoneCmd('xa-an-binh')], { qos: 1 });
    const forgedCmd = JSON.stringify(makeCommand({ type: 'reboot' }));
    // What the server made of rx-b: a forged state would change it.
    let changesOfB = 0;
    const onChanged = (view: { id: string }) => view.id === 'rx-b' && changesOfB++;
    t.server.receivers.events.on('changed', onChanged);
    const stateOfB = () => changesOfB;
    const refused: [string, string, string, boolean][] = [
      ["another receiver's state", topics.rx('rx-b', 'state'), state, false],
      ["another receiver's ack", topics.rx('rx-b', 'ack'), ack, false],
      ['a command to another receiver', topics.rx('rx-b', 'cmd'), forgedCmd, false],
      ['a command to its own hamlet', topics.zoneCmd('thon-dong'), forgedCmd, false],
      ['a command to the commune', topics.zoneCmd('xa-an-binh'), forgedCmd, false],
      ['its own cmd topic', topics.rx('rx-a', 'cmd'), forgedCmd, false],
      ['its own config', topics.rx('rx-a', 'config'), JSON.stringify({ v: 1, zones: ['thon-tay'], volume: 100, timezone: 'UTC' }), true],
      ['a retained ack', topics.rx('rx-a', 'ack'), ack, true],
      ['retained telemetry', topics.rx('rx-a', 'telemetry'), telemetry, true],
      ['a topic outside the protocol', 'loa/v1/khac', '{}', false],
      ['$SYS', '$SYS/broker/x', '{}', false],
    ];
    // Each rx-a session ended here had not said it was offline: the broker says it for rx-a, on its own state topic (counted by stateOfB's receiver instead).
    const totalReceived = () => Object.entries(t.server.bus.getStats().received).reduce((n, [leaf, k]) => n + (leaf === 'state' ? 0 : k), 0);
    await waitFor(() => totalReceived() >= 2, 10_000, 'the allowed messages handled');
    const handled = totalReceived();
    for (const [what, topic, payload, retain] of refused) {
      const before = stateOfB();
      const s = await connect('rx-a');
      s.client.publish(topic, payload, { qos: 1, retain });
      await waitFor(() => s.isClosed(), 10_000, `the session closed after ${what}`);
      expect(stateOfB(), what).toBe(before);
    }
    // What rx-b would have got arrives before this marker, sent after every forgery.
    await t.server.bus.sendToReceiver('rx-b', makeCommand({ type: 'ping', t0: Date.now() }));
    await waitFor(() => got.get(topics.rx('rx-b', 'cmd'))?.length === 1, 10_000, 'the marker');
    expect([...got.keys()]).toEqual([topics.rx('rx-b', 'cmd')]);
    expect(JSON.parse(got.get(topics.rx('rx-b', 'cmd'))![0]!).type).toBe('ping');
    // Nothing refused reached the server, and rx-a's retained config is still the server's, not the forged one.
    expect(totalReceived()).toBe(handled);
    expect(stateOfB()).toBe(0);
    t.server.receivers.events.off('changed', onChanged);
    const again = await connect('rx-a');
    const config = inbox(again.client);
    await again.client.subscribeAsync(topics.rx('rx-a', 'config'), { qos: 1 });
    await waitFor(() => config.get(topics.rx('rx-a', 'config'))?.length, 10_000, 'its retained config');
    expect(JSON.parse(config.get(topics.rx('rx-a', 'config'))![0]!).zones).toEqual(['thon-dong', 'xa-an-binh']);
  });

  it('a rotated secret ends the live session, and the old secret no longer connects', async () => {
    const old = secrets['rx-rot']!;
    const c = await connect('rx-rot');
    await c.client.subscribeAsync(topics.rx('rx-rot', 'cmd'), { qos: 1 });
    const res = await t.api('POST', '/api/v1/receivers/rx-rot/secret');
    expect(res.status).toBe(200);
    await waitFor(() => c.isClosed(), 10_000, 'the session ended');
    expect(await connectRefusal(t, 'rx-rot', old)).not.toBeNull();
    expect(await connectRefusal(t, 'rx-rot', res.body.secret)).toBeNull();
  });

  it('a deleted receiver is disconnected and cannot connect again', async () => {
    const c = await connect('rx-del', { will: { topic: topics.rx('rx-del', 'state'), payload: Buffer.from('{"v":1,"online":false}'), qos: 1, retain: true } });
    const res = await t.api('DELETE', '/api/v1/receivers/rx-del');
    expect(res.status).toBe(204);
    await waitFor(() => c.isClosed(), 10_000, 'the session ended');
    expect(await connectRefusal(t, 'rx-del', secrets['rx-del'])).not.toBeNull();
    expect((await t.api('GET', '/api/v1/receivers/rx-del')).status).toBe(404);
    expect((await t.api('DELETE', '/api/v1/receivers/rx-del')).status).toBe(404);
  });

  it("a moved receiver is disconnected, and its persistent session no longer gets its old hamlet's commands", async () => {
    const c = await connect('rx-mv', { clean: false });
    expect(await granted(c.client, topics.zoneCmd('thon-dong'))).toBe(1);
    const res = await t.api('PATCH', '/api/v1/receivers/rx-mv', { zoneId: 'thon-tay' });
    expect(res.status).toBe(200);
    await waitFor(() => c.isClosed(), 10_000, 'the session ended');

    // Back with the same persistent session: the old subscription is not honoured.
    const again = await connect('rx-mv', { clean: false });
    const got = inbox(again.client);
    const control = await connect('rx-a');
    const controlGot = inbox(control.client);
    await control.client.subscribeAsync(topics.zoneCmd('thon-dong'), { qos: 1 });
    expect(await granted(again.client, topics.zoneCmd('thon-dong'))).toBe(128);
    expect(await granted(again.client, topics.zoneCmd('thon-tay'))).toBe(1);
    await t.server.bus.sendToZone('thon-dong', makeCommand({ type: 'volume', level: 30 }));
    await t.server.bus.sendToZone('thon-tay', makeCommand({ type: 'volume', level: 40 }));
    await waitFor(() => got.get(topics.zoneCmd('thon-tay'))?.length === 1, 10_000, 'the new hamlet command');
    await waitFor(() => controlGot.get(topics.zoneCmd('thon-dong'))?.length === 1, 10_000, 'the control receiver got the old hamlet command');
    expect(got.has(topics.zoneCmd('thon-dong'))).toBe(false);
  });
});
