// Long texts take seconds to minutes to render; the panel starts a job and
// follows it. Jobs are kept in the database, so any server instance behind
// a load balancer answers for a job another one runs; the instance running
// it writes its progress (at most twice a second) and touches its waiting
// jobs, so a job whose server died is reported failed, not left running.
import crypto from 'node:crypto';
import type { Db } from '../db/index.js';
import type { MediaRow } from '../db/schema.js';
import type { Logger } from '../log.js';
import type { RenderOptions, SpeechService } from './speech-service.js';
import type { InFlight } from '../audio/in-flight.js';

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

interface SpeechJobTable {
  id: string;
  state: JobState;
  percent: number;
  zone_id: string | null;
  media_sha256: string | null;
  broadcast_id: string | null;
  voice: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface SpeechJobsOptions {
  db: Db;
  speech: Pick<SpeechService, 'render'>;
  log: Logger;
  /** Renders at once; each one keeps a core busy with ffmpeg. */
  concurrency?: number;
  /** How long finished jobs stay pollable. */
  keepMs?: number;
  /** The server's stop waits for running jobs (their render, the broadcast made from it, the job's last write) and refuses new ones. */
  renders?: InFlight;
}

/** Progress is written at most this often; the end at once. */
const PROGRESS_WRITE_MS = 500;
/** Waiting and running jobs are touched this often by their server... */
const TOUCH_MS = 60_000;
/** ...so one untouched for this long lost it. */
const ORPHAN_MS = 5 * TOUCH_MS;

export class SpeechJobs {
  private readonly db;
  /** This instance's unfinished jobs, ahead of what the database has. */
  private readonly local = new Map<string, { job: SpeechJob; zoneId: string | null; written: number; writes: Promise<void> }>();
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  private readonly concurrency: number;
  private readonly keepMs: number;
  private readonly toucher: NodeJS.Timeout;

  constructor(private readonly opts: SpeechJobsOptions) {
    this.db = opts.db.withTables<{ speech_jobs: SpeechJobTable }>();
    this.concurrency = opts.concurrency ?? 1;
    this.keepMs = opts.keepMs ?? 60 * 60_000;
    this.toucher = setInterval(() => void this.touch().catch((e: Error) => opts.log.warn('could not touch speech jobs', { error: e.message })), TOUCH_MS).unref();
  }

  stop(): void {
    clearInterval(this.toucher);
  }

  /** `then` runs with the rendered media before the job counts as done (a broadcast made from it). */
  async submit(
    text: string,
    render: Pick<RenderOptions, 'voice' | 'rate' | 'pitch' | 'jingles' | 'zoneId'> = {},
    then?: (media: MediaRow) => Promise<Pick<SpeechJob, 'broadcastId'>>,
  ): Promise<SpeechJob> {
    const renders = this.opts.renders;
    renders?.assertOpen();
    const now = new Date().toISOString();
    await this.db.deleteFrom('speech_jobs').where('finished_at', '<', new Date(Date.now() - this.keepMs).toISOString()).execute();
    const job: SpeechJob = { id: crypto.randomUUID(), state: 'queued', percent: 0, createdAt: now };
    const zoneId = render.zoneId ?? null;
    await this.db.insertInto('speech_jobs').values({ id: job.id, state: 'queued', percent: 0, zone_id: zoneId, media_sha256: null, broadcast_id: null, voice: null, error: null, created_at: now, updated_at: now, finished_at: null }).execute();
    this.local.set(job.id, { job, zoneId, written: 0, writes: Promise.resolve() });
    void (renders ? renders.run(() => this.run(job, text, render, then)) : this.run(job, text, render, then)).catch(() => undefined);
    return { ...job };
  }

  /** The job and the zone it renders for (null: the whole system); undefined when there is no such job. */
  async get(id: string): Promise<{ job: SpeechJob; zoneId: string | null } | undefined> {
    const mine = this.local.get(id);
    if (mine) return { job: { ...mine.job }, zoneId: mine.zoneId };
    const row = await this.db.selectFrom('speech_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || (row.finished_at && Date.parse(row.finished_at) < Date.now() - this.keepMs)) return undefined;
    const orphaned = !row.finished_at && Date.parse(row.updated_at) < Date.now() - ORPHAN_MS;
    const job: SpeechJob = {
      id: row.id,
      state: orphaned ? 'failed' : row.state,
      percent: row.percent,
      createdAt: row.created_at,
      ...(row.media_sha256 && { mediaSha256: row.media_sha256 }),
      ...(row.broadcast_id && { broadcastId: row.broadcast_id }),
      ...(row.voice && { voice: row.voice }),
      ...(orphaned ? { error: 'the server rendering it stopped: send it again' } : row.error ? { error: row.error } : {}),
      ...(row.finished_at && { finishedAt: row.finished_at }),
    };
    return { job, zoneId: row.zone_id };
  }

  private async run(job: SpeechJob, text: string, render: RenderOptions, then?: (media: MediaRow) => Promise<Pick<SpeechJob, 'broadcastId'>>): Promise<void> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    job.state = 'running';
    try {
      await this.write(job);
      const row = await this.opts.speech.render(text, {
        ...render,
        onProgress: (pct) => {
          job.percent = Math.max(job.percent, Math.min(99, pct));
          this.write(job).catch(() => {});
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
      await this.write(job, true).catch((e: Error) => this.opts.log.warn('could not record a speech job', { id: job.id, error: e.message }));
      this.local.delete(job.id);
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /** The job's row as this instance knows it: at most every PROGRESS_WRITE_MS unless `final`; in order, so progress never overwrites the end. */
  private write(job: SpeechJob, final = false): Promise<void> {
    const mine = this.local.get(job.id);
    if (!mine || (!final && Date.now() - mine.written < PROGRESS_WRITE_MS)) return Promise.resolve();
    mine.written = Date.now();
    const row = {
      state: job.state,
      percent: job.percent,
      media_sha256: job.mediaSha256 ?? null,
      broadcast_id: job.broadcastId ?? null,
      voice: job.voice ?? null,
      error: job.error ?? null,
      updated_at: new Date().toISOString(),
      finished_at: job.finishedAt ?? null,
    };
    mine.writes = mine.writes.then(async () => {
      await this.db.updateTable('speech_jobs').set(row).where('id', '=', job.id).execute();
    });
    return mine.writes;
  }

  private async touch(): Promise<void> {
    const ids = [...this.local.keys()];
    if (ids.length) await this.db.updateTable('speech_jobs').set({ updated_at: new Date().toISOString() }).where('id', 'in', ids).where('finished_at', 'is', null).execute();
  }
}
