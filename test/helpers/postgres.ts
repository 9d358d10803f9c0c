// A throwaway PostgreSQL database per test file, created through the `test`
// database of the local server (LOA_TEST_PG_URL) and dropped afterwards.
import crypto from 'node:crypto';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.LOA_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** False (with a visible warning) when no PostgreSQL answers: the caller skips its PostgreSQL tests. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch (err) {
    console.warn(`\n  ⚠ PostgreSQL tests SKIPPED: cannot reach ${PG_ADMIN_URL} (${(err as Error).message}). Start PostgreSQL (see .ci/run) to run them.\n`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `loa_test_${crypto.randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE: a pool a failed test left open must not keep the database alive.
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
