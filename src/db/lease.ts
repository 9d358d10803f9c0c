// A lease in the database decides which of several server instances
// dispatches: the holder renews it every `renewMs`; when it dies the lease
// runs out after `ttlMs` and another instance takes it. Every step of a
// dispatch is also a conditional update, so even two holders at once (a
// paused process waking up) could not air an occurrence twice.
import type { Db } from './index.js';
import type { Logger } from '../log.js';

interface LeaseTable {
  name: string;
  holder: string;
  expires_at: string;
}

export class Lease {
  private readonly db;
  private held = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    db: Db,
    readonly name: string,
    readonly holder: string,
    private readonly opts: {
      ttlMs: number;
      renewMs: number;
      log: Logger;
      onChange?: (held: boolean) => void;
      /** Take the lease at start whoever held it: there is one instance (SQLite), so the holder was this server before a crash. */
      takeOver?: boolean;
    },
  ) {
    this.db = db.withTables<{ leases: LeaseTable }>();
  }

  isHeld(): boolean {
    return this.held;
  }

  async start(): Promise<void> {
    // Without it a server killed and started again would wait out its own old lease, and miss what falls due meanwhile.
    if (this.opts.takeOver) await this.db.deleteFrom('leases').where('name', '=', this.name).execute();
    await this.renew();
    this.timer = setInterval(() => void this.renew(), this.opts.renewMs);
  }

  /** Gives the lease up at once so another instance need not wait for it to expire. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.held) await this.db.deleteFrom('leases').where('name', '=', this.name).where('holder', '=', this.holder).execute().catch(() => {});
    this.set(false);
  }

  async renew(): Promise<boolean> {
    const now = new Date();
    const expires = new Date(now.getTime() + this.opts.ttlMs).toISOString();
    try {
      const res = await this.db
        .updateTable('leases')
        .set({ holder: this.holder, expires_at: expires })
        .where('name', '=', this.name)
        .where((eb) => eb.or([eb('holder', '=', this.holder), eb('expires_at', '<', now.toISOString())]))
        .executeTakeFirst();
      let held = res.numUpdatedRows > 0n;
      if (!held) {
        const ins = await this.db
          .insertInto('leases')
          .values({ name: this.name, holder: this.holder, expires_at: expires })
          .onConflict((oc) => oc.column('name').doNothing())
          .executeTakeFirst();
        held = Number(ins.numInsertedOrUpdatedRows ?? 0) > 0;
      }
      this.set(held);
    } catch (err) {
      // Cannot reach the database: assume another instance can, and stand down.
      this.opts.log.warn('lease renewal failed', { lease: this.name, error: (err as Error).message });
      this.set(false);
    }
    return this.held;
  }

  private set(held: boolean): void {
    if (held === this.held) return;
    this.held = held;
    this.opts.log.info(held ? `took the ${this.name} lease` : `gave up the ${this.name} lease`, { holder: this.holder });
    this.opts.onChange?.(held);
  }
}
