import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioError, AudioPipeline } from '../../src/audio/pipeline.js';
import { buildWav, parseWav } from '../../src/audio/wav.js';
import { EspeakVoice } from '../../src/speech/voices/espeak.js';
import { ebur128, ffmpegCli, ffprobeCli } from './ffmpeg-cli.js';

const TEXT =
  'Thông báo của Ủy ban nhân dân xã. Từ ngày mười lăm tháng sáu, trạm y tế xã tổ chức tiêm phòng cho trẻ em dưới năm tuổi. ' +
  'Đề nghị các gia đình đưa con em đến đúng giờ, mang theo sổ tiêm chủng. Xin trân trọng cảm ơn bà con.';

let dir: string;
let pipeline: AudioPipeline;
let speechWav: string;
let speechSeconds: number;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-pipeline-'));
  pipeline = new AudioPipeline({ workDir: path.join(dir, 'work') });
  const { audio } = await new EspeakVoice('vi').synthesize(TEXT);
  // Two seconds of silence at each end, which the pipeline must trim.
  const pcm = parseWav(audio);
  const pad = Buffer.alloc(pcm.sampleRate * 2 * 2);
  speechWav = path.join(dir, 'speech.wav');
  await fs.writeFile(speechWav, buildWav({ ...pcm, data: Buffer.concat([pad, pcm.data, pad]) }));
  speechSeconds = pcm.data.length / 2 / pcm.sampleRate + 4;
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('AudioPipeline', () => {
  it('turns espeak Vietnamese speech into a -16 LUFS mono 44.1 kHz 64 kb/s MP3 with silence trimmed', async () => {
    expect(speechSeconds).toBeGreaterThan(14); // ≥ 10 s of speech for a meaningful integrated loudness
    const progress: number[] = [];
    const out = await pipeline.process(speechWav, { onProgress: (f) => progress.push(f) });

    const info = await ffprobeCli(out.path);
    expect(info.codec).toBe('mp3');
    expect(info.channels).toBe(1);
    expect(info.sampleRate).toBe(44100);
    const { size } = await fs.stat(out.path);
    const kbps = (size * 8) / info.durationS / 1000;
    expect(kbps).toBeGreaterThan(60);
    expect(kbps).toBeLessThan(68);

    const measured = await ebur128(out.path);
    expect(Math.abs(measured.integrated - -16)).toBeLessThanOrEqual(1);
    expect(measured.truePeak).toBeLessThanOrEqual(-1.0);
    // What the pipeline reports is what the file measures.
    expect(Math.abs(out.loudness.integrated - measured.integrated)).toBeLessThanOrEqual(0.2);

    // 4 s of padding removed, 2 × 0.15 s of breathing room kept.
    expect(info.durationS).toBeLessThan(speechSeconds - 3.4);
    expect(info.durationS).toBeGreaterThan(speechSeconds - 4.2);
    expect(Math.abs(out.durationMs / 1000 - info.durationS)).toBeLessThan(0.1);

    expect(out.peaks).toHaveLength(200);
    expect(Math.max(...out.peaks)).toBeGreaterThan(0.5);
    expect(Math.max(...out.peaks)).toBeLessThanOrEqual(1);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('gives the same bytes for the same input (content addressing depends on it)', async () => {
    const a = await pipeline.process(speechWav);
    const b = await pipeline.process(speechWav);
    expect(await fs.readFile(a.path)).toEqual(await fs.readFile(b.path));
  });

  it('brings a quiet stereo 48 kHz recording up to target too', async () => {
    const quiet = path.join(dir, 'quiet.wav');
    await ffmpegCli(['-i', speechWav, '-af', 'volume=-20dB', '-ac', '2', '-ar', '48000', quiet]);
    const out = await pipeline.process(quiet);
    const measured = await ebur128(out.path);
    expect(Math.abs(measured.integrated - -16)).toBeLessThanOrEqual(1);
    expect((await ffprobeCli(out.path)).channels).toBe(1);
  });

  it('rejects silence, non-audio and over-long input with a coded AudioError', async () => {
    const silent = path.join(dir, 'silent.wav');
    await ffmpegCli(['-f', 'lavfi', '-i', 'anullsrc=r=22050:cl=mono', '-t', '3', silent]);
    await expect(pipeline.process(silent)).rejects.toMatchObject({ code: 'silent' });

    const text = path.join(dir, 'note.mp3');
    await fs.writeFile(text, 'this is not audio\n'.repeat(50));
    const err = await pipeline.process(text).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AudioError);
    expect(err).toMatchObject({ code: 'not_audio' });

    await expect(pipeline.process(speechWav, { maxDurationMs: 5000 })).rejects.toMatchObject({ code: 'too_long' });
  });
});
