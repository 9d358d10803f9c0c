// Starts the whole server (real ffmpeg and voice) on free ports in a
// temporary data directory, on the backend LOA_TEST_BACKEND names:
//   sqlite-aedes (default)  SQLite and the embedded broker
//   postgres-mosquitto      a throwaway PostgreSQL database and a private
//                           Mosquitto fed by `loa mosquitto-config`'s files
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer, type RunningServer } from '../../src/app.js';
import { openDatabase, type Db } from '../../src/db/index.js';
import { writeMosquittoConfig } from '../../src/mqtt/mosquitto.js';
import { createTestDatabase } from './postgres.js';
import { startMosquitto } from './mosquitto.js';
import { answerChecker, type AnswerCheck, type ApiDocument } from './api-description.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export type TestBackend = 'sqlite-aedes' | 'postgres-mosquitto';
export const TEST_BACKEND: TestBackend = process.env.LOA_TEST_BACKEND === 'postgres-mosquitto' ? 'postgres-mosquitto' : 'sqlite-aedes';

export interface TestServer {
  server: RunningServer;
  baseUrl: string;
  dataDir: string;
  backend: TestBackend;
  /** Regenerates Mosquitto's password file and ACL from the database and reloads it (an operator's job in production; a no-op on the embedded broker). */
  syncBroker(): Promise<void>;
  /** Calls the API; an answer unlike the API description (/api/v1/openapi.json) fails the call, naming the route, status and field. */
  api<T = any>(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; body: T }>;
  tokenFor(role: 'admin' | 'officer' | 'chairman' | 'technician'): Promise<string>;
  close(): Promise<void>;
}

/** `backend`: the project's unless a test needs one (test/helpers/prefer-postgres.ts). */
export async function startTestServer(env: Record<string, string> = {}, backend: TestBackend = TEST_BACKEND): Promise<TestServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-test-'));
  const external = backend === 'postgres-mosquitto' ? await startPostgresMosquitto(dataDir) : null;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MQTT_PORT: '0',
    MQTT_HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOA_INIT_ADMIN_TOKEN: ADMIN_TOKEN,
    LEAD_TIME_MS: '2000',
    LOA_DEMO: '0',
    ...external?.env,
    ...env,
  });
  let server: RunningServer;
  try {
    server = await startServer(config, createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'silent'));
  } catch (err) {
    await external?.close();
    throw err;
  }
  const baseUrl = `http://127.0.0.1:${server.httpPort}`;
  const syncBroker = async () => {
    await external?.syncBroker(server.database.db);
  };
  // The server's own description, fetched once; every answer is checked against it.
  let checker: Promise<AnswerCheck> | undefined;
  const describedAs = () =>
    (checker ??= fetch(`${baseUrl}/api/v1/openapi.json`).then(async (res) => {
      if (!res.ok) throw new Error(`GET /api/v1/openapi.json answered ${res.status}`);
      return answerChecker((await res.json()) as ApiDocument);
    }));
  const api: TestServer['api'] = async (method, p, body, token = ADMIN_TOKEN) => {
    const res = await fetch(baseUrl + p, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = jsonOrText(text);
    const problem = (await describedAs())(method, p, res.status, res.headers.get('content-type'), parsed, text);
    if (problem) throw new Error(`${method} ${p}: ${problem}`);
    // Provisioning, rotation or a zone move changes who may connect and read what.
    if (external && method !== 'GET' && p.startsWith('/api/v1/receivers') && res.ok) await syncBroker();
    return { status: res.status, body: parsed };
  };
  return {
    server,
    baseUrl,
    dataDir,
    backend,
    syncBroker,
    api,
    tokenFor: (role) => server.tokens.create(`test-${role}`, role),
    async close() {
      await server.stop();
      await external?.close();
      // A render still running past SHUTDOWN_WAIT_S may write a file as the folder goes: try again.
      await fs.rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

/**
 * PostgreSQL and Mosquitto for a test server (or several sharing them):
 * Mosquitto starts with the files generated from the migrated, empty
 * database; `env` is what a server needs to use both.
 */
export async function startPostgresMosquitto(dataDir: string) {
  const pg = await createTestDatabase();
  const auth = { out: path.join(dataDir, 'mosquitto'), topicRoot: 'loa/v1', serverUsername: 'loa-server', serverPassword: crypto.randomBytes(18).toString('base64url') };
  const database = await openDatabase({ dataDir, databaseUrl: pg.url });
  try {
    await writeMosquittoConfig(database.db, auth);
  } finally {
    await database.close();
  }
  const broker = await startMosquitto(auth.out).catch(async (err: Error) => {
    await pg.drop();
    throw err;
  });
  return {
    auth,
    broker,
    env: { DATABASE_URL: pg.url, MQTT_URL: broker.serverUrl, RECEIVER_MQTT_URL: broker.url, MQTT_USERNAME: auth.serverUsername, MQTT_PASSWORD: auth.serverPassword },
    /** Mosquitto reads its files, not the database: rewrites them from `db` and reloads it when they changed. */
    async syncBroker(db: Db) {
      if ((await writeMosquittoConfig(db, auth)).changed) await broker.reload();
    },
    async close() {
      await broker.close();
      await pg.drop();
    },
  };
}

/** An answer's body: its JSON, or the text itself where it is not JSON (HTML, CSV, a stream). */
export function jsonOrText(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A request as a browser's script or an API client sends it: a JSON body, redirects answered rather than followed. */
export async function request(baseUrl: string, method: string, p: string, headers: Record<string, string>, body?: unknown) {
  const r = await fetch(baseUrl + p, {
    method,
    redirect: 'manual',
    headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: jsonOrText(await r.text()), headers: r.headers };
}

/** Polls until the check returns a truthy value or the time is up. */
export async function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
