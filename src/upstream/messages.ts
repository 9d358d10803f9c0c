// The upstream link's messages (docs/upstream.md): one JSON object per
// frame, validated here on both sides. A province's bulletins go down, a
// commune's receiver status, bulletin states and as-played log go up.
import { z } from 'zod';

export const LINK_VERSION = 1;
/** Bigger frames are refused by the transport. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Unacknowledged messages in flight per connection; the rest wait their turn. */
export const WINDOW = 100;

const id = z.string().regex(/^[A-Za-z0-9:._-]{1,120}$/, 'id must match [A-Za-z0-9:._-]{1,120}');
const zoneId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const iso = z.iso.datetime({ offset: true });
const level = z.enum(['normal', 'priority', 'emergency']);
const counts = z.record(z.string(), z.number().int().min(0));

const bulletinMessage = z.object({
  v: z.literal(LINK_VERSION),
  type: z.literal('bulletin'),
  id,
  zoneId,
  bulletin: z.object({
    id,
    title: z.string().min(1).max(300),
    text: z.string().max(100_000).nullable().optional(),
    level,
    category: z.string().max(50).nullable().optional(),
    startAt: iso.nullable().optional(),
    expiresAt: iso.nullable().optional(),
    media: z.object({
      url: z.url({ protocol: /^https?$/ }),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      bytes: z.number().int().min(1),
      durationMs: z.number().int().min(0),
      format: z.literal('mp3'),
    }),
  }),
});

/** The province took a bulletin back: what has not aired of it must not air. */
const withdrawMessage = z.object({
  v: z.literal(LINK_VERSION),
  type: z.literal('withdraw'),
  id,
  zoneId,
  bulletinId: id,
  reason: z.string().max(1000),
});

const statusMessage = z.object({
  v: z.literal(LINK_VERSION),
  type: z.literal('status'),
  id,
  zoneId,
  at: iso,
  online: z.number().int().min(0),
  offline: z.number().int().min(0),
  changes: z
    .array(z.object({ receiverId: z.string().min(1).max(64), name: z.string().max(200).optional(), online: z.boolean(), at: iso }))
    .max(1000),
});

const bulletinStateMessage = z.object({
  v: z.literal(LINK_VERSION),
  type: z.literal('bulletin-state'),
  id,
  zoneId,
  at: iso,
  bulletinId: id,
  state: z.enum(['received', 'placed', 'declined', 'aired', 'partial', 'missed', 'withdrawn']),
  reason: z.string().max(1000).nullable().optional(),
  placedAt: iso.nullable().optional(),
  counts: counts.optional(),
});

const playedMessage = z.object({
  v: z.literal(LINK_VERSION),
  type: z.literal('played'),
  id,
  zoneId,
  broadcastId: id,
  bulletinId: id.nullable().optional(),
  title: z.string().max(300),
  priority: level,
  status: z.enum(['done', 'partial', 'failed', 'expired', 'cancelled']),
  startAt: iso,
  zoneIds: z.array(z.string().max(64)).max(1000),
  counts,
  durationMs: z.number().int().min(0).optional(),
});

const helloMessage = z.object({ v: z.literal(LINK_VERSION), type: z.literal('hello'), software: z.string().max(100).optional() });
const welcomeMessage = z.object({ v: z.literal(LINK_VERSION), type: z.literal('welcome'), downstreamId: z.string(), zoneId, serverTime: iso });
const ackMessage = z.object({ v: z.literal(LINK_VERSION), type: z.literal('ack'), id });
const nackMessage = z.object({ v: z.literal(LINK_VERSION), type: z.literal('nack'), id, error: z.string().max(1000), code: z.string().max(50) });

/** What the province sends down (needs an ack). */
export const downMessage = z.discriminatedUnion('type', [bulletinMessage, withdrawMessage]);
/** What a commune sends up (needs an ack). */
export const upMessage = z.discriminatedUnion('type', [statusMessage, bulletinStateMessage, playedMessage]);
const control = z.discriminatedUnion('type', [helloMessage, welcomeMessage, ackMessage, nackMessage]);

export type BulletinMessage = z.infer<typeof bulletinMessage>;
export type StatusMessage = z.infer<typeof statusMessage>;
export type PlayedMessage = z.infer<typeof playedMessage>;
export type DownMessage = z.infer<typeof downMessage>;
export type UpMessage = z.infer<typeof upMessage>;
export type ControlMessage = z.infer<typeof control>;
/** A message as queued: the zone is filled in when it is sent (a commune learns it from the welcome). */
export type Outgoing<M extends { zoneId: string; v: number }> = M extends unknown ? Omit<M, 'zoneId' | 'v'> : never;

type Parsed<M> = { ok: true; control: ControlMessage } | { ok: true; control?: undefined; message: M } | { ok: false; id?: string; error: string };

/** Parses a frame as one of the given messages or a control message. */
export function parseFrame<M>(schema: z.ZodType<M>, text: string): Parsed<M> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  const frameId = typeof (raw as { id?: unknown })?.id === 'string' ? ((raw as { id: string }).id) : undefined;
  // Text no database column keeps as sent (PostgreSQL refuses U+0000): handling it would fail
  // on every resend and hold up the link behind it, so it is refused here, once, like any invalid message.
  if (unstorable(raw)) return { ok: false, id: frameId, error: 'message: a text holds U+0000 or an unpaired surrogate' };
  const asControl = control.safeParse(raw);
  if (asControl.success) return { ok: true, control: asControl.data };
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, message: r.data };
  return { ok: false, id: frameId, error: r.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ') };
}

const UNPAIRED = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether any string of a parsed frame, key or value, holds U+0000 or half a surrogate pair. */
function unstorable(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\0') || UNPAIRED.test(v);
  if (v === null || typeof v !== 'object' || depth > 32) return false;
  for (const [k, x] of Object.entries(v)) if (unstorable(k, depth) || unstorable(x, depth + 1)) return true;
  return false;
}
