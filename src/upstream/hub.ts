// The province side: accepts its linked communes' connections, sends each
// what the outbox holds for it, and hands what they report to the handler.
import type http from 'node:http';
import type { Logger } from '../log.js';
import { LINK_VERSION, upMessage, type DownMessage, type Outgoing, type UpMessage } from './messages.js';
import type { Outbox } from './outbox.js';
import { LinkSession } from './session.js';
import type { LinkTransport } from './transport.js';

export interface Downstream {
  id: string;
  /** The province's zone for this commune: what the token covers. */
  zoneId: string;
}

/**
 * How often the hub looks at what other instances did for the communes it
 * holds: messages they queued (a bulletin sent through another instance),
 * tokens they revoked; and says in the database that it holds them.
 */
export const HUB_TICK_MS = 1000;

export class DownstreamHub {
  private readonly sessions = new Map<string, LinkSession<UpMessage>>();
  private stopListening: (() => Promise<void>) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(
    private readonly opts: {
      transport: LinkTransport;
      outbox: Outbox;
      authenticate: (token: string) => Promise<Downstream | null>;
      /** Of these held communes, the ones whose token still stands; they are marked as linked now. */
      stillLinked: (ids: string[]) => Promise<Set<string>>;
      handle: (from: Downstream, message: UpMessage) => Promise<void>;
      onConnected?: (from: Downstream, connected: boolean) => void;
      log: Logger;
    },
  ) {}

  listen(server: http.Server): void {
    this.stopListening = this.opts.transport.listen(server, this.opts.authenticate, (peer, conn) => {
      // A commune that reconnects before its old connection timed out: the new one wins.
      this.sessions.get(peer.id)?.close('replaced by a new connection');
      const session = new LinkSession<UpMessage>(conn, {
        outbox: this.opts.outbox,
        peer: peer.id,
        schema: upMessage,
        complete: (body) => ({ v: LINK_VERSION, ...body, zoneId: peer.zoneId }),
        handle: (m) => this.opts.handle(peer, m),
        log: this.opts.log,
      });
      this.sessions.set(peer.id, session);
      conn.onClose(() => {
        if (this.sessions.get(peer.id) !== session) return;
        this.sessions.delete(peer.id);
        this.opts.onConnected?.(peer, false);
      });
      session.sendControl({ v: LINK_VERSION, type: 'welcome', downstreamId: peer.id, zoneId: peer.zoneId, serverTime: new Date().toISOString() });
      this.opts.onConnected?.(peer, true);
      session.pump();
    });
    this.timer = setInterval(() => void this.tick(), HUB_TICK_MS);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.sessions.size === 0) return;
    this.ticking = true;
    try {
      const held = [...this.sessions.keys()];
      const linked = await this.opts.stillLinked(held);
      for (const id of held) if (!linked.has(id)) await this.revoke(id);
      for (const id of await this.opts.outbox.peersWithMessages(held.filter((id) => linked.has(id)))) this.sessions.get(id)?.pump();
    } catch (err) {
      this.opts.log.warn('link check failed', { error: (err as Error).message });
    } finally {
      this.ticking = false;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.stopListening?.();
    this.sessions.clear();
  }

  isConnected(downstreamId: string): boolean {
    return this.sessions.get(downstreamId)?.isOpen() ?? false;
  }

  async send(downstreamId: string, message: Outgoing<DownMessage>): Promise<void> {
    await this.opts.outbox.add(downstreamId, message);
    this.sessions.get(downstreamId)?.pump();
  }

  /** A revoked token: its connection goes at once, and what was queued for it with it. */
  async revoke(downstreamId: string): Promise<void> {
    this.sessions.get(downstreamId)?.close('token revoked');
    this.sessions.delete(downstreamId);
    await this.opts.outbox.clear(downstreamId);
  }
}
