// Two server processes, a province and a commune, each with its own database
// and broker, linked through the real upstream protocol (docs/upstream.md);
// the commune has its own mqtt.js receivers. The link is cut from outside
// (a TCP relay) and the province is killed, and what each side owes the
// other arrives once when they meet again.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceiverAgent } from '../../devices/agent.js';
import type { Ack } from '../../src/mqtt/protocol.js';
import { freePort } from '../helpers/ports.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { TEST_BACKEND, waitFor } from '../helpers/server.js';
import { cuttableLink, type CuttableLink } from './proxy.js';
import { hasChromium, launchChromium } from '../panel/helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOKEN = 'upstream-test-admin-token-0123';

interface Proc {
  base: string;
  env: NodeJS.ProcessEnv;
  child: ChildProcess | null;
  dataDir: string;
  start(): Promise<void>;
  kill(): Promise<void>;
  api<T = any>(method: string, p: string, body?: unknown): Promise<{ status: number; body: T }>;
}

async function serverProcess(name: string, extra: Record<string, string>): Promise<Proc> {
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), `loa-${name}-`));
  const port = await freePort();
  const log = fs.createWriteStream(path.join(dataDir, 'server.log'));
  const p: Proc = {
    base: `http://127.0.0.1:${port}`,
    dataDir,
    child: null,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      MQTT_PORT: String(await freePort()),
      MQTT_HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOA_INIT_ADMIN_TOKEN: TOKEN,
      LOA_DEMO: '0',
      LEAD_TIME_MS: '1500',
      LOG_LEVEL: process.env.TEST_LOG === '1' ? 'debug' : 'info',
      ...extra,
    },
    async start() {
      const child = spawn(process.execPath, [path.join(ROOT, 'bin/loa.js'), 'serve'], { env: p.env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout!.pipe(log, { end: false });
      child.stderr!.pipe(log, { end: false });
      p.child = child;
      await waitFor(async () => (await fetch(p.base + '/healthz', { signal: AbortSignal.timeout(1000) })).ok, 40_000, `${name} up`);
    },
    async kill() {
      const c = p.child;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
      p.child = null;
    },
    async api(method, route, body) {
      const res = await fetch(p.base + route, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
  };
  return p;
}

let province: Proc;
let commune: Proc;
let link: CuttableLink;
let pg: TestDatabase | null = null;
let downstreamId: string;
const agents = new Map<string, ReceiverAgent>();
const secrets = new Map<string, string>();
const acks: { rx: string; ack: Ack }[] = [];

async function startAgent(id: string): Promise<void> {
  const agent = new ReceiverAgent({ id, secret: secrets.get(id)!, mqttUrl: `mqtt://127.0.0.1:${commune.env.MQTT_PORT}`, cacheDir: path.join(commune.dataDir, 'agents', id), player: 'none', playbackSpeed: 10, reconnectPeriodMs: 200 });
  agent.on('ack', (ack) => acks.push({ rx: id, ack }));
  await agent.start();
  agents.set(id, agent);
}

const provinceView = async (id: string) => (await province.api('GET', `/api/v1/bulletins/${id}`)).body;
const communeInbox = async () => (await commune.api('GET', '/api/v1/bulletins?inbox=true')).body as any[];
const upstreamStatus = async () => (await commune.api('GET', '/api/v1/upstream/status')).body;
const linked = async () => (await province.api('GET', '/api/v1/downstreams')).body.find((d: any) => d.id === downstreamId);
const provincePlayed = async () => (await province.api('GET', '/api/v1/downstreams/played')).body.rows as any[];

/** The province sends a bulletin to the linked commune. */
async function send(level: string, title: string, extra: object = {}) {
  const res = await province.api('POST', '/api/v1/bulletins', { title, text: `${title}. Đề nghị bà con thực hiện nghiêm túc.`, level, zoneIds: ['xa-binh-minh'], ...extra });
  expect(res.status).toBe(201);
  expect(res.body.communes).toMatchObject([{ zoneId: 'xa-binh-minh', linked: true }]);
  return res.body.id as string;
}

async function ownBroadcast(title: string): Promise<string> {
  const res = await commune.api('POST', '/api/v1/broadcasts', { title, text: `${title}: kính mời bà con đến dự.`, zoneIds: ['xa-bm'], priority: 'normal', startAt: new Date(Date.now() + 2500).toISOString() });
  expect(res.status).toBe(201);
  return res.body.id;
}

beforeAll(async () => {
  // The province on PostgreSQL in the postgres project; the commune on SQLite, as a commune box runs.
  if (TEST_BACKEND === 'postgres-mosquitto') pg = await createTestDatabase();
  province = await serverProcess('province', pg ? { DATABASE_URL: pg.url } : {});
  await province.start();
  expect((await province.api('POST', '/api/v1/zones', { id: 'xa-binh-minh', name: 'Xã Bình Minh' })).status).toBe(201);
  expect((await province.api('POST', '/api/v1/zones', { id: 'xa-khac', name: 'Xã Khác' })).status).toBe(201);
  const issued = await province.api('POST', '/api/v1/downstreams', { zoneId: 'xa-binh-minh' });
  expect(issued.status).toBe(201);
  expect(issued.body.token).toMatch(/^loa_up_/);
  downstreamId = issued.body.id;

  link = await cuttableLink(Number(province.env.PORT));
  commune = await serverProcess('commune', { UPSTREAM_URL: `http://127.0.0.1:${link.port}`, UPSTREAM_TOKEN: issued.body.token, UPSTREAM_STATUS_S: '1' });
  await commune.start();
  expect((await commune.api('POST', '/api/v1/zones', { id: 'xa-bm', name: 'Xã Bình Minh' })).status).toBe(201);
  expect((await commune.api('POST', '/api/v1/zones', { id: 'thon-dong', name: 'Thôn Đông', parentId: 'xa-bm' })).status).toBe(201);
  for (const id of ['rx-dong-1', 'rx-dong-2']) {
    const res = await commune.api('POST', '/api/v1/receivers', { id, name: `Cụm loa ${id}`, zoneId: 'thon-dong' });
    expect(res.status).toBe(201);
    secrets.set(id, res.body.secret);
    await startAgent(id);
  }
}, 120_000);

afterAll(async () => {
  for (const a of agents.values()) await a.stop().catch(() => {});
  await commune?.kill();
  await province?.kill();
  await link?.close();
  await pg?.drop();
  if (process.env.KEEP_LOGS) console.log(province?.dataDir, commune?.dataDir);
  else for (const p of [province, commune]) if (p) await fsp.rm(p.dataDir, { recursive: true, force: true });
});

describe('a commune linked up to its province', () => {
  it('connects out and reports its receivers', async () => {
    await waitFor(async () => (await upstreamStatus()).connected, 30_000, 'link up');
    expect(await upstreamStatus()).toMatchObject({ configured: true, connected: true, zoneId: 'xa-binh-minh' });
    const d = await waitFor(async () => {
      const x = await linked();
      return x?.online === 2 ? x : null;
    }, 30_000, 'status reported up');
    expect(d).toMatchObject({ zoneId: 'xa-binh-minh', zoneName: 'Xã Bình Minh', connected: true, online: 2, offline: 0 });
    const rxs = (await province.api('GET', `/api/v1/downstreams/${downstreamId}/receivers`)).body;
    expect(rxs.map((r: any) => [r.receiverId, r.online])).toEqual([
      ['rx-dong-1', true],
      ['rx-dong-2', true],
    ]);
  }, 60_000);

  it.skipIf(!hasChromium)("the province technician's panel lists the linked commune's receivers", async () => {
    const user = await province.api('POST', '/api/v1/users', { username: 'kythuat-tinh', role: 'technician', password: 'mat-khau-ky-thuat-1' });
    expect(user.status).toBe(201);
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' })).newPage();
      await page.goto(province.base + '/');
      await page.getByLabel('Tên đăng nhập').fill('kythuat-tinh');
      await page.getByLabel('Mật khẩu').fill('mat-khau-ky-thuat-1');
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await page.waitForURL((u) => u.pathname !== '/');
      await page.goto(province.base + '/technician');
      const card = page.locator(`details[data-downstream="${downstreamId}"]`);
      await card.getByText('Xã Bình Minh').waitFor({ timeout: 15_000 });
      await card.getByText('2/2 cụm loa trực tuyến').waitFor();
      await card.locator('summary').click();
      await card.locator('li[data-receiver="rx-dong-2"]').getByText('Trực tuyến').waitFor();
      expect(await card.locator('li[data-receiver]').count()).toBe(2);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('all three levels flow down and air; states and the as-played log flow up', async () => {
    const emergency = await send('emergency', 'Cảnh báo bão số 5');
    const priority = await send('priority', 'Lịch tiêm vắc-xin phòng dại', { startAt: new Date(Date.now() + 8000).toISOString() });
    const normal = await send('normal', 'Tuyên truyền Chính quyền thân thiện');

    // The normal one waits in the commune's inbox, marked as from above; its officer places it.
    const item = await waitFor(async () => (await communeInbox()).find((i) => i.title === 'Tuyên truyền Chính quyền thân thiện'), 30_000, 'normal bulletin in the commune inbox');
    expect(item).toMatchObject({ fromUpstream: true, level: 'normal', state: 'received', zoneId: 'xa-bm' });
    await waitFor(async () => (await provinceView(normal)).communes[0].state === 'received', 30_000, 'receipt reported up');
    const placed = await commune.api('POST', `/api/v1/bulletins/${item.id}/place`, { startAt: new Date(Date.now() + 3000).toISOString() });
    expect(placed.status).toBe(200);

    for (const id of [emergency, priority, normal]) {
      const v = await waitFor(async () => {
        const x = await provinceView(id);
        return x.communes[0].state === 'aired' ? x : null;
      }, 60_000, `bulletin ${id} aired in the linked commune`);
      expect(v.counts).toEqual({ done: 2 });
      expect(v.states).toEqual({ aired: 1 });
    }
    // Each played on both receivers, once.
    const inbox = await communeInbox();
    for (const title of ['Cảnh báo bão số 5', 'Lịch tiêm vắc-xin phòng dại', 'Tuyên truyền Chính quyền thân thiện']) {
      const here = inbox.filter((i) => i.title === title);
      expect(here).toHaveLength(1);
      for (const rx of ['rx-dong-1', 'rx-dong-2']) expect(acks.filter((a) => a.rx === rx && a.ack.broadcastId === here[0].broadcastId && a.ack.state === 'playing')).toHaveLength(1);
    }
    const played = await waitFor(async () => {
      const rows = await provincePlayed();
      return [emergency, priority, normal].every((id) => rows.some((r) => r.bulletinId === id)) ? rows : null;
    }, 30_000, 'as-played log up');
    for (const id of [emergency, priority, normal]) expect(played!.find((r) => r.bulletinId === id)).toMatchObject({ zoneId: 'xa-binh-minh', status: 'done', receivers: 2, done: 2 });
    // The province's own reports show the linked commune beside its own zones.
    const report = (await province.api('GET', '/api/v1/reports/played')).body;
    expect(report.linked.filter((r: any) => [emergency, priority, normal].includes(r.bulletinId))).toHaveLength(3);
    const month = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
    const monthly = (await province.api('GET', `/api/v1/reports/monthly?month=${month}`)).body;
    const line = monthly.linked.find((l: any) => l.zoneId === 'xa-binh-minh');
    expect(line).toMatchObject({ zoneName: 'Xã Bình Minh', successRate: 1 });
    expect(line.broadcasts).toBeGreaterThanOrEqual(3);
    expect(line.minutes).toBeGreaterThan(0);
  }, 120_000);

  it('with the connection cut, the commune keeps its schedule; on reconnect the pending bulletin arrives once, an expired emergency does not play, reports catch up', async () => {
    link.cut();
    await waitFor(async () => !(await upstreamStatus()).connected, 30_000, 'link down');
    const own = await ownBroadcast('Họp dân thôn Đông');
    await waitFor(async () => (await commune.api('GET', `/api/v1/broadcasts/${own}`)).body.status === 'done', 30_000, 'own broadcast aired offline');
    await agents.get('rx-dong-2')!.stop();
    agents.delete('rx-dong-2');
    await waitFor(async () => (await commune.api('GET', '/api/v1/receivers/rx-dong-2')).body.online === false, 30_000, 'rx-dong-2 offline');

    const pending = await send('normal', 'Lịch tiếp công dân tháng 12');
    const late = await send('emergency', 'Cảnh báo lũ đã qua', { expiresAt: new Date(Date.now() + 1500).toISOString() });
    expect((await provinceView(pending)).communes[0]).toMatchObject({ state: 'received', linked: true, awaitingLink: true });
    await new Promise((r) => setTimeout(r, 2000)); // the emergency's expiresAt passes while the link is down

    link.restore();
    await waitFor(async () => (await upstreamStatus()).connected, 60_000, 'link back');
    await waitFor(async () => (await provinceView(late)).communes[0].state === 'missed', 30_000, 'late emergency reported missed');
    const inbox = await waitFor(async () => {
      const i = await communeInbox();
      return i.some((x) => x.title === 'Lịch tiếp công dân tháng 12') ? i : null;
    }, 30_000, 'pending bulletin delivered');
    expect(inbox!.filter((x) => x.title === 'Lịch tiếp công dân tháng 12')).toHaveLength(1);
    await waitFor(async () => (await provinceView(pending)).communes[0].awaitingLink === false, 30_000, 'receipt reported up');
    const lateHere = inbox!.filter((x) => x.title === 'Cảnh báo lũ đã qua');
    expect(lateHere).toHaveLength(1);
    expect(lateHere[0]).toMatchObject({ state: 'missed', broadcastId: null });
    expect(acks.some((a) => a.ack.broadcastId && lateHere.some((l) => l.broadcastId === a.ack.broadcastId))).toBe(false);

    const d = await waitFor(async () => {
      const x = await linked();
      return x.offline === 1 ? x : null;
    }, 30_000, 'offline receiver reported');
    expect(d.online).toBe(1);
    const played = await waitFor(async () => {
      const rows = await provincePlayed();
      return rows.some((r) => r.broadcastId === own) ? rows : null;
    }, 30_000, 'own broadcast in the as-played log');
    expect(played!.filter((r) => r.broadcastId === own)).toHaveLength(1);
    expect(new Set(played!.map((r) => r.broadcastId)).size).toBe(played!.length);
    await waitFor(async () => (await upstreamStatus()).pending === 0, 30_000, 'commune outbox empty');
    await startAgent('rx-dong-2');
  }, 180_000);

  it('with the province killed, the commune keeps its schedule and its reports catch up when the province returns', async () => {
    const item = (await communeInbox()).find((x) => x.title === 'Lịch tiếp công dân tháng 12')!;
    await province.kill();
    await waitFor(async () => !(await upstreamStatus()).connected, 30_000, 'link down');
    const own = await ownBroadcast('Lịch tiêm chủng thôn Đông');
    await waitFor(async () => (await commune.api('GET', `/api/v1/broadcasts/${own}`)).body.status === 'done', 30_000, 'own broadcast aired with the province down');
    const declined = await commune.api('POST', `/api/v1/bulletins/${item.id}/decline`, { reason: 'Xã đã thông báo lịch này tại hội nghị' });
    expect(declined.status).toBe(200);
    await waitFor(async () => (await upstreamStatus()).pending >= 2, 10_000, 'reports queued');

    await province.start();
    await waitFor(async () => (await upstreamStatus()).connected, 60_000, 'link back');
    await waitFor(async () => (await upstreamStatus()).pending === 0, 30_000, 'reports delivered');
    const sent = (await province.api('GET', '/api/v1/bulletins')).body.find((b: any) => b.title === 'Lịch tiếp công dân tháng 12');
    expect(sent.communes[0]).toMatchObject({ state: 'declined', reason: 'Xã đã thông báo lịch này tại hội nghị' });
    const played = await provincePlayed();
    expect(played.filter((r) => r.broadcastId === own)).toHaveLength(1);
    expect(new Set(played.map((r) => r.broadcastId)).size).toBe(played.length);
    // Nothing came down twice.
    const titles = (await communeInbox()).map((i) => i.title);
    expect(titles.length).toBe(new Set(titles).size);
  }, 180_000);
});

describe('a bulletin the province withdraws', () => {
  it('is taken back in the linked commune: its waiting airing cancelled, the state reported up; one still owed over a cut link never arrives', async () => {
    const priority = await send('priority', 'Lịch cắt điện thôn Đông', { startAt: new Date(Date.now() + 120_000).toISOString() });
    const item = await waitFor(async () => (await communeInbox()).find((i) => i.title === 'Lịch cắt điện thôn Đông' && i.broadcastId), 30_000, 'priority placed in the commune');
    expect(item.state).toBe('placed');
    const withdrawn = await province.api('POST', `/api/v1/bulletins/${priority}/withdraw`, { reason: 'Điện lực hoãn lịch cắt điện' });
    expect(withdrawn.status).toBe(200);
    const here = await waitFor(async () => (await communeInbox()).find((i) => i.id === item.id && i.state === 'withdrawn'), 30_000, 'withdrawn in the commune');
    expect(here).toMatchObject({ status: 'withdrawn', withdrawReason: 'Điện lực hoãn lịch cắt điện', reason: 'Điện lực hoãn lịch cắt điện' });
    expect((await commune.api('GET', `/api/v1/broadcasts/${item.broadcastId}`)).body.status).toBe('cancelled');
    await waitFor(async () => (await provinceView(priority)).communes[0].state === 'withdrawn', 30_000, 'withdrawal reported up');

    // Sent and withdrawn while the link is down: the commune never hears it.
    link.cut();
    await waitFor(async () => !(await upstreamStatus()).connected, 30_000, 'link down');
    const mistaken = await send('emergency', 'Cảnh báo phát nhầm');
    expect((await province.api('POST', `/api/v1/bulletins/${mistaken}/withdraw`, { reason: 'Gửi nhầm xã' })).status).toBe(200);
    link.restore();
    await waitFor(async () => (await upstreamStatus()).connected, 60_000, 'link back');
    // What is sent next arrives behind whatever was owed, in order.
    await send('normal', 'Thông báo sau khi nối lại');
    const inbox = await waitFor(async () => {
      const i = await communeInbox();
      return i.some((x) => x.title === 'Thông báo sau khi nối lại') ? i : null;
    }, 30_000, 'the next bulletin delivered');
    expect(inbox!.some((i) => i.title === 'Cảnh báo phát nhầm')).toBe(false);
    expect((await provinceView(mistaken)).communes[0]).toMatchObject({ state: 'withdrawn' });
  }, 120_000);
});

describe('the province refuses', () => {
  const wsUrl = () => province.base.replace('http:', 'ws:') + '/api/v1/upstream';
  const open = (token: string) =>
    new Promise<{ ws: WebSocket; frames: any[] }>((resolve, reject) => {
      const ws = new WebSocket(wsUrl(), { headers: { authorization: `Bearer ${token}` } });
      const frames: any[] = [];
      ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('open', () => resolve({ ws, frames }));
      ws.once('error', reject);
    });

  it('a bad token, a message for a zone the token does not cover, and a revoked token', async () => {
    await expect(open('loa_up_not-a-token')).rejects.toThrow('HTTP 401');
    const other = await province.api('POST', '/api/v1/downstreams', { zoneId: 'xa-khac' });
    expect(other.status).toBe(201);
    expect((await province.api('POST', '/api/v1/downstreams', { zoneId: 'khong-co' })).status).toBe(400);

    const { ws, frames } = await open(other.body.token);
    await waitFor(() => frames.find((f) => f.type === 'welcome'), 10_000, 'welcome');
    expect(frames[0]).toMatchObject({ v: 1, type: 'welcome', downstreamId: other.body.id, zoneId: 'xa-khac' });
    const status = (id: string, zoneId: string) => ({ v: 1, type: 'status', id, zoneId, at: '2020-01-01T00:00:00.000Z', online: 7, offline: 0, changes: [] });
    ws.send(JSON.stringify(status('st-outside', 'xa-binh-minh')));
    ws.send(JSON.stringify(status('st-inside', 'xa-khac')));
    ws.send(JSON.stringify({ v: 1, type: 'status', id: 'st-bad', zoneId: 'xa-khac' }));
    await waitFor(() => frames.length >= 4, 10_000, 'answers');
    expect(frames.slice(1)).toEqual([
      expect.objectContaining({ type: 'nack', id: 'st-outside', code: 'forbidden' }),
      { v: 1, type: 'ack', id: 'st-inside' },
      expect.objectContaining({ type: 'nack', id: 'st-bad', code: 'invalid' }),
    ]);
    // The refused report changed nothing of the commune it named; the accepted one is its own commune's.
    const all = (await province.api('GET', '/api/v1/downstreams')).body;
    expect(all.find((d: any) => d.id === downstreamId).statusAt).not.toBe('2020-01-01T00:00:00.000Z');
    expect(all.find((d: any) => d.id === other.body.id)).toMatchObject({ online: 7, statusAt: '2020-01-01T00:00:00.000Z' });

    const closed = new Promise((r) => ws.once('close', r));
    expect((await province.api('DELETE', `/api/v1/downstreams/${other.body.id}`)).status).toBe(204);
    await closed;
    await expect(open(other.body.token)).rejects.toThrow('HTTP 401');
    expect((await province.api('DELETE', `/api/v1/downstreams/${other.body.id}`)).status).toBe(409);
  }, 60_000);
});
