// What the zone routes answer (src/zones/routes.ts).
import { z } from 'zod';
import { component } from '../http/openapi.js';
import { hhmm, zoneKind } from '../http/schemas.js';

export const zoneSchema = component('Zone', z.object({
  id: z.string(),
  name: z.string(),
  /** Null for a top-level zone. */
  parentId: z.string().nullable(),
  kind: zoneKind,
  /** Local times receivers stay silent between (from may be after to: overnight); null: none. */
  quietHours: z.object({ from: hhmm, to: hhmm }).nullable(),
}));
