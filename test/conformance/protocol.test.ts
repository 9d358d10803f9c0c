// Conformance: the real server (embedded aedes, SQLite, the offline voice and
// ffmpeg) against receivers written from /work/shared/protocol.md alone
// (clean-receiver.ts), over every part of that contract. Each check quotes
// the contract it holds the server to.
import http from 'node:http';
import { createHash } from 'node:crypto';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/server.js';
import { pushStream, toneSource } from '../live/helpers.js';
import { CleanReceiver, type Command } from './clean-receiver.js';

// Each test builds on the ones before (receivers, broadcasts, links): a retry
// would run on a changed fleet and could pass for the wrong reason.
const NO_RETRY = { retry: 0 };
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ROOT = 'loa/v1';

let t: TestServer;
const secrets = new Map<string, string>();
const rx = new Map<string, CleanReceiver>();
/** How long a receiver "plays" a file: short by default, long where a test interrupts it. */
let playMs = 600;
/** Audio rendered once (the voice is slow on a busy machine), so that a broadcast is made at once and its startAt is still ahead. */
const media: Record<'short' | 'other', string> = { short: '', other: '' };

const receiverView = async (id: string) => (await t.api('GET', `/api/v1/receivers/${id}`)).body;
const broadcast = async (id: string) => (await t.api('GET', `/api/v1/broadcasts/${id}`)).body;
const delivery = async (bid: string, rid: string) => (await broadcast(bid)).deliveries.find((d: any) => d.receiverId === rid);
const mqttStats = async () => (await t.api('GET', '/api/v1/system/mqtt')).body;

function receiver(id: string, extra: Partial<ConstructorParameters<typeof CleanReceiver>[0]> = {}): CleanReceiver {
  const r = new CleanReceiver({ brokerUrl: t.server.receiverMqttUrl, id, password: secrets.get(id)!, playMs: () => playMs, ...extra });
  rx.set(id, r);
  return r;
}

async function provision(id: string, zoneId: string): Promise<void> {
  const res = await t.api('POST', '/api/v1/receivers', { id, name: id, zoneId });
  expect(res.status).toBe(201);
  expect(typeof res.body.secret).toBe('string');
  secrets.set(id, res.body.secret);
}

/** Tries a connection and reports how it ended: connected, or the broker's refusal. */
function tryConnect(opts: { clientId: string; username?: string; password?: string }): Promise<{ connected: boolean; error?: string; code?: number }> {
  return new Promise((resolve) => {
    const c = mqtt.connect(t.server.receiverMqttUrl, { protocolVersion: 4, clean: false, keepalive: 30, reconnectPeriod: 0, connectTimeout: 3000, ...opts });
    const finish = (r: { connected: boolean; error?: string; code?: number }) => {
      c.end(true);
      resolve(r);
    };
    c.once('connect', () => finish({ connected: true }));
    c.once('error', (e: Error & { code?: number }) => finish({ connected: false, error: e.message, code: e.code }));
    c.once('close', () => finish({ connected: false, error: 'closed' }));
  });
}

async function newBroadcast(body: Record<string, unknown>): Promise<any> {
  const res = await t.api('POST', '/api/v1/broadcasts', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const playCmd = (r: CleanReceiver, bid: string): Command | undefined => r.commands.find((c) => c.cmd.broadcastId === bid && (c.cmd.type === 'play' || c.cmd.type === 'live'))?.cmd;

beforeAll(async () => {
  t = await startTestServer({ LEAD_TIME_MS: '2000' });
  await t.api('POST', '/api/v1/zones', { id: 'xa-conf', name: 'Xã Hợp Chuẩn' });
  for (const [id, name] of [['thon-a', 'Thôn A'], ['thon-b', 'Thôn B'], ['thon-c', 'Thôn C'], ['thon-d', 'Thôn D']]) {
    await t.api('POST', '/api/v1/zones', { id, name, parentId: 'xa-conf' });
  }
  await provision('rx-a1', 'thon-a');
  await provision('rx-a2', 'thon-a');
  await provision('rx-b1', 'thon-b');
  await provision('rx-c1', 'thon-c');
  await provision('rx-d1', 'thon-d');
  for (const [k, text] of [['short', 'Thông báo thử nghiệm hệ thống.'], ['other', 'Kính mời bà con đến họp thôn.']] as const) {
    const job = await t.api('POST', '/api/v1/speech/render', { text });
    expect(job.status).toBe(202);
    media[k] = await waitFor(async () => (await t.api('GET', job.body.statusUrl)).body.mediaSha256, 50_000, 'speech rendered');
  }
});

afterAll(async () => {
  for (const r of rx.values()) await r.close().catch(() => {});
  await t?.close();
});

describe('identity and access', NO_RETRY, () => {
  it('a provisioned receiver connects with clientId = username = receiverId and its secret, and is shown online with its state', async () => {
    for (const id of ['rx-a1', 'rx-a2', 'rx-b1']) receiver(id);
    receiver('rx-c1', { clockOffsetMs: 3000, telemetryMs: 0, fw: 'clean-skew-2.0' });
    await waitFor(() => [...rx.values()].every((r) => r.connected), 5000, 'clean receivers connected');
    await waitFor(async () => (await t.api('GET', '/api/v1/receivers')).body.filter((r: any) => r.online).length === 4, 5000, 'server shows them online');
    const v = await receiverView('rx-c1');
    expect(v).toMatchObject({ online: true, fw: 'clean-skew-2.0', volume: 70, power: 'on', playing: null });
  });

  it('receiverId is [A-Za-z0-9_-]{3,64}; the secret is shown once and never again', async () => {
    for (const bad of ['ab', 'a.b.c', 'rx/1', 'x'.repeat(65), 'rx 1']) {
      expect((await t.api('POST', '/api/v1/receivers', { id: bad, name: 'bad', zoneId: 'thon-d' })).status, bad).toBe(400);
    }
    expect((await t.api('POST', '/api/v1/receivers', { id: `A_z-9${'x'.repeat(59)}`, name: 'longest', zoneId: 'thon-d' })).status).toBe(201);
    const view = await t.api('GET', '/api/v1/receivers/rx-d1');
    expect(JSON.stringify(view.body)).not.toContain(secrets.get('rx-d1')!);
  });

  it('unknown receiver, wrong secret, clientId ≠ username: refused by the broker', async () => {
    const unknown = await tryConnect({ clientId: 'rx-nobody', username: 'rx-nobody', password: 'whatever-secret' });
    expect(unknown.connected).toBe(false);
    const wrong = await tryConnect({ clientId: 'rx-d1', username: 'rx-d1', password: 'not-its-secret' });
    expect(wrong.connected).toBe(false);
    const mismatch = await tryConnect({ clientId: 'rx-other', username: 'rx-d1', password: secrets.get('rx-d1')! });
    expect(mismatch.connected).toBe(false);
    const none = await tryConnect({ clientId: 'rx-d1' });
    expect(none.connected).toBe(false);
    // The real secret works (the refusals above were about the credentials).
    const ok = await tryConnect({ clientId: 'rx-d1', username: 'rx-d1', password: secrets.get('rx-d1')! });
    expect(ok.connected).toBe(true);
  });

  it('the retained config carries v, zones, volume, timezone; the receiver follows its zone topics', async () => {
    const a1 = rx.get('rx-a1')!;
    await waitFor(() => a1.configs.length > 0, 3000, 'config');
    const cfgMsg = a1.inbox.find((m) => m.topic === `${ROOT}/rx/rx-a1/config`)!;
    // "loa/v1/rx/{id}/config | server → receiver | 1 | yes"
    expect(cfgMsg.qos).toBe(1);
    expect(cfgMsg.retain).toBe(true);
    const cfg = a1.configs[0]!;
    expect(cfg.v).toBe(1);
    expect(cfg.zones).toContain('thon-a');
    expect(Number.isInteger(cfg.volume)).toBe(true);
    expect(typeof cfg.timezone).toBe('string');
    await waitFor(() => a1.subscribed.has(`${ROOT}/zone/thon-a/cmd`), 3000, 'zone subscription granted');
  });

  it('may subscribe only to its own cmd/config and its zones; publish only to its own state/telemetry/ack', async () => {
    const a1 = rx.get('rx-a1')!;
    expect(await a1.rawSubscribe(`${ROOT}/rx/rx-a2/cmd`)).toBe(128);
    expect(await a1.rawSubscribe(`${ROOT}/rx/rx-a2/config`)).toBe(128);
    expect(await a1.rawSubscribe(`${ROOT}/zone/thon-b/cmd`)).toBe(128);
    expect(await a1.rawSubscribe(`${ROOT}/rx/+/ack`)).toBe(128);
    expect(await a1.rawSubscribe('#')).toBe(128);
    expect(await a1.rawSubscribe(`${ROOT}/zone/thon-a/cmd`)).toBe(1);

    // A spoofed ack / state for another receiver must reach nobody.
    const d1 = receiver('rx-d1');
    await waitFor(() => d1.connected, 3000, 'rx-d1 connected');
    // QoS 0: a refused QoS 1 publish would be re-sent on every reconnect.
    await d1.raw(`${ROOT}/rx/rx-a2/state`, JSON.stringify({ v: 1, online: false }), { qos: 0, retain: true });
    await new Promise((r) => setTimeout(r, 500));
    // Had it gone through, the server would show rx-a2 offline.
    expect((await receiverView('rx-a2')).online).toBe(true);
    await waitFor(() => d1.connected, 5000, 'rx-d1 back after the refused publish');
    // Nor may a receiver speak for the server: a command on a zone topic (its own zone's included) or on a receiver's cmd reaches nobody.
    const fake = JSON.stringify({ v: 1, id: 'cmd-spoofed', type: 'volume', issuedAt: new Date().toISOString(), level: 0 });
    for (const topic of [`${ROOT}/zone/thon-a/cmd`, `${ROOT}/zone/thon-d/cmd`, `${ROOT}/rx/rx-a1/cmd`, `${ROOT}/rx/rx-d1/cmd`, `${ROOT}/rx/rx-d1/config`]) {
      await waitFor(() => d1.connected, 5000, 'rx-d1 connected');
      await d1.raw(topic, fake, { qos: 0 });
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 300));
    expect([...a1.inbox, ...d1.inbox].some((m) => m.raw.includes('cmd-spoofed'))).toBe(false);
    expect(a1.volume).toBe(70);
  });
});

describe('state and telemetry', NO_RETRY, () => {
  it('telemetry (QoS 0) is taken; the state a receiver publishes is what the server shows', async () => {
    const a2 = rx.get('rx-a2')!;
    await waitFor(async () => (await receiverView('rx-a2')).telemetry?.rssi === -71, 3000, 'telemetry');
    const v = await receiverView('rx-a2');
    expect(v.telemetry).toMatchObject({ v: 1, network: 'eth', amp: 'ok' });
    // A state with only the fields the Last Will has is valid too.
    expect(a2.connected).toBe(true);
  });

  it('the Last Will marks a receiver offline when its link dies', async () => {
    const d1 = rx.get('rx-d1')!;
    await d1.kill();
    await waitFor(async () => (await receiverView('rx-d1')).online === false, 3000, 'rx-d1 offline from its Will');
  });
});

describe('play', NO_RETRY, () => {
  let b: any;
  const startAt = () => new Date(b.startAt).getTime();

  it('plays on time on every receiver of the zone, with acks in order', async () => {
    b = await newBroadcast({
      title: 'Lịch tiếp công dân',
      mediaSha256: media.short,
      zoneIds: ['thon-a'],
      priority: 'normal',
      startAt: new Date(Date.now() + 5000).toISOString(),
    });
    const done = await waitFor(async () => {
      const x = await broadcast(b.id);
      return x.status === 'done' ? x : null;
    }, 20_000, 'broadcast done');
    expect(done.deliveries.map((d: any) => d.receiverId).sort()).toEqual(['rx-a1', 'rx-a2']);
    for (const id of ['rx-a1', 'rx-a2']) {
      const r = rx.get(id)!;
      const cmd = playCmd(r, b.id)!;
      expect(r.acksFor(cmd.id)).toEqual(['received', 'downloaded', 'playing', 'done']);
      const playing = r.acks.find((a) => a.cmdId === cmd.id && a.state === 'playing')!;
      const late = Date.parse(playing.at) - startAt();
      expect(late).toBeGreaterThanOrEqual(-20);
      expect(late).toBeLessThanOrEqual(1000);
      // "The server sends play ahead of startAt (lead time)"
      const got = r.commands.find((c) => c.cmd.id === cmd.id)!;
      expect(startAt() - got.at).toBeGreaterThan(1000);
    }
    expect(rx.get('rx-b1')!.commands.some((c) => c.cmd.broadcastId === b.id)).toBe(false);
  });

  it('the command is the contract\'s: QoS 1, not retained, every field, times ISO-8601 UTC with milliseconds', async () => {
    const r = rx.get('rx-a1')!;
    const got = r.commands.find((c) => c.cmd.broadcastId === b.id)!;
    expect(got.topic).toBe(`${ROOT}/zone/thon-a/cmd`);
    expect(got.qos).toBe(1);
    expect(got.retain).toBe(false);
    const c = got.cmd;
    expect(c).toMatchObject({ v: 1, type: 'play', broadcastId: b.id, priority: 'normal' });
    expect(typeof c.id).toBe('string');
    for (const f of ['issuedAt', 'startAt', 'expiresAt'] as const) expect(c[f], f).toMatch(ISO_MS);
    expect(c.media!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(c.media!.format).toBe('mp3');
    expect(Number.isInteger(c.media!.bytes)).toBe(true);
    expect(c.media!.durationMs).toBeGreaterThan(0);
    expect(c.repeat).toBe(1);
    // The file the receiver downloaded is the one announced.
    const dl = r.downloads.find((d) => d.url === c.media!.url)!;
    expect(dl).toMatchObject({ status: 200, bytes: c.media!.bytes, sha256: c.media!.sha256 });
  });

  it('media URLs support Range and are immutable', async () => {
    const c = playCmd(rx.get('rx-a1')!, b.id)!;
    const part = await fetch(c.media!.url, { headers: { range: 'bytes=10-109' } });
    expect(part.status).toBe(206);
    const bytes = Buffer.from(await part.arrayBuffer());
    expect(bytes.length).toBe(100);
    const whole = Buffer.from(await (await fetch(c.media!.url)).arrayBuffer());
    expect(createHash('sha256').update(whole).digest('hex')).toBe(c.media!.sha256);
    expect(bytes.equals(whole.subarray(10, 110))).toBe(true);
    expect(part.headers.get('cache-control') ?? '').toContain('immutable');
    // A receiver resuming a download asks for the rest; the suffix form works too.
    const rest = await fetch(c.media!.url, { headers: { range: `bytes=${whole.length - 300}-` } });
    expect(rest.status).toBe(206);
    expect(Buffer.from(await rest.arrayBuffer()).equals(whole.subarray(whole.length - 300))).toBe(true);
    const tail = await fetch(c.media!.url, { headers: { range: 'bytes=-50' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(whole.subarray(whole.length - 50))).toBe(true);
  });

  it('commands are never retained: subscribing again replays nothing', async () => {
    const r = rx.get('rx-a1')!;
    const n = r.inbox.length;
    expect(await r.rawSubscribe(`${ROOT}/zone/thon-a/cmd`)).toBe(1);
    expect(await r.rawSubscribe(`${ROOT}/rx/rx-a1/cmd`)).toBe(1);
    await new Promise((res) => setTimeout(res, 500));
    expect(r.inbox.slice(n).filter((m) => m.topic.endsWith('/cmd'))).toEqual([]);
  });

  it('the as-played report shows what each receiver played, at the time it acked', async () => {
    const rep = (await t.api('GET', '/api/v1/reports/played?format=json')).body;
    const rows = rep.rows.filter((x: any) => x.broadcastId === b.id);
    expect(rows.map((x: any) => x.receiverId).sort()).toEqual(['rx-a1', 'rx-a2']);
    for (const row of rows) {
      const r = rx.get(row.receiverId)!;
      const cmd = playCmd(r, b.id)!;
      const playing = r.acks.find((a) => a.cmdId === cmd.id && a.state === 'playing')!;
      expect(row.state).toBe('done');
      expect(row.playingAt).toBe(playing.at);
    }
  });
});

describe('an item for now', NO_RETRY, () => {
  it('its play\'s startAt is not before the command was issued (it was rendered first), and the broadcast says the same start', async () => {
    const now = await newBroadcast({ title: 'Phát ngay', text: 'Thông báo phát ngay tới thôn A, lần thử thứ hai.', zoneIds: ['thon-a'] });
    const r = rx.get('rx-a1')!;
    const got = await waitFor(() => r.commands.find((c) => c.cmd.broadcastId === now.id && c.cmd.type === 'play'), 10_000, 'the play');
    // "absent or in the past = play as soon as downloaded": one already past when issued said it went out late.
    expect(Date.parse(got!.cmd.startAt!)).toBeGreaterThanOrEqual(Date.parse(got!.cmd.issuedAt!));
    expect(got!.at).toBeGreaterThanOrEqual(Date.parse(got!.cmd.startAt!));
    await waitFor(async () => (await broadcast(now.id)).status === 'done', 15_000, 'played');
    expect((await broadcast(now.id)).startAt).toBe(got!.cmd.startAt);
  });
});

describe('offline, reconnect, de-duplication, expiry', NO_RETRY, () => {
  it('a receiver back before expiresAt gets the command again and plays it once; one expired meanwhile never starts', async () => {
    const b1 = rx.get('rx-b1')!;
    await b1.kill();
    await waitFor(async () => (await receiverView('rx-b1')).online === false, 3000, 'rx-b1 offline');
    const now = Date.now();
    const short = await newBroadcast({ title: 'Ngắn', mediaSha256: media.short, zoneIds: ['thon-b'], startAt: new Date(now + 3000).toISOString(), expiresAt: new Date(now + 4500).toISOString() });
    const long = await newBroadcast({ title: 'Dài', mediaSha256: media.other, zoneIds: ['thon-b'], startAt: new Date(now + 3000).toISOString(), expiresAt: new Date(now + 60_000).toISOString() });
    await waitFor(async () => (await delivery(short.id, 'rx-b1'))?.state === 'expired', 15_000, 'short one expired on the server');
    // "it does not rely on broker queues": the broker loses the receiver's
    // session (a broker restart would), so only the server can bring it back.
    const wipe = await mqtt.connectAsync(t.server.receiverMqttUrl, { protocolVersion: 4, clientId: 'rx-b1', username: 'rx-b1', password: secrets.get('rx-b1')!, clean: true, reconnectPeriod: 0, will: { topic: `${ROOT}/rx/rx-b1/state`, payload: Buffer.from('{"v":1,"online":false}'), qos: 1, retain: true } });
    await wipe.endAsync();
    b1.reconnect();
    await waitFor(async () => (await broadcast(long.id)).status === 'done', 15_000, 'long one played after the reconnect');
    const cmd = playCmd(b1, long.id)!;
    expect(b1.acksFor(cmd.id)).toEqual(['received', 'downloaded', 'playing', 'done']);
    // "the server re-sends": on the receiver's own topic.
    const copies = [...b1.commands.filter((c) => c.cmd.id === cmd.id).map((c) => c.topic), ...b1.duplicates.filter((d) => d.id === cmd.id).map((d) => d.topic)];
    expect(copies).toContain(`${ROOT}/rx/rx-b1/cmd`);
    // The expired one never started, whatever the broker's queue brought.
    const s = playCmd(b1, short.id);
    if (s) expect(b1.acksFor(s.id)).not.toContain('playing');
    expect((await broadcast(short.id)).status).toBe('expired');
  });
});

describe('a receiver that plays while its link is down', NO_RETRY, () => {
  /** A short broadcast to thôn B that rx-b1 has downloaded; expiresAt comes soon after startAt. */
  async function downloadedOnB1(title: string) {
    const b1 = rx.get('rx-b1')!;
    const now = Date.now();
    const b = await newBroadcast({ title, mediaSha256: media.short, zoneIds: ['thon-b'], startAt: new Date(now + 4000).toISOString(), expiresAt: new Date(now + 5500).toISOString() });
    await waitFor(() => {
      const c = playCmd(b1, b.id);
      return !!c && b1.acksFor(c.id).includes('downloaded');
    }, 10_000, 'downloaded');
    return { b1, b, cmd: playCmd(b1, b.id)! };
  }

  it('started before expiresAt while offline: once its acks arrive, the server records it played, not expired', async () => {
    const { b1, b, cmd } = await downloadedOnB1('Ngoại tuyến');
    // The link fails until well after expiresAt; the receiver plays at startAt all the same.
    b1.dropLink(Date.parse(b.expiresAt) + 2500 - Date.now());
    await waitFor(async () => (await receiverView('rx-b1')).online === false, 3000, 'offline');
    await waitFor(async () => (await delivery(b.id, 'rx-b1'))?.state === 'expired', 15_000, 'closed expired by the server meanwhile');
    await waitFor(() => b1.acksFor(cmd.id).includes('done'), 10_000, 'played offline');
    const playing = b1.acks.find((a) => a.cmdId === cmd.id && a.state === 'playing')!;
    expect(Date.parse(playing.at)).toBeLessThan(Date.parse(b.expiresAt));
    await waitFor(() => b1.connected, 10_000, 'link back');
    await waitFor(async () => (await delivery(b.id, 'rx-b1'))?.state === 'done', 5000, 'recorded as played');
    expect((await delivery(b.id, 'rx-b1')).playingAt).toBe(playing.at);
    await waitFor(async () => (await broadcast(b.id)).status === 'done', 5000, 'broadcast done');
  });

  it('acks that come back out of order or incomplete: `done` before `playing` still closes it played; a lone `playing` never reopens it', async () => {
    // The receiver drops what it holds and goes away (its own acks are lost, as when the server's broker dies); it later reports by hand.
    const first = await downloadedOnB1('Ngoại tuyến, ngược thứ tự');
    await first.b1.close();
    await waitFor(async () => (await delivery(first.b.id, 'rx-b1'))?.state === 'expired', 15_000, 'first closed expired');
    const startedAt = new Date(Date.parse(first.b.startAt) + 100).toISOString();
    first.b1.reconnect();
    await waitFor(() => first.b1.connected, 10_000, 'back');
    first.b1.ack(first.cmd, 'done', { at: new Date(Date.parse(startedAt) + 600).toISOString() });
    await waitFor(async () => (await delivery(first.b.id, 'rx-b1'))?.state === 'done', 5000, 'done before playing closes it played');
    first.b1.ack(first.cmd, 'playing', { at: startedAt });
    await waitFor(async () => (await delivery(first.b.id, 'rx-b1'))?.playingAt === startedAt, 5000, 'the late playing fills in the start');
    expect((await delivery(first.b.id, 'rx-b1')).state).toBe('done');
    expect((await broadcast(first.b.id)).status).toBe('done');

    // Only `playing` comes back: the start is recorded, the delivery stays closed, the broadcast settled.
    const second = await downloadedOnB1('Ngoại tuyến, mất done');
    await second.b1.close();
    await waitFor(async () => (await delivery(second.b.id, 'rx-b1'))?.state === 'expired', 15_000, 'second closed expired');
    second.b1.reconnect();
    await waitFor(() => second.b1.connected, 10_000, 'back again');
    const started2 = new Date(Date.parse(second.b.startAt) + 50).toISOString();
    second.b1.ack(second.cmd, 'playing', { at: started2 });
    await waitFor(async () => (await delivery(second.b.id, 'rx-b1'))?.playingAt === started2, 5000, 'start recorded');
    expect((await delivery(second.b.id, 'rx-b1')).state).toBe('expired');
    expect((await broadcast(second.b.id)).status).toBe('expired');
    // A `done` that could not have started before expiresAt (a whole hour later) is not believed.
    second.b1.ack(second.cmd, 'done', { at: new Date(Date.parse(second.b.expiresAt) + 3_600_000).toISOString() });
    second.b1.ack(second.cmd, 'preempted', { at: new Date(Date.parse(second.b.expiresAt) + 3_600_000).toISOString() });
    await new Promise((r) => setTimeout(r, 700));
    expect((await delivery(second.b.id, 'rx-b1')).state).toBe('expired');
  });
});

describe('a receiver that loses power while playing', NO_RETRY, () => {
  it('gets the command again when it comes back before expiresAt, and plays it (it remembers nothing)', async () => {
    playMs = 4000;
    const b1 = rx.get('rx-b1')!;
    const b = await newBroadcast({ title: 'Mất điện', mediaSha256: media.other, zoneIds: ['thon-b'], startAt: new Date(Date.now() + 2500).toISOString(), expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await waitFor(() => b1.nowPlaying?.broadcastId === b.id, 10_000, 'playing');
    await waitFor(async () => (await delivery(b.id, 'rx-b1'))?.state === 'playing', 5000, 'playing on the server');
    await b1.powerLoss();
    await waitFor(async () => (await receiverView('rx-b1')).online === false, 3000, 'offline (Last Will)');
    playMs = 600;
    // Rebooted: a new receiver with the same identity and no memory of the command.
    const rebooted = receiver('rx-b1');
    await waitFor(async () => (await delivery(b.id, 'rx-b1'))?.state === 'done', 15_000, 'played after the reboot');
    const cmd = playCmd(rebooted, b.id)!;
    expect(rebooted.acksFor(cmd.id)).toEqual(['received', 'downloaded', 'playing', 'done']);
    expect((await broadcast(b.id)).status).toBe('done');
  });
});

describe('controls: volume, power, ping, reboot', NO_RETRY, () => {
  it('volume: {"type":"volume","level"} reaches the receiver; its state is what the server shows', async () => {
    const c1 = rx.get('rx-c1')!;
    const res = await t.api('POST', '/api/v1/receivers/rx-c1/commands', { type: 'volume', level: 35 });
    expect(res.status).toBe(202);
    await waitFor(() => c1.commands.some((c) => c.cmd.type === 'volume'), 3000, 'volume command');
    const cmd = c1.commands.find((c) => c.cmd.type === 'volume')!;
    expect(cmd.cmd).toMatchObject({ v: 1, type: 'volume', level: 35 });
    expect(cmd.cmd.issuedAt).toMatch(ISO_MS);
    expect(cmd.topic).toBe(`${ROOT}/rx/rx-c1/cmd`);
    expect(c1.volume).toBe(35);
    await waitFor(async () => (await receiverView('rx-c1')).volume === 35, 3000, 'server shows volume 35');
  });

  it('power: {"type":"power","on"} switches the amplifier; the state reports it', async () => {
    const c1 = rx.get('rx-c1')!;
    expect((await t.api('POST', '/api/v1/receivers/rx-c1/commands', { type: 'power', on: false })).status).toBe(202);
    await waitFor(async () => (await receiverView('rx-c1')).power === 'off', 3000, 'amplifier off');
    expect(c1.commands.find((c) => c.cmd.type === 'power')!.cmd).toMatchObject({ v: 1, type: 'power', on: false });
    expect((await t.api('POST', '/api/v1/receivers/rx-c1/commands', { type: 'power', on: true })).status).toBe(202);
    await waitFor(async () => (await receiverView('rx-c1')).power === 'on', 3000, 'amplifier on');
  });

  it('ping: {"t0"} is answered with a pong; the server derives the receiver clock offset', async () => {
    const c1 = rx.get('rx-c1')!;
    expect((await t.api('POST', '/api/v1/receivers/rx-c1/commands', { type: 'ping' })).status).toBe(202);
    await waitFor(() => c1.acks.some((a) => a.state === 'pong'), 3000, 'pong');
    const ping = c1.commands.find((c) => c.cmd.type === 'ping')!.cmd;
    expect(typeof ping.t0).toBe('number');
    // rx-c1's clock runs 3 s ahead.
    await waitFor(async () => Math.abs(((await receiverView('rx-c1')).clockOffsetMs ?? 0) - 3000) < 500, 3000, 'offset ≈ 3000 ms');
  });

  it('a pong exactly as the contract writes it ({"state":"pong","t0","rxTime"}, no cmdId or at) is taken too', async () => {
    const c1 = rx.get('rx-c1')!;
    const t0 = Date.now();
    const invalid = (await mqttStats()).invalid.ack;
    await c1.raw(`${ROOT}/rx/rx-c1/ack`, JSON.stringify({ v: 1, state: 'pong', t0, rxTime: t0 + 7777 }));
    await waitFor(async () => Math.abs(((await receiverView('rx-c1')).clockOffsetMs ?? 0) - 7777) < 500, 3000, 'offset ≈ 7777 ms from the bare pong');
    expect((await mqttStats()).invalid.ack).toBe(invalid);
  });

  it('reboot: acked, the receiver drops and comes back online', async () => {
    const c1 = rx.get('rx-c1')!;
    const connects = c1.connects;
    expect((await t.api('POST', '/api/v1/receivers/rx-c1/commands', { type: 'reboot' })).status).toBe(202);
    await waitFor(() => c1.connects > connects, 5000, 'reconnected after reboot');
    expect(c1.commands.find((c) => c.cmd.type === 'reboot')!.cmd).toMatchObject({ v: 1, type: 'reboot' });
    await waitFor(async () => (await receiverView('rx-c1')).online === true, 3000, 'online after reboot');
  });
});

describe('stop and priorities', NO_RETRY, () => {
  it('stop: a stop for the broadcastId ends it on the receiver (ack preempted), and the server records it', async () => {
    playMs = 30_000;
    try {
      const b1 = rx.get('rx-b1')!;
      const b = await newBroadcast({ title: 'Dài', mediaSha256: media.other, zoneIds: ['thon-b'], startAt: new Date(Date.now() + 3500).toISOString() });
      await waitFor(() => b1.nowPlaying?.broadcastId === b.id, 10_000, 'playing');
      await waitFor(async () => (await receiverView('rx-b1')).playing?.broadcastId === b.id, 3000, 'server sees it playing');
      const res = await t.api('POST', `/api/v1/broadcasts/${b.id}/stop`);
      expect(res.status).toBeLessThan(300);
      await waitFor(() => b1.nowPlaying === null, 3000, 'stopped on the receiver');
      const stop = b1.commands.find((c) => c.cmd.type === 'stop')!.cmd;
      expect(stop).toMatchObject({ v: 1, type: 'stop', broadcastId: b.id });
      const cmd = playCmd(b1, b.id)!;
      expect(b1.acksFor(cmd.id)).toEqual(['received', 'downloaded', 'playing', 'preempted']);
      await waitFor(async () => (await delivery(b.id, 'rx-b1'))?.state === 'preempted', 3000, 'delivery preempted');
      await waitFor(async () => (await broadcast(b.id)).status === 'stopped', 3000, 'broadcast stopped');
      await waitFor(async () => (await receiverView('rx-b1')).playing === null, 3000, 'server sees nothing playing');
    } finally {
      playMs = 600;
    }
  });

  it('stop: a receiver that had the play and missed the stop while offline gets the stop when it returns, and never airs it', async () => {
    const b1 = rx.get('rx-b1')!;
    const b = await newBroadcast({ title: 'Sẽ dừng', mediaSha256: media.other, zoneIds: ['thon-b'], startAt: new Date(Date.now() + 8000).toISOString() });
    await waitFor(() => {
      const c = playCmd(b1, b.id);
      return c && b1.acksFor(c.id).includes('downloaded');
    }, 10_000, 'downloaded, waiting for startAt');
    await b1.kill();
    await waitFor(async () => (await receiverView('rx-b1')).online === false, 3000, 'rx-b1 offline');
    // The broker loses its queue (the server "does not rely on broker queues").
    const wipe = await mqtt.connectAsync(t.server.receiverMqttUrl, { protocolVersion: 4, clientId: 'rx-b1', username: 'rx-b1', password: secrets.get('rx-b1')!, clean: true, reconnectPeriod: 0, will: { topic: `${ROOT}/rx/rx-b1/state`, payload: Buffer.from('{"v":1,"online":false}'), qos: 1, retain: true } });
    await wipe.endAsync();
    expect((await t.api('POST', `/api/v1/broadcasts/${b.id}/stop`)).status).toBeLessThan(300);
    b1.reconnect();
    await waitFor(async () => (await receiverView('rx-b1')).online === true, 3000, 'rx-b1 back');
    // Past its startAt: it must not have played.
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(b.startAt) + 1500 - Date.now())));
    const cmd = playCmd(b1, b.id)!;
    expect(b1.acksFor(cmd.id)).not.toContain('playing');
    expect(b1.commands.some((c) => c.cmd.type === 'stop' && c.cmd.broadcastId === b.id)).toBe(true);
    expect((await delivery(b.id, 'rx-b1')).state).toBe('preempted');
  });

  it('emergency: interrupts a normal item playing (ack preempted) and plays at once', async () => {
    playMs = 30_000;
    const a1 = rx.get('rx-a1')!;
    const normal = await newBroadcast({ title: 'Thường', mediaSha256: media.other, zoneIds: ['thon-a'], startAt: new Date(Date.now() + 3500).toISOString() });
    await waitFor(() => a1.nowPlaying?.broadcastId === normal.id && rx.get('rx-a2')!.nowPlaying?.broadcastId === normal.id, 10_000, 'normal playing');
    playMs = 1000;
    const res = await t.api('POST', '/api/v1/emergency', { title: 'Khẩn cấp', mediaSha256: media.short, zoneIds: ['thon-a'], repeat: 1 });
    expect(res.status).toBe(201);
    const em = res.body;
    expect(em.priority).toBe('emergency');
    await waitFor(async () => (await broadcast(em.id)).status === 'done', 20_000, 'emergency done');
    for (const id of ['rx-a1', 'rx-a2']) {
      const r = rx.get(id)!;
      const n = playCmd(r, normal.id)!;
      const e = playCmd(r, em.id)!;
      expect(e.priority).toBe('emergency');
      expect(r.acksFor(n.id)).toEqual(['received', 'downloaded', 'playing', 'preempted']);
      expect(r.acksFor(e.id)).toEqual(['received', 'downloaded', 'playing', 'done']);
      expect((await delivery(normal.id, id)).state).toBe('preempted');
    }
    playMs = 600;
  });
});

describe('live', NO_RETRY, () => {
  it('a live command carries a stream URL; the receiver plays until the body ends (done), rides out a dropped link, and one that comes back late joins', async () => {
    const b1 = rx.get('rx-b1')!;
    const d1 = rx.get('rx-d1')!;
    expect(d1.connected).toBe(false);
    const res = await t.api('POST', '/api/v1/live', { title: 'Trực tiếp', zoneIds: ['thon-b', 'thon-d'], priority: 'priority' });
    expect(res.status).toBe(201);
    const live = res.body;
    await waitFor(() => playCmd(b1, live.broadcastId), 5000, 'live command');
    const cmd = playCmd(b1, live.broadcastId)!;
    expect(cmd).toMatchObject({ v: 1, type: 'live', broadcastId: live.broadcastId, priority: 'priority' });
    expect(cmd.stream!.url).toMatch(/^https?:\/\//);
    expect(cmd.stream!.format ?? 'mp3').toBe('mp3');
    for (const f of ['issuedAt', 'startAt', 'expiresAt'] as const) if (cmd[f] !== undefined) expect(cmd[f], f).toMatch(ISO_MS);
    const src = toneSource(440, 7);
    const pushed = pushStream(`${t.baseUrl}/api/v1/live/${live.id}/audio`, ADMIN_TOKEN, src);
    await waitFor(() => b1.acksFor(cmd.id).includes('playing'), 10_000, 'live playing');
    // "If the connection drops while the session is live, the receiver reconnects to the same URL … and goes on."
    const opens = b1.liveOpens;
    const heard = b1.played.find((p) => p.cmdId === cmd.id)!;
    expect(b1.cutLive()).toBe(true);
    await waitFor(() => b1.liveOpens > opens, 3000, 'reconnected to the stream');
    const bytesAtCut = heard.bytesHeard ?? 0;
    // "a receiver that gets the command late (reconnect, catch-up) still joins while expiresAt has not passed"
    d1.reconnect();
    await waitFor(() => heard.bytesHeard! > bytesAtCut + 1000, 5000, 'audio again after the reconnect');
    await waitFor(() => playCmd(d1, live.broadcastId) && d1.acksFor(playCmd(d1, live.broadcastId)!.id).includes('playing'), 10_000, 'late receiver joined');
    await pushed;
    await waitFor(() => b1.acksFor(cmd.id).includes('done'), 15_000, 'live done when the body ends');
    expect(b1.acksFor(cmd.id)).toEqual(['received', 'playing', 'done']);
    expect(heard.bytesHeard).toBeGreaterThan(1000);
    const late = playCmd(d1, live.broadcastId)!;
    expect(late.id).toBe(cmd.id);
    await waitFor(() => d1.acksFor(late.id).includes('done'), 15_000, 'late receiver done');
    expect(d1.acksFor(late.id)).toEqual(['received', 'playing', 'done']);
    await waitFor(async () => (await delivery(live.broadcastId, 'rx-b1'))?.state === 'done' && (await delivery(live.broadcastId, 'rx-d1'))?.state === 'done', 5000, 'server deliveries done');
  });
});

describe('bad payloads from a receiver', NO_RETRY, () => {
  it('not JSON, no v, missing required fields: dropped and counted, nothing crashes, the receiver goes on', async () => {
    const d1 = rx.get('rx-d1')!;
    if (!d1.connected) d1.reconnect();
    await waitFor(async () => (await receiverView('rx-d1')).online === true, 5000, 'rx-d1 online');
    const before = (await mqttStats()).invalid;
    await d1.raw(`${ROOT}/rx/rx-d1/ack`, 'not json {');
    await d1.raw(`${ROOT}/rx/rx-d1/ack`, JSON.stringify({ v: 1, cmdId: 'cmd-x', at: new Date().toISOString() })); // no state
    await d1.raw(`${ROOT}/rx/rx-d1/ack`, JSON.stringify({ cmdId: 'cmd-x', state: 'done', at: new Date().toISOString() })); // no v
    await d1.raw(`${ROOT}/rx/rx-d1/state`, JSON.stringify({ v: 1, fw: 'x' }), { retain: true }); // no online
    await d1.raw(`${ROOT}/rx/rx-d1/telemetry`, JSON.stringify({ v: 1, rssi: -50 }), { qos: 0 }); // no at
    await d1.raw(`${ROOT}/rx/rx-d1/telemetry`, Buffer.from([0xff, 0xfe, 0x00]), { qos: 0 });
    await waitFor(async () => {
      const now = (await mqttStats()).invalid;
      return now.ack - before.ack === 3 && now.state - before.state === 1 && now.telemetry - before.telemetry === 2;
    }, 3000, 'six invalid messages counted');
    const last = (await mqttStats()).lastInvalid;
    expect(last.topic).toBe(`${ROOT}/rx/rx-d1/telemetry`);
    expect(last.error).toMatch(/JSON/);
    // An ack for a command nobody sent is ignored, not an error.
    await d1.raw(`${ROOT}/rx/rx-d1/ack`, JSON.stringify({ v: 1, cmdId: 'cmd-never-sent', broadcastId: 'b-nope', state: 'done', at: new Date().toISOString() }));
    // Unknown fields are ignored: this telemetry is taken.
    await d1.raw(`${ROOT}/rx/rx-d1/telemetry`, JSON.stringify({ v: 1, at: new Date().toISOString(), rssi: -55, vendorX: { a: 1 } }), { qos: 0 });
    await waitFor(async () => (await receiverView('rx-d1')).telemetry?.rssi === -55, 3000, 'valid telemetry taken');
    expect((await receiverView('rx-d1')).online).toBe(true);
    expect(d1.connected).toBe(true);
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  });

  it('valid JSON with every required field is not dropped for an optional field out of range: that field is left out, the rest kept', async () => {
    // "a payload that is not valid JSON or lacks a required field is dropped":
    // nothing more. A state with a long vendor `fw` used to be dropped whole,
    // so the receiver was never shown online; a `failed` ack with a long
    // error lost the delivery's end.
    await provision('rx-lax', 'thon-d');
    const fw = 'OrangePi-Zero3-loa-agent-v2.4.17-build20270115-gabcdef1234567-release'; // 69 characters
    const lax = receiver('rx-lax', { fw, telemetryMs: 0 });
    await waitFor(async () => (await receiverView('rx-lax')).online === true, 5000, 'shown online despite its long fw');
    const partial = (await mqttStats()).partial;
    expect(partial.state).toBeGreaterThanOrEqual(1);
    await lax.raw(`${ROOT}/rx/rx-lax/state`, JSON.stringify({ v: 1, online: true, fw: 'lax-1.0', volume: 70.5, power: 'standby', playing: null, since: new Date().toISOString() }), { retain: true });
    await waitFor(async () => (await receiverView('rx-lax')).fw === 'lax-1.0', 3000, 'the rest of that state taken');
    const v = await receiverView('rx-lax');
    expect(v.volume).toBe(70); // the previous level, not 70.5
    expect(['on', 'off', null]).toContain(v.power);
    await lax.raw(`${ROOT}/rx/rx-lax/telemetry`, JSON.stringify({ v: 1, at: new Date().toISOString(), rssi: -250, network: '4G', tempC: 47 }), { qos: 0 });
    await waitFor(async () => (await receiverView('rx-lax')).telemetry?.network === '4G', 3000, 'telemetry taken');
    expect((await receiverView('rx-lax')).telemetry).toMatchObject({ network: '4G', tempC: 47 });
    expect((await receiverView('rx-lax')).telemetry.rssi).toBeUndefined();
    // A required field out of range still drops the message whole.
    const invalid = (await mqttStats()).invalid.telemetry;
    await lax.raw(`${ROOT}/rx/rx-lax/telemetry`, JSON.stringify({ v: 1, at: '1970-01-01T00:00:00.000Z', network: 'LTE' }), { qos: 0 });
    await waitFor(async () => (await mqttStats()).invalid.telemetry === invalid + 1, 3000, 'dropped and counted');
    expect((await receiverView('rx-lax')).telemetry.network).toBe('4G');
    // A failed ack whose error is longer than the server keeps: the delivery ends failed, the text cut.
    const b2 = await newBroadcast({ title: 'Lỗi dài', mediaSha256: media.short, receiverIds: ['rx-lax'], startAt: new Date(Date.now() + 2500).toISOString() });
    const cmd2 = await waitFor(() => playCmd(lax, b2.id), 8000, 'play command');
    lax.ack(cmd2!, 'failed', { error: `tải tệp thất bại: ${'curl: (28) Operation timed out; '.repeat(30)}` });
    const d = await waitFor(async () => {
      const x = await delivery(b2.id, 'rx-lax');
      return x?.state === 'failed' ? x : undefined;
    }, 5000, 'the delivery ended failed');
    expect(d.error.length).toBeLessThanOrEqual(500);
    expect(d.error).toMatch(/^tải tệp thất bại: curl/);
    expect(d.error.endsWith('…')).toBe(true);
    // A receiver that has not reached NTP yet (its clock says 1970) still ends its delivery: the ack is taken at its arrival.
    const partialAcks = (await mqttStats()).partial.ack;
    const b3 = await newBroadcast({ title: 'Đồng hồ chưa chỉnh', mediaSha256: media.short, receiverIds: ['rx-lax'], startAt: new Date(Date.now() + 2500).toISOString() });
    const cmd3 = await waitFor(() => playCmd(lax, b3.id), 8000, 'play command');
    const before1970 = Date.now();
    lax.ack(cmd3!, 'done', { at: '1970-01-01T00:00:05.000Z' });
    const done = await waitFor(async () => {
      const x = await delivery(b3.id, 'rx-lax');
      return x?.state === 'done' ? x : undefined;
    }, 5000, 'the delivery ended done');
    expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(before1970 - 1000);
    expect((await mqttStats()).partial.ack).toBe(partialAcks + 1);
    await lax.close();
  });

  it('an oversized packet (docs: over 64 KiB) ends that connection only; the receiver comes back', async () => {
    const d1 = rx.get('rx-d1')!;
    const connects = d1.connects;
    await d1.raw(`${ROOT}/rx/rx-d1/telemetry`, JSON.stringify({ v: 1, at: new Date().toISOString(), network: 'x'.repeat(70_000) }), { qos: 0 });
    await waitFor(() => d1.connects > connects && d1.connected, 5000, 'reconnected');
    expect((await mqttStats()).embeddedBroker.closed.oversized).toBeGreaterThanOrEqual(1);
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    expect(rx.get('rx-a1')!.connected).toBe(true);
  });
});

describe('config changes', NO_RETRY, () => {
  it('a receiver moved to another hamlet gets a config without the old zone; it may no longer follow the old zone', async () => {
    const c1 = rx.get('rx-c1')!;
    const n = c1.configs.length;
    expect((await t.api('PATCH', '/api/v1/receivers/rx-c1', { zoneId: 'thon-d' })).status).toBe(200);
    await waitFor(() => c1.configs.slice(n).some((c) => (c.zones as string[]).includes('thon-d')), 5000, 'new config');
    expect(c1.zones).toContain('thon-d');
    expect(c1.zones).not.toContain('thon-c');
    await waitFor(() => c1.connected && c1.subscribed.has(`${ROOT}/zone/thon-d/cmd`), 5000, 'following thon-d');
    expect(c1.subscribed.has(`${ROOT}/zone/thon-c/cmd`)).toBe(false);
    expect(await c1.rawSubscribe(`${ROOT}/zone/thon-c/cmd`)).toBe(128);
    // A broadcast to its new hamlet reaches it through the zone topic.
    const b = await newBroadcast({ title: 'Thôn D', mediaSha256: media.short, zoneIds: ['thon-d'], startAt: new Date(Date.now() + 3000).toISOString() });
    await waitFor(() => c1.commands.some((c) => c.cmd.broadcastId === b.id && c.topic === `${ROOT}/zone/thon-d/cmd`), 8000, 'command on thon-d');
  });

  it('a receiver moved while offline is not handed what the broker queued for its old hamlet', async () => {
    // "subscribe only to … the zone/+/cmd topics of the zones it belongs to":
    // its persistent session still holds the old hamlet's subscription, and
    // the broker queues that hamlet's commands while it is away.
    await provision('rx-m1', 'thon-c');
    await provision('rx-m2', 'thon-c');
    const mover = receiver('rx-m1');
    const stays = receiver('rx-m2');
    await waitFor(() => mover.subscribed.has(`${ROOT}/zone/thon-c/cmd`) && stays.subscribed.has(`${ROOT}/zone/thon-c/cmd`), 5000, 'both follow thon-c');
    await mover.kill();
    await waitFor(async () => (await receiverView('rx-m1')).online === false, 3000, 'rx-m1 offline');
    expect((await t.api('PATCH', '/api/v1/receivers/rx-m1', { zoneId: 'thon-b' })).status).toBe(200);
    const b = await newBroadcast({ title: 'Chỉ thôn C', mediaSha256: media.short, zoneIds: ['thon-c'], startAt: new Date(Date.now() + 3000).toISOString() });
    // The zone send went out: the receiver that stayed in thon-c has it.
    await waitFor(() => stays.commands.some((c) => c.cmd.broadcastId === b.id && c.topic === `${ROOT}/zone/thon-c/cmd`), 8000, 'command on thon-c');
    mover.reconnect();
    await waitFor(() => mover.connected && (mover.config?.zones as string[] | undefined)?.includes('thon-b'), 5000, 'back with its new config');
    await new Promise((r) => setTimeout(r, 1500));
    expect(mover.commands.filter((c) => c.cmd.broadcastId === b.id).map((c) => c.topic)).toEqual([]);
    expect(mover.duplicates.filter((d) => d.id === playCmd(stays, b.id)!.id)).toEqual([]);
    expect((await broadcast(b.id)).deliveries.map((d: any) => d.receiverId)).not.toContain('rx-m1');
  });

  it('an item queued for a receiver that then moves to another hamlet is not re-sent to it there; one for the whole commune still is', async () => {
    await provision('rx-m3', 'thon-c');
    const m3 = receiver('rx-m3');
    await waitFor(async () => (await receiverView('rx-m3')).online === true, 5000, 'rx-m3 online');
    await m3.kill();
    await waitFor(async () => (await receiverView('rx-m3')).online === false, 3000, 'rx-m3 offline');
    const startAt = new Date(Date.now() + 2500).toISOString();
    const hamlet = await newBroadcast({ title: 'Họp thôn C', mediaSha256: media.short, zoneIds: ['thon-c'], startAt });
    const commune = await newBroadcast({ title: 'Cả xã', mediaSha256: media.other, zoneIds: ['xa-conf'], startAt });
    await waitFor(async () => (await delivery(hamlet.id, 'rx-m3'))?.state === 'queued' && (await delivery(commune.id, 'rx-m3'))?.state === 'queued', 8000, 'both queued for it');
    expect((await t.api('PATCH', '/api/v1/receivers/rx-m3', { zoneId: 'thon-b' })).status).toBe(200);
    m3.reconnect();
    // "gets that command again": the commune's item, which still reaches thon-b.
    await waitFor(async () => (await delivery(commune.id, 'rx-m3'))?.state === 'done', 15_000, 'the commune item played');
    const d = await waitFor(async () => {
      const x = await delivery(hamlet.id, 'rx-m3');
      return x?.state === 'skipped' ? x : undefined;
    }, 5000, 'the old hamlet item closed');
    expect(d.error).toMatch(/moved to another zone/);
    expect(m3.commands.filter((c) => c.cmd.broadcastId === hamlet.id)).toEqual([]);
  });

  it('a receiver moved while it holds its old hamlet\'s item (downloaded, waiting for startAt) gets a stop for it and never plays it', async () => {
    await provision('rx-m4', 'thon-c');
    const m4 = receiver('rx-m4');
    await waitFor(async () => (await receiverView('rx-m4')).online === true, 5000, 'rx-m4 online');
    const b = await newBroadcast({ title: 'Họp thôn C lần hai', mediaSha256: media.short, zoneIds: ['thon-c'], startAt: new Date(Date.now() + 6000).toISOString() });
    await waitFor(async () => (await delivery(b.id, 'rx-m4'))?.state === 'downloaded', 8000, 'downloaded, waiting for startAt');
    const play = playCmd(m4, b.id)!;
    expect((await t.api('PATCH', '/api/v1/receivers/rx-m4', { zoneId: 'thon-b' })).status).toBe(200);
    // "a `stop` for that `broadcastId`", on its own topic.
    const stop = await waitFor(() => m4.commands.find((c) => c.cmd.type === 'stop' && c.cmd.broadcastId === b.id), 5000, 'the stop');
    expect(stop!.topic).toBe(`${ROOT}/rx/rx-m4/cmd`);
    await waitFor(() => m4.acksFor(play.id).includes('preempted'), 5000, 'the play given up');
    // Past its startAt it has not played it, and the delivery says why.
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(play.startAt!) - Date.now()) + 1000));
    expect(m4.acksFor(play.id)).not.toContain('playing');
    const d = await delivery(b.id, 'rx-m4');
    expect(d.state).toBe('skipped');
    expect(d.error).toMatch(/moved to another zone/);
  });
  it('a receiver moved while offline, holding its old hamlet\'s item, gets one stop for it when it returns', async () => {
    await provision('rx-m5', 'thon-c');
    const m5 = receiver('rx-m5');
    await waitFor(async () => (await receiverView('rx-m5')).online === true, 5000, 'rx-m5 online');
    const b = await newBroadcast({ title: 'Họp thôn C lần ba', mediaSha256: media.short, zoneIds: ['thon-c'], startAt: new Date(Date.now() + 8000).toISOString() });
    await waitFor(async () => (await delivery(b.id, 'rx-m5'))?.state === 'downloaded', 8000, 'downloaded, waiting for startAt');
    await m5.kill();
    await waitFor(async () => (await receiverView('rx-m5')).online === false, 3000, 'rx-m5 offline');
    expect((await t.api('PATCH', '/api/v1/receivers/rx-m5', { zoneId: 'thon-b' })).status).toBe(200);
    m5.reconnect();
    await waitFor(() => m5.commands.some((c) => c.cmd.type === 'stop' && c.cmd.broadcastId === b.id), 5000, 'the stop');
    await waitFor(async () => (await delivery(b.id, 'rx-m5'))?.state === 'skipped', 5000, 'the delivery closed');
    await new Promise((r) => setTimeout(r, 1000));
    expect(m5.commands.filter((c) => c.cmd.type === 'stop' && c.cmd.broadcastId === b.id)).toHaveLength(1);
  });
});

describe('everything the server sent', NO_RETRY, () => {
  it('is v 1 JSON at QoS 1; commands never retained, config always; times ISO-8601 UTC with milliseconds', () => {
    let commands = 0;
    for (const r of rx.values()) {
      expect(r.dropped, `${r.id} dropped nothing`).toEqual([]);
      for (const m of r.inbox) {
        expect(m.qos, m.topic).toBe(1);
        const body = JSON.parse(m.raw);
        expect(body.v, m.raw).toBe(1);
        if (m.topic.endsWith('/config')) {
          // A retained config arrives retained on subscribe; a live one need not be.
          continue;
        }
        commands++;
        expect(m.retain, m.raw).toBe(false);
        expect(typeof body.id).toBe('string');
        for (const f of ['issuedAt', 'startAt', 'expiresAt']) if (body[f] !== undefined) expect(body[f], `${f} in ${m.raw}`).toMatch(ISO_MS);
      }
      // Every copy of a command has the same id (de-duplication works by id).
      const idsByBroadcast = new Map<string, Set<string>>();
      for (const c of r.commands) if (c.cmd.broadcastId && c.cmd.type !== 'stop') idsByBroadcast.set(c.cmd.broadcastId, (idsByBroadcast.get(c.cmd.broadcastId) ?? new Set()).add(c.cmd.id));
      for (const [bid, ids] of idsByBroadcast) expect(ids.size, bid).toBe(1);
    }
    expect(commands).toBeGreaterThan(10);
  });
});

describe('the topic root is configurable', NO_RETRY, () => {
  it('a server on another root speaks the same protocol under it', async () => {
    const root = 'tinh-x/loa/v1';
    const t2 = await startTestServer({ MQTT_TOPIC_ROOT: root });
    try {
      await t2.api('POST', '/api/v1/zones', { id: 'thon-z', name: 'Thôn Z' });
      const res = await t2.api('POST', '/api/v1/receivers', { id: 'rx-z1', name: 'rx-z1', zoneId: 'thon-z' });
      const z1 = new CleanReceiver({ brokerUrl: t2.server.receiverMqttUrl, id: 'rx-z1', password: res.body.secret, root });
      try {
        await waitFor(() => z1.configs.length > 0, 5000, 'config under the root');
        expect(z1.inbox[0]!.topic).toBe(`${root}/rx/rx-z1/config`);
        await waitFor(() => z1.subscribed.has(`${root}/zone/thon-z/cmd`), 3000, 'zone followed under the root');
        await waitFor(async () => (await t2.api('GET', '/api/v1/receivers/rx-z1')).body.online === true, 3000, 'online');
        expect(await z1.rawSubscribe(`loa/v1/zone/thon-z/cmd`)).toBe(128);
      } finally {
        await z1.close();
      }
    } finally {
      await t2.close();
    }
  });
});
