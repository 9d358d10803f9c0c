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
  | { kind: 'offline'; receiverId: string; lastSeenAt: string | null }
  | { kind: 'failing'; receiverId: string; failures: number; lastError: string | null; lastState: DeliveryState };

/** Failures older than this are history, not a pattern to alert on. */
const FAILURE_WINDOW_MS = 7 * 24 * 3600_000;

export async function receiverAlerts(db: Db, t: AlertThresholds, now = new Date()): Promise<ReceiverAlert[]> {
  const cutoff = new Date(now.getTime() - t.offlineMs).toISOString();
  const offline = await db
    .selectFrom('receivers')
    .select(['id', 'last_seen_at'])
    .where('online', '=', 0)
    .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', cutoff)]))
    .orderBy('id')
    .execute();
  const finished = await db
    .selectFrom('deliveries')
    .select(['receiver_id', 'state', 'error', 'finished_at'])
    .where('finished_at', '>=', new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString())
    // Quiet hours are a choice, not a fault.
    .where('state', '!=', 'skipped')
    .orderBy('receiver_id')
    .orderBy('finished_at', 'desc')
    .execute();
  const streaks = new Map<string, typeof finished>();
  for (const d of finished) {
    const s = streaks.get(d.receiver_id) ?? [];
    if (s.length < t.failStreak) s.push(d);
    streaks.set(d.receiver_id, s);
  }
  const alerts: ReceiverAlert[] = offline.map((r) => ({ kind: 'offline', receiverId: r.id, lastSeenAt: r.last_seen_at }));
  for (const [receiverId, s] of streaks) {
    if (s.length === t.failStreak && s.every((d) => d.state !== 'done')) {
      alerts.push({ kind: 'failing', receiverId, failures: s.length, lastError: s[0]!.error, lastState: s[0]!.state });
    }
  }
  return alerts;
}
