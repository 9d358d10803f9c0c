import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import { limitParam } from '../http/paging.js';
import { EARLIEST_TIME, LATEST_TIME, PRIORITIES, zoneIdSchema } from '../mqtt/protocol.js';
import type { AuditLog } from '../access/audit.js';
import type { ZoneService } from '../zones/service.js';
import { MAX_TEXT_CHARS } from '../broadcasts/routes.js';
import { AppError } from '../errors.js';
import type { Principal } from '../access/tokens.js';
import type { MediaOwners } from '../access/media-owners.js';
import { scopeOf } from '../access/scope.js';
import type { BulletinService } from './service.js';
import { callerCommunes } from './scope.js';
import { describeRoutes } from '../http/openapi.js';
import { bulletinListSchema, bulletinSchema } from './schemas.js';

/** Within the protocol's years (2000–2099), as receivers take times: year 0 or 9999 is a typo, not a broadcast that never settles. */
const time = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 time such as 2027-02-06T23:00:00.000Z' })
  .refine((s) => Date.parse(s) >= EARLIEST_TIME && Date.parse(s) < LATEST_TIME, 'must be a time between 2000 and 2100')
  .transform((s) => new Date(s));

const newBulletin = z.object({
  title: z.string().trim().min(1, 'title is empty').max(300),
  text: z.string().max(MAX_TEXT_CHARS, `text is longer than ${MAX_TEXT_CHARS} characters`).optional(),
  mediaSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex sha256').optional(),
  level: z.enum(PRIORITIES, { message: 'level must be normal, priority or emergency' }),
  zoneIds: z.array(zoneIdSchema).min(1, 'give at least one zone').max(1000),
  startAt: time.optional(),
  expiresAt: time.optional(),
  category: z.string().max(50).optional(),
  repeat: z.number().int().min(1).max(20).optional(),
});

const place = z.object({
  zoneId: zoneIdSchema.optional(),
  startAt: time,
  zoneIds: z.array(zoneIdSchema).max(1000).optional(),
  repeat: z.number().int().min(1).max(20).optional(),
});

const decline = z.object({
  zoneId: zoneIdSchema.optional(),
  reason: z.string().trim().min(1, 'give the reason for declining').max(1000),
});

const withdraw = z.object({
  reason: z.string().trim().min(1, 'give the reason for withdrawing').max(1000),
});

const listQuery = z.object({
  inbox: z.enum(['true', 'false']).optional(),
  limit: limitParam(50, 500),
});

export function bulletinRoutes(
  bulletins: BulletinService,
  zones: ZoneService,
  audit: AuditLog,
  guard: Guard,
  kick: () => void,
  /** Who may air an uploaded file (its uploader's zone). */
  media: MediaOwners,
  /** The deepest zone holding these (src/access/scope.ts commonZone): what an audit entry is about, so the readers of that zone see it. */
  commonZone?: (zoneIds: string[]) => Promise<string | null>,
): Router {
  const r = Router();
  /**
   * The caller as the commune picker narrowed it (X-Loa-Zone): a district
   * account that picked commune A reads and handles commune A's copies only.
   * Sending, approving and withdrawing stay the account's: a bulletin is sent
   * from above the communes.
   */
  const acting = (req: Request): Principal => ({ ...req.principal!, zoneId: scopeOf(req).zoneId });
  /** The zone a bulletin's audit entries are about: the zone holding every commune it went to. */
  const auditZone = async (id: string) => (commonZone ? commonZone(await bulletins.communesOf(id)) : null);
  // Anyone who may send an emergency may send an emergency bulletin; other levels need broadcasts:create (and the sender's own approval).
  r.post('/bulletins', guard('broadcasts:create'), async (req, res) => {
    const body = parseBody(newBulletin, req.body);
    // A file uploaded in another commune or district is not this sender's to air.
    if (body.mediaSha256) await media.requireUsable(scopeOf(req), body.mediaSha256);
    const row = await bulletins.create(body, req.principal!);
    await audit.record(req.principal!, body.level === 'emergency' ? 'bulletin.emergency' : 'bulletin.create', row.id, { level: row.level, zoneIds: body.zoneIds, status: row.status }, { zoneId: await auditZone(row.id) });
    kick();
    res.status(201).json(await bulletins.view(row.id, req.principal!));
  });
  r.get('/bulletins', guard('broadcasts:read'), async (req, res) => {
    const { inbox, limit } = parseBody(listQuery, req.query);
    if (inbox === 'true') res.json(await bulletins.inbox(await callerCommunes(zones, acting(req)), limit));
    else res.json(await bulletins.sent(limit, acting(req)));
  });
  r.get('/bulletins/:id', guard('broadcasts:read'), async (req, res) => {
    res.json(await bulletins.view(req.params.id as string, acting(req)));
  });
  r.post('/bulletins/:id/approve', guard('broadcasts:approve'), async (req, res) => {
    const row = await bulletins.approve(req.params.id as string, req.principal!);
    await audit.record(req.principal!, 'bulletin.approve', row.id, undefined, { zoneId: await auditZone(row.id) });
    kick();
    res.json(await bulletins.view(row.id, req.principal!));
  });
  r.post('/bulletins/:id/reject', guard('broadcasts:approve'), async (req, res) => {
    const { reason } = parseBody(decline.pick({ reason: true }), req.body);
    const row = await bulletins.reject(req.params.id as string, req.principal!);
    await audit.record(req.principal!, 'bulletin.reject', row.id, { reason }, { zoneId: await auditZone(row.id) });
    res.json(await bulletins.view(row.id, req.principal!));
  });
  // The sender takes it back: its creator, or a chairman or admin over every commune it went to.
  r.post('/bulletins/:id/withdraw', guard('broadcasts:create'), async (req, res) => {
    const { reason } = parseBody(withdraw, req.body);
    const row = await bulletins.withdraw(req.params.id as string, reason, req.principal!);
    await audit.record(req.principal!.actor, 'bulletin.withdraw', row.id, { reason, level: row.level });
    res.json(await bulletins.view(row.id, req.principal!));
  });
  r.post('/bulletins/:id/place', guard('broadcasts:create'), async (req, res) => {
    const body = parseBody(place, req.body);
    const communeId = body.zoneId ?? (await onlyCommune(req.params.id as string, acting(req)));
    const broadcast = await bulletins.place(req.params.id as string, communeId, body, acting(req));
    await audit.record(req.principal!, 'bulletin.place', req.params.id as string, { zoneId: communeId, broadcastId: broadcast.id, startAt: broadcast.start_at }, { zoneId: communeId });
    res.json(await bulletins.view(req.params.id as string, acting(req)));
  });
  r.post('/bulletins/:id/decline', guard('broadcasts:create'), async (req, res) => {
    const body = parseBody(decline, req.body);
    const communeId = body.zoneId ?? (await onlyCommune(req.params.id as string, acting(req)));
    await bulletins.decline(req.params.id as string, communeId, body.reason, acting(req));
    await audit.record(req.principal!, 'bulletin.decline', req.params.id as string, { zoneId: communeId, reason: body.reason }, { zoneId: communeId });
    res.json(await bulletins.view(req.params.id as string, acting(req)));
  });

  // On a commune's own server (or for a commune account) a bulletin reaches one commune: zoneId may be left out there.
  async function onlyCommune(id: string, by: Principal): Promise<string> {
    const communes = (await bulletins.view(id, by)).communes.filter((c) => !c.linked);
    if (communes.length !== 1) throw new AppError('Cần zoneId: bản tin tới nhiều xã (give zoneId: the bulletin reached several communes)');
    return communes[0]!.zoneId;
  }
  describeRoutes(r, {
    'POST /bulletins': { body: newBulletin, response: bulletinSchema, status: 201 },
    'GET /bulletins': { query: listQuery, response: bulletinListSchema },
    'GET /bulletins/:id': { response: bulletinSchema },
    'POST /bulletins/:id/approve': { response: bulletinSchema },
    'POST /bulletins/:id/reject': { response: bulletinSchema },
    'POST /bulletins/:id/withdraw': { body: withdraw, response: bulletinSchema },
    'POST /bulletins/:id/place': { body: place, response: bulletinSchema },
    'POST /bulletins/:id/decline': { body: decline, response: bulletinSchema },
  });
  return r;
}
