// Receiver protocol v1: topics, payload schemas and decoding.
// One module shared by the server, the reference agent (devices/) and the
// fleet simulator, so the three can never disagree about the wire format.
// See docs/protocol.md for the prose contract.
import { z } from 'zod';

export const PROTOCOL_VERSION = 1;
export const DEFAULT_TOPIC_ROOT = 'loa/v1';

/** Receiver ids are often an IMEI or MAC; they appear inside topics. */
export const RECEIVER_ID_PATTERN = /^[A-Za-z0-9_-]{3,64}$/;
/** Zone ids appear inside topics too, so the same alphabet applies. */
export const ZONE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const receiverIdSchema = z.string().regex(RECEIVER_ID_PATTERN, 'receiver id must match [A-Za-z0-9_-]{3,64}');
export const zoneIdSchema = z.string().regex(ZONE_ID_PATTERN, 'zone id must match [A-Za-z0-9_-]{1,64}');

const isoTime = z.iso.datetime({ offset: true });
const v = z.literal(PROTOCOL_VERSION);

// ---- plausible values -------------------------------------------------------
// What a receiver reports is stored and shown: a value outside these bounds
// drops the whole message (counted as invalid), so nothing absurd reaches the
// database or the panel.

/** Larger MQTT packets end the connection (embedded broker; `max_packet_size` for Mosquitto). */
export const MAX_RECEIVER_PACKET_BYTES = 64 * 1024;
/** Receiver times (`at`, `since`, `startedAt`) lie in [2000, 2100). */
export const EARLIEST_TIME = Date.UTC(2000, 0, 1);
export const LATEST_TIME = Date.UTC(2100, 0, 1);
/** A clock this far off cannot be used at all; also within PostgreSQL's `integer`. */
export const MAX_CLOCK_OFFSET_MS = 24 * 24 * 3600 * 1000;

/** Control characters (C0, DEL, C1 such as ESC), bidirectional overrides and marks, and unpaired surrogates. */
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u;
/** The same, but tabs and line breaks are fine in free text (an error message). */
const UNSAFE_PROSE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u;

const text = (max: number, unsafe = UNSAFE_TEXT) =>
  z
    .string()
    .max(max)
    .refine((s) => !unsafe.test(s), 'must not contain control, bidirectional-override or unpaired surrogate characters');
/** A longer string cut to `max` UTF-16 units, ending with "…" (never between the halves of a surrogate pair). */
const cutText = (max: number) => (s: unknown) => {
  if (typeof s !== 'string' || s.length <= max) return s;
  const head = s.slice(0, max - 1);
  return `${/[\ud800-\udbff]$/.test(head) ? head.slice(0, -1) : head}…`;
};
const finite = (min: number, max: number) => z.number().min(min).max(max);
/** Kept as UTC with milliseconds, as the server writes times: stored times compare as text, and fit their column. */
const receiverTime = isoTime
  .refine((s) => {
    const t = Date.parse(s);
    return t >= EARLIEST_TIME && t < LATEST_TIME;
  }, 'must be a time between 2000 and 2100')
  .transform((s) => new Date(Date.parse(s)).toISOString());
const epochMs = finite(EARLIEST_TIME, LATEST_TIME);

export const PRIORITIES = ['normal', 'priority', 'emergency'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const priorityRank: Record<Priority, number> = { normal: 0, priority: 1, emergency: 2 };

// ---- receiver → server ------------------------------------------------------

export const playingSchema = z.object({
  broadcastId: text(128),
  cmdId: text(128),
  startedAt: receiverTime,
});

export const stateSchema = z.object({
  v,
  online: z.boolean(),
  fw: text(64).optional(),
  volume: z.number().int().min(0).max(100).optional(),
  power: z.enum(['on', 'off']).optional(),
  playing: playingSchema.nullable().optional(),
  since: receiverTime.optional(),
});
export type ReceiverState = z.infer<typeof stateSchema>;

export const telemetrySchema = z.object({
  v,
  at: receiverTime,
  /** dBm. */
  rssi: finite(-200, 0).optional(),
  network: text(32).optional(),
  /** At most ten years. */
  uptimeS: finite(0, 10 * 366 * 86_400).optional(),
  tempC: finite(-60, 150).optional(),
  /** At most 1 PB. */
  freeBytes: finite(0, 1e15).optional(),
  clockOffsetMs: finite(-MAX_CLOCK_OFFSET_MS, MAX_CLOCK_OFFSET_MS).optional(),
  amp: text(32).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  power: text(32).optional(),
});
export type Telemetry = z.infer<typeof telemetrySchema>;

export const ACK_STATES = ['received', 'downloaded', 'playing', 'done', 'failed', 'preempted', 'expired', 'rejected', 'pong'] as const;
export type AckState = (typeof ACK_STATES)[number];

export const ackSchema = z.object({
  v,
  cmdId: text(128).min(1),
  broadcastId: text(128).optional(),
  state: z.enum(ACK_STATES),
  at: receiverTime,
  /** Cut to 500 characters: the text is for people, the ack's state matters more. */
  error: z.preprocess(cutText(500), text(500, UNSAFE_PROSE)).optional(),
  /** The ping's t0, echoed: the server's epoch ms, opaque to the receiver. */
  t0: finite(0, LATEST_TIME).optional(),
  /** The receiver's clock when the ping arrived (epoch ms). The offset computed from both is bounded where it is recorded. */
  rxTime: epochMs.optional(),
});
export type Ack = z.infer<typeof ackSchema>;

/**
 * The shared contract writes the answer to a ping as
 * `{"state":"pong","t0":…,"rxTime":…}`: a receiver built from it may leave out
 * the Ack's `cmdId` and `at`. Such a pong is taken too (its time is when it
 * arrived); every other ack needs them.
 */
export const bareAckPongSchema = z.object({
  v,
  state: z.literal('pong'),
  cmdId: text(128).min(1).optional(),
  at: receiverTime.optional(),
  t0: finite(0, LATEST_TIME),
  rxTime: epochMs,
});

/** A well-formed time from the Unix epoch to 2000: a clock that has not been set yet. */
function isClockNotSet(at: unknown): boolean {
  if (typeof at !== 'string' || !isoTime.safeParse(at).success) return false;
  const t = Date.parse(at);
  return t >= 0 && t < EARLIEST_TIME;
}

/** An ack as the server takes it: a full Ack, or a pong without `cmdId`/`at`. */
export function decodeAck(payload: Buffer | string, now = new Date()): Lenient<Ack> {
  const full = decodeLenient(ackSchema, payload, REQUIRED.ack);
  if (full.ok) return full;
  // A receiver whose clock is not set yet (NTP not reached: it counts from 1970) still reports the end of a
  // delivery: its `at` is replaced by the time the ack arrived rather than losing the ack. Other bad times are dropped.
  if (/^at:/u.test(full.error)) {
    const json = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8')) as Record<string, unknown>;
    if (isClockNotSet(json.at)) {
      const retimed = decodeLenient(ackSchema, JSON.stringify({ ...json, at: now.toISOString() }), REQUIRED.ack);
      if (retimed.ok) return { ...retimed, ignored: ['at', ...retimed.ignored] };
    }
  }
  const pong = decode(bareAckPongSchema, payload);
  if (!pong.ok) return full;
  const p = pong.value;
  return { ok: true, value: { v: p.v, state: 'pong', cmdId: p.cmdId ?? '', at: p.at ?? now.toISOString(), t0: p.t0, rxTime: p.rxTime }, ignored: [] };
}

// ---- server → receiver ------------------------------------------------------

export const mediaRefSchema = z.object({
  url: z.string().url(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  durationMs: z.number().int().nonnegative(),
  format: z.string(),
});
export type MediaRef = z.infer<typeof mediaRefSchema>;

const commandBase = {
  v,
  id: z.string().min(1).max(128),
  issuedAt: isoTime,
};

export const playCommandSchema = z.object({
  ...commandBase,
  type: z.literal('play'),
  broadcastId: z.string().min(1).max(128),
  priority: z.enum(PRIORITIES),
  media: mediaRefSchema,
  startAt: isoTime.optional(),
  expiresAt: isoTime.optional(),
  repeat: z.number().int().min(1).max(20).default(1),
  volume: z.number().int().min(0).max(100).optional(),
});

/** A live broadcast: a stream played until its body ends (docs/protocol.md, "Live broadcast"). */
export const liveCommandSchema = z.object({
  ...commandBase,
  type: z.literal('live'),
  broadcastId: z.string().min(1).max(128),
  priority: z.enum(PRIORITIES),
  stream: z.object({ url: z.string().url(), format: z.string().default('mp3') }),
  startAt: isoTime.optional(),
  expiresAt: isoTime.optional(),
  volume: z.number().int().min(0).max(100).optional(),
  /** In-step mode (optional): play each piece `delayMs` after its instant on the session's timeline, by the receiver's clock. */
  sync: z.object({ delayMs: z.number().int().min(0).max(10_000) }).optional(),
});

export const commandSchema = z.discriminatedUnion('type', [
  playCommandSchema,
  liveCommandSchema,
  z.object({ ...commandBase, type: z.literal('stop'), broadcastId: z.string().optional() }),
  z.object({ ...commandBase, type: z.literal('volume'), level: z.number().int().min(0).max(100) }),
  z.object({ ...commandBase, type: z.literal('power'), on: z.boolean() }),
  z.object({ ...commandBase, type: z.literal('ping'), t0: z.number() }),
  z.object({ ...commandBase, type: z.literal('reboot') }),
]);
export type Command = z.infer<typeof commandSchema>;
export type PlayCommand = z.infer<typeof playCommandSchema>;
export type LiveCommand = z.infer<typeof liveCommandSchema>;
/** What the server builds; `v`, `id` and `issuedAt` are filled in by `makeCommand`. */
export type CommandBody = Command extends infer C ? (C extends Command ? Omit<C, 'v' | 'id' | 'issuedAt'> : never) : never;

export const configSchema = z.object({
  v,
  zones: z.array(zoneIdSchema),
  volume: z.number().int().min(0).max(100),
  quietHours: z.object({ from: z.string(), to: z.string() }).nullable().optional(),
  timezone: z.string(),
  // Extensions (receivers that do not know them ignore them): the amplifier
  // policy, and the amplifier state the technician chose.
  amplifier: z.enum(['auto', 'manual']).optional(),
  power: z.enum(['on', 'off']).optional(),
  /** The zone's amplifier hours, local time in `timezone`; may span midnight. */
  powerSchedule: z.object({ on: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/), off: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/) }).optional(),
});
export type ReceiverConfig = z.infer<typeof configSchema>;

// ---- topics -----------------------------------------------------------------

export type ReceiverLeaf = 'state' | 'telemetry' | 'ack' | 'cmd' | 'config';
export const RECEIVER_LEAVES: readonly ReceiverLeaf[] = ['state', 'telemetry', 'ack', 'cmd', 'config'];

export class Topics {
  constructor(readonly root: string = DEFAULT_TOPIC_ROOT) {}
  rx(id: string, leaf: ReceiverLeaf): string {
    return `${this.root}/rx/${id}/${leaf}`;
  }
  zoneCmd(zoneId: string): string {
    return `${this.root}/zone/${zoneId}/cmd`;
  }
  /**
   * Server instances tell each other what their panels' event streams must
   * show (a bulletin changed through one instance). Only the server account
   * may read or write it: receivers' ACLs name their own topics only.
   */
  peers(): string {
    return `${this.root}/srv/events`;
  }
  /** Wildcard the server subscribes to for one receiver → server leaf. */
  allRx(leaf: ReceiverLeaf): string {
    return `${this.root}/rx/+/${leaf}`;
  }
  parse(topic: string): { kind: 'rx'; receiverId: string; leaf: ReceiverLeaf } | { kind: 'zone'; zoneId: string } | null {
    if (!topic.startsWith(this.root + '/')) return null;
    const parts = topic.slice(this.root.length + 1).split('/');
    if (parts.length !== 3) return null;
    const [kind, id, leaf] = parts as [string, string, string];
    if (kind === 'rx' && RECEIVER_ID_PATTERN.test(id) && (RECEIVER_LEAVES as string[]).includes(leaf)) {
      return { kind: 'rx', receiverId: id, leaf: leaf as ReceiverLeaf };
    }
    if (kind === 'zone' && ZONE_ID_PATTERN.test(id) && leaf === 'cmd') return { kind: 'zone', zoneId: id };
    return null;
  }
}

// ---- encoding ---------------------------------------------------------------

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parse a payload; never throws, so a bad message can be dropped and counted. */
export function decode<S extends z.ZodType>(schema: S, payload: Buffer | string): Decoded<z.infer<S>> {
  let json: unknown;
  try {
    json = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch {
    return { ok: false, error: 'payload is not valid JSON' };
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { ok: false, error: `${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, value: result.data };
}

/** A message kept without some of its optional fields, which were out of range. */
export type Lenient<T> = { ok: true; value: T; ignored: string[] } | { ok: false; error: string };

/**
 * What a receiver sends, as the shared contract (/work/shared/protocol.md) reads it: a
 * payload that is not JSON, or whose `required` fields are missing or wrong, is dropped.
 * An optional field out of its range (a 70-character `fw`, `"volume":70.5`,
 * `"rssi":-250`) is left out and the rest is kept: dropping the whole state for
 * it left a receiver shown offline, and a whole ack lost the delivery's end.
 */
export function decodeLenient<S extends z.ZodObject>(schema: S, payload: Buffer | string, required: readonly (keyof z.infer<S> & string)[]): Lenient<z.infer<S>> {
  let json: unknown;
  try {
    json = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch {
    return { ok: false, error: 'payload is not valid JSON' };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return decode(schema, payload) as Lenient<z.infer<S>>;
  const ignored: string[] = [];
  let fields = json as Record<string, unknown>;
  // Each pass reports every failing field at once; a second is a safety net.
  for (let pass = 0; pass < 3; pass++) {
    const result = schema.safeParse(fields);
    if (result.success) return { ok: true, value: result.data, ignored };
    const keys = new Set<string>();
    for (const issue of result.error.issues) {
      const key = issue.path[0];
      if (typeof key !== 'string' || (required as readonly string[]).includes(key) || !(key in schema.shape) || !(key in fields)) {
        return { ok: false, error: `${issue.path.join('.') || 'payload'}: ${issue.message}` };
      }
      keys.add(key);
    }
    fields = Object.fromEntries(Object.entries(fields).filter(([k]) => !keys.has(k)));
    ignored.push(...keys);
  }
  return decode(schema, JSON.stringify(fields)) as Lenient<z.infer<S>>;
}

/** Fields without which a receiver's message means nothing (the shared contract's "required"). */
export const REQUIRED = {
  state: ['v', 'online'],
  telemetry: ['v', 'at'],
  ack: ['v', 'cmdId', 'state', 'at'],
} as const;

export function encode(payload: object): Buffer {
  return Buffer.from(JSON.stringify(payload));
}

export const OFFLINE_WILL = { v: PROTOCOL_VERSION, online: false } as const;

let counter = 0;
/** Sortable, unique command ids: time first so logs read in order. */
export function newCommandId(now = Date.now()): string {
  counter = (counter + 1) % 0x100000;
  return `cmd-${now.toString(36)}-${counter.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function makeCommand(body: CommandBody, id = newCommandId(), issuedAt = new Date()): Command {
  return { v: PROTOCOL_VERSION, id, issuedAt: issuedAt.toISOString(), ...body } as Command;
}
