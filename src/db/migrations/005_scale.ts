import type { Kysely } from 'kysely';

// Schema builder only, so it runs on SQLite and PostgreSQL alike.
export async function up(db: Kysely<any>): Promise<void> {
  // Mosquitto's password file needs its own PBKDF2 hash of the receiver
  // secret; it can only be computed while the plaintext exists (provisioning,
  // rotation), so it is kept next to secret_hash. Null for receivers
  // provisioned before this migration: rotate their secret to use Mosquitto.
  await db.schema.alterTable('receivers').addColumn('mosquitto_hash', 'text').execute();
  // Open deliveries are few among millions of finished ones: the sweep and
  // the /metrics gauge look them up by state.
  await db.schema.createIndex('deliveries_state').on('deliveries').column('state').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('deliveries_state').execute();
  await db.schema.alterTable('receivers').dropColumn('mosquitto_hash').execute();
}
