// What the domestic cloud voices (FPT.AI, Viettel AI, Zalo AI) share: a
// catalogue entry per voice (region and gender, for the officer's choice),
// errors that say whether the vendor is down, over quota or refusing the
// key, HTTP with a deadline, and joining the pieces of a long text.
import { decodeToWav } from '../../audio/decode.js';
import { joinWavs } from '../../audio/wav.js';
import { chunkText } from '../chunk.js';
import { requireText, VoiceError, type SynthesisOptions, type SynthesizedAudio, type Voice } from '../voice.js';

export type Region = 'north' | 'central' | 'south';
export type Gender = 'female' | 'male';

export interface VoiceProfile {
  /** e.g. 'fpt:banmai' */
  id: string;
  /** The vendor's key in LOA_VOICE and the usage counters: 'fpt', 'viettel', 'zalo', 'espeak', 'google'. */
  vendor: string;
  /** How the panel names it: "Ban Mai". */
  label: string;
  region: Region;
  gender: Gender;
}

/** Why a cloud voice gave up; every kind hands over to the next voice of a chain. */
export type CloudFailure = 'timeout' | 'unavailable' | 'quota' | 'auth' | 'refused';

export class CloudVoiceError extends VoiceError {
  constructor(
    voiceId: string,
    readonly kind: CloudFailure,
    message: string,
  ) {
    super(voiceId, message);
  }
}

export interface CloudVoiceOptions {
  /** The vendor's base URL (tests point it at a local fake). */
  baseUrl: string;
  /** Per HTTP request. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** fetch with a deadline; network failures and timeouts become CloudVoiceErrors. */
export async function cloudFetch(voiceId: string, vendor: string, url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const e = err as Error;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new CloudVoiceError(voiceId, 'timeout', `${vendor} did not answer within ${timeoutMs / 1000} s`);
    const cause = (e as Error & { cause?: Error }).cause?.message ?? e.message;
    throw new CloudVoiceError(voiceId, 'unavailable', `${vendor} cannot be reached: ${cause}`);
  }
}

/** Reads a body that has a deadline of its own (a slow body is a timeout too). */
export async function readBody(voiceId: string, vendor: string, res: Response): Promise<Buffer> {
  try {
    return Buffer.from(await res.arrayBuffer());
  } catch (err) {
    throw new CloudVoiceError(voiceId, 'timeout', `${vendor} stopped sending: ${(err as Error).message}`);
  }
}

/**
 * A vendor's voice: a long text goes in pieces cut at sentence boundaries
 * within the vendor's limit, one request each, and comes back joined.
 */
export abstract class CloudVoice implements Voice {
  protected readonly timeoutMs: number;

  constructor(
    readonly id: string,
    opts: CloudVoiceOptions,
    /** The most a request may carry (bytes; characters where the vendor counts those). */
    private readonly maxPiece: number,
  ) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async synthesize(text: string, opts: SynthesisOptions = {}): Promise<SynthesizedAudio> {
    const pieces: SynthesizedAudio[] = [];
    for (const chunk of chunkText(requireText(this.id, text), this.maxPiece)) pieces.push(await this.piece(chunk, opts));
    return joinPieces(pieces);
  }

  /** One request's worth of text, spoken. */
  protected abstract piece(text: string, opts: SynthesisOptions): Promise<SynthesizedAudio>;
}

/** One piece as it came; several decoded and joined as WAV. */
async function joinPieces(pieces: SynthesizedAudio[]): Promise<SynthesizedAudio> {
  if (pieces.length === 1) return pieces[0];
  return { audio: joinWavs(await Promise.all(pieces.map((p) => decodeToWav(p.audio)))), container: 'wav' };
}

/** Sniffs what a vendor sent: WAV, MP3 (ID3 or a frame sync) or Ogg; null if not audio. */
export function containerOf(audio: Buffer): SynthesizedAudio['container'] | null {
  if (audio.length < 4) return null;
  if (audio.toString('ascii', 0, 4) === 'RIFF') return 'wav';
  if (audio.toString('ascii', 0, 4) === 'OggS') return 'ogg';
  if (audio.toString('ascii', 0, 3) === 'ID3' || (audio[0] === 0xff && (audio[1] & 0xe0) === 0xe0)) return 'mp3';
  return null;
}

/** The voice's speaking rate (1 = normal) within a vendor's speed range. */
export function clampRate(rate: number | undefined, min: number, max: number): number {
  return Math.min(max, Math.max(min, rate ?? 1));
}
