// What the bulletin and downstream routes answer (src/bulletins/routes.ts,
// downstream-routes.ts). Times and counts a linked commune reported are as
// it sent them: an ISO time that may carry an offset, counts by any state name.
import { z } from 'zod';
import { component } from '../http/openapi.js';
import type { BulletinCommuneState, BulletinStatus } from '../db/schema.js';
import { broadcastStatus, enumOf, isoTime, priority, sha256 } from '../http/schemas.js';

/** A time a linked commune reported. */
const reportedTime = z.iso.datetime({ offset: true });
/** Deliveries per state; a linked commune's by the names it reported. */
const reportedCounts = z.record(z.string(), z.int().min(0));

const communeState = enumOf<BulletinCommuneState>({ received: true, placed: true, declined: true, aired: true, partial: true, missed: true, withdrawn: true });

/** src/bulletins/service.ts CommuneView: what one commune did with the bulletin. */
const commune = {
  zoneId: z.string(),
  name: z.string(),
  state: communeState,
  placedAt: reportedTime.nullable(),
  reason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: isoTime.nullable(),
  broadcastId: z.string().nullable(),
  broadcastStatus: broadcastStatus.nullable(),
  /** Runs its own server, linked over the upstream link. */
  linked: z.boolean(),
  /** Linked, and has not reported receiving it yet. */
  awaitingLink: z.boolean(),
  counts: reportedCounts,
  total: z.int().min(0),
};

const bulletin = {
  id: z.string(),
  title: z.string(),
  text: z.string().nullable(),
  mediaSha256: sha256.nullable(),
  mediaUrl: z.string().nullable(),
  level: priority,
  category: z.string().nullable(),
  startAt: reportedTime.nullable(),
  expiresAt: reportedTime.nullable(),
  status: enumOf<BulletinStatus>({ pending_approval: true, sent: true, rejected: true, cancelled: true, withdrawn: true }),
  /** Received from the province over the upstream link. */
  fromUpstream: z.boolean(),
  createdBy: z.string(),
  createdAt: isoTime,
  approvedBy: z.string().nullable(),
  /** Who took it back, when and why (status withdrawn, or cancelled before approval). */
  withdrawnBy: z.string().nullable(),
  withdrawnAt: isoTime.nullable(),
  withdrawReason: z.string().nullable(),
};

/** src/bulletins/service.ts BulletinView: the bulletin, each commune in the caller's scope, and the rolled-up counts. */
export const bulletinSchema = component('Bulletin', z.object({
  ...bulletin,
  communes: z.array(z.object(commune)),
  /** Communes per state. */
  states: z.partialRecord(communeState, z.int().min(0)),
  /** Deliveries per state over every commune. */
  counts: reportedCounts,
  total: z.int().min(0),
}));

/** "Bản tin cấp trên": one item per bulletin and commune it reached. */
export const inboxItemSchema = component('BulletinInboxItem', z.object({ ...bulletin, ...commune }));

/** GET /bulletins: those sent from here, or with inbox=true those that reached the caller's communes. */
export const bulletinListSchema = z.union([z.array(bulletinSchema), z.array(inboxItemSchema)]);

/** src/bulletins/downstreams.ts DownstreamView: a linked commune's server. */
export const downstreamSchema = component('Downstream', z.object({
  id: z.string(),
  zoneId: z.string(),
  zoneName: z.string(),
  connected: z.boolean(),
  createdBy: z.string(),
  createdAt: isoTime,
  revokedAt: isoTime.nullable(),
  lastSeenAt: isoTime.nullable(),
  /** Its receivers online and offline, as it last reported (statusAt). */
  online: z.int().min(0),
  offline: z.int().min(0),
  statusAt: reportedTime.nullable(),
}));

/** A new link's token: shown this once, for the commune's UPSTREAM_TOKEN. */
export const createdDownstreamSchema = z.object({ id: z.string(), token: z.string(), zoneId: z.string() });

export const downstreamReceiverSchema = z.object({ receiverId: z.string(), name: z.string().nullable(), online: z.boolean(), changedAt: reportedTime });

/** One broadcast a linked commune reported airing. */
export const linkedPlayedSchema = component('LinkedPlayed', z.object({
  downstreamId: z.string(),
  zoneId: z.string(),
  zoneName: z.string(),
  broadcastId: z.string(),
  bulletinId: z.string().nullable(),
  title: z.string(),
  priority,
  status: z.enum(['done', 'partial', 'failed', 'expired', 'cancelled']),
  startAt: reportedTime,
  zoneIds: z.array(z.string()),
  counts: reportedCounts,
  /** Receivers it reached, and how many played it. */
  receivers: z.int().min(0),
  done: z.int().min(0),
  durationMs: z.int().min(0).nullable(),
}));

/** What one linked commune aired in a month. */
export const linkedMonthSchema = component('LinkedMonth', z.object({
  zoneId: z.string(),
  zoneName: z.string(),
  broadcasts: z.int().min(0),
  minutes: z.number().min(0),
  deliveries: z.int(),
  done: z.int().min(0),
  successRate: z.number().nullable(),
}));

export const downstreamPlayedSchema = z.object({ from: isoTime, to: isoTime, rows: z.array(linkedPlayedSchema) });

/** On a commune: whether its link to the province is up, and how many reports wait to go up. */
export const upstreamStatusSchema = z.object({
  configured: z.boolean(),
  connected: z.boolean(),
  zoneId: z.string().nullable(),
  lastError: z.string().nullable(),
  pending: z.int().min(0),
});
