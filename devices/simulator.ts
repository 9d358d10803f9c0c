// Fleet simulator: N ReceiverAgents in one process, for tests, demos and load
// benchmarks. The agents share one startAt scheduler, one telemetry timer and
// (by default) one media cache, so 10k receivers cost 10k MQTT connections
// and little else.
// Run: `tsx devices/simulator.ts --receivers fleet.json --mqtt mqtt://127.0.0.1:1883`
//  or: `LOA_ADMIN_TOKEN=… tsx devices/simulator.ts --server http://127.0.0.1:8080 --rotate-secrets`
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { receiverIdSchema, type Ack, type AckState } from '../src/mqtt/protocol.js';
import { ReceiverAgent, type Logger } from './agent.js';
import { isMainModule } from './main-module.js';
import { MediaCache } from './media-cache.js';
import type { PlayerSpec } from './player.js';
import { StartScheduler, type Clock } from './start-scheduler.js';

export interface ReceiverCredentials {
  id: string;
  secret: string;
}

export interface FleetSimulatorOptions {
  mqttUrl: string;
  receivers: ReceiverCredentials[];
  topicRoot?: string;
  /** Default `none`: a thousand ffplays would not help anyone. */
  player?: PlayerSpec;
  /** `none` player: play N times faster than real time (default 1). */
  playbackSpeed?: number;
  /** Default `<tmpdir>/loa-sim-cache`. */
  cacheDir?: string;
  /** One download per sha256 for the whole fleet (default true); false gives each receiver `<cacheDir>/<id>` to load the media server realistically. */
  sharedCache?: boolean;
  /** Each receiver's telemetry period, spread over the period by one shared timer; 0 disables (default 60000). */
  telemetryIntervalMs?: number;
  /** New MQTT connections per second, so starting 10k receivers is not a SYN flood (default 200). */
  connectRate?: number;
  fw?: string;
  clock?: Clock;
  logger?: Logger;
  /** PEM CA trusted for mqtts:// and https:// media (the commune's `ca.crt` from `loa tls init`). */
  ca?: string | Buffer;
  /** Keep every byte of live streams each receiver played (tests decode it); default false: count only. */
  keepLiveAudio?: boolean;
}

export interface FleetSimulatorEvents {
  ack: [receiverId: string, ack: Ack];
  /** Live audio a receiver handed to its (silent) player, at `at` on its clock. */
  liveAudio: [receiverId: string, broadcastId: string, chunk: Buffer, at: number];
  connect: [receiverId: string];
  disconnect: [receiverId: string];
}

export interface FleetStats {
  receivers: number;
  online: number;
  acks: Partial<Record<AckState, number>>;
}

const TELEMETRY_TICK_MS = 1000;
const CONNECT_BATCH_MS = 50;

export class FleetSimulator extends EventEmitter<FleetSimulatorEvents> {
  readonly agents = new Map<string, ReceiverAgent>();
  private readonly online = new Set<string>();
  private readonly ackCounts: Partial<Record<AckState, number>> = {};
  private readonly live = new Map<string, { bytes: number; chunks: Buffer[] }>();
  private readonly scheduler: StartScheduler;
  private telemetryTimer: NodeJS.Timeout | null = null;
  private readonly sharedCache: MediaCache | undefined;

  constructor(private readonly options: FleetSimulatorOptions) {
    super();
    const clock = options.clock ?? Date.now;
    const cacheDir = options.cacheDir ?? join(tmpdir(), 'loa-sim-cache');
    const sharedCache = options.sharedCache === false ? undefined : new MediaCache(cacheDir, { ca: options.ca });
    this.sharedCache = sharedCache;
    this.scheduler = new StartScheduler(clock);
    const bootedAt = Date.now();
    for (const { id, secret } of options.receivers) {
      if (this.agents.has(id)) throw new Error(`receiver ${id} listed twice`);
      const agent = new ReceiverAgent({
        id,
        secret,
        mqttUrl: options.mqttUrl,
        ca: options.ca,
        topicRoot: options.topicRoot,
        cacheDir: join(cacheDir, id),
        mediaCache: sharedCache,
        scheduler: this.scheduler,
        player: options.player ?? 'none',
        playbackSpeed: options.playbackSpeed,
        fw: options.fw ?? 'loa-sim/0.1.0',
        clock,
        logger: options.logger,
        telemetryIntervalMs: 0,
        telemetry: () => simulatedTelemetry(bootedAt),
      });
      agent.on('ack', (ack) => {
        this.ackCounts[ack.state] = (this.ackCounts[ack.state] ?? 0) + 1;
        this.emit('ack', id, ack);
      });
      agent.on('liveAudio', (cmd, chunk, at) => {
        const key = `${id}\0${cmd.broadcastId}`;
        const got = this.live.get(key) ?? { bytes: 0, chunks: [] };
        got.bytes += chunk.length;
        if (options.keepLiveAudio) got.chunks.push(chunk);
        this.live.set(key, got);
        this.emit('liveAudio', id, cmd.broadcastId, chunk, at);
      });
      agent.on('connect', () => {
        this.online.add(id);
        this.emit('connect', id);
      });
      agent.on('disconnect', () => {
        this.online.delete(id);
        this.emit('disconnect', id);
      });
      this.agents.set(id, agent);
    }
  }

  /** Connects every receiver at `connectRate`; resolves once all are online (they retry on their own until then). */
  async start(): Promise<void> {
    const every = this.options.telemetryIntervalMs ?? 60_000;
    if (every > 0) this.startTelemetry(every);
    const perBatch = Math.max(1, Math.round(((this.options.connectRate ?? 200) * CONNECT_BATCH_MS) / 1000));
    const agents = [...this.agents.values()];
    const started: Promise<void>[] = [];
    for (let i = 0; i < agents.length; i += perBatch) {
      if (i > 0) await new Promise((r) => setTimeout(r, CONNECT_BATCH_MS));
      started.push(...agents.slice(i, i + perBatch).map((a) => a.start()));
    }
    await Promise.all(started);
  }

  async stop(): Promise<void> {
    if (this.telemetryTimer) clearInterval(this.telemetryTimer);
    this.telemetryTimer = null;
    await Promise.all([...this.agents.values()].map((a) => a.stop()));
    await this.sharedCache?.cancelDownloads();
    this.scheduler.clear();
  }

  /** Bytes of a live broadcast a receiver played; the bytes themselves with `keepLiveAudio`. */
  liveReceived(receiverId: string, broadcastId: string): { bytes: number; audio: Buffer } {
    const got = this.live.get(`${receiverId}\0${broadcastId}`);
    return { bytes: got?.bytes ?? 0, audio: Buffer.concat(got?.chunks ?? []) };
  }

  stats(): FleetStats {
    return { receivers: this.agents.size, online: this.online.size, acks: { ...this.ackCounts } };
  }

  /** One timer for the fleet: each tick sends the slice of receivers whose turn it is. */
  private startTelemetry(every: number): void {
    const tick = Math.min(TELEMETRY_TICK_MS, every);
    const slices = Math.max(1, Math.round(every / tick));
    const agents = [...this.agents.values()];
    let n = 0;
    this.telemetryTimer = setInterval(() => {
      const slice = n++ % slices;
      for (let i = slice; i < agents.length; i += slices) void agents[i].publishTelemetry();
    }, tick);
  }
}

function simulatedTelemetry(bootedAt: number) {
  return {
    rssi: -60 - Math.round(Math.random() * 35),
    network: '4G',
    uptimeS: Math.round((Date.now() - bootedAt) / 1000),
    amp: 'ok',
  };
}

// ---- admin API client -----------------------------------------------------------

const receiverListSchema = z.union([
  z.array(z.object({ id: receiverIdSchema })),
  z.object({ receivers: z.array(z.object({ id: receiverIdSchema })) }).transform((r) => r.receivers),
  z.object({ items: z.array(z.object({ id: receiverIdSchema })) }).transform((r) => r.items),
]);
const rotatedSecretSchema = z.object({ id: receiverIdSchema, secret: z.string().min(1) });

/**
 * Client for the two admin API calls the simulator needs, under bearer auth:
 * `GET /api/v1/receivers` (a JSON array of receivers with `id`, or an object
 * holding it under `receivers` or `items`; further pages named by a `Link`
 * header) and `POST /api/v1/receivers/:id/secret`
 * (rotates the secret and returns `{"id","secret"}` once).
 */
export class AdminClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** Every receiver, following the server's pages (`Link: <…>; rel="next"`). */
  async listReceivers(): Promise<{ id: string }[]> {
    const out: { id: string }[] = [];
    for (let path: string | null = '/api/v1/receivers?limit=1000'; path; ) {
      const res = await this.fetch('GET', path);
      out.push(...receiverListSchema.parse(await res.json()));
      path = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
    }
    return out;
  }

  /** Invalidates the receiver's current secret: a real board with this id is locked out until re-provisioned. */
  async rotateSecret(id: string): Promise<ReceiverCredentials> {
    return rotatedSecretSchema.parse(await this.request('POST', `/api/v1/receivers/${encodeURIComponent(id)}/secret`));
  }

  private async request(method: string, path: string): Promise<unknown> {
    return (await this.fetch(method, path)).json();
  }

  private async fetch(method: string, path: string): Promise<Response> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' },
    });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    return res;
  }
}

/** Credentials for the first `limit` receivers known to the server, by rotating their secrets. */
export async function credentialsFromServer(admin: AdminClient, limit = Infinity, concurrency = 8): Promise<ReceiverCredentials[]> {
  const ids = (await admin.listReceivers()).slice(0, limit).map((r) => r.id);
  const out: ReceiverCredentials[] = [];
  for (let i = 0; i < ids.length; i += concurrency) {
    out.push(...(await Promise.all(ids.slice(i, i + concurrency).map((id) => admin.rotateSecret(id)))));
  }
  return out;
}

// ---- CLI ------------------------------------------------------------------------

const fleetEntrySchema = rotatedSecretSchema.extend({ mqttUrl: z.string().optional() });
// `loa serve` in demo mode writes the array form, with mqttUrl on every entry.
const fleetFileSchema = z.union([
  z.array(fleetEntrySchema).transform((receivers) => ({ receivers, mqttUrl: receivers[0]?.mqttUrl })),
  z.object({ mqttUrl: z.string().optional(), receivers: z.array(fleetEntrySchema) }),
]);

const USAGE = `usage:
  tsx devices/simulator.ts --receivers fleet.json [--mqtt mqtt://host:1883]
  tsx devices/simulator.ts --server http://host:8080 --token T --rotate-secrets [--limit N] [--mqtt url]
options:
  --receivers file   [{"id","secret","mqttUrl"?}…] or {"mqttUrl","receivers":[…]}
  --server url       admin API to fetch receivers from (token also from LOA_ADMIN_TOKEN)
  --rotate-secrets   required with --server: every listed receiver gets a new secret
  --limit N          simulate only the first N receivers
  --mqtt url         broker (default: the file's (first) mqttUrl, or mqtt://<server host>:1883)
  --player p         none (default) | ffplay | mpg123 | "command {file}"
  --speed N          none player: play N times faster than real time
  --cache-dir dir    media cache (default <tmpdir>/loa-sim-cache)
  --ca file          trust this CA for mqtts:// and https:// media (the server's data/tls/ca.crt)
  --separate-caches  one cache per receiver instead of one shared by sha256
  --topic-root r     default loa/v1
  --rate N           connections per second (default 200)
  --telemetry-ms N   telemetry period per receiver (default 60000, 0 = off)
  --stats-ms N       how often to print stats (default 10000)`;

/** CLI entry, also reached through `loa simulate …`. */
export async function main(args: string[] = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      receivers: { type: 'string' },
      server: { type: 'string' },
      token: { type: 'string' },
      'rotate-secrets': { type: 'boolean' },
      limit: { type: 'string' },
      mqtt: { type: 'string' },
      player: { type: 'string' },
      speed: { type: 'string' },
      'cache-dir': { type: 'string' },
      ca: { type: 'string' },
      'separate-caches': { type: 'boolean' },
      'topic-root': { type: 'string' },
      rate: { type: 'string' },
      'telemetry-ms': { type: 'string' },
      'stats-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const num = (flag: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${flag} must be a non-negative number`);
    return n;
  };
  if (values.help || (!values.receivers && !values.server)) {
    console.log(USAGE);
    return;
  }
  const limit = num('limit', values.limit);
  let receivers: ReceiverCredentials[];
  let mqttUrl = values.mqtt;
  if (values.receivers) {
    const file = fleetFileSchema.parse(JSON.parse(readFileSync(values.receivers, 'utf8')));
    receivers = file.receivers.slice(0, limit).map(({ id, secret }) => ({ id, secret }));
    mqttUrl ??= file.mqttUrl;
  } else {
    const token = values.token ?? process.env.LOA_ADMIN_TOKEN;
    if (!token) throw new Error('--server needs --token or LOA_ADMIN_TOKEN');
    if (!values['rotate-secrets']) {
      throw new Error('--server rotates the secret of every simulated receiver, locking out real hardware with those ids; pass --rotate-secrets to confirm');
    }
    receivers = await credentialsFromServer(new AdminClient(values.server!, token), limit);
    mqttUrl ??= `mqtt://${new URL(values.server!).hostname}:1883`;
  }
  if (!mqttUrl) throw new Error('no broker: pass --mqtt');
  const sim = new FleetSimulator({
    mqttUrl,
    receivers,
    topicRoot: values['topic-root'],
    player: values.player,
    playbackSpeed: num('speed', values.speed),
    cacheDir: values['cache-dir'],
    ...(values.ca && { ca: readFileSync(values.ca) }),
    sharedCache: !values['separate-caches'],
    connectRate: num('rate', values.rate),
    telemetryIntervalMs: num('telemetry-ms', values['telemetry-ms']),
    logger: { info() {}, warn: console.warn, error: console.error },
  });
  const print = () => {
    const s = sim.stats();
    const acks = Object.entries(s.acks).map(([k, v]) => `${k}=${v}`).join(' ');
    console.log(`${new Date().toISOString()} online ${s.online}/${s.receivers} ${acks}`);
  };
  const statsTimer = setInterval(print, num('stats-ms', values['stats-ms']) ?? 10_000);
  const shutdown = async () => {
    clearInterval(statsTimer);
    await sim.stop();
    print();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  console.log(`simulating ${receivers.length} receivers against ${mqttUrl}`);
  const t0 = Date.now();
  await sim.start();
  console.log(`all ${receivers.length} receivers online in ${Date.now() - t0} ms`);
}

if (isMainModule(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
