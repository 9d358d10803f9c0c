// A relayed source that stops sending but keeps its connection open (an
// encoder that hangs, a radio whose feed died behind a proxy) kept the
// session on air for ever: the relay only ended when the body ended. Now a
// session without audio for LIVE_IDLE_S ends as failed, the receivers'
// stream bodies end, and the session and the audit log say it was
// interrupted. The same watch covers a pushed stream that stalls. A pushed
// stream whose connection broke before its end was taken for a clean end
// ('ended', as if the officer had finished): it is an interruption too.
// A receiver that heard a session cut off acks `done` when its body ends,
// which made the broadcast `done` in reports and lists: its delivery is
// now `failed`, saying the live broadcast was cut off, and so the broadcast.
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/server.js';
import { ffmpegCli } from '../audio/ffmpeg-cli.js';
import { TestFleet } from '../helpers/agents.js';
import { openPush, pushStream, toneSource } from './helpers.js';

let t: TestServer;
let radio: http.Server;
let radioUrl: string;
let tmp: string;
let fleet: TestFleet;
const held: http.ServerResponse[] = [];
const sources: ChildProcess[] = [];

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-live-idle-'));
  const file = path.join(tmp, 'tone.mp3');
  await ffmpegCli(['-f', 'lavfi', '-i', 'sine=frequency=800:duration=2', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '64k', file]);
  const bytes = await fs.readFile(file);
  // Two seconds of audio, then nothing, with the connection left open.
  radio = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'audio/mpeg' });
    res.write(bytes);
    held.push(res);
  });
  await new Promise<void>((r) => radio.listen(0, '127.0.0.1', () => r()));
  radioUrl = `http://127.0.0.1:${(radio.address() as { port: number }).port}/hung.mp3`;
  t = await startTestServer({ LIVE_SOURCE_ALLOW: '127.0.0.1', LIVE_IDLE_S: '3' });
  await t.api('POST', '/api/v1/zones', { id: 'xa-im', name: 'Xã Im' });
  const rx = await t.api('POST', '/api/v1/receivers', { id: 'rx-im', name: 'Cụm loa Xã Im', zoneId: 'xa-im' });
  fleet = new TestFleet(t.server.receiverMqttUrl);
  await fleet.start('rx-im', rx.body.secret);
  await waitFor(async () => (await t.api('GET', '/api/v1/receivers/rx-im')).body.online, 10_000, 'the receiver online');
  expect((await t.api('POST', '/api/v1/users', { username: 'canbo', role: 'officer', password: 'mat-khau-dai-hon' })).status).toBe(201);
});

afterAll(async () => {
  for (const s of sources) s.kill('SIGKILL');
  for (const r of held) r.destroy();
  await fleet?.close();
  await t?.close();
  await new Promise((r) => radio?.close(r));
  await fs.rm(tmp, { recursive: true, force: true });
});

/** Reads a listener's stream until its body ends; resolves with the bytes and when it ended. */
function listen(url: string) {
  const got = { bytes: 0, endedAt: 0, error: '' };
  const done = fetch(url).then(async (res) => {
    expect(res.status).toBe(200);
    for await (const chunk of res.body!) got.bytes += (chunk as Uint8Array).length;
    got.endedAt = Date.now();
  }, (e: Error) => void (got.error = e.message));
  return { got, done };
}

it('a relay whose source goes silent with its connection open ends as failed (interrupted), and the listeners\' bodies end', async () => {
  const started = Date.now();
  const res = await t.api('POST', '/api/v1/live', { title: 'Tiếp sóng bị treo', zoneIds: ['xa-im'], priority: 'normal', sourceUrl: radioUrl });
  expect(res.status).toBe(201);
  const live = res.body;
  const listener = listen(live.streamUrl);
  await waitFor(async () => (await t.api('GET', `/api/v1/live/${live.id}`)).body.state === 'on_air', 10_000, 'the relay on air');
  const view = await waitFor(async () => {
    const v = (await t.api('GET', `/api/v1/live/${live.id}`)).body;
    return v.state === 'failed' ? v : null;
  }, 20_000, 'the silent relay ended');
  // Two seconds of audio, then three of silence: not before, and not much after.
  expect(Date.parse(view.endedAt) - started).toBeGreaterThanOrEqual(4000);
  expect(Date.parse(view.endedAt) - started).toBeLessThan(15_000);
  expect(view.error).toMatch(/interrupted: no audio from the source for 3 s/);
  await Promise.race([listener.done, new Promise((r) => setTimeout(r, 10_000))]);
  expect(listener.got.error).toBe('');
  expect(listener.got.endedAt).toBeGreaterThan(0);
  expect(listener.got.bytes).toBeGreaterThan(2000);
  // The stream is over for a receiver that reconnects.
  expect((await fetch(live.streamUrl)).status).toBe(410);
  const audit = (await t.api('GET', '/api/v1/audit?limit=50')).body;
  const entries = Array.isArray(audit) ? audit : audit.items;
  const fail = entries.find((e: any) => e.subject === live.id && e.action === 'live.fail');
  expect(fail).toBeTruthy();
  expect(JSON.stringify(fail)).toMatch(/interrupted/);
  expect(entries.some((e: any) => e.subject === live.id && e.action === 'live.stop')).toBe(false);
  // The receiver played it until it was cut off and acked `done` at the body's end: the record says cut off.
  await waitFor(() => fleet.acks('rx-im', live.broadcastId).some((a) => a.state === 'done') || null, 10_000, 'the receiver done with the body');
  const [heard] = (await t.api('GET', `/api/v1/broadcasts/${live.broadcastId}/deliveries`)).body;
  expect(heard).toMatchObject({ receiverId: 'rx-im', state: 'failed' });
  expect(heard.playingAt).not.toBeNull();
  expect(heard.error).toMatch(/^live cut off: .*interrupted: no audio from the source for 3 s/);
  expect((await t.api('GET', `/api/v1/broadcasts/${live.broadcastId}`)).body.status).toBe('failed');
  const played = (await t.api('GET', '/api/v1/reports/played')).body.rows.filter((r: any) => r.broadcastId === live.broadcastId);
  expect(played.map((r: any) => r.state)).toEqual(['failed']);
});

it('a pushed stream that stalls with its request open ends the same way', async () => {
  const res = await t.api('POST', '/api/v1/live', { title: 'Đẩy bị treo', zoneIds: ['xa-im'], priority: 'normal' });
  expect(res.status).toBe(201);
  const live = res.body;
  // A paced tone, then the pipe stops flowing while the PUT stays open.
  const source = toneSource(1000, 60);
  sources.push(source);
  const req = openPush(`${t.baseUrl}/api/v1/live/${live.id}/audio`, ADMIN_TOKEN, source);
  await waitFor(async () => (await t.api('GET', `/api/v1/live/${live.id}`)).body.state === 'on_air', 10_000, 'the push on air');
  await new Promise((r) => setTimeout(r, 1000));
  source.stdout!.unpipe(req);
  source.kill('SIGSTOP');
  const view = await waitFor(async () => {
    const v = (await t.api('GET', `/api/v1/live/${live.id}`)).body;
    return v.state === 'failed' ? v : null;
  }, 15_000, 'the stalled push ended');
  expect(view.error).toMatch(/interrupted/);
  req.destroy();
  source.kill('SIGKILL');
});

it('a pushed stream whose connection breaks before its end is interrupted; one that ends is a clean end', async () => {
  const cut = (await t.api('POST', '/api/v1/live', { title: 'Đẩy bị đứt', zoneIds: ['xa-im'], priority: 'normal' })).body;
  const source = toneSource(1000, 60);
  sources.push(source);
  const req = openPush(`${t.baseUrl}/api/v1/live/${cut.id}/audio`, ADMIN_TOKEN, source);
  await waitFor(async () => (await t.api('GET', `/api/v1/live/${cut.id}`)).body.state === 'on_air', 10_000, 'the push on air');
  source.stdout!.unpipe(req);
  // The encoder's machine loses its link: the socket goes, the chunked body never ends.
  req.destroy();
  source.kill('SIGKILL');
  const failed = await waitFor(async () => {
    const v = (await t.api('GET', `/api/v1/live/${cut.id}`)).body;
    return v.state !== 'on_air' && v.state !== 'waiting' ? v : null;
  }, 10_000, 'the dropped push over');
  expect(failed.state).toBe('failed');
  expect(failed.error).toMatch(/interrupted: the connection pushing the audio dropped/);

  const whole = (await t.api('POST', '/api/v1/live', { title: 'Đẩy trọn vẹn', zoneIds: ['xa-im'], priority: 'normal' })).body;
  const short = toneSource(1000, 2);
  sources.push(short);
  const answer = await pushStream(`${t.baseUrl}/api/v1/live/${whole.id}/audio`, ADMIN_TOKEN, short);
  expect(answer.status).toBe(200);
  const ended = await waitFor(async () => {
    const v = (await t.api('GET', `/api/v1/live/${whole.id}`)).body;
    return v.state !== 'on_air' && v.state !== 'waiting' ? v : null;
  }, 10_000, 'the whole push over');
  expect(ended).toMatchObject({ state: 'ended', error: null });
  const entries = (await t.api('GET', '/api/v1/audit?limit=100')).body;
  const list = Array.isArray(entries) ? entries : entries.items;
  expect(list.filter((e: any) => e.subject === cut.id).map((e: any) => e.action).sort()).toEqual(['live.fail', 'live.start']);
  expect(list.filter((e: any) => e.subject === whole.id).map((e: any) => e.action).sort()).toEqual(['live.start', 'live.stop']);
  // The one its sender ended aired whole; the one cut off did not.
  const status = (id: string) =>
    waitFor(async () => {
      const b = (await t.api('GET', `/api/v1/broadcasts/${id}`)).body;
      return b.status !== 'dispatched' && b.status !== 'dispatching' ? b.status : null;
    }, 15_000, `${id} final`);
  expect(await status(whole.broadcastId)).toBe('done');
  expect(await status(cut.broadcastId)).toBe('failed');
});

it('the panel\'s microphone socket that breaks without a close frame is interrupted; one the panel closes is a clean end', async () => {
  const login = await fetch(`${t.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'canbo', password: 'mat-khau-dai-hon' }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const session = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  const ends: Record<string, any> = {};
  for (const how of ['terminate', 'close'] as const) {
    const started = await fetch(`${t.baseUrl}/api/v1/live`, { method: 'POST', headers: session, body: JSON.stringify({ title: `Micrô ${how}`, zoneIds: ['xa-im'] }) });
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };
    const ws = new WebSocket(`${t.baseUrl.replace('http', 'ws')}/api/v1/live/${id}/ws?csrf=${csrfToken}`, { headers: { cookie, origin: t.baseUrl } });
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    // The phone loses its network (no close frame), or the officer hangs up.
    if (how === 'terminate') ws.terminate();
    else ws.close(1000);
    ends[how] = await waitFor(async () => {
      const v = (await t.api('GET', `/api/v1/live/${id}`)).body;
      return v.state !== 'on_air' && v.state !== 'waiting' ? v : null;
    }, 10_000, `the session over after ${how}`);
  }
  expect(ends.terminate.state).toBe('failed');
  expect(ends.terminate.error).toMatch(/interrupted: the panel's microphone connection dropped/);
  expect(ends.close.state).toBe('ended');
  expect(ends.close.error ?? '').not.toMatch(/interrupted/);
});
