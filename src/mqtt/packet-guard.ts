// Reads the MQTT fixed header of every packet as its bytes arrive, so a
// packet declaring more than the limit ends the connection before the broker
// buffers it: aedes' parser (mqtt-packet) has no size limit and would keep a
// CONNECT declaring 250 MB in memory until it is complete, before any
// password is checked.
import type { Socket } from 'node:net';

/** The MQTT 3.1.1 fixed header: one type byte, then 1–4 bytes of remaining length. */
export class PacketSizeGuard {
  private state: 'type' | 'length' | 'body' = 'type';
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private left = 0;

  /** `limit()` is asked at each packet: a client's limit may change once it is known who it is. */
  constructor(private readonly limit: () => number) {}

  /** Follows the stream through `chunk`; returns the declared remaining length of the first packet over the limit, or null. */
  feed(chunk: Buffer): number | null {
    let i = 0;
    while (i < chunk.length) {
      if (this.state === 'type') {
        i++;
        this.state = 'length';
        this.length = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
      } else if (this.state === 'length') {
        const b = chunk[i++]!;
        this.length += (b & 0x7f) * this.multiplier;
        this.multiplier *= 128;
        this.lengthBytes++;
        if (b & 0x80) {
          // A fifth length byte is malformed: mqtt-packet refuses it too, but count it as over.
          if (this.lengthBytes === 4) return Number.MAX_SAFE_INTEGER;
          continue;
        }
        if (this.length > this.limit()) return this.length;
        this.left = this.length;
        this.state = this.left > 0 ? 'body' : 'type';
      } else {
        const take = Math.min(this.left, chunk.length - i);
        i += take;
        this.left -= take;
        if (this.left === 0) this.state = 'type';
      }
    }
    return null;
  }
}

/**
 * Watches what the broker reads from `socket` and destroys it at the first
 * packet over the limit. Attach after the broker's own reader: with a
 * 'readable' listener in place, 'data' only reports what `read()` returns
 * and does not switch the socket to flowing mode.
 */
export function guardPacketSize(socket: Socket, limit: () => number, onOversize: (declared: number) => void): void {
  const guard = new PacketSizeGuard(limit);
  const watch = (chunk: Buffer) => {
    const declared = guard.feed(chunk);
    if (declared === null) return;
    socket.off('data', watch);
    onOversize(declared);
    socket.destroy();
  };
  socket.on('data', watch);
}
