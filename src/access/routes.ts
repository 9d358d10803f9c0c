// The audit log as the accountable read it: admins and chairmen, each within
// their scope, filtered by person, action, date and zone.
import { Router } from 'express';
import { z } from 'zod';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import { limitParam, linkNext } from '../http/paging.js';
import { zoneIdSchema } from '../mqtt/protocol.js';
import type { AuditLog } from './audit.js';
import { scopeOf, type ScopeAccess } from './scope.js';
import { describeRoutes } from '../http/openapi.js';
import { auditEntrySchema } from './schemas.js';

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());
const dateOrInstant = z.union([z.iso.date().transform((d) => `${d}T00:00:00.000Z`), instant]);

const auditQuery = z.object({
  limit: limitParam(100, 1000),
  before: z.coerce.number().int().min(1).optional(),
  actor: z.string().trim().min(1).max(200).optional(),
  action: z.string().trim().min(1).max(100).optional(),
  from: dateOrInstant.optional(),
  to: dateOrInstant.optional(),
  zoneId: zoneIdSchema.optional(),
});

export function auditRoutes(deps: { audit: AuditLog; scopes: ScopeAccess; guard: Guard }): Router {
  const r = Router();
  r.get('/audit', deps.guard('audit:read'), async (req, res) => {
    const { zoneId, limit, ...filter } = parseBody(auditQuery, req.query);
    const scope = scopeOf(req);
    if (zoneId) await deps.scopes.requireZones(scope, [zoneId]);
    const zoneIds = await deps.scopes.zoneIds(zoneId ? { zoneId } : scope);
    const entries = await deps.audit.list({ ...filter, zoneIds, limit });
    linkNext(req, res, 'before', entries.length === limit ? String(entries.at(-1)!.id) : undefined);
    res.json(entries);
  });
  describeRoutes(r, {
    'GET /audit': { query: auditQuery, response: z.array(auditEntrySchema) },
  });
  return r;
}
