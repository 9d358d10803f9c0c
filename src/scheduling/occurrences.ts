// Durable occurrences: the database, not the timer, is the source of truth
// for what must air. Each (schedule, instant) is one row whose id is that
// pair, moved along  planned → rendering → ready → dispatched → done | partial
// | missed  (or cancelled) by conditional updates, so a process killed between
// any two steps resumes where it stopped and never airs an occurrence twice:
// its broadcast's ids derive from the occurrence, and receivers drop a
// command id they have seen. node-cron only ticks.
import nodeCron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import type { OccurrenceRow, OccurrenceState, ScheduleRow } from '../db/schema.js';
import type { Priority } from '../mqtt/protocol.js';
import type { BroadcastService, SpeechRenderer } from '../broadcasts/service.js';
import type { SettingsService } from '../settings.js';
import type { Logger } from '../log.js';
import type { AuditLog } from '../access/audit.js';
import { AppError } from '../errors.js';
import { expandSpec, type ScheduleSpec } from './recurrence.js';
import { fillTemplate, templateById, type TemplateStore } from './templates.js';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface OccurrenceOptions {
  timezone: string;
  /** How far ahead occurrences are written down. */
  horizonMs: number;
  /** How long before its time an occurrence's audio is prepared. */
  renderAheadMs: number;
  /** How long before its time the play command goes out. */
  leadTimeMs: Record<Priority, number>;
  /** How late an occurrence may still air (after a restart, say) before it is missed. */
  graceMs: Record<Priority, number>;
  clock?: Clock;
  /** Only the instance holding the dispatch lease moves occurrences (always true alone). */
  isLeader?: () => boolean;
  /** The zone whose settings and greeting wording a schedule airs with (the one holding all its targets). */
  zoneOf?: (s: ScheduleRow) => Promise<string | null>;
  templates?: TemplateStore;
  /** Starts a relay schedule's live session at its time (src/live/); returns the broadcast behind it. */
  relay?: (r: RelayStart) => Promise<string>;
  log: Logger;
}

export interface RelayStart {
  title: string;
  sourceUrl: string;
  durationMs: number;
  zoneIds: string[];
  receiverIds: string[];
  priority: Priority;
  occurrenceId: string;
  by: { actor: string; role: 'admin'; userId: null; zoneId: null };
}

const OPEN: OccurrenceState[] = ['planned', 'rendering', 'ready'];

export class OccurrenceEngine {
  private task: ScheduledTask | null = null;
  private busy = false;
  private lastMaterialized = 0;
  private readonly clock: Clock;

  constructor(
    private readonly db: Db,
    private readonly broadcasts: BroadcastService,
    private readonly speech: SpeechRenderer,
    private readonly settings: SettingsService,
    private readonly audit: AuditLog,
    private readonly opts: OccurrenceOptions,
  ) {
    this.clock = opts.clock ?? systemClock;
  }

  /** Ticks every second; call `recover` first on the instance that leads. */
  async start(): Promise<void> {
    await this.tick();
    // A tick skipped while the process was busy, or while the last one still
    // runs (`tick` returns at once then), is harmless: the next one finds the
    // same rows. node-cron's own overlap guard would print a warning each second.
    this.task = nodeCron.schedule('* * * * * *', () => this.tick(), { name: 'occurrences', suppressMissedWarning: true });
  }

  /** After a crash, or on taking over from a dead instance: a render cut short is simply done again (it is cached by content). */
  async recover(): Promise<void> {
    await this.db.updateTable('occurrences').set({ state: 'planned', updated_at: nowIso() }).where('state', '=', 'rendering').execute();
  }

  async stop(): Promise<void> {
    await this.task?.destroy();
    this.task = null;
  }

  async tick(): Promise<void> {
    if (this.busy || !(this.opts.isLeader?.() ?? true)) return;
    this.busy = true;
    const now = this.clock.now();
    try {
      if (now.getTime() - this.lastMaterialized >= 60_000) {
        await this.materialize(now);
        this.lastMaterialized = now.getTime();
      }
      await this.markMissed(now);
      await this.renderDue(now);
      await this.dispatchDue(now);
      await this.settle();
    } catch (err) {
      this.opts.log.error('occurrence tick failed', { error: (err as Error).message });
    } finally {
      this.busy = false;
    }
  }

  /** Writes down every instant of every approved schedule over the horizon (idempotent). */
  async materialize(now = this.clock.now(), scheduleId?: string): Promise<number> {
    let q = this.db.selectFrom('schedules').selectAll().where('status', '=', 'approved');
    if (scheduleId) q = q.where('id', '=', scheduleId);
    const schedules = await q.execute();
    const to = new Date(now.getTime() + this.opts.horizonMs);
    let added = 0;
    for (const s of schedules) {
      // Never air an instant from before the schedule was approved.
      const earliest = Math.max(now.getTime() - this.opts.graceMs[s.priority], Date.parse(s.approved_at ?? s.updated_at));
      const from = new Date(earliest);
      if (from >= to) continue;
      const instants = expandSpec(JSON.parse(s.spec_json) as ScheduleSpec, from, to, this.opts.timezone);
      const at = nowIso();
      for (let i = 0; i < instants.length; i += 200) {
        const rows = instants.slice(i, i + 200).map((d) => ({
          id: `${s.id}@${d.toISOString()}`,
          schedule_id: s.id,
          at: d.toISOString(),
          state: 'planned' as const,
          media_sha256: null,
          broadcast_id: null,
          reason: null,
          created_at: at,
          updated_at: at,
        }));
        const res = await this.db.insertInto('occurrences').values(rows).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
        added += Number(res.numInsertedOrUpdatedRows ?? 0);
      }
    }
    return added;
  }

  /** Occurrences in one state whose time is before `until` (the far future is not looked at). */
  private async open(state: OccurrenceState, until: Date): Promise<(OccurrenceRow & { priority: Priority })[]> {
    return this.db
      .selectFrom('occurrences')
      .innerJoin('schedules', 'schedules.id', 'occurrences.schedule_id')
      .selectAll('occurrences')
      .select('schedules.priority')
      .where('occurrences.state', '=', state)
      .where('occurrences.at', '<', until.toISOString())
      .orderBy('occurrences.at')
      .execute();
  }

  private async transition(id: string, from: OccurrenceState, to: OccurrenceState, set: Partial<OccurrenceRow> = {}): Promise<boolean> {
    const res = await this.db
      .updateTable('occurrences')
      .set({ ...set, state: to, updated_at: nowIso() })
      .where('id', '=', id)
      .where('state', '=', from)
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  }

  private async markMissed(now: Date): Promise<void> {
    const shortestGrace = Math.min(...Object.values(this.opts.graceMs));
    for (const state of OPEN) {
      for (const o of await this.open(state, new Date(now.getTime() - shortestGrace))) {
        if (Date.parse(o.at) + this.opts.graceMs[o.priority] >= now.getTime()) continue;
        const reason = state === 'planned' ? 'máy chủ không chạy hoặc không chuẩn bị kịp (server was down or could not prepare in time)' : `dừng ở bước "${state}" quá hạn (stuck at ${state} past the grace window)`;
        if (await this.transition(o.id, state, 'missed', { reason })) {
          this.opts.log.warn('occurrence missed', { occurrenceId: o.id, at: o.at, reason });
          await this.audit.record('system', 'occurrence.missed', o.id, { at: o.at, reason });
        }
      }
    }
  }

  private async renderDue(now: Date): Promise<void> {
    for (const o of await this.open('planned', new Date(now.getTime() + this.opts.renderAheadMs + 1))) {
      if (!(await this.transition(o.id, 'planned', 'rendering'))) continue;
      try {
        const schedule = await this.db.selectFrom('schedules').selectAll().where('id', '=', o.schedule_id).executeTakeFirstOrThrow();
        if (await this.dropUnapproved(schedule, o.id, 'rendering')) continue;
        // A relay has nothing to prepare: its audio is the stream, at its time.
        const media = schedule.relay_url ? null : await this.mediaFor(schedule, o);
        await this.transition(o.id, 'rendering', 'ready', { media_sha256: media?.sha256 ?? null, voice: media?.voice ?? null, reason: null });
      } catch (err) {
        // Back to planned: the next tick tries again until the grace window closes.
        await this.transition(o.id, 'rendering', 'planned', { reason: (err as Error).message });
        this.opts.log.error('rendering an occurrence failed', { occurrenceId: o.id, error: (err as Error).message });
      }
    }
  }

  private async mediaFor(s: ScheduleRow, o: OccurrenceRow): Promise<{ sha256: string; voice: string | null }> {
    if (s.media_sha256) return { sha256: s.media_sha256, voice: null };
    let text = s.text ?? '';
    const zoneId = (await this.opts.zoneOf?.(s)) ?? null;
    const template = !s.template_id ? undefined : this.opts.templates ? await this.opts.templates.get(s.template_id, zoneId) : templateById(s.template_id);
    const settings = await this.settings.get(zoneId);
    if (template) {
      const date = new Intl.DateTimeFormat('en-CA', { timeZone: this.opts.timezone }).format(new Date(o.at));
      text = fillTemplate(s.text || template.text, { date, communeName: settings.communeName, chairmanTitle: settings.chairmanTitle, chairmanName: settings.chairmanName });
    }
    // The voice (or chain) falls back to eSpeak when the cloud fails, so this render succeeds ahead of time;
    // without one of its own, the speech service takes the commune's (passed over if this server does not offer it).
    const spoken = await this.speech.render(text, { voice: s.voice ?? undefined, rate: s.rate ?? undefined, zoneId: zoneId ?? undefined });
    return { sha256: spoken.sha256, voice: spoken.voice ?? null };
  }

  private async dispatchDue(now: Date): Promise<void> {
    const ready = await this.open('ready', new Date(now.getTime() + Math.max(...Object.values(this.opts.leadTimeMs)) + 1));
    // Emergencies first, then priority, then normal, each in time order.
    const rank: Record<Priority, number> = { emergency: 0, priority: 1, normal: 2 };
    ready.sort((a, b) => rank[a.priority] - rank[b.priority] || a.at.localeCompare(b.at));
    for (const o of ready) {
      const s = await this.db.selectFrom('schedules').selectAll().where('id', '=', o.schedule_id).executeTakeFirstOrThrow();
      if (await this.dropUnapproved(s, o.id, 'ready')) continue;
      // A relay starts at its time, not a lead time before: its audio is live.
      const lead = s.relay_url ? 0 : this.opts.leadTimeMs[o.priority];
      if (Date.parse(o.at) - lead > now.getTime()) continue;
      const { zoneIds, receiverIds, gone } = await this.targetsOf(s);
      // Receivers deleted since the schedule was saved: it airs to the rest; with nothing left it is missed. (Thrown, the broadcast's 400 held up every later item of each tick.)
      const goneNote = gone.length ? `cụm loa không còn, không phát tới: ${gone.join(', ')} (receivers that no longer exist were left out: ${gone.join(', ')})` : null;
      if (!zoneIds.length && !receiverIds.length) {
        if (await this.transition(o.id, 'ready', 'missed', { reason: goneNote })) {
          this.opts.log.warn('occurrence missed', { occurrenceId: o.id, at: o.at, reason: goneNote });
          await this.audit.record('system', 'occurrence.missed', o.id, { at: o.at, reason: goneNote });
        }
        continue;
      }
      if (goneNote) this.opts.log.warn('occurrence airs without receivers that no longer exist', { occurrenceId: o.id, receivers: gone });
      if (s.relay_url) {
        if (!this.opts.relay) continue;
        let broadcastId: string;
        try {
          broadcastId = await this.opts.relay({
            title: s.title,
            sourceUrl: s.relay_url,
            durationMs: (s.relay_duration_s ?? 0) * 1000,
            zoneIds,
            receiverIds,
            priority: s.priority,
            occurrenceId: o.id,
            by: { actor: s.approved_by ?? 'system', role: 'admin', userId: null, zoneId: null },
          });
        } catch (err) {
          // A source refused now (saved before LIVE_SOURCE_ALLOW changed, a name that
          // resolves elsewhere) is missed at once: thrown, it held up every later item of the tick.
          if (!(err instanceof AppError) || err.status >= 500) throw err;
          const reason = `không tiếp sóng được (the relay could not start): ${err.message}`.slice(0, 500);
          if (await this.transition(o.id, 'ready', 'missed', { reason })) {
            this.opts.log.warn('occurrence missed', { occurrenceId: o.id, at: o.at, reason });
            await this.audit.record('system', 'occurrence.missed', o.id, { at: o.at, reason });
          }
          continue;
        }
        await this.transition(o.id, 'ready', 'dispatched', { broadcast_id: broadcastId, ...(goneNote && { reason: goneNote }) });
        continue;
      }
      const startAt = new Date(Math.max(Date.parse(o.at), now.getTime()));
      const b = await this.broadcasts.create(
        {
          title: s.title,
          mediaSha256: o.media_sha256!,
          spokenBy: o.voice ?? undefined,
          zoneIds,
          receiverIds,
          priority: s.priority,
          category: s.category ?? undefined,
          repeat: s.repeat,
          startAt,
          expiresAt: new Date(Date.parse(o.at) + this.opts.graceMs[s.priority]),
        },
        // The schedule was approved; its occurrences air on that approval.
        { actor: s.approved_by ?? 'system', role: 'admin', userId: null, zoneId: null },
        { occurrenceId: o.id },
      );
      await this.transition(o.id, 'ready', 'dispatched', { broadcast_id: b.id, ...(goneNote && { reason: goneNote }) });
    }
  }

  /** A schedule's targets as they are now: receivers deleted since it was saved are `gone` (a zone a schedule targets cannot be deleted). */
  private async targetsOf(s: ScheduleRow): Promise<{ zoneIds: string[]; receiverIds: string[]; gone: string[] }> {
    const named = JSON.parse(s.receiver_ids_json) as string[];
    const found = new Set(named.length ? (await this.db.selectFrom('receivers').select('id').where('id', 'in', named).execute()).map((r) => r.id) : []);
    return { zoneIds: JSON.parse(s.zone_ids_json) as string[], receiverIds: named.filter((id) => found.has(id)), gone: named.filter((id) => !found.has(id)) };
  }

  /**
   * Only approved schedules air: checked when an occurrence is rendered and
   * again when it is dispatched. One whose schedule is no longer approved is
   * dropped; it is written again from the schedule once approved.
   */
  private async dropUnapproved(s: ScheduleRow, occurrenceId: string, state: OccurrenceState): Promise<boolean> {
    if (s.status === 'approved') return false;
    await this.db.deleteFrom('occurrences').where('id', '=', occurrenceId).where('state', '=', state).execute();
    this.opts.log.warn('occurrence dropped: its schedule is not approved', { occurrenceId, status: s.status });
    return true;
  }

  /** Dispatched occurrences take the outcome of their broadcast. */
  private async settle(): Promise<void> {
    const rows = await this.db
      .selectFrom('occurrences')
      .innerJoin('broadcasts', 'broadcasts.id', 'occurrences.broadcast_id')
      .select(['occurrences.id', 'broadcasts.status'])
      .where('occurrences.state', '=', 'dispatched')
      .where('broadcasts.status', 'in', ['done', 'partial', 'failed', 'expired', 'cancelled', 'stopped'])
      .execute();
    for (const r of rows) {
      const to: OccurrenceState = r.status === 'done' ? 'done' : r.status === 'partial' ? 'partial' : r.status === 'cancelled' ? 'cancelled' : 'missed';
      await this.transition(r.id, 'dispatched', to, to === 'missed' ? { reason: `no receiver played it (broadcast ${r.status})` } : {});
    }
  }
}
