// Operational read-outs: MQTT message counters (invalid payloads dropped),
// connected clients (the audit log: src/access/routes.ts).
import { Router, type RequestHandler } from 'express';
import type { Guard } from '../http/auth.js';
import type { ServerBus } from './bus.js';
import type { EmbeddedBroker } from './broker.js';
import { outOfScope, scopeOf } from '../access/scope.js';
import { z } from 'zod';
import { describeRoutes } from '../http/openapi.js';
import { isoTime } from '../http/schemas.js';

const inbound = z.object({ state: z.int().min(0), telemetry: z.int().min(0), ack: z.int().min(0) });
/** The bus's counters (src/mqtt/bus.ts BusStats) and the embedded broker's, if it runs. */
const mqttStats = z.object({
  connected: z.boolean(),
  received: inbound,
  /** Dropped: not valid JSON or not the protocol. */
  invalid: inbound,
  lastInvalid: z.object({ topic: z.string(), error: z.string(), at: isoTime }).nullable(),
  /** Handled (counted in `received` too) without some optional fields that were out of range. */
  partial: inbound,
  embeddedBroker: z.object({ port: z.int(), clients: z.int().min(0), closed: z.object({ oversized: z.int().min(0), connectTimeouts: z.int().min(0) }) }).nullable(),
});
const instance = z.object({ instanceId: z.string(), leader: z.boolean().describe('Holds the dispatch lease') });

/** The server's own counters span every commune: whole-system accounts only. */
const wholeSystem: RequestHandler = (req, _res, next) => {
  const { zoneId } = scopeOf(req);
  next(zoneId === null ? undefined : outOfScope('số liệu của cả máy chủ (server-wide read-outs)', { zoneId }));
};

export function systemRoutes(deps: { bus: ServerBus; broker: EmbeddedBroker | null; guard: Guard; instance: () => { instanceId: string; leader: boolean } }): Router {
  const r = Router();
  r.get('/system/mqtt', deps.guard('system:read'), wholeSystem, (_req, res) => {
    res.json({ ...deps.bus.getStats(), embeddedBroker: deps.broker ? { port: deps.broker.port, clients: deps.broker.connectedClients(), closed: deps.broker.stats() } : null });
  });
  // Which instance this is and whether it holds the dispatch lease.
  r.get('/system/instance', deps.guard('system:read'), wholeSystem, (_req, res) => {
    res.json(deps.instance());
  });
  describeRoutes(r, {
    'GET /system/mqtt': { response: mqttStats },
    'GET /system/instance': { response: instance },
  });
  return r;
}
