// A province links its communes' own servers: tokens (admin), and what the
// linked communes report (status, as-played), beside the province's zones.
// On a commune, /upstream/status says whether its link to the province is up.
import { Router } from 'express';
import { z } from 'zod';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import { limitParam } from '../http/paging.js';
import { zoneIdSchema } from '../mqtt/protocol.js';
import type { AuditLog } from '../access/audit.js';
import { AppError } from '../errors.js';
import { scopeOf, type ScopeAccess } from '../access/scope.js';
import type { DownstreamStore } from './downstreams.js';
import { describeRoutes } from '../http/openapi.js';
import { createdDownstreamSchema, downstreamPlayedSchema, downstreamReceiverSchema, downstreamSchema, upstreamStatusSchema } from './schemas.js';

const playedQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  zoneId: zoneIdSchema.optional(),
  limit: limitParam(500, 5000),
});

export function downstreamRoutes(deps: {
  store: DownstreamStore;
  audit: AuditLog;
  scopes: ScopeAccess;
  guard: Guard;
  isConnected: (id: string) => boolean;
  /** Closes a revoked downstream's connection and drops what was queued for it. */
  revoke: (id: string) => Promise<void>;
  upstream: () => { configured: boolean; connected: boolean; zoneId: string | null; lastError: string | null; pending: Promise<number> };
}): Router {
  const { store, audit, guard, scopes } = deps;
  /** Linked communes in the caller's scope. */
  const visible = async (req: Parameters<typeof scopeOf>[0]) => {
    const within = await scopes.zoneIds(scopeOf(req));
    return (await store.list(deps.isConnected)).filter((d) => !within || within.has(d.zoneId));
  };
  const r = Router();
  r.post('/downstreams', guard('users:manage'), async (req, res) => {
    const { zoneId } = parseBody(z.object({ zoneId: zoneIdSchema }), req.body);
    await scopes.requireZones(scopeOf(req), [zoneId]);
    const issued = await store.issue(zoneId, req.principal!.actor);
    await audit.record(req.principal!, 'downstream.create', issued.id, { zoneId }, { zoneId });
    res.status(201).json({ ...issued, zoneId });
  });
  r.get('/downstreams', guard('receivers:read'), async (req, res) => {
    res.json(await visible(req));
  });
  r.delete('/downstreams/:id', guard('users:manage'), async (req, res) => {
    const id = req.params.id as string;
    const link = (await visible(req)).find((d) => d.id === id);
    if (!link) throw new AppError(`Không có kết nối ${id} (downstream ${id} does not exist)`, 404);
    await store.revoke(id);
    await deps.revoke(id);
    await audit.record(req.principal!, 'downstream.revoke', id, undefined, { zoneId: link.zoneId });
    res.status(204).end();
  });
  r.get('/downstreams/played', guard('reports:read'), async (req, res) => {
    const q = parseBody(playedQuery, req.query);
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * 24 * 3600_000);
    if (from >= to) throw new AppError('invalid request: from must be before to', 400, 'invalid_request');
    if (q.zoneId) await scopes.requireZones(scopeOf(req), [q.zoneId]);
    res.json({ from: from.toISOString(), to: to.toISOString(), rows: await store.played({ from, to, zoneId: q.zoneId ?? scopeOf(req).zoneId ?? undefined, limit: q.limit }) });
  });
  r.get('/downstreams/:id/receivers', guard('receivers:read'), async (req, res) => {
    const id = req.params.id as string;
    if (!(await visible(req)).some((d) => d.id === id)) throw new AppError(`Không có kết nối ${id} (downstream ${id} does not exist)`, 404);
    res.json(await store.receivers(id));
  });
  r.get('/upstream/status', guard('system:read'), async (_req, res) => {
    const { pending, ...state } = deps.upstream();
    res.json({ ...state, pending: await pending });
  });
  describeRoutes(r, {
    'POST /downstreams': { response: createdDownstreamSchema, status: 201 },
    'GET /downstreams': { response: z.array(downstreamSchema) },
    'DELETE /downstreams/:id': { status: 204 },
    'GET /downstreams/played': { query: playedQuery, response: downstreamPlayedSchema },
    'GET /downstreams/:id/receivers': { response: z.array(downstreamReceiverSchema) },
    'GET /upstream/status': { response: upstreamStatusSchema },
  });
  return r;
}
