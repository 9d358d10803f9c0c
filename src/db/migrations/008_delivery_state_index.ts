import type { Kysely } from 'kysely';

// "Is any delivery of this broadcast still open?" is asked on every final ack.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('deliveries_broadcast_state').on('deliveries').columns(['broadcast_id', 'state']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('deliveries_broadcast_state').execute();
}
