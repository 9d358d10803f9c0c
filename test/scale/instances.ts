// A server instance as its own process (`loa serve`) for the multi-instance
// tests. A port found free may be taken again before the server binds it
// (another test file, an outgoing connection's ephemeral port): an instance
// that exits saying so is started again on another port.
import { spawn, type ChildProcess } from 'node:child_process';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/index.js';
import { freePort } from '../helpers/ports.js';
import { startPostgresMosquitto } from '../helpers/server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Instance {
  base: string;
  port: number;
  child: ChildProcess;
}

export async function startInstance(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Instance> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/loa.js'), 'serve'], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
    let said = '';
    child.stderr!.on('data', (c: Buffer) => (said = (said + c.toString()).slice(-4000)));
    // TEST_LOG=1: what the instances log, on the test's stderr.
    if (process.env.TEST_LOG === '1') child.stderr!.on('data', (c: Buffer) => process.stderr.write(`[${port}] ${c}`));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + timeoutMs;
    while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
      const ok = await fetch(base + '/healthz', { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
      if (ok) return { base, port, child };
      await new Promise((r) => setTimeout(r, 200));
    }
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      throw new Error(`instance on port ${port} not up after ${timeoutMs} ms: ${said}`);
    }
    if (attempt >= 3 || !/PORT|EADDRINUSE|in use/i.test(said)) throw new Error(`instance on port ${port} exited (${child.exitCode ?? child.signalCode}): ${said}`);
  }
}

/** Instances sharing one PostgreSQL database, one private Mosquitto and one media directory. */
export interface Cluster {
  dataDir: string;
  databaseUrl: string;
  /** Where receivers connect (the servers have a listener of their own). */
  mqttUrl: string;
  instances: Instance[];
  /** Lets the receivers created since onto the broker (their passwords, from the database). */
  admitReceivers(): Promise<void>;
  close(): Promise<void>;
}

/** Every cluster this test file started, a retried test's first attempt's too. */
const started: Cluster[] = [];

/** Stops every cluster the file started (its afterAll). */
export async function closeClusters(): Promise<void> {
  for (const c of started.splice(0)) await c.close();
}

/** `count` instances, each with the shared settings and `env`; whatever was started is stopped again if one fails. */
export async function startCluster(name: string, env: NodeJS.ProcessEnv, count = 2): Promise<Cluster> {
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), `loa-${name}-`));
  const instances: Instance[] = [];
  let external: Awaited<ReturnType<typeof startPostgresMosquitto>> | undefined;
  const close = async () => {
    for (const i of instances) i.child.kill('SIGKILL');
    await external?.close();
    await fsp.rm(dataDir, { recursive: true, force: true });
  };
  try {
    external = await startPostgresMosquitto(dataDir);
    const shared = { HOST: '127.0.0.1', DATA_DIR: dataDir, ...external.env, LOA_DEMO: '0', LOG_LEVEL: 'warn' };
    for (let i = 0; i < count; i++) instances.push(await startInstance({ ...process.env, ...shared, ...env }));
  } catch (err) {
    await close();
    throw err;
  }
  const { env: urls, syncBroker } = external;
  const cluster: Cluster = {
    dataDir,
    databaseUrl: urls.DATABASE_URL,
    mqttUrl: urls.RECEIVER_MQTT_URL,
    instances,
    admitReceivers: async () => {
      const database = await openDatabase({ dataDir, databaseUrl: urls.DATABASE_URL });
      try {
        await syncBroker(database.db);
      } finally {
        await database.close();
      }
    },
    close,
  };
  started.push(cluster);
  return cluster;
}
