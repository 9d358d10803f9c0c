// The first run's demo: its admin token and passwords stay in owner-only
// files; what the server prints (which ends up in journald or docker logs)
// says where they are, never what they are.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let child: ChildProcess | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

it('the demo banner prints where the secrets are, not the secrets; the files are 0600', async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-demo-'));
  const env = { ...process.env, PORT: String(await freePort()), HOST: '127.0.0.1', MQTT_PORT: String(await freePort()), MQTT_HOST: '127.0.0.1', DATA_DIR: dataDir, LOA_DEMO: '1', LOG_LEVEL: 'info' };
  let output = '';
  child = spawn(process.execPath, [path.join(ROOT, 'bin/loa.js'), 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  await waitFor(() => output.includes('gửi một bản tin'), 60_000, 'the demo banner');

  const tokenFile = path.join(dataDir, 'admin-token.txt');
  const usersFile = path.join(dataDir, 'demo-users.txt');
  const receiversFile = path.join(dataDir, 'demo-receivers.json');
  const token = (await fs.readFile(tokenFile, 'utf8')).trim();
  const users = (await fs.readFile(usersFile, 'utf8')).trim().split('\n').map((l) => l.split('\t'));
  const receivers = JSON.parse(await fs.readFile(receiversFile, 'utf8')) as { id: string; secret: string }[];
  expect(token).toMatch(/^loa_[\w-]{40,}$/);
  expect(users.map((u) => u[0])).toEqual(['admin', 'canbo', 'chutich', 'kythuat']);
  expect(receivers).toHaveLength(8);

  // The secrets work (so the check below looks for real values)…
  const me = await fetch(`http://127.0.0.1:${env.PORT}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  expect((await me.json()).role).toBe('admin');
  // …and none of them is in the output.
  for (const secret of [token, ...users.map((u) => u[2]!), ...receivers.map((r) => r.secret)]) {
    expect(secret.length).toBeGreaterThan(8);
    expect(output).not.toContain(secret);
  }
  expect(output).toContain('admin-token.txt');
  expect(output).toContain('demo-users.txt');
  expect(output).toContain('canbo');
  for (const f of [tokenFile, usersFile, receiversFile]) expect((await fs.stat(f)).mode & 0o777).toBe(0o600);
}, 120_000);
