// A live broadcast on the receiver: open the stream URL, hand what arrives to
// the player, and reconnect (backing off, for at most 30 s) when the link
// drops. The stream is over when the server says so (404/410 after the body
// ended), which is `done`. In step mode (the command's `sync`) the agent asks
// for the session's timeline and releases each piece to the player at its
// instant + the fixed delay, by the receiver's NTP clock, so every receiver of
// the session plays the same piece at the same moment.
import type { Clock } from './start-scheduler.js';
import { get } from './http-get.js';

/** Timeline framing (src/stream/embedded.ts): 8-byte big-endian float epoch ms, 4-byte length, the bytes. */
const TIMELINE_HEADER_BYTES = 12;
const RECONNECT_FOR_MS = 30_000;
const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 2000;

export type LiveOutcome = { state: 'done' } | { state: 'expired'; error: string } | { state: 'failed'; error: string };

export interface LiveSink {
  /** Audio out to the speaker now; `at` is the receiver clock's instant of release. */
  write(chunk: Buffer, at: number): void;
}

export interface LiveStreamOptions {
  url: string;
  /** In step: play each piece this long after its instant on the session's timeline. */
  syncDelayMs?: number;
  clock: Clock;
  sink: LiveSink;
  /** First audio out of the speaker. */
  onPlaying(at: number): void;
  reconnectForMs?: number;
  /** The CA the receiver trusts for an https stream (its config's caFile). */
  ca?: string | Buffer;
}

export class LiveStream {
  readonly done: Promise<LiveOutcome>;
  private readonly abort = new AbortController();
  private stopped = false;
  private playing = false;
  /** In-step pieces waiting for their instant, in order. */
  private readonly due: { at: number; bytes: Buffer }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: LiveStreamOptions) {
    this.done = this.run();
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    this.due.length = 0;
  }

  private async run(): Promise<LiveOutcome> {
    const url = this.opts.syncDelayMs !== undefined ? `${this.opts.url}${this.opts.url.includes('?') ? '&' : '?'}timeline=1` : this.opts.url;
    let droppedAt: number | null = null;
    let backoff = FIRST_BACKOFF_MS;
    let lastError = '';
    while (!this.stopped) {
      try {
        const res = await get(url, { ca: this.opts.ca, signal: this.abort.signal, headers: { 'icy-metadata': '0' } });
        const status = res.statusCode ?? 0;
        if (status === 404 || status === 410) {
          res.resume();
          // Over: heard to its end, or over before we could join.
          if (this.playing) return { state: 'done' };
          return { state: 'expired', error: `the live session is over (HTTP ${status})` };
        }
        if (status < 200 || status >= 300) {
          res.resume();
          throw new Error(`HTTP ${status}`);
        }
        droppedAt = null;
        backoff = FIRST_BACKOFF_MS;
        const parser = this.opts.syncDelayMs !== undefined ? new TimelineParser() : null;
        for await (const chunk of res as AsyncIterable<Buffer>) {
          const bytes = Buffer.from(chunk);
          if (parser) for (const piece of parser.push(bytes)) this.schedule(piece.at + this.opts.syncDelayMs!, piece.bytes);
          else this.release(bytes);
        }
        // The body ended: the session is over, or the link was cut cleanly. Asking again tells which.
        lastError = 'the stream ended';
      } catch (err) {
        if (this.stopped) break;
        lastError = err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err);
      }
      if (this.stopped) break;
      droppedAt ??= this.opts.clock();
      if (this.opts.clock() - droppedAt > (this.opts.reconnectForMs ?? RECONNECT_FOR_MS)) return { state: 'failed', error: `stream lost: ${lastError}`.slice(0, 500) };
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    }
    return { state: 'done' };
  }

  private release(bytes: Buffer): void {
    if (this.stopped || bytes.length === 0) return;
    const at = this.opts.clock();
    if (!this.playing) {
      this.playing = true;
      this.opts.onPlaying(at);
    }
    this.opts.sink.write(bytes, at);
  }

  /** Pieces are released in order, each at its instant (at once if already late). */
  private schedule(at: number, bytes: Buffer): void {
    this.due.push({ at, bytes });
    if (!this.timer) this.drain();
  }

  private drain(): void {
    this.timer = null;
    while (this.due.length > 0) {
      const wait = this.due[0]!.at - this.opts.clock();
      if (wait > 1) {
        this.timer = setTimeout(() => this.drain(), wait);
        return;
      }
      this.release(this.due.shift()!.bytes);
    }
  }
}

class TimelineParser {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): { at: number; bytes: Buffer }[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: { at: number; bytes: Buffer }[] = [];
    while (this.pending.length >= TIMELINE_HEADER_BYTES) {
      const len = this.pending.readUInt32BE(8);
      if (this.pending.length < TIMELINE_HEADER_BYTES + len) break;
      out.push({ at: this.pending.readDoubleBE(0), bytes: Buffer.from(this.pending.subarray(TIMELINE_HEADER_BYTES, TIMELINE_HEADER_BYTES + len)) });
      this.pending = this.pending.subarray(TIMELINE_HEADER_BYTES + len);
    }
    return out;
  }
}
