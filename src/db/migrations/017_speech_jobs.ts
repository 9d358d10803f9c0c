import type { Kysely } from 'kysely';

// Render jobs (src/speech/jobs.ts) in the database, so a job started on one
// server instance can be followed through any other behind the same load
// balancer.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('speech_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('percent', 'integer', (c) => c.notNull())
    .addColumn('zone_id', 'text')
    .addColumn('media_sha256', 'text')
    .addColumn('broadcast_id', 'text')
    .addColumn('voice', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    // Touched while the job waits or runs: a row left unfinished and untouched lost its server.
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('speech_jobs_finished').on('speech_jobs').column('finished_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('speech_jobs').execute();
}
