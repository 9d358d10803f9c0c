import type { Kysely } from 'kysely';

// Live sessions: a broadcast whose audio is a stream (panel microphone, a
// pushed stream, a relayed URL) rather than a file. The broadcast row stays
// an ordinary broadcast; the session says where its audio comes from and,
// once over, which media holds the recording. A schedule may relay a stream
// URL for a duration (VOV news at 06:00 daily) instead of airing text or media.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('live_sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('broadcast_id', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('source_url', 'text')
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('engine', 'varchar(16)', (c) => c.notNull())
    .addColumn('sync_delay_ms', 'integer')
    .addColumn('created_by', 'varchar(128)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(30)')
    .addColumn('ended_at', 'varchar(30)')
    .addColumn('recording_sha256', 'varchar(64)')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('live_sessions_state').on('live_sessions').column('state').execute();
  await db.schema.alterTable('schedules').addColumn('relay_url', 'text').execute();
  await db.schema.alterTable('schedules').addColumn('relay_duration_s', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('schedules').dropColumn('relay_duration_s').execute();
  await db.schema.alterTable('schedules').dropColumn('relay_url').execute();
  await db.schema.dropTable('live_sessions').execute();
}
