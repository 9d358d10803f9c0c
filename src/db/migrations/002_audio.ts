import type { Kysely } from 'kysely';

// Schema builder only, so it runs on SQLite and PostgreSQL alike.
export async function up(db: Kysely<any>): Promise<void> {
  // Rendered speech by what was rendered (spoken text + voice + settings),
  // so the same announcement twice costs one synthesis.
  await db.schema
    .createTable('speech_cache')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('media_sha256', 'varchar(64)', (c) => c.notNull().references('media.sha256'))
    .addColumn('voice', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('speech_cache').execute();
}
