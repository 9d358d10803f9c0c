// What the scheduling routes answer (src/scheduling/routes.ts): schedules,
// their calendar, greeting templates and the settings.
import { z } from 'zod';
import { component } from '../http/openapi.js';
import type { OccurrenceState, ScheduleStatus } from '../db/schema.js';
import { enumOf, hhmm, isoDate, isoTime, priority, sha256 } from '../http/schemas.js';
import type { CommuneSettings } from '../settings.js';
import { holidayRuleSchema } from './holidays.js';
import { cronSchema, ruleSchema } from './recurrence.js';

export const scheduleStatus = enumOf<ScheduleStatus>({ draft: true, pending_approval: true, approved: true, rejected: true, archived: true });

/** Another item airing in the same place at the same time (src/scheduling/conflicts.ts): a schedule's or a one-off broadcast's. */
export const conflictSchema = component('Conflict', z.object({
  scheduleId: z.string().optional(),
  broadcastId: z.string().optional(),
  title: z.string(),
  /** When the other item airs (its instant that overlaps). */
  at: isoTime,
  zoneIds: z.array(z.string()),
  priority,
  /** The place both reach: a hamlet (or the zone). */
  zoneId: z.string(),
  zoneName: z.string(),
  /** Vietnamese first, then English. */
  message: z.string(),
}));

/** src/scheduling/routes.ts scheduleView, without its spec (which is spread into it). */
const scheduleBase = {
  id: z.string(),
  title: z.string(),
  text: z.string().nullable(),
  mediaSha256: sha256.nullable(),
  templateId: z.string().nullable(),
  voice: z.string().nullable(),
  rate: z.number().nullable(),
  relayUrl: z.string().nullable(),
  relayDurationS: z.int().nullable(),
  priority,
  category: z.string().nullable(),
  zoneIds: z.array(z.string()),
  receiverIds: z.array(z.string()),
  repeat: z.int().min(1),
  status: scheduleStatus,
  createdBy: z.string(),
  /** The person's full name, when the account has one. */
  createdByName: z.string().nullable(),
  approvedBy: z.string().nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: isoTime.nullable(),
  rejectReason: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
};

/** A schedule: its fields and, by `kind`, when it airs (once at, a cron, a rule, a holiday). */
const schedule = <S extends z.core.$ZodLooseShape>(extra: S) =>
  z.discriminatedUnion('kind', [
    z.object({ ...scheduleBase, ...extra, kind: z.literal('once'), at: isoTime }),
    z.object({ ...scheduleBase, ...extra, kind: z.literal('cron'), cron: cronSchema }),
    z.object({ ...scheduleBase, ...extra, kind: z.literal('rule'), rule: ruleSchema }),
    z.object({ ...scheduleBase, ...extra, kind: z.literal('holiday'), holiday: holidayRuleSchema }),
  ]);

export const scheduleSchema = component('Schedule', schedule({}));
/** A created or changed schedule, with the items it overlaps (warnings: blocked ones were refused). */
export const savedScheduleSchema = schedule({ conflicts: z.array(conflictSchema) });

/** src/scheduling/service.ts CalendarItem: an occurrence written down, or one a schedule will make (projected). */
export const calendarItemSchema = component('CalendarItem', z.object({
  id: z.string(),
  scheduleId: z.string(),
  title: z.string(),
  at: isoTime,
  priority,
  state: enumOf<OccurrenceState | 'projected'>({ planned: true, rendering: true, ready: true, dispatched: true, done: true, partial: true, missed: true, cancelled: true, projected: true }),
  scheduleStatus: scheduleStatus,
  broadcastId: z.string().nullable(),
  reason: z.string().nullable(),
  zoneIds: z.array(z.string()),
}));

export const holidaySchema = z.object({ id: z.string(), name: z.string(), date: isoDate });

/** A greeting template as a zone reads it: its own wording (zoneId) or the shared one (null). */
export const templateSchema = component('GreetingTemplate', z.object({ id: z.string(), name: z.string(), holiday: holidayRuleSchema, text: z.string(), zoneId: z.string().nullable() }));
export const templatePreviewSchema = z.object({ id: z.string(), zoneId: z.string().nullable(), text: z.string() });

/** The settings that hold in a zone (zoneId null: server-wide), src/settings.ts. */
export const settingsSchema = component('Settings', z.object({
  waiveApprovalForNormal: z.boolean(),
  conflictMode: z.enum(['warn', 'block']),
  communeName: z.string(),
  chairmanTitle: z.string(),
  chairmanName: z.string(),
  defaultVoice: z.string(),
  defaultQuietHours: z.object({ from: hhmm, to: hhmm }).nullable(),
  alertOfflineMinutes: z.number(),
  alertFailStreak: z.int(),
  alertEmails: z.array(z.string()),
  alertWebhookUrl: z.string(),
  zoneId: z.string().nullable(),
  /** The settings the zone sets itself (the rest it inherits); null for the server-wide ones. */
  ownKeys: z.array(z.string()).nullable(),
} satisfies Record<keyof CommuneSettings | 'zoneId' | 'ownKeys', z.ZodType>));
