import { PostgresAdapter, type Kysely } from 'kysely';

// Bulletins from a higher level (Thông tư 39/2020): the bulletin, its state in
// each commune it targets, and the upstream link between a province and the
// communes' own servers (tokens, a durable outbox per peer, what linked
// communes report).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bulletins')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('media_sha256', 'varchar(64)')
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .addColumn('category', 'varchar(50)')
    .addColumn('start_at', 'varchar(30)')
    .addColumn('expires_at', 'varchar(30)')
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    // Received over the upstream link: the sender's id (unique: a bulletin sent twice is one).
    .addColumn('upstream_id', 'varchar(64)', (c) => c.unique())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('approved_by', 'varchar(200)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bulletins_created').on('bulletins').columns(['created_at', 'id']).execute();
  await db.schema
    .createTable('bulletin_communes')
    .addColumn('bulletin_id', 'varchar(64)', (c) => c.notNull().references('bulletins.id'))
    .addColumn('zone_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('placed_at', 'varchar(30)')
    .addColumn('decided_by', 'varchar(200)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('broadcast_id', 'varchar(64)')
    // Linked commune (its own server): state and counts as it last reported them.
    .addColumn('downstream_id', 'varchar(64)')
    .addColumn('counts_json', 'text')
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('bulletin_communes_pk', ['bulletin_id', 'zone_id'])
    .execute();
  await db.schema.createIndex('bulletin_communes_zone').on('bulletin_communes').columns(['zone_id', 'state']).execute();
  await db.schema.createIndex('bulletin_communes_broadcast').on('bulletin_communes').column('broadcast_id').execute();

  await db.schema
    .createTable('downstreams')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('zone_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('created_by', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(30)')
    .addColumn('last_seen_at', 'varchar(30)')
    .addColumn('online', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('offline', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status_at', 'varchar(30)')
    .execute();
  await db.schema
    .createTable('downstream_receivers')
    .addColumn('downstream_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('receiver_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('online', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('downstream_receivers_pk', ['downstream_id', 'receiver_id'])
    .execute();
  await db.schema
    .createTable('downstream_played')
    .addColumn('downstream_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('broadcast_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('bulletin_id', 'varchar(64)')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('priority', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('start_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('zone_ids_json', 'text', (c) => c.notNull())
    .addColumn('counts_json', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer')
    .addColumn('received_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('downstream_played_pk', ['downstream_id', 'broadcast_id'])
    .execute();
  await db.schema.createIndex('downstream_played_start').on('downstream_played').columns(['start_at']).execute();

  // Messages waiting for the other side's ack: peer is "upstream" on a
  // commune, a downstream id on a province. Sent in seq order, dropped once acked.
  await db.schema
    .createTable('link_outbox')
    .addColumn('seq', isPostgres(db) ? 'serial' : 'integer', (c) => (isPostgres(db) ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('id', 'varchar(80)', (c) => c.notNull().unique())
    .addColumn('peer', 'varchar(64)', (c) => c.notNull())
    .addColumn('body_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('link_outbox_peer').on('link_outbox').columns(['peer', 'seq']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['link_outbox', 'downstream_played', 'downstream_receivers', 'downstreams', 'bulletin_communes', 'bulletins']) await db.schema.dropTable(t).execute();
}

const isPostgres = (db: Kysely<any>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;
