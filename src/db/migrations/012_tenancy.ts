import type { Kysely } from 'kysely';

// Many communes on one server: accounts and tokens get a scope (a zone, or
// null for the whole system, so existing ones keep what they had); the audit
// log records in which scope and on which zone each change was made, with
// before/after; settings, greeting templates and lexicon additions per zone.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('zone_id', 'varchar(64)').execute();
  await db.schema.alterTable('api_tokens').addColumn('zone_id', 'varchar(64)').execute();

  await db.schema.alterTable('audit_log').addColumn('scope_zone_id', 'varchar(64)').execute();
  // The zone the change concerns (null: system-wide); who may read the entry follows from it.
  await db.schema.alterTable('audit_log').addColumn('zone_id', 'varchar(64)').execute();
  await db.schema.alterTable('audit_log').addColumn('before_json', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('after_json', 'text').execute();
  await db.schema.createIndex('audit_log_zone').on('audit_log').columns(['zone_id', 'id']).execute();

  // Who owns what: a schedule's and a broadcast's creator's scope is not
  // enough to decide approval (that follows the targets), but uploads have
  // no target, so they are seen in the uploader's scope.
  await db.schema
    .createTable('media_owners')
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('zone_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_owners_pk', ['sha256', 'zone_key'])
    .execute();

  await db.schema
    .createTable('zone_settings')
    .addColumn('zone_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('key', 'varchar(64)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('zone_settings_pk', ['zone_id', 'key'])
    .execute();

  // zone_key '' is the shared template every commune starts from.
  await db.schema
    .createTable('greeting_templates')
    .addColumn('zone_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('id', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('holiday_json', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('greeting_templates_pk', ['zone_key', 'id'])
    .execute();

  // The shared lexicon stays in `lexicon`; a commune's additions live here.
  await db.schema
    .createTable('lexicon_zone')
    .addColumn('zone_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('term', 'varchar(100)', (c) => c.notNull())
    .addColumn('spoken', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('lexicon_zone_pk', ['zone_id', 'term'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('lexicon_zone').execute();
  await db.schema.dropTable('greeting_templates').execute();
  await db.schema.dropTable('zone_settings').execute();
  await db.schema.dropTable('media_owners').execute();
  await db.schema.dropIndex('audit_log_zone').execute();
  for (const c of ['after_json', 'before_json', 'zone_id', 'scope_zone_id']) await db.schema.alterTable('audit_log').dropColumn(c).execute();
  await db.schema.alterTable('api_tokens').dropColumn('zone_id').execute();
  await db.schema.alterTable('users').dropColumn('zone_id').execute();
}
