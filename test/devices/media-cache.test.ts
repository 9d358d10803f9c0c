import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MediaCache } from '../../devices/media-cache.js';
import type { MediaRef } from '../../src/mqtt/protocol.js';

const body = Buffer.from('not really an mp3, but bytes are bytes');
const sha256 = createHash('sha256').update(body).digest('hex');
let server: Server;
let base: string;
let dir: string;
/** Responses to serve next, then 200 with `body`; STALL sends half the body and then nothing. */
let script: number[] = [];
let requests = 0;
const STALL = 0;
const stalled: import('node:http').ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++;
    const status = script.shift() ?? 200;
    if (status === STALL) {
      res.writeHead(200, { 'Content-Length': body.length }).write(body.subarray(0, body.length / 2));
      stalled.push(res);
    } else if (status === 200) res.end(body);
    else res.writeHead(status).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loa-cache-test-'));
  script = [];
  requests = 0;
});

afterEach(() => rm(dir, { recursive: true, force: true }));
afterAll(() => {
  for (const res of stalled) res.destroy();
  return new Promise<void>((r) => server.close(() => r()));
});

const ref = (over: Partial<MediaRef> = {}): MediaRef => ({ url: `${base}/m.mp3`, sha256, bytes: body.length, durationMs: 1000, format: 'mp3', ...over });

describe('MediaCache', () => {
  it('retries a 5xx, then stores the file under its sha256', async () => {
    script = [503];
    const cache = new MediaCache(dir, { retryDelayMs: 10 });
    expect(await cache.get(ref())).toBe(join(dir, `${sha256}.mp3`));
    expect(requests).toBe(2);
  });

  it('does not retry a 404', async () => {
    script = [404, 404];
    await expect(new MediaCache(dir, { retryDelayMs: 10 }).get(ref())).rejects.toThrow(/HTTP 404/);
    expect(requests).toBe(1);
  });

  it('shares one download between concurrent requests for the same media', async () => {
    const cache = new MediaCache(dir);
    await Promise.all([cache.get(ref()), cache.get(ref()), cache.get(ref())]);
    expect(requests).toBe(1);
  });

  it('refuses a body larger than announced and leaves no partial file', async () => {
    await expect(new MediaCache(dir).get(ref({ bytes: 5 }))).rejects.toThrow(/larger than 5 bytes/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('ends a download under way when cancelled, leaves no partial file, and downloads again afterwards', async () => {
    script = [STALL];
    const cache = new MediaCache(dir, { retryDelayMs: 10 });
    const pending = cache.get(ref());
    const settled = pending.then(() => 'resolved', (err: Error) => err.message);
    while (!(await readdir(dir)).some((f) => f.endsWith('.part'))) await new Promise((r) => setTimeout(r, 10));
    await cache.cancelDownloads();
    // Once cancelDownloads() has returned nothing writes into the folder any more: a receiver's folder can be removed.
    expect(await readdir(dir)).toEqual([]);
    expect(await settled).toMatch(/cancelled|abort/i);
    expect(requests).toBe(1);
    expect(await cache.get(ref())).toBe(join(dir, `${sha256}.mp3`));
  });

  it('replaces a corrupted cached file and never trusts an unsafe format', async () => {
    await writeFile(join(dir, `${sha256}.bin`), 'corrupted');
    const path = await new MediaCache(dir).get(ref({ format: '../../etc' }));
    expect(path).toBe(join(dir, `${sha256}.bin`));
    expect(requests).toBe(1);
  });

  it('prunes least recently used files beyond maxBytes, sparing recent ones', async () => {
    const old = join(dir, `${'a'.repeat(64)}.mp3`);
    const recent = join(dir, `${'b'.repeat(64)}.mp3`);
    await writeFile(old, Buffer.alloc(100));
    await writeFile(recent, Buffer.alloc(100));
    const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
    await utimes(old, twoDaysAgo, twoDaysAgo);
    await new MediaCache(dir, { maxBytes: 150 }).get(ref());
    expect((await readdir(dir)).sort()).toEqual([`${sha256}.mp3`, `${'b'.repeat(64)}.mp3`].sort());
  });
});
