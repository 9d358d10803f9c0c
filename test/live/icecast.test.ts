// Icecast mode end to end: the server pushes the session to a real icecast2
// (ICECAST_URL) and receivers get Icecast's URL; what they hear is the source.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetSimulator } from '../../devices/simulator.js';
import type { Ack } from '../../src/mqtt/protocol.js';
import { ADMIN_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/server.js';
import { icecastAvailable, startIcecast, type TestIcecast } from '../helpers/icecast.js';
import { dominantHz, pushStream, toneSource } from './helpers.js';

const run = icecastAvailable();
let t: TestServer;
let ice: TestIcecast;
let sim: FleetSimulator;
let tmp: string;
let source: ChildProcess | undefined;
const acks: { rx: string; ack: Ack }[] = [];
const has = (b: string, rx: string, state: string) => acks.some((a) => a.rx === rx && a.ack.broadcastId === b && a.ack.state === state);

describe.runIf(run)('live through Icecast', () => {
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-live-ice-'));
    ice = await startIcecast();
    t = await startTestServer({ ICECAST_URL: ice.url });
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
    await sim?.stop();
    await t?.close();
    await ice?.close();
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
  });
});
