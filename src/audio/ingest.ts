// Audio brought in by people (uploads, browser recordings): check it is a
// kind we take, run the pipeline, keep the original if asked, store. Every
// failure leaves nothing behind, so a bad upload can be retried as is.
import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';
import { probe } from './ffmpeg.js';
import type { MediaRow } from '../db/schema.js';
import type { MediaSource, MediaStore } from './media-store.js';
import { AudioError, MIN_SOUND_SECONDS, type AudioPipeline, type PipelineResult } from './pipeline.js';

// ffprobe container name → the extension a kept original gets. Anything else
// (video containers, images, ANSI art…) is refused even if ffmpeg reads it.
const ACCEPTED: ReadonlyArray<[RegExp, string]> = [
  [/^mp3$/, 'mp3'],
  [/^wav$/, 'wav'],
  [/^flac$/, 'flac'],
  [/^ogg$/, 'ogg'],
  [/^aac$/, 'aac'],
  [/^matroska,webm$/, 'webm'],
  [/^mov,mp4,m4a/, 'm4a'],
];

export interface IngestDeps {
  store: MediaStore;
  pipeline: AudioPipeline;
  maxDurationMs: number;
  /** Kills the pipeline's ffmpeg when aborted (src/audio/in-flight.ts). */
  signal?: AbortSignal;
}

export interface IngestRequest {
  /** A temporary file; always deleted when ingest returns or throws. */
  file: string;
  source: MediaSource;
  originalName?: string;
  /** Keep the untouched original in this directory (recordings). */
  keepOriginalIn?: string;
}

export interface Ingested {
  row: MediaRow;
  loudness: PipelineResult['loudness'];
  peaks: number[];
}

export async function ingest(deps: IngestDeps, req: IngestRequest): Promise<Ingested> {
  let kept: string | undefined;
  let result: PipelineResult | undefined;
  try {
    const { size } = await fsp.stat(req.file);
    if (size === 0) throw new AppError('Tệp trống, không có dữ liệu âm thanh (the file is empty)', 400, 'empty');
    const info = await probe(req.file).catch(() => {
      throw new AppError('Tệp không phải âm thanh hoặc đã hỏng (not a readable audio file)', 415, 'not_audio');
    });
    const ext = ACCEPTED.find(([re]) => re.test(info.container))?.[1];
    if (!ext) {
      throw new AppError(
        `Định dạng "${info.container}" không được hỗ trợ; hãy dùng MP3, WAV, M4A/AAC, OGG/Opus, WebM hoặc FLAC (unsupported format)`,
        415,
        'unsupported_format',
      );
    }
    result = await deps.pipeline.process(req.file, { maxDurationMs: deps.maxDurationMs, signal: deps.signal }).catch((err: unknown) => {
      throw err instanceof AudioError ? audioErrorToHttp(err, deps.maxDurationMs) : err;
    });
    if (req.keepOriginalIn) {
      await fsp.mkdir(req.keepOriginalIn, { recursive: true });
      kept = path.join(req.keepOriginalIn, `${crypto.randomUUID()}.${ext}`);
      await fsp.copyFile(req.file, kept);
    }
    const row = await deps.store.put(result.path, {
      source: req.source,
      durationMs: result.durationMs,
      originalName: req.originalName,
      originalPath: kept,
      loudness: result.loudness,
      peaks: result.peaks,
    });
    // Identical audio stored before keeps its own original; ours is surplus.
    if (row.original_path === kept) kept = undefined;
    return { row, loudness: result.loudness, peaks: result.peaks };
  } finally {
    await fsp.rm(req.file, { force: true });
    if (result) await fsp.rm(result.path, { force: true });
    if (kept) await fsp.rm(kept, { force: true });
  }
}

function audioErrorToHttp(err: AudioError, maxDurationMs: number): AppError {
  switch (err.code) {
    case 'too_long':
      return new AppError(`Âm thanh dài quá ${Math.round(maxDurationMs / 1000)} giây cho phép (${err.message})`, 422, 'too_long');
    case 'too_short':
      return new AppError(`Âm thanh quá ngắn, dưới ${String(MIN_SOUND_SECONDS).replace('.', ',')} giây: không nghe rõ được (${err.message})`, 422, 'too_short');
    case 'silent':
      return new AppError('Tệp chỉ có im lặng, không nghe thấy gì (the audio is silent)', 422, 'silent');
    case 'not_audio':
      return new AppError('Tệp âm thanh bị hỏng, không giải mã được (the audio cannot be decoded)', 415, 'not_audio');
  }
}
