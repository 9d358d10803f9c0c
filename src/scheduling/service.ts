// Schedules: what the officer plans (one-off, cron, simple rules, holidays),
// their approval, and the conflicts they would cause in a zone.
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import type { OccurrenceState, ScheduleRow, ScheduleStatus } from '../db/schema.js';
import { AppError } from '../errors.js';
import { PRIORITIES, receiverIdSchema, zoneIdSchema, type Priority } from '../mqtt/protocol.js';
import type { Principal } from '../access/tokens.js';
import type { SettingsService } from '../settings.js';
import type { ZoneService } from '../zones/service.js';
import { requireTargetsExist, type MediaCatalog } from '../broadcasts/service.js';
import { expandSpec, specSchema, type ScheduleSpec } from './recurrence.js';
import { templateById } from './templates.js';
import { ConflictFinder, estimateDurationMs, type Conflict } from './conflicts.js';
import { actorNames, type ActorNames } from '../users/names.js';

export const scheduleInputSchema = z
  .object({
    title: z.string().trim().min(1, 'title is empty').max(300),
    text: z.string().trim().max(100_000).optional(),
    mediaSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
    templateId: z.string().max(64).optional(),
    /** A relay: the http(s) stream to air live (internet radio, the district's encoder) and for how long. */
    relayUrl: z
      .string()
      .max(2000)
      .refine((u) => /^https?:\/\//.test(u) && URL.canParse(u), 'must be an http:// or https:// stream URL')
      .optional(),
    relayDurationS: z.number().int().min(1).max(6 * 3600).optional(),
    voice: z.string().max(300).optional(),
    /** Speaking rate of the text, as for a broadcast sent now. */
    rate: z.number().min(0.5).max(2).optional(),
    zoneIds: z.array(zoneIdSchema).max(1000).default([]),
    receiverIds: z.array(receiverIdSchema).max(10_000).default([]),
    priority: z.enum(PRIORITIES).default('normal'),
    category: z.string().max(50).optional(),
    repeat: z.number().int().min(1).max(20).default(1),
  })
  .and(specSchema);
export type ScheduleInput = z.infer<typeof scheduleInputSchema>;

export class ScheduleService {
  private readonly finder: ConflictFinder;

  constructor(
    private readonly db: Db,
    private readonly zones: ZoneService,
    private readonly deps: {
      settings: SettingsService;
      media: MediaCatalog;
      timezone: string;
      horizonMs: number;
      /** Refuses a relayUrl the server may not fetch (src/live/source.ts), when the schedule is saved rather than when it airs. */
      relaySources?: { check(url: string): Promise<void> };
    },
  ) {
    this.finder = new ConflictFinder(db, zones, deps);
  }

  async get(id: string): Promise<ScheduleRow> {
    const row = await this.db.selectFrom('schedules').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new AppError(`schedule ${id} does not exist`, 404);
    return row;
  }

  /** Display names of the schedules' creators and approvers, in one query. */
  names(rows: ScheduleRow[]): Promise<ActorNames> {
    return actorNames(this.db, rows.flatMap((s) => [s.created_by, s.approved_by]));
  }

  async list(status?: ScheduleStatus): Promise<ScheduleRow[]> {
    let q = this.db.selectFrom('schedules').selectAll().orderBy('created_at', 'desc');
    if (status) q = q.where('status', '=', status);
    return q.execute();
  }

  private async validate(input: ScheduleInput): Promise<void> {
    if (input.zoneIds.length === 0 && input.receiverIds.length === 0) throw new AppError('nothing is targeted: give zoneIds and/or receiverIds');
    if (!input.text && !input.mediaSha256 && !input.templateId && !input.relayUrl) throw new AppError('give the announcement text, a mediaSha256, a templateId or a relayUrl');
    if (input.relayUrl && (input.text || input.mediaSha256 || input.templateId)) throw new AppError('a relay schedule airs its relayUrl: give no text, mediaSha256 or templateId with it');
    if (input.relayUrl && !input.relayDurationS) throw new AppError('relayDurationS is required with relayUrl (how long to relay, in seconds)');
    if (input.relayUrl) await this.deps.relaySources?.check(input.relayUrl);
    if (input.templateId && !templateById(input.templateId)) throw new AppError(`template ${input.templateId} does not exist`);
    if (input.mediaSha256 && !(await this.deps.media.get(input.mediaSha256))) throw new AppError(`media ${input.mediaSha256} does not exist: upload it first`);
    await requireTargetsExist(this.db, this.zones, input.zoneIds, input.receiverIds);
    if (input.kind === 'once' && Date.parse(input.at) < Date.now() - 60_000) throw new AppError('at is in the past');
  }

  /**
   * Officer's items start as drafts; the chairman's and admin's are approved
   * at once. A schedule is never "now", so one marked emergency is no
   * exception: it waits for approval like any item. `zoneId`: whose settings
   * apply (the zone holding every target).
   */
  async create(input: ScheduleInput, by: Principal, zoneId: string | null = null): Promise<{ schedule: ScheduleRow; conflicts: Conflict[] }> {
    await this.validate(input);
    const conflicts = await this.checkConflicts(input, {}, zoneId, by.zoneId);
    const approver = by.role === 'admin' || by.role === 'chairman';
    const status: ScheduleStatus = approver || (await this.waived(input.priority, zoneId)) ? 'approved' : 'draft';
    const now = nowIso();
    const row: ScheduleRow = {
      id: `s-${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}`,
      ...contentOf(input),
      ...decision(status, by, now),
      created_by: by.actor,
      reject_reason: null,
      created_at: now,
      updated_at: now,
    };
    await this.db.insertInto('schedules').values(row).execute();
    return { schedule: row, conflicts };
  }

  /** A change after approval needs approval again (unless the editor may approve). */
  async update(id: string, input: ScheduleInput, by: Principal, zoneId: string | null = null): Promise<{ schedule: ScheduleRow; conflicts: Conflict[] }> {
    const before = await this.get(id);
    if (before.status === 'archived') throw new AppError(`schedule ${id} is archived`, 409);
    await this.validate(input);
    const conflicts = await this.checkConflicts(input, { scheduleId: id }, zoneId, by.zoneId);
    const approver = by.role === 'admin' || by.role === 'chairman';
    const status: ScheduleStatus = approver || (await this.waived(input.priority, zoneId)) ? 'approved' : before.status === 'draft' ? 'draft' : 'pending_approval';
    const now = nowIso();
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('schedules')
        .set({
          ...contentOf(input),
          ...decision(status, by, now),
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      // What was planned, rendered or made ready from the old version must
      // not air: dropped here, written and rendered again from the new
      // version once it is approved (a render in flight finds its row gone).
      await tx.deleteFrom('occurrences').where('schedule_id', '=', id).where('state', 'in', ['planned', 'rendering', 'ready']).execute();
    });
    return { schedule: await this.get(id), conflicts };
  }

  async submit(id: string, zoneId: string | null = null): Promise<ScheduleRow> {
    const s = await this.get(id);
    if (s.status !== 'draft' && s.status !== 'rejected') throw new AppError(`schedule ${id} is ${s.status}, not a draft`, 409);
    const status: ScheduleStatus = (await this.waived(s.priority, zoneId)) ? 'approved' : 'pending_approval';
    await this.db.updateTable('schedules').set({ status, reject_reason: null, updated_at: nowIso() }).where('id', '=', id).execute();
    return this.get(id);
  }

  async approve(id: string, by: Principal): Promise<ScheduleRow> {
    return this.decide(id, by, 'approved', null);
  }

  async reject(id: string, by: Principal, reason: string): Promise<ScheduleRow> {
    return this.decide(id, by, 'rejected', reason);
  }

  private async decide(id: string, by: Principal, status: 'approved' | 'rejected', reason: string | null): Promise<ScheduleRow> {
    const now = nowIso();
    const res = await this.db
      .updateTable('schedules')
      .set({ status, approved_by: by.actor, approved_at: status === 'approved' ? now : null, reject_reason: reason, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'pending_approval')
      .executeTakeFirst();
    const row = await this.get(id);
    if (res.numUpdatedRows === 0n) throw new AppError(`schedule ${id} is ${row.status}, not waiting for approval`, 409);
    return row;
  }

  async archive(id: string): Promise<ScheduleRow> {
    await this.get(id);
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('schedules').set({ status: 'archived', updated_at: nowIso() }).where('id', '=', id).execute();
      await tx.updateTable('occurrences').set({ state: 'cancelled', reason: 'schedule archived', updated_at: nowIso() }).where('schedule_id', '=', id).where('state', 'in', ['planned', 'rendering', 'ready']).execute();
    });
    return this.get(id);
  }

  private async waived(priority: Priority, zoneId: string | null): Promise<boolean> {
    return priority === 'normal' && (await this.deps.settings.get(zoneId)).waiveApprovalForNormal;
  }

  /**
   * Other approved or pending items, schedules and one-off broadcasts, that
   * would air at an overlapping time in an overlapping zone over the whole
   * span of this one (a year ahead); a 409 when the commune blocks them.
   * Equal priorities queue on the receiver; the officer is still told.
   */
  /** `seenBy`: the asker's scope zone (the other items' targets are cut to it). */
  private async checkConflicts(input: ScheduleInput, exclude: { scheduleId?: string } = {}, zoneId: string | null = null, seenBy: string | null = null): Promise<Conflict[]> {
    const media = input.mediaSha256 ? await this.deps.media.get(input.mediaSha256) : undefined;
    return this.finder.check(
      { title: input.title, spec: specOf(input), durationMs: input.relayDurationS ? input.relayDurationS * 1000 : estimateDurationMs(input.text, media?.duration_ms, input.repeat), zoneIds: input.zoneIds, receiverIds: input.receiverIds, priority: input.priority },
      exclude,
      new Date(),
      zoneId,
      seenBy,
    );
  }

  /**
   * What airs in [from, to): the occurrences already written down, and, for
   * the rest of the window, those approved or pending schedules will make
   * (state `projected`), so a month calendar is full before the horizon gets there.
   */
  async occurrences(from: Date, to: Date, only?: Set<string>): Promise<CalendarItem[]> {
    return this.calendar(from, to, only);
  }

  /**
   * `only`: the schedules the caller may see. Another commune's schedules are
   * neither read nor expanded (a commune's cron every second made every
   * commune's calendar read its 170 000 written occurrences), and a schedule
   * shows at most MAX_PROJECTED items, written or projected.
   */
  private async calendar(from: Date, to: Date, only?: Set<string>): Promise<CalendarItem[]> {
    const found = await this.db
      .selectFrom('occurrences')
      .innerJoin('schedules', 'schedules.id', 'occurrences.schedule_id')
      .selectAll('occurrences')
      .select(['schedules.title', 'schedules.priority', 'schedules.zone_ids_json', 'schedules.status as schedule_status'])
      .where('occurrences.at', '>=', from.toISOString())
      .where('occurrences.at', '<', to.toISOString())
      .$if(only !== undefined, (q) => q.where('occurrences.schedule_id', 'in', [...only!, '']))
      .orderBy('occurrences.at')
      .execute();
    const shown = new Map<string, number>();
    const rows = found.filter((o) => {
      const n = (shown.get(o.schedule_id) ?? 0) + 1;
      shown.set(o.schedule_id, n);
      return n <= MAX_PROJECTED;
    });
    const items: CalendarItem[] = rows.map((o) => ({
      id: o.id,
      scheduleId: o.schedule_id,
      title: o.title,
      at: o.at,
      priority: o.priority,
      state: o.state,
      scheduleStatus: o.schedule_status,
      broadcastId: o.broadcast_id,
      reason: o.reason,
      zoneIds: JSON.parse(o.zone_ids_json),
    }));
    const written = new Set(items.map((i) => i.id));
    const horizon = new Date(Date.now() + this.deps.horizonMs);
    for (const s of await this.db.selectFrom('schedules').selectAll().where('status', 'in', ['approved', 'pending_approval']).execute()) {
      if (only && !only.has(s.id)) continue;
      // Approved schedules are written down up to the horizon; project only past it.
      const start = s.status === 'approved' ? new Date(Math.max(from.getTime(), horizon.getTime())) : new Date(Math.max(from.getTime(), Date.now()));
      if (start >= to) continue;
      const left = MAX_PROJECTED - Math.min(shown.get(s.id) ?? 0, MAX_PROJECTED);
      if (left === 0) continue;
      for (const at of expandSpec(JSON.parse(s.spec_json) as ScheduleSpec, start, to, this.deps.timezone).slice(0, left)) {
        const id = `${s.id}@${at.toISOString()}`;
        if (written.has(id)) continue;
        items.push({ id, scheduleId: s.id, title: s.title, at: at.toISOString(), priority: s.priority, state: 'projected', scheduleStatus: s.status, broadcastId: null, reason: null, zoneIds: JSON.parse(s.zone_ids_json) });
      }
    }
    return items.sort((a, b) => a.at.localeCompare(b.at));
  }
}

/** A cron every second over a month would be millions: a calendar shows at most this many per schedule (written or projected). */
const MAX_PROJECTED = 2000;

export interface CalendarItem {
  id: string;
  scheduleId: string;
  title: string;
  at: string;
  priority: Priority;
  state: OccurrenceState | 'projected';
  scheduleStatus: ScheduleStatus;
  broadcastId: string | null;
  reason: string | null;
  zoneIds: string[];
}

/** The columns that say what a schedule airs, where and when. */
function contentOf(input: ScheduleInput) {
  return {
    title: input.title,
    text: input.text ?? null,
    media_sha256: input.mediaSha256 ?? null,
    voice: input.voice ?? null,
    rate: input.rate ?? null,
    template_id: input.templateId ?? null,
    priority: input.priority,
    category: input.category ?? null,
    kind: input.kind,
    spec_json: JSON.stringify(specOf(input)),
    zone_ids_json: JSON.stringify(input.zoneIds),
    receiver_ids_json: JSON.stringify(input.receiverIds),
    repeat: input.repeat,
    relay_url: input.relayUrl ?? null,
    relay_duration_s: input.relayUrl ? (input.relayDurationS ?? null) : null,
  };
}

/** The status a save leaves: an edit answers any earlier rejection, so its reason goes. */
function decision(status: ScheduleStatus, by: Principal, now: string) {
  return { status, approved_by: status === 'approved' ? by.actor : null, approved_at: status === 'approved' ? now : null, reject_reason: null };
}

function specOf(input: ScheduleInput): ScheduleSpec {
  switch (input.kind) {
    case 'once':
      return { kind: 'once', at: new Date(input.at).toISOString() };
    case 'cron':
      return { kind: 'cron', cron: input.cron };
    case 'rule':
      return { kind: 'rule', rule: input.rule };
    case 'holiday':
      return { kind: 'holiday', holiday: input.holiday };
  }
}
