// A seeded fuzzer over every topic a receiver publishes to (state, telemetry,
// ack): thousands of hostile payloads from one provisioned receiver. The
// server stays up, stores only values within the protocol's ranges, counts
// what it drops (and writes only a few warnings about it), and a real
// broadcast still airs afterwards (issue #11, item 5).
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiverAgent } from '../../devices/agent.js';
import { WARN_BURST } from '../../src/log.js';
import { EARLIEST_TIME, LATEST_TIME, MAX_CLOCK_OFFSET_MS, telemetrySchema } from '../../src/mqtt/protocol.js';
import type { ReceiverView } from '../../src/receivers/service.js';
import { startTestServer, TEST_BACKEND, waitFor, type TestServer } from '../helpers/server.js';
import { broadcastCompletes, connectRaw, prng, provision, startAgent, tempDir, topics, type RawClient } from './helpers.js';

const SEED = 0x11a;
const PAYLOADS = 3000;
const FUZZ_ID = 'rx-fuzz-01';

let t: TestServer;
let cacheRoot: string;
let agent: ReceiverAgent | undefined;
let fuzzer: RawClient;
let secretOk = '';
/** The real play command the fuzzing receiver was sent: its acks aim at a real delivery. */
let play: { id: string; broadcastId: string };

beforeAll(async () => {
  t = await startTestServer();
  cacheRoot = await tempDir('loa-fuzz-');
  await t.api('POST', '/api/v1/zones', { id: 'xa-an-binh', name: 'Xã An Bình' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-dong', name: 'Thôn Đông', parentId: 'xa-an-binh' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-thu', name: 'Thôn Thử', parentId: 'xa-an-binh' });
  secretOk = await provision(t, 'rx-dong-01', 'thon-dong');
  fuzzer = await connectRaw(t, FUZZ_ID, await provision(t, FUZZ_ID, 'thon-thu'));
  const commands: { id: string; type: string; broadcastId: string }[] = [];
  fuzzer.client.on('message', (_topic, payload) => commands.push(JSON.parse(payload.toString())));
  await fuzzer.client.subscribeAsync([topics.zoneCmd('thon-thu'), topics.rx(FUZZ_ID, 'cmd')], { qos: 1 });
  const res = await t.api('POST', '/api/v1/broadcasts', {
    title: 'Lịch tiêm phòng',
    text: 'Trạm y tế xã thông báo lịch tiêm phòng cho trẻ em vào sáng thứ bảy.',
    zoneIds: ['thon-thu'],
    startAt: new Date(Date.now() + 2500).toISOString(),
  });
  expect(res.status).toBe(201);
  play = (await waitFor(() => commands.find((c) => c.type === 'play'), 30_000, 'the play command'))!;
});

afterAll(async () => {
  await agent?.stop().catch(() => {});
  await fuzzer?.client.endAsync(true).catch(() => {});
  await t?.close();
  if (cacheRoot) await fs.rm(cacheRoot, { recursive: true, force: true });
});

// ---- the generator ------------------------------------------------------------

const HOSTILE_NUMBERS = ['1e308', '-1e308', '1e309', '-1e309', '9223372036854775808', '-9223372036854775808', '18446744073709551616', '-0', '0.1e-400', '123456789012345678901234567890', '1.7976931348623157e308', '5e-324', '-1', '101', '1e15', '4.2'];
const HOSTILE_STRINGS = [
  '',
  '\u0000',
  'fw\u0000nul',
  '\u001b[31mĐỎ\u001b[0m',
  '\u001b]0;tiêu đề\u0007',
  'ok\u202eko',
  '\u2066isolate\u2069',
  '\u200f',
  '\ud800',
  'a\udc00b',
  '\udbff\udfff',
  '📻 loa tốt',
  'Thôn Đông',
  '\u0085next line',
  '\u007fdel',
  'x'.repeat(33),
  'x'.repeat(65),
  'x'.repeat(129),
  'x'.repeat(501),
  'x'.repeat(20_000),
  '<script>alert(1)</script>',
  "'; DROP TABLE receivers; --",
  '../../etc/passwd',
  '%s%n%x',
];
const HOSTILE_TIMES = [
  '9999-12-31T23:59:59.999Z',
  '0000-01-01T00:00:00.000Z',
  '1970-01-01T00:00:00.000Z',
  '1999-12-31T23:59:59.999Z',
  '2100-01-01T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '2026-13-45T25:61:61Z',
  '2026-02-30T00:00:00Z',
  '2026-11-29',
  'hôm nay',
];
/** Valid, but not as the server writes times: stored normalized to UTC milliseconds. */
const ODD_TIMES = ['2026-11-29T10:00:00.123456789+07:00', '2026-11-29T03:00:00Z'];
const FIELDS = {
  state: ['v', 'online', 'fw', 'volume', 'power', 'playing', 'since'],
  telemetry: ['v', 'at', 'rssi', 'network', 'uptimeS', 'tempC', 'freeBytes', 'clockOffsetMs', 'amp', 'lat', 'lon', 'power'],
  ack: ['v', 'cmdId', 'broadcastId', 'state', 'at', 'error', 't0', 'rxTime'],
} as const;
type Leaf = keyof typeof FIELDS;

function generator(seed: number) {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const now = () => new Date().toISOString();
  const valid = (leaf: Leaf): Record<string, unknown> => {
    if (leaf === 'state') return { v: 1, online: true, fw: 'loa-agent/1.4.2', volume: int(101), power: 'on', playing: null, since: now() };
    if (leaf === 'telemetry') return { v: 1, at: now(), rssi: -60 - int(40), network: '4G', uptimeS: int(1e6), tempC: 30 + int(30), freeBytes: int(1e9), clockOffsetMs: int(200) - 100, amp: 'ok', power: 'mains' };
    const state = pick(['received', 'downloaded', 'playing', 'done', 'failed', 'preempted', 'expired', 'rejected', 'pong'] as const);
    return { v: 1, cmdId: play.id, broadcastId: play.broadcastId, state, at: now(), ...(state === 'pong' && { t0: Date.now(), rxTime: Date.now() + int(1000) }) };
  };
  const hostileValue = (): string => {
    switch (int(8)) {
      case 0:
      case 1:
        return pick(HOSTILE_NUMBERS);
      case 2:
      case 3:
        return JSON.stringify(pick(HOSTILE_STRINGS));
      case 4:
        return JSON.stringify(pick([...HOSTILE_TIMES, ...ODD_TIMES]));
      case 5:
        return pick(['null', 'true', '[]', '{}', '[1,2,3]', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}', '"NaN"', '"Infinity"']);
      case 6:
        return '['.repeat(1 + int(5000)) + ']'.repeat(int(2) ? 0 : 1);
      default:
        return String((rnd() - 0.5) * 10 ** int(310));
    }
  };
  /** A valid message with one to three fields replaced by hostile text, written as raw JSON so 1e309 and 2^63 arrive as such. */
  const mutated = (leaf: Leaf): string => {
    const msg = valid(leaf);
    const raw: Record<string, string> = Object.fromEntries(Object.entries(msg).map(([k, v]) => [k, JSON.stringify(v)]));
    for (let i = 1 + int(3); i > 0; i--) raw[pick(FIELDS[leaf])] = hostileValue();
    if (int(10) === 0) raw[pick(['__proto__', 'constructor', 'extra', 'toString'])] = hostileValue();
    return '{' + Object.entries(raw).map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',') + '}';
  };
  const garbage = (): Buffer => {
    switch (int(6)) {
      case 0:
        return Buffer.from(Array.from({ length: int(2000) }, () => int(256)));
      case 1:
        return Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0x7b, 0x7d]);
      case 2:
        return Buffer.from(JSON.stringify(valid(pick(['state', 'telemetry', 'ack'] as const))).slice(0, int(40)));
      case 3:
        return Buffer.from(JSON.stringify(Array.from({ length: int(3000) }, () => int(10))));
      case 4:
        return Buffer.from('{"v":1,"online":true,"fw":"' + '\\u0000'.repeat(int(300)) + '"}');
      default:
        return Buffer.from(pick(['null', '1', '"chuỗi"', '[]', 'true', '{"v":2,"online":true}', '{"v":"1","online":"true"}']));
    }
  };
  return (): { leaf: Leaf; payload: Buffer; retain: boolean } => {
    const leaf = pick(['state', 'telemetry', 'ack'] as const);
    const r = rnd();
    const payload = r < 0.15 ? Buffer.from(JSON.stringify(valid(leaf))) : r < 0.8 ? Buffer.from(mutated(leaf)) : garbage();
    // Only state may be retained; an empty state payload is how a retained state is cleared, not a message.
    return { leaf, payload: leaf === 'state' && payload.length === 0 ? Buffer.from('{}') : payload, retain: leaf === 'state' && int(4) === 0 };
  };
}

// ---- the run ------------------------------------------------------------------

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u;
const inRange = (iso: string | null) => iso === null || (Date.parse(iso) >= EARLIEST_TIME && Date.parse(iso) < LATEST_TIME && iso.length <= 30);
const totals = () => {
  const s = t.server.bus.getStats();
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  return { received: sum(s.received), invalid: sum(s.invalid) };
};

describe.skipIf(TEST_BACKEND === 'postgres-mosquitto')(`the MQTT payload fuzzer (seed ${SEED}, ${PAYLOADS} payloads)`, () => {
  it('the server handles or drops every payload, stays up, and stores nothing out of range', async () => {
    // Every change the panel would be shown, not only the last one.
    const seen: string[] = [];
    const watch = (v: ReceiverView) => {
      if (v.id !== FUZZ_ID) return;
      const t = v.telemetry;
      const bad =
        (v.fw !== null && (v.fw.length > 64 || UNSAFE.test(v.fw))) ||
        v.volume < 0 ||
        v.volume > 100 ||
        (v.clockOffsetMs !== null && Math.abs(v.clockOffsetMs) > MAX_CLOCK_OFFSET_MS) ||
        (t !== null && (!telemetrySchema.safeParse(t).success || !inRange(t.at) || [t.network, t.amp, t.power].some((x) => x !== undefined && UNSAFE.test(x)))) ||
        (v.playing !== null && !inRange((v.playing as { startedAt: string }).startedAt));
      if (bad) seen.push(JSON.stringify(v));
    };
    t.server.receivers.events.on('changed', watch);
    // First the acks most likely to do harm, at the real delivery, before any valid one.
    for (const at of HOSTILE_TIMES) {
      for (const state of ['received', 'playing', 'failed'])
        fuzzer.client.publish(topics.rx(FUZZ_ID, 'ack'), JSON.stringify({ v: 1, cmdId: play.id, broadcastId: play.broadcastId, state, at }), { qos: 1 });
    }
    fuzzer.client.publish(topics.rx(FUZZ_ID, 'ack'), JSON.stringify({ v: 1, cmdId: play.id, state: 'failed', at: new Date().toISOString(), error: 'lỗi\u0000\u001b[2J\u202e\ud800' }), { qos: 1 });
    fuzzer.client.publish(topics.rx(FUZZ_ID, 'ack'), JSON.stringify({ v: 1, cmdId: 'ping-1', state: 'pong', at: new Date().toISOString(), t0: 0, rxTime: 2 ** 63 }), { qos: 1 });
    const hostile = HOSTILE_TIMES.length * 3 + 2;
    await waitFor(() => totals().received + totals().invalid >= hostile, 30_000, 'the hostile acks handled');
    // Every ack with a hostile time is dropped but for a clock not set yet
    // (1970 to 2000: taken at its arrival); the `failed` with a hostile
    // `error` and the pong with an impossible `rxTime` are valid acks with
    // one optional field out of range: taken without that field
    // (decodeLenient), so nothing of it is stored (a pong without rxTime
    // records no clock offset).
    const unset = HOSTILE_TIMES.filter((at) => Date.parse(at) >= 0 && Date.parse(at) < Date.UTC(2000, 0, 1)).length * 3;
    expect(unset).toBe(6);
    expect(totals()).toEqual({ received: 2 + unset, invalid: hostile - 2 - unset });
    const untouched = await t.server.database.db.selectFrom('deliveries').selectAll().where('receiver_id', '=', FUZZ_ID).executeTakeFirstOrThrow();
    // The 1970 acks moved it on, at the times they arrived; the hostile error was not kept.
    expect([untouched.state, untouched.error]).toEqual(['failed', null]);
    for (const at of [untouched.received_at, untouched.playing_at, untouched.finished_at]) expect(inRange(at), String(at)).toBe(true);

    const next = generator(SEED);
    const before = totals();
    const sent = { state: 0, telemetry: 0, ack: 0 };
    for (let i = 0; i < PAYLOADS; i++) {
      const { leaf, payload, retain } = next();
      sent[leaf]++;
      fuzzer.client.publish(topics.rx(FUZZ_ID, leaf), payload, { qos: 1, retain });
      // A breath now and then, so the test's own client does not queue megabytes.
      if (i % 200 === 199) await new Promise((r) => setImmediate(r));
    }
    await waitFor(
      () => {
        const now = totals();
        return now.received - before.received + (now.invalid - before.invalid) === PAYLOADS;
      },
      90_000,
      `all ${PAYLOADS} payloads handled or dropped (seed ${SEED})`,
    );
    expect(fuzzer.isClosed(), 'nothing the fuzzer sent was over the limits of the connection').toBe(false);
    const after = totals();
    // Most payloads are hostile and dropped; the valid ones are handled.
    expect(after.invalid - before.invalid).toBeGreaterThan(PAYLOADS / 2);
    expect(after.received - before.received).toBeGreaterThan(PAYLOADS / 10);

    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    t.server.receivers.events.off('changed', watch);
    expect(seen.slice(0, 3)).toEqual([]);

    // What the panel and the API show of the receiver is within the protocol's ranges.
    const view = (await t.api('GET', `/api/v1/receivers/${FUZZ_ID}`)).body;
    expect(view.fw === null || (typeof view.fw === 'string' && view.fw.length <= 64 && !UNSAFE.test(view.fw))).toBe(true);
    expect(view.volume).toBeGreaterThanOrEqual(0);
    expect(view.volume).toBeLessThanOrEqual(100);
    expect([null, 'on', 'off']).toContain(view.power);
    expect(view.clockOffsetMs === null || Math.abs(view.clockOffsetMs) <= MAX_CLOCK_OFFSET_MS).toBe(true);
    expect(view.telemetry).not.toBeNull();
    expect(telemetrySchema.safeParse(view.telemetry).success).toBe(true);
    expect(view.telemetry.at).toBe(new Date(view.telemetry.at).toISOString());
    expect(inRange(view.telemetry.at)).toBe(true);
    for (const s of [view.fw, view.telemetry.network, view.telemetry.amp, view.telemetry.power]) if (s) expect(UNSAFE.test(s)).toBe(false);

    // And in the database: the delivery the acks aimed at holds only plausible times.
    const d = await t.server.database.db.selectFrom('deliveries').selectAll().where('receiver_id', '=', FUZZ_ID).executeTakeFirstOrThrow();
    expect(d.state).not.toBe('queued');
    for (const at of [d.received_at, d.downloaded_at, d.playing_at, d.finished_at]) expect(inRange(at), String(at)).toBe(true);
    expect(d.error === null || (d.error.length <= 500 && !/[\u0000-\u0008\u001b\u202e\ud800-\udfff]/u.test(d.error))).toBe(true);
    const row = await t.server.database.db.selectFrom('receivers').selectAll().where('id', '=', FUZZ_ID).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toMatch(/\\u0000|\\u001b|\\u202e|\\ud[89ab]/i);

    // Every drop is counted in /metrics; only a few of the warnings about them reached the log.
    const metrics = (await t.api('GET', '/metrics')).body as string;
    const series = (name: string) =>
      metrics
        .split('\n')
        .filter((l) => l.startsWith(name))
        .reduce((a, l) => a + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    expect(series('loa_mqtt_invalid_messages_total{')).toBe(after.invalid);
    const dropped = after.invalid - before.invalid;
    const suppressed = series('loa_log_warnings_suppressed_total{scope="loa:bus",message="dropped invalid message"}');
    expect(suppressed).toBeGreaterThanOrEqual(dropped - WARN_BURST * 3);
  });

  it('a receiver with deliveries on record is not deleted (its as-played history stays), and stays connected', async () => {
    const res = await t.api('DELETE', `/api/v1/receivers/${FUZZ_ID}`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('has_history');
    expect((await t.api('GET', `/api/v1/receivers/${FUZZ_ID}`)).status).toBe(200);
    expect(fuzzer.isClosed()).toBe(false);
  });

  it('a real broadcast still airs afterwards', async () => {
    agent = await startAgent(t, 'rx-dong-01', secretOk, cacheRoot);
    await waitFor(async () => (await t.api('GET', '/api/v1/receivers/rx-dong-01')).body.online, 10_000, 'the agent online');
    await broadcastCompletes(t, 'thon-dong', ['rx-dong-01']);
  });
});
