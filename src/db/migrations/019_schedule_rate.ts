import type { Kysely } from 'kysely';

// A schedule speaks its text at the rate the officer chose when he wrote it,
// as a broadcast sent now does (null: the voice's own pace).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('schedules').addColumn('rate', 'real').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('schedules').dropColumn('rate').execute();
}
