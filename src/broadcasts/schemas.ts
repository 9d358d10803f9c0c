// What the broadcast routes answer (src/broadcasts/routes.ts; the views are
// src/broadcasts/service.ts summary, viewJson, deliveryPage and coverage).
import { z } from 'zod';
import { component } from '../http/openapi.js';
import { broadcastStatus, countsByState, deliveryState, isoTime, priority, sha256 } from '../http/schemas.js';
import { conflictSchema } from '../scheduling/schemas.js';

/** A broadcast as lists show it: how many deliveries are in each state, not the deliveries. */
export const broadcastSummarySchema = component('BroadcastSummary', z.object({
  id: z.string(),
  title: z.string(),
  text: z.string().nullable(),
  /** Null for a live broadcast until its recording is kept. */
  mediaSha256: sha256.nullable(),
  mediaUrl: z.string().nullable(),
  priority,
  category: z.string().nullable(),
  startAt: isoTime,
  expiresAt: isoTime,
  repeat: z.int().min(1),
  volume: z.int().min(0).max(100).nullable(),
  status: broadcastStatus,
  zoneIds: z.array(z.string()),
  receiverIds: z.array(z.string()),
  dispatchedAt: isoTime.nullable(),
  createdBy: z.string().nullable(),
  /** The person's full name, when the account (or the token's owner) has one. */
  createdByName: z.string().nullable(),
  createdAt: isoTime,
  approvedBy: z.string().nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: isoTime.nullable(),
  occurrenceId: z.string().nullable(),
  /** The broadcast this one replays to the receivers that missed it. */
  replayOf: z.string().nullable(),
  stoppedBy: z.string().nullable(),
  stoppedByName: z.string().nullable(),
  stoppedAt: isoTime.nullable(),
  /** The voice that spoke it; null for uploaded media. */
  voice: z.string().nullable(),
  counts: countsByState,
  /** Deliveries in all (one per receiver reached). */
  total: z.int().min(0),
}));

export const deliverySchema = component('Delivery', z.object({
  receiverId: z.string(),
  state: deliveryState,
  updatedAt: isoTime,
  error: z.string().nullable(),
  receivedAt: isoTime.nullable(),
  downloadedAt: isoTime.nullable(),
  playingAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
}));

/** The broadcast with every delivery (a scoped reader: its own receivers' only). */
export const broadcastSchema = component('Broadcast', broadcastSummarySchema.extend({ deliveries: z.array(deliverySchema) }));

/** A new broadcast, with the items it overlaps (warnings: blocked ones were refused). */
export const createdBroadcastSchema = broadcastSchema.extend({ conflicts: z.array(conflictSchema) });

/** A delivery in a page of them, with the receiver's name and zone. */
export const deliveryItemSchema = component('DeliveryItem', deliverySchema.extend({
  receiverName: z.string(),
  zoneId: z.string(),
  /** Null while the receiver is online; otherwise when it was last heard from. */
  offlineSince: isoTime.nullable(),
}));

/** Deliveries per state in each hamlet the broadcast reached. */
export const coverageSchema = component('Coverage', z.object({
  broadcast: broadcastSummarySchema,
  zones: z.array(z.object({ zoneId: z.string(), name: z.string(), counts: countsByState, total: z.int().min(0) })),
}));
