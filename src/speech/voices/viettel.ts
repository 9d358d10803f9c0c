// Viettel AI text-to-speech: one JSON request, the audio itself back; errors
// as JSON {code, vi_message, en_message}, HTTP 429 once the quota is spent.
// A token from viettelai.vn (VIETTEL_AI_TOKEN).
import type { SynthesisOptions, SynthesizedAudio } from '../voice.js';
import { clampRate, CloudVoice, CloudVoiceError, cloudFetch, containerOf, DEFAULT_TIMEOUT_MS, readBody, type CloudVoiceOptions, type VoiceProfile } from './cloud.js';

export const VIETTEL_DEFAULT_URL = 'https://viettelai.vn';

const v = (name: string, label: string, region: VoiceProfile['region'], gender: VoiceProfile['gender']): VoiceProfile => ({ id: `viettel:${name}`, vendor: 'viettel', label, region, gender });
export const VIETTEL_VOICES: readonly VoiceProfile[] = [
  v('hn-quynhanh', 'Quỳnh Anh', 'north', 'female'),
  v('hn-phuongtrang', 'Phương Trang', 'north', 'female'),
  v('hn-thaochi', 'Thảo Chi', 'north', 'female'),
  v('hn-thanhtung', 'Thanh Tùng', 'north', 'male'),
  v('hn-namkhanh', 'Nam Khánh', 'north', 'male'),
  v('hue-maingoc', 'Mai Ngọc', 'central', 'female'),
  v('hue-baoquoc', 'Bảo Quốc', 'central', 'male'),
  v('hcm-diemmy', 'Diễm My', 'south', 'female'),
  v('hcm-phuongly', 'Phương Ly', 'south', 'female'),
  v('hcm-thuydung', 'Thùy Dung', 'south', 'female'),
  v('hcm-minhquan', 'Minh Quân', 'south', 'male'),
];

// The service takes up to 2,000 characters a request.
const MAX_REQUEST_BYTES = 2000;
/** tts_return_option 3: MP3. */
const RETURN_MP3 = 3;

export interface ViettelVoiceOptions extends CloudVoiceOptions {
  /** 'hn-quynhanh', 'hcm-diemmy', … */
  name: string;
  token: string;
}

interface ViettelError {
  code?: number;
  vi_message?: string;
  en_message?: string;
}

export class ViettelVoice extends CloudVoice {
  constructor(private readonly opts: ViettelVoiceOptions) {
    super(`viettel:${opts.name}`, opts, MAX_REQUEST_BYTES);
  }

  protected async piece(text: string, opts: SynthesisOptions): Promise<SynthesizedAudio> {
    const body = { text, voice: this.opts.name, speed: clampRate(opts.rate, 0.7, 1.3), tts_return_option: RETURN_MP3, token: this.opts.token, without_filter: false };
    const res = await cloudFetch(
      this.id,
      'Viettel AI',
      `${this.opts.baseUrl.replace(/\/$/, '')}/tts/speech_synthesis`,
      { method: 'POST', headers: { 'content-type': 'application/json', accept: '*/*' }, body: JSON.stringify(body) },
      this.timeoutMs,
    );
    const data = await readBody(this.id, 'Viettel AI', res);
    const container = res.ok ? containerOf(data) : null;
    if (container) return { audio: data, container };
    let err: ViettelError = {};
    try {
      err = JSON.parse(data.toString('utf8'));
    } catch {
      err = { en_message: data.toString('utf8').slice(0, 200) || `HTTP ${res.status}` };
    }
    throw this.failure(res.status, err);
  }

  private failure(status: number, err: ViettelError): CloudVoiceError {
    const detail = `${err.vi_message ?? ''}${err.vi_message && err.en_message ? ' — ' : ''}${err.en_message ?? ''}${err.code !== undefined ? ` (code ${err.code})` : ''}`;
    if (status === 429) return new CloudVoiceError(this.id, 'quota', `Viettel AI quota is spent: ${detail}`);
    if (status === 401 || status === 403) return new CloudVoiceError(this.id, 'auth', `Viettel AI refused the token (check VIETTEL_AI_TOKEN): ${detail}`);
    if (status >= 500) return new CloudVoiceError(this.id, 'unavailable', `Viettel AI is unavailable (HTTP ${status}): ${detail}`);
    return new CloudVoiceError(this.id, 'refused', `Viettel AI refused the request (HTTP ${status}): ${detail}`);
  }
}

/** The voices the service lists (GET /tts/voices), to check the catalogue above against. */
export async function listViettelVoices(baseUrl: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string[]> {
  const res = await cloudFetch('viettel', 'Viettel AI', `${baseUrl.replace(/\/$/, '')}/tts/voices`, {}, timeoutMs);
  if (!res.ok) throw new CloudVoiceError('viettel', 'unavailable', `Viettel AI voice list answered HTTP ${res.status}`);
  const body = (await res.json()) as { result?: Array<{ code: string }> } | Array<{ code: string }>;
  const list = Array.isArray(body) ? body : (body.result ?? []);
  return list.map((voice) => voice.code);
}
