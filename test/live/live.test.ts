// Live broadcasts end to end on real parts: the server with its ffmpeg and
// embedded stream engine, the embedded broker, real receiver agents (the
// fleet simulator's silent player keeps the bytes they played), a pushed
// stream made by ffmpeg at real-time pace and a relayed HTTP "radio".
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetSimulator } from '../../devices/simulator.js';
import type { Ack } from '../../src/mqtt/protocol.js';
import { ADMIN_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/server.js';
import { ffmpegCli } from '../audio/ffmpeg-cli.js';
import { dominantHz, pushStream, startProxy, toneSource } from './helpers.js';

let t: TestServer;
let sim: FleetSimulator;
let late: FleetSimulator;
let proxy: Awaited<ReturnType<typeof startProxy>>;
let radio: http.Server;
let radioUrl: string;
let tmp: string;
const acks: { rx: string; ack: Ack }[] = [];
const sources: ChildProcess[] = [];

const acksOf = (broadcastId: string, rx?: string) => acks.filter((a) => a.ack.broadcastId === broadcastId && (!rx || a.rx === rx)).map((a) => a.ack.state);
const putAudio = async (id: string) =>
  (await fetch(`${t.baseUrl}/api/v1/live/${id}/audio`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'audio/mpeg' }, body: Buffer.alloc(100) })).status;
const hasAck = (broadcastId: string, rx: string, state: string) => acksOf(broadcastId, rx).includes(state as Ack['state']);

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-live-'));
  proxy = await startProxy();
  // Receivers reach the server through the proxy, so a test can cut their links.
  // The relayed "radio" is on this machine: allowed by address, as a commune's own encoder would be.
  t = await startTestServer({ PUBLIC_URL: `http://127.0.0.1:${proxy.port}`, LIVE_SOURCE_ALLOW: '127.0.0.1' });
  proxy.target.port = t.server.httpPort;
  await t.api('POST', '/api/v1/zones', { id: 'xa-live', name: 'Xã Phát' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-1', name: 'Thôn Đông', parentId: 'xa-live' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-2', name: 'Thôn Tây', parentId: 'xa-live' });
  const creds = [];
  for (const [id, zoneId] of [['rx-a1', 'thon-1'], ['rx-a2', 'thon-1'], ['rx-b1', 'thon-2'], ['rx-a3', 'thon-1']] as const) {
    const res = await t.api('POST', '/api/v1/receivers', { id, name: id, zoneId });
    expect(res.status).toBe(201);
    creds.push({ id, secret: res.body.secret as string });
  }
  const common = { mqttUrl: t.server.receiverMqttUrl, cacheDir: path.join(tmp, 'cache'), telemetryIntervalMs: 0, keepLiveAudio: true, playbackSpeed: 1 };
  sim = new FleetSimulator({ ...common, receivers: creds.slice(0, 3) });
  late = new FleetSimulator({ ...common, receivers: creds.slice(3) });
  for (const s of [sim, late]) s.on('ack', (rx, ack) => acks.push({ rx, ack }));
  await sim.start();
  // A relayed "radio": an MP3 of an 800 Hz tone, served whole (the relay reads it at its own pace).
  const radioFile = path.join(tmp, 'radio.mp3');
  await ffmpegCli(['-f', 'lavfi', '-i', 'sine=frequency=800:duration=6', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '64k', radioFile]);
  const radioBytes = await fs.readFile(radioFile);
  radio = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(radioBytes));
  await new Promise<void>((r) => radio.listen(0, '127.0.0.1', () => r()));
  radioUrl = `http://127.0.0.1:${(radio.address() as { port: number }).port}/vov1.mp3`;
});

afterAll(async () => {
  for (const s of sources) s.kill('SIGKILL');
  await sim?.stop();
  await late?.stop();
  await t?.close();
  await proxy?.close();
  await new Promise((r) => radio?.close(r));
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('a pushed live stream to one hamlet', () => {
  let live: any;

  it('starts: 201 with the ids and URLs, the broadcast behind it is an ordinary one', async () => {
    const res = await t.api('POST', '/api/v1/live', { title: 'Thông báo trực tiếp: nước sông đang lên', zoneIds: ['thon-1'], priority: 'normal' });
    expect(res.status).toBe(201);
    live = res.body;
    expect(live.id).toMatch(/^live-/);
    expect(live.broadcastId).toMatch(/^b-/);
    expect(live.pushUrl).toBe(`http://127.0.0.1:${proxy.port}/api/v1/live/${live.id}/audio`);
    expect(live.streamUrl).toMatch(new RegExp(`/live/${live.id}\\.mp3\\?sig=`));
    const b = await t.api('GET', `/api/v1/broadcasts/${live.broadcastId}`);
    expect(b.status).toBe(200);
    expect(b.body.priority).toBe('normal');
  });

  it('plays on the hamlet\'s receivers while the pushed audio flows, and nowhere else', async () => {
    const source = toneSource(1000, 120);
    sources.push(source);
    void pushStream(`${t.baseUrl}/api/v1/live/${live.id}/audio`, ADMIN_TOKEN, source);
    await waitFor(() => hasAck(live.broadcastId, 'rx-a1', 'playing') && hasAck(live.broadcastId, 'rx-a2', 'playing'), 20_000, 'both receivers of thon-1 playing');
    const view = await waitFor(async () => {
      const v = (await t.api('GET', `/api/v1/live/${live.id}`)).body;
      return v.state === 'on_air' && v.listeners === 2 && v.broadcast.counts.playing === 2 ? v : null;
    }, 10_000, 'session on air with two listeners playing');
    // rx-a3 (thon-1) is offline: its delivery waits for it.
    expect(view.broadcast.deliveries.map((d: any) => [d.receiverId, d.state])).toEqual([['rx-a1', 'playing'], ['rx-a2', 'playing'], ['rx-a3', 'queued']]);
    // About two seconds of audio (64 kb/s) reached each.
    await waitFor(() => sim.liveReceived('rx-a1', live.broadcastId).bytes > 16_000 && sim.liveReceived('rx-a2', live.broadcastId).bytes > 16_000, 20_000, 'two seconds of audio');
    expect(acksOf(live.broadcastId, 'rx-b1')).toEqual([]);
    expect(sim.liveReceived('rx-b1', live.broadcastId).bytes).toBe(0);
  });

  it('a receiver whose link drops mid-session reconnects and goes on', async () => {
    const before = proxy.connections();
    const bytes = sim.liveReceived('rx-a1', live.broadcastId).bytes;
    proxy.cut();
    await waitFor(() => proxy.connections() >= before + 2, 15_000, 'both receivers reconnected');
    await waitFor(() => sim.liveReceived('rx-a1', live.broadcastId).bytes > bytes + 8000, 15_000, 'audio again after the cut');
    expect(acksOf(live.broadcastId, 'rx-a1').filter((s) => !['received', 'playing'].includes(s))).toEqual([]);
  });

  it('a receiver that comes online mid-session joins it', async () => {
    await late.start();
    await waitFor(() => hasAck(live.broadcastId, 'rx-a3', 'playing'), 20_000, 'late receiver playing');
    await waitFor(() => late.liveReceived('rx-a3', live.broadcastId).bytes > 8000, 15_000, 'late receiver hears audio');
  });

  it('stop: every receiver acks done, what they heard is the source\'s 1 kHz tone, the recording is kept and reported', async () => {
    const res = await t.api('POST', `/api/v1/live/${live.id}/stop`);
    expect(res.status).toBe(200);
    for (const rx of ['rx-a1', 'rx-a2', 'rx-a3']) await waitFor(() => hasAck(live.broadcastId, rx, 'done'), 15_000, `${rx} done`);
    for (const [s, rx] of [[sim, 'rx-a1'], [sim, 'rx-a2'], [late, 'rx-a3']] as const) {
      const { hz, seconds } = await dominantHz(s.liveReceived(rx, live.broadcastId).audio);
      expect(seconds).toBeGreaterThan(1);
      expect(Math.abs(hz - 1000)).toBeLessThan(25);
    }
    const view = await waitFor(async () => {
      const v = (await t.api('GET', `/api/v1/live/${live.id}`)).body;
      return v.state === 'ended' && v.recordingSha256 ? v : null;
    }, 30_000, 'session ended with its recording');
    expect(view.broadcast.status).toBe('done');
    expect(view.broadcast.mediaSha256).toBe(view.recordingSha256);
    expect(view.broadcast.counts).toEqual({ done: 3 });
    // The recording is ordinary media: downloadable, with its duration, and in the as-played report.
    const media = await fetch(`${t.baseUrl}/media/${view.recordingSha256}.mp3`);
    expect(media.status).toBe(200);
    const rec = Buffer.from(await media.arrayBuffer());
    expect(Math.abs((await dominantHz(rec)).hz - 1000)).toBeLessThan(25);
    const report = await t.api('GET', '/api/v1/reports/played');
    expect(report.status).toBe(200);
    const row = (Array.isArray(report.body) ? report.body : report.body.items ?? report.body.rows).find((r: any) => r.broadcastId === live.broadcastId || r.id === live.broadcastId);
    expect(row).toBeTruthy();
    expect(row.durationMs).toBeGreaterThan(2000);
  });
});

describe('a relayed stream URL', () => {
  it('relays the source to its hamlet the same way, and ends by itself when the source ends', async () => {
    const res = await t.api('POST', '/api/v1/live', { title: 'Tiếp sóng Đài Tiếng nói Việt Nam', zoneIds: ['thon-2'], priority: 'priority', sourceUrl: radioUrl });
    expect(res.status).toBe(201);
    const live = res.body;
    expect(live.source).toBe('relay');
    await waitFor(() => hasAck(live.broadcastId, 'rx-b1', 'playing'), 20_000, 'rx-b1 playing the relay');
    // The 6 s source ends: the session ends, the receiver hears the body end.
    await waitFor(() => hasAck(live.broadcastId, 'rx-b1', 'done'), 30_000, 'rx-b1 done');
    const { hz } = await dominantHz(sim.liveReceived('rx-b1', live.broadcastId).audio);
    expect(Math.abs(hz - 800)).toBeLessThan(25);
    for (const rx of ['rx-a1', 'rx-a2', 'rx-a3']) expect(acksOf(live.broadcastId, rx)).toEqual([]);
    const view = await waitFor(async () => {
      const v = (await t.api('GET', `/api/v1/live/${live.id}`)).body;
      return v.state === 'ended' && v.recordingSha256 ? v : null;
    }, 30_000, 'relay ended with its recording');
    expect(view.broadcast.status).toBe('done');
    // A relay takes no pushed audio.
    expect(await putAudio(live.id)).toBe(404);
  });

  it('refuses bad input with a clear 4xx and starts nothing', async () => {
    const bad = [
      { title: 'x', zoneIds: ['thon-1'], sourceUrl: 'file:///etc/passwd' },
      { title: 'x', zoneIds: ['khong-co'] },
      { title: 'x' },
      { title: '', zoneIds: ['thon-1'] },
      { title: 'x', zoneIds: ['thon-1'], priority: 'urgent' },
    ];
    const before = (await t.api('GET', '/api/v1/broadcasts')).body.length;
    for (const body of bad) {
      const res = await t.api('POST', '/api/v1/live', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toBeTruthy();
    }
    expect((await t.api('GET', '/api/v1/broadcasts')).body.length).toBe(before);
    // In-step needs the embedded engine's timeline: fine here.
    expect((await t.api('POST', '/api/v1/live', { title: 'x', zoneIds: ['thon-1'], syncDelayMs: 5 })).status).toBe(400);
    expect((await t.api('POST', '/api/v1/live', { title: 'x', zoneIds: ['thon-1'] }, await t.tokenFor('technician'))).status).toBe(403);
    // An officer whose account covers Thôn Tây only can neither speak to Thôn Đông nor see or stop a session there.
    const westOnly = await t.server.tokens.create('officer-thon-2', 'officer', null, undefined, 'thon-2');
    const outside = await t.api('POST', '/api/v1/live', { title: 'x', zoneIds: ['thon-1'] }, westOnly);
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe('out_of_scope');
    const east = await t.api('POST', '/api/v1/live', { title: 'Thôn Đông', zoneIds: ['thon-1'] });
    // Another hamlet's session is a 404, as its other items are: the 403 named Thôn Đông and told the session existed.
    const feed = await fetch(`${t.baseUrl}/api/v1/live/${east.body.id}/audio`, { method: 'PUT', headers: { authorization: `Bearer ${westOnly}`, 'content-type': 'audio/mpeg' }, body: Buffer.alloc(100) });
    for (const r of [await t.api('GET', `/api/v1/live/${east.body.id}`, undefined, westOnly), await t.api('POST', `/api/v1/live/${east.body.id}/stop`, undefined, westOnly), { status: feed.status, body: await feed.json() }]) {
      expect(r.status, JSON.stringify(r.body)).toBe(404);
      expect(JSON.stringify(r.body)).not.toMatch(/thon-1|Thôn Đông/);
    }
    // One that also plays in its hamlet: it may not end it, and the 403 names nothing outside its scope.
    const both = await t.api('POST', '/api/v1/live', { title: 'Hai thôn', zoneIds: ['thon-1', 'thon-2'] });
    const shared = await t.api('POST', `/api/v1/live/${both.body.id}/stop`, undefined, westOnly);
    expect(shared.status).toBe(403);
    expect(shared.body.code).toBe('out_of_scope');
    expect(JSON.stringify(shared.body)).not.toMatch(/thon-1|Thôn Đông/);
    expect((await t.api('POST', `/api/v1/live/${both.body.id}/stop`)).status).toBe(200);
    expect((await t.api('POST', `/api/v1/live/${east.body.id}/stop`)).status).toBe(200);
    expect((await t.api('GET', '/api/v1/live/live-khong-co')).status).toBe(404);
    expect((await t.api('POST', '/api/v1/live/live-khong-co/stop')).status).toBe(404);
    expect(await putAudio('live-khong-co')).toBe(404);
  });
});

describe('a live emergency', () => {
  it('preempts the file playing on every receiver of the hamlet, then ends done', async () => {
    const file = await t.api('POST', '/api/v1/broadcasts', {
      title: 'Lịch tiêm chủng',
      text: 'Trạm y tế xã thông báo: lịch tiêm chủng mở rộng cho trẻ em dưới một tuổi sẽ diễn ra vào sáng thứ năm tuần này tại trạm y tế xã. Đề nghị các gia đình mang theo sổ tiêm chủng và đến đúng giờ. Xin cảm ơn bà con.',
      zoneIds: ['thon-1'],
      priority: 'normal',
      startAt: new Date(Date.now() + 2500).toISOString(),
    });
    expect(file.status).toBe(201);
    const rxs = ['rx-a1', 'rx-a2', 'rx-a3'];
    await waitFor(() => rxs.every((rx) => hasAck(file.body.id, rx, 'playing')), 20_000, 'the file playing in thon-1');
    const res = await t.api('POST', '/api/v1/live', { title: 'Khẩn cấp: lũ về', zoneIds: ['thon-1'], priority: 'emergency' }, await t.tokenFor('officer'));
    expect(res.status).toBe(201);
    const live = res.body;
    const source = toneSource(1000, 120, 'ogg');
    sources.push(source);
    void pushStream(`${t.baseUrl}/api/v1/live/${live.id}/audio`, ADMIN_TOKEN, source);
    await waitFor(() => rxs.every((rx) => hasAck(live.broadcastId, rx, 'playing')), 20_000, 'the emergency playing in thon-1');
    for (const rx of rxs) expect(acksOf(file.body.id, rx)).toContain('preempted');
    expect(acksOf(live.broadcastId, 'rx-b1')).toEqual([]);
    await t.api('POST', `/api/v1/live/${live.id}/stop`);
    await waitFor(() => rxs.every((rx) => hasAck(live.broadcastId, rx, 'done')), 15_000, 'the emergency done');
    // Audited with who started it; the officer's emergency waited for nobody.
    const audit = await t.api('GET', '/api/v1/audit?limit=50');
    expect(audit.status).toBe(200);
    const entries = Array.isArray(audit.body) ? audit.body : audit.body.items;
    expect(entries.some((e: any) => e.action === 'live.start' && e.subject === live.id && /officer/.test(e.actor))).toBe(true);
  });
});

describe('in step', () => {
  it('receivers release each piece at its instant on the session\'s timeline plus the delay, together', async () => {
    const res = await t.api('POST', '/api/v1/live', { title: 'Phát đồng bộ', zoneIds: ['thon-1'], priority: 'normal', syncDelayMs: 700 });
    expect(res.status).toBe(201);
    const live = res.body;
    expect(live.syncDelayMs).toBe(700);
    const rxs = ['rx-a1', 'rx-a2', 'rx-a3'];
    // Each receiver's release instant for every byte offset it reached.
    const released = new Map<string, { end: number; at: number }[]>();
    const onAudio = (rx: string, b: string, chunk: Buffer, at: number) => {
      if (b !== live.broadcastId) return;
      const list = released.get(rx) ?? [];
      list.push({ end: (list.at(-1)?.end ?? 0) + chunk.length, at });
      released.set(rx, list);
    };
    sim.on('liveAudio', onAudio);
    late.on('liveAudio', onAudio);
    // Everyone listens before the first byte, so offsets line up.
    await waitFor(async () => (await t.api('GET', `/api/v1/live/${live.id}`)).body.listeners === 3, 15_000, 'three listeners');
    const source = toneSource(1000, 120);
    sources.push(source);
    const firstByteSent = new Promise<number>((r) => source.stdout!.once('data', () => r(Date.now())));
    void pushStream(`${t.baseUrl}/api/v1/live/${live.id}/audio`, ADMIN_TOKEN, source);
    await waitFor(() => rxs.every((rx) => (released.get(rx)?.at(-1)?.end ?? 0) > 24_000), 30_000, 'three seconds in step');
    await t.api('POST', `/api/v1/live/${live.id}/stop`);
    await waitFor(() => rxs.every((rx) => hasAck(live.broadcastId, rx, 'done')), 15_000, 'done');
    sim.off('liveAudio', onAudio);
    late.off('liveAudio', onAudio);
    // Nothing played before the delay had passed since audio reached the server.
    const first = Math.min(...rxs.map((rx) => released.get(rx)![0]!.at));
    expect(first - (await firstByteSent)).toBeGreaterThanOrEqual(600);
    // The same bytes left every receiver at nearly the same instant.
    const spreads: number[] = [];
    for (const piece of released.get('rx-a1')!.slice(0, 60)) {
      const ats = rxs.map((rx) => released.get(rx)!.find((p) => p.end >= piece.end)!.at);
      spreads.push(Math.max(...ats) - Math.min(...ats));
    }
    spreads.sort((a, b) => a - b);
    expect(spreads[Math.floor(spreads.length * 0.9)]).toBeLessThan(100);
    const { hz } = await dominantHz(sim.liveReceived('rx-a2', live.broadcastId).audio);
    expect(Math.abs(hz - 1000)).toBeLessThan(25);
  });
});

describe('a relay schedule', () => {
  it('relays its URL at its time for its duration, through an ordinary occurrence', async () => {
    const bad = await t.api('POST', '/api/v1/schedules', { title: 'x', relayUrl: radioUrl, zoneIds: ['thon-2'], kind: 'once', at: new Date(Date.now() + 60_000).toISOString() });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/relayDurationS/);
    const at = new Date(Date.now() + 3000).toISOString();
    const res = await t.api('POST', '/api/v1/schedules', { title: 'Tiếp sóng thời sự VOV', relayUrl: radioUrl, relayDurationS: 3, zoneIds: ['thon-2'], priority: 'normal', kind: 'once', at });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'approved', relayUrl: radioUrl, relayDurationS: 3 });
    const occurrence = await waitFor(async () => {
      const list = (await t.api('GET', `/api/v1/occurrences?from=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`)).body as any[];
      const o = list.find((x) => x.scheduleId === res.body.id);
      return o?.state === 'done' ? o : null;
    }, 40_000, 'the relay occurrence done');
    const b = (await t.api('GET', `/api/v1/broadcasts/${occurrence.broadcastId}`)).body;
    expect(b).toMatchObject({ category: 'truc-tiep', status: 'done', occurrenceId: occurrence.id });
    const played = acks.filter((a) => a.rx === 'rx-b1' && a.ack.broadcastId === b.id);
    const playing = played.find((a) => a.ack.state === 'playing')!;
    // Not before its time (no lead time for a relay), and ended by its duration, not the 6 s source.
    expect(Date.parse(playing.ack.at)).toBeGreaterThanOrEqual(Date.parse(at));
    expect(Date.parse(played.find((a) => a.ack.state === 'done')!.ack.at) - Date.parse(playing.ack.at)).toBeLessThan(5000);
    const { hz } = await dominantHz(sim.liveReceived('rx-b1', b.id).audio);
    expect(Math.abs(hz - 800)).toBeLessThan(25);
  });
});

describe('a session whose instance died', () => {
  it('is closed as failed by the idle sweep of an instance that runs no session', async () => {
    const res = await t.api('POST', '/api/v1/live', { title: 'Buổi phát của máy chủ đã dừng', zoneIds: ['thon-2'], priority: 'normal' });
    expect(res.status).toBe(201);
    expect((await t.api('POST', `/api/v1/live/${res.body.id}/stop`)).status).toBe(200);
    // As another instance would have left it: open, last touched a minute ago, and not run here.
    await t.server.database.db.updateTable('live_sessions')
      .set({ state: 'on_air', ended_at: null, error: null, alive_at: new Date(Date.now() - 60_000).toISOString() })
      .where('id', '=', res.body.id).execute();
    expect((await t.api('GET', `/api/v1/live/${res.body.id}`)).body.state).toBe('on_air');
    const closed = await waitFor(async () => {
      const v = (await t.api('GET', `/api/v1/live/${res.body.id}`)).body;
      return v.state === 'failed' ? v : null;
    }, 15_000, 'the orphan closed');
    expect(closed.error).toMatch(/stopped/);
  });
});
