// Wires the speech feature for the composition root (src/app.ts): the
// voices this server offers, the speech service over the audio pipeline,
// render jobs, monthly vendor usage and the speech routes.
import fs from 'node:fs';
import path from 'node:path';
import type { Router } from 'express';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { Guard } from '../http/auth.js';
import type { Logger } from '../log.js';
import { projectRoot } from '../paths.js';
import type { LocalMediaStore } from '../audio/media-store.js';
import type { AudioPipeline, Jingles } from '../audio/pipeline.js';
import { SpeechJobs } from './jobs.js';
import type { InFlight } from '../audio/in-flight.js';
import { createSpeechRoutes, type MayFollow } from './routes.js';
import { SpeechService } from './speech-service.js';
import type { Voice } from './voice.js';
import { ESPEAK_VOICES, EspeakVoice } from './voices/espeak.js';
import { createGoogleClient, GOOGLE_VI_VOICES, GoogleVoice } from './voices/google.js';
import type { VoiceProfile } from './voices/cloud.js';
import { FPT_VOICES, FptVoice } from './voices/fpt.js';
import { VIETTEL_VOICES, ViettelVoice } from './voices/viettel.js';
import { ZALO_VOICES, ZaloVoice } from './voices/zalo.js';
import { VoiceUsage } from './usage.js';

export interface Speech {
  speech: SpeechService;
  jobs: SpeechJobs;
  /** Characters per cloud vendor this month, and their limits. */
  usage: VoiceUsage;
  /** Routers to mount at the root (/api/v1/speech/…). */
  rootRoutes: Router[];
}

/** The chimes shipped in audio/ (CC0, see audio/README.md). */
export const shippedJingles: Required<Jingles> = {
  intro: path.join(projectRoot, 'audio/intro.mp3'),
  outro: path.join(projectRoot, 'audio/outro.mp3'),
};

export function createSpeech(opts: {
  config: Config;
  db: Db;
  log: Logger;
  guard: Guard;
  store: LocalMediaStore;
  pipeline: AudioPipeline;
  /** Renders the server's stop waits for (src/audio/in-flight.ts). */
  renders?: InFlight;
  /** Text as written → as it is to be read aloud (the Vietnamese normalizer with the commune's lexicon). */
  normalize: (text: string, zoneId?: string) => string | Promise<string>;
  /** The voice setting of the commune a render is heard in, when it has one. */
  communeVoice?: (zoneId?: string) => Promise<string | undefined>;
  /** Whether the caller may follow a render job made for this zone (null: for the whole system). */
  mayFollow?: MayFollow;
  env?: NodeJS.ProcessEnv;
}): Speech {
  const { config, db, log, guard, store, pipeline } = opts;
  const env = opts.env ?? process.env;
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
    renders: opts.renders,
    log: log.child('speech'),
  });
  const jobs = new SpeechJobs({ db, speech, log: log.child('jobs'), renders: opts.renders });
  return { speech, jobs, usage, rootRoutes: [createSpeechRoutes({ speech, jobs, guard, usage, mayFollow: opts.mayFollow })] };
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
