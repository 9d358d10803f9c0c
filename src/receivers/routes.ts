import { Router } from 'express';
import { z } from 'zod';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import { limitParam, linkNext } from '../http/paging.js';
import { receiverIdSchema, zoneIdSchema } from '../mqtt/protocol.js';
import type { AuditLog } from '../access/audit.js';
import { scopeOf, type ScopeAccess } from '../access/scope.js';
import { toView, type ReceiverService } from './service.js';

const newReceiver = z.object({
  id: receiverIdSchema,
  name: z.string().trim().min(1).max(200),
  zoneId: zoneIdSchema,
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
});

const patchReceiver = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  zoneId: zoneIdSchema.optional(),
  volume: z.number().int().min(0).max(100).optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lon: z.number().min(-180).max(180).nullable().optional(),
});

const listQuery = z.object({
  limit: limitParam(500, 1000),
  after: receiverIdSchema.optional(),
  zoneId: zoneIdSchema.optional(),
  online: z.enum(['true', 'false'], 'must be true or false').transform((v) => v === 'true').optional(),
  // An empty search box searches nothing.
  q: z.string().trim().max(100).transform((q) => q || undefined).optional(),
});

const command = z.discriminatedUnion('type', [
  z.object({ type: z.literal('volume'), level: z.number().int().min(0).max(100) }),
  z.object({ type: z.literal('stop'), broadcastId: z.string().optional() }),
  z.object({ type: z.literal('power'), on: z.boolean() }),
  z.object({ type: z.literal('reboot') }),
  z.object({ type: z.literal('ping') }),
]);

export function receiverRoutes(receivers: ReceiverService, audit: AuditLog, guard: Guard, scopes: ScopeAccess): Router {
  const r = Router();
  r.get('/receivers', guard('receivers:read'), async (req, res) => {
    const { limit, after, ...filter } = parseBody(listQuery, req.query);
    // A scoped caller lists its own subtree, or a zone inside it.
    const scope = scopeOf(req);
    if (filter.zoneId) await scopes.requireZones(scope, [filter.zoneId]);
    filter.zoneId ??= scope.zoneId ?? undefined;
    const page = await receivers.page(filter, after, limit);
    res.setHeader('X-Total-Count', String(page.total));
    linkNext(req, res, 'after', page.more ? page.views.at(-1)!.id : undefined);
    res.json(page.views);
  });
  r.post('/receivers', guard('receivers:write'), async (req, res) => {
    const body = parseBody(newReceiver, req.body);
    await scopes.requireZones(scopeOf(req), [body.zoneId]);
    const { receiver, secret } = await receivers.create(body);
    await audit.record(req.principal!, 'receiver.create', receiver.id, { zoneId: receiver.zone_id }, { zoneId: receiver.zone_id });
    // The secret is shown this once; only its hash is kept.
    res.status(201).json({ ...toView(receiver), secret });
  });
  r.get('/receivers/:id', guard('receivers:read'), scopes.receiverParam('id'), async (req, res) => {
    res.json(toView(await receivers.require(req.params.id as string)));
  });
  r.patch('/receivers/:id', guard('receivers:write'), scopes.receiverParam('id'), async (req, res) => {
    const body = parseBody(patchReceiver, req.body);
    if (body.zoneId) await scopes.requireZones(scopeOf(req), [body.zoneId]);
    res.json(toView(await receivers.update(req.params.id as string, body)));
  });
  r.delete('/receivers/:id', guard('receivers:write'), scopes.receiverParam('id'), async (req, res) => {
    const id = req.params.id as string;
    await receivers.remove(id);
    await audit.record(req.principal!, 'receiver.delete', id);
    res.status(204).end();
  });
  r.post('/receivers/:id/secret', guard('receivers:write'), scopes.receiverParam('id'), async (req, res) => {
    const id = req.params.id as string;
    const secret = await receivers.rotateSecret(id);
    await audit.record(req.principal!, 'receiver.rotate-secret', id, undefined, { zoneId: (await receivers.get(id))?.zone_id });
    res.json({ id, secret });
  });
  r.post('/receivers/:id/commands', guard('receivers:command'), scopes.receiverParam('id'), async (req, res) => {
    const body = parseBody(command, req.body);
    const id = req.params.id as string;
    const cmdId = await receivers.sendCommand(id, body.type === 'ping' ? { type: 'ping', t0: Date.now() } : body);
    await audit.record(req.principal!, `receiver.command.${body.type}`, id, body, { zoneId: (await receivers.get(id))?.zone_id });
    res.status(202).json({ cmdId });
  });
  return r;
}
