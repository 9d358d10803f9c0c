import type { Kysely } from 'kysely';

// A counter per cached table, bumped on every write: an instance holding the
// table in memory sees with one look-up by key whether another instance
// sharing the database changed it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('revisions')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('n', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.insertInto('revisions').values([{ name: 'zones', n: 0 }, { name: 'lexicon', n: 0 }]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('revisions').execute();
}
