// Receivers: provisioning, credentials for the broker, presence from retained
// state + Last Will, latest telemetry, and the retained config each receiver
// follows (its zones, volume, quiet hours).
import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import type { ReceiverRow } from '../db/schema.js';
import { hashSecret, newSecret } from '../access/secrets.js';
import type { ReceiverCredentials } from '../mqtt/broker.js';
import type { ServerBus } from '../mqtt/bus.js';
import { mosquittoHash } from '../mqtt/mosquitto.js';
import { makeCommand, MAX_CLOCK_OFFSET_MS, PROTOCOL_VERSION, type CommandBody, type ReceiverState, type Telemetry } from '../mqtt/protocol.js';
import type { ZoneService } from '../zones/service.js';
import type { Logger } from '../log.js';
import { AppError } from '../errors.js';
import { containsPattern, searchText } from './search.js';

/** The shape the API returns; outside tools rely on these names. */
export interface ReceiverView {
  id: string;
  name: string;
  zoneId: string;
  online: boolean;
  lastSeenAt: string | null;
  volume: number;
  fw: string | null;
  power: string | null;
  playing: unknown;
  telemetry: Telemetry | null;
  telemetryAt: string | null;
  clockOffsetMs: number | null;
  /** The receiver's clock is off by more than CLOCK_WARN_MS: it will not start in step. */
  clockWarning: boolean;
  lat: number | null;
  lon: number | null;
  createdAt: string;
}

/** The columns a view is made of (not the secrets). */
const VIEW_COLUMNS = [
  'id',
  'name',
  'zone_id',
  'online',
  'last_seen_at',
  'volume',
  'fw',
  'power',
  'playing_json',
  'telemetry_json',
  'telemetry_at',
  'clock_offset_ms',
  'lat',
  'lon',
  'created_at',
] as const satisfies readonly (keyof ReceiverRow)[];

export function toView(r: Pick<ReceiverRow, (typeof VIEW_COLUMNS)[number]>): ReceiverView {
  return {
    id: r.id,
    name: r.name,
    zoneId: r.zone_id,
    online: r.online === 1,
    lastSeenAt: r.last_seen_at,
    volume: r.volume,
    fw: r.fw,
    power: r.power,
    playing: r.playing_json ? JSON.parse(r.playing_json) : null,
    telemetry: r.telemetry_json ? JSON.parse(r.telemetry_json) : null,
    telemetryAt: r.telemetry_at,
    clockOffsetMs: r.clock_offset_ms,
    clockWarning: r.clock_offset_ms !== null && Math.abs(r.clock_offset_ms) > CLOCK_WARN_MS,
    lat: r.lat,
    lon: r.lon,
    createdAt: r.created_at,
  };
}

/** Receivers start together only if their clocks agree; beyond this the technician is warned. */
export const CLOCK_WARN_MS = 500;

/** Ids that would clash with the server's own MQTT account. */
const RESERVED_IDS = new Set(['loa-server']);

interface ReceiverFilter {
  /** The zone and every zone below it, as a broadcast to that zone reaches them. */
  zoneId?: string;
  online?: boolean;
  /** Part of the id or name, ignoring case and diacritics. */
  q?: string;
}

/** One page of receivers in id order, and how many match in all. */
interface ReceiverPage {
  views: ReceiverView[];
  total: number;
  /** Whether receivers after the last one match too. */
  more: boolean;
}

interface ZoneCount {
  zoneId: string;
  total: number;
  online: number;
}

interface FleetSummary {
  total: number;
  online: number;
  /** Every zone with receivers at or below it. */
  zones: ZoneCount[];
}

export interface ReceiverEvents {
  /** A receiver came online (after being offline or unknown). */
  online: [receiverId: string];
  /** Any change the panel should show. */
  changed: [view: ReceiverView];
  /** Its secret was rotated, it was deleted or moved: a live broker session must end and authorize again. */
  revoked: [receiverId: string, deleted: boolean];
}

export class ReceiverService implements ReceiverCredentials {
  readonly events = new EventEmitter<ReceiverEvents>();
  private bus: ServerBus | null = null;

  constructor(
    private readonly db: Db,
    private readonly zones: ZoneService,
    private readonly opts: { timezone: string; log: Logger },
  ) {}

  attachBus(bus: ServerBus): void {
    this.bus = bus;
  }

  async list(zoneId?: string): Promise<ReceiverRow[]> {
    let q = this.db.selectFrom('receivers').selectAll().orderBy('zone_id').orderBy('id');
    if (zoneId) {
      const zones = [...(await this.zones.subtree([zoneId]))];
      // An unknown zone has no receivers (and `in ()` is a syntax error on PostgreSQL).
      if (zones.length === 0) return [];
      q = q.where('zone_id', 'in', zones);
    }
    return q.execute();
  }

  async page(filter: ReceiverFilter, after: string | undefined, limit: number): Promise<ReceiverPage> {
    let base = this.db.selectFrom('receivers');
    if (filter.zoneId !== undefined) {
      const zones = [...(await this.zones.subtree([filter.zoneId]))];
      if (zones.length === 0) return { views: [], total: 0, more: false };
      base = base.where('zone_id', 'in', zones);
    }
    if (filter.online !== undefined) base = base.where('online', '=', filter.online ? 1 : 0);
    if (filter.q) base = base.where(sql<boolean>`search_text like ${containsPattern(filter.q)} escape '\\'`);
    const [rows, count] = await Promise.all([
      (after === undefined ? base : base.where('id', '>', after)).select(VIEW_COLUMNS).orderBy('id').limit(limit + 1).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { views: rows.slice(0, limit).map(toView), total: Number(count.n), more: rows.length > limit };
  }

  /** Receivers and how many are online, in all and per zone; a zone counts the zones below it. */
  async summary(): Promise<FleetSummary> {
    const rows = await this.db
      .selectFrom('receivers')
      .select(['zone_id', (eb) => eb.fn.countAll<number>().as('total'), (eb) => eb.fn.sum<number>('online').as('online')])
      .groupBy('zone_id')
      .execute();
    const zones = new Map<string, ZoneCount>();
    const all = { total: 0, online: 0 };
    for (const r of rows) {
      const [total, online] = [Number(r.total), Number(r.online)];
      all.total += total;
      all.online += online;
      for (const zoneId of await this.zones.lineage(r.zone_id)) {
        const z = zones.get(zoneId) ?? { zoneId, total: 0, online: 0 };
        z.total += total;
        z.online += online;
        zones.set(zoneId, z);
      }
    }
    return { ...all, zones: [...zones.values()] };
  }

  async get(id: string): Promise<ReceiverRow | undefined> {
    return this.db.selectFrom('receivers').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async require(id: string): Promise<ReceiverRow> {
    const r = await this.get(id);
    if (!r) throw new AppError(`receiver ${id} does not exist`, 404);
    return r;
  }

  async create(input: { id: string; name: string; zoneId: string; lat?: number; lon?: number }): Promise<{ receiver: ReceiverRow; secret: string }> {
    if (RESERVED_IDS.has(input.id)) throw new AppError(`receiver id ${input.id} is reserved`);
    if (!(await this.zones.get(input.zoneId))) throw new AppError(`zone ${input.zoneId} does not exist`);
    if (await this.get(input.id)) throw new AppError(`receiver ${input.id} already exists`, 409);
    const secret = newSecret();
    const receiver: ReceiverRow = {
      id: input.id,
      name: input.name,
      zone_id: input.zoneId,
      secret_hash: hashSecret(secret),
      // Only now is the plaintext at hand to hash it for an external Mosquitto.
      mosquitto_hash: mosquittoHash(secret),
      fw: null,
      volume: 70,
      online: 0,
      power: null,
      playing_json: null,
      last_seen_at: null,
      telemetry_json: null,
      telemetry_at: null,
      clock_offset_ms: null,
      lat: input.lat ?? null,
      lon: input.lon ?? null,
      created_at: nowIso(),
      search_text: searchText(input.id, input.name),
    };
    await this.db.insertInto('receivers').values(receiver).execute();
    await this.publishConfig(receiver);
    return { receiver, secret };
  }

  async rotateSecret(id: string): Promise<string> {
    await this.require(id);
    const secret = newSecret();
    await this.db.updateTable('receivers').set({ secret_hash: hashSecret(secret), mosquitto_hash: mosquittoHash(secret) }).where('id', '=', id).execute();
    this.events.emit('revoked', id, false);
    return secret;
  }

  /** Deletes a receiver that has no deliveries on record (they are the as-played history); its retained state and config are cleared. */
  async remove(id: string): Promise<void> {
    await this.require(id);
    const history = await this.db.selectFrom('deliveries').select('broadcast_id').where('receiver_id', '=', id).limit(1).executeTakeFirst();
    if (history) throw new AppError(`receiver ${id} has deliveries on record (the as-played history): rotate its secret to take it out of service`, 409, 'has_history');
    await this.db.deleteFrom('receivers').where('id', '=', id).execute();
    this.events.emit('revoked', id, true);
    await this.bus?.forgetReceiver(id);
  }

  async update(id: string, patch: { name?: string; zoneId?: string; volume?: number; lat?: number | null; lon?: number | null }): Promise<ReceiverRow> {
    const before = await this.require(id);
    if (patch.zoneId && !(await this.zones.get(patch.zoneId))) throw new AppError(`zone ${patch.zoneId} does not exist`);
    await this.db
      .updateTable('receivers')
      .set({
        ...(patch.name !== undefined && { name: patch.name, search_text: searchText(id, patch.name) }),
        ...(patch.zoneId !== undefined && { zone_id: patch.zoneId }),
        ...(patch.volume !== undefined && { volume: patch.volume }),
        ...(patch.lat !== undefined && { lat: patch.lat }),
        ...(patch.lon !== undefined && { lon: patch.lon }),
      })
      .where('id', '=', id)
      .execute();
    const row = await this.require(id);
    if (patch.zoneId !== undefined || patch.volume !== undefined) await this.publishConfig(row);
    // Its broker session still holds the old zones' subscriptions: end it, so they are authorized again.
    if (patch.zoneId !== undefined && patch.zoneId !== before.zone_id) this.events.emit('revoked', id, false);
    this.events.emit('changed', toView(row));
    return row;
  }

  // ---- broker credentials -------------------------------------------------

  async lookup(receiverId: string): Promise<{ secretHash: string; zones: string[] } | undefined> {
    const r = await this.db.selectFrom('receivers').select(['secret_hash', 'zone_id']).where('id', '=', receiverId).executeTakeFirst();
    if (!r) return undefined;
    return { secretHash: r.secret_hash, zones: await this.zones.lineage(r.zone_id) };
  }

  // ---- config ---------------------------------------------------------------

  async publishConfig(r: ReceiverRow): Promise<void> {
    if (!this.bus) return;
    const zone = await this.zones.get(r.zone_id);
    const quiet = zone?.quiet_from && zone.quiet_to ? { from: zone.quiet_from, to: zone.quiet_to } : null;
    await this.bus.publishConfig(r.id, {
      v: PROTOCOL_VERSION,
      zones: await this.zones.lineage(r.zone_id),
      volume: r.volume,
      quietHours: quiet,
      timezone: this.opts.timezone,
    });
  }

  /** Receivers follow their zones' quiet hours from their config. */
  async publishZoneConfigs(zoneId: string): Promise<void> {
    for (const r of await this.list(zoneId)) await this.publishConfig(r);
  }

  /** The embedded broker keeps retained messages in memory only: restore them at start. */
  async publishAllConfigs(): Promise<void> {
    for (const r of await this.db.selectFrom('receivers').selectAll().execute()) await this.publishConfig(r);
  }

  /** With a fresh embedded broker nobody can be connected yet. */
  async markAllOffline(): Promise<void> {
    await this.db.updateTable('receivers').set({ online: 0, playing_json: null }).where('online', '=', 1).execute();
  }

  // ---- inbound --------------------------------------------------------------

  // State and telemetry come from every receiver: each costs one read of
  // what matters before and one write that returns the row for the live view.
  async onState(receiverId: string, state: ReceiverState): Promise<void> {
    const before = await this.db.selectFrom('receivers').select('online').where('id', '=', receiverId).executeTakeFirst();
    if (!before) return this.opts.log.warn('state from unknown receiver ignored', { receiverId });
    const after = await this.db
      .updateTable('receivers')
      .set({
        online: state.online ? 1 : 0,
        last_seen_at: nowIso(),
        ...(state.fw !== undefined && { fw: state.fw }),
        ...(state.volume !== undefined && { volume: state.volume }),
        ...(state.power !== undefined && { power: state.power }),
        playing_json: state.online && state.playing ? JSON.stringify(state.playing) : null,
      })
      .where('id', '=', receiverId)
      .returning(VIEW_COLUMNS)
      .executeTakeFirst();
    if (!after) return;
    if (state.online && before.online !== 1) this.events.emit('online', receiverId);
    this.events.emit('changed', toView(after));
  }

  async onTelemetry(receiverId: string, t: Telemetry): Promise<void> {
    const now = nowIso();
    const after = await this.db
      .updateTable('receivers')
      .set({
        telemetry_json: JSON.stringify(t),
        telemetry_at: now,
        last_seen_at: now,
        ...(t.clockOffsetMs !== undefined && { clock_offset_ms: Math.round(t.clockOffsetMs) }),
        ...(t.lat !== undefined && t.lon !== undefined && { lat: t.lat, lon: t.lon }),
      })
      .where('id', '=', receiverId)
      .returning(VIEW_COLUMNS)
      .executeTakeFirst();
    if (!after) return this.opts.log.warn('telemetry from unknown receiver ignored', { receiverId });
    this.events.emit('changed', toView(after));
  }

  async recordClockOffset(receiverId: string, offsetMs: number): Promise<void> {
    // A pong's t0 is echoed by the receiver and may be made up.
    if (!(Math.abs(offsetMs) <= MAX_CLOCK_OFFSET_MS)) return this.opts.log.warn('implausible clock offset dropped', { receiverId, offsetMs });
    await this.db.updateTable('receivers').set({ clock_offset_ms: Math.round(offsetMs) }).where('id', '=', receiverId).execute();
  }

  // ---- commands -------------------------------------------------------------

  async sendCommand(receiverId: string, body: CommandBody): Promise<string> {
    await this.require(receiverId);
    if (!this.bus) throw new AppError('MQTT broker is not connected', 503);
    const cmd = makeCommand(body);
    await this.bus.sendToReceiver(receiverId, cmd);
    return cmd.id;
  }
}
