// Receivers must start together: the server pings each receiver when it
// comes online and every few minutes all of them (one command per top-level
// zone, fanned out by the broker); each pong gives that receiver's clock
// offset (see Dispatcher.onAck).
import type { EventEmitter } from 'node:events';
import type { ServerBus } from '../mqtt/bus.js';
import { makeCommand } from '../mqtt/protocol.js';
import type { ZoneService } from '../zones/service.js';
import type { Logger } from '../log.js';
import type { ReceiverEvents } from './service.js';

export class ClockWatch {
  private timer: NodeJS.Timeout | null = null;
  private readonly onOnline = (id: string) => {
    if (!this.leading()) return;
    this.bus.sendToReceiver(id, makeCommand({ type: 'ping', t0: Date.now() })).catch((err: Error) => this.opts.log.warn('clock ping failed', { receiverId: id, error: err.message }));
  };

  constructor(
    private readonly bus: ServerBus,
    private readonly zones: ZoneService,
    private readonly receivers: EventEmitter<ReceiverEvents>,
    private readonly opts: { intervalMs?: number; isLeader?: () => boolean; log: Logger },
  ) {}

  start(): void {
    this.receivers.on('online', this.onOnline);
    this.timer = setInterval(() => void this.pingAll(), this.opts.intervalMs ?? 5 * 60_000);
    this.timer.unref();
  }

  stop(): void {
    this.receivers.off('online', this.onOnline);
    if (this.timer) clearInterval(this.timer);
  }

  /** With several instances only the dispatching one pings, so receivers answer once. */
  private leading(): boolean {
    return this.opts.isLeader?.() ?? true;
  }

  async pingAll(): Promise<void> {
    if (!this.leading()) return;
    try {
      for (const z of (await this.zones.list()).filter((z) => !z.parent_id)) {
        await this.bus.sendToZone(z.id, makeCommand({ type: 'ping', t0: Date.now() }));
      }
    } catch (err) {
      this.opts.log.warn('clock ping failed', { error: (err as Error).message });
    }
  }
}
