// The panel's files compressed: brotli when the browser takes it, else gzip,
// else as they are. Each file is compressed once per version (size and
// mtime) and kept in memory (the whole web/ directory is a few hundred KB);
// Cache-Control, ETag and Last-Modified work as for the plain file, each
// encoding with its own ETag, and Vary: Accept-Encoding tells caches apart.
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Request, RequestHandler, Response } from 'express';

const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.map']);
/** Smaller than this, compressing gains nothing worth a header. */
const MIN_BYTES = 512;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

type Encoding = 'br' | 'gzip';
interface Entry {
  size: number;
  mtimeMs: number;
  body: Promise<Buffer>;
}
const cache = new Map<string, Entry>();

function compress(file: string, encoding: Encoding, size: number, mtimeMs: number): Promise<Buffer> {
  const key = `${encoding}:${file}`;
  const hit = cache.get(key);
  if (hit && hit.size === size && hit.mtimeMs === mtimeMs) return hit.body;
  const body = fs.readFile(file).then((raw) =>
    encoding === 'br'
      ? brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } })
      : gzip(raw, { level: 9 }),
  );
  // A failed read is not kept: the next request tries again.
  body.catch(() => cache.get(key)?.body === body && cache.delete(key));
  cache.set(key, { size, mtimeMs, body });
  return body;
}

/** br when the request accepts it at least as well as gzip, else gzip if accepted; null: send it as it is. */
export function pickEncoding(req: Request): Encoding | null {
  const q: Record<string, number> = {};
  for (const part of (req.get('accept-encoding') ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    if (name) q[name.trim()] = Number.isFinite(value) ? value : 0;
  }
  const of = (name: string) => q[name] ?? q['*'] ?? 0;
  if (of('br') > 0 && of('br') >= of('gzip')) return 'br';
  return of('gzip') > 0 ? 'gzip' : null;
}

export interface SendOptions {
  /** Cache-Control max-age in seconds (ignored with cacheControl). */
  maxAgeS?: number;
  /** The whole Cache-Control header, e.g. 'no-store'. */
  cacheControl?: string;
  /** Content-Type; by default from the file's extension. */
  type?: string;
}

/**
 * Sends a file, compressed when the client accepts it and the file is text.
 * Returns false (nothing sent) when the file is not there, so the caller
 * can fall through.
 */
export async function sendFile(req: Request, res: Response, file: string, opts: SendOptions = {}): Promise<boolean> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) return false;
  const ext = path.extname(file).toLowerCase();
  const compressible = COMPRESSIBLE.has(ext);
  if (compressible) res.vary('Accept-Encoding');
  const encoding = compressible && stat.size >= MIN_BYTES ? pickEncoding(req) : null;
  const cacheControl = opts.cacheControl ?? `public, max-age=${opts.maxAgeS ?? 0}`;
  if (!encoding) {
    await new Promise<void>((resolve, reject) =>
      res.sendFile(file, { cacheControl: false, headers: { 'Cache-Control': cacheControl, ...(opts.type && { 'Content-Type': opts.type }) } }, (err) =>
        // A reader that went away mid-file is no error of ours.
        err && !res.headersSent ? reject(err) : resolve(),
      ),
    );
    return true;
  }
  const mtime = Math.floor(stat.mtimeMs);
  res.set({
    'Cache-Control': cacheControl,
    'Last-Modified': stat.mtime.toUTCString(),
    ETag: `W/"${stat.size.toString(16)}-${mtime.toString(16)}-${encoding}"`,
  });
  if (opts.type) res.set('Content-Type', opts.type);
  else res.type(ext);
  if (req.fresh) {
    res.status(304).end();
    return true;
  }
  const body = await compress(file, encoding, stat.size, stat.mtimeMs);
  res.set({ 'Content-Encoding': encoding, 'Content-Length': String(body.length) });
  if (req.method === 'HEAD') res.end();
  else res.end(body);
  return true;
}

/** The files under `root`, as express.static serves them (index.html for a directory), compressed when they can be. */
export function compressedStatic(root: string, opts: { maxAgeS: number; index?: string }): RequestHandler {
  const base = path.resolve(root);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let rel: string;
    try {
      rel = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    if (rel.includes('\0')) return next();
    if (rel.endsWith('/') && opts.index) rel += opts.index;
    const file = path.join(base, path.normalize(rel));
    // Nothing outside the directory, and no dotfiles (as express.static refuses them).
    if (!file.startsWith(base + path.sep) || file.slice(base.length).split(path.sep).some((part) => part.startsWith('.'))) return next();
    sendFile(req, res, file, { maxAgeS: opts.maxAgeS }).then((sent) => sent || next(), next);
  };
}
