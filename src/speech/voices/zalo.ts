// Zalo AI text-to-speech: form fields in, {"error_code":0,"data":{"url"}}
// out, then the audio from that URL. Input over 2,000 characters is refused
// (code 155). A key from zalo.ai's developer console (ZALO_AI_API_KEY).
import type { SynthesisOptions, SynthesizedAudio } from '../voice.js';
import { clampRate, CloudVoice, CloudVoiceError, cloudFetch, containerOf, readBody, type CloudVoiceOptions, type VoiceProfile } from './cloud.js';

export const ZALO_DEFAULT_URL = 'https://api.zalo.ai';

const v = (speaker: number, label: string, region: VoiceProfile['region'], gender: VoiceProfile['gender']): VoiceProfile => ({ id: `zalo:${speaker}`, vendor: 'zalo', label, region, gender });
export const ZALO_VOICES: readonly VoiceProfile[] = [
  v(1, 'Nữ miền Nam', 'south', 'female'),
  v(2, 'Nữ miền Bắc', 'north', 'female'),
  v(3, 'Nam miền Nam', 'south', 'male'),
  v(4, 'Nam miền Bắc', 'north', 'male'),
];

const MAX_INPUT_CHARS = 2000;
/** encode_type 1: MP3 (0 is WAV). */
const ENCODE_MP3 = '1';
/** Zalo's error codes that mean "no more today" or "not this key". */
const QUOTA_CODES = new Set([-111, 429]);
const AUTH_CODES = new Set([-101, -102, 401]);

export interface ZaloVoiceOptions extends CloudVoiceOptions {
  /** Speaker id: 1..4. */
  speaker: number;
  apiKey: string;
}

export class ZaloVoice extends CloudVoice {
  // Characters, not bytes, count here: a byte budget of the same number is always within it.
  constructor(private readonly opts: ZaloVoiceOptions) {
    super(`zalo:${opts.speaker}`, opts, MAX_INPUT_CHARS);
  }

  protected async piece(text: string, opts: SynthesisOptions): Promise<SynthesizedAudio> {
    const form = new URLSearchParams({ input: text, speaker_id: String(this.opts.speaker), speed: String(clampRate(opts.rate, 0.8, 1.2)), encode_type: ENCODE_MP3 });
    const res = await cloudFetch(this.id, 'Zalo AI', `${this.opts.baseUrl.replace(/\/$/, '')}/v1/tts/synthesize`, { method: 'POST', headers: { apikey: this.opts.apiKey }, body: form }, this.timeoutMs);
    const raw = (await readBody(this.id, 'Zalo AI', res)).toString('utf8');
    let body: { error_code?: number; error_message?: string; data?: { url?: string } } = {};
    try {
      body = JSON.parse(raw);
    } catch {
      body = { error_message: raw.slice(0, 200) };
    }
    if (!res.ok || body.error_code !== 0 || !body.data?.url) throw this.failure(res.status, body.error_code, body.error_message ?? `HTTP ${res.status}`);
    const file = await cloudFetch(this.id, 'Zalo AI', body.data.url, {}, this.timeoutMs);
    const audio = await readBody(this.id, 'Zalo AI', file);
    const container = file.ok ? containerOf(audio) : null;
    if (!container) throw new CloudVoiceError(this.id, 'unavailable', `Zalo AI's audio URL answered HTTP ${file.status} without audio`);
    return { audio, container };
  }

  private failure(status: number, code: number | undefined, message: string): CloudVoiceError {
    const detail = `${message}${code !== undefined ? ` (error_code ${code})` : ''}`;
    if (status === 429 || (code !== undefined && QUOTA_CODES.has(code))) return new CloudVoiceError(this.id, 'quota', `Zalo AI quota is spent: ${detail}`);
    if (status === 401 || status === 403 || (code !== undefined && AUTH_CODES.has(code))) return new CloudVoiceError(this.id, 'auth', `Zalo AI refused the key (check ZALO_AI_API_KEY): ${detail}`);
    if (status >= 500) return new CloudVoiceError(this.id, 'unavailable', `Zalo AI is unavailable (HTTP ${status}): ${detail}`);
    return new CloudVoiceError(this.id, 'refused', `Zalo AI refused the request: ${detail}`);
  }
}
