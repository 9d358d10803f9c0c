// What the speech and lexicon routes answer (src/speech/routes.ts, lexicon.ts).
import { z } from 'zod';
import { component } from '../http/openapi.js';
import { enumOf, isoTime, sha256 } from '../http/schemas.js';
import type { JobState } from './jobs.js';
import type { UnreadableReason } from './normalize/index.js';
import type { Gender, Region } from './voices/cloud.js';

/** src/speech/jobs.ts SpeechJob, with the media URL once it is done. */
export const speechJobSchema = component('SpeechJob', z.object({
  id: z.string(),
  state: enumOf<JobState>({ queued: true, running: true, done: true, failed: true }),
  /** Whole percent 0..100. */
  percent: z.number().min(0).max(100),
  mediaSha256: sha256.optional(),
  mediaUrl: z.string().optional(),
  /** Started by POST /broadcasts (or /emergency) with a long text: the broadcast made from the render. */
  broadcastId: z.string().optional(),
  /** The voice that spoke (a chain may have handed over). */
  voice: z.string().optional(),
  error: z.string().optional(),
  createdAt: isoTime,
  finishedAt: isoTime.optional(),
}));

/** The voice ids on offer, e.g. fpt:banmai. */
export const voicesSchema = z.array(z.string());

export const catalogSchema = component('VoiceCatalog', z.object({
  /** LOA_VOICE: one id or a chain. */
  defaultVoice: z.string(),
  voices: z.array(
    z.object({
      id: z.string(),
      vendor: z.string(),
      label: z.string(),
      region: enumOf<Region>({ north: true, central: true, south: true }),
      gender: enumOf<Gender>({ female: true, male: true }),
    }),
  ),
  /** What each cloud vendor has read this month, in characters. */
  usage: z.array(z.object({ vendor: z.string(), month: z.string().regex(/^\d{4}-\d{2}$/), chars: z.number().min(0), limit: z.number().nullable() })),
}));

/** A sentence the voice cannot read right (src/speech/normalize/readability.ts). */
export const unreadableSentenceSchema = component('UnreadableSentence', z.object({
  index: z.int().min(0),
  sentence: z.string(),
  reason: enumOf<UnreadableReason>({ 'mixed-token': true, 'missing-diacritics': true, 'ocr-noise': true }),
  terms: z.array(z.string()),
  message: z.string(),
  en: z.string(),
}));

/** The text as the voice will read it. */
export const normalizedSchema = component('Normalized', z.object({
  spoken: z.string(),
  sentences: z.array(z.string()),
  /** src/speech/normalize/types.ts NormalizeWarning: each with a Vietnamese message and an English `en`. */
  warnings: z.array(
    z.discriminatedUnion('code', [
      z.object({ code: z.literal('missing-diacritics'), message: z.string(), en: z.string(), ratio: z.number().min(0).max(1) }),
      z.object({ code: z.literal('ocr-noise'), message: z.string(), en: z.string(), terms: z.array(z.string()) }),
      z.object({ code: z.literal('unknown-abbreviation'), message: z.string(), en: z.string(), term: z.string() }),
    ]),
  ),
  unreadable: z.array(unreadableSentenceSchema),
}));

const lexiconKind = z.enum(['abbreviation', 'pronunciation']);

/** An entry as GET /lexicon lists it; zoneId null: the shared part. */
export const lexiconEntrySchema = component('LexiconEntry', z.object({
  term: z.string(),
  spoken: z.string(),
  kind: lexiconKind,
  updatedBy: z.string(),
  updatedAt: isoTime,
  /** The same as updatedBy and updatedAt, kept for clients written before them. */
  updated_by: z.string(),
  updated_at: isoTime,
  zoneId: z.string().nullable(),
}));

/** The entry as written (PUT /lexicon). */
export const lexiconPutSchema = z.object({ term: z.string(), spoken: z.string(), kind: lexiconKind, zoneId: z.string().nullable() });
