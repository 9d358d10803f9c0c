// What the receiver routes answer (src/receivers/routes.ts, agent-config.ts).
import { z } from 'zod';
import { component } from '../http/openapi.js';
import type { AmpPolicy } from '../db/schema.js';
import { enumOf, hhmm, isoTime } from '../http/schemas.js';
import { PROTOCOL_VERSION } from '../mqtt/protocol.js';

const onOff = z.enum(['on', 'off']);

/** What the receiver last said it plays (its retained state). */
const playing = z.object({ broadcastId: z.string(), cmdId: z.string(), startedAt: isoTime });

/** The receiver's last telemetry, as it sent it (src/mqtt/protocol.ts). */
const telemetry = z.object({
  v: z.literal(PROTOCOL_VERSION),
  at: isoTime,
  rssi: z.number().optional(),
  network: z.string().optional(),
  uptimeS: z.number().optional(),
  tempC: z.number().optional(),
  freeBytes: z.number().optional(),
  clockOffsetMs: z.number().optional(),
  amp: z.string().optional(),
  lat: z.number().optional(),
  lon: z.number().optional(),
  power: z.string().optional(),
});

/** src/receivers/service.ts toView. */
export const receiverSchema = component('Receiver', z.object({
  id: z.string(),
  name: z.string(),
  zoneId: z.string(),
  online: z.boolean(),
  lastSeenAt: isoTime.nullable(),
  /** As the receiver reports it. */
  volume: z.int().min(0).max(100),
  /** As the technician chose it (null: never chosen). */
  volumeSet: z.int().min(0).max(100).nullable(),
  fw: z.string().nullable(),
  /** The amplifier as the receiver reports it. */
  power: onOff.nullable(),
  powerSet: onOff.nullable(),
  ampPolicy: enumOf<AmpPolicy>({ auto: true, manual: true }),
  playing: playing.nullable(),
  telemetry: telemetry.nullable(),
  telemetryAt: isoTime.nullable(),
  clockOffsetMs: z.int().nullable(),
  clockWarning: z.boolean(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  createdAt: isoTime,
}));

/** A new receiver, with its secret: shown this once, only its hash is kept. */
export const createdReceiverSchema = receiverSchema.extend({ secret: z.string() });

export const rotatedSecretSchema = z.object({ id: z.string(), secret: z.string() });

/** sent: the receiver is online and got it; waiting: offline, the setting reaches it when it returns. */
export const commandResultSchema = component('CommandResult', z.object({
  cmdId: z.string().nullable(),
  status: z.enum(['sent', 'waiting']),
  /** When an offline receiver was last heard from. */
  offlineSince: isoTime.nullable(),
}));

/** The amplifier hours that hold in a zone (its own or the nearest above it); null: none. */
export const powerScheduleSchema = z.object({ zoneId: z.string(), on: hhmm.nullable(), off: hhmm.nullable() });
export const powerScheduleSetSchema = z.object({ zoneId: z.string(), on: hhmm, off: hhmm });

/** /etc/loa-agent.json for a new receiver: the object, the file's text, and a QR code of it. */
export const agentConfigSchema = z.object({
  config: z.object({ id: z.string(), secret: z.string(), mqttUrl: z.string(), topicRoot: z.string().optional(), player: z.literal('ffplay') }),
  file: z.string(),
  qrSvg: z.string(),
});
