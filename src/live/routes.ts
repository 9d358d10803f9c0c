import { Router } from 'express';
import { z } from 'zod';
import type { Request } from 'express';
import type { Guard } from '../http/auth.js';
import { scopeOf, type ScopeAccess } from '../access/scope.js';
import { parseBody } from '../http/validate.js';
import { AppError } from '../errors.js';
import { PRIORITIES, receiverIdSchema, zoneIdSchema } from '../mqtt/protocol.js';
import type { LiveService } from './service.js';
import { describeRoutes } from '../http/openapi.js';
import { liveSessionSchema } from './schemas.js';

const httpUrl = z
  .string()
  .max(2000)
  .refine((s) => {
    try {
      return ['http:', 'https:'].includes(new URL(s).protocol);
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// stream URL');

export const newLive = z.object({
  title: z.string().trim().min(1, 'title is empty').max(300),
  zoneIds: z.array(zoneIdSchema).max(1000).optional(),
  receiverIds: z.array(receiverIdSchema).max(10000).optional(),
  priority: z.enum(PRIORITIES).default('normal'),
  sourceUrl: httpUrl.optional(),
  volume: z.number().int().min(0).max(100).optional(),
  /** In-step mode: receivers play each piece this long after it was produced (by their NTP clock). */
  syncDelayMs: z.number().int().min(100).max(10_000).optional(),
  /** Relays: end by themselves after this many seconds. */
  durationS: z.number().int().min(1).max(6 * 3600).optional(),
});

export function liveRoutes(live: LiveService, guard: Guard, scopes: Pick<ScopeAccess, 'requireZones' | 'requireReceivers' | 'reaches' | 'requireWhollyInside'>): Router {
  const r = Router();
  /**
   * A session is the caller's to see or end if its targets are within the
   * caller's scope. Another commune's session is a 404, as its other items
   * are; the 403 named that commune's hamlet and said the session existed.
   */
  const inScope = async (req: Request) => {
    const id = req.params.id as string;
    const { zoneIds, receiverIds } = await live.targets(id);
    if (!(await scopes.reaches(scopeOf(req), zoneIds, receiverIds))) throw new AppError(`Buổi phát trực tiếp ${id} không tồn tại (no such live session)`, 404, 'not_found');
    await scopes.requireWhollyInside(scopeOf(req), zoneIds, receiverIds);
  };
  r.post('/live', guard('live:start'), async (req, res) => {
    const { durationS, ...body } = parseBody(newLive, req.body);
    await scopes.requireZones(scopeOf(req), body.zoneIds ?? []);
    await scopes.requireReceivers(scopeOf(req), body.receiverIds ?? []);
    const row = await live.create({ ...body, durationMs: durationS ? durationS * 1000 : undefined, source: req.panelSession ? 'browser' : 'push' }, req.principal!);
    res.status(201).type('json').send(await live.viewJson(row.id));
  });
  r.get('/live/:id', guard('broadcasts:read'), async (req, res) => {
    await inScope(req);
    res.type('json').send(await live.viewJson(req.params.id as string));
  });
  // The session is on air while this body flows: `ffmpeg … -f mp3 - | curl -T - …/audio`.
  r.put('/live/:id/audio', guard('live:start'), async (req, res) => {
    const id = req.params.id as string;
    await inScope(req);
    // Run by another instance (a load balancer sent the push here): the push goes there, where the caller is checked again.
    if (await live.forwardPush(id, req, res)) return;
    await live.feed(id, req);
    res.type('json').send(await live.viewJson(id));
  });
  r.post('/live/:id/stop', guard('live:start'), async (req, res) => {
    const id = req.params.id as string;
    await inScope(req);
    await live.stop(id, req.principal!.actor);
    res.type('json').send(await live.viewJson(id));
  });
  describeRoutes(r, {
    'POST /live': { body: newLive, response: liveSessionSchema, status: 201 },
    'GET /live/:id': { response: liveSessionSchema },
    'PUT /live/:id/audio': { summary: 'Feed the session an MP3 stream; answers when the body ends', response: liveSessionSchema },
    'POST /live/:id/stop': { response: liveSessionSchema },
  });
  return r;
}
