// Starts the whole server (embedded broker, SQLite, real ffmpeg and voice)
// on free ports in a temporary data directory.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer, type RunningServer } from '../../src/app.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestServer {
  server: RunningServer;
  baseUrl: string;
  dataDir: string;
  api<T = any>(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; body: T }>;
  tokenFor(role: 'admin' | 'officer' | 'chairman' | 'technician'): Promise<string>;
  close(): Promise<void>;
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-test-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MQTT_PORT: '0',
    MQTT_HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOA_INIT_ADMIN_TOKEN: ADMIN_TOKEN,
    LEAD_TIME_MS: '2000',
    LOA_DEMO: '0',
    ...env,
  });
  const server = await startServer(config, createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'silent'));
  const baseUrl = `http://127.0.0.1:${server.httpPort}`;
  const api: TestServer['api'] = async (method, p, body, token = ADMIN_TOKEN) => {
    const res = await fetch(baseUrl + p, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed };
  };
  return {
    server,
    baseUrl,
    dataDir,
    api,
    tokenFor: (role) => server.tokens.create(`test-${role}`, role),
    async close() {
      await server.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
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
