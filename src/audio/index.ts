// Wires the audio and speech features for the composition root (src/app.ts).
import path from 'node:path';
import type { Router } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { Guard } from '../http/auth.js';
import type { Logger } from '../log.js';
import { SpeechService } from '../speech/speech-service.js';
import type { Voice } from '../speech/voice.js';
import { ESPEAK_VOICES, EspeakVoice } from '../speech/voices/espeak.js';
import { LocalMediaStore } from './media-store.js';
import { AudioPipeline } from './pipeline.js';
import { createMediaRoutes, type MediaLimits } from './routes.js';

export interface Audio {
  store: LocalMediaStore;
  pipeline: AudioPipeline;
  speech: SpeechService;
  /** Routers to mount under /api/v1. */
  apiRoutes: Router[];
  /** Routers to mount at the root (they carry full paths). */
  rootRoutes: Router[];
}

export async function createAudio(opts: { config: Config; db: Db; log: Logger; guard: Guard; env?: NodeJS.ProcessEnv }): Promise<Audio> {
  const { config, db, log, guard } = opts;
  const store = new LocalMediaStore({ db, dataDir: config.dataDir });
  const pipeline = new AudioPipeline({ workDir: path.join(config.dataDir, 'tmp') });
  const voices = new Map<string, Voice>();
  for (const v of ESPEAK_VOICES) {
    const voice = new EspeakVoice(v);
    voices.set(voice.id, voice);
  }
  const speech = new SpeechService({ db, store, pipeline, voices, defaultVoice: config.voice, log: log.child('speech') });
  const limits: MediaLimits = mediaLimits(opts.env ?? process.env);
  return {
    store,
    pipeline,
    speech,
    apiRoutes: [],
    rootRoutes: [createMediaRoutes({ store, pipeline, guard, limits })],
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
