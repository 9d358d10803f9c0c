// Long texts take seconds to render; the panel starts a job and polls it.
// In memory on purpose: a job lives for minutes and its result (the media
// row and speech cache entry) is durable, so a restart loses only progress.
import crypto from 'node:crypto';
import type { MediaRow } from '../db/schema.js';
import type { Logger } from '../log.js';
import type { RenderOptions, SpeechService } from './speech-service.js';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface SpeechJob {
  id: string;
  state: JobState;
  /** Whole percent 0..100. */
  percent: number;
  mediaSha256?: string;
  /** Set when the job was started by POST /broadcasts with a long text: the broadcast made from the render. */
  broadcastId?: string;
  /** The voice that spoke (a chain may have handed over). */
  voice?: string;
  error?: string;
  createdAt: string;
  finishedAt?: string;
}

export interface SpeechJobsOptions {
  speech: Pick<SpeechService, 'render'>;
  log: Logger;
  /** Renders at once; each one keeps a core busy with ffmpeg. */
  concurrency?: number;
  /** How long finished jobs stay pollable. */
  keepMs?: number;
}

export class SpeechJobs {
  private readonly jobs = new Map<string, SpeechJob>();
  /** The zone each job renders for (null: the whole system): who may follow it. */
  private readonly zones = new Map<string, string | null>();
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  private readonly concurrency: number;
  private readonly keepMs: number;

  constructor(private readonly opts: SpeechJobsOptions) {
    this.concurrency = opts.concurrency ?? 1;
    this.keepMs = opts.keepMs ?? 60 * 60_000;
  }

  /** `then` runs with the rendered media before the job counts as done (a broadcast made from it). */
  submit(
    text: string,
    render: Pick<RenderOptions, 'voice' | 'rate' | 'pitch' | 'jingles' | 'zoneId'> = {},
    then?: (media: MediaRow) => Promise<Pick<SpeechJob, 'broadcastId'>>,
  ): SpeechJob {
    this.evictFinished();
    const job: SpeechJob = { id: crypto.randomUUID(), state: 'queued', percent: 0, createdAt: new Date().toISOString() };
    this.jobs.set(job.id, job);
    this.zones.set(job.id, render.zoneId ?? null);
    void this.run(job, text, render, then);
    return { ...job };
  }

  get(id: string): SpeechJob | undefined {
    this.evictFinished();
    const job = this.jobs.get(id);
    return job && { ...job };
  }

  /** The zone a job renders for (null: the whole system; undefined: no such job). */
  zoneOf(id: string): string | null | undefined {
    return this.zones.get(id);
  }

  private async run(job: SpeechJob, text: string, render: RenderOptions, then?: (media: MediaRow) => Promise<Pick<SpeechJob, 'broadcastId'>>): Promise<void> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    job.state = 'running';
    try {
      const row = await this.opts.speech.render(text, {
        ...render,
        onProgress: (pct) => {
          job.percent = Math.max(job.percent, Math.min(99, pct));
        },
      });
      Object.assign(job, { mediaSha256: row.sha256, voice: row.voice });
      if (then) Object.assign(job, await then(row));
      Object.assign(job, { state: 'done', percent: 100 });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      Object.assign(job, { state: 'failed', error: message });
      this.opts.log.warn('speech job failed', { id: job.id, error: message });
    } finally {
      job.finishedAt = new Date().toISOString();
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private evictFinished(): void {
    const cutoff = Date.now() - this.keepMs;
    for (const [id, job] of this.jobs) {
      if (job.finishedAt && Date.parse(job.finishedAt) < cutoff) {
        this.jobs.delete(id);
        this.zones.delete(id);
      }
    }
  }
}
