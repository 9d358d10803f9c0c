import type { Kysely } from 'kysely';

// Alerts sent to people (src/alerts/watch.ts): one row per fault of one
// receiver, open until it clears, so each incident is told once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('alert_incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('receiver_id', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    // When people were told it began and that it ended (null: not yet).
    .addColumn('notified_at', 'text')
    .addColumn('resolve_notified_at', 'text')
    .execute();
  await db.schema.createIndex('alert_incidents_open').on('alert_incidents').columns(['resolve_notified_at', 'receiver_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alert_incidents').execute();
}
