// Server-sent events for the panel: what changes is pushed as it happens, so
// no page has to reload or poll. Features publish their events here where
// they are wired (receivers, dispatcher, bulletins); this module knows
// nothing of them. One publish fans out to every open stream.
import { Router, type Request, type Response } from 'express';
import type { Guard } from './auth.js';

/** Proxies and phones drop idle connections; a comment line keeps them open. */
const HEARTBEAT_MS = 20_000;

/** Whether a session is still signed in (logout or a removed account ends its stream). */
export type SessionCheck = (sessionId: string) => Promise<boolean>;
/** Whether a bearer token still stands (a revoked one ends its stream). */
export type TokenCheck = (token: string) => Promise<boolean>;

/** Whether a stream with this filter may receive an event; `F` is what a scoped caller's filter is. */
export type Allowed<F> = (filter: F) => boolean | Promise<boolean>;

export interface EventStreamOptions<F> {
  guard: Guard;
  stillSignedIn: SessionCheck;
  tokenStillValid?: TokenCheck;
  /** What a caller may receive; null: everything. */
  filterFor?: (req: Request) => Promise<F | null>;
  heartbeatMs?: number;
}

export class EventStream<F> {
  // A scoped stream writes an event only once its filter says yes; its queue keeps the events in order.
  private readonly streams = new Map<Response, { filter: F | null; queue: Promise<void> }>();
  /** Keys with an event sent lately: null, or the latest one held back. */
  private readonly held = new Map<string, { event: string; data: unknown; allowed: Allowed<F> } | null>();

  constructor(private readonly opts: EventStreamOptions<F>) {}

  publish(event: string, data: unknown, allowed: Allowed<F>): void {
    if (this.streams.size === 0) return;
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const [res, s] of this.streams) {
      if (!s.filter) res.write(frame);
      else {
        const filter = s.filter;
        s.queue = s.queue
          .then(async () => {
            if (await allowed(filter)) res.write(frame);
          })
          .catch(() => {});
      }
    }
  }

  /**
   * At most one event per key every `intervalMs`, carrying the latest data:
   * the first goes out at once, later ones within the interval wait and only
   * the last is sent when it ends (one chatty source must not flood every panel).
   */
  publishLatest(key: string, intervalMs: number, event: string, data: unknown, allowed: Allowed<F>): void {
    if (this.held.has(key)) return void this.held.set(key, { event, data, allowed });
    this.publish(event, data, allowed);
    this.held.set(key, null);
    this.hold(key, intervalMs);
  }

  private hold(key: string, intervalMs: number): void {
    setTimeout(() => {
      const latest = this.held.get(key);
      if (!latest) return void this.held.delete(key);
      this.publish(latest.event, latest.data, latest.allowed);
      this.held.set(key, null);
      this.hold(key, intervalMs);
    }, intervalMs).unref();
  }

  routes(permission: Parameters<Guard>[0]): Router {
    const r = Router();
    r.get('/events', this.opts.guard(permission), async (req, res) => {
      const filter = (await this.opts.filterFor?.(req)) ?? null;
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      // The browser reconnects by itself after this long if the link drops.
      res.write('retry: 2000\n\n');
      this.streams.set(res, { filter, queue: Promise.resolve() });
      // The credential is checked again at each heartbeat: signing out, or revoking the token, ends the stream.
      const sessionId = req.panelSession?.id;
      const bearer = sessionId ? undefined : /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const { stillSignedIn, tokenStillValid } = this.opts;
      const stands = sessionId ? () => stillSignedIn(sessionId) : bearer && tokenStillValid ? () => tokenStillValid(bearer) : null;
      const beat = setInterval(async () => {
        if (stands && !(await stands().catch(() => true))) return res.end();
        res.write(': ping\n\n');
      }, this.opts.heartbeatMs ?? HEARTBEAT_MS);
      req.on('close', () => {
        clearInterval(beat);
        this.streams.delete(res);
      });
    });
    return r;
  }
}
