// What the media routes answer (src/audio/routes.ts describe).
import { z } from 'zod';
import { component } from '../http/openapi.js';
import { sha256 } from '../http/schemas.js';

/** Stored, normalized MP3: use its sha256 as a broadcast's mediaSha256. */
export const storedMediaSchema = component('Media', z.object({
  sha256,
  durationMs: z.int().min(0),
  bytes: z.int().min(0),
  format: z.string(),
  /** Measured after normalizing: integrated loudness (LUFS) and true peak (dBTP). */
  loudness: z.object({ integrated: z.number(), truePeak: z.number() }),
  url: z.string(),
  /** The waveform, for the panel to draw. */
  peaks: z.array(z.number()),
}));

/** A recording also gives the URL to hear it back. */
export const storedRecordingSchema = storedMediaSchema.extend({ previewUrl: z.string() });
