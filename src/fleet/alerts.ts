// What needs the technician's attention: receivers silent for too long, and
// receivers that keep missing broadcasts even while they look online.
import type { Db } from '../db/index.js';
import type { DeliveryState } from '../db/schema.js';

export interface AlertThresholds {
  /** Offline for longer than this (or never seen). */
  offlineMs: number;
  /** This many missed broadcasts in a row. */
  failStreak: number;
}

export type ReceiverAlert =
  | { kind: 'offline'; receiverId: string; receiverName: string; lastSeenAt: string | null }
  | { kind: 'failing'; receiverId: string; receiverName: string; failures: number; lastError: string | null; lastState: DeliveryState };

/** Failures older than this are history, not a pattern to alert on. */
const FAILURE_WINDOW_MS = 7 * 24 * 3600_000;

/** How a delivery ends when the receiver did not play it (quiet hours are a choice, not a fault). */
const MISSED: DeliveryState[] = ['failed', 'preempted', 'expired', 'rejected'];

/** Offline receivers first, then failing ones, each by id: the first `limit`, and how many there are in all. */
export async function receiverAlerts(db: Db, t: AlertThresholds, limit: number, now = new Date(), zoneIds: Set<string> | null = null): Promise<{ alerts: ReceiverAlert[]; total: number }> {
  const cutoff = new Date(now.getTime() - t.offlineMs).toISOString();
  // A scoped technician's alerts: receivers in its zones only.
  const zones = zoneIds === null ? null : zoneIds.size ? [...zoneIds] : [''];
  const silent = db
    .selectFrom('receivers')
    .$if(zones !== null, (q) => q.where('zone_id', 'in', zones!))
    .where('online', '=', 0)
    .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', cutoff)]));
  const [offline, offlineCount] = await Promise.all([
    silent.select(['id', 'name', 'last_seen_at']).orderBy('id').limit(limit).execute(),
    silent.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  // Only a receiver that missed something lately can be on a streak; for
  // those, the database ranks their latest outcomes (a healthy fleet of
  // 10 000 has none, so this reads no delivery at all).
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
  const missedLately = db.selectFrom('deliveries').select('receiver_id').where('state', 'in', MISSED).where('finished_at', '>=', since);
  const latest = db
    .selectFrom('deliveries')
    .select(['receiver_id', 'state', 'error', (eb) => eb.fn.agg<number>('row_number').over((ob) => ob.partitionBy('receiver_id').orderBy('finished_at', 'desc')).as('rank')])
    .where('finished_at', '>=', since)
    .where('state', '!=', 'skipped')
    .where('receiver_id', 'in', missedLately)
    .$if(zones !== null, (q) => q.where('receiver_id', 'in', db.selectFrom('receivers').select('id').where('zone_id', 'in', zones!)))
    .as('latest');
  const outcomes = await db
    .selectFrom(latest)
    .innerJoin('receivers', 'receivers.id', 'latest.receiver_id')
    .select(['latest.receiver_id', 'receivers.name', 'latest.state', 'latest.error'])
    .where('latest.rank', '<=', t.failStreak)
    .orderBy('latest.receiver_id')
    .orderBy('latest.rank')
    .execute();
  const streaks = new Map<string, typeof outcomes>();
  for (const o of outcomes) streaks.set(o.receiver_id, [...(streaks.get(o.receiver_id) ?? []), o]);
  const failing: ReceiverAlert[] = [];
  for (const [receiverId, s] of streaks) {
    if (s.length === t.failStreak && s.every((d) => d.state !== 'done')) {
      failing.push({ kind: 'failing', receiverId, receiverName: s[0]!.name, failures: s.length, lastError: s[0]!.error, lastState: s[0]!.state });
    }
  }
  const alerts: ReceiverAlert[] = offline.map((r) => ({ kind: 'offline', receiverId: r.id, receiverName: r.name, lastSeenAt: r.last_seen_at }));
  return { alerts: [...alerts, ...failing].slice(0, limit), total: Number(offlineCount.n) + failing.length };
}

/** Each zone's thresholds, read for many zones at once. */
export type ThresholdsIn = (zoneIds: string[]) => Promise<Map<string, AlertThresholds>>;

/**
 * The same, with each zone's own thresholds (its commune's settings): zones
 * that share them are read together, usually in one query for the whole
 * fleet. `zoneIds` narrows to a scope (null: every zone).
 */
export async function receiverAlertsByZone(db: Db, thresholdsIn: ThresholdsIn, limit: number, now = new Date(), zoneIds: Set<string> | null = null): Promise<{ alerts: ReceiverAlert[]; total: number }> {
  const withReceivers = (await db.selectFrom('receivers').select('zone_id').distinct().execute()).map((r) => r.zone_id).filter((z) => zoneIds === null || zoneIds.has(z));
  const groups = new Map<string, { t: AlertThresholds; zones: Set<string> }>();
  const thresholds = await thresholdsIn(withReceivers);
  for (const zoneId of withReceivers) {
    const t = thresholds.get(zoneId)!;
    const key = `${t.offlineMs}/${t.failStreak}`;
    if (!groups.has(key)) groups.set(key, { t, zones: new Set() });
    groups.get(key)!.zones.add(zoneId);
  }
  const parts = await Promise.all([...groups.values()].map(({ t, zones }) => receiverAlerts(db, t, limit, now, zones)));
  const rank = (a: ReceiverAlert) => `${a.kind === 'offline' ? 0 : 1}${a.receiverId}`;
  const alerts = parts.flatMap((p) => p.alerts).sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
  return { alerts: alerts.slice(0, limit), total: parts.reduce((n, p) => n + p.total, 0) };
}
