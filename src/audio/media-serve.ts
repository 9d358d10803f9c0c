// Receivers' downloads of /media/<sha256>.mp3. A zone command sends a whole
// commune after the same file at the same moment, and the bytes behind a
// hash never change: so announcement-sized files are answered from memory
// (read once, headers built once), without a stat, an open or a stream per
// request. Range requests and files too big to keep go through `send`,
// which handles Range and If-Range.
import fsp from 'node:fs/promises';
import type { NextFunction, Request, Response } from 'express';
import { SHA256_RE } from './media-store.js';

const YEAR_MS = 365 * 24 * 3600 * 1000;
export const CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Files up to this size are kept in memory… */
const MAX_CACHED_FILE = 8 * 1024 * 1024;
/** …up to this much in all, least recently used dropped first. */
const MAX_CACHED_BYTES = 64 * 1024 * 1024;
const NOT_FOUND = JSON.stringify({ error: 'Không tìm thấy tệp âm thanh (no such media)', code: 'not_found' });

interface Cached {
  body: Buffer;
  headers: Record<string, string>;
  /** When the file was last seen on disk: a file removed (a deleted zone's upload, through another instance too) is not served from memory for long. */
  seenAt: number;
}

/** A file kept in memory is looked for on disk again at most this often. */
const RECHECK_MS = 10_000;

export class MediaServer {
  private readonly cache = new Map<string, Cached>();
  private cachedBytes = 0;
  private readonly reading = new Map<string, Promise<Cached | 'missing' | 'large'>>();

  constructor(private readonly filePath: (sha256: string) => string) {}

  /** The Express handler for GET/HEAD /media/:sha256.mp3. */
  readonly handle = (req: Request, res: Response, next: NextFunction): void => {
    const sha256 = String(req.params.sha256 ?? '');
    if (!SHA256_RE.test(sha256)) return notFound(res);
    void this.serve(sha256, req, res).catch(next);
  };

  private async serve(sha256: string, req: Request, res: Response): Promise<void> {
    if (req.headers.range) return this.sendFile(sha256, req, res);
    let hit = this.cache.get(sha256) ?? (await this.load(sha256));
    if (typeof hit === 'object' && Date.now() - hit.seenAt > RECHECK_MS) {
      if (await exists(this.filePath(sha256))) hit.seenAt = Date.now();
      else {
        this.forget(sha256);
        hit = 'missing';
      }
    }
    if (hit === 'large') return this.sendFile(sha256, req, res);
    if (hit === 'missing') return notFound(res);
    // Answered here rather than by send, which ignores If-None-Match when the
    // request also says "Cache-Control: no-cache" (as fetch() does); an origin
    // server may still revalidate, and the bytes behind a hash never change.
    if (etagMatches(req.headers['if-none-match'], sha256)) {
      res.writeHead(304, { ETag: hit.headers.ETag!, 'Cache-Control': CACHE_CONTROL }).end();
      return;
    }
    // Straight onto the socket: the headers were built once.
    res.writeHead(200, hit.headers).end(hit.body);
  }

  /** Drops a file from memory (it was removed). */
  forget(sha256: string): void {
    const entry = this.cache.get(sha256);
    if (!entry) return;
    this.cache.delete(sha256);
    this.cachedBytes -= entry.body.length;
  }

  /** One read per file however many ask for it at once. */
  private load(sha256: string): Promise<Cached | 'missing' | 'large'> {
    let pending = this.reading.get(sha256);
    if (!pending) {
      pending = this.read(sha256).finally(() => this.reading.delete(sha256));
      this.reading.set(sha256, pending);
    }
    return pending;
  }

  private async read(sha256: string): Promise<Cached | 'missing' | 'large'> {
    const file = this.filePath(sha256);
    const stat = await fsp.stat(file).catch(() => null);
    if (!stat?.isFile()) return 'missing';
    if (stat.size > MAX_CACHED_FILE) return 'large';
    const body = await fsp.readFile(file).catch(() => null);
    if (!body) return 'missing';
    const entry: Cached = {
      body,
      headers: {
        'Content-Type': 'audio/mpeg',
        'Content-Length': String(body.length),
        ETag: `"${sha256}"`,
        'Cache-Control': CACHE_CONTROL,
        'Accept-Ranges': 'bytes',
      },
      seenAt: Date.now(),
    };
    this.cache.set(sha256, entry);
    this.cachedBytes += body.length;
    for (const [key, old] of this.cache) {
      if (this.cachedBytes <= MAX_CACHED_BYTES) break;
      this.cache.delete(key);
      this.cachedBytes -= old.body.length;
    }
    return entry;
  }

  private sendFile(sha256: string, req: Request, res: Response): Promise<void> {
    const file = this.filePath(sha256);
    const etag = `"${sha256}"`;
    return new Promise((resolve, reject) => {
      if (etagMatches(req.headers['if-none-match'], sha256)) {
        void exists(file).then((found) => {
          if (found) res.status(304).set({ ETag: etag, 'Cache-Control': CACHE_CONTROL }).end();
          else notFound(res);
          resolve();
        }, reject);
        return;
      }
      // send handles Range (206) and If-Range against the ETag set here: the
      // content hash, strong, the same on every server.
      res.sendFile(
        file,
        { etag: false, lastModified: false, maxAge: YEAR_MS, immutable: true, headers: { ETag: etag, 'Content-Type': 'audio/mpeg' } },
        (err?: NodeJS.ErrnoException & { status?: number }) => {
          if (!err) return resolve();
          if (res.headersSent) return resolve();
          if (err.status === 404) {
            notFound(res);
            return resolve();
          }
          reject(err);
        },
      );
    });
  }
}

function notFound(res: Response): void {
  res.status(404).type('json').send(NOT_FOUND);
}

async function exists(file: string): Promise<boolean> {
  return fsp.access(file).then(
    () => true,
    () => false,
  );
}

function etagMatches(header: string | undefined, sha256: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === `"${sha256}"`;
  });
}
