// Broadcasts: what is to be aired, where and when. A broadcast's status is
// derived from its deliveries (one per receiver) once it is dispatched.
import crypto from 'node:crypto';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import type { BroadcastRow, BroadcastStatus, DeliveryRow, DeliveryState, MediaRow, Role } from '../db/schema.js';
import type { Principal } from '../access/tokens.js';
import type { SettingsService } from '../settings.js';
import { newCommandId, type Priority } from '../mqtt/protocol.js';
import type { ZoneService } from '../zones/service.js';
import { AppError } from '../errors.js';

/** Turns announcement text into stored, receiver-ready media. */
export interface SpeechRenderer {
  render(text: string, opts?: { voice?: string }): Promise<MediaRow>;
}

export interface MediaCatalog {
  get(sha256: string): Promise<MediaRow | undefined>;
}

export interface NewBroadcast {
  title: string;
  text?: string;
  mediaSha256?: string;
  voice?: string;
  zoneIds?: string[];
  receiverIds?: string[];
  priority: Priority;
  category?: string;
  startAt?: Date;
  expiresAt?: Date;
  repeat?: number;
  volume?: number;
}

export const TERMINAL_DELIVERY: readonly DeliveryState[] = ['done', 'failed', 'preempted', 'expired', 'rejected', 'skipped'];
const ORDER: Record<DeliveryState, number> = { queued: 0, received: 1, downloaded: 2, playing: 3, done: 4, failed: 4, preempted: 4, expired: 4, rejected: 4, skipped: 4 };

/** Acks may arrive out of order or twice: a delivery only ever moves forward. */
export function advances(from: DeliveryState, to: DeliveryState): boolean {
  return ORDER[to] > ORDER[from];
}

/** The status a dispatched broadcast has, given how many of its deliveries are in each state. */
export function deriveStatus(counts: Partial<Record<DeliveryState, number>>): BroadcastStatus {
  const n = (s: DeliveryState) => counts[s] ?? 0;
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  if ((Object.keys(counts) as DeliveryState[]).some((s) => n(s) > 0 && !TERMINAL_DELIVERY.includes(s))) return 'dispatched';
  // Every zone was in its quiet hours: nothing was to air.
  if (total > 0 && n('skipped') === total) return 'cancelled';
  if (n('done') === total) return 'done';
  if (n('done') > 0) return 'partial';
  return n('expired') === total ? 'expired' : 'failed';
}

export interface BroadcastView {
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
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  occurrenceId: string | null;
  deliveries: {
    receiverId: string;
    state: DeliveryState;
    updatedAt: string;
    error: string | null;
    receivedAt: string | null;
    downloadedAt: string | null;
    playingAt: string | null;
    finishedAt: string | null;
  }[];
  counts: Partial<Record<DeliveryState, number>>;
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
    },
  ) {}

  mediaUrl(sha256: string): string {
    return `${this.deps.publicUrl}/media/${sha256}.mp3`;
  }

  /** An officer's item waits for the chairman unless waived; emergencies never wait. */
  async needsApproval(priority: Priority, role: Role): Promise<boolean> {
    if (priority === 'emergency' || role === 'admin' || role === 'chairman') return false;
    if (role !== 'officer') return true;
    return !(priority === 'normal' && (await this.deps.settings.get()).waiveApprovalForNormal);
  }

  async create(input: NewBroadcast, by: Principal, link: { occurrenceId?: string } = {}): Promise<BroadcastRow> {
    const actor = by.actor;
    const zoneIds = [...new Set(input.zoneIds ?? [])];
    const receiverIds = [...new Set(input.receiverIds ?? [])];
    if (zoneIds.length === 0 && receiverIds.length === 0) throw new AppError('nothing is targeted: give zoneIds and/or receiverIds');
    if (!input.text?.trim() && !input.mediaSha256) throw new AppError('give the announcement text or a mediaSha256');
    for (const z of zoneIds) if (!(await this.zones.get(z))) throw new AppError(`zone ${z} does not exist`);
    if (receiverIds.length) {
      const found = await this.db.selectFrom('receivers').select('id').where('id', 'in', receiverIds).execute();
      const missing = receiverIds.filter((id) => !found.some((f) => f.id === id));
      if (missing.length) throw new AppError(`receiver ${missing.join(', ')} does not exist`);
    }
    const now = new Date();
    const startAt = input.startAt ?? now;
    const expiresAt = input.expiresAt ?? new Date(startAt.getTime() + this.deps.defaultExpiryMs);
    if (expiresAt <= startAt) throw new AppError('expiresAt must be after startAt');
    if (expiresAt <= now) throw new AppError('expiresAt is already in the past');

    let media: MediaRow | undefined;
    if (input.mediaSha256) {
      media = await this.deps.media.get(input.mediaSha256);
      if (!media) throw new AppError(`media ${input.mediaSha256} does not exist: upload it first`);
    } else {
      media = await this.deps.speech.render(input.text!.trim(), { voice: input.voice });
    }

    const pending = await this.needsApproval(input.priority, by.role);
    // An occurrence's broadcast has ids derived from the occurrence, so a
    // retry after a crash finds the row it already wrote instead of a twin.
    const seed = link.occurrenceId ? crypto.createHash('sha256').update(link.occurrenceId).digest('hex').slice(0, 20) : null;
    const row: BroadcastRow = {
      id: seed ? `b-o${seed}` : `b-${now.getTime().toString(36)}-${crypto.randomBytes(4).toString('hex')}`,
      title: input.title,
      text: input.text?.trim() || null,
      media_sha256: media.sha256,
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
    };
    if (link.occurrenceId) {
      const existing = await this.db.selectFrom('broadcasts').selectAll().where('occurrence_id', '=', link.occurrenceId).executeTakeFirst();
      if (existing) return existing;
    }
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('broadcasts').values(row).execute();
      const targets = [
        ...zoneIds.map((z) => ({ broadcast_id: row.id, zone_id: z, receiver_id: null })),
        ...receiverIds.map((r) => ({ broadcast_id: row.id, zone_id: null, receiver_id: r })),
      ];
      await tx.insertInto('broadcast_targets').values(targets).execute();
    });
    return row;
  }

  async get(id: string): Promise<BroadcastRow | undefined> {
    return this.db.selectFrom('broadcasts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(opts: { limit?: number; status?: BroadcastStatus } = {}): Promise<BroadcastRow[]> {
    let q = this.db.selectFrom('broadcasts').selectAll().orderBy('start_at', 'desc').limit(opts.limit ?? 100);
    if (opts.status) q = q.where('status', '=', opts.status);
    return q.execute();
  }

  async targets(id: string): Promise<{ zoneIds: string[]; receiverIds: string[] }> {
    const rows = await this.db.selectFrom('broadcast_targets').selectAll().where('broadcast_id', '=', id).execute();
    return {
      zoneIds: rows.flatMap((r) => (r.zone_id ? [r.zone_id] : [])),
      receiverIds: rows.flatMap((r) => (r.receiver_id ? [r.receiver_id] : [])),
    };
  }

  async deliveries(id: string): Promise<DeliveryRow[]> {
    return this.db.selectFrom('deliveries').selectAll().where('broadcast_id', '=', id).orderBy('receiver_id').execute();
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

  async cancel(id: string): Promise<BroadcastRow> {
    const res = await this.db
      .updateTable('broadcasts')
      .set({ status: 'cancelled', updated_at: nowIso() })
      .where('id', '=', id)
      .where('status', 'in', ['draft', 'pending_approval', 'scheduled'])
      .executeTakeFirst();
    return this.afterTransition(id, res.numUpdatedRows, 'cancelled');
  }

  async view(row: BroadcastRow): Promise<BroadcastView> {
    const [targets, deliveries] = await Promise.all([this.targets(row.id), this.deliveries(row.id)]);
    const counts: Partial<Record<DeliveryState, number>> = {};
    for (const d of deliveries) counts[d.state] = (counts[d.state] ?? 0) + 1;
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
      createdAt: row.created_at,
      approvedBy: row.approved_by,
      approvedAt: row.approved_at,
      occurrenceId: row.occurrence_id,
      deliveries: deliveries.map((d) => ({
        receiverId: d.receiver_id,
        state: d.state,
        updatedAt: d.updated_at,
        error: d.error,
        receivedAt: d.received_at,
        downloadedAt: d.downloaded_at,
        playingAt: d.playing_at,
        finishedAt: d.finished_at,
      })),
      counts,
    };
  }
}
