// 010_controls_and_recovery on a database that has already run later
// migrations (numbers are reserved per feature and merged in any order):
// existing receivers keep their reported volume, have no chosen one yet and
// the `auto` amplifier policy; broadcasts are neither stopped nor replays.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationProvider } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate, migrationProvider } from '../../src/db/index.js';
import { createTestDatabase, postgresAvailable } from '../helpers/postgres.js';

const pgAvailable = await postgresAvailable();

async function upgrade(db: Kysely<any>): Promise<void> {
  const all = await migrationProvider.getMigrations();
  const without010: MigrationProvider = { getMigrations: async () => Object.fromEntries(Object.entries(all).filter(([name]) => !name.startsWith('010_'))) };
  expect((await new Migrator({ db, provider: without010 }).migrateToLatest()).error).toBeUndefined();
  const at = '2026-11-20T01:00:00.000Z';
  await db.insertInto('zones').values({ id: 'xa', name: 'Xã', parent_id: null, kind: 'commune', quiet_from: null, quiet_to: null, created_at: at }).execute();
  await db.insertInto('receivers').values({ id: 'rx-1', name: 'Loa Đông', zone_id: 'xa', secret_hash: 'x', mosquitto_hash: null, volume: 55, online: 0, created_at: at }).execute();
  await db
    .insertInto('broadcasts')
    .values({ id: 'b-1', title: 'Tin', priority: 'normal', start_at: at, expires_at: at, repeat: 1, status: 'done', cmd_id: 'cmd-b-1', created_at: at, updated_at: at })
    .execute();

  await migrate(db);
  expect(await db.selectFrom('receivers').select(['volume', 'volume_set', 'power_set', 'amp_policy']).executeTakeFirst()).toEqual({ volume: 55, volume_set: null, power_set: null, amp_policy: 'auto' });
  expect(await db.selectFrom('broadcasts').select(['stopped_by', 'stopped_at', 'replay_of']).executeTakeFirst()).toEqual({ stopped_by: null, stopped_at: null, replay_of: null });
  await db.insertInto('power_schedules').values({ zone_id: 'xa', on_at: '05:00', off_at: '22:00' }).execute();
  // A zone's hours go with the zone.
  await db.deleteFrom('receivers').execute();
  await db.deleteFrom('zones').where('id', '=', 'xa').execute();
  expect(await db.selectFrom('power_schedules').selectAll().execute()).toEqual([]);
}

describe('migration 010_controls_and_recovery after later ones', () => {
  it('adds the chosen controls and the stop/replay links on SQLite', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-migrate-'));
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(path.join(dir, 'db.sqlite')) }) });
    try {
      await upgrade(db);
    } finally {
      await db.destroy();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!pgAvailable)('adds the chosen controls and the stop/replay links on PostgreSQL', async () => {
    const testDb = await createTestDatabase();
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: testDb.url }) }) });
    try {
      await upgrade(db);
    } finally {
      await db.destroy();
      await testDb.drop();
    }
  });
});
