// Test-side ffmpeg: runs the binaries directly (not through src/audio/ffmpeg.ts)
// so the tests check the wrapper's work with an independent reading.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ffmpegPaths } from '../../src/audio/ffmpeg.js';

const exec = promisify(execFile);

/** Runs ffmpeg with `args`; returns stderr. */
export async function ffmpegCli(args: string[]): Promise<string> {
  const { stderr } = await exec(ffmpegPaths().ffmpeg, ['-hide_banner', '-nostdin', '-y', ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stderr;
}

/** Integrated loudness (LUFS) and true peak (dBTP) by ffmpeg's ebur128 filter. */
export async function ebur128(file: string): Promise<{ integrated: number; truePeak: number }> {
  const err = await ffmpegCli(['-nostats', '-i', file, '-af', 'ebur128=peak=true:framelog=verbose', '-f', 'null', '-']);
  const summary = err.slice(err.lastIndexOf('Summary:'));
  const i = /I:\s+(-?[\d.]+) LUFS/.exec(summary);
  const p = /Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(summary);
  if (!i || !p) throw new Error(`no ebur128 summary in:\n${err.slice(-800)}`);
  return { integrated: Number(i[1]), truePeak: p[1] === '-inf' ? -Infinity : Number(p[1]) };
}

export interface StreamInfo {
  format: string;
  codec: string;
  sampleRate: number;
  channels: number;
  durationS: number;
}

export async function ffprobeCli(file: string): Promise<StreamInfo> {
  const { stdout } = await exec(ffmpegPaths().ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file]);
  const j = JSON.parse(stdout) as { format: { format_name: string; duration: string }; streams: Array<{ codec_type: string; codec_name: string; sample_rate: string; channels: number }> };
  const a = j.streams.find((s) => s.codec_type === 'audio');
  if (!a) throw new Error(`${file} has no audio stream`);
  return { format: j.format.format_name, codec: a.codec_name, sampleRate: Number(a.sample_rate), channels: a.channels, durationS: Number(j.format.duration) };
}
