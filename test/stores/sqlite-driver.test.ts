// The SQLite driver under a burst: thousands of queries waiting for the one
// connection at once (a 10k fan-out's acks) are served in order, with work
// that grows linearly, and transactions still hold the connection alone.
import { createHook } from 'node:async_hooks';
import SQLite from 'better-sqlite3';
import { Kysely, sql, type Generated } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueuedSqliteDialect } from '../../src/db/sqlite-driver.js';

interface Db {
  log: { seq: Generated<number>; n: number };
}

describe('QueuedSqliteDialect', () => {
  let db: Kysely<Db>;

  beforeEach(async () => {
    db = new Kysely<Db>({ dialect: new QueuedSqliteDialect(new SQLite(":memory:")) });
    await sql`create table log (seq integer primary key autoincrement, n integer not null)`.execute(db);
  });
  afterEach(() => db.destroy());

  it('serves concurrent queries in the order they were asked', async () => {
    const n = 2000;
    await Promise.all(Array.from({ length: n }, (_, i) => db.insertInto('log').values({ n: i }).execute()));
    const rows = await db.selectFrom('log').select('n').orderBy('seq').execute();
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('creates a bounded number of promises per waiting query, not one per waiter per release', async () => {
    const n = 3000;
    let promises = 0;
    const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && promises++) }).enable();
    try {
      await Promise.all(Array.from({ length: n }, (_, i) => db.selectFrom('log').select('n').where('n', '=', i).execute()));
    } finally {
      hook.disable();
    }
    // Kysely's own mutex wakes every waiter on each release: about n²/2 (4.5 million here).
    expect(promises).toBeLessThan(100 * n);
  });

  it('keeps the connection for a transaction until it ends, and rolls back on error', async () => {
    const order: string[] = [];
    const tx = db.transaction().execute(async (trx) => {
      await trx.insertInto('log').values({ n: 1 }).execute();
      // Outside queries asked now must wait for the commit.
      void db.selectFrom('log').select('n').execute().then((rows) => order.push(`outside saw ${rows.length}`));
      await new Promise((r) => setTimeout(r, 20));
      await trx.insertInto('log').values({ n: 2 }).execute();
      order.push('commit');
    });
    await tx;
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(['commit', 'outside saw 2']);

    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('log').values({ n: 3 }).execute();
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect((await db.selectFrom('log').select('n').orderBy('seq').execute()).map((r) => r.n)).toEqual([1, 2]);
  });

  it('reports changed rows and reuses prepared statements across queries', async () => {
    await db.insertInto('log').values([{ n: 1 }, { n: 1 }, { n: 2 }]).execute();
    const res = await db.updateTable('log').set({ n: 5 }).where('n', '=', 1).executeTakeFirst();
    expect(res.numUpdatedRows).toBe(2n);
    const again = await db.updateTable('log').set({ n: 6 }).where('n', '=', 2).executeTakeFirst();
    expect(again.numUpdatedRows).toBe(1n);
    const inserted = await db.insertInto('log').values({ n: 9 }).executeTakeFirst();
    expect(inserted.insertId).toBe(4n);
    await expect(db.selectFrom('nope' as 'log').selectAll().execute()).rejects.toThrow(/no such table/);
    // A failed query released the connection.
    expect(await db.selectFrom('log').select('n').where('n', '=', 9).execute()).toEqual([{ n: 9 }]);
  });
});
