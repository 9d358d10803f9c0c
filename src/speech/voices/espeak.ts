// eSpeak NG compiled to WASM (GPL, like this project): robotic but offline,
// free and instant — the voice every commune has without an account.
import ESpeakNg from 'espeak-ng';
import { joinWavs } from '../../audio/wav.js';
import { chunkText } from '../chunk.js';
import { requireText, VoiceError, type SynthesisOptions, type SynthesizedAudio, type Voice } from '../voice.js';

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
    const wavs: Buffer[] = [];
    // One at a time: each call is a fresh 32 MB WASM instance (the build does
    // not export callMain, so an instance cannot be reused; ~100 ms each).
    for (const chunk of chunks) wavs.push(await this.run(chunk, opts));
    return { audio: wavs.length === 1 ? wavs[0] : joinWavs(wavs), container: 'wav' };
  }

  private async run(text: string, opts: SynthesisOptions): Promise<Buffer> {
    const wpm = Math.round(Math.min(450, Math.max(80, NORMAL_WPM * (opts.rate ?? 1))));
    // About 2.5 espeak pitch units per semitone around the default of 50.
    const pitch = Math.round(Math.min(99, Math.max(0, NORMAL_PITCH + 2.5 * (opts.pitch ?? 0))));
    const errors: string[] = [];
    const module = await ESpeakNg({
      // '--' ends the options, so text starting with '-' (e.g. "-5 độ") is spoken, not parsed.
      arguments: ['-v', this.variant, '-s', String(wpm), '-p', String(pitch), '-w', 'out.wav', '--', text],
      print() {},
      printErr(line: string) {
        if (!line.startsWith('program exited')) errors.push(line);
      },
    });
    try {
      return Buffer.from(module.FS.readFile('out.wav'));
    } catch {
      throw new VoiceError(this.id, `espeak-ng produced no audio${errors.length ? `: ${errors.join('; ')}` : ''}`);
    }
  }
}
