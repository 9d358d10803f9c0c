// Media serving: 1k concurrent downloads of the same broadcast MP3 — what a
// commune's receivers do right after a zone command — from the Loa Làng
// server and from nginx serving the same file (installed with apt-get if
// missing), on the same machine.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../test/helpers/ports.js';
import { percentile, sleep } from './harness.js';

export interface DownloadResult {
  server: string;
  downloads: number;
  wallMs: number;
  mbPerS: number;
  p50Ms: number;
  p99Ms: number;
  /** Failures by reason (HTTP status, error code, short body). */
  failed: Record<string, number>;
}

/** `concurrency` simultaneous GETs of `url`; each must return exactly `bytes` bytes. */
export async function downloads(server: string, url: string, bytes: number, concurrency: number): Promise<DownloadResult> {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const times: number[] = [];
  const failed: Record<string, number> = {};
  const fail = (why: string) => (failed[why] = (failed[why] ?? 0) + 1);
  const one = () =>
    new Promise<void>((resolve) => {
      const t = performance.now();
      const req = http.get(url, { agent }, (res) => {
        let n = 0;
        res.on('data', (c: Buffer) => (n += c.length));
        res.on('end', () => {
          if (res.statusCode === 200 && n === bytes) times.push(performance.now() - t);
          else fail(res.statusCode === 200 ? 'short body' : `HTTP ${res.statusCode}`);
          resolve();
        });
        res.on('error', (err: NodeJS.ErrnoException) => {
          fail(err.code ?? err.message);
          resolve();
        });
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        fail(err.code ?? err.message);
        resolve();
      });
    });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, one));
  const wallMs = performance.now() - t0;
  agent.destroy();
  times.sort((a, b) => a - b);
  return {
    server,
    downloads: concurrency,
    wallMs: Math.round(wallMs),
    mbPerS: Math.round(((times.length * bytes) / 1e6 / (wallMs / 1000)) * 10) / 10,
    p50Ms: Math.round(percentile(times, 50)),
    p99Ms: Math.round(percentile(times, 99)),
    failed,
  };
}

export interface Nginx {
  url: string;
  version: string;
  stop(): Promise<void>;
}

/** nginx on a free port serving `file` at /media/<name>, 2 workers, sendfile. */
export async function startNginx(file: string): Promise<Nginx> {
  const bin = ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].find((f) => fs.existsSync(f)) ?? installNginx();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-bench-nginx-'));
  // The workers run as an unprivileged user: the tree must be readable by all.
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(path.join(dir, 'www', 'media'), { recursive: true, mode: 0o755 });
  fs.copyFileSync(file, path.join(dir, 'www', 'media', path.basename(file)));
  fs.chmodSync(path.join(dir, 'www', 'media', path.basename(file)), 0o644);
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `daemon off;
worker_processes 2;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  types { audio/mpeg mp3; }
  client_body_temp_path ${dir}/tmp;
  proxy_temp_path ${dir}/tmp;
  fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp;
  scgi_temp_path ${dir}/tmp;
  server {
    listen 127.0.0.1:${port};
    root ${dir}/www;
  }
}
`,
  );
  const child = spawn(bin, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/media/${path.basename(file)}`;
  for (let i = 0; ; i++) {
    if (await fetch(url, { method: 'HEAD' }).then((r) => r.ok, () => false)) break;
    if (i > 100 || child.exitCode !== null) throw new Error(`nginx did not start: ${fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : ''}`);
    await sleep(100);
  }
  // nginx -v answers on stderr.
  const v = spawnSync(bin, ['-v'], { encoding: 'utf8' });
  return {
    url,
    version: (v.stderr || v.stdout).trim().replace(/^nginx version: nginx\//, ''),
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGQUIT');
      await Promise.race([exited, sleep(5000)]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function installNginx(): string {
  console.log('nginx is missing: apt-get install -y nginx');
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'nginx'], { stdio: 'inherit' });
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'nginx'], { stdio: 'inherit' });
  }
  return '/usr/sbin/nginx';
}
