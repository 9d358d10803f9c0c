// express-rate-limit's counts kept in the database instead of one process's
// memory: every instance sharing the database counts the same requests.
import { sql } from 'kysely';
import type { IncrementResponse, Options, Store } from 'express-rate-limit';
import type { Db } from '../db/index.js';

export class DatabaseRateStore implements Store {
  private windowMs = 60_000;

  constructor(
    private readonly db: Db,
    /** Keeps one limiter's keys apart from another's. */
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const now = new Date().toISOString();
    const reset = new Date(Date.now() + this.windowMs).toISOString();
    // Windows that ended are forgotten: failed sign-ins are few, the table stays small.
    await this.db.deleteFrom('rate_limits').where('reset_at', '<=', now).execute();
    const row = await this.db
      .insertInto('rate_limits')
      .values({ key: this.prefix + key, hits: 1, reset_at: reset })
      .onConflict((oc) => oc.column('key').doUpdateSet({ hits: sql`rate_limits.hits + 1` }))
      .returning(['hits', 'reset_at'])
      .executeTakeFirstOrThrow();
    return { totalHits: Number(row.hits), resetTime: new Date(row.reset_at) };
  }

  async decrement(key: string): Promise<void> {
    await this.db.updateTable('rate_limits').set({ hits: sql`hits - 1` }).where('key', '=', this.prefix + key).where('hits', '>', 0).execute();
  }

  async resetKey(key: string): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('key', '=', this.prefix + key).execute();
  }
}
