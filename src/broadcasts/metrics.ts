// Broadcasts in /metrics: open deliveries (from the database), delivery
// transitions and ack latency (from the dispatcher's events), render time.
import type { EventEmitter } from 'node:events';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Db } from '../db/index.js';
import type { DeliveryState } from '../db/schema.js';
import type { DispatcherEvents } from './dispatcher.js';
import type { SpeechRenderer } from './service.js';

const OPEN_STATES: DeliveryState[] = ['queued', 'received', 'downloaded', 'playing'];
const LATENCY_STATES: ReadonlySet<DeliveryState> = new Set(['received', 'downloaded']);
/** Dispatch times of recent broadcasts, so an ack costs no query. */
const DISPATCH_CACHE = 256;

/** The renderer broadcasts and occurrences use, with every render timed. */
export function timedRenders(registry: Registry, speech: SpeechRenderer): SpeechRenderer {
  const renderSeconds = new Histogram({
    name: 'loa_speech_render_seconds',
    help: 'Time to get broadcast-ready speech for a broadcast or an occurrence (a cached render takes milliseconds)',
    buckets: [0.01, 0.05, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  return {
    render: async (text, opts) => {
      const end = renderSeconds.startTimer();
      try {
        return await speech.render(text, opts);
      } finally {
        end();
      }
    },
  };
}

/** Open deliveries, and the dispatcher's events counted and timed. */
export function broadcastMetrics(registry: Registry, db: Db, dispatcher: EventEmitter<DispatcherEvents>): void {
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
  const transitions = new Counter({
    name: 'loa_delivery_transitions_total',
    help: 'Deliveries reaching each state (acks and server-side expiry) since this instance started',
    labelNames: ['state'],
    registers: [registry],
  });
  const ackLatency = new Histogram({
    name: 'loa_delivery_ack_seconds',
    help: "Time from a broadcast's dispatch to a receiver's received/downloaded ack",
    labelNames: ['state'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [registry],
  });

  // When the broadcast's deliveries were queued: written before the command goes out, so even the first ack finds it.
  const dispatchedAt = new Map<string, Promise<number | null>>();
  const dispatchTime = (broadcastId: string): Promise<number | null> => {
    let at = dispatchedAt.get(broadcastId);
    if (!at) {
      at = db
        .selectFrom('deliveries')
        .select('queued_at')
        .where('broadcast_id', '=', broadcastId)
        .limit(1)
        .executeTakeFirst()
        .then(
          (d) => (d ? Date.parse(d.queued_at) : null),
          () => null,
        );
      dispatchedAt.set(broadcastId, at);
      // Map order is insertion order: drop the oldest.
      if (dispatchedAt.size > DISPATCH_CACHE) dispatchedAt.delete(dispatchedAt.keys().next().value!);
    }
    return at;
  };
  dispatcher.on('delivery', (broadcastId, _receiverId, state) => {
    transitions.inc({ state });
    if (!LATENCY_STATES.has(state)) return;
    const now = Date.now();
    void dispatchTime(broadcastId).then((at) => {
      if (at !== null) ackLatency.observe({ state }, Math.max(0, now - at) / 1000);
    });
  });
}
