// HTTP for media: receivers download content-addressed MP3s (public: a
// SHA-256 URL is unguessable and the bytes behind it never change); officers
// upload files and browser recordings, which come back broadcast-ready.
import crypto from 'node:crypto';
import fs from 'node:fs';
import express, { type RequestHandler } from 'express';
import multer from 'multer';
import { AppError } from '../errors.js';
import type { Guard } from '../http/auth.js';
import type { MediaRow } from '../db/schema.js';
import { ingest, type Ingested } from './ingest.js';
import type { AudioPipeline } from './pipeline.js';
import { MediaServer } from './media-serve.js';
import type { MediaSource, MediaStore } from './media-store.js';
import { describeRoutes } from '../http/openapi.js';
import { storedMediaSchema, storedRecordingSchema } from './schemas.js';
import type { InFlight } from './in-flight.js';

export interface MediaLimits {
  maxUploadBytes: number;
  maxDurationMs: number;
}

export interface MediaRoutesDeps {
  store: MediaStore;
  pipeline: AudioPipeline;
  guard: Guard;
  limits: MediaLimits;
  /** Where recordings' untouched originals are kept (DATA_DIR/recordings). */
  recordingsDir: string;
  /** Told of every upload and recording with who made it (the uploader's scope owns it). */
  onStored?: (req: express.Request, sha256: string) => Promise<void>;
  /** The renders the server's stop waits for (src/audio/in-flight.ts). */
  renders?: InFlight;
}

export const mediaUrl = (sha256: string): string => `/media/${sha256}.mp3`;

export function createMediaRoutes(deps: MediaRoutesDeps): express.Router {
  const router = express.Router();

  const server = new MediaServer((sha256) => deps.store.filePath(sha256));
  deps.store.onRemoved?.((sha256) => server.forget(sha256));
  router.get('/media/:sha256.mp3', server.handle);

  const receive = uploadMiddleware(deps);
  const handle =
    (source: MediaSource): RequestHandler =>
    async (req, res) => {
      if (!req.file) throw new AppError('Thiếu tệp âm thanh trong trường "file" (no file in field "file")', 400, 'no_file');
      const file = req.file;
      const work = async () => {
        const done = await ingest(
          { store: deps.store, pipeline: deps.pipeline, maxDurationMs: deps.limits.maxDurationMs, signal: deps.renders?.signal },
          {
            file: file.path,
            source,
            originalName: file.originalname,
            keepOriginalIn: source === 'recording' ? deps.recordingsDir : undefined,
          },
        );
        await deps.onStored?.(req, done.row.sha256);
        return done;
      };
      const done = await (deps.renders ? deps.renders.run(work) : work()).catch(async (err: unknown) => {
        await fs.promises.rm(file.path, { force: true });
        throw err;
      });
      res.status(201).json({ ...describe(done), ...(source === 'recording' && { previewUrl: mediaUrl(done.row.sha256) }) });
    };
  router.post('/api/v1/media', deps.guard('media:upload'), receive, handle('upload'));
  router.post('/api/v1/recordings', deps.guard('media:upload'), receive, handle('recording'));
  describeRoutes(router, {
    'POST /api/v1/media': { summary: 'Upload an audio file (multipart, field "file"): it comes back broadcast-ready', response: storedMediaSchema, status: 201 },
    'POST /api/v1/recordings': { summary: 'Upload a browser recording (multipart, field "file")', response: storedRecordingSchema, status: 201 },
  });

  return router;
}

// Multipart straight to disk in the pipeline's work dir (never in memory),
// one file, capped at the upload limit; multer deletes partial files itself.
function uploadMiddleware(deps: MediaRoutesDeps): RequestHandler {
  const storage = multer.diskStorage({
    destination: (_req, _file, cb) => {
      fs.promises.mkdir(deps.pipeline.workDir, { recursive: true }).then(() => cb(null, deps.pipeline.workDir), (err: Error) => cb(err, ''));
    },
    filename: (_req, _file, cb) => cb(null, `upload-${crypto.randomUUID()}`),
  });
  const single = multer({ storage, limits: { fileSize: deps.limits.maxUploadBytes, files: 1, fields: 20 } }).single('file');
  const maxMb = Math.round(deps.limits.maxUploadBytes / 1024 / 1024);
  return (req, res, next) => {
    single(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') return next(new AppError(`Tệp lớn hơn giới hạn ${maxMb} MB (file too large)`, 413, 'too_large'));
        return next(new AppError(`Dữ liệu gửi lên không hợp lệ: ${err.message} (bad multipart upload)`, 400, 'bad_upload'));
      }
      // The form parser's own complaints (no boundary, a malformed part
      // header, the body ending mid-part) are the sender's: a 400, not a 500.
      // Only the disk's errors (they name a system call) are the server's.
      if (err instanceof Error && !(err as NodeJS.ErrnoException).syscall) {
        return next(new AppError(`Dữ liệu gửi lên không phải biểu mẫu multipart hợp lệ, hãy gửi tệp trong trường "file" (malformed multipart upload: ${err.message})`, 400, 'bad_upload'));
      }
      next(err);
    });
  };
}

function describe(done: Ingested): Record<string, unknown> {
  const row: MediaRow = done.row;
  return {
    sha256: row.sha256,
    durationMs: row.duration_ms,
    bytes: Number(row.bytes),
    format: row.format,
    loudness: done.loudness,
    url: mediaUrl(row.sha256),
    peaks: done.peaks,
  };
}
