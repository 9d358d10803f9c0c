// Where a text is normalized: a short one on the main thread (cheaper than a
// round trip, and never queued behind a long one), a longer one in a worker
// thread, so the event loop is never held for long.
import { WorkerPool, workerEntry } from '../threads/pool.js';
import { CompiledNormalizers, type NormalizerSource } from './compiled-normalizers.js';
import type { NormalizeResult } from './normalize/index.js';
import type { NormalizeReply, NormalizeRequest } from './normalize-worker.js';

/** Below this many characters a text is normalized in place: about 20 ms of the loop at most (docs/benchmarks.md). */
export const IN_THREAD_CHARS = 1_000;

export const NORMALIZE_WORKER = workerEntry(import.meta.url, 'normalize-worker');

export class NormalizerThreads {
  private readonly here = new CompiledNormalizers();
  /** Two, so a preview is not stuck behind a 100,000-character text; an idle worker stops after a minute. */
  private readonly pool = new WorkerPool<NormalizeRequest, NormalizeReply>({ entry: NORMALIZE_WORKER, label: 'normalizer', maxWorkers: 2, idleMs: 60_000 });

  async normalize(text: string, source: NormalizerSource): Promise<NormalizeResult> {
    if (text.length < IN_THREAD_CHARS) return this.here.for(source).normalize(text);
    const { key, version, entries } = source;
    // The entries cross to a worker only when it has not compiled this version.
    return this.pool.run(async (ask) => (await ask({ key, version, text })) ?? (await ask({ key, version, text, entries: [...entries] }))!);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
