// Broadcasts: what is to be aired, where and when. A broadcast's status is
// derived from its deliveries (one per receiver) once it is dispatched.
import crypto from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import type { BroadcastRow, BroadcastStatus, DeliveryRow, DeliveryState, MediaRow, Role } from '../db/schema.js';
import type { Principal } from '../access/tokens.js';
import type { SettingsService } from '../settings.js';
import { newCommandId, type Priority } from '../mqtt/protocol.js';
import type { ZoneService } from '../zones/service.js';
import { AppError } from '../errors.js';
import { actorNames, nameOf, type ActorNames } from '../users/names.js';

/** Turns announcement text into stored, receiver-ready media. */
export interface SpeechRenderer {
  /** `voice` in the answer: the voice that spoke it (a chain may fall back). */
  render(text: string, opts?: { voice?: string; rate?: number; zoneId?: string }): Promise<MediaRow & { voice?: string }>;
}

export interface MediaCatalog {
  get(sha256: string): Promise<MediaRow | undefined>;
}

/** Other items airing at the same time in the same place; refuses (409) when the commune blocks conflicts. */
export interface ConflictCheck {
  check(
    item: { title: string; spec: { kind: 'once'; at: string }; durationMs: number; zoneIds: string[]; receiverIds: string[]; priority: Priority },
    exclude: object,
    now: Date,
    settingsZoneId: string | null,
    /** The asker's scope zone: the other items' targets are cut to what it may see. */
    seenBy: string | null,
  ): Promise<object[]>;
}

export interface NewBroadcast {
  title: string;
  text?: string;
  mediaSha256?: string;
  /** A voice id or chain to speak the text with. */
  voice?: string;
  /** Speaking rate for the text, 1 = normal. */
  rate?: number;
  /** The voice that already spoke `mediaSha256` (an occurrence rendered ahead). */
  spokenBy?: string;
  zoneIds?: string[];
  receiverIds?: string[];
  priority: Priority;
  category?: string;
  startAt?: Date;
  expiresAt?: Date;
  repeat?: number;
  volume?: number;
  /** A live broadcast: its audio is a stream (src/live/), it has no media until its recording is kept. */
  live?: boolean;
}

export const TERMINAL_DELIVERY: readonly DeliveryState[] = ['done', 'failed', 'preempted', 'expired', 'rejected', 'skipped'];
const ORDER: Record<DeliveryState, number> = { queued: 0, received: 1, downloaded: 2, playing: 3, done: 4, failed: 4, preempted: 4, expired: 4, rejected: 4, skipped: 4 };

/** Acks may arrive out of order or twice: a delivery only ever moves forward, to `to` from these. */
export function statesBefore(to: DeliveryState): DeliveryState[] {
  return (Object.keys(ORDER) as DeliveryState[]).filter((s) => ORDER[s] < ORDER[to]);
}

/**
 * The status a dispatched broadcast has, given how many of its deliveries are
 * in each state. `over`: nothing is on air any more (what is left waits for
 * offline receivers), so the status is final even with deliveries still open.
 */
export function deriveStatus(counts: Partial<Record<DeliveryState, number>>, over = false): BroadcastStatus {
  const n = (s: DeliveryState) => counts[s] ?? 0;
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  if (!over && (Object.keys(counts) as DeliveryState[]).some((s) => n(s) > 0 && !TERMINAL_DELIVERY.includes(s))) return 'dispatched';
  // Every zone was in its quiet hours: nothing was to air.
  if (total > 0 && n('skipped') === total) return 'cancelled';
  if (n('done') === total) return 'done';
  if (n('done') > 0) return 'partial';
  return n('expired') === total ? 'expired' : 'failed';
}

/** A broadcast as lists show it: how many deliveries are in each state, not the deliveries. */
interface BroadcastSummary {
  id: string;
  title: string;
  text: string | null;
  mediaSha256: string | null;
  mediaUrl: string | null;
  priority: Priority;
  category: string | null;
  startAt: string;
  expiresAt: string;
  repeat: number;
  volume: number | null;
  status: BroadcastStatus;
  zoneIds: string[];
  receiverIds: string[];
  dispatchedAt: string | null;
  createdBy: string | null;
  /** The creator's display name (an account's, a token's owner's); null when there is none. */
  createdByName: string | null;
  createdAt: string;
  approvedBy: string | null;
  approvedByName: string | null;
  approvedAt: string | null;
  occurrenceId: string | null;
  /** The broadcast this one replays to the receivers that missed it. */
  replayOf: string | null;
  stoppedBy: string | null;
  stoppedByName: string | null;
  stoppedAt: string | null;
  /** The voice that spoke it; null for uploaded media. */
  voice: string | null;
  counts: Partial<Record<DeliveryState, number>>;
  /** Deliveries in all (one per receiver reached). */
  total: number;
}

interface DeliveryView {
  receiverId: string;
  state: DeliveryState;
  updatedAt: string;
  error: string | null;
  receivedAt: string | null;
  downloadedAt: string | null;
  playingAt: string | null;
  finishedAt: string | null;
}

export interface BroadcastView extends BroadcastSummary {
  deliveries: DeliveryView[];
}

/** A delivery in a page of them, with the receiver's name and zone so the page needs no receiver list. */
interface DeliveryItem extends DeliveryView {
  receiverName: string;
  zoneId: string;
  /** Null while the receiver is online; otherwise when it was last heard from ("mất kết nối từ …"). */
  offlineSince: string | null;
}

interface BroadcastFilter {
  status?: BroadcastStatus[];
  /** Only what plays in a scope: targets these zones (the scope's and those above it) or receivers in `within`. */
  reach?: { above: string[]; within: Set<string> } | null;
}

interface DeliveryFilter {
  state?: DeliveryState[];
  /** Receivers in this zone or below it. */
  zoneId?: string;
}

/** Coverage of one hamlet (or of a zone without hamlets above its receivers). */
interface ZoneCoverage {
  zoneId: string;
  name: string;
  counts: Partial<Record<DeliveryState, number>>;
  total: number;
}

/** A delivery's view: its keys and columns. */
const DELIVERY_JSON = [
  ['receiverId', 'receiver_id'],
  ['state', 'state'],
  ['updatedAt', 'updated_at'],
  ['error', 'error'],
  ['receivedAt', 'received_at'],
  ['downloadedAt', 'downloaded_at'],
  ['playingAt', 'playing_at'],
  ['finishedAt', 'finished_at'],
] as const satisfies readonly (readonly [keyof DeliveryView, keyof DeliveryRow])[];

/** The same, selected under the view's names so a page of rows needs no mapping. */
const DELIVERY_VIEW = [
  'deliveries.receiver_id as receiverId',
  'deliveries.state as state',
  'deliveries.updated_at as updatedAt',
  'deliveries.error as error',
  'deliveries.received_at as receivedAt',
  'deliveries.downloaded_at as downloadedAt',
  'deliveries.playing_at as playingAt',
  'deliveries.finished_at as finishedAt',
] as const;

const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

const sum = (counts: Partial<Record<DeliveryState, number>>) => Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);

/** What ties a new broadcast to others: the occurrence it airs, the broadcast it replays, the zone whose settings apply. */
export interface BroadcastLink {
  occurrenceId?: string;
  replayOf?: string;
  settingsZoneId?: string | null;
}

/** A 400 naming the first zone or the receivers that do not exist: a typo would be saved and air to nobody. Schedules check the same. */
export async function requireTargetsExist(db: Db, zones: ZoneService, zoneIds: readonly string[], receiverIds: readonly string[]): Promise<void> {
  for (const z of zoneIds) if (!(await zones.get(z))) throw new AppError(`zone ${z} does not exist`);
  if (receiverIds.length === 0) return;
  const found = new Set((await db.selectFrom('receivers').select('id').where('id', 'in', receiverIds).execute()).map((r) => r.id));
  const missing = receiverIds.filter((id) => !found.has(id));
  if (missing.length) throw new AppError(`receiver ${missing.join(', ')} does not exist`);
}

export class BroadcastService {
  constructor(
    private readonly db: Db,
    private readonly zones: ZoneService,
    private readonly deps: {
      speech: SpeechRenderer;
      media: MediaCatalog;
      publicUrl: string;
      defaultExpiryMs: number;
      settings: SettingsService;
      /** EMERGENCY_WINDOW_MIN: how soon an emergency must start to skip approval (default 5 min). */
      emergencyWindowMs?: number;
      conflicts?: ConflictCheck;
    },
  ) {}

  /** An emergency that plays now: no approval, audited as an emergency. Marked so but later, it is an ordinary item. */
  isEmergencyNow(priority: Priority, startAt: Date | undefined, now = new Date()): boolean {
    return priority === 'emergency' && (startAt ?? now).getTime() <= now.getTime() + (this.deps.emergencyWindowMs ?? 5 * 60_000);
  }

  mediaUrl(sha256: string): string {
    return `${this.deps.publicUrl}/media/${sha256}.mp3`;
  }

  /**
   * An officer's item waits for the chairman unless the commune waived it;
   * an emergency that plays now never waits. `zoneId`: the commune (or any
   * zone) whose settings decide the waiver.
   */
  async needsApproval(priority: Priority, role: Role, startAt?: Date, zoneId: string | null = null): Promise<boolean> {
    if (this.isEmergencyNow(priority, startAt) || role === 'admin' || role === 'chairman') return false;
    if (role !== 'officer') return true;
    return !(priority === 'normal' && (await this.deps.settings.get(zoneId)).waiveApprovalForNormal);
  }

  /** Everything create() refuses before rendering, so a long render can start after a 202 knowing the rest is sound. */
  async check(input: NewBroadcast): Promise<{ zoneIds: string[]; receiverIds: string[]; startAt: Date; expiresAt: Date }> {
    const zoneIds = [...new Set(input.zoneIds ?? [])];
    const receiverIds = [...new Set(input.receiverIds ?? [])];
    if (zoneIds.length === 0 && receiverIds.length === 0) throw new AppError('nothing is targeted: give zoneIds and/or receiverIds');
    if (!input.live && !input.text?.trim() && !input.mediaSha256) throw new AppError('give the announcement text or a mediaSha256');
    await requireTargetsExist(this.db, this.zones, zoneIds, receiverIds);
    const now = new Date();
    const startAt = input.startAt ?? now;
    const expiresAt = input.expiresAt ?? new Date(startAt.getTime() + this.deps.defaultExpiryMs);
    if (expiresAt <= startAt) throw new AppError('expiresAt must be after startAt');
    if (expiresAt <= now) throw new AppError('expiresAt is already in the past');
    return { zoneIds, receiverIds, startAt, expiresAt };
  }

  async create(input: NewBroadcast, by: Principal, link: BroadcastLink = {}): Promise<BroadcastRow> {
    return (await this.make(input, by, link, false)).row;
  }

  /** A one-off from an officer: also the other items it overlaps, or a 409 when the commune blocks conflicts (emergencies are not checked). */
  async createChecked(input: NewBroadcast, by: Principal, link: BroadcastLink = {}): Promise<{ row: BroadcastRow; conflicts: object[] }> {
    return this.make(input, by, link, input.priority !== 'emergency');
  }

  private async make(input: NewBroadcast, by: Principal, link: BroadcastLink, checkConflicts: boolean): Promise<{ row: BroadcastRow; conflicts: object[] }> {
    const actor = by.actor;
    const { zoneIds, receiverIds, startAt, expiresAt } = await this.check(input);
    const now = new Date();

    let media: MediaRow | undefined;
    let voice = input.spokenBy ?? null;
    if (input.live) {
      // Nothing to render: the stream is the content.
    } else if (input.mediaSha256) {
      media = await this.deps.media.get(input.mediaSha256);
      if (!media) throw new AppError(`media ${input.mediaSha256} does not exist: upload it first`);
    } else {
      // The commune's lexicon reads it, in its default voice unless one is chosen: the
      // speech service looks that up for the zone itself, and passes over a commune
      // voice this server does not offer (given as the chosen voice, it failed every item).
      // The zone holding every target, as the unreadable check and a render job read it (null: targets in several
      // top-level zones, read with the shared lexicon); a caller that names none reads as its first target.
      const zoneId = link.settingsZoneId === undefined ? zoneIds[0] : link.settingsZoneId;
      const spoken = await this.deps.speech.render(input.text!.trim(), { voice: input.voice, rate: input.rate, zoneId: zoneId ?? undefined });
      media = spoken;
      voice = spoken.voice ?? null;
    }

    const conflicts =
      !checkConflicts || !this.deps.conflicts || !media
        ? []
        : await this.deps.conflicts.check(
            { title: input.title, spec: { kind: 'once', at: startAt.toISOString() }, durationMs: media.duration_ms * (input.repeat ?? 1), zoneIds, receiverIds, priority: input.priority },
            {},
            new Date(),
            link.settingsZoneId ?? null,
            by.zoneId,
          );
    // A live session cannot wait for anyone: who may start one is the route's permission (docs/live.md).
    const pending = input.live ? false : await this.needsApproval(input.priority, by.role, startAt, link.settingsZoneId ?? null);
    // An occurrence's broadcast has ids derived from the occurrence, so a
    // retry after a crash finds the row it already wrote instead of a twin.
    const seed = link.occurrenceId ? crypto.createHash('sha256').update(link.occurrenceId).digest('hex').slice(0, 20) : null;
    const row: BroadcastRow = {
      id: seed ? `b-o${seed}` : `b-${now.getTime().toString(36)}-${crypto.randomBytes(4).toString('hex')}`,
      title: input.title,
      text: input.text?.trim() || null,
      media_sha256: media?.sha256 ?? null,
      priority: input.priority,
      category: input.category ?? null,
      start_at: startAt.toISOString(),
      expires_at: expiresAt.toISOString(),
      repeat: input.repeat ?? 1,
      volume: input.volume ?? null,
      status: pending ? 'pending_approval' : 'scheduled',
      cmd_id: seed ? `cmd-o${seed}` : newCommandId(),
      dispatched_at: null,
      created_by: actor,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      approved_by: pending ? null : actor,
      approved_at: pending ? null : now.toISOString(),
      occurrence_id: link.occurrenceId ?? null,
      counts_json: null,
      stopped_by: null,
      stopped_at: null,
      replay_of: link.replayOf ?? null,
      voice,
    };
    if (link.occurrenceId) {
      const existing = await this.db.selectFrom('broadcasts').selectAll().where('occurrence_id', '=', link.occurrenceId).executeTakeFirst();
      if (existing) return { row: existing, conflicts };
    }
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('broadcasts').values(row).execute();
      const targets = [
        ...zoneIds.map((z) => ({ broadcast_id: row.id, zone_id: z, receiver_id: null })),
        ...receiverIds.map((r) => ({ broadcast_id: row.id, zone_id: null, receiver_id: r })),
      ];
      await tx.insertInto('broadcast_targets').values(targets).execute();
    });
    return { row, conflicts };
  }

  async get(id: string): Promise<BroadcastRow | undefined> {
    return this.db.selectFrom('broadcasts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async require(id: string): Promise<BroadcastRow> {
    const row = await this.get(id);
    if (!row) throw new AppError(`broadcast ${id} does not exist`, 404);
    return row;
  }

  /** Newest first (by startAt, then id); `before` is the id of the last item of the previous page. */
  async page(filter: BroadcastFilter, before: string | undefined, limit: number): Promise<{ items: BroadcastSummary[]; more: boolean }> {
    let q = this.db.selectFrom('broadcasts').selectAll().orderBy('start_at', 'desc').orderBy('id', 'desc').limit(limit + 1);
    if (filter.status?.length) q = q.where('status', 'in', filter.status);
    if (filter.reach) {
      const zones = [...filter.reach.above, ...filter.reach.within];
      q = q.where('id', 'in', this.db
        .selectFrom('broadcast_targets')
        .select('broadcast_id')
        .where((eb) => eb.or([eb('zone_id', 'in', zones), eb('receiver_id', 'in', eb.selectFrom('receivers').select('id').where('zone_id', 'in', zones))])));
    }
    if (before !== undefined) {
      const cursor = await this.db.selectFrom('broadcasts').select(['start_at', 'id']).where('id', '=', before).executeTakeFirst();
      if (!cursor) throw new AppError(`invalid request: before: broadcast ${before} does not exist`, 400, 'invalid_request');
      q = q.where(({ eb, refTuple, tuple }) => eb(refTuple('start_at', 'id'), '<', tuple(cursor.start_at, cursor.id)));
    }
    const rows = await q.execute();
    return { items: await this.summaries(rows.slice(0, limit), filter.reach?.within ?? null), more: rows.length > limit };
  }

  /**
   * Targets and counts of many broadcasts in two queries; counts are read
   * from the row once final. `within`: a scoped reader's zones, whose
   * receivers alone are counted (an item that also plays in another commune
   * tells nothing of it).
   */
  async summaries(rows: BroadcastRow[], within: Set<string> | null = null): Promise<BroadcastSummary[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((b) => b.id);
    const live = within ? ids : rows.filter((b) => b.counts_json === null).map((b) => b.id);
    const [targets, counted, names] = await Promise.all([
      this.db.selectFrom('broadcast_targets').selectAll().where('broadcast_id', 'in', ids).execute(),
      live.length
        ? this.db
            .selectFrom('deliveries')
            .select(['broadcast_id', 'state', (eb) => eb.fn.countAll<number>().as('n')])
            .where('broadcast_id', 'in', live)
            .$if(within !== null, (q) => q.where('receiver_id', 'in', this.receiversIn(within!)))
            .groupBy(['broadcast_id', 'state'])
            .execute()
        : [],
      actorNames(this.db, rows.flatMap((b) => [b.created_by, b.approved_by, b.stopped_by])),
    ]);
    const byId = new Map(rows.map((b) => [b.id, { zoneIds: [] as string[], receiverIds: [] as string[], counts: (b.counts_json && !within ? JSON.parse(b.counts_json) : {}) as Partial<Record<DeliveryState, number>> }]));
    for (const t of targets) {
      const b = byId.get(t.broadcast_id)!;
      if (t.zone_id) b.zoneIds.push(t.zone_id);
      if (t.receiver_id) b.receiverIds.push(t.receiver_id);
    }
    for (const c of counted) byId.get(c.broadcast_id)!.counts[c.state] = Number(c.n);
    const seen = await this.seenTargets([...byId.values()], within);
    return rows.map((row) => {
      const { counts } = byId.get(row.id)!;
      return this.summary(row, seen(byId.get(row.id)!), counts, names);
    });
  }

  /**
   * The targets a scoped reader is told of: the zones of its subtree and the
   * zones above it, its own receivers. An item that also plays in another
   * commune names none of that commune's hamlets or receivers.
   */
  private async seenTargets(all: { zoneIds: string[]; receiverIds: string[] }[], within: Set<string> | null): Promise<(t: { zoneIds: string[]; receiverIds: string[] }) => { zoneIds: string[]; receiverIds: string[] }> {
    if (within === null) return ({ zoneIds, receiverIds }) => ({ zoneIds, receiverIds });
    // Every zone of a subtree has the same zones above it: one lineage says which they are.
    const inside = within.values().next().value;
    const above = new Set(inside === undefined ? [] : await this.zones.lineage(inside));
    const rx = [...new Set(all.flatMap((t) => t.receiverIds))];
    const ours = new Set<string>();
    for (let i = 0; i < rx.length; i += 500) {
      const rows = await this.db.selectFrom('receivers').select(['id', 'zone_id']).where('id', 'in', rx.slice(i, i + 500)).execute();
      for (const r of rows) if (within.has(r.zone_id)) ours.add(r.id);
    }
    return (t) => ({ zoneIds: t.zoneIds.filter((z) => within.has(z) || above.has(z)), receiverIds: t.receiverIds.filter((r) => ours.has(r)) });
  }

  async targets(id: string): Promise<{ zoneIds: string[]; receiverIds: string[] }> {
    const rows = await this.db.selectFrom('broadcast_targets').selectAll().where('broadcast_id', '=', id).execute();
    return {
      zoneIds: rows.flatMap((r) => (r.zone_id ? [r.zone_id] : [])),
      receiverIds: rows.flatMap((r) => (r.receiver_id ? [r.receiver_id] : [])),
    };
  }

  /** One page of a broadcast's deliveries in receiver id order, and how many match in all. */
  async deliveryPage(id: string, filter: DeliveryFilter, after: string | undefined, limit: number): Promise<{ items: DeliveryItem[]; total: number; more: boolean }> {
    await this.require(id);
    // Counted on the deliveries' index alone unless a zone is asked for; only the page is joined for names.
    let base = this.db.selectFrom('deliveries').where('deliveries.broadcast_id', '=', id);
    if (filter.state?.length) base = base.where('deliveries.state', 'in', filter.state);
    if (filter.zoneId !== undefined) {
      const zones = [...(await this.zones.subtree([filter.zoneId]))];
      if (zones.length === 0) return { items: [], total: 0, more: false };
      base = base.where('deliveries.receiver_id', 'in', this.db.selectFrom('receivers').select('id').where('zone_id', 'in', zones));
    }
    const [rows, count] = await Promise.all([
      (after === undefined ? base : base.where('deliveries.receiver_id', '>', after))
        .innerJoin('receivers', 'receivers.id', 'deliveries.receiver_id')
        .select([...DELIVERY_VIEW, 'receivers.name as receiverName', 'receivers.zone_id as zoneId', 'receivers.online as online', 'receivers.last_seen_at as lastSeenAt'])
        .orderBy('deliveries.receiver_id')
        .limit(limit + 1)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const items = rows.slice(0, limit).map(({ online, lastSeenAt, ...d }) => ({ ...d, offlineSince: online === 1 ? null : lastSeenAt }));
    return { items, total: Number(count.n), more: rows.length > limit };
  }

  /** Deliveries per state in each hamlet the broadcast reached (a cluster counts in its hamlet). */
  async coverage(id: string, within?: Set<string> | null): Promise<{ broadcast: BroadcastSummary; zones: ZoneCoverage[] }> {
    const [broadcast] = await this.summaries([await this.require(id)], within ?? null);
    let q = this.db
      .selectFrom('deliveries')
      .innerJoin('receivers', 'receivers.id', 'deliveries.receiver_id')
      .select(['receivers.zone_id as zoneId', 'deliveries.state as state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('deliveries.broadcast_id', '=', id);
    // A scoped reader sees its own hamlets' coverage only.
    if (within) q = q.where('receivers.zone_id', 'in', within.size ? [...within] : ['']);
    const rows = await q.groupBy(['receivers.zone_id', 'deliveries.state']).execute();
    const out = new Map<string, ZoneCoverage>();
    for (const r of rows) {
      const hamlet = await this.hamletOf(r.zoneId);
      const c = out.get(hamlet.zoneId) ?? { ...hamlet, counts: {}, total: 0 };
      c.counts[r.state] = (c.counts[r.state] ?? 0) + Number(r.n);
      c.total += Number(r.n);
      out.set(hamlet.zoneId, c);
    }
    return { broadcast: broadcast!, zones: [...out.values()].sort((a, b) => a.name.localeCompare(b.name, 'vi')) };
  }

  /** The nearest hamlet at or above a zone; the zone itself when none is. */
  private async hamletOf(zoneId: string): Promise<{ zoneId: string; name: string }> {
    for (const id of await this.zones.lineage(zoneId)) {
      const z = (await this.zones.get(id))!;
      if (z.kind === 'hamlet') return { zoneId: z.id, name: z.name };
    }
    return { zoneId, name: (await this.zones.get(zoneId))?.name ?? zoneId };
  }

  /** The chairman's yes: the broadcast goes to the dispatcher. */
  async approve(id: string, by: Principal): Promise<BroadcastRow> {
    const at = nowIso();
    const res = await this.db
      .updateTable('broadcasts')
      .set({ status: 'scheduled', approved_by: by.actor, approved_at: at, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', 'pending_approval')
      .executeTakeFirst();
    return this.afterTransition(id, res.numUpdatedRows, 'approved');
  }

  /** The reason goes to the audit log with the caller. */
  async reject(id: string, by: Principal): Promise<BroadcastRow> {
    const res = await this.db
      .updateTable('broadcasts')
      .set({ status: 'cancelled', approved_by: by.actor, updated_at: nowIso() })
      .where('id', '=', id)
      .where('status', '=', 'pending_approval')
      .executeTakeFirst();
    return this.afterTransition(id, res.numUpdatedRows, 'rejected');
  }

  private async afterTransition(id: string, updated: bigint, what: string): Promise<BroadcastRow> {
    const row = await this.get(id);
    if (!row) throw new AppError(`broadcast ${id} does not exist`, 404);
    if (updated === 0n) throw new AppError(`broadcast ${id} is ${row.status} and cannot be ${what}`, 409);
    return row;
  }

  /** `onlyWhile`: the states it may still be cancelled from (an officer's: only before approval). */
  async cancel(id: string, onlyWhile: BroadcastStatus[] = ['draft', 'pending_approval', 'scheduled']): Promise<BroadcastRow> {
    const res = await this.db
      .updateTable('broadcasts')
      .set({ status: 'cancelled', updated_at: nowIso() })
      .where('id', '=', id)
      .where('status', 'in', onlyWhile)
      .executeTakeFirst();
    return this.afterTransition(id, res.numUpdatedRows, 'cancelled');
  }

  /**
   * A new broadcast of the same media to exactly the receivers that did not
   * play this one, linked to it. Deliveries of this one still waiting for an
   * offline receiver are closed, so nobody hears it twice.
   */
  async replayMissed(id: string, by: Principal): Promise<{ row: BroadcastRow; receiverIds: string[] }> {
    const b = await this.require(id);
    if (!['done', 'partial', 'failed', 'expired', 'stopped'].includes(b.status)) {
      throw new AppError(`Bản tin chưa kết thúc (${b.status}): dừng hoặc chờ phát xong rồi mới phát lại. (broadcast ${id} is ${b.status}, not over)`, 409);
    }
    const missed = await this.db.selectFrom('deliveries').select('receiver_id').where('broadcast_id', '=', id).where('state', '!=', 'done').orderBy('receiver_id').execute();
    if (missed.length === 0) throw new AppError(`Mọi cụm loa đã phát bản tin này: không có gì để phát lại. (every receiver played broadcast ${id})`, 409);
    const receiverIds = missed.map((d) => d.receiver_id);
    const row = await this.create(
      { title: `Phát lại: ${b.title}`.slice(0, 300), text: b.text ?? undefined, mediaSha256: b.media_sha256!, receiverIds, priority: b.priority, category: b.category ?? undefined, repeat: b.repeat, volume: b.volume ?? undefined },
      by,
      { replayOf: b.id },
    );
    const at = nowIso();
    await this.db
      .updateTable('deliveries')
      .set({ state: 'expired', error: `replayed in ${row.id}`, finished_at: at, updated_at: at })
      .where('broadcast_id', '=', id)
      .where('state', 'in', ['queued', 'received', 'downloaded'])
      .execute();
    return { row, receiverIds };
  }

  /** A live broadcast is over at `at`: no receiver is sent it any more, and what never started expires. */
  async endLive(id: string, at: Date): Promise<void> {
    const iso = at.toISOString();
    await this.db.updateTable('broadcasts').set({ expires_at: iso, updated_at: nowIso() }).where('id', '=', id).where('expires_at', '>', iso).execute();
  }

  /** A live broadcast's recording, kept once it is over, is its media (reports count its duration; it can be aired again). */
  async attachRecording(id: string, sha256: string): Promise<void> {
    await this.db.updateTable('broadcasts').set({ media_sha256: sha256, updated_at: nowIso() }).where('id', '=', id).where('media_sha256', 'is', null).execute();
  }

  /** The ids of the receivers in these zones, as a subquery. */
  private receiversIn(zones: Set<string>) {
    return this.db.selectFrom('receivers').select('id').where('zone_id', 'in', zones.size ? [...zones] : ['']);
  }

  /**
   * The broadcast with every delivery (10 000 for a province), as JSON text.
   * `within`: a scoped reader's zones; only their receivers' deliveries and
   * counts are shown.
   */
  async viewJson(row: BroadcastRow, within: Set<string> | null = null): Promise<string> {
    const [targets, deliveries, counts, names] = await Promise.all([
      this.targets(row.id).then(async (t) => (await this.seenTargets([t], within))(t)),
      this.deliveriesJson(row.id, within),
      row.counts_json && !within ? JSON.parse(row.counts_json) : this.countByState(row.id, within),
      actorNames(this.db, [row.created_by, row.approved_by, row.stopped_by]),
    ]);
    const summary = JSON.stringify(this.summary(row, targets, counts, names));
    return `${summary.slice(0, -1)},"deliveries":${deliveries}}`;
  }

  /**
   * Measured on 10 000 deliveries: SQLite writes the JSON array itself in
   * half the time node takes from rows; PostgreSQL's JSON functions are
   * slower than sending the rows, so there node writes it.
   */
  private async deliveriesJson(id: string, within: Set<string> | null): Promise<string> {
    if (isPostgres(this.db)) {
      return JSON.stringify(
        await this.db
          .selectFrom('deliveries')
          .select(DELIVERY_VIEW)
          .where('broadcast_id', '=', id)
          .$if(within !== null, (q) => q.where('receiver_id', 'in', this.receiversIn(within!)))
          .orderBy('receiver_id')
          .execute(),
      );
    }
    const pairs = sql.join(DELIVERY_JSON.flatMap(([key, column]) => [sql.lit(key), sql.ref(column)]));
    const array = await this.db
      .selectFrom('deliveries')
      .select(sql<string>`json_group_array(json_object(${pairs}) order by receiver_id)`.as('json'))
      .where('broadcast_id', '=', id)
      .$if(within !== null, (q) => q.where('receiver_id', 'in', this.receiversIn(within!)))
      .executeTakeFirstOrThrow();
    return array.json;
  }

  async countByState(id: string, within: Set<string> | null = null): Promise<Partial<Record<DeliveryState, number>>> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('broadcast_id', '=', id)
      .$if(within !== null, (q) => q.where('receiver_id', 'in', this.receiversIn(within!)))
      .groupBy('state')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  private summary(row: BroadcastRow, targets: { zoneIds: string[]; receiverIds: string[] }, counts: Partial<Record<DeliveryState, number>>, names: ActorNames): BroadcastSummary {
    return {
      id: row.id,
      title: row.title,
      text: row.text,
      mediaSha256: row.media_sha256,
      mediaUrl: row.media_sha256 ? this.mediaUrl(row.media_sha256) : null,
      priority: row.priority,
      category: row.category,
      startAt: row.start_at,
      expiresAt: row.expires_at,
      repeat: row.repeat,
      volume: row.volume,
      status: row.status,
      ...targets,
      dispatchedAt: row.dispatched_at,
      createdBy: row.created_by,
      createdByName: nameOf(names, row.created_by),
      createdAt: row.created_at,
      approvedBy: row.approved_by,
      approvedByName: nameOf(names, row.approved_by),
      approvedAt: row.approved_at,
      occurrenceId: row.occurrence_id,
      replayOf: row.replay_of,
      stoppedBy: row.stopped_by,
      stoppedByName: nameOf(names, row.stopped_by),
      stoppedAt: row.stopped_at,
      voice: row.voice,
      counts,
      total: sum(counts),
    };
  }
}
