// The renders running in this process (speech synthesis, the ffmpeg
// pipeline, storing the result), so the server's stop can wait for them: a
// render left running wrote its file into the media folder and its rows
// into the database after both were closed (or the data folder removed).
// Closing refuses new work (503 `shutting_down`) and waits, up to a bound,
// for what runs; then kills it (the renders' ffmpeg and eSpeak workers take
// `signal`), so nothing writes after the stop and the process can exit.
import { AppError } from '../errors.js';

/** After the kill, how long the killed work has to write its failure (a job's row) before the stop goes on. */
const KILLED_WAIT_MS = 2000;

export class InFlight {
  private readonly running = new Set<Promise<unknown>>();
  private closed = false;
  private readonly giveUp = new AbortController();

  /** Aborted when closing stops waiting: tracked work passes it to its ffmpeg runs and eSpeak synthesis. */
  get signal(): AbortSignal {
    return this.giveUp.signal;
  }

  /** Runs `work` as one tracked render; refused once closing has begun. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    this.assertOpen();
    const p = work();
    this.running.add(p);
    const forget = () => void this.running.delete(p);
    p.then(forget, forget);
    return p;
  }

  /** A 503 once closing has begun: for work that must be refused before it is started and tracked. */
  assertOpen(): void {
    if (this.closed) throw new AppError('Máy chủ đang dừng, hãy thử lại sau ít phút (the server is shutting down: try again in a moment)', 503, 'shutting_down');
  }

  /** Takes no more work and waits for what runs, at most `timeoutMs`, then kills it; resolves with how many were still running then. */
  async close(timeoutMs: number): Promise<number> {
    this.closed = true;
    const deadline = Date.now() + timeoutMs;
    // Work may start more work (a job's render, then the broadcast made from it): wait until none is left.
    while (this.running.size && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.running]),
        new Promise((r) => (timer = setTimeout(r, Math.max(0, deadline - Date.now())))),
      ]);
      clearTimeout(timer);
    }
    const left = this.running.size;
    if (left) {
      this.giveUp.abort();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...this.running]), new Promise((r) => (timer = setTimeout(r, KILLED_WAIT_MS)))]);
      clearTimeout(timer);
    }
    return left;
  }
}
