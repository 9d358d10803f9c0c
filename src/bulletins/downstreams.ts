// A province's linked communes ("downstreams"): the token each connects up
// with (one commune zone per token, revocable, stored hashed), and what each
// last reported — receiver status and its as-played log — kept beside the
// province's own zones for its panel and reports.
import crypto from 'node:crypto';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import { hashSecret, newSecret } from '../access/secrets.js';
import type { ZoneService } from '../zones/service.js';
import type { PlayedMessage, StatusMessage } from '../upstream/messages.js';
import { HUB_TICK_MS, type Downstream } from '../upstream/hub.js';
import { AppError } from '../errors.js';

interface DownstreamView {
  id: string;
  zoneId: string;
  zoneName: string;
  connected: boolean;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  online: number;
  offline: number;
  statusAt: string | null;
}

interface LinkedPlayed {
  downstreamId: string;
  zoneId: string;
  zoneName: string;
  broadcastId: string;
  bulletinId: string | null;
  title: string;
  priority: string;
  status: string;
  startAt: string;
  zoneIds: string[];
  counts: Record<string, number>;
  receivers: number;
  done: number;
  durationMs: number | null;
}

/** One linked commune's month, counted like the province's own hamlets. */
interface LinkedMonth {
  zoneId: string;
  zoneName: string;
  broadcasts: number;
  minutes: number;
  deliveries: number;
  done: number;
  successRate: number | null;
}

/** A link another instance holds is marked seen every HUB_TICK_MS; this long without, it is down. */
const LINKED_ELSEWHERE_MS = 5 * HUB_TICK_MS;

export class DownstreamStore {
  constructor(
    private readonly db: Db,
    private readonly zones: ZoneService,
  ) {}

  /** A token for one commune zone, shown once. */
  async issue(zoneId: string, by: string): Promise<{ id: string; token: string }> {
    const zone = await this.zones.get(zoneId);
    if (!zone) throw new AppError(`Không có vùng ${zoneId} (zone ${zoneId} does not exist)`);
    if (zone.kind !== 'commune') throw new AppError(`Chỉ cấp mã kết nối cho xã, ${zoneId} là ${zone.kind} (a downstream token is for a commune zone)`);
    const id = `ds-${crypto.randomBytes(6).toString('hex')}`;
    const token = `loa_up_${newSecret(32)}`;
    await this.db
      .insertInto('downstreams')
      .values({ id, zone_id: zoneId, token_hash: hashSecret(token), created_by: by, created_at: nowIso(), revoked_at: null, last_seen_at: null, online: 0, offline: 0, status_at: null })
      .execute();
    return { id, token };
  }

  async revoke(id: string): Promise<void> {
    const res = await this.db.updateTable('downstreams').set({ revoked_at: nowIso() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    if (res.numUpdatedRows === 0n) {
      const known = await this.db.selectFrom('downstreams').select('id').where('id', '=', id).executeTakeFirst();
      throw new AppError(known ? `Mã kết nối ${id} đã bị thu hồi (already revoked)` : `Không có kết nối ${id} (downstream ${id} does not exist)`, known ? 409 : 404);
    }
  }

  async authenticate(token: string): Promise<Downstream | null> {
    const row = await this.db.selectFrom('downstreams').select(['id', 'zone_id']).where('token_hash', '=', hashSecret(token)).where('revoked_at', 'is', null).executeTakeFirst();
    if (!row) return null;
    await this.seen(row.id);
    return { id: row.id, zoneId: row.zone_id };
  }

  /**
   * Of the communes an instance holds a link with, those whose token still
   * stands (one revoked through another instance is not); they are marked
   * seen now, which tells every instance they are linked.
   */
  async stillLinked(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.updateTable('downstreams').set({ last_seen_at: nowIso() }).where('id', 'in', ids).where('revoked_at', 'is', null).returning('id').execute();
    return new Set(rows.map((r) => r.id));
  }

  async seen(id: string): Promise<void> {
    await this.db.updateTable('downstreams').set({ last_seen_at: nowIso() }).where('id', '=', id).execute();
  }

  /** The linked commune serving this zone, if any (the newest token). */
  async forZone(zoneId: string): Promise<string | null> {
    const row = await this.db.selectFrom('downstreams').select('id').where('zone_id', '=', zoneId).where('revoked_at', 'is', null).orderBy('created_at', 'desc').executeTakeFirst();
    return row?.id ?? null;
  }

  async list(connected: (id: string) => boolean): Promise<DownstreamView[]> {
    const rows = await this.db.selectFrom('downstreams').selectAll().orderBy('zone_id').orderBy('created_at').execute();
    const names = new Map((await this.zones.list()).map((z) => [z.id, z.name]));
    return rows.map((r) => ({
      id: r.id,
      zoneId: r.zone_id,
      zoneName: names.get(r.zone_id) ?? r.zone_id,
      // Linked here, or to another instance, which marks it seen every second.
      connected: r.revoked_at === null && (connected(r.id) || (r.last_seen_at !== null && Date.now() - Date.parse(r.last_seen_at) < LINKED_ELSEWHERE_MS)),
      createdBy: r.created_by,
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
      lastSeenAt: r.last_seen_at,
      online: r.online,
      offline: r.offline,
      statusAt: r.status_at,
    }));
  }

  /** Status reports arrive in order: the counts are the latest, each receiver's change is kept if newer. */
  async applyStatus(id: string, m: StatusMessage): Promise<void> {
    await this.db.updateTable('downstreams').set({ online: m.online, offline: m.offline, status_at: m.at, last_seen_at: nowIso() }).where('id', '=', id).execute();
    for (const c of m.changes) {
      await this.db
        .insertInto('downstream_receivers')
        .values({ downstream_id: id, receiver_id: c.receiverId, name: c.name ?? null, online: c.online ? 1 : 0, changed_at: c.at })
        .onConflict((oc) =>
          oc
            .columns(['downstream_id', 'receiver_id'])
            .doUpdateSet((eb) => ({ online: eb.ref('excluded.online'), changed_at: eb.ref('excluded.changed_at'), name: eb.fn.coalesce(eb.ref('excluded.name'), eb.ref('downstream_receivers.name')) }))
            .where('downstream_receivers.changed_at', '<=', c.at),
        )
        .execute();
    }
  }

  async receivers(id: string): Promise<{ receiverId: string; name: string | null; online: boolean; changedAt: string }[]> {
    const rows = await this.db.selectFrom('downstream_receivers').selectAll().where('downstream_id', '=', id).orderBy('receiver_id').execute();
    return rows.map((r) => ({ receiverId: r.receiver_id, name: r.name, online: r.online === 1, changedAt: r.changed_at }));
  }

  /** One row per commune broadcast: the same report twice is one row. */
  async applyPlayed(id: string, m: PlayedMessage): Promise<void> {
    const row = {
      downstream_id: id,
      broadcast_id: m.broadcastId,
      bulletin_id: m.bulletinId ?? null,
      title: m.title,
      priority: m.priority,
      status: m.status,
      start_at: m.startAt,
      zone_ids_json: JSON.stringify(m.zoneIds),
      counts_json: JSON.stringify(m.counts),
      duration_ms: m.durationMs ?? null,
      received_at: nowIso(),
    };
    await this.db
      .insertInto('downstream_played')
      .values(row)
      .onConflict((oc) => oc.columns(['downstream_id', 'broadcast_id']).doUpdateSet({ status: row.status, counts_json: row.counts_json, start_at: row.start_at }))
      .execute();
  }

  /** The linked communes' as-played log, newest first. */
  async played(f: { from: Date; to: Date; zoneId?: string; limit: number }): Promise<LinkedPlayed[]> {
    let q = this.db
      .selectFrom('downstream_played')
      .innerJoin('downstreams', 'downstreams.id', 'downstream_played.downstream_id')
      .selectAll('downstream_played')
      .select('downstreams.zone_id')
      .where('downstream_played.start_at', '>=', f.from.toISOString())
      .where('downstream_played.start_at', '<', f.to.toISOString())
      .orderBy('downstream_played.start_at', 'desc')
      .limit(f.limit);
    // No such zone: nothing (an empty IN list is a syntax error on PostgreSQL).
    if (f.zoneId) q = q.where('downstreams.zone_id', 'in', [...(await this.zones.subtree([f.zoneId])), '']);
    const rows = await q.execute();
    const names = new Map((await this.zones.list()).map((z) => [z.id, z.name]));
    return rows.map((r) => {
      const counts = JSON.parse(r.counts_json) as Record<string, number>;
      return {
        downstreamId: r.downstream_id,
        zoneId: r.zone_id,
        zoneName: names.get(r.zone_id) ?? r.zone_id,
        broadcastId: r.broadcast_id,
        bulletinId: r.bulletin_id,
        title: r.title,
        priority: r.priority,
        status: r.status,
        startAt: r.start_at,
        zoneIds: JSON.parse(r.zone_ids_json),
        counts,
        receivers: Object.values(counts).reduce((a, n) => a + n, 0),
        done: counts.done ?? 0,
        durationMs: r.duration_ms,
      };
    });
  }

  /** Per linked commune, what it aired in [from, to): the province's monthly summary beside its own hamlets. */
  async month(f: { from: Date; to: Date; zoneId?: string }): Promise<LinkedMonth[]> {
    const rows = await this.played({ ...f, limit: 1_000_000 });
    const by = new Map<string, LinkedMonth>();
    for (const r of rows) {
      if (r.status === 'cancelled') continue;
      const m = by.get(r.zoneId) ?? { zoneId: r.zoneId, zoneName: r.zoneName, broadcasts: 0, minutes: 0, deliveries: 0, done: 0, successRate: null };
      m.broadcasts++;
      m.minutes += Math.round(((r.durationMs ?? 0) / 60_000) * 10) / 10;
      m.deliveries += r.receivers - (r.counts.skipped ?? 0);
      m.done += r.done;
      by.set(r.zoneId, m);
    }
    return [...by.values()].map((m) => ({ ...m, minutes: Math.round(m.minutes * 10) / 10, successRate: m.deliveries ? m.done / m.deliveries : null }));
  }
}
