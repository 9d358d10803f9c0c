// HTTP for media: receivers download content-addressed MP3s (public: a
// SHA-256 URL is unguessable and the bytes behind it never change).
import fs from 'node:fs';
import express from 'express';
import type { Guard } from '../http/auth.js';
import type { AudioPipeline } from './pipeline.js';
import { SHA256_RE, type MediaStore } from './media-store.js';

export interface MediaLimits {
  maxUploadBytes: number;
  maxDurationMs: number;
}

export interface MediaRoutesDeps {
  store: MediaStore;
  pipeline: AudioPipeline;
  guard: Guard;
  limits: MediaLimits;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
const CACHE_CONTROL = 'public, max-age=31536000, immutable';

export function createMediaRoutes(deps: MediaRoutesDeps): express.Router {
  const router = express.Router();

  router.get('/media/:sha256.mp3', (req, res, next) => {
    const sha256 = req.params.sha256;
    if (!SHA256_RE.test(sha256)) {
      res.status(404).json({ error: 'Không tìm thấy tệp âm thanh (no such media)', code: 'not_found' });
      return;
    }
    const file = deps.store.filePath(sha256);
    const etag = `"${sha256}"`;
    // Answered here rather than by send, which ignores If-None-Match when the
    // request also says "Cache-Control: no-cache" (as fetch() does); an origin
    // server may still revalidate, and the bytes behind a hash never change.
    if (etagMatches(req.headers['if-none-match'], sha256) && fs.existsSync(file)) {
      res.status(304).set({ ETag: etag, 'Cache-Control': CACHE_CONTROL }).end();
      return;
    }
    // send handles Range (206) and If-Range against the ETag set here: the
    // content hash, strong, the same on every server.
    res.sendFile(
      file,
      {
        etag: false,
        lastModified: false,
        maxAge: YEAR_MS,
        immutable: true,
        headers: { ETag: etag, 'Content-Type': 'audio/mpeg' },
      },
      (err?: NodeJS.ErrnoException & { status?: number }) => {
        if (!err) return;
        if (err.status === 404 && !res.headersSent) {
          res.status(404).json({ error: 'Không tìm thấy tệp âm thanh (no such media)', code: 'not_found' });
        } else if (!res.headersSent) {
          next(err);
        }
      },
    );
  });

  return router;
}

function etagMatches(header: string | undefined, sha256: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === `"${sha256}"`;
  });
}
