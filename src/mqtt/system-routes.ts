// Operational read-outs: MQTT message counters (invalid payloads dropped),
// connected clients (the audit log: src/access/routes.ts).
import { Router, type RequestHandler } from 'express';
import type { Guard } from '../http/auth.js';
import type { ServerBus } from './bus.js';
import type { EmbeddedBroker } from './broker.js';
import { outOfScope, scopeOf } from '../access/scope.js';

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
  return r;
}
