import { Router, type RequestHandler } from 'express';
import type { Permission } from '../access/roles.js';
import type { AuditLog } from '../access/audit.js';
import { z } from 'zod';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import { zoneIdSchema } from '../mqtt/protocol.js';
import type { Zone } from '../db/schema.js';
import type { ZoneService } from './service.js';
import { outOfScope, scopeOf, type ScopeAccess } from '../access/scope.js';
import { describeRoutes } from '../http/openapi.js';
import { zoneSchema } from './schemas.js';

const newZone = z.object({
  id: zoneIdSchema,
  name: z.string().trim().min(1).max(200),
  parentId: zoneIdSchema.nullish(),
  kind: z.enum(['province', 'district', 'commune', 'hamlet', 'cluster']).optional(),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm');
const patchZone = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    parentId: zoneIdSchema.nullable().optional(),
    quietHours: z.object({ from: hhmm, to: hhmm }).nullable().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'nothing to change: give name, parentId or quietHours');

export const zoneView = (z: Zone) => ({ id: z.id, name: z.name, parentId: z.parent_id, kind: z.kind, quietHours: z.quiet_from && z.quiet_to ? { from: z.quiet_from, to: z.quiet_to } : null });

export function zoneRoutes(
  zones: ZoneService,
  guard: Guard,
  onQuietHoursChanged: (zoneId: string) => Promise<void>,
  scopes: ScopeAccess,
  audit: AuditLog,
  defaults?: { get(zoneId: string): Promise<{ defaultQuietHours: { from: string; to: string } | null }> },
): Router {
  const r = Router();
  r.get('/zones', guard('zones:read'), async (req, res) => {
    const inScope = await scopes.zoneIds(scopeOf(req));
    res.json((await zones.list()).filter((z) => !inScope || inScope.has(z.id)).map(zoneView));
  });
  r.post('/zones', guard('zones:write'), async (req, res) => {
    const body = parseBody(newZone, req.body);
    const scope = scopeOf(req);
    // A scoped account adds zones below its own, never a new top.
    if (!body.parentId && scope.zoneId !== null) throw outOfScope('khu vực gốc mới (a new top-level zone)', { zoneId: body.id });
    if (body.parentId) await scopes.requireZones(scope, [body.parentId]);
    let zone = await zones.create(body);
    // A new hamlet starts with its commune's default quiet hours, if it has any.
    const quiet = zone.parent_id ? (await defaults?.get(zone.parent_id))?.defaultQuietHours : null;
    if (quiet) zone = await zones.setQuietHours(zone.id, quiet);
    res.status(201).json(zoneView(zone));
  });
  // Renaming and moving are the technician's and admin's; quiet hours are
  // the commune's decision (chairman, admin): each field asks for its own.
  const patchGuard: RequestHandler & { permission?: Permission } = (req, res, next) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const needed: Permission[] = [];
    if ('quietHours' in body) needed.push('zones:quiet-hours');
    if ('name' in body || 'parentId' in body || !needed.length) needed.push('zones:write');
    const run = (i: number): void => {
      if (i === needed.length) return next();
      void guard(needed[i]!)(req, res, (err?: unknown) => (err ? next(err) : run(i + 1)));
    };
    run(0);
  };
  // What the API description names; quietHours also needs zones:quiet-hours.
  patchGuard.permission = 'zones:write';
  r.patch('/zones/:id', patchGuard, scopes.zoneParam('id'), async (req, res) => {
    const body = parseBody(patchZone, req.body);
    const id = req.params.id as string;
    if (body.parentId) await scopes.requireZones(scopeOf(req), [body.parentId]);
    if (body.parentId === null && scopeOf(req).zoneId !== null) throw outOfScope('khu vực gốc mới (a new top-level zone)', { zoneId: id });
    let zone = await zones.update(id, { name: body.name, parentId: body.parentId });
    if (body.quietHours !== undefined) zone = await zones.setQuietHours(id, body.quietHours);
    // A moved zone's receivers listen to other zones now; quiet hours change what they keep silent.
    if (body.parentId !== undefined || body.quietHours !== undefined) await onQuietHoursChanged(id);
    await audit.record(req.principal!, 'zone.update', id, body);
    res.json(zoneView(zone));
  });
  r.delete('/zones/:id', guard('zones:write'), scopes.zoneParam('id'), async (req, res) => {
    const id = req.params.id as string;
    await zones.remove(id);
    await audit.record(req.principal!, 'zone.delete', id);
    res.status(204).end();
  });
  describeRoutes(r, {
    'GET /zones': { response: z.array(zoneSchema) },
    'POST /zones': { body: newZone, response: zoneSchema, status: 201 },
    'PATCH /zones/:id': { body: patchZone, response: zoneSchema },
    'DELETE /zones/:id': { status: 204 },
  });
  return r;
}
