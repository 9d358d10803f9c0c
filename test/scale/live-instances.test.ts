// A live session with two server instances behind one PostgreSQL and one
// Mosquitto: the session runs on the instance that took it, which is not
// the one dispatching; the dispatching instance still sends receivers its
// `live` command, the push and the receivers' stream reaching the other
// instance (a plain load balancer, no sticky route) are passed to it, a stop
// sent to the other instance ends it, and a job or a session is followed
// through either instance. When the instance running a session dies, the
// other tells its listeners and its pusher the session is over, and the
// deliveries say it was cut off.
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { WebSocket } from 'ws';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReceiverAgent } from '../../devices/agent.js';
import type { Ack } from '../../src/mqtt/protocol.js';
import { postgresAvailable } from '../helpers/postgres.js';
import { mosquittoAvailable } from '../helpers/mosquitto.js';
import { waitFor } from '../helpers/server.js';
import { closeClusters, startCluster, type Cluster } from './instances.js';
import { pushStream, toneSource } from '../live/helpers.js';

const TOKEN = 'live-instances-admin-token-01';
const available = mosquittoAvailable() && (await postgresAvailable());

let cluster: Cluster | null = null;
const agents: ReceiverAgent[] = [];
const sources: ChildProcess[] = [];
const balancers: net.Server[] = [];

afterAll(async () => {
  for (const s of sources) s.kill('SIGKILL');
  for (const a of agents) await a.stop().catch(() => {});
  for (const b of balancers) b.close();
  await closeClusters();
});

/** A plain TCP load balancer, the instances' PUBLIC_URL: it sends each connection to the port it is told (no sticky route). */
async function balancer(): Promise<{ port: number; to: (port: number) => void }> {
  let target = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((c) => {
    const u = net.connect(target, '127.0.0.1');
    for (const s of [c, u]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.once('close', () => (sockets.delete(s), c.destroy(), u.destroy()));
    }
    c.pipe(u).pipe(c);
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  balancers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, to: (port) => (target = port) };
}

describe.skipIf(!available)('a live session on two instances', () => {
  it('is dispatched by the other instance, fed and heard through it, stopped through it, and followed through either; its instance gone, it is over', async () => {
    const lb = await balancer();
    cluster = await startCluster('live-instances', { LOA_INIT_ADMIN_TOKEN: TOKEN, LEAD_TIME_MS: '500', PUBLIC_URL: `http://127.0.0.1:${lb.port}` });
    const { instances } = cluster;
    const api = async (base: string, method: string, p: string, body?: unknown) => {
      const res = await fetch(base + p, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(60_000) });
      return { status: res.status, body: (await res.json()) as any };
    };
    const leaders = async () => Promise.all(instances.map(async (i) => (await api(i.base, 'GET', '/api/v1/system/instance').catch(() => ({ body: { leader: false } }))).body.leader as boolean));
    await waitFor(async () => (await leaders()).filter(Boolean).length === 1, 60_000, 'exactly one leader');
    const leader = instances[(await leaders()).indexOf(true)]!.base;
    const other = instances[(await leaders()).indexOf(false)]!;
    // The balancer sends the receivers to the instance that does not run the session.
    lb.to(Number(new URL(leader).port));

    await api(leader, 'POST', '/api/v1/zones', { id: 'xa', name: 'Xã' });
    await api(leader, 'POST', '/api/v1/zones', { id: 'thon', name: 'Thôn', parentId: 'xa' });
    const { secret } = (await api(leader, 'POST', '/api/v1/receivers', { id: 'rx-li-1', name: 'Loa 1', zoneId: 'thon' })).body;
    await cluster.admitReceivers();
    const acks: Ack[] = [];
    const states: string[] = [];
    let heard = 0;
    const agent = new ReceiverAgent({ id: 'rx-li-1', secret, mqttUrl: cluster.mqttUrl, cacheDir: path.join(cluster.dataDir, 'cache'), player: 'none', reconnectPeriodMs: 200 });
    agent.on('ack', (a: Ack) => (acks.push(a), states.push(a.state)));
    agent.on('liveAudio', (_cmd, chunk) => (heard += chunk.length));
    await agent.start();
    agents.push(agent);
    await waitFor(async () => (await api(leader, 'GET', '/api/v1/receivers/rx-li-1')).body.online, 30_000, 'receiver online');

    // The session starts on the instance that does not dispatch; its audio is pushed to the other, which passes it on.
    const started = await api(other.base, 'POST', '/api/v1/live', { title: 'Thông báo trực tiếp', zoneIds: ['thon'], priority: 'normal' });
    expect(started.status).toBe(201);
    const pushUrl = `${leader}/api/v1/live/${started.body.id}/audio`;
    // Credentials are checked where the push lands (and again where it runs).
    expect((await fetch(pushUrl, { method: 'PUT', headers: { 'content-type': 'audio/mpeg' }, body: Buffer.alloc(100) })).status).toBe(401);
    // A request already passed on is never passed again: no loop between instances.
    const passedTwice = await fetch(pushUrl, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'audio/mpeg', 'x-loa-forwarded': '1' }, body: Buffer.alloc(100) });
    expect(passedTwice.status).toBe(409);
    expect(((await passedTwice.json()) as any).code).toBe('other_instance');
    const source = toneSource(1000, 60);
    sources.push(source);
    const pushed = pushStream(pushUrl, TOKEN, source);

    // Dispatched by the leader with the balancer's URL, heard through the leader.
    await waitFor(() => states.includes('playing') && heard > 8000, 30_000, 'the receiver plays the session the leader dispatched, through the leader');
    // Either instance shows it on air.
    expect((await api(leader, 'GET', `/api/v1/live/${started.body.id}`)).body).toMatchObject({ state: 'on_air', streamUrl: expect.stringContaining(`:${lb.port}/live/`) });

    // Stopped through the instance that does not run it.
    const stopped = await api(leader, 'POST', `/api/v1/live/${started.body.id}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.state).toBe('ended');
    await waitFor(() => states.includes('done'), 20_000, 'the receiver done');
    // The push's answer came back through the instance it was sent to.
    const answer = await pushed;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ id: started.body.id, state: 'ended' });
    const view = await waitFor(async () => {
      const v = (await api(other.base, 'GET', `/api/v1/live/${started.body.id}`)).body;
      return v.recordingSha256 ? v : null;
    }, 30_000, 'the recording kept');
    expect(view.state).toBe('ended');
    expect(view.broadcast.deliveries.map((d: any) => [d.receiverId, d.state])).toEqual([['rx-li-1', 'done']]);

    // A render job started on one instance is followed through the other.
    const job = await api(other.base, 'POST', '/api/v1/speech/render', { text: 'Kính mời bà con dự họp thôn lúc 19 giờ.' });
    expect(job.status).toBe(202);
    const done = await waitFor(async () => {
      const j = (await api(leader, 'GET', job.body.statusUrl)).body;
      return j.state === 'done' ? j : null;
    }, 60_000, 'the job seen done through the other instance');
    expect(done.mediaSha256).toMatch(/^[0-9a-f]{64}$/);

    // The panel's microphone socket, opened on the instance that does not run the session, is joined to the one that does.
    expect((await api(leader, 'POST', '/api/v1/users', { username: 'canbo', role: 'officer', password: 'mat-khau-dai-hon', zoneId: 'xa' })).status).toBe(201);
    const login = await fetch(`${leader}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'canbo', password: 'mat-khau-dai-hon' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const panel = await fetch(`${other.base}/api/v1/live`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Nói trực tiếp', zoneIds: ['thon'] }) });
    const spoken = (await panel.json()) as { id: string };
    const wsUrl = `${leader.replace('http', 'ws')}/api/v1/live/${spoken.id}/ws?csrf=`;
    // Checked where it lands: a wrong CSRF token is refused there.
    const refused = new WebSocket(wsUrl + 'wrong', { headers: { cookie, origin: leader } });
    expect(await new Promise((resolve) => refused.once('unexpected-response', (_req, res) => resolve(res.statusCode)))).toBe(403);
    const ws = new WebSocket(wsUrl + csrfToken, { headers: { cookie, origin: leader } });
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    const mic = toneSource(800, 30);
    sources.push(mic);
    mic.stdout!.on('data', (chunk: Buffer) => ws.readyState === ws.OPEN && ws.send(chunk));
    await waitFor(async () => (await api(leader, 'GET', `/api/v1/live/${spoken.id}`)).body.state === 'on_air', 20_000, 'the panel session on air');
    // Its hang-up reaches the instance running it as a close frame: ended, not cut off.
    ws.close(1000);
    await waitFor(async () => (await api(leader, 'GET', `/api/v1/live/${spoken.id}`)).body.state === 'ended', 20_000, 'the panel session ended');
    mic.kill('SIGKILL');

    // The instance running a session dies while it is on air.
    const second = (await api(other.base, 'POST', '/api/v1/live', { title: 'Thông báo trực tiếp lần hai', zoneIds: ['thon'], priority: 'normal' })).body;
    const source2 = toneSource(600, 60);
    sources.push(source2);
    const pushed2 = pushStream(`${leader}/api/v1/live/${second.id}/audio`, TOKEN, source2).catch((err: Error) => ({ status: 0, body: err.message }));
    await waitFor(() => acks.some((a) => a.broadcastId === second.broadcastId && a.state === 'playing'), 30_000, 'the second session heard through the leader');
    other.child.kill('SIGKILL');
    // Its pusher is told at once; the listeners, once the leader finds that instance gone (a few seconds), that it is over.
    expect((await pushed2).status).toBe(409);
    const over = await waitFor(async () => {
      const v = (await api(leader, 'GET', `/api/v1/live/${second.id}`)).body;
      return v.state === 'failed' ? v : null;
    }, 30_000, 'the session failed');
    expect(over.error).toMatch(/server holding the session stopped/);
    expect(over.broadcast.deliveries).toMatchObject([{ receiverId: 'rx-li-1', state: 'failed', error: expect.stringContaining('live cut off') }]);
    expect((await fetch(second.streamUrl)).status).toBe(410);
    const pushAfter = await fetch(`${leader}/api/v1/live/${second.id}/audio`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'audio/mpeg' }, body: Buffer.alloc(100) });
    expect(pushAfter.status).toBe(404);
    expect(((await pushAfter.json()) as any).code).toBe('not_found');
  }, 240_000);
});
