// A commune's first `npm start`, as an operator runs it: `loa serve` in its
// own process, with a DATA_DIR that does not exist yet and the demo on, on a
// fresh PostgreSQL database and on SQLite; and a start refused for a busy port
// leaves nothing behind (no database file, no DATA_DIR, no tables).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/server.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../helpers/postgres.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const hasPostgres = await postgresAvailable();

let root = '';
const children: ChildProcess[] = [];
const databases: TestDatabase[] = [];

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of databases) await d.drop().catch(() => {});
  if (root) await fsp.rm(root, { recursive: true, force: true });
});

async function tempRoot(): Promise<string> {
  root ||= await fsp.mkdtemp(path.join(os.tmpdir(), 'loa-fresh-'));
  return root;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function serve(env: Record<string, string>): Started {
  let output = '';
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/loa.js'), 'serve'], {
    env: { ...process.env, HOST: '127.0.0.1', MQTT_HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Starts with the demo on in a DATA_DIR that does not exist; healthy, the demo's files written, then stopped. */
async function freshStart(databaseUrl?: string): Promise<string> {
  const dataDir = path.join(await tempRoot(), `data-${Math.random().toString(36).slice(2)}`, 'nested');
  expect(fs.existsSync(dataDir)).toBe(false);
  const port = await freePort();
  const started = serve({ PORT: String(port), MQTT_PORT: String(await freePort()), DATA_DIR: dataDir, LOA_DEMO: '1', ...(databaseUrl && { DATABASE_URL: databaseUrl }) });
  let exitCode: number | null | undefined;
  void started.exited.then((c) => (exitCode = c));
  await waitFor(
    async () => {
      if (exitCode !== undefined) throw new Error(`server exited with ${exitCode}: ${started.output()}`);
      return (await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) })).ok;
    },
    60_000,
    'healthy server',
  );
  // The demo is seeded after the server is up: wait for what it prints last.
  await waitFor(() => started.output().includes('đăng nhập và gửi một bản tin') || exitCode !== undefined, 30_000, 'demo seeded');
  expect(exitCode, started.output()).toBeUndefined();
  expect(started.output()).not.toMatch(/ENOENT/);
  const credentials = JSON.parse(await fsp.readFile(path.join(dataDir, 'demo-receivers.json'), 'utf8'));
  expect(credentials).toHaveLength(8);
  expect(fs.existsSync(path.join(dataDir, 'admin-token.txt'))).toBe(true);
  expect(fs.statSync(path.join(dataDir, 'media')).isDirectory()).toBe(true);
  const token = (await fsp.readFile(path.join(dataDir, 'admin-token.txt'), 'utf8')).trim();
  const zones = await fetch(`http://127.0.0.1:${port}/api/v1/zones`, { headers: { authorization: `Bearer ${token}` } });
  expect(zones.status).toBe(200);
  expect(((await zones.json()) as unknown[]).length).toBe(5);
  started.child.kill('SIGTERM');
  expect(await started.exited).toBe(0);
  return dataDir;
}

/** A listener holding a port, as another program would. */
async function occupy(): Promise<{ port: number; close: () => Promise<void> }> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  return { port: (srv.address() as net.AddressInfo).port, close: () => new Promise((r) => srv.close(() => r())) };
}

describe('first start', () => {
  it.skipIf(!hasPostgres)('is healthy on a fresh PostgreSQL database with a DATA_DIR that does not exist (demo on)', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const dataDir = await freshStart(database.url);
    // PostgreSQL holds the data: no SQLite file beside the demo's files.
    expect(fs.existsSync(path.join(dataDir, 'loa-lang.sqlite'))).toBe(false);
  }, 120_000);

  it('is healthy on SQLite with a DATA_DIR that does not exist (demo on)', async () => {
    const dataDir = await freshStart();
    expect(fs.existsSync(path.join(dataDir, 'loa-lang.sqlite'))).toBe(true);
  }, 120_000);
});

describe('a start refused for a busy port', () => {
  it.each(['PORT', 'MQTT_PORT'])('%s busy on SQLite: exits with a clear line and leaves no database file', async (busyVariable) => {
    const busy = await occupy();
    try {
      const dataDir = path.join(await tempRoot(), `busy-${busyVariable}`);
      const ports = { PORT: String(await freePort()), MQTT_PORT: String(await freePort()), [busyVariable]: String(busy.port) };
      const started = serve({ ...ports, DATA_DIR: dataDir, LOA_DEMO: '1' });
      expect(await started.exited).toBe(2);
      expect(started.output()).toContain(`port ${busy.port} is already in use: set ${busyVariable} to a free port`);
      expect(fs.existsSync(path.join(dataDir, 'loa-lang.sqlite'))).toBe(false);
      expect(fs.existsSync(dataDir)).toBe(false);
    } finally {
      await busy.close();
    }
  }, 60_000);

  it.skipIf(!hasPostgres)('MQTT_PORT busy on PostgreSQL: no table is created', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const busy = await occupy();
    try {
      const started = serve({ PORT: String(await freePort()), MQTT_PORT: String(busy.port), DATA_DIR: path.join(await tempRoot(), 'busy-pg'), DATABASE_URL: database.url, LOA_DEMO: '1' });
      expect(await started.exited).toBe(2);
      expect(started.output()).toContain('set MQTT_PORT to a free port');
    } finally {
      await busy.close();
    }
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const tables = await client.query(`select table_name from information_schema.tables where table_schema = 'public'`);
      expect(tables.rows).toEqual([]);
    } finally {
      await client.end();
    }
  }, 60_000);
});
