// Icecast mode end to end: the server pushes the session to a real icecast2
// (ICECAST_URL) and receivers get Icecast's URL; what they hear is the source.
// The server reaches Icecast through a proxy a test can cut: a source
// connection that broke used to leave the session on air, writing into a
// closed socket, and end as if the officer had finished it.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetSimulator } from '../../devices/simulator.js';
import type { Ack } from '../../src/mqtt/protocol.js';
import { ADMIN_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/server.js';
import { icecastAvailable, startIcecast, type TestIcecast } from '../helpers/icecast.js';
import { dominantHz, openPush, pushStream, startProxy, toneSource } from './helpers.js';

const run = icecastAvailable();
let t: TestServer;
let ice: TestIcecast;
let sim: FleetSimulator;
let tmp: string;
let source: ChildProcess | undefined;
let proxy: Awaited<ReturnType<typeof startProxy>>;
const sources: ChildProcess[] = [];
const acks: { rx: string; ack: Ack }[] = [];
const has = (b: string, rx: string, state: string) => acks.some((a) => a.rx === rx && a.ack.broadcastId === b && a.ack.state === state);

describe.runIf(run)('live through Icecast', () => {
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-live-ice-'));
    ice = await startIcecast();
    proxy = await startProxy();
    proxy.target.port = ice.port;
    t = await startTestServer({ ICECAST_URL: ice.url.replace(`:${ice.port}`, `:${proxy.port}`), ICECAST_PUBLIC_URL: `http://127.0.0.1:${ice.port}` });
    await t.api('POST', '/api/v1/zones', { id: 'xa-ice', name: 'Xã Băng' });
    await t.api('POST', '/api/v1/zones', { id: 'thon-ice', name: 'Thôn Giữa', parentId: 'xa-ice' });
    const creds = [];
    for (const id of ['rx-i1', 'rx-i2']) {
      const res = await t.api('POST', '/api/v1/receivers', { id, name: id, zoneId: 'thon-ice' });
      creds.push({ id, secret: res.body.secret as string });
    }
    sim = new FleetSimulator({ mqttUrl: t.server.receiverMqttUrl, receivers: creds, cacheDir: path.join(tmp, 'cache'), telemetryIntervalMs: 0, keepLiveAudio: true });
    sim.on('ack', (rx, ack) => acks.push({ rx, ack }));
    await sim.start();
  });

  afterAll(async () => {
    source?.kill('SIGKILL');
    for (const s of sources) s.kill('SIGKILL');
    await sim?.stop();
    await t?.close();
    await ice?.close();
    await proxy?.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('receivers get Icecast\'s URL, play the pushed audio, and are done when the session stops', async () => {
    const res = await t.api('POST', '/api/v1/live', { title: 'Phát qua Icecast', zoneIds: ['thon-ice'], priority: 'priority' });
    expect(res.status).toBe(201);
    const live = res.body;
    expect(live.engine).toBe('icecast');
    expect(live.streamUrl).toBe(`http://127.0.0.1:${ice.port}/loa-${live.id}.mp3`);
    source = toneSource(1000, 120);
    void pushStream(`${t.baseUrl}/api/v1/live/${live.id}/audio`, ADMIN_TOKEN, source);
    await waitFor(() => has(live.broadcastId, 'rx-i1', 'playing') && has(live.broadcastId, 'rx-i2', 'playing'), 30_000, 'both playing through Icecast');
    // Icecast counts its listeners; the session reports them.
    await waitFor(async () => (await t.api('GET', `/api/v1/live/${live.id}`)).body.listeners === 2, 15_000, 'two listeners on the Icecast mount');
    await waitFor(() => sim.liveReceived('rx-i1', live.broadcastId).bytes > 16_000, 20_000, 'two seconds of audio');
    await t.api('POST', `/api/v1/live/${live.id}/stop`);
    for (const rx of ['rx-i1', 'rx-i2']) await waitFor(() => has(live.broadcastId, rx, 'done'), 20_000, `${rx} done`);
    const { hz } = await dominantHz(sim.liveReceived('rx-i2', live.broadcastId).audio);
    expect(Math.abs(hz - 1000)).toBeLessThan(25);
    const view = (await t.api('GET', `/api/v1/live/${live.id}`)).body;
    expect(view).toMatchObject({ state: 'ended', error: null });
  });

  const over = (id: string) =>
    waitFor(async () => {
      const v = (await t.api('GET', `/api/v1/live/${id}`)).body;
      return v.state !== 'on_air' && v.state !== 'waiting' ? v : null;
    }, 15_000, 'the session over');
  const auditOf = async (id: string) => {
    const body = (await t.api('GET', '/api/v1/audit?limit=100')).body;
    return (Array.isArray(body) ? body : body.items).filter((e: any) => e.subject === id).map((e: any) => e.action).sort();
  };

  it('a source connection to Icecast that breaks ends the session as interrupted, not as an officer\'s stop', async () => {
    const live = (await t.api('POST', '/api/v1/live', { title: 'Icecast bị đứt', zoneIds: ['thon-ice'], priority: 'normal' })).body;
    const tone = toneSource(1000, 120);
    sources.push(tone);
    void pushStream(`${t.baseUrl}/api/v1/live/${live.id}/audio`, ADMIN_TOKEN, tone).catch(() => undefined);
    await waitFor(() => has(live.broadcastId, 'rx-i1', 'playing'), 30_000, 'playing through Icecast');
    proxy.cut();
    const view = await over(live.id);
    expect(view.state).toBe('failed');
    expect(view.error).toMatch(/interrupted: Icecast closed the source connection/);
    expect(await auditOf(live.id)).toEqual(['live.fail', 'live.start']);
  });

  it('a session waiting longer than Icecast\'s source-timeout for its first audio keeps its mount, then plays', async () => {
    // The test Icecast drops a source silent for 10 s (source-timeout), as Icecast does by default.
    const live = (await t.api('POST', '/api/v1/live', { title: 'Chờ người nói', zoneIds: ['thon-ice'], priority: 'normal' })).body;
    await new Promise((r) => setTimeout(r, 13_000));
    expect((await t.api('GET', `/api/v1/live/${live.id}`)).body).toMatchObject({ state: 'waiting', error: null });
    const tone = toneSource(1000, 120);
    sources.push(tone);
    void pushStream(`${t.baseUrl}/api/v1/live/${live.id}/audio`, ADMIN_TOKEN, tone).catch(() => undefined);
    await waitFor(() => has(live.broadcastId, 'rx-i1', 'playing'), 30_000, 'playing through Icecast after the wait');
    await waitFor(() => sim.liveReceived('rx-i1', live.broadcastId).bytes > 16_000, 20_000, 'two seconds of audio');
    expect((await t.api('POST', `/api/v1/live/${live.id}/stop`)).status).toBe(200);
    expect((await over(live.id)).state).toBe('ended');
  }, 60_000);

  it('a pushed stream whose connection breaks is interrupted with Icecast too', async () => {
    const live = (await t.api('POST', '/api/v1/live', { title: 'Đẩy bị đứt', zoneIds: ['thon-ice'], priority: 'normal' })).body;
    const tone = toneSource(1000, 120);
    sources.push(tone);
    const req = openPush(`${t.baseUrl}/api/v1/live/${live.id}/audio`, ADMIN_TOKEN, tone);
    await waitFor(async () => (await t.api('GET', `/api/v1/live/${live.id}`)).body.state === 'on_air', 15_000, 'on air');
    tone.stdout!.unpipe(req);
    req.destroy();
    const view = await over(live.id);
    expect(view.state).toBe('failed');
    expect(view.error).toMatch(/interrupted: the connection pushing the audio dropped/);
    expect(await auditOf(live.id)).toEqual(['live.fail', 'live.start']);
  });
});
