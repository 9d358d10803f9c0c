// A private Mosquitto for one test file: a free port, the auth files that
// `loa mosquitto-config` generates, no persistence, log on stderr (unbuffered,
// so the test can wait for "running" and "Reloading config.").
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';

export const MOSQUITTO_BIN = process.env.MOSQUITTO_BIN || ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/bin/mosquitto'].find((f) => fs.existsSync(f)) || null;

/** False (with a visible warning) when there is no mosquitto binary: the caller skips its Mosquitto tests. */
export function mosquittoAvailable(): boolean {
  if (MOSQUITTO_BIN) return true;
  console.warn('\n  ⚠ Mosquitto tests SKIPPED: no mosquitto binary (apt-get install mosquitto, or set MOSQUITTO_BIN).\n');
  return false;
}

export interface PrivateMosquitto {
  /** The receivers' listener (clientId = username). */
  url: string;
  port: number;
  /** The servers' own listener (docs/deployment.md): several instances share one account there. */
  serverUrl: string;
  pid: number;
  /** SIGHUP, resolved once Mosquitto has re-read its password file and ACL. */
  reload(): Promise<void>;
  /** Everything Mosquitto logged so far. */
  log(): string;
  close(): Promise<void>;
}

/** Starts Mosquitto with `authDir/mosquitto.conf` (the generated snippet) included. */
export async function startMosquitto(authDir: string): Promise<PrivateMosquitto> {
  if (!MOSQUITTO_BIN) throw new Error('no mosquitto binary');
  // The port is free when probed but may be taken before Mosquitto binds it: retry.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(authDir, await freePort(), await freePort());
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

async function launch(authDir: string, port: number, serverPort: number): Promise<PrivateMosquitto> {
  const confDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-mosquitto-'));
  const conf = path.join(confDir, 'mosquitto.conf');
  fs.writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      // What docs/deployment.md asks of every receivers' listener (see the generated snippet).
      'use_username_as_clientid true',
      // The servers' listener, as deploy/mosquitto/mosquitto.conf: without it two instances would share one clientId.
      `listener ${serverPort} 127.0.0.1`,
      'persistence false',
      // As deploy/mosquitto/mosquitto.conf: the default (1000) drops acks queued for the server in a large fan-out.
      'max_queued_messages 100000',
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      'log_type notice',
      'log_type information',
      // As root Mosquitto drops to the `mosquitto` user, which cannot read the test's private temp dir.
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      `include_dir ${authDir}`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(MOSQUITTO_BIN!, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    log += chunk;
    for (const w of [...waiters]) {
      if (!w.test()) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (test: () => boolean, what: string, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      if (test()) return resolve();
      const timer = setTimeout(() => reject(new Error(`mosquitto: timed out waiting for ${what}\n${log}`)), timeoutMs);
      waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
      void exited.then((code) => reject(new Error(`mosquitto exited (${code}) while waiting for ${what}\n${log}`)));
    });
  try {
    await waitFor(() => / running/.test(log), 'start');
  } catch (err) {
    child.kill('SIGKILL');
    fs.rmSync(confDir, { recursive: true, force: true });
    throw err;
  }
  const reloads = () => log.split('Reloading config.').length - 1;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    serverUrl: `mqtt://127.0.0.1:${serverPort}`,
    pid: child.pid!,
    async reload() {
      const before = reloads();
      child.kill('SIGHUP');
      // Mosquitto logs this line and then reloads in the same loop turn,
      // before it reads another packet: whatever is sent after it sees the new files.
      await waitFor(() => reloads() > before, 'reload');
    },
    log: () => log,
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(confDir, { recursive: true, force: true });
    },
  };
}
