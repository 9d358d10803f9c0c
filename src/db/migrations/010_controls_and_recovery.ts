import type { Kysely } from 'kysely';

// Controls that stick and broadcasts that can be stopped and replayed.
export async function up(db: Kysely<any>): Promise<void> {
  // What the technician chose, kept apart from what the receiver reports
  // (`volume`, `power`): the retained config carries the choice, so a
  // reconnect or a server restart re-applies it instead of the old level.
  await db.schema.alterTable('receivers').addColumn('volume_set', 'integer').execute();
  await db.schema.alterTable('receivers').addColumn('power_set', 'text').execute();
  await db.schema.alterTable('receivers').addColumn('amp_policy', 'text', (c) => c.notNull().defaultTo('auto')).execute();
  await db.schema.alterTable('broadcasts').addColumn('stopped_by', 'text').execute();
  await db.schema.alterTable('broadcasts').addColumn('stopped_at', 'text').execute();
  await db.schema.alterTable('broadcasts').addColumn('replay_of', 'text').execute();
  // A zone's amplifier hours (local HH:mm, may span midnight), as vendors' panels offer.
  await db.schema
    .createTable('power_schedules')
    .addColumn('zone_id', 'varchar(64)', (c) => c.primaryKey().references('zones.id').onDelete('cascade'))
    .addColumn('on_at', 'varchar(5)', (c) => c.notNull())
    .addColumn('off_at', 'varchar(5)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('power_schedules').execute();
  for (const c of ['replay_of', 'stopped_at', 'stopped_by']) await db.schema.alterTable('broadcasts').dropColumn(c).execute();
  for (const c of ['amp_policy', 'power_set', 'volume_set']) await db.schema.alterTable('receivers').dropColumn(c).execute();
}
