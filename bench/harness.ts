// Shared parts of the scale benchmarks: the compiled server (as a province
// deployment runs it) as a child process (so the simulated fleet in this
// process does not share its event loop), a province of zones, provisioning
// through the API, and small statistics.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { FleetSimulator } from '../devices/simulator.js';
import { freePort } from '../test/helpers/ports.js';

export const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const ROOT = path.resolve(import.meta.dirname, '..');

export interface ServerProcess {
  pid: number;
  baseUrl: string;
  mqttUrl: string;
  api<T = any>(method: string, p: string, body?: unknown): Promise<T>;
  /** Resident and peak resident memory of the server process, MB. */
  memory(): { rssMb: number; peakMb: number };
  stop(): Promise<void>;
}

let built: Promise<unknown> | undefined;
/** `npm run build`, once per benchmark run: the sources as they are now, compiled to dist/. */
function buildOnce(): Promise<unknown> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  return (built ??= promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT }));
}

/** The compiled `loa serve` in a child process with the given environment (DATA_DIR, DATABASE_URL, MQTT_URL…) and node options. */
export async function startServerProcess(env: Record<string, string>, nodeArgs: string[] = []): Promise<ServerProcess> {
  await buildOnce();
  const port = await freePort();
  const mqttPort = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, 'dist/src/cli.js', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MQTT_PORT: String(mqttPort), MQTT_HOST: '127.0.0.1', LOA_DEMO: '0', LOA_INIT_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'warn', ...env },
    // Its warnings and errors show in the benchmark's output.
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`server ${child.pid} exited unexpectedly (${signal ?? code})`);
  });
  let stopping = false;
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
    const ok = await fetch(`${baseUrl}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error('server did not become healthy');
    await sleep(200);
  }
  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(baseUrl + p, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    pid: child.pid!,
    baseUrl,
    mqttUrl: env.RECEIVER_MQTT_URL ?? env.MQTT_URL ?? `mqtt://127.0.0.1:${mqttPort}`,
    api,
    memory: () => processMemory(child.pid!),
    async stop() {
      stopping = true;
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export function processMemory(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

/** A province: `communes` communes of `hamlets` hamlets of `perHamlet` receivers. */
export interface Province {
  root: string;
  communes: string[];
  receivers: { id: string; zoneId: string; commune: string }[];
}

export function province(communes: number, hamlets: number, perHamlet: number): Province {
  const p: Province = { root: 'tinh', communes: [], receivers: [] };
  for (let c = 0; c < communes; c++) {
    const commune = `xa-${c}`;
    p.communes.push(commune);
    for (let h = 0; h < hamlets; h++) {
      for (let i = 0; i < perHamlet; i++) p.receivers.push({ id: `rx-${c}-${h}-${i}`, zoneId: `thon-${c}-${h}`, commune });
    }
  }
  return p;
}

/** Creates the zones and receivers through the API; returns each receiver's secret. */
export async function provision(server: ServerProcess, p: Province, hamlets: number, concurrency = 16): Promise<Map<string, string>> {
  await server.api('POST', '/api/v1/zones', { id: p.root, name: 'Tỉnh' });
  for (const c of p.communes) {
    await server.api('POST', '/api/v1/zones', { id: c, name: `Xã ${c}`, parentId: p.root });
    for (let h = 0; h < hamlets; h++) await server.api('POST', '/api/v1/zones', { id: `thon-${c.slice(3)}-${h}`, name: `Thôn ${h}`, parentId: c });
  }
  const secrets = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    while (next < p.receivers.length) {
      const r = p.receivers[next++]!;
      const created = await server.api<{ secret: string }>('POST', '/api/v1/receivers', { id: r.id, name: r.id, zoneId: r.zoneId });
      secrets.set(r.id, created.secret);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return secrets;
}

/** The simulated province: 1000 connections a second, playback 100× real time, telemetry every minute. */
export function benchFleet(server: ServerProcess, p: Province, secrets: Map<string, string>, dataDir: string): FleetSimulator {
  return new FleetSimulator({
    mqttUrl: server.mqttUrl,
    receivers: p.receivers.map((r) => ({ id: r.id, secret: secrets.get(r.id)! })),
    cacheDir: path.join(dataDir, 'fleet-cache'),
    connectRate: 1000,
    playbackSpeed: 100,
    telemetryIntervalMs: 60_000,
  });
}

/** One sample of a Prometheus text exposition, summed over the series that carry `labels`. */
export function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2] ? m[2].split(',') : [];
    if (want.every((w) => have.includes(w))) sum += Number(m[3]);
  }
  return sum;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function until<T>(check: () => Promise<T | null | undefined | false>, timeoutMs: number, what: string, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Replaces (or appends) one `## title` section of docs/benchmarks.md, leaving the others alone. */
export function writeSection(title: string, body: string): string {
  const file = path.join(ROOT, 'docs', 'benchmarks.md');
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const section = `## ${title}\n\n${body.trim()}\n`;
  const re = new RegExp(`## ${title}\\n[\\s\\S]*?(?=\\n## |$)`);
  const after = re.test(before) ? before.replace(re, section) : `${before.trimEnd()}\n\n${section}`;
  fs.writeFileSync(file, after);
  return file;
}
