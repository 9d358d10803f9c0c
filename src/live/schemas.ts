// What the live routes answer (src/live/routes.ts; the view is
// src/live/service.ts viewJson).
import { z } from 'zod';
import { component } from '../http/openapi.js';
import type { LiveState } from '../db/schema.js';
import { enumOf, isoTime, sha256 } from '../http/schemas.js';
import { broadcastSchema } from '../broadcasts/schemas.js';

/** A live session: its state, where to send the sound and where it is heard, and its broadcast with the deliveries. */
export const liveSessionSchema = component('LiveSession', z.object({
  id: z.string(),
  broadcastId: z.string(),
  state: enumOf<LiveState>({ waiting: true, on_air: true, ended: true, failed: true }),
  /** browser (the panel's microphone over WebSocket), push (PUT …/audio), relay (sourceUrl). */
  source: z.enum(['browser', 'push', 'relay']),
  sourceUrl: z.string().nullable(),
  engine: z.enum(['embedded', 'icecast']),
  /** PUT the MP3 stream here. */
  pushUrl: z.string(),
  /** Or send it over this WebSocket. */
  wsUrl: z.string(),
  /** Where receivers listen; null unless the session runs on this instance. */
  streamUrl: z.string().nullable(),
  syncDelayMs: z.int().nullable(),
  /** Null when the stream engine cannot be asked (Icecast's status page not answering). */
  listeners: z.int().min(0).nullable(),
  createdBy: z.string().nullable(),
  createdAt: isoTime,
  startedAt: isoTime.nullable(),
  endedAt: isoTime.nullable(),
  /** The session's recording, kept once it is over. */
  recordingSha256: sha256.nullable(),
  error: z.string().nullable(),
  broadcast: broadcastSchema,
}));
