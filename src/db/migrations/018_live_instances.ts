import type { Kysely } from 'kysely';

// A live session runs in one server instance; with several behind a load
// balancer the others must be able to send its `live` command (the
// dispatching instance, a receiver's catch-up), stop it, and tell when its
// instance died. So the row keeps the stream URL, a heartbeat and a stop
// request.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('live_sessions').addColumn('stream_url', 'text').execute();
  await db.schema.alterTable('live_sessions').addColumn('alive_at', 'varchar(30)').execute();
  await db.schema.alterTable('live_sessions').addColumn('stop_requested_by', 'varchar(128)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('live_sessions').dropColumn('stop_requested_by').execute();
  await db.schema.alterTable('live_sessions').dropColumn('alive_at').execute();
  await db.schema.alterTable('live_sessions').dropColumn('stream_url').execute();
}
