import { Router } from 'express';
import { z } from 'zod';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import { limitParam, linkNext } from '../http/paging.js';
import { receiverIdSchema, zoneIdSchema } from '../mqtt/protocol.js';
import type { AuditLog } from '../access/audit.js';
import { scopeOf, type ScopeAccess } from '../access/scope.js';
import { toView, type ReceiverService } from './service.js';
import { describeRoutes } from '../http/openapi.js';
import { commandResultSchema, createdReceiverSchema, powerScheduleSchema, powerScheduleSetSchema, receiverSchema, rotatedSecretSchema } from './schemas.js';

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
  ampPolicy: z.enum(['auto', 'manual']).optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lon: z.number().min(-180).max(180).nullable().optional(),
}).refine((b) => Object.values(b).some((v) => v !== undefined), 'nothing to change: give name, zoneId, volume, ampPolicy, lat or lon');

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm');
const powerSchedule = z.object({ on: hhmm, off: hhmm }).refine((s) => s.on !== s.off, 'on and off must differ');

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
  // Bounded as receivers' own broadcastId is: a 1 MB one made a command no broker takes (see ServerBus.publish).
  z.object({ type: z.literal('stop'), broadcastId: z.string().min(1).max(128).regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters').optional() }),
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
  // A zone's amplifier hours (on at 05:00, off at 22:00): carried by its receivers' retained config.
  r.get('/zones/:id/power-schedule', guard('receivers:read'), scopes.zoneParam('id'), async (req, res) => {
    const id = req.params.id as string;
    // What applies there: its own hours or the nearest zone's above it.
    res.json({ zoneId: id, ...((await receivers.powerScheduleAt(id)) ?? { on: null, off: null }) });
  });
  r.put('/zones/:id/power-schedule', guard('receivers:command'), scopes.zoneParam('id'), async (req, res) => {
    const body = parseBody(powerSchedule, req.body);
    const id = req.params.id as string;
    await receivers.setPowerSchedule(id, body);
    await audit.record(req.principal!, 'zone.power-schedule', id, body);
    res.json({ zoneId: id, ...body });
  });
  r.delete('/zones/:id/power-schedule', guard('receivers:command'), scopes.zoneParam('id'), async (req, res) => {
    const id = req.params.id as string;
    await receivers.setPowerSchedule(id, null);
    await audit.record(req.principal!, 'zone.power-schedule', id, { removed: true });
    res.status(204).end();
  });
  r.post('/receivers/:id/commands', guard('receivers:command'), scopes.receiverParam('id'), async (req, res) => {
    const body = parseBody(command, req.body);
    const id = req.params.id as string;
    // Volume and amplifier are kept and wait for an offline receiver; the others are refused (409) while it is offline.
    const result =
      body.type === 'volume' || body.type === 'power'
        ? await receivers.setControl(id, body)
        : { cmdId: await receivers.sendCommand(id, body.type === 'ping' ? { type: 'ping', t0: Date.now() } : body), status: 'sent' as const, offlineSince: null };
    await audit.record(req.principal!, `receiver.command.${body.type}`, id, { ...body, status: result.status }, { zoneId: (await receivers.get(id))?.zone_id });
    res.status(202).json(result);
  });
  describeRoutes(r, {
    'GET /receivers': { query: listQuery, response: z.array(receiverSchema) },
    'POST /receivers': { body: newReceiver, response: createdReceiverSchema, status: 201 },
    'GET /receivers/:id': { response: receiverSchema },
    'PATCH /receivers/:id': { body: patchReceiver, response: receiverSchema },
    'DELETE /receivers/:id': { status: 204 },
    'POST /receivers/:id/secret': { response: rotatedSecretSchema },
    'POST /receivers/:id/commands': { body: command, response: commandResultSchema, status: 202 },
    'GET /zones/:id/power-schedule': { response: powerScheduleSchema },
    'PUT /zones/:id/power-schedule': { body: powerSchedule, response: powerScheduleSetSchema },
    'DELETE /zones/:id/power-schedule': { status: 204 },
  });
  return r;
}
