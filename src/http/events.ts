// Server-sent events for the panel: receiver changes and delivery progress
// are pushed as they happen, so no page has to reload or poll. One listener
// per source fans out to every open stream.
import type { EventEmitter } from 'node:events';
import { Router, type Request, type Response } from 'express';
import type { StreamFilter } from '../access/stream-filter.js';
import type { Guard } from './auth.js';
import type { ReceiverEvents, ReceiverView } from '../receivers/service.js';
import type { DispatcherEvents } from '../broadcasts/dispatcher.js';

/** Proxies and phones drop idle connections; a comment line keeps them open. */
const HEARTBEAT_MS = 20_000;
/** At most one `receiver` event per receiver this often, carrying its latest view: one chatty receiver must not flood every panel. */
export const RECEIVER_EVENT_INTERVAL_MS = 300;

export interface EventSources {
  receivers: EventEmitter<ReceiverEvents>;
  dispatcher: EventEmitter<DispatcherEvents>;
  /** Bulletins from above: a sender follows its communes live. */
  bulletins?: EventEmitter<{ changed: [bulletinId: string] }>;
  /** What a caller may receive (src/access/stream-filter.ts); null or absent: everything. */
  filterFor?: (req: Request) => Promise<StreamFilter | null>;
}

/** Whether a session is still signed in (logout or a removed account ends its stream). */
export type SessionCheck = (sessionId: string) => Promise<boolean>;

export function eventRoutes(
  sources: EventSources,
  guard: Guard,
  stillSignedIn: SessionCheck,
  heartbeatMs = HEARTBEAT_MS,
  receiverIntervalMs = RECEIVER_EVENT_INTERVAL_MS,
): Router {
  // A scoped stream writes an event only once its filter says yes; its queue keeps the events in order.
  const streams = new Map<Response, { filter: StreamFilter | null; queue: Promise<void> }>();
  const send = (event: string, data: unknown, allowed: (f: StreamFilter) => boolean | Promise<boolean>) => {
    if (streams.size === 0) return;
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const [res, s] of streams) {
      if (!s.filter) res.write(frame);
      else {
        const filter = s.filter;
        s.queue = s.queue.then(async () => {
          if (await allowed(filter)) res.write(frame);
        }).catch(() => {});
      }
    }
  };
  const sendReceiver = (view: ReceiverView) => send('receiver', view, (f) => f.receiver(view.zoneId));
  // The first change of a receiver goes out at once; changes within the
  // interval after it wait, and only the latest is sent when it ends.
  const held = new Map<string, ReceiverView | null>();
  const hold = (id: string) =>
    setTimeout(() => {
      const latest = held.get(id);
      if (!latest) return held.delete(id);
      sendReceiver(latest);
      held.set(id, null);
      hold(id);
    }, receiverIntervalMs).unref();
  sources.receivers.on('changed', (view) => {
    if (held.has(view.id)) return void held.set(view.id, view);
    sendReceiver(view);
    held.set(view.id, null);
    hold(view.id);
  });
  sources.dispatcher.on('delivery', (broadcastId, receiverId, state) => send('delivery', { broadcastId, receiverId, state }, (f) => f.delivery(broadcastId, receiverId)));
  sources.dispatcher.on('status', (broadcastId) => send('status', { broadcastId }, (f) => f.status(broadcastId)));
  sources.bulletins?.on('changed', (bulletinId) => send('bulletin', { bulletinId }, (f) => f.bulletin(bulletinId)));

  const r = Router();
  r.get('/events', guard('receivers:read'), async (req, res) => {
    const filter = (await sources.filterFor?.(req)) ?? null;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // The browser reconnects by itself after this long if the link drops.
    res.write('retry: 2000\n\n');
    streams.set(res, { filter, queue: Promise.resolve() });
    const sessionId = req.panelSession?.id;
    const beat = setInterval(async () => {
      if (sessionId && !(await stillSignedIn(sessionId).catch(() => true))) return res.end();
      res.write(': ping\n\n');
    }, heartbeatMs);
    req.on('close', () => {
      clearInterval(beat);
      streams.delete(res);
    });
  });
  return r;
}
