import { Router, type Request } from 'express';
import { scopeOf, type Scope, type ScopeAccess } from '../access/scope.js';
import { rejection } from '../access/approval.js';
import type { MediaOwners } from '../access/media-owners.js';
import { z } from 'zod';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import { AppError } from '../errors.js';
import type { AuditLog } from '../access/audit.js';
import type { ScheduleRow } from '../db/schema.js';
import { DEFAULT_SETTINGS, redactWebhookUrl, type CommuneSettings, type SettingsService } from '../settings.js';
import { roleMay } from '../access/roles.js';
import { holidaysForYear } from './holidays.js';
import { MAX_YEAR, MIN_YEAR } from './lunar.js';
import { fillTemplate, type TemplateStore } from './templates.js';
import { zoneIdSchema } from '../mqtt/protocol.js';
import { scheduleInputSchema, type ScheduleService } from './service.js';
import { confirmUnreadableSchema, requireReadable, type FindUnreadable } from '../http/readable.js';
import type { OccurrenceEngine } from './occurrences.js';
import { describeRoutes } from '../http/openapi.js';
import { nameOf } from '../users/names.js';
import { calendarItemSchema, holidaySchema, savedScheduleSchema, scheduleSchema, settingsSchema, templatePreviewSchema, templateSchema } from './schemas.js';

export const scheduleView = (s: ScheduleRow) => ({
  id: s.id,
  title: s.title,
  text: s.text,
  mediaSha256: s.media_sha256,
  templateId: s.template_id,
  voice: s.voice,
  rate: s.rate,
  relayUrl: s.relay_url,
  relayDurationS: s.relay_duration_s,
  priority: s.priority,
  category: s.category,
  ...JSON.parse(s.spec_json),
  zoneIds: JSON.parse(s.zone_ids_json),
  receiverIds: JSON.parse(s.receiver_ids_json),
  repeat: s.repeat,
  status: s.status,
  createdBy: s.created_by,
  approvedBy: s.approved_by,
  approvedAt: s.approved_at,
  rejectReason: s.reject_reason,
  createdAt: s.created_at,
  updatedAt: s.updated_at,
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm');
const isoTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 time such as 2027-02-06T23:00:00.000Z' })
  .transform((s) => new Date(s));
const occurrencesQuery = z.object({ from: isoTime.optional(), to: isoTime.optional(), zoneId: zoneIdSchema.optional() });

const settingsPatch = z.object({
  waiveApprovalForNormal: z.boolean().optional(),
  defaultVoice: z.string().max(300).regex(/^$|^\s*[a-z]+:[\w.-]+(?:\s*,\s*[a-z]+:[\w.-]+)*\s*$/, 'must be a voice id such as fpt:banmai, or several separated by commas').optional(),
  conflictMode: z.enum(['warn', 'block']).optional(),
  communeName: z.string().trim().min(1).max(200).optional(),
  chairmanTitle: z.string().trim().max(200).optional(),
  chairmanName: z.string().trim().max(200).optional(),
  defaultQuietHours: z.object({ from: hhmm, to: hhmm }).nullable().optional(),
  alertOfflineMinutes: z.number().int().min(1).max(7 * 24 * 60).optional(),
  alertFailStreak: z.number().int().min(1).max(50).optional(),
  alertEmails: z.array(z.email('must be an e-mail address')).max(20).optional(),
  alertWebhookUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(500)]).optional(),
  /** Values the zone stops setting itself: it follows the zone above again (server-wide: the defaults). */
  inherit: z.array(z.enum(Object.keys(DEFAULT_SETTINGS) as [keyof CommuneSettings, ...(keyof CommuneSettings)[]])).max(20).optional(),
}).refine((p) => !p.inherit?.some((k) => p[k] !== undefined), { message: 'a value cannot be set and inherited at once', path: ['inherit'] });
const zoneQuery = z.object({ zoneId: zoneIdSchema.optional() });
const templatePut = z.object({ name: z.string().trim().min(1).max(200).optional(), text: z.string().trim().min(1).max(10_000) });

export function schedulingRoutes(deps: {
  schedules: ScheduleService;
  engine: OccurrenceEngine;
  settings: SettingsService;
  templates: TemplateStore;
  audit: AuditLog;
  guard: Guard;
  scopes: ScopeAccess;
  media: MediaOwners;
  timezone: string;
  /** Sentences of a text the voice cannot read right (the speech normalizer, as the zone reads it). */
  unreadable?: FindUnreadable;
  /** 400 for an alert webhook URL that reaches inside the network (src/alerts/channels.ts). */
  checkWebhookUrl?: (url: string) => Promise<void>;
}): Router {
  const { schedules, engine, audit, guard, scopes } = deps;
  const r = Router();
  const targetsOf = (s: ScheduleRow) => ({ zoneIds: JSON.parse(s.zone_ids_json) as string[], receiverIds: JSON.parse(s.receiver_ids_json) as string[] });
  /** The zone holding every target, after checking the caller may target each (403 naming the first it may not). */
  const targetable = async (req: Request, t: { zoneIds: string[]; receiverIds: string[]; mediaSha256?: string | null }) => {
    if (t.mediaSha256) await deps.media.requireUsable(scopeOf(req), t.mediaSha256);
    await scopes.requireZones(scopeOf(req), t.zoneIds);
    await scopes.requireReceivers(scopeOf(req), t.receiverIds);
    return scopes.commonZone(await scopes.targetZones(t.zoneIds, t.receiverIds));
  };
  /**
   * The targets of a saved schedule, which the caller did not all choose (a
   * district's schedule also plays in the other commune): it must hold them
   * all, and the 403 names nothing outside its scope.
   */
  const ownTargets = async (req: Request, s: ScheduleRow) => {
    const t = targetsOf(s);
    await scopes.requireWhollyInside(scopeOf(req), t.zoneIds, t.receiverIds);
    return targetable(req, t);
  };
  const reaches = (scope: Scope, s: ScheduleRow) => {
    const t = targetsOf(s);
    return scopes.reaches(scope, t.zoneIds, t.receiverIds);
  };
  /** A schedule that plays in the caller's scope (404 otherwise, as if it did not exist). */
  const visible = async (req: Request) => {
    const s = await schedules.get(req.params.id as string);
    if (!(await reaches(scopeOf(req), s))) throw new AppError(`schedule ${s.id} does not exist`, 404);
    return s;
  };
  /** The schedules that play somewhere in a scope (the caller's, or a zone it asked about). */
  const inScope = async (scope: Scope) => {
    const out: ScheduleRow[] = [];
    for (const s of await schedules.list()) if (await reaches(scope, s)) out.push(s);
    return out;
  };
  /** Deciding takes a scope over every zone the schedule plays in (a district-wide one: the district). */
  const decider = async (req: Request) => {
    const s = await visible(req);
    return { before: s, zone: await ownTargets(req, s) };
  };

  /**
   * The targets a scoped reader is told of: zones of its subtree and above
   * it, its own receivers. A schedule that also plays in another commune
   * names none of that commune's hamlets or receivers.
   */
  const seenTargets = async (req: Request) => {
    const reach = await scopes.reachZoneIds(scopeOf(req));
    if (!reach) return <T extends { zoneIds: string[]; receiverIds?: string[] }>(t: T) => t;
    const above = new Set(reach.above);
    const ours = new Map<string, boolean>();
    const covers = async (id: string) => ours.get(id) ?? ours.set(id, await scopes.coversReceiver(scopeOf(req), id)).get(id)!;
    return async <T extends { zoneIds: string[]; receiverIds?: string[] }>(t: T): Promise<T> => {
      const receiverIds: string[] = [];
      for (const id of t.receiverIds ?? []) if (await covers(id)) receiverIds.push(id);
      return { ...t, zoneIds: t.zoneIds.filter((z) => reach.within.has(z) || above.has(z)), ...(t.receiverIds && { receiverIds }) };
    };
  };
  /** Views with the names of who created and who approved each (one query for the whole list), as the caller may see their targets. */
  const named = async (req: Request, rows: ScheduleRow[]) => {
    const names = await schedules.names(rows);
    const seen = await seenTargets(req);
    return Promise.all(rows.map(async (s) => ({ ...(await seen(scheduleView(s) as ReturnType<typeof scheduleView> & { zoneIds: string[]; receiverIds: string[] })), createdByName: nameOf(names, s.created_by), approvedByName: nameOf(names, s.approved_by) })));
  };
  const namedOne = async (req: Request, s: ScheduleRow) => (await named(req, [s]))[0]!;

  r.get('/schedules', guard('broadcasts:read'), async (req, res) => {
    res.json(await named(req, await inScope(scopeOf(req))));
  });
  r.get('/schedules/:id', guard('broadcasts:read'), async (req, res) => {
    res.json(await namedOne(req, await visible(req)));
  });
  /** `zone`: the one holding the targets, whose reading the occurrences render with. */
  const readable = (input: { text?: string }, body: unknown, zone: string | null) =>
    requireReadable(input.text, parseBody(z.object({ confirmUnreadable: confirmUnreadableSchema }), body).confirmUnreadable, deps.unreadable, zone);
  r.post('/schedules', guard('schedules:write'), async (req, res) => {
    const input = parseBody(scheduleInputSchema, req.body);
    const zone = await targetable(req, input);
    await readable(input, req.body, zone);
    const { schedule, conflicts } = await schedules.create(input, req.principal!, zone);
    await audit.record(req.principal!, 'schedule.create', schedule.id, { status: schedule.status }, { zoneId: zone, after: scheduleView(schedule) });
    if (schedule.status === 'approved') await engine.materialize(undefined, schedule.id);
    res.status(201).json({ ...(await namedOne(req, schedule)), conflicts });
  });
  r.put('/schedules/:id', guard('schedules:write'), async (req, res) => {
    const input = parseBody(scheduleInputSchema, req.body);
    const before = await visible(req);
    await ownTargets(req, before);
    const zone = await targetable(req, input);
    await readable(input, req.body, zone);
    const { schedule, conflicts } = await schedules.update(before.id, input, req.principal!, zone);
    await audit.record(req.principal!, 'schedule.update', schedule.id, { status: schedule.status }, { zoneId: zone, before: scheduleView(before), after: scheduleView(schedule) });
    if (schedule.status === 'approved') await engine.materialize(undefined, schedule.id);
    res.json({ ...(await namedOne(req, schedule)), conflicts });
  });
  r.delete('/schedules/:id', guard('schedules:write'), async (req, res) => {
    const p = req.principal!;
    const before = await visible(req);
    if (p.role === 'officer') {
      // An officer withdraws only his own schedule, and only before it is approved: after that it is the chairman's.
      if (before.created_by !== p.actor) throw new AppError('Chỉ người tạo mới lưu trữ được lịch này; lịch đã duyệt do chủ tịch hoặc quản trị quyết định (only its author may archive it)', 403, 'not_owner');
      if (!['draft', 'pending_approval', 'rejected'].includes(before.status)) throw new AppError('Lịch đã được duyệt: việc dừng do chủ tịch hoặc quản trị quyết định (approved: the chairman or admin decides)', 403, 'approved');
    }
    const zone = await ownTargets(req, before);
    const s = await schedules.archive(before.id);
    await audit.record(p, 'schedule.archive', s.id, undefined, { zoneId: zone, before: { status: before.status }, after: { status: s.status } });
    res.json(await namedOne(req, s));
  });
  r.post('/schedules/:id/submit', guard('schedules:write'), async (req, res) => {
    const before = await visible(req);
    const zone = await ownTargets(req, before);
    const s = await schedules.submit(before.id, zone);
    await audit.record(req.principal!, 'schedule.submit', s.id, { status: s.status }, { zoneId: zone });
    if (s.status === 'approved') await engine.materialize(undefined, s.id);
    res.json(await namedOne(req, s));
  });
  r.post('/schedules/:id/approve', guard('broadcasts:approve'), async (req, res) => {
    const { before, zone } = await decider(req);
    const s = await schedules.approve(before.id, req.principal!);
    await audit.record(req.principal!, 'schedule.approve', s.id, undefined, { zoneId: zone, before: { status: before.status }, after: { status: s.status } });
    await engine.materialize(undefined, s.id);
    res.json(await namedOne(req, s));
  });
  r.post('/schedules/:id/reject', guard('broadcasts:approve'), async (req, res) => {
    const { reason } = parseBody(rejection, req.body);
    const { before, zone } = await decider(req);
    const s = await schedules.reject(before.id, req.principal!, reason);
    await audit.record(req.principal!, 'schedule.reject', s.id, { reason }, { zoneId: zone, before: { status: before.status }, after: { status: s.status } });
    res.json(await namedOne(req, s));
  });

  r.get('/occurrences', guard('broadcasts:read'), async (req, res) => {
    const q = parseBody(occurrencesQuery, req.query);
    const from = q.from ?? new Date();
    const to = q.to ?? new Date(from.getTime() + 7 * 86_400_000);
    if (to <= from) throw new AppError('invalid request: to: must be after from', 400, 'invalid_request');
    if (to.getTime() - from.getTime() > 62 * 86_400_000) throw new AppError('the window is at most 62 days (a month view)');
    // ?zoneId= (inside the caller's scope, as reports and deliveries take it): what plays there, items of the zones above it included.
    if (q.zoneId) await scopes.requireZones(scopeOf(req), [q.zoneId]);
    const where = q.zoneId ? { zoneId: q.zoneId } : scopeOf(req);
    const only = where.zoneId === null ? undefined : new Set((await inScope(where)).map((s) => s.id));
    const seen = await seenTargets(req);
    res.json(await Promise.all((await schedules.occurrences(from, to, only)).map((o) => seen(o))));
  });

  r.get('/calendar/holidays', guard('broadcasts:read'), (req, res) => {
    const year = Number(req.query.year ?? new Date().getFullYear());
    if (!Number.isInteger(year)) throw new AppError('year must be a whole number such as 2027');
    res.json(holidaysForYear(year).map((h) => ({ id: h.id, name: h.name, date: h.date })));
  });
  /** ?zoneId= (inside the caller's scope), else the caller's own zone; null: server-wide. */
  const zoneFor = async (req: Request) => {
    const { zoneId } = parseBody(zoneQuery, { ...req.query, ...(req.body?.zoneId !== undefined && { zoneId: req.body.zoneId }) });
    if (zoneId) {
      // A zone that does not exist yet took settings and wordings of its own,
      // which the zone made later with that id (anywhere, by anyone) then had:
      // a commune's admin could set another's future hamlet to skip approval
      // or post its alerts to his webhook. 400, as the lexicon answers.
      await scopes.scopeFor(zoneId);
      await scopes.requireZones(scopeOf(req), [zoneId]);
    }
    return zoneId ?? scopeOf(req).zoneId;
  };
  r.get('/templates', guard('broadcasts:read'), async (req, res) => {
    res.json(await deps.templates.list(await zoneFor(req)));
  });
  // The greeting as it would air in a zone on a day: its commune's wording, name and chairman.
  r.get('/templates/:id/preview', guard('broadcasts:read'), async (req, res) => {
    // The lunar calendar (the year's name in the greeting) is computed for MIN_YEAR..MAX_YEAR: another year was a 500.
    const { date } = parseBody(z.object({ date: z.iso.date().refine((d) => Number(d.slice(0, 4)) >= MIN_YEAR && Number(d.slice(0, 4)) <= MAX_YEAR, `year must be an integer from ${MIN_YEAR} to ${MAX_YEAR}`).optional() }), { date: req.query.date });
    const zoneId = await zoneFor(req);
    const t = await deps.templates.get(req.params.id as string, zoneId);
    if (!t) throw new AppError(`Không có mẫu lời chúc ${String(req.params.id)} (no such template)`, 404, 'not_found');
    const s = await deps.settings.get(zoneId);
    const day = date ?? new Intl.DateTimeFormat('en-CA', { timeZone: deps.timezone }).format(new Date());
    res.json({ id: t.id, zoneId, text: fillTemplate(t.text, { date: day, communeName: s.communeName, chairmanTitle: s.chairmanTitle, chairmanName: s.chairmanName }) });
  });
  // A commune's own wording of a greeting (zoneId: the commune; the caller's scope when omitted).
  r.put('/templates/:id', guard('templates:write'), async (req, res) => {
    const body = parseBody(templatePut, req.body);
    const zoneId = await zoneFor(req);
    const before = await deps.templates.get(req.params.id as string, zoneId);
    const t = await deps.templates.put(req.params.id as string, zoneId, body, req.principal!.actor);
    await audit.record(req.principal!, 'template.update', t.id, undefined, { zoneId, before, after: t });
    res.json(t);
  });

  /**
   * The settings as the caller may read them: the alert webhook URL (its
   * secret, or the server's ALERT_WEBHOOK_URL) whole only for an admin whose
   * scope covers the zone that set it; its origin alone for everyone else.
   */
  const settingsFor = async (req: Request, s: CommuneSettings, zoneId: string | null) => {
    if (!s.alertWebhookUrl) return s;
    const scope = scopeOf(req);
    if (roleMay(req.principal!.role, 'users:manage')) {
      const source = await deps.settings.setBy('alertWebhookUrl', zoneId);
      if (scope.zoneId === null || (source !== null && (await scopes.coversZone(scope, source)))) return s;
    }
    return { ...s, alertWebhookUrl: redactWebhookUrl(s.alertWebhookUrl) };
  };
  /** The audit log is read by chairmen too: a webhook URL goes there as its origin. */
  const auditable = (s: Partial<CommuneSettings>) => (s.alertWebhookUrl ? { ...s, alertWebhookUrl: redactWebhookUrl(s.alertWebhookUrl) } : s);
  // Settings hold per zone and down the tree; a commune's admin sets its commune's.
  r.get('/settings', guard('system:read'), async (req, res) => {
    const zoneId = await zoneFor(req);
    // Which values the zone sets itself; the rest it inherits from above.
    res.json({ ...(await settingsFor(req, await deps.settings.get(zoneId), zoneId)), zoneId, ownKeys: zoneId ? Object.keys(await deps.settings.own(zoneId)) : null });
  });
  r.patch('/settings', guard('users:manage'), async (req, res) => {
    const zoneId = await zoneFor(req);
    // An array body spread into an object of its indexes, passed the checks and was audited as a change.
    const { zoneId: _z, ...rest } = parseBody(z.looseObject({}), req.body ?? {});
    const patch = parseBody(settingsPatch, rest);
    if (patch.alertWebhookUrl) await deps.checkWebhookUrl?.(patch.alertWebhookUrl);
    const before = await deps.settings.get(zoneId);
    const { inherit = [], ...values } = patch;
    await deps.settings.update(values, zoneId);
    const after = await deps.settings.inherit(inherit, zoneId);
    await audit.record(req.principal!, 'settings.update', zoneId, auditable(patch), { zoneId, before: auditable(before), after: auditable(after) });
    res.json({ ...(await settingsFor(req, after, zoneId)), zoneId, ownKeys: zoneId ? Object.keys(await deps.settings.own(zoneId)) : null });
  });
  describeRoutes(r, {
    'GET /schedules': { response: z.array(scheduleSchema) },
    'GET /schedules/:id': { response: scheduleSchema },
    'POST /schedules': { body: scheduleInputSchema, response: savedScheduleSchema, status: 201 },
    'PUT /schedules/:id': { body: scheduleInputSchema, response: savedScheduleSchema },
    'DELETE /schedules/:id': { summary: 'Archive a schedule (it stays on record)', response: scheduleSchema },
    'POST /schedules/:id/submit': { response: scheduleSchema },
    'POST /schedules/:id/approve': { response: scheduleSchema },
    'POST /schedules/:id/reject': { body: rejection, response: scheduleSchema },
    'GET /occurrences': { query: occurrencesQuery, response: z.array(calendarItemSchema) },
    'GET /calendar/holidays': { response: z.array(holidaySchema) },
    'GET /templates': { response: z.array(templateSchema) },
    'GET /templates/:id/preview': { response: templatePreviewSchema },
    'PUT /templates/:id': { body: templatePut, response: templateSchema },
    'GET /settings': { response: settingsSchema },
    'PATCH /settings': { body: settingsPatch, response: settingsSchema },
  });
  return r;
}
