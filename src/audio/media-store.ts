// Content-addressed storage of broadcast-ready MP3s: the file name is its
// SHA-256, so a URL handed to a receiver can never change meaning and the
// same audio stored twice is one file and one row.
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import type { MediaRow } from '../db/schema.js';

export type MediaSource = 'tts' | 'upload' | 'recording' | 'live';

export interface MediaMeta {
  source: MediaSource;
  durationMs: number;
  originalName?: string;
  /** Where the untouched original was kept (recordings). */
  originalPath?: string;
  loudness?: { integrated: number; truePeak: number };
  peaks?: number[];
}

export interface MediaStore {
  /** Takes ownership of `file` (an MP3): it is moved into the store or deleted if already there. */
  put(file: string, meta: MediaMeta): Promise<MediaRow>;
  get(sha256: string): Promise<MediaRow | undefined>;
  filePath(sha256: string): string;
  /** Told of each media removed (a deleted zone's uploads), so what serves it stops at once. */
  onRemoved?(listener: (sha256: string) => void): void;
}

export const SHA256_RE = /^[0-9a-f]{64}$/;

/** Every column that names a media file: a media row any of them names is in use. */
const MEDIA_REFERENCES: ReadonlyArray<readonly [string, string]> = [
  ['broadcasts', 'media_sha256'],
  ['schedules', 'media_sha256'],
  ['occurrences', 'media_sha256'],
  ['bulletins', 'media_sha256'],
  ['live_sessions', 'recording_sha256'],
  ['speech_cache', 'media_sha256'],
  ['speech_jobs', 'media_sha256'],
];

export class LocalMediaStore implements MediaStore {
  readonly dir: string;
  private readonly db: Db;
  private readonly removedListeners: Array<(sha256: string) => void> = [];

  constructor(opts: { db: Db; dataDir: string }) {
    this.db = opts.db;
    this.dir = path.join(opts.dataDir, 'media');
  }

  filePath(sha256: string): string {
    if (!SHA256_RE.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.dir, `${sha256}.mp3`);
  }

  async get(sha256: string): Promise<MediaRow | undefined> {
    if (!SHA256_RE.test(sha256)) return undefined;
    return this.db.selectFrom('media').selectAll().where('sha256', '=', sha256).executeTakeFirst();
  }

  /**
   * Deletes the media (row, file, a recording's kept original) if nothing
   * refers to it: no broadcast, schedule, occurrence, bulletin, live session,
   * speech render or job. One statement decides, so a row that starts using
   * it meanwhile either keeps it or (a foreign key) fails the delete.
   */
  async removeIfUnused(sha256: string): Promise<boolean> {
    if (!SHA256_RE.test(sha256)) return false;
    const db = this.db as unknown as Kysely<any>;
    const row = await this.get(sha256);
    if (!row) return false;
    const res = await db
      .deleteFrom('media')
      .where('sha256', '=', sha256)
      .where((eb) => eb.and(MEDIA_REFERENCES.map(([table, column]) => eb.not(eb.exists(eb.selectFrom(table).select(sql`1`.as('x')).where(column, '=', sha256))))))
      .executeTakeFirst()
      .catch(() => ({ numDeletedRows: 0n }));
    if (res.numDeletedRows === 0n) return false;
    await fsp.rm(this.filePath(sha256), { force: true });
    if (row.original_path) await fsp.rm(row.original_path, { force: true });
    for (const l of this.removedListeners) l(sha256);
    return true;
  }

  onRemoved(listener: (sha256: string) => void): void {
    this.removedListeners.push(listener);
  }

  /** Removes files staged by a put that a crash interrupted; call before serving. */
  async sweepStaging(): Promise<void> {
    const names = await fsp.readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => n.endsWith('.tmp')).map((n) => fsp.rm(path.join(this.dir, n), { force: true })));
  }

  async put(file: string, meta: MediaMeta): Promise<MediaRow> {
    await fsp.mkdir(this.dir, { recursive: true });
    // Stage inside the media dir first: the final rename is then atomic on
    // the same file system, so a crash never leaves a half file under a
    // final name (only a .tmp file, which sweepStaging removes).
    const staged = path.join(this.dir, `.${crypto.randomUUID()}.tmp`);
    try {
      await moveFile(file, staged);
      const sha256 = await hashFile(staged);
      const final = this.filePath(sha256);
      const { size } = await fsp.stat(staged);
      if (fs.existsSync(final)) await fsp.rm(staged, { force: true });
      else await fsp.rename(staged, final);
      // The file exists before its row does, so a row always has a file.
      await this.db
        .insertInto('media')
        .values({
          sha256,
          format: 'mp3',
          bytes: size,
          duration_ms: meta.durationMs,
          loudness_i: meta.loudness?.integrated ?? null,
          true_peak: meta.loudness?.truePeak ?? null,
          source: meta.source,
          original_name: meta.originalName ?? null,
          original_path: meta.originalPath ?? null,
          peaks_json: meta.peaks ? JSON.stringify(meta.peaks) : null,
          created_at: nowIso(),
        })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      const row = await this.get(sha256);
      if (!row) throw new Error(`media ${sha256} vanished after insert`);
      return row;
    } finally {
      await fsp.rm(staged, { force: true });
    }
  }
}

async function moveFile(from: string, to: string): Promise<void> {
  try {
    await fsp.rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await fsp.copyFile(from, to);
    await fsp.rm(from, { force: true });
  }
}

async function hashFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}
