// The commune side: connects out to the province (no inbound port, so it
// works behind NAT and on 4G), reconnects with backoff for as long as it
// runs, and keeps what it owes the province in the outbox meanwhile. Nothing
// the commune airs waits for this link.
import type { Logger } from '../log.js';
import { downMessage, LINK_VERSION, type DownMessage, type Outgoing, type UpMessage } from './messages.js';
import type { Outbox } from './outbox.js';
import { LinkSession } from './session.js';
import { LinkRefused, type LinkTransport } from './transport.js';

export const UPSTREAM_PEER = 'upstream';
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 30_000;
/** A refused token is an operator's problem: try again rarely. */
const REFUSED_RETRY_MS = 60_000;
const WELCOME_TIMEOUT_MS = 15_000;

interface UpstreamState {
  connected: boolean;
  /** The province's zone for this commune, from its welcome. */
  zoneId: string | null;
  lastError: string | null;
}

export class UpstreamClient {
  private session: LinkSession<DownMessage> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private backoff = BACKOFF_MIN_MS;
  private readonly current: UpstreamState = { connected: false, zoneId: null, lastError: null };

  constructor(
    private readonly opts: {
      url: string;
      token: string;
      transport: LinkTransport;
      outbox: Outbox;
      handle: (message: DownMessage) => Promise<void>;
      software: string;
      log: Logger;
    },
  ) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.session?.close('stopping');
    this.session = null;
  }

  state(): UpstreamState {
    return { ...this.current };
  }

  /** Queues a report for the province; it goes now if the link is up, else when it returns. */
  async send(message: Outgoing<UpMessage>): Promise<void> {
    await this.opts.outbox.add(UPSTREAM_PEER, message);
    if (this.current.connected) this.session?.pump();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      const conn = await this.opts.transport.connect(this.opts.url, this.opts.token);
      if (this.stopped) return conn.close('stopping');
      const session = new LinkSession<DownMessage>(conn, {
        outbox: this.opts.outbox,
        peer: UPSTREAM_PEER,
        schema: downMessage,
        complete: (body) => ({ v: LINK_VERSION, ...body, zoneId: this.current.zoneId }),
        handle: this.opts.handle,
        onControl: (m) => {
          if (m.type !== 'welcome') return;
          this.current.zoneId = m.zoneId;
          this.current.connected = true;
          this.current.lastError = null;
          this.backoff = BACKOFF_MIN_MS;
          this.opts.log.info('upstream link up', { zoneId: m.zoneId });
          session.pump();
        },
        log: this.opts.log,
      });
      this.session = session;
      conn.onClose((reason) => {
        if (this.session === session) this.session = null;
        if (this.current.connected) this.opts.log.warn('upstream link down', { reason });
        this.current.connected = false;
        this.retry(this.backoff);
      });
      session.sendControl({ v: LINK_VERSION, type: 'hello', software: this.opts.software });
      // A province that accepted the connection but never says welcome is as good as down.
      setTimeout(() => {
        if (!this.current.connected && this.session === session) session.close('no welcome');
      }, WELCOME_TIMEOUT_MS);
    } catch (err) {
      const refused = err instanceof LinkRefused;
      this.current.lastError = (err as Error).message;
      this.opts.log.warn('upstream link: cannot connect', { error: this.current.lastError });
      this.retry(refused ? REFUSED_RETRY_MS : this.backoff);
    }
  }

  private retry(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.backoff = Math.min(this.backoff * 2, BACKOFF_MAX_MS);
    // Jitter: a province's communes coming back together do not all knock at once.
    this.timer = setTimeout(() => void this.connect(), ms * (0.75 + Math.random() * 0.5));
  }
}
