// Any audio in, broadcast-ready MP3 out: mono 44.1 kHz, silence trimmed at
// both ends, EBU R128 loudness-normalized in two passes (measure, then apply)
// and measured once more as encoded.
//
// Why not ffmpeg's loudnorm filter: on TTS speech (peak-to-loudness ~18 dB)
// it cannot use its linear mode, and its dynamic mode landed 1.7 LU under
// target while resampling everything to 192 kHz. A plain gain in front of a
// peak limiter is exact enough once the gain is chosen by measuring the
// limited result: a few cheap meter-only decodes before the one encode.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Ebur128Collector, FfmpegError, ebur128Filter, measureLoudness, probe, run, type CommandListener } from './ffmpeg.js';
import { PeakMeter } from './peaks.js';

export interface PipelineSettings {
  /** Integrated loudness target, LUFS. */
  targetLufs: number;
  /** True-peak ceiling, dBTP. */
  truePeakDb: number;
  /** Accepted distance from the loudness target before encoding, LU. */
  toleranceLu: number;
  bitrateKbps: number;
  /** LAME quality 0 (best, slowest) .. 9; 7 is twice as fast as the default and fine for speech at 64 kb/s. */
  mp3Quality: number;
  sampleRate: number;
  /** Below this level counts as silence for trimming, dBFS. */
  silenceDb: number;
  /** Shorter quiet stretches are not trimmed, seconds. */
  silenceMinSeconds: number;
  /** Quiet kept before the first and after the last sound, seconds. */
  keepSilenceSeconds: number;
  peakCount: number;
}

export const defaultPipelineSettings: PipelineSettings = {
  targetLufs: -16,
  truePeakDb: -1.5,
  toleranceLu: 0.3,
  bitrateKbps: 64,
  mp3Quality: 7,
  sampleRate: 44100,
  silenceDb: -50,
  silenceMinSeconds: 0.3,
  keepSilenceSeconds: 0.15,
  peakCount: 200,
};

export type AudioErrorCode = 'not_audio' | 'silent' | 'too_long' | 'too_short';

/** EBU R128 measures loudness over 400 ms blocks: a shorter sound cannot be levelled. */
export const MIN_SOUND_SECONDS = 0.4;

/** A problem with the input itself (as opposed to ffmpeg breaking). */
export class AudioError extends Error {
  constructor(
    readonly code: AudioErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface Jingles {
  /** Played before the speech; an MP3 mastered to the target loudness (see audio/README.md). */
  intro?: string;
  /** Played after the speech. */
  outro?: string;
}

export interface ProcessOptions {
  /** Fails with AudioError('too_long') once the decoded input is known to be longer. */
  maxDurationMs?: number;
  jingles?: Jingles;
  /** 0..1 over all passes. */
  onProgress?: (fraction: number) => void;
  /** Sees every ffmpeg/ffprobe command line run. */
  onCommand?: CommandListener;
  /** Kills the ffmpeg under way when aborted (the server's stop gave up waiting). */
  signal?: AbortSignal;
}

/** What every ffmpeg run of one process() shares. */
type RunContext = Pick<ProcessOptions, 'onCommand' | 'signal'>;

export interface PipelineResult {
  /** The MP3 in the work dir; the caller moves or deletes it. */
  path: string;
  durationMs: number;
  bytes: number;
  loudness: { integrated: number; truePeak: number };
  peaks: number[];
}

interface Analysis {
  durationS: number;
  integrated: number;
  trimStartS: number;
  trimEndS: number;
}

const FADE_S = 0.01; // a 10 ms ramp at each cut so trimming never clicks
const PEAK_RATE = 8000;
// Sample peaks limited this far under the true-peak ceiling stay under it
// after interpolation and MP3 encoding (measured: -2.0 dBFS → -1.9 dBTP).
const LIMIT_MARGIN_DB = 0.5;
// More make-up gain than this into the limiter audibly squashes speech.
const MAX_EXTRA_GAIN_DB = 9;
const MAX_GAIN_PROBES = 3;

export class AudioPipeline {
  readonly settings: PipelineSettings;
  /** Scratch files (inputs, outputs before they are stored); on the same disk as the store so moves are renames. */
  readonly workDir: string;

  constructor(opts: { workDir: string; settings?: Partial<PipelineSettings> }) {
    this.workDir = opts.workDir;
    this.settings = { ...defaultPipelineSettings, ...opts.settings };
  }

  /** Changes whenever the same input would produce different bytes; part of cache keys. */
  get settingsKey(): string {
    return JSON.stringify(this.settings);
  }

  async process(input: string, opts: ProcessOptions = {}): Promise<PipelineResult> {
    const progress = opts.onProgress ?? (() => {});
    const ctx: RunContext = { onCommand: opts.onCommand, signal: opts.signal };
    const info = await probe(input, ctx.onCommand).catch((err: unknown) => {
      throw new AudioError('not_audio', err instanceof Error ? err.message : String(err));
    });
    if (opts.maxDurationMs !== undefined && info.durationMs !== null && info.durationMs > opts.maxDurationMs) {
      throw new AudioError('too_long', `audio is ${Math.round(info.durationMs / 1000)} s long`);
    }
    const expectS = (info.durationMs ?? 0) / 1000;
    const phase = (from: number, span: number) => (s: number) => {
      if (expectS > 0) progress(from + span * Math.min(1, s / expectS));
    };

    const a = await this.analyze(input, phase(0, 0.2), ctx).catch(notAudio);
    if (opts.maxDurationMs !== undefined && a.durationS * 1000 > opts.maxDurationMs) {
      throw new AudioError('too_long', `audio is ${Math.round(a.durationS)} s long`);
    }
    const gainDb = await this.chooseGain(input, a, ctx);
    progress(0.4);
    await fs.mkdir(this.workDir, { recursive: true });
    const out = path.join(this.workDir, `${crypto.randomUUID()}.mp3`);
    try {
      await this.encode(input, out, a, gainDb, opts.jingles ?? {}, phase(0.4, 0.5), ctx);
      const final = await this.inspect(out, ctx);
      progress(1);
      return { path: out, ...final };
    } catch (err) {
      await fs.rm(out, { force: true });
      throw err;
    }
  }

  // Pass 1: where the sound starts and ends, and how loud it is.
  private async analyze(input: string, onTime: (s: number) => void, ctx: RunContext): Promise<Analysis> {
    const s = this.settings;
    const meter = new Ebur128Collector();
    const silences: Array<{ start: number; end?: number }> = [];
    let durationS = 0;
    await run({
      inputs: [input],
      filterGraph: `[0:a]aformat=channel_layouts=mono,silencedetect=n=${s.silenceDb}dB:d=${s.silenceMinSeconds},${ebur128Filter(false)}[out]`,
      onLine: (line) => {
        meter.onLine(line);
        const start = /silence_start: (-?[\d.]+)/.exec(line);
        if (start) silences.push({ start: Math.max(0, Number(start[1])) });
        const end = /silence_end: ([\d.]+)/.exec(line);
        if (end && silences.length > 0) silences[silences.length - 1].end = Number(end[1]);
      },
      onTime: (t) => {
        durationS = Math.max(durationS, t);
        onTime(t);
      },
      ...ctx,
    });
    // silencedetect closes a silence that runs to the end of the stream at EOF.
    for (const sil of silences) durationS = Math.max(durationS, sil.end ?? 0);
    const first = silences[0];
    const last = silences[silences.length - 1];
    const soundStart = first && first.start <= 0.01 ? (first.end ?? durationS) : 0;
    const soundEnd = last && (last.end === undefined || last.end >= durationS - 0.01) ? last.start : durationS;
    const { integrated } = meter.result();
    if (durationS <= 0 || soundEnd <= soundStart) throw new AudioError('silent', 'audio contains only silence');
    // A sound shorter than one loudness block measures as silence: say what it is.
    if (integrated <= -70 && durationS < MIN_SOUND_SECONDS) throw new AudioError('too_short', `audio is ${durationS.toFixed(2)} s long`);
    if (integrated <= -70) throw new AudioError('silent', 'audio contains only silence');
    return {
      durationS,
      integrated,
      trimStartS: Math.max(0, soundStart - s.keepSilenceSeconds),
      trimEndS: Math.min(durationS, soundEnd + s.keepSilenceSeconds),
    };
  }

  // The limiter lowers loudness by an amount that depends on the material,
  // so measure the limited result and correct (secant steps, usually 1–2
  // meter-only decodes; material that needs no limiting lands at once).
  private async chooseGain(input: string, a: Analysis, ctx: RunContext): Promise<number> {
    const s = this.settings;
    const first = s.targetLufs - a.integrated;
    const tried: Array<{ gain: number; lufs: number }> = [];
    let gain = first;
    for (let i = 0; i < MAX_GAIN_PROBES; i++) {
      const { integrated } = await measureLoudness(input, { filters: this.shape(a, gain).join(','), ...ctx });
      tried.push({ gain, lufs: integrated });
      const miss = s.targetLufs - integrated;
      if (Math.abs(miss) <= s.toleranceLu) break;
      const prev = tried[tried.length - 2];
      const slope = prev && integrated !== prev.lufs ? (gain - prev.gain) / (integrated - prev.lufs) : 1;
      gain = Math.min(first + MAX_EXTRA_GAIN_DB, gain + miss * Math.max(1, Math.min(slope, 4)));
      if (tried.some((t) => Math.abs(t.gain - gain) < 0.05)) break;
    }
    return tried.reduce((best, t) => (Math.abs(s.targetLufs - t.lufs) < Math.abs(s.targetLufs - best.lufs) ? t : best)).gain;
  }

  // The signal path shared by the gain probes and the encode: mono, trimmed,
  // gain, peak limiter, output rate.
  private shape(a: Analysis, gainDb: number): string[] {
    const s = this.settings;
    const limit = Math.pow(10, (s.truePeakDb - LIMIT_MARGIN_DB) / 20);
    return [
      'aformat=channel_layouts=mono',
      `atrim=start=${a.trimStartS.toFixed(3)}:end=${a.trimEndS.toFixed(3)}`,
      'asetpts=PTS-STARTPTS',
      `aresample=${s.sampleRate}`,
      `volume=${gainDb.toFixed(2)}dB`,
      `alimiter=limit=${limit.toFixed(4)}:attack=5:release=50:level=false`,
    ];
  }

  // Pass 2: the chosen gain, click-free edges, optional jingles, encode.
  private async encode(
    input: string,
    out: string,
    a: Analysis,
    gainDb: number,
    jingles: Jingles,
    onTime: (s: number) => void,
    ctx: RunContext,
  ): Promise<void> {
    const s = this.settings;
    const length = a.trimEndS - a.trimStartS;
    // concat needs one sample format, rate and layout on every input.
    const common = `aformat=sample_fmts=fltp:sample_rates=${s.sampleRate}:channel_layouts=mono`;
    const speech = [
      ...this.shape(a, gainDb),
      `afade=t=in:d=${FADE_S}`,
      `afade=t=out:st=${Math.max(0, length - FADE_S).toFixed(3)}:d=${FADE_S}`,
    ].join(',');
    const parts = [jingles.intro, input, jingles.outro].filter((f): f is string => f !== undefined);
    const graph =
      parts.length === 1
        ? `[0:a]${speech}[out]`
        : [
            ...parts.map((f, i) => `[${i}:a]${f === input ? `${speech},` : ''}${common}[p${i}]`),
            `${parts.map((_, i) => `[p${i}]`).join('')}concat=n=${parts.length}:v=0:a=1[out]`,
          ].join(';');
    await run({
      inputs: parts,
      filterGraph: graph,
      output: out,
      outputOptions: [
        ...['-c:a', 'libmp3lame', '-b:a', `${s.bitrateKbps}k`, '-compression_level', String(s.mp3Quality)],
        ...['-ar', String(s.sampleRate), '-ac', '1', '-map_metadata', '-1', '-f', 'mp3'],
      ],
      onTime,
      ...ctx,
    });
  }

  // Pass 3: what listeners will actually hear — loudness of the encoded file
  // and a waveform summary from the same decode.
  private async inspect(file: string, ctx: RunContext): Promise<Omit<PipelineResult, 'path'>> {
    const meter = new Ebur128Collector();
    const peaks = new PeakMeter(PEAK_RATE);
    await run({
      inputs: [file],
      filterGraph: `[0:a]${ebur128Filter(true)},aresample=${PEAK_RATE}[out]`,
      output: peaks,
      outputOptions: ['-f', 's16le', '-ac', '1'],
      onLine: meter.onLine,
      ...ctx,
    });
    const [info, stat] = await Promise.all([probe(file, ctx.onCommand), fs.stat(file)]);
    const l = meter.result();
    return {
      durationMs: info.durationMs ?? 0,
      bytes: stat.size,
      loudness: { integrated: l.integrated, truePeak: l.truePeak ?? -99 },
      peaks: peaks.peaks(this.settings.peakCount),
    };
  }
}

// ffmpeg refusing to decode is the input's fault; anything else passes through.
function notAudio(err: unknown): never {
  if (err instanceof FfmpegError) throw new AudioError('not_audio', `${err.message}\n${err.stderrTail}`);
  throw err;
}
