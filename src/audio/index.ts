// Wires the audio and speech features for the composition root (src/app.ts).
import fs from 'node:fs';
import path from 'node:path';
import type { Router } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { Guard } from '../http/auth.js';
import type { Logger } from '../log.js';
import { projectRoot } from '../paths.js';
import { SpeechJobs } from '../speech/jobs.js';
import { createSpeechRoutes, type MayFollow } from '../speech/routes.js';
import { SpeechService } from '../speech/speech-service.js';
import type { Voice } from '../speech/voice.js';
import { ESPEAK_VOICES, EspeakVoice } from '../speech/voices/espeak.js';
import { createGoogleClient, GOOGLE_VI_VOICES, GoogleVoice } from '../speech/voices/google.js';
import type { VoiceProfile } from '../speech/voices/cloud.js';
import { FPT_VOICES, FptVoice } from '../speech/voices/fpt.js';
import { VIETTEL_VOICES, ViettelVoice } from '../speech/voices/viettel.js';
import { ZALO_VOICES, ZaloVoice } from '../speech/voices/zalo.js';
import { VoiceUsage } from '../speech/usage.js';
import { LocalMediaStore } from './media-store.js';
import { AudioPipeline, type Jingles } from './pipeline.js';
import { createMediaRoutes, type MediaLimits, type MediaRoutesDeps } from './routes.js';

export interface Audio {
  store: LocalMediaStore;
  pipeline: AudioPipeline;
  speech: SpeechService;
  jobs: SpeechJobs;
  /** Characters per cloud vendor this month, and their limits. */
  usage: VoiceUsage;
  /** Routers to mount under /api/v1 (none: ours carry full paths). */
  apiRoutes: Router[];
  /** Routers to mount at the root: /media/… for receivers, /api/v1/{media,recordings,speech}/… for the panel. */
  rootRoutes: Router[];
}

/** The chimes shipped in audio/ (CC0, see audio/README.md). */
export const shippedJingles: Required<Jingles> = {
  intro: path.join(projectRoot, 'audio/intro.mp3'),
  outro: path.join(projectRoot, 'audio/outro.mp3'),
};

export async function createAudio(opts: {
  config: Config;
  db: Db;
  log: Logger;
  guard: Guard;
  /** Text as written → as it is to be read aloud (the Vietnamese normalizer with the commune's lexicon). */
  normalize: (text: string, zoneId?: string) => string | Promise<string>;
  /** The voice setting of the commune a render is heard in, when it has one. */
  communeVoice?: (zoneId?: string) => Promise<string | undefined>;
  /** Whether the caller may follow a render job made for this zone (null: for the whole system). */
  mayFollow?: MayFollow;
  onStored?: MediaRoutesDeps['onStored'];
  env?: NodeJS.ProcessEnv;
}): Promise<Audio> {
  const { config, db, log, guard } = opts;
  const env = opts.env ?? process.env;
  const store = new LocalMediaStore({ db, dataDir: config.dataDir });
  const pipeline = new AudioPipeline({ workDir: path.join(config.dataDir, 'tmp') });
  // Whatever a previous run left half-done is garbage now.
  await store.sweepStaging();
  await fs.promises.rm(pipeline.workDir, { recursive: true, force: true });
  const { voices, profiles } = availableVoices(config, env, log);
  const usage = new VoiceUsage(db, {
    limits: Object.fromEntries(Object.entries(config.cloudVoices).map(([vendor, c]) => [vendor, c.monthlyChars])),
    vendors: Object.entries(config.cloudVoices).flatMap(([vendor, c]) => (c.key ? [vendor] : [])),
    timezone: config.communeTz,
  });
  const speech = new SpeechService({
    db,
    store,
    pipeline,
    voices,
    profiles,
    usage,
    communeVoice: opts.communeVoice,
    defaultVoice: config.voice,
    normalize: opts.normalize,
    jingles: fs.existsSync(shippedJingles.intro) && fs.existsSync(shippedJingles.outro) ? shippedJingles : undefined,
    jinglesByDefault: env.LOA_JINGLES === '1' || env.LOA_JINGLES === 'true',
    log: log.child('speech'),
  });
  const jobs = new SpeechJobs({ db, speech, log: log.child('jobs') });
  return {
    store,
    pipeline,
    speech,
    jobs,
    usage,
    apiRoutes: [],
    rootRoutes: [
      createMediaRoutes({ store, pipeline, guard, limits: mediaLimits(env), recordingsDir: path.join(config.dataDir, 'recordings'), onStored: opts.onStored }),
      createSpeechRoutes({ speech, jobs, guard, usage, mayFollow: opts.mayFollow }),
    ],
  };
}

// eSpeak always; Google's and the domestic vendors' voices only where their
// credentials are set up, so the panel never offers a voice that cannot work.
function availableVoices(config: Config, env: NodeJS.ProcessEnv, log: Logger): { voices: Map<string, Voice>; profiles: VoiceProfile[] } {
  const voices = new Map<string, Voice>();
  const profiles: VoiceProfile[] = [];
  const timeoutMs = config.voiceTimeoutMs;
  const { fpt, viettel, zalo } = config.cloudVoices;
  const offer = (vendor: string, list: readonly VoiceProfile[], make: (name: string) => Voice) => {
    for (const p of list) voices.set(p.id, make(p.id.slice(p.id.indexOf(':') + 1)));
    profiles.push(...list);
    log.info(`${vendor} voices enabled (${list.length})`);
  };
  if (fpt.key) offer('FPT.AI', FPT_VOICES, (name) => new FptVoice({ name, apiKey: fpt.key!, baseUrl: fpt.url, timeoutMs }));
  if (viettel.key) offer('Viettel AI', VIETTEL_VOICES, (name) => new ViettelVoice({ name, token: viettel.key!, baseUrl: viettel.url, timeoutMs }));
  if (zalo.key) offer('Zalo AI', ZALO_VOICES, (name) => new ZaloVoice({ speaker: Number(name), apiKey: zalo.key!, baseUrl: zalo.url, timeoutMs }));
  for (const v of ESPEAK_VOICES) {
    const voice = new EspeakVoice(v);
    voices.set(voice.id, voice);
  }
  if (env.GOOGLE_APPLICATION_CREDENTIALS) {
    const client = createGoogleClient();
    for (const name of GOOGLE_VI_VOICES) {
      const voice = new GoogleVoice({ name, client });
      voices.set(voice.id, voice);
    }
    log.info(`Google Text-to-Speech voices enabled (${GOOGLE_VI_VOICES.length})`);
  }
  return { voices, profiles };
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
