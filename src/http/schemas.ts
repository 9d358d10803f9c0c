// Pieces the response schemas share (the schemas.ts beside each feature's
// routes): times as the server writes them, the states a broadcast and a
// delivery go through, counts per state. They describe what the server
// answers, for the API description (src/http/openapi.ts) and the tests that
// check every answer against it; nothing parses requests with them.
import { z } from 'zod';
import { component } from './openapi.js';
import type { BroadcastStatus, DeliveryState, Role, ZoneKind } from '../db/schema.js';
import { PRIORITIES } from '../mqtt/protocol.js';

/** Every member of a string union, each named once: the compiler says when the union grows. */
export const enumOf = <T extends string>(all: Record<T, true>) => z.enum(Object.keys(all) as [T, ...T[]]);

/** An instant as the server writes it (toISOString): UTC, with milliseconds. */
export const isoTime = component('Time', z.iso.datetime().describe('ISO-8601 UTC time, e.g. 2027-02-06T23:00:00.000Z'));
/** A local calendar day. */
export const isoDate = z.iso.date();
/** A local time of day, 24-hour. */
export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
export const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const priority = z.enum(PRIORITIES);
export const role = enumOf<Role>({ admin: true, officer: true, chairman: true, technician: true });
export const zoneKind = enumOf<ZoneKind>({ province: true, district: true, commune: true, hamlet: true, cluster: true });

export const broadcastStatus = enumOf<BroadcastStatus>({
  draft: true,
  pending_approval: true,
  scheduled: true,
  dispatching: true,
  dispatched: true,
  done: true,
  partial: true,
  failed: true,
  expired: true,
  cancelled: true,
  stopped: true,
});

export const deliveryState = enumOf<DeliveryState>({
  queued: true,
  received: true,
  downloaded: true,
  playing: true,
  done: true,
  failed: true,
  preempted: true,
  expired: true,
  rejected: true,
  skipped: true,
});

/** Deliveries per state (a state none is in may be left out). */
export const countsByState = component('DeliveryCounts', z.partialRecord(deliveryState, z.int().min(0)));

/** The answer to a job started in the background: where to follow it (also its Location header). */
export const jobAccepted = component('RenderJobAccepted', z.object({
  jobId: z.string(),
  statusUrl: z.string().describe('GET it for the state: /api/v1/speech/jobs/{jobId}'),
}));
