import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import { limitParam, linkNext, listParam } from '../http/paging.js';
import type { BroadcastStatus, DeliveryState } from '../db/schema.js';
import { EARLIEST_TIME, LATEST_TIME, PRIORITIES, receiverIdSchema, zoneIdSchema } from '../mqtt/protocol.js';
import type { AuditLog } from '../access/audit.js';
import type { SpeechJobs } from '../speech/jobs.js';
import { scopeOf, type ScopeAccess } from '../access/scope.js';
import { rejection } from '../access/approval.js';
import type { MediaOwners } from '../access/media-owners.js';
import { AppError } from '../errors.js';
import type { BroadcastService } from './service.js';
import { confirmUnreadableSchema as confirmUnreadable, requireReadable, type FindUnreadable } from '../http/readable.js';
import { describeRoutes } from '../http/openapi.js';
import { jobAccepted } from '../http/schemas.js';
import { broadcastSchema, broadcastSummarySchema, coverageSchema, createdBroadcastSchema, deliveryItemSchema } from './schemas.js';

/** 100 kB of text is ~2 hours of speech: anything longer is a mistake. */
export const MAX_TEXT_CHARS = 100_000;
/** Longer texts (~3 minutes of speech, seconds to render) answer 202 with a render job; the broadcast is made when it is done. */
export const LONG_TEXT_CHARS = 3_000;

/** Within the protocol's years (2000–2099), as receivers take times: year 0 or 9999 is a typo, not a broadcast that never settles. */
const time = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 time such as 2027-02-06T23:00:00.000Z' })
  .refine((s) => Date.parse(s) >= EARLIEST_TIME && Date.parse(s) < LATEST_TIME, 'must be a time between 2000 and 2100')
  .transform((s) => new Date(s));

const newBroadcast = z.object({
  title: z.string().trim().min(1, 'title is empty').max(300),
  text: z.string().max(MAX_TEXT_CHARS, `text is longer than ${MAX_TEXT_CHARS} characters`).optional(),
  mediaSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex sha256').optional(),
  voice: z.string().max(300).optional(),
  rate: z.number().min(0.5).max(2).optional(),
  confirmUnreadable,
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
  voice: z.string().max(300).optional(),
  rate: z.number().min(0.5).max(2).optional(),
  confirmUnreadable,
  /** Omitted: everywhere in the caller's scope. An empty list names no place: refused, never read as everywhere. */
  zoneIds: z.array(zoneIdSchema).min(1, 'chưa chọn thôn nào (omit zoneIds for everywhere)').max(1000).optional(),
  repeat: z.number().int().min(1).max(20).default(3),
});
/**
 * Fields of POST /broadcasts that this route does not take. Ignored as unknown
 * fields are elsewhere, a receiver list turned a warning for one loudspeaker
 * into one for the whole commune, and a start time into "now".
 */
const NOT_FOR_EMERGENCY: Record<string, string> = {
  receiverIds: 'Phát khẩn cấp chọn nơi phát theo thôn (zoneIds), không theo cụm loa; để phát khẩn cấp tới từng cụm loa hãy dùng POST /api/v1/broadcasts với "priority":"emergency" (receiverIds is not accepted here)',
  startAt: 'Phát khẩn cấp phát ngay; để hẹn giờ hãy dùng POST /api/v1/broadcasts với "priority":"emergency" (startAt is not accepted here: it plays now)',
  expiresAt: 'Phát khẩn cấp phát ngay; để hẹn giờ hãy dùng POST /api/v1/broadcasts với "priority":"emergency" (expiresAt is not accepted here)',
};

const BROADCAST_STATUSES = ['draft', 'pending_approval', 'scheduled', 'dispatching', 'dispatched', 'done', 'partial', 'failed', 'expired', 'cancelled', 'stopped'] as const satisfies readonly BroadcastStatus[];
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

export function broadcastRoutes(
  broadcasts: BroadcastService,
  audit: AuditLog,
  guard: Guard,
  deps: { allZoneIds: () => Promise<string[]>; kick: () => void; stop: (id: string, actor: string) => Promise<void>; jobs: SpeechJobs; voiceIds: () => string[]; scopes: ScopeAccess; media: MediaOwners; unreadable?: FindUnreadable },
): Router {
  const { scopes } = deps;
  const r = Router();
  /** The zones targeted, after checking the caller may target each of them and air the media (403 naming the first that is not). */
  const targetable = async (req: Request, zoneIds: string[], receiverIds: string[], mediaSha256?: string) => {
    if (mediaSha256) await deps.media.requireUsable(scopeOf(req), mediaSha256);
    await scopes.requireZones(scopeOf(req), zoneIds);
    await scopes.requireReceivers(scopeOf(req), receiverIds);
    return scopes.commonZone(await scopes.targetZones(zoneIds, receiverIds));
  };
  /** A broadcast as the caller may see it: a scoped reader sees its own receivers' deliveries and counts only. */
  const view = async (req: Request, row: Parameters<BroadcastService['viewJson']>[0]) => broadcasts.viewJson(row, await scopes.zoneIds(scopeOf(req)));
  /** A broadcast the caller may see: one that plays in its scope (404 otherwise, as if it did not exist). */
  const visible = async (req: Request) => {
    const row = await broadcasts.require(req.params.id as string);
    const targets = await broadcasts.targets(row.id);
    if (!(await scopes.reaches(scopeOf(req), targets.zoneIds, targets.receiverIds))) throw new AppError(`broadcast ${row.id} does not exist`, 404);
    return { row, targets };
  };
  /**
   * Deciding on a broadcast takes a scope over every zone it plays in: a
   * commune's chairman decides his commune's items, a district-wide one
   * waits for the district.
   */
  const decider = async (req: Request) => {
    const { row, targets } = await visible(req);
    const zones = await scopes.targetZones(targets.zoneIds, targets.receiverIds);
    await scopes.requireWhollyInside(scopeOf(req), zones, []);
    return { row, zone: await scopes.commonZone(zones) };
  };

  /**
   * A text longer than LONG_TEXT_CHARS renders as a job: answered 202 with
   * its status URL at once (checks done, so only the render is left), the
   * broadcast made when the audio is. False when the text renders inline.
   */
  const renderLater = async (res: Response, body: { text?: string; mediaSha256?: string; voice?: string }, zone: string | null, make: (media: { sha256: string }) => Promise<{ broadcastId: string }>): Promise<boolean> => {
    const text = body.text?.trim() ?? '';
    if (body.mediaSha256 || text.length <= LONG_TEXT_CHARS) return false;
    if (body.voice && !deps.voiceIds().includes(body.voice)) {
      throw new AppError(`Không có giọng đọc "${body.voice}" (unknown voice; available: ${deps.voiceIds().join(', ')})`, 400, 'unknown_voice');
    }
    const job = await deps.jobs.submit(text, { voice: body.voice, zoneId: zone }, make);
    const statusUrl = `/api/v1/speech/jobs/${job.id}`;
    res.status(202).location(statusUrl).json({ jobId: job.id, statusUrl });
    return true;
  };

  // "Phát khẩn cấp": one action, now, to all or chosen zones (all: the caller's whole scope); bypasses approval, audited.
  r.post('/emergency', guard('broadcasts:emergency'), async (req, res) => {
    for (const [key, message] of Object.entries(NOT_FOR_EMERGENCY)) {
      if (req.body && typeof req.body === 'object' && Object.hasOwn(req.body, key)) throw new AppError(message, 400, 'invalid_request');
    }
    const { confirmUnreadable: confirmed, ...body } = parseBody(emergency, req.body);
    const scope = scopeOf(req);
    const zoneIds = body.zoneIds?.length ? body.zoneIds : scope.zoneId ? [scope.zoneId] : await deps.allZoneIds();
    const zone = await targetable(req, zoneIds, [], body.mediaSha256);
    await requireReadable(body.text, confirmed, deps.unreadable, zone);
    const principal = req.principal!;
    const created = async (input: typeof body) => {
      const row = await broadcasts.create({ ...input, zoneIds, priority: 'emergency', category: 'khan-cap' }, principal);
      await audit.record(principal, 'broadcast.emergency', row.id, { zoneIds, repeat: input.repeat, by: principal.actor }, { zoneId: zone, after: { title: row.title, startAt: row.start_at } });
      deps.kick();
      return row;
    };
    // A long warning renders as a job too: the loop keeps timing what already airs.
    if (await renderLater(res, body, zone, async (media) => ({ broadcastId: (await created({ ...body, mediaSha256: media.sha256 })).id }))) return;
    res.status(201).type('json').send(await view(req, await created(body)));
  });
  r.post('/broadcasts', guard('broadcasts:create'), async (req, res) => {
    const { confirmUnreadable: confirmed, ...body } = parseBody(newBroadcast, req.body);
    const principal = req.principal!;
    const zone = await targetable(req, body.zoneIds ?? [], body.receiverIds ?? [], body.mediaSha256);
    await requireReadable(body.text, confirmed, deps.unreadable, zone);
    const created = async (input: typeof body) => {
      const made = await broadcasts.createChecked(input, principal, { settingsZoneId: zone });
      const row = made.row;
      // An emergency by this route is one too: it plays now and is audited as such.
      const now = broadcasts.isEmergencyNow(row.priority, new Date(row.start_at), new Date(row.created_at));
      await audit.record(principal, now ? 'broadcast.emergency' : 'broadcast.create', row.id, { priority: row.priority, startAt: row.start_at, status: row.status }, { zoneId: zone, after: { title: row.title, status: row.status } });
      if (now) deps.kick();
      return made;
    };
    if (!body.mediaSha256 && (body.text?.trim().length ?? 0) > LONG_TEXT_CHARS) await broadcasts.check(body);
    if (await renderLater(res, body, zone, async (media) => ({ broadcastId: (await created({ ...body, mediaSha256: media.sha256 })).row.id }))) return;
    const { row, conflicts } = await created(body);
    // The view is written as JSON; the conflicts (warnings: blocked ones were refused) join it.
    res.status(201).type('json').send(`${(await view(req, row)).slice(0, -1)},"conflicts":${JSON.stringify(conflicts)}}`);
  });
  r.get('/broadcasts', guard('broadcasts:read'), async (req, res) => {
    const { limit, before, status } = parseBody(listQuery, req.query);
    const page = await broadcasts.page({ status, reach: await scopes.reachZoneIds(scopeOf(req)) }, before, limit);
    linkNext(req, res, 'before', page.more ? page.items.at(-1)!.id : undefined);
    res.json(page.items);
  });
  r.get('/broadcasts/:id', guard('broadcasts:read'), async (req, res) => {
    const { row } = await visible(req);
    res.type('json').send(await view(req, row));
  });
  r.get('/broadcasts/:id/deliveries', guard('broadcasts:read'), async (req, res) => {
    const { limit, after, ...filter } = parseBody(deliveriesQuery, req.query);
    await visible(req);
    // A scoped reader pages its own receivers' deliveries.
    if (filter.zoneId) await scopes.requireZones(scopeOf(req), [filter.zoneId]);
    filter.zoneId ??= scopeOf(req).zoneId ?? undefined;
    const page = await broadcasts.deliveryPage(req.params.id as string, filter, after, limit);
    res.setHeader('X-Total-Count', String(page.total));
    linkNext(req, res, 'after', page.more ? page.items.at(-1)!.receiverId : undefined);
    res.json(page.items);
  });
  r.get('/broadcasts/:id/coverage', guard('broadcasts:read'), async (req, res) => {
    const { row } = await visible(req);
    res.json(await broadcasts.coverage(row.id, await scopes.zoneIds(scopeOf(req))));
  });
  r.post('/broadcasts/:id/approve', guard('broadcasts:approve'), async (req, res) => {
    const { row: before, zone } = await decider(req);
    const row = await broadcasts.approve(before.id, req.principal!);
    await audit.record(req.principal!, 'broadcast.approve', row.id, undefined, { zoneId: zone, before: { status: before.status }, after: { status: row.status } });
    deps.kick();
    res.type('json').send(await view(req, row));
  });
  r.post('/broadcasts/:id/reject', guard('broadcasts:approve'), async (req, res) => {
    const { reason } = parseBody(rejection, req.body);
    const { row: before, zone } = await decider(req);
    const row = await broadcasts.reject(before.id, req.principal!);
    await audit.record(req.principal!, 'broadcast.reject', row.id, { reason }, { zoneId: zone, before: { status: before.status }, after: { status: row.status } });
    res.type('json').send(await view(req, row));
  });
  // Stops it on air everywhere at once; receivers ack `preempted`.
  // Stopping or replaying what plays in several communes takes a scope over all of them.
  r.post('/broadcasts/:id/stop', guard('broadcasts:create'), async (req, res) => {
    const { row: seen, zone } = await decider(req);
    await deps.stop(seen.id, req.principal!.actor);
    await audit.record(req.principal!, 'broadcast.stop', seen.id, undefined, { zoneId: zone });
    res.type('json').send(await view(req, await broadcasts.require(seen.id)));
  });
  r.post('/broadcasts/:id/replay-missed', guard('broadcasts:create'), async (req, res) => {
    const { row: seen, zone } = await decider(req);
    const { row, receiverIds } = await broadcasts.replayMissed(seen.id, req.principal!);
    await audit.record(req.principal!, 'broadcast.replay-missed', row.id, { replayOf: row.replay_of, receivers: receiverIds.length }, { zoneId: zone });
    deps.kick();
    res.status(201).type('json').send(await view(req, row));
  });
  r.post('/broadcasts/:id/cancel', guard('broadcasts:create'), async (req, res) => {
    const p = req.principal!;
    let row;
    let zone: string | null;
    if (p.role === 'officer') {
      // An officer withdraws only his own item, and only before it is approved: after that it is the chairman's.
      const seen = await visible(req);
      zone = await scopes.commonZone(await scopes.targetZones(seen.targets.zoneIds, seen.targets.receiverIds));
      if (seen.row.created_by !== p.actor) throw new AppError('Chỉ người tạo mới hủy được tin này; tin đã duyệt do chủ tịch hoặc quản trị quyết định (only its author may cancel it)', 403, 'not_owner');
      // The actor string is not proof enough: a token's is "token:<name>", and
      // names are not unique (a commune's token named like the district's
      // cancelled the district's item). His own item plays only inside his
      // scope, or he could not have made it: as a schedule's archive checks.
      await scopes.requireWhollyInside(scopeOf(req), seen.targets.zoneIds, seen.targets.receiverIds);
      if (seen.row.status !== 'draft' && seen.row.status !== 'pending_approval') throw new AppError('Tin đã được duyệt: việc hủy do chủ tịch hoặc quản trị quyết định (approved: the chairman or admin decides)', 403, 'approved');
      row = await broadcasts.cancel(seen.row.id, ['draft', 'pending_approval']);
    } else {
      const decided = await decider(req);
      zone = decided.zone;
      row = await broadcasts.cancel(decided.row.id);
    }
    await audit.record(p, 'broadcast.cancel', row.id, undefined, { zoneId: zone, after: { status: row.status } });
    res.type('json').send(await view(req, row));
  });
  const longText = { status: 202, response: jobAccepted, description: `A text over ${LONG_TEXT_CHARS} characters renders first: follow the job; the broadcast is made when the audio is` } as const;
  describeRoutes(r, {
    'POST /emergency': { body: emergency, response: broadcastSchema, status: 201, also: [longText] },
    'POST /broadcasts': { body: newBroadcast, response: createdBroadcastSchema, status: 201, also: [longText] },
    'GET /broadcasts': { query: listQuery, response: z.array(broadcastSummarySchema) },
    'GET /broadcasts/:id': { response: broadcastSchema },
    'GET /broadcasts/:id/deliveries': { query: deliveriesQuery, response: z.array(deliveryItemSchema) },
    'GET /broadcasts/:id/coverage': { response: coverageSchema },
    'POST /broadcasts/:id/approve': { response: broadcastSchema },
    'POST /broadcasts/:id/reject': { body: rejection, response: broadcastSchema },
    'POST /broadcasts/:id/stop': { response: broadcastSchema },
    'POST /broadcasts/:id/replay-missed': { response: broadcastSchema, status: 201 },
    'POST /broadcasts/:id/cancel': { response: broadcastSchema },
  });
  return r;
}
