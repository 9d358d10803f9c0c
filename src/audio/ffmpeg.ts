// The one module that talks to ffmpeg. fluent-ffmpeg is archived upstream, so
// everything else goes through these few promise-based helpers and the
// library can be swapped for plain child_process without touching callers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import ffmpeg from 'fluent-ffmpeg';

export interface FfmpegPaths {
  ffmpeg: string;
  ffprobe: string;
}

let resolved: FfmpegPaths | undefined;

/** Binaries in order: FFMPEG_PATH/FFPROBE_PATH, the system's on PATH, the npm-bundled static builds. */
export function ffmpegPaths(env: NodeJS.ProcessEnv = process.env): FfmpegPaths {
  if (!resolved) {
    resolved = {
      ffmpeg: env.FFMPEG_PATH || onPath('ffmpeg', env) || executable(bundled('@ffmpeg-installer/ffmpeg'), 'ffmpeg'),
      ffprobe: env.FFPROBE_PATH || onPath('ffprobe', env) || executable(bundled('@ffprobe-installer/ffprobe'), 'ffprobe'),
    };
    ffmpeg.setFfmpegPath(resolved.ffmpeg);
    ffmpeg.setFfprobePath(resolved.ffprobe);
  }
  return resolved;
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function bundled(pkg: string): string {
  return (createRequire(import.meta.url)(pkg) as { path: string }).path;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

// npm sometimes unpacks the bundled ffprobe without the execute bit for other
// users; a private executable copy in the temp dir sidesteps that.
function executable(file: string, name: string): string {
  if (isExecutable(file)) return file;
  const size = fs.statSync(file).size;
  const dir = path.join(os.tmpdir(), `loa-lang-${name}-${os.userInfo().uid}-${size}`);
  const target = path.join(dir, name);
  if (isExecutable(target) && fs.statSync(target).size === size) return target;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.copyFileSync(file, tmp);
  fs.chmodSync(tmp, 0o755);
  fs.renameSync(tmp, target);
  return target;
}

export class FfmpegError extends Error {
  constructor(message: string, readonly stderrTail: string) {
    super(message);
  }
}

export interface ProbeResult {
  /** ffprobe's format_name, e.g. "mp3", "wav", "matroska,webm", "mov,mp4,m4a,3gp,3g2,mj2". */
  container: string;
  codec: string;
  /** null when the container does not say (e.g. browser-recorded WebM). */
  durationMs: number | null;
  sampleRate: number;
  channels: number;
}

/** Receives each command line run, for debug logs and the benchmark's replay. */
export type CommandListener = (commandLine: string) => void;

/** Rejects with FfmpegError when the file is not something ffmpeg can read or has no audio stream. */
export function probe(file: string, onCommand?: CommandListener): Promise<ProbeResult> {
  ffmpegPaths();
  // The arguments fluent-ffmpeg passes (lib/ffprobe.js); it reports no command line itself.
  onCommand?.(`ffprobe -show_streams -show_format ${file}`);
  return new Promise((resolve, reject) => {
    ffmpeg.ffprobe(file, (err: unknown, data: ffmpeg.FfprobeData) => {
      if (err) {
        const msg = err instanceof Error ? err.message : String(err);
        return reject(new FfmpegError(`ffprobe cannot read ${path.basename(file)}`, msg.slice(-600)));
      }
      const audio = data.streams.find((s) => s.codec_type === 'audio');
      if (!audio) return reject(new FfmpegError(`${path.basename(file)} has no audio stream`, ''));
      const seconds = Number(data.format.duration ?? audio.duration);
      resolve({
        container: data.format.format_name ?? 'unknown',
        codec: audio.codec_name ?? 'unknown',
        durationMs: Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : null,
        sampleRate: Number(audio.sample_rate ?? 0),
        channels: audio.channels ?? 0,
      });
    });
  });
}

export interface RunSpec {
  inputs: string[];
  /** A -filter_complex graph; its final output pad must be labelled [out]. */
  filterGraph?: string;
  /** Omit for the null muxer (measurement passes). */
  output?: string | Writable;
  outputOptions?: string[];
  /** Every stderr line (filters such as loudnorm and silencedetect report there). */
  onLine?: (line: string) => void;
  /** Seconds of output produced so far, for progress bars. */
  onTime?: (seconds: number) => void;
  onCommand?: CommandListener;
  /** Kills ffmpeg when aborted (the server's stop gave up waiting: src/audio/in-flight.ts). */
  signal?: AbortSignal;
}

const timeRe = /time=\s*(\d+):(\d+):(\d+(?:\.\d+)?)/;

/** Runs one ffmpeg command; rejects with the tail of stderr on failure. */
export function run(spec: RunSpec): Promise<void> {
  ffmpegPaths();
  return new Promise((resolve, reject) => {
    const { signal } = spec;
    // Not an FfmpegError: the input is not to blame (the pipeline would call it not audio).
    const stopping = () => new Error('ffmpeg stopped: the server is stopping');
    if (signal?.aborted) return reject(stopping());
    // stdoutLines bounds what the library keeps for error messages; our own
    // listener sees every line.
    const cmd = ffmpeg({ stdoutLines: 40 });
    for (const input of spec.inputs) cmd.input(input);
    if (spec.filterGraph) cmd.complexFilter(spec.filterGraph, 'out');
    const tail: string[] = [];
    cmd.on('stderr', (line: string) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      spec.onLine?.(line);
      const t = spec.onTime && timeRe.exec(line);
      if (t) spec.onTime!(Number(t[1]) * 3600 + Number(t[2]) * 60 + Number(t[3]));
    });
    // fluent-ffmpeg spawns after its own checks: an abort before that kills the process as it starts.
    const kill = () => void cmd.kill('SIGKILL');
    signal?.addEventListener('abort', kill, { once: true });
    const settled = () => signal?.removeEventListener('abort', kill);
    cmd.on('error', (err: Error) => {
      settled();
      reject(signal?.aborted ? stopping() : new FfmpegError(`ffmpeg failed: ${err.message.split('\n')[0]}`, tail.join('\n')));
    });
    cmd.on('end', () => {
      settled();
      resolve();
    });
    cmd.on('start', (line: string) => {
      if (signal?.aborted) kill();
      spec.onCommand?.(line);
    });
    const opts = ['-nostdin', ...(spec.outputOptions ?? [])];
    if (spec.output === undefined) {
      cmd.output('-').outputOptions([...opts, '-f', 'null']);
    } else {
      cmd.output(spec.output).outputOptions(opts);
    }
    cmd.run();
  });
}

export interface LoudnessMeasure {
  /** Integrated loudness, LUFS (-70 for silence, the meter's floor). */
  integrated: number;
  /** True peak, dBTP; null when the meter ran without true-peak detection. */
  truePeak: number | null;
}

/** The EBU R128 meter; true-peak detection (4x oversampling) roughly doubles its cost. */
export function ebur128Filter(truePeak: boolean): string {
  return `ebur128=framelog=verbose${truePeak ? ':peak=true' : ''}`;
}

/** Collects the summary an ebur128 filter prints when the run ends. */
export class Ebur128Collector {
  private inSummary = false;
  private found = new Map<string, number>();

  readonly onLine = (line: string): void => {
    // Older ffmpeg configures the graph twice and prints an empty summary
    // first: only the last one counts.
    if (/\bSummary:/.test(line)) {
      this.inSummary = true;
      this.found = new Map();
      return;
    }
    if (!this.inSummary) return;
    const m = /^\s*(I|Peak):\s+(-?inf|-?\d+(?:\.\d+)?)/.exec(line);
    if (m) this.found.set(m[1], m[2].endsWith('inf') ? -Infinity : Number(m[2]));
  };

  result(): LoudnessMeasure {
    const integrated = this.found.get('I');
    if (integrated === undefined) throw new FfmpegError('ebur128 printed no loudness summary', '');
    const peak = this.found.get('Peak');
    // Digital silence peaks at -inf; clamp so JSON and SQL can carry it.
    return { integrated, truePeak: peak === undefined ? null : Math.max(peak, -99) };
  }
}

/** One decode of `file`, optionally through `filters` first, into the R128 meter. */
export async function measureLoudness(
  file: string,
  opts: { filters?: string; truePeak?: boolean; onCommand?: CommandListener; signal?: AbortSignal } = {},
): Promise<LoudnessMeasure> {
  const meter = new Ebur128Collector();
  const chain = [opts.filters, ebur128Filter(opts.truePeak ?? false)].filter(Boolean).join(',');
  await run({ inputs: [file], filterGraph: `[0:a]${chain}[out]`, onLine: meter.onLine, onCommand: opts.onCommand, signal: opts.signal });
  return meter.result();
}

export interface LiveEncoder {
  /** Audio in (any container ffmpeg reads from a pipe). */
  readonly input: Writable;
  /** MP3 out, as it is encoded. */
  readonly output: NodeJS.ReadableStream;
  /** Resolves when ffmpeg exits: null on a clean end, the stderr tail otherwise. */
  readonly exited: Promise<string | null>;
  stop(): void;
}

/**
 * A long-running ffmpeg that transcodes a live input on its stdin into MP3
 * mono for receivers, flushing every frame: a live broadcast must not wait
 * for ffmpeg's buffers. `paced`: a relayed source, which may arrive faster
 * than real time (a file served whole), is read at its own pace. Spawned
 * directly, as fluent-ffmpeg has no notion of a child that runs for hours.
 */
export function startLiveEncoder(opts: { paced?: boolean; bitrateKbps?: number; sampleRate?: number }): LiveEncoder {
  const { ffmpeg: bin } = ffmpegPaths();
  const args = [
    '-hide_banner', '-loglevel', 'error',
    '-fflags', '+nobuffer', '-probesize', '32768', '-analyzeduration', '0',
    ...(opts.paced ? ['-re'] : []), '-i', 'pipe:0',
    '-vn', '-ac', '1', '-ar', String(opts.sampleRate ?? 44100), '-c:a', 'libmp3lame', '-b:a', `${opts.bitrateKbps ?? 64}k`,
    '-flush_packets', '1', '-f', 'mp3', 'pipe:1',
  ];
  const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let tail = '';
  child.stderr!.on('data', (d: Buffer) => (tail = (tail + d.toString()).slice(-600)));
  // A client that hangs up mid-chunk must not crash the server with EPIPE.
  child.stdin!.on('error', () => {});
  const exited = new Promise<string | null>((resolve) => {
    child.once('error', (err) => resolve(`ffmpeg: ${err.message}`));
    child.once('exit', (code, signal) => resolve(code === 0 || signal === 'SIGTERM' ? null : `ffmpeg exited with ${code ?? signal}: ${tail.trim()}`));
  });
  return {
    input: child.stdin!,
    output: child.stdout!,
    exited,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}
