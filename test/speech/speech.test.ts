import fs from 'node:fs/promises';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express, { type ErrorRequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedJingles } from '../../src/speech/index.js';
import { LocalMediaStore } from '../../src/audio/media-store.js';
import { AudioPipeline } from '../../src/audio/pipeline.js';
import { openDatabase, type OpenedDatabase } from '../../src/db/index.js';
import { AppError } from '../../src/errors.js';
import type { Guard } from '../../src/http/auth.js';
import { silentLogger } from '../../src/log.js';
import { SpeechJobs, type SpeechJob } from '../../src/speech/jobs.js';
import { createSpeechRoutes } from '../../src/speech/routes.js';
import { SpeechService } from '../../src/speech/speech-service.js';
import type { SynthesisOptions, Voice } from '../../src/speech/voice.js';
import { EspeakVoice } from '../../src/speech/voices/espeak.js';
import { ebur128, ffprobeCli } from '../audio/ffmpeg-cli.js';

// Counts the work done, to prove the cache spares it.
class CountingVoice implements Voice {
  calls: string[] = [];
  constructor(
    private readonly inner: Voice,
    readonly id = inner.id,
  ) {}
  synthesize(text: string, opts?: SynthesisOptions) {
    this.calls.push(text);
    return this.inner.synthesize(text, opts);
  }
}

class BrokenVoice implements Voice {
  readonly id = 'broken:vi';
  async synthesize(): Promise<never> {
    throw new Error('engine on fire');
  }
}

let dir: string;
let database: OpenedDatabase;
let store: LocalMediaStore;
let voice: CountingVoice;
let speech: SpeechService;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-speech-'));
  database = await openDatabase({ dataDir: dir });
  store = new LocalMediaStore({ db: database.db, dataDir: dir });
  voice = new CountingVoice(new EspeakVoice('vi'));
  speech = new SpeechService({
    db: database.db,
    store,
    pipeline: new AudioPipeline({ workDir: path.join(dir, 'tmp') }),
    voices: new Map<string, Voice>([
      [voice.id, voice],
      ['espeak:vi-vn-x-south', new EspeakVoice('vi-vn-x-south')],
      ['broken:vi', new BrokenVoice()],
    ]),
    defaultVoice: 'espeak:vi',
    // A stand-in normalizer: expands one abbreviation.
    normalize: (t) => t.replace(/\bUBND\b/g, 'Ủy ban nhân dân'),
    jingles: shippedJingles,
    log: silentLogger,
  });
});

afterAll(async () => {
  await database.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('SpeechService', () => {
  it('renders text to stored tts media, and the same spoken text again from the cache', async () => {
    const progress: number[] = [];
    const row = await speech.render('UBND xã thông báo lịch cắt điện ngày mai.', { onProgress: (p) => progress.push(p) });
    expect(row.source).toBe('tts');
    expect(await ffprobeCli(store.filePath(row.sha256))).toMatchObject({ codec: 'mp3', channels: 1, sampleRate: 44100 });
    expect(voice.calls).toEqual(['Ủy ban nhân dân xã thông báo lịch cắt điện ngày mai.']);
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    // Written differently, spoken the same: one synthesis.
    const again = await speech.render('Ủy ban nhân dân xã thông báo lịch cắt điện ngày mai.');
    expect(again.sha256).toBe(row.sha256);
    expect(voice.calls).toHaveLength(1);
  });

  it('shares one render between simultaneous requests for the same text', async () => {
    voice.calls = [];
    const [a, b] = await Promise.all([speech.render('Họp thôn lúc bảy giờ tối.'), speech.render('Họp thôn lúc bảy giờ tối.')]);
    expect(a.sha256).toBe(b.sha256);
    expect(voice.calls).toHaveLength(1);
  });

  it('renders again when the stored file has gone missing', async () => {
    voice.calls = [];
    const row = await speech.render('Nhắc bà con đóng cửa chuồng trại.');
    await fs.rm(store.filePath(row.sha256));
    const again = await speech.render('Nhắc bà con đóng cửa chuồng trại.');
    expect(again.sha256).toBe(row.sha256);
    expect(voice.calls).toHaveLength(2);
    await fs.access(store.filePath(row.sha256));
  });

  it('frames the speech with the chimes when asked, at the same loudness', async () => {
    const text = 'Thông báo khẩn: nước sông đang lên nhanh, bà con vùng trũng chú ý.';
    const plain = await speech.render(text);
    const framed = await speech.render(text, { jingles: true });
    expect(framed.sha256).not.toBe(plain.sha256);
    const extra = framed.duration_ms - plain.duration_ms;
    expect(extra).toBeGreaterThan(4000); // two chimes of 2.2 s
    expect(extra).toBeLessThan(4800);
    const measured = await ebur128(store.filePath(framed.sha256));
    expect(Math.abs(measured.integrated - -16)).toBeLessThanOrEqual(1);
    expect(measured.truePeak).toBeLessThanOrEqual(-1);
  });

  it('refuses unknown voices and empty text with coded errors', async () => {
    await expect(speech.render('xin chào', { voice: 'espeak:fr' })).rejects.toMatchObject({ status: 400, code: 'unknown_voice' });
    await expect(speech.render('   ')).rejects.toMatchObject({ status: 400, code: 'empty_text' });
  });
});

describe('speech render jobs over HTTP', () => {
  let jobs: SpeechJobs;
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    const guard: Guard = (permission) => (req, res, next) => {
      if (permission === 'speech:render' && req.headers.authorization === 'Bearer ok') next();
      else res.status(403).json({ error: 'forbidden', code: 'forbidden' });
    };
    const onError: ErrorRequestHandler = (err, _req, res, _next) => {
      if (err instanceof AppError) res.status(err.status).json({ error: err.message, code: err.code });
      else res.status(500).json({ error: String(err) });
    };
    jobs = new SpeechJobs({ db: database.db, speech, log: silentLogger });
    const app = express().use(express.json()).use(createSpeechRoutes({ speech, jobs, guard })).use(onError);
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    jobs.stop();
    await new Promise((r) => server.close(r));
  });

  const call = async (method: string, route: string, body?: unknown, token = 'ok') => {
    const res = await fetch(base + route, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  async function until(jobId: string): Promise<{ seen: number[]; job: SpeechJob & { mediaUrl?: string } }> {
    const seen: number[] = [];
    for (;;) {
      const res = await call('GET', `/api/v1/speech/jobs/${jobId}`);
      expect(res.status).toBe(200);
      seen.push(res.body.percent);
      if (res.body.state === 'done' || res.body.state === 'failed') return { seen, job: res.body };
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('renders a long text as a job whose progress climbs to 100', async () => {
    const text = 'Thông báo về kế hoạch tiêm chủng mở rộng tại trạm y tế xã trong tháng này. '.repeat(15);
    const start = await call('POST', '/api/v1/speech/render', { text, voice: 'espeak:vi-vn-x-south' });
    expect(start.status).toBe(202);
    expect(start.body.jobId).toMatch(/^[0-9a-f-]{36}$/);
    const { seen, job } = await until(start.body.jobId);
    expect(job.state).toBe('done');
    expect(job.percent).toBe(100);
    expect(job.mediaUrl).toBe(`/media/${job.mediaSha256}.mp3`);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.some((p) => p > 0 && p < 100)).toBe(true);
    const row = await store.get(job.mediaSha256!);
    expect(row!.duration_ms).toBeGreaterThan(30_000);
  });

  it('hands a failing engine over to eSpeak, and the job says which voice spoke', async () => {
    const start = await call('POST', '/api/v1/speech/render', { text: 'xin chào', voice: 'broken:vi' });
    const { job } = await until(start.body.jobId);
    expect(job).toMatchObject({ state: 'done', voice: 'espeak:vi' });
  });

  it('a job is followed from another server instance on the same database, to its end', async () => {
    const other = new SpeechJobs({ db: database.db, speech, log: silentLogger });
    try {
      const started = await jobs.submit('Thông báo lịch cắt điện ngày mai tại thôn Đông. '.repeat(10));
      const seen = await other.get(started.id);
      expect(seen).toMatchObject({ job: { id: started.id, state: expect.stringMatching(/^(queued|running|done)$/) }, zoneId: null });
      let end;
      for (let i = 0; i < 600 && end?.job.state !== 'done'; i++) {
        end = await other.get(started.id);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(end!.job).toMatchObject({ state: 'done', percent: 100, mediaSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(await other.get('no-such-job')).toBeUndefined();
    } finally {
      other.stop();
    }
  });

  it('a job whose server died is reported failed, not running for ever', async () => {
    const long = new Date(Date.now() - 3600_000).toISOString();
    await database.db.withTables<{ speech_jobs: any }>().insertInto('speech_jobs').values({ id: 'orphan', state: 'running', percent: 40, zone_id: null, created_at: long, updated_at: long }).execute();
    const found = await jobs.get('orphan');
    expect(found?.job).toMatchObject({ state: 'failed', error: expect.stringContaining('stopped') });
  });

  it('answers bad requests at once', async () => {
    expect((await call('POST', '/api/v1/speech/render', { text: '' })).body.code).toBe('invalid_request');
    expect((await call('POST', '/api/v1/speech/render', { text: 'a', voice: 'espeak:xx' })).body.code).toBe('unknown_voice');
    expect((await call('GET', '/api/v1/speech/jobs/nope')).status).toBe(404);
    expect((await call('POST', '/api/v1/speech/render', { text: 'a' }, 'wrong')).status).toBe(403);
  });
});
