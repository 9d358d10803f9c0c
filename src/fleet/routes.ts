// The technician's tools beyond plain receiver commands: alerts and a test
// announcement on one receiver.
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/index.js';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import { limitParam } from '../http/paging.js';
import type { AuditLog } from '../access/audit.js';
import type { ReceiverService } from '../receivers/service.js';
import type { SpeechRenderer } from '../broadcasts/service.js';
import { receiverAlertsByZone } from './alerts.js';
import { scopeOf, type ScopeAccess } from '../access/scope.js';
import type { SettingsService } from '../settings.js';
import { describeRoutes } from '../http/openapi.js';
import { alertSchema, fleetSummarySchema, testToneSchema } from './schemas.js';

/** Spoken, so the technician standing under the speaker knows it is the test. */
export const TEST_PHRASE = 'Thử loa. Một, hai, ba, bốn, năm.';

const alertQuery = z.object({
  // Omitted: the commune's thresholds (settings).
  offlineMinutes: z.coerce.number().min(0).max(7 * 24 * 60).optional(),
  failStreak: z.coerce.number().int().min(1).max(50).optional(),
  limit: limitParam(100, 1000),
});

export function fleetRoutes(deps: {
  db: Db;
  receivers: ReceiverService;
  speech: SpeechRenderer;
  mediaUrl: (sha256: string) => string;
  audit: AuditLog;
  guard: Guard;
  scopes: ScopeAccess;
  settings: SettingsService;
}): Router {
  const { receivers, guard } = deps;
  const r = Router();

  r.get('/fleet/alerts', guard('receivers:read'), async (req, res) => {
    const q = parseBody(alertQuery, req.query);
    const scope = scopeOf(req);
    // Each hamlet by its commune's thresholds, unless the caller asks for its own.
    const thresholdsIn = async (zoneIds: string[]) =>
      new Map([...(await deps.settings.getMany(zoneIds))].map(([z, s]) => [z, { offlineMs: (q.offlineMinutes ?? s.alertOfflineMinutes) * 60_000, failStreak: q.failStreak ?? s.alertFailStreak }]));
    const { alerts, total } = await receiverAlertsByZone(deps.db, thresholdsIn, q.limit, new Date(), await deps.scopes.zoneIds(scope));
    res.setHeader('X-Total-Count', String(total));
    res.json(alerts);
  });

  // The technician's overview: receivers online per zone, without loading them.
  r.get('/fleet/summary', guard('receivers:read'), async (req, res) => {
    res.json(await receivers.summary(await deps.scopes.zoneIds(scopeOf(req))));
  });

  // A maintenance action, not a broadcast: it goes to one receiver straight
  // away, needs no approval and stays out of the as-played reports (the
  // audit log keeps it).
  r.post('/receivers/:id/test-tone', guard('receivers:command'), deps.scopes.receiverParam('id'), async (req, res) => {
    const id = req.params.id as string;
    await receivers.require(id);
    const media = await deps.speech.render(TEST_PHRASE);
    const cmdId = await receivers.sendCommand(id, {
      type: 'play',
      broadcastId: `test-${id}-${Date.now().toString(36)}`,
      priority: 'priority',
      media: { url: deps.mediaUrl(media.sha256), sha256: media.sha256, bytes: Number(media.bytes), durationMs: media.duration_ms, format: media.format },
      repeat: 1,
    });
    await deps.audit.record(req.principal!, 'receiver.command.test-tone', id, { cmdId }, { zoneId: (await receivers.get(id))?.zone_id });
    res.status(202).json({ cmdId });
  });
  describeRoutes(r, {
    'GET /fleet/alerts': { query: alertQuery, response: z.array(alertSchema) },
    'GET /fleet/summary': { response: fleetSummarySchema },
    'POST /receivers/:id/test-tone': { response: testToneSchema, status: 202 },
  });
  return r;
}
