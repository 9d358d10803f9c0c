import fs from 'node:fs/promises';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src/db/index.js';
import { LocalMediaStore } from '../../src/audio/media-store.js';
import { AudioPipeline } from '../../src/audio/pipeline.js';
import { createMediaRoutes } from '../../src/audio/routes.js';
import type { Guard } from '../../src/http/auth.js';
import { ffmpegCli } from './ffmpeg-cli.js';

let dir: string;
let database: OpenedDatabase;
let store: LocalMediaStore;
let server: http.Server;
let base: string;
let sha256: string;
let bytes: Buffer;

// Uploads are tested in uploads.test.ts; a guard that lets everyone through.
const openGuard: Guard = () => (_req, _res, next) => next();

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-media-'));
  database = await openDatabase({ dataDir: dir });
  store = new LocalMediaStore({ db: database.db, dataDir: dir });
  const pipeline = new AudioPipeline({ workDir: path.join(dir, 'tmp') });
  const tone = path.join(dir, 'tone.wav');
  await ffmpegCli(['-f', 'lavfi', '-i', 'sine=f=440:d=3', tone]);
  const out = await pipeline.process(tone);
  const row = await store.put(out.path, { source: 'upload', durationMs: out.durationMs, loudness: out.loudness, peaks: out.peaks });
  sha256 = row.sha256;
  bytes = await fs.readFile(store.filePath(sha256));

  const app = express();
  app.use(createMediaRoutes({ store, pipeline, guard: openGuard, limits: { maxUploadBytes: 1e6, maxDurationMs: 60_000 }, recordingsDir: path.join(dir, 'recordings') }));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await database.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('LocalMediaStore', () => {
  it('names files by content and stores the same content once', async () => {
    const crypto = await import('node:crypto');
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
    const copy = path.join(dir, 'copy.mp3');
    await fs.writeFile(copy, bytes);
    const again = await store.put(copy, { source: 'tts', durationMs: 1 });
    expect(again.sha256).toBe(sha256);
    expect(again.source).toBe('upload'); // the first row stands
    await expect(fs.stat(copy)).rejects.toThrow(); // put took ownership
    const rows = await database.db.selectFrom('media').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].peaks_json!)).toHaveLength(200);
    expect(await fs.readdir(store.dir)).toEqual([`${sha256}.mp3`]); // no staging leftovers
  });
});

describe('GET /media/:sha256.mp3', () => {
  it('serves the file with a strong content ETag and a year-long immutable cache', async () => {
    const res = await fetch(`${base}/media/${sha256}.mp3`);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${sha256}"`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
  });

  it('answers a Range request with 206 and exactly those bytes', async () => {
    const res = await fetch(`${base}/media/${sha256}.mp3`, { headers: { range: 'bytes=100-199' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes.subarray(100, 200));

    const tail = await fetch(`${base}/media/${sha256}.mp3`, { headers: { range: 'bytes=-50' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 50));

    const beyond = await fetch(`${base}/media/${sha256}.mp3`, { headers: { range: `bytes=${bytes.length + 10}-` } });
    expect(beyond.status).toBe(416);
  });

  it('answers If-None-Match with 304 and no body', async () => {
    const res = await fetch(`${base}/media/${sha256}.mp3`, { headers: { 'if-none-match': `"${sha256}"` } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
    expect(res.headers.get('etag')).toBe(`"${sha256}"`);
    const stale = await fetch(`${base}/media/${sha256}.mp3`, { headers: { 'if-none-match': '"something-else"' } });
    expect(stale.status).toBe(200);
    // A receiver's plain HTTP client (no Cache-Control: no-cache, unlike fetch).
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http.get(`${base}/media/${sha256}.mp3`, { headers: { 'if-none-match': `W/"${sha256}"` } }, (r) => {
        r.resume();
        resolve(r.statusCode);
      }).on('error', reject);
    });
    expect(status).toBe(304);
  });

  it('404s unknown and malformed names', async () => {
    const unknown = await fetch(`${base}/media/${'0'.repeat(64)}.mp3`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).code).toBe('not_found');
    for (const bad of ['abc', sha256.toUpperCase(), sha256 + '0']) {
      expect((await fetch(`${base}/media/${bad}.mp3`)).status).toBe(404);
    }
  });
});

describe('LocalMediaStore.sweepStaging', () => {
  it('removes files staged by an interrupted put and nothing else', async () => {
    const staged = path.join(store.dir, '.0000-interrupted.tmp');
    await fs.writeFile(staged, 'half a file');
    await store.sweepStaging();
    expect(await fs.readdir(store.dir)).toEqual([`${sha256}.mp3`]);
  });
});
