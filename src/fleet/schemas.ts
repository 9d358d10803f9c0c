// What the fleet routes answer (src/fleet/routes.ts).
import { z } from 'zod';
import { component } from '../http/openapi.js';
import { deliveryState, isoTime } from '../http/schemas.js';

/** src/fleet/alerts.ts ReceiverAlert: offline receivers first, then failing ones. */
export const alertSchema = component('Alert', z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offline'), receiverId: z.string(), receiverName: z.string(), lastSeenAt: isoTime.nullable() }),
  z.object({
    kind: z.literal('failing'),
    receiverId: z.string(),
    receiverName: z.string(),
    /** Missed broadcasts in a row. */
    failures: z.int().min(1),
    lastError: z.string().nullable(),
    lastState: deliveryState,
  }),
]));

const zoneCount = z.object({ zoneId: z.string(), total: z.int().min(0), online: z.int().min(0) });

/** Receivers and how many are online, in all and per zone (a zone counts the zones below it). */
export const fleetSummarySchema = component('FleetSummary', z.object({ total: z.int().min(0), online: z.int().min(0), zones: z.array(zoneCount) }));

export const testToneSchema = z.object({ cmdId: z.string() });
