// Wires the audio feature for the composition root (src/app.ts): the media
// store, the ffmpeg pipeline and the media routes. Speech is wired by
// src/speech/index.ts on top of these.
import fs from 'node:fs';
import path from 'node:path';
import type { Router } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { Guard } from '../http/auth.js';
import { LocalMediaStore } from './media-store.js';
import { AudioPipeline } from './pipeline.js';
import { InFlight } from './in-flight.js';
import { createMediaRoutes, type MediaLimits, type MediaRoutesDeps } from './routes.js';

export interface Audio {
  store: LocalMediaStore;
  pipeline: AudioPipeline;
  /** Renders and uploads being processed: the server's stop refuses new ones and waits for these. */
  renders: InFlight;
  /** Routers to mount at the root: /media/… for receivers, /api/v1/{media,recordings}/… for the panel. */
  rootRoutes: Router[];
}

export async function createAudio(opts: { config: Config; db: Db; guard: Guard; onStored?: MediaRoutesDeps['onStored']; env?: NodeJS.ProcessEnv }): Promise<Audio> {
  const { config, db, guard } = opts;
  const store = new LocalMediaStore({ db, dataDir: config.dataDir });
  const pipeline = new AudioPipeline({ workDir: path.join(config.dataDir, 'tmp') });
  // Whatever a previous run left half-done is garbage now.
  await store.sweepStaging();
  await fs.promises.rm(pipeline.workDir, { recursive: true, force: true });
  const renders = new InFlight();
  return {
    store,
    pipeline,
    renders,
    rootRoutes: [createMediaRoutes({ store, pipeline, guard, limits: mediaLimits(opts.env ?? process.env), recordingsDir: path.join(config.dataDir, 'recordings'), onStored: opts.onStored, renders })],
  };
}

/** MAX_UPLOAD_MB (default 100) and MAX_MEDIA_SECONDS (default 1800). */
export function mediaLimits(env: NodeJS.ProcessEnv): MediaLimits {
  const positive = (name: string, def: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}=${JSON.stringify(raw)} must be a positive number`);
    return n;
  };
  return {
    maxUploadBytes: Math.round(positive('MAX_UPLOAD_MB', 100) * 1024 * 1024),
    maxDurationMs: Math.round(positive('MAX_MEDIA_SECONDS', 1800) * 1000),
  };
}
