// Worker threads for CPU-bound work that would otherwise hold the event loop
// (acks, dispatch, every HTTP answer): eSpeak's synthesis, the text
// normalizer. The worker's side is serve.ts. It imports no feature.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type Transferable } from 'node:worker_threads';
import type { WorkerMessage, WorkerReply } from './serve.js';

/**
 * The worker module `name` (no extension) beside the module `from` (its
 * import.meta.url). Under tsx or vitest that module is TypeScript and so is
 * the worker; hooks registered here do not reach a worker thread, so it
 * registers tsx itself. Compiled, it is the .js file beside.
 */
export function workerEntry(from: string, name: string): URL {
  if (!from.endsWith('.ts')) return new URL(`./${name}.js`, from);
  // The ESM build of tsx's API (its CommonJS build fails to load in a worker).
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const file = new URL(`./${name}.ts`, from).href;
  const code = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(file)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** A request to the worker a job holds; `transfer` moves buffers instead of copying them. */
export type Ask<Req, Rep> = (request: Req, transfer?: Transferable[]) => Promise<Rep>;

export interface WorkerPoolOptions {
  entry: URL;
  /** What its errors call it ("eSpeak"). */
  label: string;
  maxWorkers: number;
  /** An idle worker is stopped after this long. */
  idleMs: number;
}

interface Task<Req, Rep> {
  job: (ask: Ask<Req, Rep>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  signal?: AbortSignal;
}

/**
 * Worker threads started on demand, each running one job at a time (a job
 * may ask its worker several things); the rest wait in order.
 */
export class WorkerPool<Req, Rep> {
  private readonly idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];
  private readonly busy = new Set<Worker>();
  private readonly queue: Task<Req, Rep>[] = [];
  /** Workers whose thread failed or ended while asked: never reused. */
  private readonly failed = new WeakSet<Worker>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: WorkerPoolOptions) {}

  private stopping(): Error {
    return new Error(`${this.opts.label} stopped: the server is stopping`);
  }

  /** `signal`: aborted, a waiting job leaves the queue and a running one's worker is ended. */
  run<T>(job: (ask: Ask<Req, Rep>) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted || this.closed) return reject(this.stopping());
      const dequeue = () => {
        const i = this.queue.indexOf(task);
        if (i < 0) return; // with a worker already: work() ends it
        this.queue.splice(i, 1);
        reject(this.stopping());
      };
      const settled = () => signal?.removeEventListener('abort', dequeue);
      const task: Task<Req, Rep> = {
        job,
        resolve: (value) => (settled(), resolve(value as T)),
        reject: (err) => (settled(), reject(err)),
        signal,
      };
      signal?.addEventListener('abort', dequeue, { once: true });
      this.queue.push(task);
      this.pump();
    });
  }

  /** Ends every worker; waiting jobs are refused, running ones fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(this.stopping());
    const workers = [...this.busy, ...this.idle.map((s) => s.worker)];
    for (const { timer } of this.idle.splice(0)) clearTimeout(timer);
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const spare = this.idle.pop();
      if (spare) clearTimeout(spare.timer);
      else if (this.busy.size >= this.opts.maxWorkers) return;
      const worker = spare?.worker ?? this.start();
      this.busy.add(worker);
      void this.work(worker, this.queue.shift()!);
    }
  }

  private async work(worker: Worker, task: Task<Req, Rep>): Promise<void> {
    // Work the caller gave up waiting for: the thread cannot be interrupted, only ended.
    const end = () => void worker.terminate();
    task.signal?.addEventListener('abort', end, { once: true });
    try {
      task.resolve(await task.job((request, transfer) => this.ask(worker, request, transfer)));
    } catch (err) {
      task.reject(task.signal?.aborted || this.closed ? this.stopping() : (err as Error));
    } finally {
      task.signal?.removeEventListener('abort', end);
    }
    this.busy.delete(worker);
    if (!this.failed.has(worker) && !this.closed) {
      const timer = setTimeout(() => {
        const i = this.idle.findIndex((s) => s.worker === worker);
        if (i >= 0) this.idle.splice(i, 1);
        void worker.terminate();
      }, this.opts.idleMs).unref();
      this.idle.push({ worker, timer });
    }
    this.pump();
  }

  private start(): Worker {
    const worker = new Worker(this.opts.entry);
    // Never what keeps the process alive: a server stopping does not wait for it.
    worker.unref();
    // A busy worker's failure is its job's (ask); an idle one just leaves the pool.
    worker.on('error', () => {});
    worker.once('exit', () => {
      this.failed.add(worker);
      const i = this.idle.findIndex((s) => s.worker === worker);
      if (i >= 0) {
        clearTimeout(this.idle[i]!.timer);
        this.idle.splice(i, 1);
      }
    });
    return worker;
  }

  /** One request to one worker; rejects if the thread fails or ends meanwhile. */
  private ask(worker: Worker, body: Req, transfer?: Transferable[]): Promise<Rep> {
    const id = this.nextId++;
    const { label } = this.opts;
    return new Promise((resolve, reject) => {
      if (this.failed.has(worker)) return reject(new Error(`the ${label} worker has stopped`));
      const onMessage = (reply: WorkerReply<Rep>) => {
        if (reply.id !== id) return;
        done();
        if ('error' in reply) reject(new Error(reply.error));
        else resolve(reply.body);
      };
      const onError = (err: Error) => {
        this.failed.add(worker);
        done();
        reject(new Error(`the ${label} worker failed: ${err.message}`));
      };
      const onExit = (code: number) => {
        this.failed.add(worker);
        done();
        reject(new Error(`the ${label} worker stopped (exit code ${code})`));
      };
      const done = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, body } satisfies WorkerMessage<Req>, transfer);
    });
  }
}
