// The store suites on PostgreSQL: one throwaway database for this file,
// emptied before each test. Skipped, with a warning, when no server answers.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src/db/index.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../helpers/postgres.js';
import { storeSuites } from './all.js';

const available = await postgresAvailable();

describe.skipIf(!available)('PostgreSQL', () => {
  let testDb: TestDatabase;
  let opened: OpenedDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    opened = await openDatabase({ dataDir: '', databaseUrl: testDb.url });
  });
  afterAll(async () => {
    await opened?.close();
    await testDb?.drop();
  });

  storeSuites(async () => {
    const { rows } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(opened.db);
    await sql.raw(`TRUNCATE ${rows.map((r) => `"${r.name}"`).join(', ')} RESTART IDENTITY CASCADE`).execute(opened.db);
    return opened.db;
  });
});
