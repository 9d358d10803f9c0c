// Report queries: the as-played log (one row per broadcast and receiver) and
// the monthly summary per hamlet and category that communes send up on
// fixed dates. Times in and out are UTC; months are the commune's local ones.
import type { Db } from '../db/index.js';
import type { DeliveryState } from '../db/schema.js';
import type { Priority } from '../mqtt/protocol.js';
import type { ZoneService } from '../zones/service.js';
import { zonedTimeToUtc } from '../scheduling/timezone.js';

export interface PlayedFilter {
  from: Date;
  to: Date;
  zoneId?: string;
  priority?: Priority;
  category?: string;
  limit?: number;
}

export interface PlayedRow {
  broadcastId: string;
  title: string;
  priority: Priority;
  category: string | null;
  startAt: string;
  receiverId: string;
  receiverName: string;
  hamletId: string;
  hamletName: string;
  state: DeliveryState;
  playingAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: string | null;
}

export interface SummaryLine {
  broadcasts: number;
  minutes: number;
  deliveries: number;
  done: number;
  /** done / deliveries, 0..1; null when nothing was delivered. */
  successRate: number | null;
}

export interface MonthlySummary {
  month: string;
  from: string;
  to: string;
  totals: SummaryLine;
  byHamlet: (SummaryLine & { hamletId: string; hamletName: string })[];
  byCategory: (SummaryLine & { category: string | null })[];
  /** The hamlet × category table behind both. */
  rows: (SummaryLine & { hamletId: string; hamletName: string; category: string | null })[];
}

export class ReportStore {
  constructor(
    private readonly db: Db,
    private readonly zones: ZoneService,
    private readonly timezone: string,
  ) {}

  async played(f: PlayedFilter): Promise<PlayedRow[]> {
    let q = this.db
      .selectFrom('deliveries')
      .innerJoin('broadcasts', 'broadcasts.id', 'deliveries.broadcast_id')
      .innerJoin('receivers', 'receivers.id', 'deliveries.receiver_id')
      .leftJoin('media', 'media.sha256', 'broadcasts.media_sha256')
      .select([
        'broadcasts.id as broadcastId',
        'broadcasts.title',
        'broadcasts.priority',
        'broadcasts.category',
        'broadcasts.start_at as startAt',
        'receivers.id as receiverId',
        'receivers.name as receiverName',
        'receivers.zone_id as zoneId',
        'deliveries.state',
        'deliveries.playing_at as playingAt',
        'deliveries.finished_at as finishedAt',
        'deliveries.error',
        'media.duration_ms as durationMs',
      ])
      .where('broadcasts.start_at', '>=', f.from.toISOString())
      .where('broadcasts.start_at', '<', f.to.toISOString())
      .orderBy('broadcasts.start_at', 'desc')
      .orderBy('receivers.id');
    // No such zone: nothing (an empty IN list is a syntax error on PostgreSQL).
    if (f.zoneId) q = q.where('receivers.zone_id', 'in', orNone(await this.zones.subtree([f.zoneId])));
    if (f.priority) q = q.where('broadcasts.priority', '=', f.priority);
    if (f.category) q = q.where('broadcasts.category', '=', f.category);
    if (f.limit) q = q.limit(f.limit);
    const rows = await q.execute();
    const hamlet = await this.hamletResolver();
    return rows.map(({ zoneId, ...r }) => {
      const h = hamlet(zoneId);
      return { ...r, hamletId: h.id, hamletName: h.name };
    });
  }

  /** `zoneId`: only receivers at or below it (a commune's own month). */
  async monthly(month: string, zoneId?: string): Promise<MonthlySummary> {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const from = zonedTimeToUtc(y, m, 1, 0, 0, this.timezone);
    const to = m === 12 ? zonedTimeToUtc(y + 1, 1, 1, 0, 0, this.timezone) : zonedTimeToUtc(y, m + 1, 1, 0, 0, this.timezone);
    // Grouped in SQL per zone and broadcast, so a province-sized month is a
    // few thousand rows, not one per delivery.
    let q = this.db
      .selectFrom('deliveries')
      .innerJoin('broadcasts', 'broadcasts.id', 'deliveries.broadcast_id')
      .innerJoin('receivers', 'receivers.id', 'deliveries.receiver_id')
      .leftJoin('media', 'media.sha256', 'broadcasts.media_sha256')
      .select((eb) => [
        'receivers.zone_id as zoneId',
        'broadcasts.id as broadcastId',
        'broadcasts.category',
        'broadcasts.repeat',
        'media.duration_ms as durationMs',
        eb.fn.countAll<number>().as('deliveries'),
        eb.fn.sum<number>(eb.case().when('deliveries.state', '=', 'done').then(1).else(0).end()).as('done'),
      ])
      .where('broadcasts.start_at', '>=', from.toISOString())
      .where('broadcasts.start_at', '<', to.toISOString())
      .groupBy(['receivers.zone_id', 'broadcasts.id', 'broadcasts.category', 'broadcasts.repeat', 'media.duration_ms']);
    if (zoneId) q = q.where('receivers.zone_id', 'in', orNone(await this.zones.subtree([zoneId])));
    const groups = await q.execute();
    const hamlet = await this.hamletResolver();

    // Airtime counts once per hamlet that heard a broadcast, however many
    // receivers it has there.
    type Acc = { ids: Set<string>; aired: Set<string>; minutes: number; deliveries: number; done: number };
    const acc = () => ({ ids: new Set<string>(), aired: new Set<string>(), minutes: 0, deliveries: 0, done: 0 }) as Acc;
    const add = (a: Acc, g: (typeof groups)[number]) => {
      const done = Number(g.done ?? 0);
      a.ids.add(g.broadcastId);
      a.deliveries += Number(g.deliveries);
      a.done += done;
      if (done > 0 && !a.aired.has(g.broadcastId)) {
        a.aired.add(g.broadcastId);
        a.minutes += ((g.durationMs ?? 0) * g.repeat) / 60_000;
      }
    };
    const line = (a: Acc): SummaryLine => ({
      broadcasts: a.ids.size,
      minutes: Math.round(a.minutes * 10) / 10,
      deliveries: a.deliveries,
      done: a.done,
      successRate: a.deliveries ? a.done / a.deliveries : null,
    });
    const byHamlet = new Map<string, Acc>();
    const byCategory = new Map<string | null, Acc>();
    const byPair = new Map<string, { hamletId: string; category: string | null; acc: Acc }>();
    const names = new Map<string, string>();
    const totals = acc();
    for (const g of groups) {
      const h = hamlet(g.zoneId);
      names.set(h.id, h.name);
      const pairKey = JSON.stringify([h.id, g.category]);
      if (!byHamlet.has(h.id)) byHamlet.set(h.id, acc());
      if (!byCategory.has(g.category)) byCategory.set(g.category, acc());
      if (!byPair.has(pairKey)) byPair.set(pairKey, { hamletId: h.id, category: g.category, acc: acc() });
      add(byHamlet.get(h.id)!, g);
      add(byCategory.get(g.category)!, g);
      add(byPair.get(pairKey)!.acc, g);
      add(totals, g);
    }
    const byName = (a: { hamletName: string }, b: { hamletName: string }) => a.hamletName.localeCompare(b.hamletName, 'vi');
    return {
      month,
      from: from.toISOString(),
      to: to.toISOString(),
      totals: line(totals),
      byHamlet: [...byHamlet].map(([id, a]) => ({ hamletId: id, hamletName: names.get(id)!, ...line(a) })).sort(byName),
      byCategory: [...byCategory].map(([category, a]) => ({ category, ...line(a) })).sort((a, b) => b.minutes - a.minutes),
      rows: [...byPair.values()].map((p) => ({ hamletId: p.hamletId, hamletName: names.get(p.hamletId)!, category: p.category, ...line(p.acc) })).sort(byName),
    };
  }

  /** Maps a receiver's zone to its hamlet (a cluster rolls up; a commune-level receiver stays itself). */
  private async hamletResolver(): Promise<(zoneId: string) => { id: string; name: string }> {
    const zones = new Map((await this.zones.list()).map((z) => [z.id, z]));
    const memo = new Map<string, { id: string; name: string }>();
    return (zoneId) => {
      let hit = memo.get(zoneId);
      if (!hit) {
        let z = zones.get(zoneId);
        const start = z;
        while (z && z.kind === 'cluster' && z.parent_id) z = zones.get(z.parent_id);
        const h = z ?? start;
        hit = h ? { id: h.id, name: h.name } : { id: zoneId, name: zoneId };
        memo.set(zoneId, hit);
      }
      return hit;
    };
  }
}

/** Zone ids for an IN list: never empty ('' matches no zone), which PostgreSQL refuses. */
const orNone = (zones: Set<string>): string[] => (zones.size ? [...zones] : ['']);
