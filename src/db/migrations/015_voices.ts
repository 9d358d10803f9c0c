import type { Kysely } from 'kysely';

// Which voice actually spoke a broadcast (a chain falls back when a cloud
// voice is down), and characters sent to each cloud vendor per month, which
// they bill and cap.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('broadcasts').addColumn('voice', 'varchar(100)').execute();
  await db.schema.alterTable('occurrences').addColumn('voice', 'varchar(100)').execute();
  await db.schema
    .createTable('voice_usage')
    .addColumn('vendor', 'varchar(32)', (c) => c.notNull())
    .addColumn('month', 'varchar(7)', (c) => c.notNull())
    .addColumn('chars', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('voice_usage_pk', ['vendor', 'month'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('voice_usage').execute();
  await db.schema.alterTable('occurrences').dropColumn('voice').execute();
  await db.schema.alterTable('broadcasts').dropColumn('voice').execute();
}
