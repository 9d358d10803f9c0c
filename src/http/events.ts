// Server-sent events for the panel: receiver changes and delivery progress
// are pushed as they happen, so no page has to reload or poll. One listener
// per source fans out to every open stream.
import type { EventEmitter } from 'node:events';
import { Router, type Response } from 'express';
import type { Guard } from './auth.js';
import type { ReceiverEvents } from '../receivers/service.js';
import type { DispatcherEvents } from '../broadcasts/dispatcher.js';

/** Proxies and phones drop idle connections; a comment line keeps them open. */
const HEARTBEAT_MS = 20_000;

export interface EventSources {
  receivers: EventEmitter<ReceiverEvents>;
  dispatcher: EventEmitter<DispatcherEvents>;
}

/** Whether a session is still signed in (logout or a removed account ends its stream). */
export type SessionCheck = (sessionId: string) => Promise<boolean>;

export function eventRoutes(sources: EventSources, guard: Guard, stillSignedIn: SessionCheck, heartbeatMs = HEARTBEAT_MS): Router {
  const streams = new Set<Response>();
  const send = (event: string, data: unknown) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of streams) res.write(frame);
  };
  sources.receivers.on('changed', (view) => send('receiver', view));
  sources.dispatcher.on('delivery', (broadcastId, receiverId, state) => send('delivery', { broadcastId, receiverId, state }));
  sources.dispatcher.on('status', (broadcastId) => send('status', { broadcastId }));

  const r = Router();
  r.get('/events', guard('receivers:read'), (req, res) => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // The browser reconnects by itself after this long if the link drops.
    res.write('retry: 2000\n\n');
    streams.add(res);
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
