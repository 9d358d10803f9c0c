// Local stand-ins for the domestic text-to-speech services — FPT.AI (v5,
// audio at an async URL that is 404 until ready), Viettel AI (audio in the
// answer, JSON errors, 429 when the quota is spent) and Zalo AI (form
// fields, a URL to fetch, code 155 over 2,000 characters) — as their
// documentation describes them. They answer with real audio: eSpeak speaking
// the text, encoded to MP3 by ffmpeg, so everything downstream is real.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import { promisify } from 'node:util';
import { ffmpegPaths } from '../../src/audio/ffmpeg.js';
import { FPT_VOICES } from '../../src/speech/voices/fpt.js';
import { VIETTEL_VOICES } from '../../src/speech/voices/viettel.js';

/** What the next requests get instead of audio. */
export type Failure = 'down' | 'quota' | 'auth' | 'hang';

export interface FakeTts {
  url: string;
  /** Every synthesis request received (text and parameters), failed ones included. */
  requests: Array<{ text: string; voice: string; speed: string; headers: http.IncomingHttpHeaders }>;
  /** Polls of FPT's async URL that were answered 404. */
  notReadyPolls: number;
  failNext(times: number, failure: Failure): void;
  /** Every request fails so until told otherwise (null). */
  failAlways(failure: Failure | null): void;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  type?: string;
  body: Buffer | string | object;
}

const exec = promisify(execFile);

async function mp3Of(text: string): Promise<Buffer> {
  const seconds = Math.max(0.5, [...text].length / 12).toFixed(2);
  const { stdout } = await exec(
    ffmpegPaths().ffmpeg,
    ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `sine=frequency=220:sample_rate=16000:duration=${seconds}`, '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '24k', '-f', 'mp3', 'pipe:1'],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

/** A server whose synthesis route fails on demand; `route` answers everything else. */
async function serve(route: (req: http.IncomingMessage, body: Buffer, base: string, failure: Failure | undefined) => Promise<Reply | null>): Promise<FakeTts> {
  const failures: Failure[] = [];
  let always: Failure | null = null;
  const hung = new Set<http.ServerResponse>();
  const fake: FakeTts = {
    url: '',
    requests: [],
    notReadyPolls: 0,
    failNext: (times, failure) => failures.push(...Array<Failure>(times).fill(failure)),
    failAlways: (failure) => {
      always = failure;
    },
    close: async () => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const isSynthesis = req.method === 'POST';
      const failure = isSynthesis ? (failures.shift() ?? always ?? undefined) : undefined;
      if (failure === 'hang') {
        hung.add(res);
        return;
      }
      route(req, Buffer.concat(chunks), fake.url, failure)
        .then((reply) => reply ?? { status: 404, type: 'application/json', body: { message: `no such route ${req.method} ${req.url}` } })
        .then(({ status, type, body }) => {
          const data = Buffer.isBuffer(body) ? body : typeof body === 'string' ? body : JSON.stringify(body);
          res.writeHead(status, { 'content-type': type ?? 'application/json' });
          res.end(data);
        })
        .catch((err: Error) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(err.message);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return fake;
}

/**
 * FPT.AI TTS v5. The MP3 appears at its URL `readyAfterMs` after the request
 * (and not before `readyAfterPolls` polls were turned away); 404 until then.
 */
export async function startFakeFpt(opts: { apiKey: string; readyAfterMs?: number; readyAfterPolls?: number }): Promise<FakeTts> {
  const files = new Map<string, { readyAt: number; polls: number; audio: Buffer | null }>();
  const voices = new Set(FPT_VOICES.map((v) => v.id.slice('fpt:'.length)));
  const fake: FakeTts = await serve(async (req, body, base, failure) => {
    const file = /^\/files\/([0-9a-f]+)\.mp3$/.exec(req.url ?? '');
    if (req.method === 'GET' && file) {
      const f = files.get(file[1]);
      if (!f || !f.audio || Date.now() < f.readyAt || f.polls < (opts.readyAfterPolls ?? 0)) {
        fake.notReadyPolls++;
        if (f) f.polls++;
        return { status: 404, type: 'text/html', body: '<html><body>404 Not Found</body></html>' };
      }
      return { status: 200, type: 'audio/mpeg', body: f.audio };
    }
    if (req.method !== 'POST' || req.url !== '/hmi/tts/v5') return null;
    const text = body.toString('utf8');
    const h = req.headers;
    fake.requests.push({ text, voice: String(h.voice ?? ''), speed: String(h.speed ?? ''), headers: h });
    if (failure === 'down') return { status: 503, body: { message: 'Service Unavailable' } };
    if (failure === 'quota') return { status: 429, body: { error: 429, message: 'API rate limit exceeded' } };
    if (failure === 'auth' || h['api-key'] !== opts.apiKey) return { status: 401, body: { message: 'Invalid authentication credentials' } };
    const chars = [...text].length;
    if (chars < 3 || chars > 5000) return { status: 200, body: { error: 1, message: 'Text length must be between 3 and 5000 characters' } };
    if (h.voice && !voices.has(String(h.voice))) return { status: 200, body: { error: 1, message: `Invalid voice ${h.voice}` } };
    const speed = Number(h.speed ?? 0);
    if (!Number.isInteger(speed) || speed < -3 || speed > 3) return { status: 200, body: { error: 1, message: 'speed must be an integer from -3 to 3' } };
    if (h.format && !['mp3', 'wav'].includes(String(h.format))) return { status: 200, body: { error: 1, message: 'format must be mp3 or wav' } };
    const id = crypto.randomBytes(8).toString('hex');
    const entry = { readyAt: Date.now() + (opts.readyAfterMs ?? 400), polls: 0, audio: null as Buffer | null };
    files.set(id, entry);
    // Rendered in the background, as the service does.
    mp3Of(text).then((audio) => (entry.audio = audio), () => files.delete(id));
    return { status: 200, body: { async: `${base}/files/${id}.mp3`, error: 0, message: "The content will be returned after a few seconds under the 'async' link.", request_id: id } };
  });
  return fake;
}

/** Viettel AI. `quotaChars`: characters left before every request answers 429. */
export async function startFakeViettel(opts: { token: string; quotaChars?: number }): Promise<FakeTts> {
  let left = opts.quotaChars ?? Infinity;
  const voices = VIETTEL_VOICES.map((v) => ({ code: v.id.slice('viettel:'.length), name: v.label, gender: v.gender === 'female' ? 'Nữ' : 'Nam', region: v.region }));
  const error = (status: number, code: number, vi: string, en: string): Reply => ({ status, body: { code, vi_message: vi, en_message: en } });
  const fake: FakeTts = await serve(async (req, body, _base, failure) => {
    if (req.method === 'GET' && req.url === '/tts/voices') return { status: 200, body: { code: 200, result: voices } };
    if (req.method !== 'POST' || req.url !== '/tts/speech_synthesis') return null;
    let json: { text?: string; voice?: string; speed?: number; tts_return_option?: number; token?: string; without_filter?: boolean };
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return error(400, 400, 'Dữ liệu không hợp lệ', 'Invalid JSON');
    }
    const text = json.text ?? '';
    fake.requests.push({ text, voice: String(json.voice ?? ''), speed: String(json.speed ?? ''), headers: req.headers });
    if (failure === 'down') return error(503, 503, 'Hệ thống đang bận', 'Service unavailable');
    if (failure === 'auth' || json.token !== opts.token) return error(401, 401, 'Token không hợp lệ', 'Invalid token');
    if (failure === 'quota' || [...text].length > left) return error(429, 429, 'Đã hết hạn mức sử dụng', 'Quota exceeded');
    if (!text.trim()) return error(400, 400, 'Văn bản trống', 'Text is empty');
    if ([...text].length > 2000) return error(400, 400, 'Văn bản quá dài', 'Text is longer than 2000 characters');
    if (!voices.some((v) => v.code === json.voice)) return error(400, 400, 'Giọng đọc không tồn tại', `Voice ${json.voice} does not exist`);
    if (typeof json.speed !== 'number' || json.speed < 0.7 || json.speed > 1.3) return error(400, 400, 'Tốc độ không hợp lệ', 'speed must be from 0.7 to 1.3');
    if (json.tts_return_option !== 3) return error(400, 400, 'Định dạng không hỗ trợ', 'the fake serves tts_return_option 3 (mp3) only');
    left -= [...text].length;
    return { status: 200, type: 'audio/mpeg', body: await mp3Of(text) };
  });
  return fake;
}

/** Zalo AI. Errors come as HTTP 200 with an error_code, as the service does. */
export async function startFakeZalo(opts: { apiKey: string }): Promise<FakeTts> {
  const files = new Map<string, Buffer>();
  const error = (code: number, message: string): Reply => ({ status: 200, body: { error_code: code, error_message: message, data: {} } });
  const fake: FakeTts = await serve(async (req, body, base, failure) => {
    const file = /^\/files\/([0-9a-f]+)\.mp3$/.exec(req.url ?? '');
    if (req.method === 'GET' && file) {
      const audio = files.get(file[1]);
      return audio ? { status: 200, type: 'audio/mpeg', body: audio } : { status: 404, type: 'text/plain', body: 'not found' };
    }
    if (req.method !== 'POST' || req.url !== '/v1/tts/synthesize') return null;
    const form = new URLSearchParams(body.toString('utf8'));
    const text = form.get('input') ?? '';
    fake.requests.push({ text, voice: form.get('speaker_id') ?? '', speed: form.get('speed') ?? '', headers: req.headers });
    if (failure === 'down') return { status: 502, type: 'text/html', body: '<html><body>502 Bad Gateway</body></html>' };
    if (failure === 'auth' || req.headers.apikey !== opts.apiKey) return error(-101, 'Invalid API key');
    if (failure === 'quota') return error(-111, 'Request quota exceeded');
    if (!text.trim()) return error(-1, 'Empty input');
    if ([...text].length > 2000) return error(155, 'Input text is too long (max 2000 characters)');
    if (!['1', '2', '3', '4'].includes(form.get('speaker_id') ?? '1')) return error(-1, 'Invalid speaker_id');
    const speed = Number(form.get('speed') ?? 1);
    if (!(speed >= 0.8 && speed <= 1.2)) return error(-1, 'speed must be from 0.8 to 1.2');
    const id = crypto.randomBytes(8).toString('hex');
    files.set(id, await mp3Of(text));
    return { status: 200, body: { error_code: 0, error_message: 'Successful.', data: { url: `${base}/files/${id}.mp3` } } };
  });
  return fake;
}
