// Google Cloud Text-to-Speech Vietnamese voices: natural, paid, online.
// Credentials come the usual Google way (GOOGLE_APPLICATION_CREDENTIALS).
// The client runs in REST ("fallback") mode — the mode the tests exercise
// against a local fake, and one that passes through ordinary HTTP proxies.
import type { protos } from '@google-cloud/text-to-speech';
import { joinWavs } from '../../audio/wav.js';
import { chunkText } from '../chunk.js';
import { requireText, VoiceError, type SynthesisOptions, type SynthesizedAudio, type Voice } from '../voice.js';

export const GOOGLE_VI_VOICES = [
  'vi-VN-Standard-A',
  'vi-VN-Standard-B',
  'vi-VN-Standard-C',
  'vi-VN-Standard-D',
  'vi-VN-Wavenet-A',
  'vi-VN-Wavenet-B',
  'vi-VN-Wavenet-C',
  'vi-VN-Wavenet-D',
  'vi-VN-Neural2-A',
  'vi-VN-Neural2-D',
  'vi-VN-Chirp3-HD-Aoede',
  'vi-VN-Chirp3-HD-Charon',
  'vi-VN-Chirp3-HD-Kore',
  'vi-VN-Chirp3-HD-Puck',
] as const;

// The API refuses input over 5,000 bytes; leave room for whitespace joins.
const MAX_REQUEST_BYTES = 4800;
const SAMPLE_RATE = 24000;

type SynthesizeRequest = protos.google.cloud.texttospeech.v1.ISynthesizeSpeechRequest;
type SynthesizeResponse = protos.google.cloud.texttospeech.v1.ISynthesizeSpeechResponse;

/** What a Google voice needs of the client library's TextToSpeechClient. */
export interface TtsClient {
  synthesizeSpeech(request: SynthesizeRequest): Promise<[SynthesizeResponse, ...unknown[]]>;
}

export interface GoogleVoiceOptions {
  /** A Google voice name, e.g. 'vi-VN-Wavenet-A'. */
  name: string;
  client: TtsClient;
  /** Attempts per request on 429/503/UNAVAILABLE, first included. */
  attempts?: number;
  /** First back-off delay; doubles each retry (with jitter). */
  baseDelayMs?: number;
}

/**
 * One REST client for all Google voices, its library loaded on first use
 * (it adds ~30 MB to the server, and most communes speak offline);
 * credentials are read then too.
 */
export function createGoogleClient(): TtsClient {
  let client: Promise<TtsClient> | null = null;
  return {
    async synthesizeSpeech(request) {
      client ??= import('@google-cloud/text-to-speech').then((m) => new m.TextToSpeechClient({ fallback: true }));
      return (await client).synthesizeSpeech(request);
    },
  };
}

export class GoogleVoice implements Voice {
  readonly id: string;
  private readonly attempts: number;
  private readonly baseDelayMs: number;

  constructor(private readonly opts: GoogleVoiceOptions) {
    this.id = `google:${opts.name}`;
    this.attempts = opts.attempts ?? 5;
    this.baseDelayMs = opts.baseDelayMs ?? 500;
  }

  async synthesize(text: string, opts: SynthesisOptions = {}): Promise<SynthesizedAudio> {
    const wavs: Buffer[] = [];
    // In order, one at a time: the quota is per minute, and order matters.
    for (const chunk of chunkText(requireText(this.id, text), MAX_REQUEST_BYTES)) wavs.push(await this.request(chunk, opts));
    return { audio: wavs.length === 1 ? wavs[0] : joinWavs(wavs), container: 'wav' };
  }

  private async request(text: string, opts: SynthesisOptions): Promise<Buffer> {
    // Chirp 3 HD voices reject a pitch setting.
    const pitch = this.opts.name.includes('Chirp') ? undefined : opts.pitch;
    const request = {
      input: { text },
      voice: { languageCode: 'vi-VN', name: this.opts.name },
      audioConfig: { audioEncoding: 'LINEAR16' as const, sampleRateHertz: SAMPLE_RATE, speakingRate: opts.rate, pitch },
    };
    for (let attempt = 1; ; attempt++) {
      try {
        const [response] = await this.opts.client.synthesizeSpeech(request);
        const audio = response.audioContent;
        if (!audio || audio.length === 0) throw new VoiceError(this.id, 'Google returned no audio');
        // LINEAR16 responses carry a WAV header.
        return typeof audio === 'string' ? Buffer.from(audio, 'base64') : Buffer.from(audio);
      } catch (err) {
        if (err instanceof VoiceError) throw err;
        const kind = classify(err);
        if (kind !== 'retry' || attempt >= this.attempts) throw this.explain(err, kind, attempt);
        const delay = this.baseDelayMs * 2 ** (attempt - 1);
        await new Promise((r) => setTimeout(r, delay / 2 + Math.random() * (delay / 2)));
      }
    }
  }

  private explain(err: unknown, kind: ErrorKind, attempt: number): VoiceError {
    const detail = describe(err);
    switch (kind) {
      case 'auth':
        return new VoiceError(this.id, `Google refused the credentials (check GOOGLE_APPLICATION_CREDENTIALS and that the Text-to-Speech API is enabled): ${detail}`);
      case 'invalid':
        return new VoiceError(this.id, `Google rejected the request: ${detail}`);
      case 'retry':
        return new VoiceError(this.id, `Google Text-to-Speech still unavailable after ${attempt} attempts: ${detail}`);
      default:
        return new VoiceError(this.id, `Google Text-to-Speech failed: ${detail}`);
    }
  }
}

type ErrorKind = 'retry' | 'auth' | 'invalid' | 'other';

// REST errors carry the HTTP status in `code`; gRPC-style ones the gRPC code.
// Both spellings are mapped.
function classify(err: unknown): ErrorKind {
  const e = err as { code?: number | string; status?: number | string; message?: string };
  const codes = [e.code, e.status].map((c) => String(c ?? ''));
  const text = `${codes.join(' ')} ${e.message ?? ''}`;
  if (codes.some((c) => ['429', '503', '14', '8'].includes(c)) || /UNAVAILABLE|RESOURCE_EXHAUSTED/.test(text)) return 'retry';
  if (codes.some((c) => ['401', '403', '16', '7'].includes(c)) || /UNAUTHENTICATED|PERMISSION_DENIED|default credentials|invalid_grant/i.test(text)) return 'auth';
  if (codes.some((c) => ['400', '3'].includes(c)) || /INVALID_ARGUMENT/.test(text)) return 'invalid';
  return 'other';
}

// Google's JSON error body says what was wrong; prefer it to the wrapper text.
function describe(err: unknown): string {
  const e = err as { message?: string; response?: { data?: { error?: { message?: string } } } };
  const fromBody = e.response?.data?.error?.message;
  if (fromBody) return fromBody;
  try {
    return (JSON.parse(e.message ?? '') as { error: { message: string } }).error.message;
  } catch {
    return e.message ?? String(err);
  }
}
