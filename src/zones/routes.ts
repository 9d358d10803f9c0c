import { Router } from 'express';
import { z } from 'zod';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import { zoneIdSchema } from '../mqtt/protocol.js';
import type { Zone } from '../db/schema.js';
import type { ZoneService } from './service.js';
import { outOfScope, scopeOf, type ScopeAccess } from '../access/scope.js';

const newZone = z.object({
  id: zoneIdSchema,
  name: z.string().trim().min(1).max(200),
  parentId: zoneIdSchema.nullish(),
  kind: z.enum(['province', 'district', 'commune', 'hamlet', 'cluster']).optional(),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm');
const patchZone = z.object({ quietHours: z.object({ from: hhmm, to: hhmm }).nullable() });

export const zoneView = (z: Zone) => ({ id: z.id, name: z.name, parentId: z.parent_id, kind: z.kind, quietHours: z.quiet_from && z.quiet_to ? { from: z.quiet_from, to: z.quiet_to } : null });

export function zoneRoutes(
  zones: ZoneService,
  guard: Guard,
  onQuietHoursChanged: (zoneId: string) => Promise<void>,
  scopes: ScopeAccess,
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
  r.patch('/zones/:id', guard('zones:quiet-hours'), scopes.zoneParam('id'), async (req, res) => {
    const body = parseBody(patchZone, req.body);
    const zone = await zones.setQuietHours(req.params.id as string, body.quietHours);
    await onQuietHoursChanged(zone.id);
    res.json(zoneView(zone));
  });
  return r;
}
