// The compiled server (`npm run build`, what a province deployment and the
// image run) works on its own: no tsx, web/ and audio/ found from dist/src/,
// the schedules' JSON copied next to the code.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TOKEN = 'compiled-admin-token-0123456789';
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

let outDir = '';
let dataDir = '';
let child: ChildProcess | null = null;

afterAll(async () => {
  child?.kill('SIGKILL');
  for (const dir of [outDir, dataDir]) if (dir) await fs.rm(dir, { recursive: true, force: true });
});

it('builds, and the compiled server serves the panel, the API, the holidays and the jingles', async () => {
  // Under the project (in dist/, ignored by git), as a real build: the code
  // finds package.json ("type": "module", the asset root) by walking up.
  await fs.mkdir(path.join(ROOT, 'dist'), { recursive: true });
  outDir = await fs.mkdtemp(path.join(ROOT, 'dist', 'test-'));
  await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: ROOT });

  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-compiled-'));
  const [port, mqttPort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  // From a foreign working directory: nothing may depend on being started in the project.
  child = spawn(process.execPath, [path.join(outDir, 'src/cli.js'), 'serve'], {
    cwd: dataDir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MQTT_PORT: String(mqttPort), MQTT_HOST: '127.0.0.1', DATA_DIR: dataDir, LOA_DEMO: '0', LOA_INIT_ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const api = (p: string, init: RequestInit = {}) => fetch(base + p, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });

  // A start on two loaded cores has taken over 20 s (see the crash test).
  await waitFor(async () => child!.exitCode !== null || (await fetch(base + '/healthz')).ok, 60_000, 'compiled server up');
  expect(child.exitCode, output).toBeNull();
  expect(await (await fetch(base + '/healthz')).json()).toEqual({ status: 'ok' });

  const panel = await fetch(base + '/');
  expect(panel.status).toBe(200);
  expect(panel.headers.get('content-type')).toMatch(/text\/html/);
  expect((await fetch(base + '/app.css')).status).toBe(200);

  const holidays = (await (await api('/api/v1/calendar/holidays?year=2027')).json()) as { id: string; name: string; date: string }[];
  expect(holidays.find((h) => h.id === 'tet-nguyen-dan')).toEqual({ id: 'tet-nguyen-dan', name: 'Tết Nguyên Đán', date: '2027-02-06' });

  // Without audio/intro.mp3 found, a render with jingles fails ("no jingles configured").
  const { statusUrl } = (await (await api('/api/v1/speech/render', { method: 'POST', body: JSON.stringify({ text: 'Xin chào bà con.', jingles: true }) })).json()) as { statusUrl: string };
  const job = await waitFor(async () => {
    const j = (await (await api(statusUrl)).json()) as { state: string; error?: string };
    return j.state === 'done' || j.state === 'failed' ? j : null;
  }, 60_000, 'render with jingles');
  expect(job).toMatchObject({ state: 'done' });
// A whole tsc build is most of it: on 2 busy cores it alone ran past the default 60 s.
}, 180_000);
