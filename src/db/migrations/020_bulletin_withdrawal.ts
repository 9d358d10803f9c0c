import type { Kysely } from 'kysely';

// A sender withdraws a bulletin sent by mistake ("thu hồi"): who, when and
// why are kept with it, for the communes' inboxes and the audit.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('bulletins').addColumn('withdrawn_by', 'varchar(128)').execute();
  await db.schema.alterTable('bulletins').addColumn('withdrawn_at', 'varchar(30)').execute();
  await db.schema.alterTable('bulletins').addColumn('withdraw_reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('bulletins').dropColumn('withdraw_reason').execute();
  await db.schema.alterTable('bulletins').dropColumn('withdrawn_at').execute();
  await db.schema.alterTable('bulletins').dropColumn('withdrawn_by').execute();
}
