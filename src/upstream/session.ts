// One connection's worth of the link, the same on both sides: send what the
// outbox holds in order (at most WINDOW unacked), drop what the other side
// acks or refuses, and hand each inbound message to the handler one at a
// time, acking it once handled. A handler that fails leaves the message
// unacked and closes the connection: the other side resends it on the next one.
import type { z } from 'zod';
import type { Logger } from '../log.js';
import { LINK_VERSION, parseFrame, WINDOW, type ControlMessage } from './messages.js';
import type { Outbox } from './outbox.js';
import type { LinkConnection } from './transport.js';

/** A handler's no: the message is refused for good (nack) rather than retried. */
export class Refusal extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export class LinkSession<In extends { id: string; type: string }> {
  private sentSeq = 0;
  private inFlight = 0;
  private pumping = false;
  private again = false;
  private closed = false;
  private inbound: Promise<void> = Promise.resolve();

  constructor(
    private readonly conn: LinkConnection,
    private readonly opts: {
      outbox: Outbox;
      peer: string;
      schema: z.ZodType<In>;
      /** Completes each outgoing body (version, zone) as it is sent. */
      complete: (body: Record<string, unknown>) => Record<string, unknown>;
      handle: (message: In) => Promise<void>;
      onControl?: (message: ControlMessage) => void;
      log: Logger;
    },
  ) {
    conn.onMessage((text) => this.receive(text));
    conn.onClose(() => (this.closed = true));
  }

  isOpen(): boolean {
    return !this.closed;
  }

  sendControl(message: ControlMessage): void {
    this.conn.send(JSON.stringify(message));
  }

  close(reason: string): void {
    this.closed = true;
    this.conn.close(reason);
  }

  /** Something was queued: send it if the window allows. */
  pump(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void this.drain()
      .catch((err: Error) => this.opts.log.error('link send failed', { peer: this.opts.peer, error: err.message }))
      .finally(() => {
        this.pumping = false;
        if (this.again && !this.closed) {
          this.again = false;
          this.pump();
        }
      });
  }

  private async drain(): Promise<void> {
    while (!this.closed && this.inFlight < WINDOW) {
      const batch = await this.opts.outbox.after(this.opts.peer, this.sentSeq, WINDOW - this.inFlight);
      if (batch.length === 0) return;
      for (const q of batch) {
        if (this.closed) return;
        this.conn.send(JSON.stringify(this.opts.complete(q.body)));
        this.sentSeq = q.seq;
        this.inFlight++;
      }
    }
  }

  private receive(text: string): void {
    const parsed = parseFrame(this.opts.schema, text);
    if (!parsed.ok) {
      const { id, error } = parsed;
      // Answered in turn with the messages before it: answers come in the order of the messages.
      this.inbound = this.inbound.then(() => {
        this.opts.log.warn('link message refused', { peer: this.opts.peer, error });
        if (id) this.sendControl({ v: LINK_VERSION, type: 'nack', id, error: `invalid message: ${error}`, code: 'invalid' });
      });
      return;
    }
    if (parsed.control) {
      const m = parsed.control;
      if (m.type === 'ack' || m.type === 'nack') {
        if (m.type === 'nack') this.opts.log.warn('the other side refused a message', { peer: this.opts.peer, id: m.id, error: m.error });
        this.inFlight = Math.max(0, this.inFlight - 1);
        void this.opts.outbox.remove(this.opts.peer, m.id).then(() => this.pump());
        return;
      }
      return this.opts.onControl?.(m);
    }
    const message = parsed.message;
    // In order, one at a time: a bulletin's state must not overtake the bulletin.
    this.inbound = this.inbound.then(async () => {
      if (this.closed) return;
      try {
        await this.opts.handle(message);
        this.sendControl({ v: LINK_VERSION, type: 'ack', id: message.id });
      } catch (err) {
        if (err instanceof Refusal) {
          this.opts.log.warn('link message refused', { peer: this.opts.peer, id: message.id, error: err.message });
          this.sendControl({ v: LINK_VERSION, type: 'nack', id: message.id, error: err.message, code: err.code });
          return;
        }
        this.opts.log.warn('link message not handled: the other side will resend it', { peer: this.opts.peer, id: message.id, error: (err as Error).message });
        this.close('retry later');
      }
    });
  }
}
