// eSpeak NG compiled to WASM (GPL, like this project): robotic but offline,
// free and instant — the voice every commune has without an account. The
// synthesis itself runs in a worker thread (espeak-worker.ts).
import { chunkText } from '../chunk.js';
import { requireText, VoiceError, type SynthesisOptions, type SynthesizedAudio, type Voice } from '../voice.js';
import { WorkerPool, workerEntry } from '../../threads/pool.js';
import type { EspeakRequest } from './espeak-worker.js';

export const ESPEAK_VOICES = ['vi', 'vi-vn-x-central', 'vi-vn-x-south'] as const;
export type EspeakVariant = (typeof ESPEAK_VOICES)[number];

// The module's heap is fixed at 32 MB, so very long texts go through in
// pieces; ~4 KB of Vietnamese is about three minutes of speech.
const MAX_CHUNK_BYTES = 4000;
const NORMAL_WPM = 175;
const NORMAL_PITCH = 50;

export class EspeakVoice implements Voice {
  readonly id: string;

  constructor(readonly variant: EspeakVariant = 'vi') {
    this.id = `espeak:${variant}`;
  }

  async synthesize(text: string, opts: SynthesisOptions = {}): Promise<SynthesizedAudio> {
    const chunks = chunkText(requireText(this.id, text), MAX_CHUNK_BYTES);
    const wpm = Math.round(Math.min(450, Math.max(80, NORMAL_WPM * (opts.rate ?? 1))));
    // About 2.5 espeak pitch units per semitone around the default of 50.
    const pitch = Math.round(Math.min(99, Math.max(0, NORMAL_PITCH + 2.5 * (opts.pitch ?? 0))));
    try {
      const options = ['-v', this.variant, '-s', String(wpm), '-p', String(pitch)];
      const wav = await synthesizer.run((ask) => ask({ options, chunks }), opts.signal);
      return { audio: Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength), container: 'wav' };
    } catch (err) {
      throw new VoiceError(this.id, err instanceof Error ? err.message : String(err));
    }
  }
}

/** Two renders at once, so a short one (an emergency) is not stuck behind an hour-long text; an idle worker (~20 MB) stops after 30 s. */
const synthesizer = new WorkerPool<EspeakRequest, Uint8Array<ArrayBuffer>>({ entry: workerEntry(import.meta.url, 'espeak-worker'), label: 'eSpeak', maxWorkers: 2, idleMs: 30_000 });
