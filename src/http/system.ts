// Operational read-outs: MQTT message counters (invalid payloads dropped),
// connected clients, the audit log.
import { Router } from 'express';
import { z } from 'zod';
import type { Guard } from './auth.js';
import { limitParam } from './paging.js';
import { parseBody } from './validate.js';
import type { ServerBus } from '../mqtt/bus.js';
import type { EmbeddedBroker } from '../mqtt/broker.js';
import type { AuditLog } from '../access/audit.js';

const auditQuery = z.object({ limit: limitParam(100, 1000) });

export function systemRoutes(deps: { bus: ServerBus; broker: EmbeddedBroker | null; audit: AuditLog; guard: Guard; instance: () => { instanceId: string; leader: boolean } }): Router {
  const r = Router();
  r.get('/system/mqtt', deps.guard('system:read'), (_req, res) => {
    res.json({ ...deps.bus.getStats(), embeddedBroker: deps.broker ? { port: deps.broker.port, clients: deps.broker.connectedClients() } : null });
  });
  // Which instance this is and whether it holds the dispatch lease.
  r.get('/system/instance', deps.guard('system:read'), (_req, res) => {
    res.json(deps.instance());
  });
  r.get('/audit', deps.guard('audit:read'), async (req, res) => {
    const { limit } = parseBody(auditQuery, req.query);
    res.json(await deps.audit.list(limit));
  });
  return r;
}
