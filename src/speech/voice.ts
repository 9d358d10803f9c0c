// What a text-to-speech engine must offer. Audio comes back in whatever
// container the engine produces; the audio pipeline turns it into broadcast
// MP3, so engines stay small.
export interface SynthesisOptions {
  /** Speaking-rate multiplier, 1 = the voice's normal pace (0.25..4). */
  rate?: number;
  /** Pitch shift in semitones, 0 = the voice's normal pitch (-20..20). */
  pitch?: number;
  /** Stops the synthesis when aborted (the server's stop gave up waiting); eSpeak ends its worker. */
  signal?: AbortSignal;
}

export interface SynthesizedAudio {
  audio: Buffer;
  container: 'wav' | 'mp3' | 'ogg';
}

export interface Voice {
  /** Engine and voice, e.g. 'espeak:vi' or 'google:vi-VN-Wavenet-A'. */
  readonly id: string;
  /** Rejects with VoiceError for empty text. */
  synthesize(text: string, opts?: SynthesisOptions): Promise<SynthesizedAudio>;
}

export class VoiceError extends Error {
  constructor(
    readonly voiceId: string,
    message: string,
  ) {
    super(`${voiceId}: ${message}`);
  }
}

export function requireText(voiceId: string, text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new VoiceError(voiceId, 'nothing to say: the text is empty');
  return trimmed;
}
