import { sql, type Kysely } from 'kysely';
import { searchText } from '../../receivers/search.js';

// The panel pages through 10 000 receivers and thousands of broadcasts
// instead of loading them whole.
export async function up(db: Kysely<any>): Promise<void> {
  // Search by id or name, folded (src/receivers/search.ts).
  await db.schema.alterTable('receivers').addColumn('search_text', 'text', (c) => c.notNull().defaultTo('')).execute();
  for (const r of await db.selectFrom('receivers').select(['id', 'name']).execute()) {
    await db.updateTable('receivers').set({ search_text: searchText(r.id, r.name) }).where('id', '=', r.id).execute();
  }
  // Pages are ordered by id: "only offline" and "in this zone" walk an index
  // in that order instead of filtering every receiver.
  await db.schema.createIndex('receivers_online_id').on('receivers').columns(['online', 'id']).execute();
  await db.schema.createIndex('receivers_zone_id').on('receivers').columns(['zone_id', 'id']).execute();
  await db.schema.dropIndex('receivers_zone').execute();

  // Newest first, paged by (start_at, id).
  await db.schema.createIndex('broadcasts_start_id').on('broadcasts').columns(['start_at', 'id']).execute();
  // A finished broadcast's deliveries no longer change: their counts per
  // state are kept with it, so a list of broadcasts does not count 10 000
  // deliveries per row. Null until its status is final.
  await db.schema.alterTable('broadcasts').addColumn('counts_json', 'text').execute();
  const final = db.selectFrom('broadcasts').select('id').where('status', 'in', ['done', 'partial', 'failed', 'expired', 'cancelled']);
  const counts = await db
    .selectFrom('deliveries')
    .select(['broadcast_id', 'state', sql<number>`count(*)`.as('n')])
    .where('broadcast_id', 'in', final)
    .groupBy(['broadcast_id', 'state'])
    .execute();
  const byBroadcast = new Map<string, Record<string, number>>();
  for (const c of counts) byBroadcast.set(c.broadcast_id, { ...byBroadcast.get(c.broadcast_id), [c.state]: Number(c.n) });
  for (const [id, c] of byBroadcast) {
    await db.updateTable('broadcasts').set({ counts_json: JSON.stringify(c) }).where('id', '=', id).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('broadcasts').dropColumn('counts_json').execute();
  await db.schema.dropIndex('broadcasts_start_id').execute();
  await db.schema.createIndex('receivers_zone').on('receivers').column('zone_id').execute();
  await db.schema.dropIndex('receivers_zone_id').execute();
  await db.schema.dropIndex('receivers_online_id').execute();
  await db.schema.alterTable('receivers').dropColumn('search_text').execute();
}
