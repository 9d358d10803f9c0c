// Opens the store: SQLite (the commune default) or PostgreSQL (DATABASE_URL),
// both through Kysely so every feature store is written once.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './schema.js';
import { QueuedSqliteDialect } from './sqlite-driver.js';
import * as m001 from './migrations/001_foundation.js';
import * as m002 from './migrations/002_audio.js';
import * as m003 from './migrations/003_scheduling.js';
import * as m004 from './migrations/004_panel.js';
import * as m005 from './migrations/005_scale.js';
import * as m006 from './migrations/006_lexicon.js';
import * as m007 from './migrations/007_leases.js';
import * as m008 from './migrations/008_delivery_state_index.js';
import * as m009 from './migrations/009_panel_paging.js';
import * as m010 from './migrations/010_controls_and_recovery.js';
import * as m012 from './migrations/012_tenancy.js';
import * as m013 from './migrations/013_bulletins.js';
import * as m014 from './migrations/014_live.js';
import * as m015 from './migrations/015_voices.js';
import * as m016 from './migrations/016_alert_incidents.js';
import * as m017 from './migrations/017_speech_jobs.js';
import * as m018 from './migrations/018_live_instances.js';
import * as m019 from './migrations/019_schedule_rate.js';
import * as m020 from './migrations/020_bulletin_withdrawal.js';
import * as m021 from './migrations/021_revisions.js';
import * as m022 from './migrations/022_rate_limits.js';
import * as m023 from './migrations/023_live_owner.js';

export type Db = Kysely<Database>;
export type DialectName = 'sqlite' | 'postgres';

const migrations: Record<string, Migration> = {
  '001_foundation': m001,
  '002_audio': m002,
  '003_scheduling': m003,
  '004_panel': m004,
  '005_scale': m005,
  '006_lexicon': m006,
  '007_leases': m007,
  '008_delivery_state_index': m008,
  '009_panel_paging': m009,
  '010_controls_and_recovery': m010,
  '012_tenancy': m012,
  '013_bulletins': m013,
  '014_live': m014,
  '015_voices': m015,
  '016_alert_incidents': m016,
  '017_speech_jobs': m017,
  '018_live_instances': m018,
  '019_schedule_rate': m019,
  '020_bulletin_withdrawal': m020,
  '021_revisions': m021,
  '022_rate_limits': m022,
  '023_live_owner': m023,
};

/** Every migration, in order (tests migrate part of the way to check an upgrade). */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};

export interface OpenedDatabase {
  db: Db;
  dialect: DialectName;
  describe: string;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openDatabase(opts: { dataDir: string; databaseUrl?: string; sqliteFile?: string }): Promise<OpenedDatabase> {
  let db: Db;
  let dialect: DialectName;
  let describe: string;
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10, types: { getTypeParser: pgTypeParser } });
    // An idle connection the server dropped (restart, failover) is replaced on
    // the next query; unheard, the pool's 'error' event would crash the process.
    pool.on('error', () => {});
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    dialect = 'postgres';
    describe = `PostgreSQL ${redactUrl(opts.databaseUrl)}`;
  } else {
    const file = opts.sqliteFile ?? sqliteFile(opts.dataDir);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const sqlite = new SQLite(file);
    // WAL lets the panel read while dispatch writes; busy_timeout rides out
    // the short write locks instead of failing.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    db = new Kysely<Database>({ dialect: new QueuedSqliteDialect(sqlite) });
    dialect = 'sqlite';
    describe = `SQLite ${file}`;
  }
  await migrate(db);
  return {
    db,
    dialect,
    describe,
    async ping() {
      try {
        await db.selectFrom('settings').select('key').limit(1).execute();
        return true;
      } catch {
        return false;
      }
    },
    close: () => db.destroy(),
  };
}

export async function migrate(db: Db): Promise<void> {
  // Numbers are reserved per feature and land in any order: a database that
  // already ran a later one still gets an earlier one merged after it.
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// pg hands bigint (media.bytes, count(*)) back as a string to be safe past
// 2^53; our bigints are byte sizes and row counts, far below it, and SQLite
// returns them as numbers, so parse them as numbers here too.
const PG_INT8 = 20;
const pgTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === PG_INT8 && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/** Where the SQLite database lives in DATA_DIR (backups need the file itself). */
export const sqliteFile = (dataDir: string): string => path.join(dataDir, 'loa-lang.sqlite');

export const nowIso = (): string => new Date().toISOString();
