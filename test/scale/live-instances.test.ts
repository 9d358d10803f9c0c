// A live session with two server instances behind one PostgreSQL and one
// Mosquitto: the session runs on the instance that took it, which is not
// the one dispatching; the dispatching instance still sends receivers its
// `live` command, a stop sent to the other instance ends it, and a job or a
// session is followed through either instance.
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReceiverAgent } from '../../devices/agent.js';
import type { Ack } from '../../src/mqtt/protocol.js';
import { postgresAvailable } from '../helpers/postgres.js';
import { mosquittoAvailable } from '../helpers/mosquitto.js';
import { waitFor } from '../helpers/server.js';
import { closeClusters, startCluster, type Cluster } from './instances.js';
import { toneSource } from '../live/helpers.js';

const TOKEN = 'live-instances-admin-token-01';
const available = mosquittoAvailable() && (await postgresAvailable());

let cluster: Cluster | null = null;
const agents: ReceiverAgent[] = [];
const sources: ChildProcess[] = [];

afterAll(async () => {
  for (const s of sources) s.kill('SIGKILL');
  for (const a of agents) await a.stop().catch(() => {});
  await closeClusters();
});

describe.skipIf(!available)('a live session on two instances', () => {
  it('is dispatched by the other instance, stopped through it, and followed through either', async () => {
    cluster = await startCluster('live-instances', { LOA_INIT_ADMIN_TOKEN: TOKEN, LEAD_TIME_MS: '500' });
    const { instances } = cluster;
    const api = async (base: string, method: string, p: string, body?: unknown) => {
      const res = await fetch(base + p, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(60_000) });
      return { status: res.status, body: (await res.json()) as any };
    };
    const leaders = async () => Promise.all(instances.map(async (i) => (await api(i.base, 'GET', '/api/v1/system/instance').catch(() => ({ body: { leader: false } }))).body.leader as boolean));
    await waitFor(async () => (await leaders()).filter(Boolean).length === 1, 60_000, 'exactly one leader');
    const leader = instances[(await leaders()).indexOf(true)]!.base;
    const other = instances[(await leaders()).indexOf(false)]!;

    await api(leader, 'POST', '/api/v1/zones', { id: 'xa', name: 'Xã' });
    await api(leader, 'POST', '/api/v1/zones', { id: 'thon', name: 'Thôn', parentId: 'xa' });
    const { secret } = (await api(leader, 'POST', '/api/v1/receivers', { id: 'rx-li-1', name: 'Loa 1', zoneId: 'thon' })).body;
    await cluster.admitReceivers();
    const states: string[] = [];
    let heard = 0;
    const agent = new ReceiverAgent({ id: 'rx-li-1', secret, mqttUrl: cluster.mqttUrl, cacheDir: path.join(cluster.dataDir, 'cache'), player: 'none', reconnectPeriodMs: 200 });
    agent.on('ack', (a: Ack) => states.push(a.state));
    agent.on('liveAudio', (_cmd, chunk) => (heard += chunk.length));
    await agent.start();
    agents.push(agent);
    await waitFor(async () => (await api(leader, 'GET', '/api/v1/receivers/rx-li-1')).body.online, 30_000, 'receiver online');

    // The session starts on the instance that does not dispatch, and is fed there.
    const started = await api(other.base, 'POST', '/api/v1/live', { title: 'Thông báo trực tiếp', zoneIds: ['thon'], priority: 'normal' });
    expect(started.status).toBe(201);
    // Its audio goes to the instance running it; the other says so.
    const misrouted = await fetch(`${leader}/api/v1/live/${started.body.id}/audio`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'audio/mpeg' }, body: Buffer.alloc(100) });
    expect(misrouted.status).toBe(409);
    expect(((await misrouted.json()) as any).code).toBe('other_instance');
    const source = toneSource(1000, 60);
    sources.push(source);
    const push = http.request(`${other.base}/api/v1/live/${started.body.id}/audio`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' } });
    push.on('error', () => {});
    source.stdout!.pipe(push);

    await waitFor(() => states.includes('playing') && heard > 8000, 30_000, 'the receiver plays the session the leader dispatched');
    // Either instance shows it on air.
    expect((await api(leader, 'GET', `/api/v1/live/${started.body.id}`)).body).toMatchObject({ state: 'on_air', streamUrl: expect.stringContaining(`:${other.port}/live/`) });

    // Stopped through the instance that does not run it.
    const stopped = await api(leader, 'POST', `/api/v1/live/${started.body.id}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.state).toBe('ended');
    await waitFor(() => states.includes('done'), 20_000, 'the receiver done');
    const view = await waitFor(async () => {
      const v = (await api(other.base, 'GET', `/api/v1/live/${started.body.id}`)).body;
      return v.recordingSha256 ? v : null;
    }, 30_000, 'the recording kept');
    expect(view.state).toBe('ended');

    // A render job started on one instance is followed through the other.
    const job = await api(other.base, 'POST', '/api/v1/speech/render', { text: 'Kính mời bà con dự họp thôn lúc 19 giờ.' });
    expect(job.status).toBe(202);
    const done = await waitFor(async () => {
      const j = (await api(leader, 'GET', job.body.statusUrl)).body;
      return j.state === 'done' ? j : null;
    }, 60_000, 'the job seen done through the other instance');
    expect(done.mediaSha256).toMatch(/^[0-9a-f]{64}$/);
  }, 240_000);
});
