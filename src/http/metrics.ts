// Prometheus metrics at GET /metrics (text format). The caller needs a bearer
// token: METRICS_TOKEN (scrape-only, what Prometheus should get) or any API
// token. Gauges that describe the fleet are computed from the database at
// scrape time, so every instance behind a load balancer reports the same.
import crypto from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/index.js';
import type { DeliveryState } from '../db/schema.js';
import type { ServerBus } from '../mqtt/bus.js';
import type { EmbeddedBroker } from '../mqtt/broker.js';
import type { Dispatcher } from '../broadcasts/dispatcher.js';
import type { SpeechRenderer } from '../broadcasts/service.js';
import type { Guard } from './auth.js';
import { WARN_BURST, WARN_WINDOW_MS, warningCounts } from '../log.js';

const OPEN_STATES: DeliveryState[] = ['queued', 'received', 'downloaded', 'playing'];
const LATENCY_STATES: ReadonlySet<DeliveryState> = new Set(['received', 'downloaded']);
/** Dispatch times of recent broadcasts, so an ack costs no query. */
const DISPATCH_CACHE = 256;

export interface MetricsDeps {
  db: Db;
  bus: ServerBus;
  broker: EmbeddedBroker | null;
  guard: Guard;
  /** null: only API tokens may scrape. */
  metricsToken: string | null;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly renderSeconds: Histogram;
  private readonly transitions: Counter;
  private readonly ackLatency: Histogram;
  private readonly dispatchedAt = new Map<string, Promise<number | null>>();

  constructor(private readonly deps: MetricsDeps) {
    const { db, bus, broker } = deps;
    const registry = this.registry;
    collectDefaultMetrics({ register: registry });

    new Gauge({
      name: 'loa_receivers',
      help: 'Provisioned receivers by zone (their own zone, not its parents) and presence',
      labelNames: ['zone', 'online'],
      registers: [registry],
      async collect() {
        const rows = await db
          .selectFrom('receivers')
          .select(['zone_id', 'online', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy(['zone_id', 'online'])
          .execute();
        this.reset();
        for (const r of rows) this.set({ zone: r.zone_id, online: r.online ? 'true' : 'false' }, Number(r.n));
      },
    });

    new Gauge({
      name: 'loa_deliveries_open',
      help: 'Deliveries not yet finished, by state',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const rows = await db
          .selectFrom('deliveries')
          .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
          .where('state', 'in', OPEN_STATES)
          .groupBy('state')
          .execute();
        for (const s of OPEN_STATES) this.set({ state: s }, Number(rows.find((r) => r.state === s)?.n ?? 0));
      },
    });

    this.transitions = new Counter({
      name: 'loa_delivery_transitions_total',
      help: 'Deliveries reaching each state (acks and server-side expiry) since this instance started',
      labelNames: ['state'],
      registers: [registry],
    });
    this.ackLatency = new Histogram({
      name: 'loa_delivery_ack_seconds',
      help: "Time from a broadcast's dispatch to a receiver's received/downloaded ack",
      labelNames: ['state'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers: [registry],
    });

    this.renderSeconds = new Histogram({
      name: 'loa_speech_render_seconds',
      help: 'Time to get broadcast-ready speech for a broadcast or an occurrence (a cached render takes milliseconds)',
      buckets: [0.01, 0.05, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
      registers: [registry],
    });

    const previous = { received: { state: 0, telemetry: 0, ack: 0 }, invalid: { state: 0, telemetry: 0, ack: 0 } };
    // The bus keeps the totals; these counters follow them at each scrape.
    const fromBus = (name: string, help: string, kind: 'received' | 'invalid') =>
      new Counter({
        name,
        help,
        labelNames: ['leaf'],
        registers: [registry],
        collect() {
          const now = bus.getStats()[kind];
          for (const leaf of ['state', 'telemetry', 'ack'] as const) {
            this.inc({ leaf }, now[leaf] - previous[kind][leaf]);
            previous[kind][leaf] = now[leaf];
          }
        },
      });
    fromBus('loa_mqtt_messages_total', 'Valid receiver messages handled, by topic leaf', 'received');
    fromBus('loa_mqtt_invalid_messages_total', 'Receiver messages dropped as invalid (not JSON, wrong schema, a value out of range), by topic leaf', 'invalid');
    new Gauge({
      name: 'loa_mqtt_connected',
      help: 'Whether the server is connected to the MQTT broker',
      registers: [registry],
      collect() {
        this.set(bus.isConnected() ? 1 : 0);
      },
    });
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
    if (broker) {
      const refused = { oversized: 0, connectTimeouts: 0 };
      new Counter({
        name: 'loa_mqtt_connections_closed_total',
        help: 'Connections the embedded broker closed: a packet over the size limit (oversized), no CONNECT in time (connect_timeout)',
        labelNames: ['reason'],
        registers: [registry],
        collect() {
          const now = broker.stats();
          this.inc({ reason: 'oversized' }, now.oversized - refused.oversized);
          this.inc({ reason: 'connect_timeout' }, now.connectTimeouts - refused.connectTimeouts);
          Object.assign(refused, now);
        },
      });
      new Gauge({
        name: 'loa_mqtt_broker_clients',
        help: 'Clients connected to the embedded broker (receivers and this server)',
        registers: [registry],
        collect() {
          this.set(broker.connectedClients());
        },
      });
    }
  }

  /** Counts delivery transitions and times acks from the dispatcher's events. */
  observe(dispatcher: Pick<Dispatcher, 'events'>): void {
    dispatcher.events.on('delivery', (broadcastId, _receiverId, state) => {
      this.transitions.inc({ state });
      if (!LATENCY_STATES.has(state)) return;
      const now = Date.now();
      void this.dispatchTime(broadcastId).then((at) => {
        if (at !== null) this.ackLatency.observe({ state }, Math.max(0, now - at) / 1000);
      });
    });
  }

  /** Characters sent to each cloud voice vendor this month, and the commune's limit for it. */
  voiceUsage(source: { current(): Promise<Array<{ vendor: string; chars: number; limit: number | null }>> }): void {
    const usage = () => source.current();
    new Gauge({
      name: 'loa_voice_characters_month',
      help: 'Characters sent to each cloud voice vendor this month (commune time)',
      labelNames: ['vendor'],
      registers: [this.registry],
      async collect() {
        for (const u of await usage()) this.set({ vendor: u.vendor }, u.chars);
      },
    });
    new Gauge({
      name: 'loa_voice_characters_limit',
      help: 'Monthly character limit per cloud voice vendor (*_MONTHLY_CHARS), past which it is skipped',
      labelNames: ['vendor'],
      registers: [this.registry],
      async collect() {
        for (const u of await usage()) if (u.limit !== null) this.set({ vendor: u.vendor }, u.limit);
      },
    });
  }

  /** The renderer with every render timed. */
  timeRenders(speech: SpeechRenderer): SpeechRenderer {
    return {
      render: async (text, opts) => {
        const end = this.renderSeconds.startTimer();
        try {
          return await speech.render(text, opts);
        } finally {
          end();
        }
      },
    };
  }

  routes(): Router {
    const r = Router();
    const token = this.deps.metricsToken;
    const scraper: RequestHandler = (req, res, next) => {
      const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      if (token && m && safeEqual(m[1]!, token)) return next();
      this.deps.guard('system:read')(req, res, next);
    };
    r.get('/metrics', scraper, async (_req, res) => {
      res.type(this.registry.contentType).send(await this.registry.metrics());
    });
    return r;
  }

  /** When the broadcast's deliveries were queued: written before the command goes out, so even the first ack finds it. */
  private dispatchTime(broadcastId: string): Promise<number | null> {
    let at = this.dispatchedAt.get(broadcastId);
    if (!at) {
      at = this.deps.db
        .selectFrom('deliveries')
        .select('queued_at')
        .where('broadcast_id', '=', broadcastId)
        .limit(1)
        .executeTakeFirst()
        .then(
          (d) => (d ? Date.parse(d.queued_at) : null),
          () => null,
        );
      this.dispatchedAt.set(broadcastId, at);
      // Map order is insertion order: drop the oldest.
      if (this.dispatchedAt.size > DISPATCH_CACHE) this.dispatchedAt.delete(this.dispatchedAt.keys().next().value!);
    }
    return at;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = crypto.createHash('sha256').update(a).digest();
  const y = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(x, y);
}
