// Receivers must start together: every few minutes the server pings them all
// (one command per top-level zone, fanned out by the broker) and each pong
// gives that receiver's clock offset (see Dispatcher.onAck).
import type { ServerBus } from '../mqtt/bus.js';
import { makeCommand } from '../mqtt/protocol.js';
import type { ZoneService } from '../zones/service.js';
import type { Logger } from '../log.js';

export class ClockWatch {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly bus: ServerBus,
    private readonly zones: ZoneService,
    private readonly opts: { intervalMs?: number; log: Logger },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.pingAll(), this.opts.intervalMs ?? 5 * 60_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async pingAll(): Promise<void> {
    try {
      for (const z of (await this.zones.list()).filter((z) => !z.parent_id)) {
        await this.bus.sendToZone(z.id, makeCommand({ type: 'ping', t0: Date.now() }));
      }
    } catch (err) {
      this.opts.log.warn('clock ping failed', { error: (err as Error).message });
    }
  }
}
