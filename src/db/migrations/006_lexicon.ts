import type { Kysely } from 'kysely';

// The officers' lexicon: abbreviations and pronunciations that override the
// normalizer's built-in tables for this commune.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('lexicon')
    .addColumn('term', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('spoken', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('lexicon').execute();
}
