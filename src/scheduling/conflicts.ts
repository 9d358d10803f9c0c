// Conflicts: another item that would air at the same time in the same place.
// A schedule is checked over its whole span (a year ahead), not only the
// occurrences already written down, and one-off broadcasts are checked too:
// against schedules and against each other. The rules are expanded in the
// commune's time zone, with the work bounded so a dense cron cannot stall a
// request.
import type { Db } from '../db/index.js';
import { AppError } from '../errors.js';
import type { Priority } from '../mqtt/protocol.js';
import type { SettingsService } from '../settings.js';
import type { ZoneService } from '../zones/service.js';
import { expandSpec, type ScheduleSpec } from './recurrence.js';

/** How far ahead a recurring or holiday item is checked. */
const CONFLICT_SPAN_MS = 366 * 86_400_000;
/** At most this many instants of one item are compared (a daily rule for a year is 366). */
const MAX_INSTANTS = 5_000;

/** Something planned: when (a spec), for how long, where. */
interface PlannedItem {
  title: string;
  spec: ScheduleSpec;
  durationMs: number;
  zoneIds: string[];
  receiverIds: string[];
  priority: Priority;
}

export interface Conflict {
  /** The other item: a schedule or a one-off broadcast. */
  scheduleId?: string;
  broadcastId?: string;
  title: string;
  /** When the other item airs (its instant that overlaps). */
  at: string;
  zoneIds: string[];
  priority: Priority;
  /** The place both reach: a hamlet (or the zone) by id and name. */
  zoneId: string;
  zoneName: string;
  /** Vietnamese first, then English: the hamlet, the time and the other item. */
  message: string;
}

interface Other extends PlannedItem {
  scheduleId?: string;
  broadcastId?: string;
}

/** Where an item reaches: its zones with everything below them, and its receivers. */
interface Place {
  zoneIds: string[];
  below: Set<string>;
  receiverIds: Set<string>;
  receiverZones: Map<string, string>;
}

export class ConflictFinder {
  constructor(
    private readonly db: Db,
    private readonly zones: ZoneService,
    private readonly deps: { settings: SettingsService; timezone: string },
  ) {}

  /**
   * The conflicts, or a 409 naming the first one when the commune blocks them
   * (emergencies are never blocked). `seenBy`: the asker's scope zone; the
   * other items' targets are cut to what it may see (its subtree and the
   * zones above it), as a broadcast's are: zone ids are global, and a
   * district item that also plays in another commune must not name that
   * commune's hamlets to this one.
   */
  async check(item: PlannedItem, exclude: { scheduleId?: string; broadcastId?: string } = {}, now = new Date(), settingsZoneId: string | null = null, seenBy: string | null = null): Promise<Conflict[]> {
    const found = await this.seen(await this.find(item, exclude, now), seenBy);
    if (found.length && item.priority !== 'emergency' && (await this.deps.settings.get(settingsZoneId)).conflictMode === 'block') {
      throw new AppError(found[0]!.message, 409, 'conflict', { conflicts: found });
    }
    return found;
  }

  private async seen(found: Conflict[], seenBy: string | null): Promise<Conflict[]> {
    if (seenBy === null || found.length === 0) return found;
    const visible = new Set([...(await this.zones.subtree([seenBy])), ...(await this.zones.lineage(seenBy))]);
    return found.map((c) => ({ ...c, zoneIds: c.zoneIds.filter((z) => visible.has(z)) }));
  }

  async find(item: PlannedItem, exclude: { scheduleId?: string; broadcastId?: string } = {}, now = new Date()): Promise<Conflict[]> {
    const mine = bounded(item.spec, now, new Date(now.getTime() + CONFLICT_SPAN_MS), this.deps.timezone);
    if (mine.length === 0) return [];
    const others = (await this.others(now)).filter((o) => !(o.scheduleId && o.scheduleId === exclude.scheduleId) && !(o.broadcastId && o.broadcastId === exclude.broadcastId));
    const receiverZones = await this.receiverZones([item, ...others].flatMap((o) => o.receiverIds));
    const myPlace = await this.place(item, receiverZones);
    const out: Conflict[] = [];
    for (const o of others) {
      const where = overlap(myPlace, await this.place(o, receiverZones));
      if (!where) continue;
      // Only the part of their span that can meet mine is expanded.
      const from = new Date(mine[0]!.getTime() - o.durationMs);
      const to = new Date(mine.at(-1)!.getTime() + item.durationMs);
      if (to <= from) continue;
      const hit = firstOverlap(mine, item.durationMs, bounded(o.spec, from, to, this.deps.timezone), o.durationMs);
      if (!hit) continue;
      const zoneName = (await this.zones.get(where))?.name ?? where;
      out.push({
        ...(o.scheduleId ? { scheduleId: o.scheduleId } : { broadcastId: o.broadcastId }),
        title: o.title,
        at: hit.toISOString(),
        zoneIds: o.zoneIds,
        priority: o.priority,
        zoneId: where,
        zoneName,
        message: message(zoneName, hit, o.title, this.deps.timezone),
      });
    }
    return out.sort((a, b) => a.at.localeCompare(b.at));
  }

  /**
   * Approved or pending schedules, and one-off broadcasts not yet over (an
   * occurrence's broadcast is its schedule's), oldest first: of two at the
   * same time, the one planned first is named.
   */
  private async others(now: Date): Promise<Other[]> {
    const [schedules, broadcasts] = await Promise.all([
      this.db.selectFrom('schedules').leftJoin('media', 'media.sha256', 'schedules.media_sha256').select(['schedules.id', 'title', 'text', 'spec_json', 'zone_ids_json', 'receiver_ids_json', 'priority', 'repeat', 'media.duration_ms']).where('status', 'in', ['approved', 'pending_approval']).orderBy('schedules.created_at').orderBy('schedules.id').execute(),
      this.db
        .selectFrom('broadcasts')
        .innerJoin('media', 'media.sha256', 'broadcasts.media_sha256')
        .select(['broadcasts.id', 'title', 'start_at', 'priority', 'repeat', 'media.duration_ms'])
        .where('status', 'in', ['pending_approval', 'scheduled', 'dispatching', 'dispatched'])
        .where('occurrence_id', 'is', null)
        .where('expires_at', '>', now.toISOString())
        .orderBy('broadcasts.created_at')
        .orderBy('broadcasts.id')
        .execute(),
    ]);
    const targets = broadcasts.length ? await this.db.selectFrom('broadcast_targets').selectAll().where('broadcast_id', 'in', broadcasts.map((b) => b.id)).execute() : [];
    return [
      ...schedules.map((s) => ({
        scheduleId: s.id,
        title: s.title,
        spec: JSON.parse(s.spec_json) as ScheduleSpec,
        durationMs: estimateDurationMs(s.text, s.duration_ms, s.repeat),
        zoneIds: JSON.parse(s.zone_ids_json) as string[],
        receiverIds: JSON.parse(s.receiver_ids_json) as string[],
        priority: s.priority,
      })),
      ...broadcasts.map((b) => ({
        broadcastId: b.id,
        title: b.title,
        spec: { kind: 'once', at: b.start_at } as const,
        durationMs: b.duration_ms * b.repeat,
        zoneIds: targets.flatMap((t) => (t.broadcast_id === b.id && t.zone_id ? [t.zone_id] : [])),
        receiverIds: targets.flatMap((t) => (t.broadcast_id === b.id && t.receiver_id ? [t.receiver_id] : [])),
        priority: b.priority,
      })),
    ];
  }

  private async receiverZones(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    const out = new Map<string, string>();
    // In slices: SQLite binds at most 32 766 parameters.
    for (let i = 0; i < unique.length; i += 5000) {
      for (const r of await this.db.selectFrom('receivers').select(['id', 'zone_id']).where('id', 'in', unique.slice(i, i + 5000)).execute()) out.set(r.id, r.zone_id);
    }
    return out;
  }

  private async place(item: PlannedItem, receiverZones: Map<string, string>): Promise<Place> {
    return { zoneIds: item.zoneIds, below: await this.zones.subtree(item.zoneIds), receiverIds: new Set(item.receiverIds), receiverZones };
  }
}

/** Speech runs about 12 characters a second; used before the audio exists. */
const CHARS_PER_SECOND = 12;

export function estimateDurationMs(text: string | null | undefined, mediaDurationMs: number | null | undefined, repeat: number): number {
  const one = mediaDurationMs ?? Math.max(5, (text?.length ?? 0) / CHARS_PER_SECOND) * 1000;
  return one * repeat;
}

/**
 * The place two items both reach, named by the smaller zone (a hamlet inside
 * the commune both target is "the same place"), or null. A zone overlaps its
 * ancestors and its descendants; a receiver overlaps the zones above it.
 */
function overlap(a: Place, b: Place): string | null {
  for (const [x, y] of [[a, b], [b, a]] as const) {
    const z = x.zoneIds.find((id) => y.below.has(id));
    if (z) return z;
  }
  for (const [x, y] of [[a, b], [b, a]] as const) {
    for (const r of x.receiverIds) {
      const zone = x.receiverZones.get(r);
      if (zone && (y.receiverIds.has(r) || y.below.has(zone))) return zone;
    }
  }
  return null;
}

/** The first of their instants whose airing overlaps one of mine; both lists sorted. */
function firstOverlap(mine: Date[], myLength: number, theirs: Date[], theirLength: number): Date | null {
  let j = 0;
  for (const a of mine) {
    const start = a.getTime();
    // Theirs that end before this one of mine starts can meet no later one either.
    while (j < theirs.length && theirs[j]!.getTime() + theirLength <= start) j++;
    if (j < theirs.length && theirs[j]!.getTime() < start + myLength) return theirs[j]!;
  }
  return null;
}

/**
 * The instants in [from, to), at most MAX_INSTANTS: expanded a week at a
 * time so a cron firing every second stops after a few days' worth rather
 * than building a year of it.
 */
function bounded(spec: ScheduleSpec, from: Date, to: Date, tz: string): Date[] {
  if (spec.kind === 'once') return expandSpec(spec, from, to, tz);
  const out: Date[] = [];
  const step = spec.kind === 'cron' ? 86_400_000 : 31 * 86_400_000;
  for (let t = from.getTime(); t < to.getTime() && out.length < MAX_INSTANTS; t += step) {
    out.push(...expandSpec(spec, new Date(t), new Date(Math.min(t + step, to.getTime())), tz).slice(0, MAX_INSTANTS - out.length));
  }
  return out;
}

const localTime = (at: Date, tz: string) =>
  new Intl.DateTimeFormat('vi-VN', { timeZone: tz, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hourCycle: 'h23' }).format(at);

function message(zoneName: string, at: Date, title: string, tz: string): string {
  const when = localTime(at, tz);
  return `Trùng giờ ở ${zoneName} lúc ${when} với "${title}" (overlaps "${title}" in ${zoneName} at ${when})`;
}
