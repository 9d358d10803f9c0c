// Upgrades: a database with receivers and finished broadcasts from before
// 009_panel_paging gets their search text and counts filled in, on SQLite
// and on PostgreSQL.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/db/index.js';
import { createTestDatabase, postgresAvailable } from '../helpers/postgres.js';

const pgAvailable = await postgresAvailable();

async function upgrade(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  expect((await migrator.migrateTo('008_delivery_state_index')).error).toBeUndefined();
  const at = '2026-11-20T01:00:00.000Z';
  await db.insertInto('zones').values({ id: 'xa', name: 'Xã', parent_id: null, kind: 'commune', quiet_from: null, quiet_to: null, created_at: at }).execute();
  for (const [id, name] of [['rx-1', 'Loa Đông'], ['rx-2', 'Loa Tây']]) {
    await db.insertInto('receivers').values({ id, name, zone_id: 'xa', secret_hash: 'x', mosquitto_hash: null, volume: 70, online: 0, created_at: at }).execute();
  }
  for (const [id, status] of [['b-done', 'partial'], ['b-open', 'dispatched']]) {
    await db
      .insertInto('broadcasts')
      .values({ id, title: id, priority: 'normal', start_at: at, expires_at: at, repeat: 1, status, cmd_id: `cmd-${id}`, created_at: at, updated_at: at })
      .execute();
  }
  const delivery = (broadcast_id: string, receiver_id: string, state: string) => ({ broadcast_id, receiver_id, state, queued_at: at, updated_at: at });
  await db.insertInto('deliveries').values([delivery('b-done', 'rx-1', 'done'), delivery('b-done', 'rx-2', 'expired'), delivery('b-open', 'rx-1', 'received'), delivery('b-open', 'rx-2', 'done')]).execute();

  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  expect(await db.selectFrom('receivers').select(['id', 'search_text']).orderBy('id').execute()).toEqual([
    { id: 'rx-1', search_text: 'rx-1 loa dong' },
    { id: 'rx-2', search_text: 'rx-2 loa tay' },
  ]);
  // Only a final status has final counts.
  const counts = await db.selectFrom('broadcasts').select(['id', 'counts_json']).orderBy('id').execute();
  expect(counts.map((c) => [c.id, c.counts_json && JSON.parse(c.counts_json)])).toEqual([
    ['b-done', { done: 1, expired: 1 }],
    ['b-open', null],
  ]);
}

describe('migration 009_panel_paging', () => {
  it('fills in search text and final counts on SQLite', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-migrate-'));
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(path.join(dir, 'db.sqlite')) }) });
    try {
      await upgrade(db);
    } finally {
      await db.destroy();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!pgAvailable)('fills in search text and final counts on PostgreSQL', async () => {
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
