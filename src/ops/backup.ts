// `loa backup --out FILE` and `loa restore --from FILE`: the database and the
// audio (DATA_DIR/media, DATA_DIR/recordings) in one tar file.
//   SQLite      an online backup (better-sqlite3's .backup(): consistent
//               while the server keeps writing, WAL included)
//   PostgreSQL  pg_dump --format=custom / pg_restore (postgresql-client of
//               the server's major version must be installed)
// Restore into a stopped server: it replaces the database and adds the files.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { loadConfig, type Config } from '../config.js';
import { sqliteFile } from '../db/index.js';

const run = promisify(execFile);
const MANIFEST = 'loa-backup.json';
const FORMAT = 1;
/** The folders of DATA_DIR that hold what cannot be recreated. */
const AUDIO_DIRS = ['media', 'recordings'];

interface Manifest {
  format: number;
  createdAt: string;
  database: 'sqlite' | 'postgres';
  dirs: string[];
}

export interface BackupResult {
  file: string;
  database: Manifest['database'];
  dirs: string[];
  bytes: number;
}

export async function backup(config: Config, out: string): Promise<BackupResult> {
  const file = path.resolve(out);
  const staging = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-backup-'));
  try {
    const database: Manifest['database'] = config.databaseUrl ? 'postgres' : 'sqlite';
    if (config.databaseUrl) {
      await tool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${path.join(staging, 'database.pgdump')}`, `--dbname=${config.databaseUrl}`]);
    } else {
      const source = sqliteFile(config.dataDir);
      await fs.access(source).catch(() => {
        throw new Error(`no database at ${source}: is DATA_DIR right?`);
      });
      const db = new SQLite(source, { fileMustExist: true });
      try {
        await db.backup(path.join(staging, 'database.sqlite'));
      } finally {
        db.close();
      }
    }
    const dirs: string[] = [];
    for (const d of AUDIO_DIRS) if (await isDir(path.join(config.dataDir, d))) dirs.push(d);
    const manifest: Manifest = { format: FORMAT, createdAt: new Date().toISOString(), database, dirs };
    await fs.writeFile(path.join(staging, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    await fs.mkdir(path.dirname(file), { recursive: true });
    // Written aside and renamed: a backup file that exists is a whole one.
    const partial = `${file}.partial`;
    const members = [MANIFEST, database === 'postgres' ? 'database.pgdump' : 'database.sqlite'];
    // Media files being stored right now are dot-files until renamed into place.
    await tool('tar', ['-cf', partial, '--exclude=.*', '-C', staging, ...members, ...(dirs.length ? ['-C', config.dataDir, ...dirs] : [])]);
    await fs.rename(partial, file);
    return { file, database, dirs, bytes: (await fs.stat(file)).size };
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

export interface RestoreResult {
  database: Manifest['database'];
  createdAt: string;
  files: number;
}

export async function restore(config: Config, from: string): Promise<RestoreResult> {
  const staging = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-restore-'));
  try {
    await tool('tar', ['-xf', path.resolve(from), '-C', staging]);
    const manifest = JSON.parse(await fs.readFile(path.join(staging, MANIFEST), 'utf8').catch(() => '{}')) as Partial<Manifest>;
    if (manifest.format !== FORMAT) throw new Error(`${from} is not a Loa Làng backup (format ${FORMAT})`);
    const target: Manifest['database'] = config.databaseUrl ? 'postgres' : 'sqlite';
    if (manifest.database !== target) {
      throw new Error(`${from} holds a ${manifest.database} database but this server uses ${target} (${config.databaseUrl ? 'DATABASE_URL is set' : 'DATABASE_URL is not set'})`);
    }
    if (config.databaseUrl) {
      await tool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', `--dbname=${config.databaseUrl}`, path.join(staging, 'database.pgdump')]);
    } else {
      const dest = sqliteFile(config.dataDir);
      await fs.mkdir(config.dataDir, { recursive: true });
      const incoming = `${dest}.restoring`;
      await fs.copyFile(path.join(staging, 'database.sqlite'), incoming);
      // A WAL left by the old database would be replayed onto the restored one.
      for (const suffix of ['-wal', '-shm']) await fs.rm(dest + suffix, { force: true });
      await fs.rename(incoming, dest);
    }
    let files = 0;
    for (const d of manifest.dirs ?? []) files += await mergeDir(path.join(staging, d), path.join(config.dataDir, d));
    return { database: target, createdAt: manifest.createdAt ?? '?', files };
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/** Moves every file of `from` into `to` (media is content-addressed: a file of the same name is the same audio). */
async function mergeDir(from: string, to: string): Promise<number> {
  let n = 0;
  await fs.mkdir(to, { recursive: true });
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) n += await mergeDir(src, dst);
    else {
      await fs.copyFile(src, dst);
      n++;
    }
  }
  return n;
}

async function isDir(p: string): Promise<boolean> {
  return (await fs.stat(p).catch(() => null))?.isDirectory() ?? false;
}

async function tool(cmd: string, args: string[]): Promise<void> {
  try {
    await run(cmd, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${cmd} not found${cmd.startsWith('pg_') ? ': install postgresql-client of the same major version as the server' : ''}`);
    throw new Error(`${cmd} failed: ${(e.stderr || e.message).trim()}`);
  }
}

export async function backupCli(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  if (!values.out) throw new Error('usage: loa backup --out FILE');
  const r = await backup(loadConfig(), values.out);
  process.stdout.write(`${r.file}: ${r.database} database + ${r.dirs.join(', ') || 'no media yet'} (${(r.bytes / 1e6).toFixed(1)} MB)\n`);
}

export async function restoreCli(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' } } });
  if (!values.from) throw new Error('usage: loa restore --from FILE   (stop the server first)');
  const r = await restore(loadConfig(), values.from);
  process.stdout.write(`restored the ${r.database} database of ${r.createdAt} and ${r.files} media files\n`);
}
