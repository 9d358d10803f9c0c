// Uploads and recordings over real HTTP, real ffmpeg and a real SQLite
// database. Authentication belongs to the HTTP layer; here a stand-in guard
// records which permission the routes demand.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ffmpegPaths } from '../../src/audio/ffmpeg.js';
import { LocalMediaStore } from '../../src/audio/media-store.js';
import { AudioPipeline } from '../../src/audio/pipeline.js';
import { createMediaRoutes } from '../../src/audio/routes.js';
import { openDatabase, type OpenedDatabase } from '../../src/db/index.js';
import express, { type ErrorRequestHandler } from 'express';
import { AppError } from '../../src/errors.js';
import type { Guard } from '../../src/http/auth.js';
import { EspeakVoice } from '../../src/speech/voices/espeak.js';
import { ebur128, ffmpegCli, ffprobeCli } from './ffmpeg-cli.js';

let dir: string;
let fixtures: string;
let database: OpenedDatabase;
let server: http.Server;
let base: string;
const demanded: string[] = [];
const OK_TOKEN = 'let-me-in';
const guard: Guard = (permission) => (req, res, next) => {
  demanded.push(permission);
  if (req.headers.authorization === `Bearer ${OK_TOKEN}`) next();
  else res.status(401).json({ error: 'unauthenticated', code: 'unauthenticated' });
};
// As the app's error handler does it: AppError → its status and JSON.
const onError: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof AppError) res.status(err.status).json({ error: err.message, code: err.code });
  else res.status(500).json({ error: String(err) });
};
const workDir = () => path.join(dir, 'tmp');
const mediaDir = () => path.join(dir, 'media');
const recordingsDir = () => path.join(dir, 'recordings');

const MAX_SECONDS = 20;
const MAX_BYTES = 2 * 1024 * 1024;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-uploads-'));
  fixtures = path.join(dir, 'fixtures');
  await fs.mkdir(fixtures);
  database = await openDatabase({ dataDir: dir });
  const store = new LocalMediaStore({ db: database.db, dataDir: dir });
  const pipeline = new AudioPipeline({ workDir: workDir() });
  const media = createMediaRoutes({
    store,
    pipeline,
    guard,
    limits: { maxUploadBytes: MAX_BYTES, maxDurationMs: MAX_SECONDS * 1000 },
    recordingsDir: recordingsDir(),
  });
  const app = express().use(media).use(onError);
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;

  const { audio } = await new EspeakVoice('vi').synthesize('Xin chào bà con. Đây là bản ghi âm thử của loa phường.');
  await fs.writeFile(path.join(fixtures, 'speech.wav'), audio);
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await database.close();
  await fs.rm(dir, { recursive: true, force: true });
});

async function fixture(name: string, args: string[]): Promise<string> {
  const out = path.join(fixtures, name);
  await ffmpegCli(['-i', path.join(fixtures, 'speech.wav'), ...args, out]);
  return out;
}

async function post(route: string, file: string | null, opts: { name?: string; token?: string | null; type?: string } = {}) {
  const form = new FormData();
  if (file) form.append('file', new Blob([await fs.readFile(file)], { type: opts.type ?? 'application/octet-stream' }), opts.name ?? path.basename(file));
  const token = opts.token === undefined ? OK_TOKEN : opts.token;
  const res = await fetch(base + route, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as any };
}

async function snapshot() {
  const list = async (d: string) => (await fs.readdir(d).catch(() => [] as string[])).sort();
  return {
    media: await list(mediaDir()),
    tmp: await list(workDir()),
    recordings: await list(recordingsDir()),
    rows: (await database.db.selectFrom('media').select('sha256').execute()).map((r) => r.sha256).sort(),
  };
}

describe('POST /api/v1/media', () => {
  it.each([
    ['mp3', ['-c:a', 'libmp3lame', '-b:a', '96k']],
    ['wav', []],
    ['m4a', ['-c:a', 'aac', '-b:a', '64k']],
    ['aac', ['-c:a', 'aac', '-b:a', '64k', '-f', 'adts']],
    ['ogg', ['-c:a', 'libopus', '-b:a', '32k']],
    ['webm', ['-c:a', 'libopus', '-b:a', '32k']],
    ['flac', ['-ar', '32000']], // resampled: identical PCM to the wav would be deduplicated
  ])('takes %s and answers 201 with broadcast-ready media', async (ext, args) => {
    const file = await fixture(`in.${ext}`, args as string[]);
    const res = await post('/api/v1/media', file, { name: `thong-bao.${ext}` });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const b = res.body;
    expect(b.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b.format).toBe('mp3');
    expect(b.url).toBe(`/media/${b.sha256}.mp3`);
    expect(b.durationMs).toBeGreaterThan(2000);
    expect(b.bytes).toBeGreaterThan(1000);
    expect(b.peaks).toHaveLength(200);
    expect(Math.abs(b.loudness.integrated - -16)).toBeLessThanOrEqual(1);
    expect(b.loudness.truePeak).toBeLessThanOrEqual(-1);

    const download = await fetch(base + b.url);
    expect(download.status).toBe(200);
    const saved = path.join(fixtures, `${ext}-download.mp3`);
    await fs.writeFile(saved, Buffer.from(await download.arrayBuffer()));
    expect((await ffprobeCli(saved)).channels).toBe(1);
    expect(Math.abs((await ebur128(saved)).integrated - b.loudness.integrated)).toBeLessThan(0.2);

    const row = await database.db.selectFrom('media').selectAll().where('sha256', '=', b.sha256).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source: 'upload', original_name: `thong-bao.${ext}`, original_path: null, bytes: b.bytes });
    expect(await fs.readdir(workDir())).toEqual([]);
  });

  describe('refuses bad files and keeps nothing of them', () => {
    let before: Awaited<ReturnType<typeof snapshot>>;
    beforeEach(async () => {
      before = await snapshot();
    });
    const expectNothingStored = async () => expect(await snapshot()).toEqual(before);

    it('a corrupt file (an M4A cut in half, so without its index)', async () => {
      const whole = await fixture('whole.m4a', ['-c:a', 'aac']);
      const bytes = await fs.readFile(whole);
      const cut = path.join(fixtures, 'cut.m4a');
      await fs.writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
      const res = await post('/api/v1/media', cut);
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('not_audio');
      expect(res.body.error).toMatch(/hỏng/);
      await expectNothingStored();
    });

    it('a text file renamed .mp3', async () => {
      const txt = path.join(fixtures, 'notes.mp3');
      await fs.writeFile(txt, 'Biên bản họp thôn.\nKhông phải âm thanh.\n'.repeat(40));
      const res = await post('/api/v1/media', txt, { type: 'audio/mpeg' });
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('not_audio');
      await expectNothingStored();
    });

    it('a 0-byte file', async () => {
      const empty = path.join(fixtures, 'empty.mp3');
      await fs.writeFile(empty, '');
      const res = await post('/api/v1/media', empty);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('empty');
      expect(res.body.error).toMatch(/trống/);
      await expectNothingStored();
    });

    it(`a file longer than the limit (${MAX_SECONDS} s)`, async () => {
      const long = path.join(fixtures, 'long.mp3');
      await ffmpegCli(['-f', 'lavfi', '-i', `sine=f=330:d=${MAX_SECONDS + 5}`, '-c:a', 'libmp3lame', '-b:a', '32k', long]);
      const res = await post('/api/v1/media', long);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('too_long');
      expect(res.body.error).toMatch(/dài quá 20 giây/);
      await expectNothingStored();
    });

    it('an over-long WebM whose header states no duration (as MediaRecorder writes them)', async () => {
      const long = path.join(fixtures, 'long-stream.webm');
      const { stdout } = await promisify(execFile)(
        ffmpegPaths().ffmpeg,
        ['-hide_banner', '-f', 'lavfi', '-i', `sine=f=330:d=${MAX_SECONDS + 5}`, '-c:a', 'libopus', '-b:a', '16k', '-f', 'webm', 'pipe:1'],
        { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
      );
      await fs.writeFile(long, stdout);
      const res = await post('/api/v1/recordings', long);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('too_long');
      await expectNothingStored();
    });

    it(`a file larger than the upload limit`, async () => {
      const big = path.join(fixtures, 'big.wav');
      await ffmpegCli(['-f', 'lavfi', '-i', 'sine=f=330:d=15', '-ar', '48000', '-ac', '2', big]);
      expect((await fs.stat(big)).size).toBeGreaterThan(MAX_BYTES);
      const res = await post('/api/v1/media', big);
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('too_large');
      await expectNothingStored();
    });

    it('pure silence', async () => {
      const silent = path.join(fixtures, 'silent.wav');
      await ffmpegCli(['-f', 'lavfi', '-i', 'anullsrc=r=44100:cl=mono', '-t', '3', silent]);
      const res = await post('/api/v1/media', silent);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('silent');
      await expectNothingStored();
    });

    it('a request without a file, or one the guard turns away', async () => {
      expect((await post('/api/v1/media', null)).body.code).toBe('no_file');
      demanded.length = 0;
      const wav = path.join(fixtures, 'speech.wav');
      expect((await post('/api/v1/media', wav, { token: null })).status).toBe(401);
      expect((await post('/api/v1/recordings', wav, { token: null })).status).toBe(401);
      expect(demanded).toEqual(['media:upload', 'media:upload']);
      await expectNothingStored();
    });
  });
});

describe('the same audio twice', () => {
  it('is one file and one row, and the second upload gets the same answer', async () => {
    const file = await fixture('twice.ogg', ['-c:a', 'libopus', '-b:a', '48k']);
    const first = await post('/api/v1/media', file);
    const before = await snapshot();
    const second = await post('/api/v1/media', file);
    expect(second.status).toBe(201);
    expect(second.body.sha256).toBe(first.body.sha256);
    expect(await snapshot()).toEqual(before);
  });
});

describe('POST /api/v1/recordings', () => {
  it.each([
    ['webm', 'Chrome MediaRecorder, Opus, streamed (no duration in the header)', ['-c:a', 'libopus', '-b:a', '32k', '-f', 'webm']],
    ['m4a', 'iPhone Safari, AAC in MP4', ['-c:a', 'aac', '-b:a', '64k', '-f', 'mp4']],
  ])('keeps the %s original (%s) and returns normalized media with a preview URL', async (ext, _what, args) => {
    const file = path.join(fixtures, `recording.${ext}`);
    const { stdout } = await promisify(execFile)(
      ffmpegPaths().ffmpeg,
      // webm is written to a pipe, as a browser streams it; mp4 needs a seekable file.
      ext === 'webm'
        ? ['-hide_banner', '-i', path.join(fixtures, 'speech.wav'), '-af', 'volume=-12dB', ...(args as string[]), 'pipe:1']
        : ['-hide_banner', '-y', '-i', path.join(fixtures, 'speech.wav'), '-af', 'volume=-12dB', ...(args as string[]), file],
      { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
    );
    if (ext === 'webm') {
      await fs.writeFile(file, stdout);
      expect((await ffprobeCli(file)).durationS).toBeNaN();
    }
    const res = await post('/api/v1/recordings', file, { name: `ghi-am.${ext}` });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.previewUrl).toBe(`/media/${res.body.sha256}.mp3`);
    expect(Math.abs(res.body.loudness.integrated - -16)).toBeLessThanOrEqual(1);
    expect((await fetch(base + res.body.previewUrl)).status).toBe(200);

    const row = await database.db.selectFrom('media').selectAll().where('sha256', '=', res.body.sha256).executeTakeFirstOrThrow();
    expect(row.source).toBe('recording');
    expect(row.original_name).toBe(`ghi-am.${ext}`);
    expect(row.original_path).toMatch(new RegExp(`^${recordingsDir()}/[0-9a-f-]+\\.${ext}$`));
    expect(await fs.readFile(row.original_path!)).toEqual(await fs.readFile(file));
  });
});
