import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('schedules')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('media_sha256', 'varchar(64)')
    .addColumn('voice', 'varchar(100)')
    .addColumn('template_id', 'varchar(64)')
    .addColumn('priority', 'varchar(16)', (c) => c.notNull())
    .addColumn('category', 'varchar(32)')
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('spec_json', 'text', (c) => c.notNull())
    .addColumn('zone_ids_json', 'text', (c) => c.notNull())
    .addColumn('receiver_ids_json', 'text', (c) => c.notNull())
    .addColumn('repeat', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'varchar(30)')
    .addColumn('reject_reason', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  // One row per (schedule, instant): the id is that idempotency key, so
  // materializing twice, or on two instances, can never make two.
  await db.schema
    .createTable('occurrences')
    .addColumn('id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('schedule_id', 'varchar(64)', (c) => c.notNull().references('schedules.id').onDelete('cascade'))
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('media_sha256', 'varchar(64)')
    .addColumn('broadcast_id', 'varchar(64)')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('occurrences_state_at').on('occurrences').columns(['state', 'at']).execute();

  await db.schema.alterTable('broadcasts').addColumn('approved_by', 'text').execute();
  await db.schema.alterTable('broadcasts').addColumn('approved_at', 'varchar(30)').execute();
  await db.schema.alterTable('broadcasts').addColumn('occurrence_id', 'varchar(128)').execute();
  await db.schema.createIndex('broadcasts_occurrence').on('broadcasts').column('occurrence_id').unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('broadcasts_occurrence').execute();
  for (const c of ['occurrence_id', 'approved_at', 'approved_by']) await db.schema.alterTable('broadcasts').dropColumn(c).execute();
  await db.schema.dropTable('occurrences').execute();
  await db.schema.dropTable('schedules').execute();
}
