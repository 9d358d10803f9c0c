import { PostgresAdapter, type Kysely } from 'kysely';

// Written with the schema builder only, so the same migration runs on SQLite
// and PostgreSQL.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('zones')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'varchar(64)', (c) => c.references('zones.id'))
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('quiet_from', 'varchar(5)')
    .addColumn('quiet_to', 'varchar(5)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('receivers')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'varchar(64)', (c) => c.notNull().references('zones.id'))
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('fw', 'varchar(64)')
    .addColumn('volume', 'integer', (c) => c.notNull().defaultTo(70))
    .addColumn('online', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('power', 'varchar(16)')
    .addColumn('playing_json', 'text')
    .addColumn('last_seen_at', 'varchar(30)')
    .addColumn('telemetry_json', 'text')
    .addColumn('telemetry_at', 'varchar(30)')
    .addColumn('clock_offset_ms', 'integer')
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('receivers_zone').on('receivers').column('zone_id').execute();

  await db.schema
    .createTable('media')
    .addColumn('sha256', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('format', 'varchar(16)', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('loudness_i', 'double precision')
    .addColumn('true_peak', 'double precision')
    .addColumn('source', 'varchar(16)', (c) => c.notNull())
    .addColumn('original_name', 'text')
    .addColumn('original_path', 'text')
    .addColumn('peaks_json', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('broadcasts')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('media_sha256', 'varchar(64)', (c) => c.references('media.sha256'))
    .addColumn('priority', 'varchar(16)', (c) => c.notNull())
    .addColumn('category', 'varchar(32)')
    .addColumn('start_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('repeat', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('volume', 'integer')
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    .addColumn('cmd_id', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('dispatched_at', 'varchar(30)')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('broadcasts_status_start').on('broadcasts').columns(['status', 'start_at']).execute();

  await db.schema
    .createTable('broadcast_targets')
    .addColumn('broadcast_id', 'varchar(64)', (c) => c.notNull().references('broadcasts.id').onDelete('cascade'))
    .addColumn('zone_id', 'varchar(64)', (c) => c.references('zones.id'))
    .addColumn('receiver_id', 'varchar(64)', (c) => c.references('receivers.id'))
    .execute();
  await db.schema.createIndex('broadcast_targets_broadcast').on('broadcast_targets').column('broadcast_id').execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('broadcast_id', 'varchar(64)', (c) => c.notNull().references('broadcasts.id').onDelete('cascade'))
    .addColumn('receiver_id', 'varchar(64)', (c) => c.notNull().references('receivers.id'))
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('queued_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('received_at', 'varchar(30)')
    .addColumn('downloaded_at', 'varchar(30)')
    .addColumn('playing_at', 'varchar(30)')
    .addColumn('finished_at', 'varchar(30)')
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('deliveries_pk', ['broadcast_id', 'receiver_id'])
    .execute();
  await db.schema.createIndex('deliveries_receiver_state').on('deliveries').columns(['receiver_id', 'state']).execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(64)', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_used_at', 'varchar(30)')
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', isPostgres(db) ? 'serial' : 'integer', (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('details_json', 'text')
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['settings', 'audit_log', 'api_tokens', 'users', 'deliveries', 'broadcast_targets', 'broadcasts', 'media', 'receivers', 'zones']) {
    await db.schema.dropTable(t).execute();
  }
}

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
