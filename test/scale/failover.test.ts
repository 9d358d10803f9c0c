// Two server instances on one PostgreSQL and one Mosquitto: exactly one
// dispatches; kill it (-9) and the other takes over within 10 s, with
// nothing played twice. Every step waits for what it needs (a lease changing
// hands, occurrences airing) with generous deadlines, and the 10 s is read
// from the lease as the instances wrote it, so a loaded machine slows the
// test down instead of failing it.
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ReceiverAgent } from '../../devices/agent.js';
import type { Ack } from '../../src/mqtt/protocol.js';
import { postgresAvailable } from '../helpers/postgres.js';
import { mosquittoAvailable } from '../helpers/mosquitto.js';
import { waitFor } from '../helpers/server.js';
import { closeClusters, startCluster, type Cluster } from './instances.js';

const TOKEN = 'failover-admin-token-0123456';
const available = mosquittoAvailable() && (await postgresAvailable());

let cluster: Cluster | null = null;
const agents: ReceiverAgent[] = [];
let leases: pg.Client | null = null;
/** The dispatch lease's TTL (src/app.ts). */
const LEASE_TTL_MS = 6000;

afterAll(async () => {
  await leases?.end().catch(() => {});
  for (const a of agents) await a.stop().catch(() => {});
  await closeClusters();
});

describe.skipIf(!available)('two instances on PostgreSQL + Mosquitto', () => {
  it('fails over within 10 s when the dispatching instance is killed, and nothing plays twice', async () => {
    cluster = await startCluster('failover', {
      LOA_INIT_ADMIN_TOKEN: TOKEN,
      LEAD_TIME_MS: '800',
      // Late under load still airs (once): this test is about who dispatches, not punctuality.
      GRACE_NORMAL_S: '15',
      RENDER_AHEAD_MIN: '1',
      SCHEDULE_HORIZON_H: '1',
    });
    const { instances, dataDir } = cluster;
    // Generous: creating the schedule renders its speech, slow on a loaded machine; polls retry anyway.
    const api = async (base: string, method: string, p: string, body?: unknown) =>
      (await (await fetch(base + p, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(60_000) })).json()) as any;

    const a = instances[0]!.base;
    await api(a, 'POST', '/api/v1/zones', { id: 'xa', name: 'Xã' });
    await api(a, 'POST', '/api/v1/zones', { id: 'thon', name: 'Thôn', parentId: 'xa' });
    const played = new Map<string, number>();
    const creds: { id: string; secret: string }[] = [];
    for (const id of ['rx-fo-1', 'rx-fo-2']) creds.push({ id, secret: (await api(a, 'POST', '/api/v1/receivers', { id, name: id, zoneId: 'thon' })).secret });
    await cluster.admitReceivers();
    leases = new pg.Client({ connectionString: cluster.databaseUrl });
    await leases.connect();
    for (const { id, secret } of creds) {
      const agent = new ReceiverAgent({ id, secret, mqttUrl: cluster.mqttUrl, cacheDir: path.join(dataDir, 'cache', id), player: 'none', playbackSpeed: 50, reconnectPeriodMs: 200 });
      agent.on('ack', (ack: Ack) => {
        if (ack.state === 'playing') played.set(`${id} ${ack.broadcastId}`, (played.get(`${id} ${ack.broadcastId}`) ?? 0) + 1);
      });
      await agent.start();
      agents.push(agent);
    }

    const leaders = async () => Promise.all(instances.map(async (i) => (await api(i.base, 'GET', '/api/v1/system/instance').catch(() => ({ leader: false }))).leader as boolean));
    await waitFor(async () => (await leaders()).filter(Boolean).length === 1, 60_000, 'exactly one leader');

    const t0 = new Date();
    // An occurrence every 2 s: a cron fires at most once a minute, so one schedule per even second (one text, one render).
    const schedules = [];
    for (let second = 0; second < 60; second += 2) {
      schedules.push(await api(a, 'POST', '/api/v1/schedules', { title: `Bản tin ${second}`, text: 'Bản tin của xã, kính mời bà con lắng nghe.', zoneIds: ['thon'], kind: 'cron', cron: `${second} * * * * *` }));
    }
    expect(new Set(schedules.map((s) => s.status))).toEqual(new Set(['approved']));
    const doneSince = async (base: string, from: Date) =>
      ((await api(base, 'GET', `/api/v1/occurrences?from=${from.toISOString()}&to=${new Date(Date.now() + 3_600_000).toISOString()}`)) as any[]).filter((o) => o.state === 'done');
    await waitFor(async () => (await doneSince(a, t0)).length >= 3, 60_000, 'occurrences airing');

    const leaderIndex = (await leaders()).indexOf(true);
    const survivor = instances[1 - leaderIndex]!;
    const lease = async () => (await leases!.query<{ holder: string; expires_at: string }>(`select holder, expires_at from leases where name = 'dispatch'`)).rows[0];
    const dead = instances[leaderIndex]!.child;
    const exited = new Promise((r) => dead.once('exit', r));
    const held = (await lease())!;
    dead.kill('SIGKILL');
    await exited;
    // The dead holder's last renewal: read after it died unless the other has already taken over.
    const after = (await lease())!;
    const last = after.holder === held.holder ? after : held;
    const taken = await waitFor(async () => {
      const l = await lease();
      return l && l.holder !== last.holder ? l : null;
    }, 60_000, 'the other instance takes the lease');
    // Each holder writes expires_at = its renewal + TTL: the takeover came only
    // once the dead holder's lease had run out, and within 10 s of its last renewal.
    const takenAt = Date.parse(taken!.expires_at) - LEASE_TTL_MS;
    expect(takenAt).toBeGreaterThanOrEqual(Date.parse(last.expires_at));
    expect(takenAt - (Date.parse(last.expires_at) - LEASE_TTL_MS)).toBeLessThan(10_000);
    await waitFor(async () => (await api(survivor.base, 'GET', '/api/v1/system/instance')).leader, 60_000, 'survivor says it leads');
    // Occurrences after the takeover air again, from the survivor.
    await waitFor(async () => (await doneSince(survivor.base, new Date(takenAt))).length >= 2, 60_000, 'airing after failover');

    for (const s of schedules) await api(survivor.base, 'DELETE', `/api/v1/schedules/${s.id}`);
    let open: unknown[] = [];
    const occurrences = (await waitFor(async () => {
      const list = (await api(survivor.base, 'GET', `/api/v1/occurrences?from=${t0.toISOString()}&to=${new Date().toISOString()}`)) as any[];
      open = list.filter((o) => !['done', 'partial', 'missed', 'cancelled'].includes(o.state));
      return open.length === 0 ? list : null;
    }, 120_000, 'settled').catch((err: Error) => {
      throw new Error(`${err.message}; still open: ${JSON.stringify(open).slice(0, 1500)}`);
    })) as any[];
    expect(occurrences.filter((o) => o.state === 'done').length).toBeGreaterThanOrEqual(5);
    expect(played.size).toBeGreaterThan(0);
    expect([...played.values()].every((n) => n === 1)).toBe(true);
  }, 300_000);
});
