// FPT.AI text-to-speech v5: POST the raw text, get back the URL where the
// MP3 will be; it answers 404 there until the file is ready a few seconds
// later. A key from console.fpt.ai (FPT_AI_API_KEY).
import type { SynthesisOptions, SynthesizedAudio } from '../voice.js';
import { CloudVoice, CloudVoiceError, cloudFetch, containerOf, readBody, type CloudVoiceOptions, type VoiceProfile } from './cloud.js';

export const FPT_DEFAULT_URL = 'https://api.fpt.ai';

const v = (name: string, label: string, region: VoiceProfile['region'], gender: VoiceProfile['gender']): VoiceProfile => ({ id: `fpt:${name}`, vendor: 'fpt', label, region, gender });
export const FPT_VOICES: readonly VoiceProfile[] = [
  v('banmai', 'Ban Mai', 'north', 'female'),
  v('thuminh', 'Thu Minh', 'north', 'female'),
  v('leminh', 'Lê Minh', 'north', 'male'),
  v('giahuy', 'Gia Huy', 'central', 'male'),
  v('ngoclam', 'Ngọc Lam', 'central', 'female'),
  v('myan', 'Mỹ An', 'central', 'female'),
  v('lannhi', 'Lan Nhi', 'south', 'female'),
  v('linhsan', 'Linh San', 'south', 'female'),
  v('minhquang', 'Minh Quang', 'south', 'male'),
];

// v5 takes 3 to 5,000 characters; a byte budget below that is always within it.
const MAX_REQUEST_BYTES = 4800;

export interface FptVoiceOptions extends CloudVoiceOptions {
  /** 'banmai', 'leminh', … */
  name: string;
  apiKey: string;
  /** How long the MP3 may take to appear at its URL. */
  readyTimeoutMs?: number;
  /** First wait between polls; doubles up to 4 s. */
  pollMs?: number;
}

export class FptVoice extends CloudVoice {
  constructor(private readonly opts: FptVoiceOptions) {
    super(`fpt:${opts.name}`, opts, MAX_REQUEST_BYTES);
  }

  protected async piece(text: string, opts: SynthesisOptions): Promise<SynthesizedAudio> {
    // speed: integer −3 (slowest) … 3 (fastest), 0 normal; a tenth of the rate per step.
    const speed = Math.max(-3, Math.min(3, Math.round(((opts.rate ?? 1) - 1) * 10)));
    const res = await cloudFetch(
      this.id,
      'FPT.AI',
      `${this.opts.baseUrl.replace(/\/$/, '')}/hmi/tts/v5`,
      { method: 'POST', headers: { 'api-key': this.opts.apiKey, voice: this.opts.name, speed: String(speed), format: 'mp3', 'content-type': 'text/plain; charset=utf-8' }, body: text },
      this.timeoutMs,
    );
    const raw = (await readBody(this.id, 'FPT.AI', res)).toString('utf8');
    let body: { async?: string; error?: number; message?: string };
    try {
      body = JSON.parse(raw);
    } catch {
      body = { message: raw.slice(0, 200) };
    }
    if (!res.ok || body.error !== 0 || !body.async) throw this.failure(res.status, body.error, body.message ?? raw.slice(0, 200));
    return this.fetchWhenReady(body.async);
  }

  // The URL is valid at once but 404 until the audio is rendered.
  private async fetchWhenReady(url: string): Promise<SynthesizedAudio> {
    const deadline = Date.now() + (this.opts.readyTimeoutMs ?? 120_000);
    for (let wait = this.opts.pollMs ?? 500; ; wait = Math.min(wait * 2, 4000)) {
      const res = await cloudFetch(this.id, 'FPT.AI', url, {}, this.timeoutMs);
      if (res.ok) {
        const audio = await readBody(this.id, 'FPT.AI', res);
        const container = containerOf(audio);
        if (!container) throw new CloudVoiceError(this.id, 'unavailable', 'FPT.AI served a file that is not audio');
        return { audio, container };
      }
      await res.body?.cancel();
      if (res.status !== 404) throw this.failure(res.status, undefined, `fetching the audio answered HTTP ${res.status}`);
      if (Date.now() + wait > deadline) throw new CloudVoiceError(this.id, 'timeout', `FPT.AI's audio was not ready within ${Math.round((this.opts.readyTimeoutMs ?? 120_000) / 1000)} s`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  private failure(status: number, code: number | undefined, message: string): CloudVoiceError {
    const detail = `${message}${code ? ` (error ${code})` : ''}`;
    if (status === 401 || status === 403) return new CloudVoiceError(this.id, 'auth', `FPT.AI refused the key (check FPT_AI_API_KEY): ${detail}`);
    if (status === 429) return new CloudVoiceError(this.id, 'quota', `FPT.AI quota is spent: ${detail}`);
    if (status >= 500) return new CloudVoiceError(this.id, 'unavailable', `FPT.AI is unavailable (HTTP ${status}): ${detail}`);
    return new CloudVoiceError(this.id, 'refused', `FPT.AI refused the request (HTTP ${status}): ${detail}`);
  }
}
