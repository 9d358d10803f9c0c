// Characters sent to each cloud voice vendor this month: the vendors bill
// and cap by it, so the commune sees it (/metrics, the panel) and can set a
// monthly limit per vendor past which the vendor is skipped in a chain.
import type { Db } from '../db/index.js';

export interface VendorUsage {
  vendor: string;
  /** '2026-11', in the commune's time zone. */
  month: string;
  chars: number;
  /** null: no limit set. */
  limit: number | null;
}

export class VoiceUsage {
  constructor(
    private readonly db: Db,
    private readonly opts: {
      /** Monthly character limit per vendor ('fpt', 'viettel', 'zalo'). */
      limits: Readonly<Record<string, number | undefined>>;
      /** Cloud vendors to report even before their first character. */
      vendors: readonly string[];
      timezone: string;
      now?: () => Date;
    },
  ) {}

  month(): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.opts.timezone, year: 'numeric', month: '2-digit' }).format((this.opts.now ?? (() => new Date()))());
  }

  async used(vendor: string): Promise<number> {
    const row = await this.db.selectFrom('voice_usage').select('chars').where('vendor', '=', vendor).where('month', '=', this.month()).executeTakeFirst();
    return Number(row?.chars ?? 0);
  }

  /** Whether `chars` more fit under the vendor's limit this month. */
  async allows(vendor: string, chars: number): Promise<boolean> {
    const limit = this.opts.limits[vendor];
    return limit === undefined || (await this.used(vendor)) + chars <= limit;
  }

  async record(vendor: string, chars: number): Promise<void> {
    const month = this.month();
    await this.db
      .insertInto('voice_usage')
      .values({ vendor, month, chars })
      .onConflict((oc) => oc.columns(['vendor', 'month']).doUpdateSet((eb) => ({ chars: eb('voice_usage.chars', '+', eb.ref('excluded.chars')) })))
      .execute();
  }

  async current(): Promise<VendorUsage[]> {
    const month = this.month();
    const rows = await this.db.selectFrom('voice_usage').select(['vendor', 'chars']).where('month', '=', month).execute();
    const vendors = [...new Set([...this.opts.vendors, ...rows.map((r) => r.vendor)])];
    return vendors.map((vendor) => ({ vendor, month, chars: Number(rows.find((r) => r.vendor === vendor)?.chars ?? 0), limit: this.opts.limits[vendor] ?? null }));
  }
}
