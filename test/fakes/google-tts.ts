// A local stand-in for Google Cloud Text-to-Speech's REST endpoint
// (POST /v1/text:synthesize), the one TextToSpeechClient calls in fallback
// mode. It answers with real audio — eSpeak speaking the text, resampled and
// encoded by ffmpeg as asked — and can be told to fail.
import { execFile } from 'node:child_process';
import http from 'node:http';
import type net from 'node:net';
import { promisify } from 'node:util';
import { TextToSpeechClient } from '@google-cloud/text-to-speech';
import { PassThroughClient } from 'google-auth-library';
import { ffmpegPaths } from '../../src/audio/ffmpeg.js';
import { EspeakVoice } from '../../src/speech/voices/espeak.js';

export interface SynthesizeRequest {
  input: { text?: string; ssml?: string };
  voice: { languageCode?: string; name?: string };
  audioConfig: { audioEncoding?: number | string; sampleRateHertz?: number; speakingRate?: number; pitch?: number };
}

export interface FakeGoogleTts {
  port: number;
  /** Every request body received, failed ones included. */
  requests: SynthesizeRequest[];
  /** The next `times` requests get this HTTP status (503 UNAVAILABLE, 429, 400, 401…). */
  failNext(times: number, status: number, message?: string): void;
  /** A TextToSpeechClient wired to this fake, without credentials. */
  client(): TextToSpeechClient;
  close(): Promise<void>;
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

// The shapes of Google's Vietnamese voice names.
const VOICE_NAME = /^vi-VN-((Standard|Wavenet|Neural2)-[A-D]|Chirp3-HD-[A-Z][a-z]+)$/;

// The REST API's enum; the client sends the numbers (enum-encoding=int).
const ENCODINGS: Record<string, string> = { '1': 'LINEAR16', '2': 'MP3', '3': 'OGG_OPUS' };

export async function startFakeGoogleTts(): Promise<FakeGoogleTts> {
  const requests: SynthesizeRequest[] = [];
  const failures: Array<{ status: number; message: string }> = [];
  const espeak = new EspeakVoice('vi');

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void answer(req, Buffer.concat(chunks).toString('utf8'))
        .then(({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        })
        .catch((err: Error) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 500, message: err.message, status: 'INTERNAL' } }));
        });
    });
  });

  const error = (status: number, message: string) => ({ status, body: { error: { code: status, message, status: STATUS_NAMES[status] ?? 'UNKNOWN' } } });

  async function answer(req: http.IncomingMessage, raw: string): Promise<{ status: number; body: unknown }> {
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/text:synthesize')) return error(404, `no such method ${req.method} ${req.url}`);
    const body = JSON.parse(raw) as SynthesizeRequest;
    requests.push(body);
    const failure = failures.shift();
    if (failure) return error(failure.status, failure.message);
    const text = body.input?.text ?? '';
    // The real service's limits and checks, as far as clients can run into them.
    if (Buffer.byteLength(text) > 5000) return error(400, 'Either `input.text` or `input.ssml` is longer than the limit of 5000 bytes.');
    if (!text.trim()) return error(400, 'Either `input.text` or `input.ssml` must be set.');
    if (body.voice?.languageCode !== 'vi-VN' || !VOICE_NAME.test(body.voice.name ?? '')) return error(400, `Voice '${body.voice?.name}' does not exist.`);
    if (body.voice.name?.includes('Chirp3') && body.audioConfig.pitch) return error(400, 'This voice does not support pitch parameters.');
    const encoding = ENCODINGS[String(body.audioConfig?.audioEncoding)] ?? String(body.audioConfig?.audioEncoding);
    const { audio } = await espeak.synthesize(text, { rate: body.audioConfig.speakingRate });
    const rate = String(body.audioConfig.sampleRateHertz || 24000);
    const out =
      encoding === 'LINEAR16'
        ? ['-ar', rate, '-c:a', 'pcm_s16le', '-f', 'wav']
        : encoding === 'MP3'
          ? ['-ar', rate, '-c:a', 'libmp3lame', '-b:a', '32k', '-f', 'mp3']
          : null;
    if (!out) return error(400, `audio encoding ${encoding} is not supported by the fake`);
    const converted = await transcode(audio, out);
    return { status: 200, body: { audioContent: converted.toString('base64') } };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const clients: TextToSpeechClient[] = [];
  return {
    port,
    requests,
    failNext(times, status, message = `fake failure ${status}`) {
      for (let i = 0; i < times; i++) failures.push({ status, message });
    },
    client() {
      const c = new TextToSpeechClient({ fallback: true, apiEndpoint: '127.0.0.1', port, protocol: 'http', authClient: new PassThroughClient() });
      clients.push(c);
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await new Promise((r) => server.close(r));
    },
  };
}

async function transcode(input: Buffer, args: string[]): Promise<Buffer> {
  const child = promisify(execFile)(ffmpegPaths().ffmpeg, ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', ...args, '-map_metadata', '-1', 'pipe:1'], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  child.child.stdin!.end(input);
  return (await child).stdout;
}
