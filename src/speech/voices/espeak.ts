// eSpeak NG compiled to WASM (GPL, like this project): robotic but offline,
// free and instant — the voice every commune has without an account. The
// synthesis itself runs in a worker thread (espeak-worker.ts).
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { chunkText } from '../chunk.js';
import { requireText, VoiceError, type SynthesisOptions, type SynthesizedAudio, type Voice } from '../voice.js';
import type { EspeakReply, EspeakRequest } from './espeak-worker.js';

export const ESPEAK_VOICES = ['vi', 'vi-vn-x-central', 'vi-vn-x-south'] as const;
export type EspeakVariant = (typeof ESPEAK_VOICES)[number];

// The module's heap is fixed at 32 MB, so very long texts go through in
// pieces; ~4 KB of Vietnamese is about three minutes of speech.
const MAX_CHUNK_BYTES = 4000;
const NORMAL_WPM = 175;
const NORMAL_PITCH = 50;

export class EspeakVoice implements Voice {
  readonly id: string;

  constructor(readonly variant: EspeakVariant = 'vi') {
    this.id = `espeak:${variant}`;
  }

  async synthesize(text: string, opts: SynthesisOptions = {}): Promise<SynthesizedAudio> {
    const chunks = chunkText(requireText(this.id, text), MAX_CHUNK_BYTES);
    const wpm = Math.round(Math.min(450, Math.max(80, NORMAL_WPM * (opts.rate ?? 1))));
    // About 2.5 espeak pitch units per semitone around the default of 50.
    const pitch = Math.round(Math.min(99, Math.max(0, NORMAL_PITCH + 2.5 * (opts.pitch ?? 0))));
    try {
      const wav = await synthesizer.run(['-v', this.variant, '-s', String(wpm), '-p', String(pitch)], chunks, opts.signal);
      return { audio: Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength), container: 'wav' };
    } catch (err) {
      throw new VoiceError(this.id, err instanceof Error ? err.message : String(err));
    }
  }
}

// Under tsx or vitest this file is TypeScript and so is the worker's; hooks
// registered here do not reach a worker thread, so it registers tsx itself.
const WORKER_URL = import.meta.url.endsWith('.ts') ? tsWorkerEntry(new URL('./espeak-worker.ts', import.meta.url)) : new URL('./espeak-worker.js', import.meta.url);

function tsWorkerEntry(file: URL): URL {
  // The ESM build of tsx's API (its CommonJS build fails to load in a worker).
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const code = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(file.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** An idle worker is stopped after this long (each holds ~20 MB). */
const IDLE_MS = 30_000;
/** Two renders at once, so a short one (an emergency) is not stuck behind an hour-long text. */
const MAX_WORKERS = 2;

interface Task {
  request: Omit<EspeakRequest, 'id'>;
  resolve: (wav: Uint8Array) => void;
  reject: (err: Error) => void;
  signal?: AbortSignal;
}

const stopping = () => new Error('eSpeak stopped: the server is stopping');

/** Worker threads started on demand, each doing one request at a time; the rest wait in order. */
class EspeakPool {
  private readonly idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];
  private busy = 0;
  private readonly queue: Task[] = [];
  private nextId = 1;

  /** `signal`: aborted, a waiting request leaves the queue and a running one's worker is ended. */
  run(options: string[], chunks: string[], signal?: AbortSignal): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(stopping());
      const dequeue = () => {
        const i = this.queue.indexOf(task);
        if (i < 0) return; // with a worker already: work() ends it
        this.queue.splice(i, 1);
        reject(stopping());
      };
      const settled = () => signal?.removeEventListener('abort', dequeue);
      const task: Task = {
        request: { options, chunks },
        resolve: (wav) => (settled(), resolve(wav)),
        reject: (err) => (settled(), reject(err)),
        signal,
      };
      signal?.addEventListener('abort', dequeue, { once: true });
      this.queue.push(task);
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const spare = this.idle.pop();
      if (spare) clearTimeout(spare.timer);
      else if (this.busy >= MAX_WORKERS) return;
      this.busy++;
      void this.work(spare?.worker ?? this.start(), this.queue.shift()!);
    }
  }

  private async work(worker: Worker, task: Task): Promise<void> {
    const id = this.nextId++;
    let healthy = true;
    // A render the server gave up waiting for: the WASM cannot be interrupted, its thread can.
    const end = () => void worker.terminate();
    task.signal?.addEventListener('abort', end, { once: true });
    try {
      task.resolve(await ask(worker, { id, ...task.request }));
    } catch (err) {
      healthy = !(err instanceof WorkerDied);
      task.reject(task.signal?.aborted ? stopping() : (err as Error));
    } finally {
      task.signal?.removeEventListener('abort', end);
    }
    this.busy--;
    if (healthy) {
      const timer = setTimeout(() => {
        const i = this.idle.findIndex((s) => s.worker === worker);
        if (i >= 0) this.idle.splice(i, 1);
        void worker.terminate();
      }, IDLE_MS).unref();
      this.idle.push({ worker, timer });
    }
    this.pump();
  }

  private start(): Worker {
    const worker = new Worker(WORKER_URL);
    // Never what keeps the process alive: a server stopping does not wait for it.
    worker.unref();
    // A busy worker's failure is its request's (ask); an idle one just leaves the pool.
    worker.on('error', () => {});
    worker.once('exit', () => {
      const i = this.idle.findIndex((s) => s.worker === worker);
      if (i >= 0) {
        clearTimeout(this.idle[i]!.timer);
        this.idle.splice(i, 1);
      }
    });
    return worker;
  }
}

class WorkerDied extends Error {}

/** One request to one worker; rejects with WorkerDied if the thread fails. */
function ask(worker: Worker, request: EspeakRequest): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: EspeakReply) => {
      if (reply.id !== request.id) return;
      done();
      if ('wav' in reply) resolve(reply.wav);
      else reject(new Error(reply.error));
    };
    const onError = (err: Error) => {
      done();
      reject(new WorkerDied(`the eSpeak worker failed: ${err.message}`));
    };
    const onExit = (code: number) => {
      done();
      reject(new WorkerDied(`the eSpeak worker stopped (exit code ${code})`));
    };
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(request);
  });
}

const synthesizer = new EspeakPool();
