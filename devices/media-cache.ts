// Content-addressed media cache: `<cacheDir>/<sha256>.<format>`.
// Media URLs are immutable, so a file whose hash matches is reused across
// broadcasts and reboots. A fleet simulator shares one cache between all its
// agents, so a zone broadcast to 10k simulated receivers downloads once.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { get, NotHttpError } from './http-get.js';
import { pipeline } from 'node:stream/promises';
import type { MediaRef } from '../src/mqtt/protocol.js';

export interface MediaCacheOptions {
  /** Total size the cache is pruned back to after a download (default 1 GiB). */
  maxBytes?: number;
  /** Files used within this window are never pruned: they may be waiting for their startAt (default 24 h). */
  keepRecentMs?: number;
  /** Per-attempt download timeout (default 10 min: large files over a weak 4G link). */
  timeoutMs?: number;
  /** Attempts for network errors and HTTP 5xx; a hash mismatch or 4xx is never retried (default 3). */
  attempts?: number;
  /** Delay before the second attempt, doubled for each next one (default 1 s). */
  retryDelayMs?: number;
  /** PEM certificate(s) trusted for https:// media, e.g. the commune's own CA (`loa tls init`). */
  ca?: string | Buffer;
}

/** A download that must not be retried, e.g. hash mismatch or HTTP 404. */
export class MediaError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

const CACHE_FILE = /^[0-9a-f]{64}\.[a-z0-9]{1,8}$/;

export class MediaCache {
  private readonly inflight = new Map<string, Promise<string>>();
  /** Paths hashed since start: reused without re-reading the file. */
  private readonly verified = new Set<string>();
  private readonly maxBytes: number;
  private readonly keepRecentMs: number;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  private readonly ca: string | Buffer | undefined;
  /** Aborted by cancelDownloads(); a new one serves the downloads after it. */
  private aborter = new AbortController();

  constructor(
    readonly dir: string,
    options: MediaCacheOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 1024 ** 3;
    this.keepRecentMs = options.keepRecentMs ?? 24 * 3600_000;
    this.timeoutMs = options.timeoutMs ?? 10 * 60_000;
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.ca = options.ca;
  }

  /** Local path of the verified file, downloading it if needed. Concurrent calls share one download. */
  get(media: MediaRef): Promise<string> {
    // `format` comes off the wire and becomes part of a file name.
    const ext = /^[a-z0-9]{1,8}$/i.test(media.format) ? media.format.toLowerCase() : 'bin';
    const path = join(this.dir, `${media.sha256}.${ext}`);
    let pending = this.inflight.get(path);
    if (!pending) {
      pending = this.resolve(media, path, this.aborter.signal).finally(() => this.inflight.delete(path));
      this.inflight.set(path, pending);
    }
    return pending;
  }

  /**
   * Ends the downloads under way and waits until their partial files are
   * gone: a stopping receiver leaves nothing writing into its cache. Later
   * calls to get() download again.
   */
  async cancelDownloads(): Promise<void> {
    this.aborter.abort(new MediaError('download cancelled: the receiver is stopping', false));
    this.aborter = new AbortController();
    await Promise.allSettled([...this.inflight.values()]);
  }

  private async resolve(media: MediaRef, path: string, cancel: AbortSignal): Promise<string> {
    if (await this.reuse(media, path)) return path;
    await mkdir(this.dir, { recursive: true });
    for (let attempt = 1; ; attempt++) {
      try {
        cancel.throwIfAborted();
        await this.download(media, path, cancel);
        break;
      } catch (err) {
        const permanent = err instanceof MediaError && err.permanent;
        if (permanent || cancel.aborted || attempt >= this.attempts) throw err;
        await sleep(this.retryDelayMs * 2 ** (attempt - 1), undefined, { signal: cancel });
      }
    }
    this.verified.add(path);
    await this.prune(path);
    return path;
  }

  private async reuse(media: MediaRef, path: string): Promise<boolean> {
    const now = new Date();
    try {
      if (!this.verified.has(path)) {
        if ((await sha256File(path)) !== media.sha256) {
          await rm(path, { force: true });
          return false;
        }
        this.verified.add(path);
      }
      // mtime doubles as "last used", which is what pruning sorts on.
      await utimes(path, now, now);
      return true;
    } catch {
      this.verified.delete(path);
      return false;
    }
  }

  private async download(media: MediaRef, path: string, cancel: AbortSignal): Promise<void> {
    const res = await get(media.url, { ca: this.ca, signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), cancel]) }).catch((err: unknown) => {
      throw err instanceof NotHttpError ? new MediaError(`media ${err.message}`, true) : err;
    });
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300) {
      res.resume();
      throw new MediaError(`HTTP ${status} for media`, status >= 400 && status < 500);
    }
    const tmp = `${path}.${randomBytes(4).toString('hex')}.part`;
    const hash = createHash('sha256');
    let received = 0;
    try {
      await pipeline(
        res,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            received += chunk.length;
            // Stop a runaway body before it fills a small SD card.
            if (media.bytes > 0 && received > media.bytes) throw new MediaError(`media larger than ${media.bytes} bytes`, true);
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(tmp),
      );
      const actual = hash.digest('hex');
      if (actual !== media.sha256) throw new MediaError(`sha256 mismatch: expected ${media.sha256}, got ${actual}`, true);
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /** Deletes least recently used files beyond maxBytes, sparing recent ones and `justAdded`. */
  private async prune(justAdded: string): Promise<void> {
    const files: { path: string; size: number; mtimeMs: number }[] = [];
    for (const name of await readdir(this.dir)) {
      if (!CACHE_FILE.test(name)) continue;
      const path = join(this.dir, name);
      const s = await stat(path).catch(() => null);
      if (s) files.push({ path, size: s.size, mtimeMs: s.mtimeMs });
    }
    let total = files.reduce((sum, f) => sum + f.size, 0);
    const cutoff = Date.now() - this.keepRecentMs;
    for (const f of files.sort((a, b) => a.mtimeMs - b.mtimeMs)) {
      if (total <= this.maxBytes) break;
      if (f.path === justAdded || f.mtimeMs > cutoff) continue;
      await rm(f.path, { force: true });
      this.verified.delete(f.path);
      total -= f.size;
    }
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
