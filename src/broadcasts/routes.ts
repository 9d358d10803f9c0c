import { Router } from 'express';
import { z } from 'zod';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import { limitParam, linkNext, listParam } from '../http/paging.js';
import type { BroadcastStatus, DeliveryState } from '../db/schema.js';
import { PRIORITIES, receiverIdSchema, zoneIdSchema } from '../mqtt/protocol.js';
import type { AuditLog } from '../access/audit.js';
import type { BroadcastService } from './service.js';
import { describeRoutes } from '../http/openapi.js';

/** 100 kB of text is ~2 hours of speech: anything longer is a mistake. */
export const MAX_TEXT_CHARS = 100_000;

const time = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 time such as 2027-02-06T23:00:00.000Z' }).transform((s) => new Date(s));

const newBroadcast = z.object({
  title: z.string().trim().min(1, 'title is empty').max(300),
  text: z.string().max(MAX_TEXT_CHARS, `text is longer than ${MAX_TEXT_CHARS} characters`).optional(),
  mediaSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex sha256').optional(),
  voice: z.string().max(100).optional(),
  zoneIds: z.array(zoneIdSchema).max(1000).optional(),
  receiverIds: z.array(receiverIdSchema).max(10000).optional(),
  priority: z.enum(PRIORITIES).default('normal'),
  category: z.string().max(50).optional(),
  startAt: time.optional(),
  expiresAt: time.optional(),
  repeat: z.number().int().min(1).max(20).optional(),
  volume: z.number().int().min(0).max(100).optional(),
});

const emergency = z.object({
  title: z.string().trim().min(1).max(300).default('Thông báo khẩn cấp'),
  text: z.string().max(MAX_TEXT_CHARS).optional(),
  mediaSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  voice: z.string().max(100).optional(),
  zoneIds: z.array(zoneIdSchema).max(1000).optional(),
  repeat: z.number().int().min(1).max(20).default(3),
});

const BROADCAST_STATUSES = ['draft', 'pending_approval', 'scheduled', 'dispatching', 'dispatched', 'done', 'partial', 'failed', 'expired', 'cancelled'] as const satisfies readonly BroadcastStatus[];
const DELIVERY_STATES = ['queued', 'received', 'downloaded', 'playing', 'done', 'failed', 'preempted', 'expired', 'rejected', 'skipped'] as const satisfies readonly DeliveryState[];

const listQuery = z.object({
  limit: limitParam(50, 500),
  before: z.string().min(1).max(64).optional(),
  status: listParam(BROADCAST_STATUSES).optional(),
});

const deliveriesQuery = z.object({
  limit: limitParam(100, 1000),
  after: receiverIdSchema.optional(),
  state: listParam(DELIVERY_STATES).optional(),
  zoneId: zoneIdSchema.optional(),
});

export function broadcastRoutes(broadcasts: BroadcastService, audit: AuditLog, guard: Guard, deps: { allZoneIds: () => Promise<string[]>; kick: () => void }): Router {
  const r = Router();
  // "Phát khẩn cấp": one action, now, to all or chosen zones; bypasses approval, audited.
  r.post('/emergency', guard('broadcasts:emergency'), async (req, res) => {
    const body = parseBody(emergency, req.body);
    const zoneIds = body.zoneIds?.length ? body.zoneIds : await deps.allZoneIds();
    const row = await broadcasts.create({ ...body, zoneIds, priority: 'emergency', category: 'khan-cap' }, req.principal!);
    await audit.record(req.principal!, 'broadcast.emergency', row.id, { zoneIds, repeat: body.repeat });
    deps.kick();
    res.status(201).type('json').send(await broadcasts.viewJson(row));
  });
  r.post('/broadcasts', guard('broadcasts:create'), async (req, res) => {
    const body = parseBody(newBroadcast, req.body);
    const row = await broadcasts.create(body, req.principal!);
    await audit.record(req.principal!, 'broadcast.create', row.id, { priority: row.priority, startAt: row.start_at });
    res.status(201).type('json').send(await broadcasts.viewJson(row));
  });
  r.get('/broadcasts', guard('broadcasts:read'), async (req, res) => {
    const { limit, before, status } = parseBody(listQuery, req.query);
    const page = await broadcasts.page({ status }, before, limit);
    linkNext(req, res, 'before', page.more ? page.items.at(-1)!.id : undefined);
    res.json(page.items);
  });
  r.get('/broadcasts/:id', guard('broadcasts:read'), async (req, res) => {
    res.type('json').send(await broadcasts.viewJson(await broadcasts.require(req.params.id as string)));
  });
  r.get('/broadcasts/:id/deliveries', guard('broadcasts:read'), async (req, res) => {
    const { limit, after, ...filter } = parseBody(deliveriesQuery, req.query);
    const page = await broadcasts.deliveryPage(req.params.id as string, filter, after, limit);
    res.setHeader('X-Total-Count', String(page.total));
    linkNext(req, res, 'after', page.more ? page.items.at(-1)!.receiverId : undefined);
    res.json(page.items);
  });
  r.get('/broadcasts/:id/coverage', guard('broadcasts:read'), async (req, res) => {
    res.json(await broadcasts.coverage(req.params.id as string));
  });
  r.post('/broadcasts/:id/approve', guard('broadcasts:approve'), async (req, res) => {
    const row = await broadcasts.approve(req.params.id as string, req.principal!);
    await audit.record(req.principal!, 'broadcast.approve', row.id);
    deps.kick();
    res.type('json').send(await broadcasts.viewJson(row));
  });
  r.post('/broadcasts/:id/reject', guard('broadcasts:approve'), async (req, res) => {
    const { reason } = parseBody(z.object({ reason: z.string().max(1000).default('') }), req.body);
    const row = await broadcasts.reject(req.params.id as string, req.principal!);
    await audit.record(req.principal!, 'broadcast.reject', row.id, { reason });
    res.type('json').send(await broadcasts.viewJson(row));
  });
  r.post('/broadcasts/:id/cancel', guard('broadcasts:create'), async (req, res) => {
    const row = await broadcasts.cancel(req.params.id as string);
    await audit.record(req.principal!, 'broadcast.cancel', row.id);
    res.type('json').send(await broadcasts.viewJson(row));
  });
  describeRoutes(r, {
    'POST /emergency': { body: emergency },
    'POST /broadcasts': { body: newBroadcast },
    'GET /broadcasts': { query: listQuery },
    'GET /broadcasts/:id/deliveries': { query: deliveriesQuery },
  });
  return r;
}
