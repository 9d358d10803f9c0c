import type { Kysely } from 'kysely';

// A live session's push and listeners may reach any instance behind a plain
// load balancer; the one that gets them passes them to the instance running
// the session, so the row keeps where that instance is reached.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('live_sessions').addColumn('instance_url', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('live_sessions').dropColumn('instance_url').execute();
}
