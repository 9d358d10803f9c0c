// Two instances behind one PostgreSQL, as behind a load balancer that sends
// each request anywhere: what one instance changes, the other acts on at once.
// A bearer token revoked through instance A was still taken by instance B for
// up to ten seconds (B's resolve cache); a hamlet created through A was
// unknown to B for up to five (B's zone tree), and one moved to another
// commune stayed in the old commune's scope on B as long; a lexicon entry
// added through A was read on B only up to thirty seconds later. Every
// instance gets every receiver ack and only one writes it: a panel following
// a broadcast through the other instance missed those steps. And on
// Mosquitto, whose receivers' listener makes the clientId the username, two
// instances sharing the server account took each other's session over and
// over: the servers have a listener of their own. Failed sign-ins were
// counted per instance: a guesser had as many tries again as instances.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReceiverAgent } from '../../devices/agent.js';
import { waitFor } from '../helpers/server.js';
import { openEventStream, type OpenEventStream } from '../helpers/event-stream.js';
import { postgresAvailable } from '../helpers/postgres.js';
import { mosquittoAvailable } from '../helpers/mosquitto.js';
import { closeClusters, startCluster, type Cluster } from './instances.js';

const TOKEN = 'revocation-admin-token-012345';
const available = mosquittoAvailable() && (await postgresAvailable());
let cluster: Cluster | null = null;
let a: string;
let b: string;
/** The two instances' base URLs (started once, for both tests). */
async function cluster2(): Promise<[string, string]> {
  cluster ??= await startCluster('consistency', { LOA_INIT_ADMIN_TOKEN: TOKEN });
  return cluster.instances.map((i) => i.base) as [string, string];
}

const agents: ReceiverAgent[] = [];
afterAll(async () => {
  for (const agent of agents) await agent.stop().catch(() => {});
  await closeClusters();
});

async function call(base: string, method: string, p: string, opts: { token?: string; cookie?: string; csrf?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.csrf) headers['x-csrf-token'] = opts.csrf;
  const res = await fetch(base + p, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, setCookie: res.headers.get('set-cookie') };
}

describe.skipIf(!available)('two instances, one database: taken away on one, refused on the other', () => {
  it('a revoked token, an ended session and a removed account stop working on the other instance at once', async () => {
    [a, b] = await cluster2();
    expect((await call(a, 'POST', '/api/v1/zones', { token: TOKEN, body: { id: 'xa', name: 'Xã', kind: 'commune' } })).status).toBe(201);

    // A token, used on B (B now holds it in its cache), revoked through A.
    const issued = await call(a, 'POST', '/api/v1/tokens', { token: TOKEN, body: { name: 'ky-thuat', role: 'technician', zoneId: 'xa' } });
    expect(issued.status).toBe(201);
    expect((await call(b, 'GET', '/api/v1/zones', { token: issued.body.token })).status).toBe(200);
    expect((await call(a, 'DELETE', `/api/v1/tokens/${issued.body.id}`, { token: TOKEN })).status).toBe(204);
    expect((await call(b, 'GET', '/api/v1/zones', { token: issued.body.token })).status).toBe(401);

    // A panel session opened on B, signed out through A.
    expect((await call(a, 'POST', '/api/v1/users', { token: TOKEN, body: { username: 'canbo', password: 'mat-khau-dai-hon', role: 'officer', zoneId: 'xa' } })).status).toBe(201);
    const signIn = async () => {
      const login = await call(b, 'POST', '/api/v1/auth/login', { body: { username: 'canbo', password: 'mat-khau-dai-hon' } });
      expect(login.status).toBe(200);
      return { cookie: login.setCookie!.split(';')[0]!, csrf: login.body.csrfToken as string };
    };
    const first = await signIn();
    expect((await call(b, 'GET', '/api/v1/zones', first)).status).toBe(200);
    expect((await call(a, 'POST', '/api/v1/auth/logout', first)).status).toBe(204);
    expect((await call(b, 'GET', '/api/v1/zones', first)).status).toBe(401);

    // The account removed through A: its session on B ends with it.
    const second = await signIn();
    expect((await call(b, 'GET', '/api/v1/zones', second)).status).toBe(200);
    const users = (await call(a, 'GET', '/api/v1/users', { token: TOKEN })).body as { id: string; username: string }[];
    const canbo = users.find((u) => u.username === 'canbo')!;
    expect((await call(a, 'DELETE', `/api/v1/users/${canbo.id}`, { token: TOKEN })).status).toBe(204);
    expect((await call(b, 'GET', '/api/v1/zones', second)).status).toBe(401);
  }, 120_000);

  it('a hamlet created through one instance is known to the other at once; one moved to another commune leaves the old scope at once', async () => {
    [a, b] = await cluster2();
    for (const [id, name] of [['xa-dong', 'Xã Đông'], ['xa-tay', 'Xã Tây']]) {
      const made = await call(a, 'POST', '/api/v1/zones', { token: TOKEN, body: { id, name, kind: 'commune' } });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
    }
    const officer = await call(a, 'POST', '/api/v1/tokens', { token: TOKEN, body: { name: 'can-bo-dong', role: 'officer', zoneId: 'xa-dong' } });
    expect(officer.status, JSON.stringify(officer.body)).toBe(201);
    // B reads its zone tree now, before the hamlet exists.
    expect((await call(b, 'GET', '/api/v1/zones', { token: officer.body.token })).status).toBe(200);
    expect((await call(a, 'POST', '/api/v1/zones', { token: TOKEN, body: { id: 'thon-1', name: 'Thôn 1', parentId: 'xa-dong' } })).status).toBe(201);
    const rx = await call(b, 'POST', '/api/v1/receivers', { token: TOKEN, body: { id: 'rx-thon-1', name: 'Cụm loa thôn 1', zoneId: 'thon-1' } });
    expect(rx.status, JSON.stringify(rx.body)).toBe(201);
    expect((await call(b, 'GET', '/api/v1/receivers/rx-thon-1', { token: officer.body.token })).status).toBe(200);

    // Moved to Xã Tây through A: Xã Đông's officer no longer reaches it through B.
    expect((await call(a, 'PATCH', '/api/v1/zones/thon-1', { token: TOKEN, body: { parentId: 'xa-tay' } })).status).toBe(200);
    expect((await call(b, 'GET', '/api/v1/receivers/rx-thon-1', { token: officer.body.token })).status).toBe(403);
    const zones = (await call(b, 'GET', '/api/v1/zones', { token: officer.body.token })).body as { id: string }[];
    expect(zones.map((z) => z.id)).not.toContain('thon-1');
  }, 120_000);

  it('a lexicon entry added and a hamlet renamed through one instance are read on the other at once', async () => {
    [a, b] = await cluster2();
    const text = 'Mời bà con đến nhà văn hóa để nghe phổ biến về XYZQ.';
    const before = await call(b, 'POST', '/api/v1/speech/normalize', { token: TOKEN, body: { text } });
    expect(before.status).toBe(200);
    expect(before.body.spoken).not.toContain('chương trình thử');
    expect((await call(a, 'PUT', '/api/v1/lexicon', { token: TOKEN, body: { term: 'XYZQ', spoken: 'chương trình thử' } })).status).toBe(200);
    expect((await call(b, 'POST', '/api/v1/speech/normalize', { token: TOKEN, body: { text } })).body.spoken).toContain('chương trình thử');

    const nameOnB = async () => ((await call(b, 'GET', '/api/v1/zones', { token: TOKEN })).body as { id: string; name: string }[]).find((z) => z.id === 'xa-tay')?.name;
    expect(await nameOnB()).toBe('Xã Tây');
    expect((await call(a, 'PATCH', '/api/v1/zones/xa-tay', { token: TOKEN, body: { name: 'Xã Tây Sơn' } })).status).toBe(200);
    expect(await nameOnB()).toBe('Xã Tây Sơn');
  }, 120_000);

  it('a panel following a broadcast through either instance sees every step of every receiver', async () => {
    [a, b] = await cluster2();
    expect((await call(a, 'POST', '/api/v1/zones', { token: TOKEN, body: { id: 'xa-ev', name: 'Xã Sự Kiện', kind: 'commune' } })).status).toBe(201);
    expect((await call(a, 'POST', '/api/v1/zones', { token: TOKEN, body: { id: 'thon-ev', name: 'Thôn Sự Kiện', parentId: 'xa-ev' } })).status).toBe(201);
    const secrets = new Map<string, string>();
    for (const id of ['rx-ev-1', 'rx-ev-2']) secrets.set(id, (await call(a, 'POST', '/api/v1/receivers', { token: TOKEN, body: { id, name: id, zoneId: 'thon-ev' } })).body.secret);
    await cluster!.admitReceivers();
    for (const [id, secret] of secrets) {
      const agent = new ReceiverAgent({ id, secret, mqttUrl: cluster!.mqttUrl, cacheDir: path.join(cluster!.dataDir, 'cache', id), player: 'none', playbackSpeed: 20, reconnectPeriodMs: 200 });
      await agent.start();
      agents.push(agent);
    }
    await waitFor(async () => (await call(b, 'GET', '/api/v1/receivers?zoneId=thon-ev', { token: TOKEN })).body.length === 2 && (await call(b, 'GET', '/api/v1/receivers?zoneId=thon-ev', { token: TOKEN })).body.every((r: { online: boolean }) => r.online), 30_000, 'receivers online');
    // One event stream on each instance.
    const streams = await Promise.all([a, b].map((base) => openEventStream(`${base}/api/v1/events`, { authorization: `Bearer ${TOKEN}` })));
    const seen = (s: OpenEventStream) => s.data('delivery').map((d) => JSON.stringify(JSON.parse(d)));
    await new Promise((r) => setTimeout(r, 500));
    const sent = await call(a, 'POST', '/api/v1/broadcasts', { token: TOKEN, body: { title: 'Theo dõi', text: 'Kính mời bà con dự họp thôn.', zoneIds: ['thon-ev'] } });
    expect(sent.status).toBe(201);
    const want = ['rx-ev-1', 'rx-ev-2'].flatMap((receiverId) => ['received', 'downloaded', 'playing', 'done'].map((state) => JSON.stringify({ broadcastId: sent.body.id, receiverId, state })));
    for (const [i, s] of streams.entries()) {
      await waitFor(() => want.every((w) => seen(s).includes(w)), 30_000, `every step on instance ${i === 0 ? 'A' : 'B'}'s stream`).catch(() => undefined);
      const missing = want.filter((w) => !seen(s).includes(w));
      expect(missing, `missing on instance ${i === 0 ? 'A' : 'B'}: ${missing.join(' ')}`).toEqual([]);
    }
    for (const s of streams) await s.close();
    // Both stayed connected all along (they did not take each other's session over).
    for (const base of [a, b]) {
      const mqtt = (await call(base, 'GET', '/api/v1/system/mqtt', { token: TOKEN })).body;
      expect(mqtt.connected).toBe(true);
      expect(mqtt.received.ack).toBeGreaterThanOrEqual(8);
    }
  }, 120_000);

  it('failed sign-ins are counted across instances: the limit reached through one holds on the other', async () => {
    [a, b] = await cluster2();
    const wrong = (base: string) => call(base, 'POST', '/api/v1/auth/login', { body: { username: 'khong-ai', password: 'sai-mat-khau-roi' } });
    // LOGIN_FAILURES_ALLOWED (10), spread over both instances.
    for (let i = 0; i < 10; i++) expect((await wrong(i % 2 ? a : b)).status).toBe(401);
    expect((await wrong(a)).status).toBe(429);
    const refused = await wrong(b);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rate_limited');
  }, 60_000);
});
