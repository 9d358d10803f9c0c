// Fires callbacks at an exact instant of an injected clock.
// setTimeout alone can be late by several ms (more under load), which is
// audible when neighbouring loudspeakers start the same broadcast. So we sleep
// with one timer until shortly before the earliest deadline, then poll the
// clock on setImmediate (which still lets I/O run) until it is due.
// One scheduler is shared by every agent of a fleet simulator: a single timer
// for 10k receivers instead of 10k spinning loops.

export type Clock = () => number;

const MAX_SLEEP_MS = 60 * 60 * 1000;

interface Entry {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class StartScheduler {
  private readonly heap: Entry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private spinning = false;
  private seq = 0;

  /** `spinMs`: how long before a deadline we switch from sleeping to polling. */
  constructor(
    private readonly clock: Clock = Date.now,
    private readonly spinMs = 20,
  ) {}

  /** Runs `fn` as soon as `clock() >= at`; returns a cancel function. */
  at(at: number, fn: () => void): () => void {
    const entry: Entry = { at, seq: this.seq++, fn, cancelled: false };
    this.push(entry);
    if (this.heap[0] === entry) this.arm();
    return () => {
      entry.cancelled = true;
    };
  }

  /** Drops every entry and stops the timer (used on shutdown). */
  clear(): void {
    this.heap.length = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (this.spinning) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const next = this.heap[0];
    if (!next) return;
    // Capped: Node fires timers longer than 2^31-1 ms immediately, and a
    // capped sleep also re-reads a clock that NTP may have stepped.
    const wait = Math.min(next.at - this.clock() - this.spinMs, MAX_SLEEP_MS);
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.arm();
      }, wait);
    } else {
      this.spinning = true;
      setImmediate(this.spin);
    }
  }

  private readonly spin = (): void => {
    const now = this.clock();
    while (this.heap.length > 0 && this.heap[0].at <= now) {
      const entry = this.pop();
      if (entry.cancelled) continue;
      try {
        entry.fn();
      } catch {
        // A failing callback must not stall the other receivers' deadlines.
      }
    }
    const next = this.heap[0];
    if (next && next.at - this.clock() <= this.spinMs) {
      setImmediate(this.spin);
      return;
    }
    this.spinning = false;
    this.arm();
  };

  // ---- binary min-heap on (at, seq) ----------------------------------------

  private less(a: Entry, b: Entry): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(entry: Entry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let min = i;
        if (l < h.length && this.less(h[l], h[min])) min = l;
        if (r < h.length && this.less(h[r], h[min])) min = r;
        if (min === i) break;
        [h[i], h[min]] = [h[min], h[i]];
        i = min;
      }
    }
    return top;
  }
}
