import { Router } from 'express';
import { z } from 'zod';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import { AppError } from '../errors.js';
import type { AuditLog } from '../access/audit.js';
import type { ScheduleRow } from '../db/schema.js';
import type { SettingsService } from '../settings.js';
import { holidaysForYear } from './holidays.js';
import { listTemplates } from './templates.js';
import { scheduleInputSchema, type ScheduleService } from './service.js';
import type { OccurrenceEngine } from './occurrences.js';
import { describeRoutes } from '../http/openapi.js';

export const scheduleView = (s: ScheduleRow) => ({
  id: s.id,
  title: s.title,
  text: s.text,
  mediaSha256: s.media_sha256,
  templateId: s.template_id,
  voice: s.voice,
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

const isoTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 time such as 2027-02-06T23:00:00.000Z' })
  .transform((s) => new Date(s));
const occurrencesQuery = z.object({ from: isoTime.optional(), to: isoTime.optional() });

const settingsPatch = z.object({
  waiveApprovalForNormal: z.boolean().optional(),
  conflictMode: z.enum(['warn', 'block']).optional(),
  communeName: z.string().trim().min(1).max(200).optional(),
  chairmanTitle: z.string().trim().max(200).optional(),
  chairmanName: z.string().trim().max(200).optional(),
});

export function schedulingRoutes(deps: { schedules: ScheduleService; engine: OccurrenceEngine; settings: SettingsService; audit: AuditLog; guard: Guard }): Router {
  const { schedules, engine, audit, guard } = deps;
  const r = Router();

  r.get('/schedules', guard('broadcasts:read'), async (_req, res) => {
    res.json((await schedules.list()).map(scheduleView));
  });
  r.get('/schedules/:id', guard('broadcasts:read'), async (req, res) => {
    res.json(scheduleView(await schedules.get(req.params.id as string)));
  });
  r.post('/schedules', guard('schedules:write'), async (req, res) => {
    const input = parseBody(scheduleInputSchema, req.body);
    const { schedule, conflicts } = await schedules.create(input, req.principal!);
    await audit.record(req.principal!, 'schedule.create', schedule.id, { status: schedule.status });
    if (schedule.status === 'approved') await engine.materialize(undefined, schedule.id);
    res.status(201).json({ ...scheduleView(schedule), conflicts });
  });
  r.put('/schedules/:id', guard('schedules:write'), async (req, res) => {
    const input = parseBody(scheduleInputSchema, req.body);
    const { schedule, conflicts } = await schedules.update(req.params.id as string, input, req.principal!);
    await audit.record(req.principal!, 'schedule.update', schedule.id, { status: schedule.status });
    if (schedule.status === 'approved') await engine.materialize(undefined, schedule.id);
    res.json({ ...scheduleView(schedule), conflicts });
  });
  r.delete('/schedules/:id', guard('schedules:write'), async (req, res) => {
    const s = await schedules.archive(req.params.id as string);
    await audit.record(req.principal!, 'schedule.archive', s.id);
    res.json(scheduleView(s));
  });
  r.post('/schedules/:id/submit', guard('schedules:write'), async (req, res) => {
    const s = await schedules.submit(req.params.id as string);
    await audit.record(req.principal!, 'schedule.submit', s.id, { status: s.status });
    if (s.status === 'approved') await engine.materialize(undefined, s.id);
    res.json(scheduleView(s));
  });
  r.post('/schedules/:id/approve', guard('broadcasts:approve'), async (req, res) => {
    const s = await schedules.approve(req.params.id as string, req.principal!);
    await audit.record(req.principal!, 'schedule.approve', s.id);
    await engine.materialize(undefined, s.id);
    res.json(scheduleView(s));
  });
  r.post('/schedules/:id/reject', guard('broadcasts:approve'), async (req, res) => {
    const { reason } = parseBody(z.object({ reason: z.string().trim().max(1000).default('') }), req.body);
    const s = await schedules.reject(req.params.id as string, req.principal!, reason);
    await audit.record(req.principal!, 'schedule.reject', s.id, { reason });
    res.json(scheduleView(s));
  });

  r.get('/occurrences', guard('broadcasts:read'), async (req, res) => {
    const q = parseBody(occurrencesQuery, req.query);
    const from = q.from ?? new Date();
    const to = q.to ?? new Date(from.getTime() + 7 * 86_400_000);
    if (to <= from) throw new AppError('invalid request: to: must be after from', 400, 'invalid_request');
    if (to.getTime() - from.getTime() > 62 * 86_400_000) throw new AppError('the window is at most 62 days (a month view)');
    res.json(await schedules.occurrences(from, to));
  });

  r.get('/calendar/holidays', guard('broadcasts:read'), (req, res) => {
    const year = Number(req.query.year ?? new Date().getFullYear());
    if (!Number.isInteger(year)) throw new AppError('year must be a whole number such as 2027');
    res.json(holidaysForYear(year).map((h) => ({ id: h.id, name: h.name, date: h.date })));
  });
  r.get('/templates', guard('broadcasts:read'), (_req, res) => {
    res.json(listTemplates());
  });

  r.get('/settings', guard('system:read'), async (_req, res) => {
    res.json(await deps.settings.get());
  });
  r.patch('/settings', guard('users:manage'), async (req, res) => {
    const patch = parseBody(settingsPatch, req.body);
    await audit.record(req.principal!, 'settings.update', null, patch);
    res.json(await deps.settings.update(patch));
  });
  describeRoutes(r, {
    'POST /schedules': { body: scheduleInputSchema },
    'PUT /schedules/:id': { body: scheduleInputSchema },
    'GET /occurrences': { query: occurrencesQuery },
    'PATCH /settings': { body: settingsPatch },
  });
  return r;
}
