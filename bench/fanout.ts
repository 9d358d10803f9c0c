// Fan-out benchmark: one zone broadcast to 1k, 5k and 10k simulated
// receivers (devices/simulator.ts) on a stack (embedded aedes + SQLite, or
// Mosquitto + PostgreSQL), measuring dispatch → 100 % received/downloaded,
// the ack rate the server sustains with none lost, its memory, the start
// skew, and the panel API's latency with the whole fleet connected.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FleetSimulator } from '../devices/simulator.js';
import { openDatabase } from '../src/db/index.js';
import { writeMosquittoConfig } from '../src/mqtt/mosquitto.js';
import { startMosquitto, type PrivateMosquitto } from '../test/helpers/mosquitto.js';
import { createTestDatabase, type TestDatabase } from '../test/helpers/postgres.js';
import { ADMIN_TOKEN, benchFleet, metric, percentile, processMemory, province, provision, sleep, startServerProcess, until, type Province, type ServerProcess } from './harness.js';

export type StackName = 'aedes+sqlite' | 'mosquitto+postgres';

export interface FanoutRun {
  receivers: number;
  /** ms from the dispatch (deliveries being written) to the last receiver's ack, as the fleet sent it. */
  receivedMs: number;
  downloadedMs: number;
  /** ms until the server had recorded every received/downloaded ack. */
  serverReceivedMs: number;
  serverDownloadedMs: number;
  /** received + downloaded acks recorded per second by the server. */
  acksPerSecond: number;
  /** From startAt until the server had recorded every done ack (playback itself is ~1 s at the fleet's speed). */
  serverDoneAfterStartMs: number;
  lost: number;
  status: string;
  serverRssMb: number;
  /** The V8 heap in use and memory held outside it (buffers), as /metrics reported them. */
  serverHeapMb: number;
  serverExternalMb: number;
  brokerRssMb: number | null;
  /** playing − startAt over the fleet, ms. */
  skew: { p50: number; p99: number; max: number };
}

export interface ApiLatency {
  route: string;
  p50: number;
  p99: number;
  kb: number;
}

/** The server's memory at a moment: resident, V8 heap in use, outside the heap (buffers). */
export interface MemorySample {
  rssMb: number;
  heapMb: number;
  externalMb: number;
}

export interface FanoutReport {
  stack: StackName;
  /** Before anything was provisioned, and with the whole fleet online before any broadcast. */
  memoryIdle: MemorySample;
  memoryOnline: MemorySample;
  provisionS: number;
  connectS: number;
  runs: FanoutRun[];
  api: ApiLatency[];
  serverPeakMb: number;
  /** The media URL of the last broadcast, for the media benchmark. */
  mediaUrl: string | null;
}

const LEAD_MS = 30_000;
/** About a minute of speech (~0.5 MB of MP3): a typical commune announcement. */
const ANNOUNCEMENT = `Ủy ban nhân dân xã thông báo: từ bảy giờ ba mươi đến mười một giờ sáng chủ nhật tuần này, trạm y tế xã tổ chức tiêm vắc-xin sởi cho trẻ từ một đến năm tuổi. \
Đề nghị các gia đình có con em trong độ tuổi đưa trẻ đến đúng giờ, mang theo sổ tiêm chủng và giấy khai sinh. \
Trẻ đang sốt hoặc đang ốm cần báo cho cán bộ y tế trước khi tiêm. Thôn một, thôn hai và thôn ba tiêm buổi sáng; thôn bốn và thôn năm tiêm buổi chiều. \
Ban chỉ huy phòng chống thiên tai xã đề nghị bà con thường xuyên theo dõi thông tin thời tiết, chủ động gia cố nhà cửa, chằng chống mái tôn, \
cắt tỉa cành cây gần đường dây điện, và không đánh bắt thủy sản trên sông khi có mưa lớn. Xin trân trọng thông báo để toàn thể nhân dân được biết và thực hiện.`;

export interface FanoutOptions {
  /** The province: communes × hamlets × receivers per hamlet (default 10 × 10 × 100). */
  shape?: [communes: number, hamlets: number, perHamlet: number];
  /** How many communes each broadcast targets, in turn (default 1, 5, all). */
  communesPerRun?: number[];
  /** Runs on the server after the fleet has left (the media benchmark). */
  keepServer?: (server: ServerProcess, mediaUrl: string | null) => Promise<void>;
}

export async function runFanout(stack: StackName, opts: FanoutOptions = {}): Promise<FanoutReport> {
  const [communes, hamlets, perHamlet] = opts.shape ?? [10, 10, 100];
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `loa-bench-${stack.replace('+', '-')}-`));
  const cleanups: (() => Promise<void>)[] = [() => fs.rm(dataDir, { recursive: true, force: true })];
  const log = (msg: string) => console.log(`[${stack}] ${msg}`);
  try {
    const env: Record<string, string> = { DATA_DIR: dataDir, LEAD_TIME_MS: String(LEAD_MS) };
    let broker: PrivateMosquitto | null = null;
    let pg: TestDatabase | null = null;
    const auth = { out: path.join(dataDir, 'mosquitto'), topicRoot: 'loa/v1', serverUsername: 'loa-server', serverPassword: 'bench-server-password' };
    if (stack === 'mosquitto+postgres') {
      pg = await createTestDatabase();
      cleanups.push(() => pg!.drop());
      env.DATABASE_URL = pg.url;
      const db = await openDatabase({ dataDir, databaseUrl: pg.url });
      await writeMosquittoConfig(db.db, auth);
      await db.close();
      broker = await startMosquitto(auth.out);
      cleanups.push(() => broker!.close());
      Object.assign(env, { MQTT_URL: broker.serverUrl, RECEIVER_MQTT_URL: broker.url, MQTT_USERNAME: auth.serverUsername, MQTT_PASSWORD: auth.serverPassword });
    }
    const server = await startServerProcess(env);
    cleanups.push(() => server.stop());
    const memoryIdle = await memory(server);

    const p: Province = province(communes, hamlets, perHamlet);
    let t = Date.now();
    const secrets = await provision(server, p, hamlets);
    const provisionS = (Date.now() - t) / 1000;
    log(`provisioned ${secrets.size} receivers in ${provisionS.toFixed(1)} s`);
    if (broker && pg) {
      const db = await openDatabase({ dataDir, databaseUrl: pg.url });
      await writeMosquittoConfig(db.db, auth);
      await db.close();
      await broker.reload();
    }

    const fleet = benchFleet(server, p, secrets, dataDir);
    cleanups.push(() => fleet.stop());
    t = Date.now();
    await fleet.start();
    await until(async () => metric(await scrape(server), 'loa_receivers', { online: 'true' }) === p.receivers.length, 120_000, 'the server to see every receiver online', 500);
    const connectS = (Date.now() - t) / 1000;
    log(`${p.receivers.length} receivers online in ${connectS.toFixed(1)} s`);
    const memoryOnline = await memory(server);

    const runs: FanoutRun[] = [];
    let mediaUrl: string | null = null;
    for (const n of opts.communesPerRun ?? [1, 5, communes]) {
      const zoneIds = n === communes ? [p.root] : p.communes.slice(0, n);
      const size = n * hamlets * perHamlet;
      const run = await broadcastOnce(server, fleet, broker, zoneIds, size);
      runs.push(run.result);
      mediaUrl = run.mediaUrl;
      log(`${size}: received ${run.result.receivedMs} ms, downloaded ${run.result.downloadedMs} ms, server ${run.result.serverDownloadedMs} ms, ${run.result.acksPerSecond} acks/s, lost ${run.result.lost}, RSS ${run.result.serverRssMb} MB`);
    }
    const api = await apiLatency(server, p);
    const serverPeakMb = server.memory().peakMb;
    await fleet.stop();
    if (opts.keepServer) await opts.keepServer(server, mediaUrl);
    return { stack, memoryIdle, memoryOnline, provisionS, connectS, runs, api, serverPeakMb, mediaUrl };
  } finally {
    for (const c of cleanups.reverse()) await c().catch((e: Error) => console.warn(`[${stack}] cleanup: ${e.message}`));
  }
}

async function memory(server: ServerProcess): Promise<MemorySample> {
  const text = await scrape(server);
  const mb = (name: string) => Math.round(metric(text, name) / 2 ** 20);
  return { rssMb: server.memory().rssMb, heapMb: mb('nodejs_heap_size_used_bytes'), externalMb: mb('nodejs_external_memory_bytes') };
}

export async function scrape(server: ServerProcess): Promise<string> {
  // A kept-alive socket the busy server has just closed fails once: ask again.
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      return await res.text();
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

async function broadcastOnce(server: ServerProcess, fleet: FleetSimulator, broker: PrivateMosquitto | null, zoneIds: string[], size: number) {
  const seen = new Map<string, Map<string, number>>();
  const playingSkew: number[] = [];
  let broadcastId = '';
  let startAt = 0;
  const onAck = (receiverId: string, ack: { broadcastId?: string; state: string; at: string }) => {
    if (ack.broadcastId !== broadcastId) return;
    const now = Date.now();
    const byState = seen.get(ack.state) ?? new Map<string, number>();
    seen.set(ack.state, byState);
    byState.set(receiverId, now);
    if (ack.state === 'playing') playingSkew.push(Date.parse(ack.at) - startAt);
  };
  fleet.on('ack', onAck);
  try {
    const before = await scrape(server);
    const base = (state: string) => metric(before, 'loa_delivery_transitions_total', { state });
    const b0 = { received: base('received'), downloaded: base('downloaded'), done: base('done') };
    startAt = Date.now() + LEAD_MS;
    const created = await server.api<{ id: string }>('POST', '/api/v1/broadcasts', {
      title: `Thử tải ${size}`,
      text: ANNOUNCEMENT,
      zoneIds,
      priority: 'normal',
      startAt: new Date(startAt).toISOString(),
    });
    broadcastId = created.id;
    const server100: Partial<Record<'received' | 'downloaded' | 'done', number>> = {};
    await until(
      async () => {
        const text = await scrape(server);
        const at = Date.now();
        for (const s of ['received', 'downloaded', 'done'] as const) {
          if (server100[s] === undefined && metric(text, 'loa_delivery_transitions_total', { state: s }) - b0[s] >= size) server100[s] = at;
        }
        return server100.done !== undefined;
      },
      LEAD_MS + 120_000,
      `${size} deliveries done`,
      200,
    ).catch((err: Error) => console.warn(err.message));
    await sleep(500);
    const mem = await memory(server);
    const view = await server.api<{ status: string; dispatchedAt: string; counts: Record<string, number>; mediaUrl: string }>('GET', `/api/v1/broadcasts/${broadcastId}`);
    const t0 = Date.parse(view.dispatchedAt);
    const last = (state: string) => Math.max(...(seen.get(state)?.values() ?? [NaN])) - t0;
    const acked = [...seen.values()].reduce((n, m) => n + m.size, 0);
    const serverDownloaded = (server100.downloaded ?? NaN) - t0;
    const skew = [...playingSkew].sort((a, b) => a - b);
    const result: FanoutRun = {
      receivers: size,
      receivedMs: last('received'),
      downloadedMs: last('downloaded'),
      serverReceivedMs: (server100.received ?? NaN) - t0,
      serverDownloadedMs: serverDownloaded,
      acksPerSecond: Math.round((2 * size) / (serverDownloaded / 1000)),
      serverDoneAfterStartMs: (server100.done ?? NaN) - startAt,
      // Every receiver acks received, downloaded, playing, done, and the server must have all of them.
      lost: 4 * size - acked + (size - (view.counts.done ?? 0)),
      status: view.status,
      serverRssMb: mem.rssMb,
      serverHeapMb: mem.heapMb,
      serverExternalMb: mem.externalMb,
      brokerRssMb: broker ? processMemory(broker.pid).rssMb : null,
      skew: { p50: percentile(skew, 50), p99: percentile(skew, 99), max: skew.at(-1) ?? NaN },
    };
    return { result, mediaUrl: view.mediaUrl };
  } finally {
    fleet.off('ack', onAck);
  }
}

/**
 * What the panel loads (technician page, broadcasts and coverage pages,
 * approvals), timed with the whole fleet connected and sending telemetry;
 * plus the largest pages and the full broadcast view, for reference.
 */
async function apiLatency(server: ServerProcess, p: Province): Promise<ApiLatency[]> {
  // The last fan-out reached the whole province.
  const [last] = await server.api<{ id: string }[]>('GET', '/api/v1/broadcasts?limit=1');
  const b = `/api/v1/broadcasts/${last!.id}`;
  const hamlet = p.receivers[0]!.zoneId;
  const routes: [label: string, path: string][] = [
    ['/api/v1/zones', '/api/v1/zones'],
    ['/api/v1/fleet/summary', '/api/v1/fleet/summary'],
    ['/api/v1/receivers?limit=100', '/api/v1/receivers?limit=100'],
    ['/api/v1/receivers?online=false&limit=100', '/api/v1/receivers?online=false&limit=100'],
    ['/api/v1/receivers?zoneId=<commune>&limit=100', `/api/v1/receivers?zoneId=${p.communes[0]}&limit=100`],
    ['/api/v1/receivers?zoneId=<hamlet>&limit=100', `/api/v1/receivers?zoneId=${hamlet}&limit=100`],
    ['/api/v1/receivers?q=<search>&limit=100', `/api/v1/receivers?q=${encodeURIComponent(p.receivers.at(-1)!.id.slice(0, -1))}&limit=100`],
    ['/api/v1/receivers/<id>', `/api/v1/receivers/${p.receivers[0]!.id}`],
    ['/api/v1/fleet/alerts', '/api/v1/fleet/alerts?offlineMinutes=10&failStreak=3'],
    ['/api/v1/broadcasts', '/api/v1/broadcasts'],
    ['/api/v1/broadcasts?status=pending_approval', '/api/v1/broadcasts?status=pending_approval'],
    ['/api/v1/broadcasts/<id>/coverage', `${b}/coverage`],
    ['/api/v1/broadcasts/<id>/deliveries?limit=100', `${b}/deliveries?limit=100`],
    ['/api/v1/broadcasts/<id>/deliveries?zoneId=<hamlet>&limit=100', `${b}/deliveries?zoneId=${hamlet}&limit=100`],
    ['/api/v1/receivers (default page, 500)', '/api/v1/receivers'],
    ['/api/v1/receivers?limit=1000', '/api/v1/receivers?limit=1000'],
    [`/api/v1/broadcasts/<id> (${p.receivers.length} deliveries)`, b],
    ['/metrics', '/metrics'],
  ];
  const out: ApiLatency[] = [];
  for (const [label, route] of routes) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 22; i++) {
      const t = performance.now();
      const res = await fetch(server.baseUrl + route, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      const body = await res.arrayBuffer();
      if (!res.ok) throw new Error(`${route}: HTTP ${res.status}`);
      if (i >= 2) times.push(performance.now() - t);
      bytes = body.byteLength;
    }
    times.sort((a, b) => a - b);
    out.push({ route: label, p50: round1(percentile(times, 50)), p99: round1(percentile(times, 99)), kb: Math.round(bytes / 1024) });
  }
  return out;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
