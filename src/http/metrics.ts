// Prometheus metrics at GET /metrics (text format). The caller needs a bearer
// token: METRICS_TOKEN (scrape-only, what Prometheus should get) or a
// whole-system API token (the metrics span every commune). This module owns
// the registry, the process's own metrics and the log's warning counts; each feature registers its metrics where it is wired
// (receivers/metrics.ts, broadcasts/metrics.ts, mqtt/metrics.ts,
// speech/metrics.ts). Gauges that describe the fleet are computed from the
// database at scrape time, so every instance behind a load balancer reports
// the same.
import crypto from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import type { Guard } from './auth.js';
import { AppError } from '../errors.js';
import { WARN_BURST, WARN_WINDOW_MS, warningCounts } from '../log.js';

export interface MetricsDeps {
  guard: Guard;
  /** null: only API tokens may scrape. */
  metricsToken: string | null;
}

export class Metrics {
  readonly registry = new Registry();

  constructor(private readonly deps: MetricsDeps) {
    const registry = this.registry;
    collectDefaultMetrics({ register: registry });
    // The log writes a few of each repeated warning; these count every one.
    const written = new Map<string, { total: number; suppressed: number }>();
    const fromLog = (name: string, help: string, kind: 'total' | 'suppressed') =>
      new Counter({
        name,
        help,
        labelNames: ['scope', 'message'],
        registers: [registry],
        collect() {
          for (const w of warningCounts()) {
            const key = `${w.scope}\u0000${w.message}`;
            const seen = written.get(key) ?? { total: 0, suppressed: 0 };
            this.inc({ scope: w.scope, message: w.message }, w[kind] - seen[kind]);
            seen[kind] = w[kind];
            written.set(key, seen);
          }
        },
      });
    fromLog('loa_log_warnings_total', 'Warnings raised, written to the log or not, by logger scope and message', 'total');
    fromLog('loa_log_warnings_suppressed_total', `Warnings not written because the same one was written ${WARN_BURST} times in the last ${WARN_WINDOW_MS / 1000} s`, 'suppressed');
  }

  routes(): Router {
    const r = Router();
    const token = this.deps.metricsToken;
    // The metrics span every commune (receivers per zone, the log's warnings
    // naming receivers): like /api/v1/system/*, a whole-system caller's only.
    const wholeSystem: RequestHandler = (req, _res, next) => {
      const zoneId = req.scope?.zoneId ?? req.principal?.zoneId ?? null;
      if (zoneId === null) return next();
      next(new AppError('Ngoài phạm vi quản lý của tài khoản: số liệu của cả máy chủ (server-wide metrics: outside your scope)', 403, 'out_of_scope', { zoneId }));
    };
    const scraper: RequestHandler = (req, res, next) => {
      const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      if (token && m && safeEqual(m[1]!, token)) return next();
      this.deps.guard('system:read')(req, res, (err?: unknown) => (err ? next(err) : wholeSystem(req, res, next)));
    };
    r.get('/metrics', scraper, async (_req, res) => {
      res.type(this.registry.contentType).send(await this.registry.metrics());
    });
    return r;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = crypto.createHash('sha256').update(a).digest();
  const y = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(x, y);
}
