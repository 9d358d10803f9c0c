// Receivers: provisioning, credentials for the broker, presence from retained
// state + Last Will, latest telemetry, and the retained config each receiver
// follows (its zones, volume, quiet hours).
import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import type { AmpPolicy, ReceiverRow } from '../db/schema.js';
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
  /** As the receiver reports it. */
  volume: number;
  /** As the technician chose it; the retained config carries it (null: never chosen). */
  volumeSet: number | null;
  fw: string | null;
  /** The amplifier as the receiver reports it. */
  power: string | null;
  powerSet: 'on' | 'off' | null;
  ampPolicy: AmpPolicy;
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
  'volume_set',
  'fw',
  'power',
  'power_set',
  'amp_policy',
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
    volumeSet: r.volume_set,
    fw: r.fw,
    power: r.power,
    powerSet: r.power_set,
    ampPolicy: r.amp_policy,
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

/**
 * A receiver's id is its MQTT username and client id, so it may not be the
 * server's own account (MQTT_USERNAME) nor look like the server's client ids
 * (`loa-server-<hex>`, src/app.ts): a broker drops the older of two clients
 * with one id, and that would cut the server off.
 */
function isReserved(id: string, serverAccount: string): boolean {
  const lower = id.toLowerCase();
  return lower === serverAccount.toLowerCase() || lower.startsWith('loa-server');
}

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

/** sent: the receiver is online and got the command; waiting: it is offline and gets the setting when it returns. */
export interface ControlResult {
  cmdId: string | null;
  status: 'sent' | 'waiting';
  /** When an offline receiver was last heard from. */
  offlineSince: string | null;
}

export interface ReceiverEvents {
  /**
   * A receiver came online (after being offline or unknown). `playing` is the
   * broadcast its state says it is playing (null: nothing); undefined when it
   * came back with another message than its state.
   */
  online: [receiverId: string, playing?: string | null];
  /** Any change the panel should show. */
  changed: [view: ReceiverView];
  /** Its secret was rotated, it was deleted or moved: a live broker session must end and authorize again. */
  revoked: [receiverId: string, deleted: boolean];
  /** It was moved to another zone: what it holds of its old zone's items must not air in the new one. */
  moved: [receiverId: string];
}

export class ReceiverService implements ReceiverCredentials {
  readonly events = new EventEmitter<ReceiverEvents>();
  private bus: ServerBus | null = null;
  /** When each receiver was last heard from on this instance, acks included (they do not touch its row). */
  private readonly lastHeard = new Map<string, number>();
  /** Receivers this instance marked offline for their silence: their next message of any kind brings them back. */
  private readonly silenced = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly zones: ZoneService,
    private readonly opts: { timezone: string; log: Logger; /** The server's MQTT username (default loa-server). */ serverAccount?: string },
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
  async summary(within: Set<string> | null = null): Promise<FleetSummary> {
    const rows = (
      await this.db
        .selectFrom('receivers')
        .select(['zone_id', (eb) => eb.fn.countAll<number>().as('total'), (eb) => eb.fn.sum<number>('online').as('online')])
        .groupBy('zone_id')
        .execute()
    ).filter((r) => within === null || within.has(r.zone_id));
    const zones = new Map<string, ZoneCount>();
    const all = { total: 0, online: 0 };
    for (const r of rows) {
      const [total, online] = [Number(r.total), Number(r.online)];
      all.total += total;
      all.online += online;
      for (const zoneId of await this.zones.lineage(r.zone_id)) {
        // A scoped reader sees counts of its own zones, not of the district above.
        if (within !== null && !within.has(zoneId)) continue;
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
    if (isReserved(input.id, this.opts.serverAccount ?? 'loa-server')) throw new AppError(`receiver id ${input.id} is reserved`);
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
      volume_set: null,
      power_set: null,
      amp_policy: 'auto',
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
    if (history) {
      const message = `Cụm loa ${id} đã có lịch sử phát nên không xoá được; hãy đổi mã bí mật để ngừng dùng (receiver ${id} has deliveries on record: rotate its secret to take it out of service)`;
      throw new AppError(message, 409, 'has_history');
    }
    // As for a zone: a schedule that still airs to it keeps it (its occurrences would air to nobody there).
    const schedules = await this.db.selectFrom('schedules').select(['title', 'receiver_ids_json']).where('status', 'in', ['draft', 'pending_approval', 'approved']).execute();
    const aimed = schedules.find((s) => (JSON.parse(s.receiver_ids_json) as string[]).includes(id));
    if (aimed) throw new AppError(`lịch phát "${aimed.title}" vẫn phát tới cụm loa ${id}: bỏ cụm loa khỏi lịch trước (a schedule still targets receiver ${id})`, 409, 'receiver_in_use');
    await this.db.deleteFrom('receivers').where('id', '=', id).execute();
    this.events.emit('revoked', id, true);
    await this.bus?.forgetReceiver(id);
  }

  async update(id: string, patch: { name?: string; zoneId?: string; volume?: number; ampPolicy?: AmpPolicy; lat?: number | null; lon?: number | null }): Promise<ReceiverRow> {
    const before = await this.require(id);
    if (patch.zoneId && !(await this.zones.get(patch.zoneId))) throw new AppError(`zone ${patch.zoneId} does not exist`);
    await this.db
      .updateTable('receivers')
      .set({
        ...(patch.name !== undefined && { name: patch.name, search_text: searchText(id, patch.name) }),
        ...(patch.zoneId !== undefined && { zone_id: patch.zoneId }),
        ...(patch.volume !== undefined && { volume_set: patch.volume }),
        ...(patch.ampPolicy !== undefined && { amp_policy: patch.ampPolicy }),
        ...(patch.lat !== undefined && { lat: patch.lat }),
        ...(patch.lon !== undefined && { lon: patch.lon }),
      })
      .where('id', '=', id)
      .execute();
    const row = await this.require(id);
    if (patch.zoneId !== undefined || patch.volume !== undefined || patch.ampPolicy !== undefined) await this.publishConfig(row);
    // Its broker session still holds the old zones' subscriptions: end it, so they are authorized again.
    if (patch.zoneId !== undefined && patch.zoneId !== before.zone_id) {
      this.events.emit('revoked', id, false);
      this.events.emit('moved', id);
    }
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
    const schedule = await this.powerScheduleOf(r.zone_id);
    await this.bus.publishConfig(r.id, {
      v: PROTOCOL_VERSION,
      zones: await this.zones.lineage(r.zone_id),
      volume: r.volume_set ?? r.volume,
      quietHours: quiet,
      timezone: this.opts.timezone,
      amplifier: r.amp_policy,
      ...(r.power_set && { power: r.power_set }),
      ...(schedule && { powerSchedule: schedule }),
    });
  }

  /** The amplifier hours of a zone and the zones below it (null: none); its receivers get them in their config. */
  async setPowerSchedule(zoneId: string, schedule: { on: string; off: string } | null): Promise<void> {
    if (!(await this.zones.get(zoneId))) throw new AppError(`zone ${zoneId} does not exist`, 404);
    if (schedule) {
      await this.db
        .insertInto('power_schedules')
        .values({ zone_id: zoneId, on_at: schedule.on, off_at: schedule.off })
        .onConflict((oc) => oc.column('zone_id').doUpdateSet({ on_at: schedule.on, off_at: schedule.off }))
        .execute();
    } else {
      await this.db.deleteFrom('power_schedules').where('zone_id', '=', zoneId).execute();
    }
    await this.publishZoneConfigs(zoneId);
  }

  /** What a zone's page shows: the hours that apply there; 404 for a zone that does not exist (it answered 200 with nulls for any id). */
  async powerScheduleAt(zoneId: string): Promise<{ on: string; off: string } | null> {
    if (!(await this.zones.get(zoneId))) throw new AppError(`zone ${zoneId} does not exist`, 404);
    return this.powerScheduleOf(zoneId);
  }

  /** The nearest amplifier hours at or above a zone. */
  async powerScheduleOf(zoneId: string): Promise<{ on: string; off: string } | null> {
    const lineage = await this.zones.lineage(zoneId);
    const rows = await this.db.selectFrom('power_schedules').selectAll().where('zone_id', 'in', lineage).execute();
    const nearest = lineage.map((z) => rows.find((r) => r.zone_id === z)).find((r) => r !== undefined);
    return nearest ? { on: nearest.on_at, off: nearest.off_at } : null;
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
    this.lastHeard.set(receiverId, Date.now());
    this.silenced.delete(receiverId);
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
    if (state.online && before.online !== 1) this.events.emit('online', receiverId, state.playing?.broadcastId ?? null);
    this.events.emit('changed', toView(after));
  }

  async onTelemetry(receiverId: string, t: Telemetry): Promise<void> {
    await this.heard(receiverId);
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

  /**
   * Any message but state (which says itself whether the receiver is online):
   * a receiver marked offline for its silence is back, and is caught up.
   */
  async heard(receiverId: string): Promise<void> {
    this.lastHeard.set(receiverId, Date.now());
    if (!this.silenced.delete(receiverId)) return;
    const row = await this.db.updateTable('receivers').set({ online: 1, last_seen_at: nowIso() }).where('id', '=', receiverId).where('online', '=', 0).returning(VIEW_COLUMNS).executeTakeFirst();
    this.opts.log.info('silent receiver heard again: online', { receiverId });
    // Told even when another instance wrote it first: the dispatching one must catch it up.
    this.events.emit('online', receiverId);
    if (row) this.events.emit('changed', toView(row));
  }

  /**
   * Marks offline the receivers shown online that sent nothing for
   * `silenceMs`: an external broker may never deliver a Will (lost with its
   * own restart, or a half-open link it has not noticed yet).
   */
  async markSilent(silenceMs: number, now = Date.now()): Promise<void> {
    const cutoff = now - silenceMs;
    const quiet = await this.db
      .selectFrom('receivers')
      .select(['id', 'last_seen_at'])
      .where('online', '=', 1)
      .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', new Date(cutoff).toISOString())]))
      .execute();
    const silent = quiet.filter((r) => (this.lastHeard.get(r.id) ?? 0) < cutoff);
    for (let i = 0; i < silent.length; i += 500) {
      const ids = silent.slice(i, i + 500).map((r) => r.id);
      const rows = await this.db.updateTable('receivers').set({ online: 0, playing_json: null }).where('id', 'in', ids).where('online', '=', 1).returning(VIEW_COLUMNS).execute();
      for (const row of rows) {
        this.silenced.add(row.id);
        this.opts.log.info('receiver silent: marked offline', { receiverId: row.id, lastSeenAt: row.last_seen_at, silenceMs });
        this.events.emit('changed', toView(row));
      }
    }
  }

  /** Runs markSilent a few times per `silenceMs`, from `silenceMs` after start (what was heard before is not known); returns its stop. */
  watchSilence(silenceMs: number): () => void {
    const from = Date.now() + silenceMs;
    const timer = setInterval(() => {
      if (Date.now() < from) return;
      this.markSilent(silenceMs).catch((err: Error) => this.opts.log.warn('silence check failed', { error: err.message }));
    }, Math.min(30_000, Math.max(250, silenceMs / 4)));
    timer.unref();
    return () => clearInterval(timer);
  }

  async recordClockOffset(receiverId: string, offsetMs: number): Promise<void> {
    // A pong's t0 is echoed by the receiver and may be made up.
    if (!(Math.abs(offsetMs) <= MAX_CLOCK_OFFSET_MS)) return this.opts.log.warn('implausible clock offset dropped', { receiverId, offsetMs });
    await this.db.updateTable('receivers').set({ clock_offset_ms: Math.round(offsetMs) }).where('id', '=', receiverId).execute();
  }

  // ---- commands -------------------------------------------------------------

  /** A one-off command (stop, reboot, ping, test tone): refused while the receiver is offline, since nothing would carry it there. */
  async sendCommand(receiverId: string, body: CommandBody): Promise<string> {
    const r = await this.require(receiverId);
    if (!this.bus) throw new AppError('MQTT broker is not connected', 503);
    if (r.online !== 1) {
      throw new AppError(
        `Cụm loa ${r.name} đang mất kết nối${r.last_seen_at ? ` từ ${this.localTime(r.last_seen_at)}` : ''}: lệnh không được gửi. (Receiver ${r.id} is offline${r.last_seen_at ? ` since ${r.last_seen_at}` : ''}: command not sent.)`,
        409,
        'receiver_offline',
      );
    }
    const cmd = makeCommand(body);
    await this.bus.sendToReceiver(receiverId, cmd);
    return cmd.id;
  }

  /** A time as the commune reads it, e.g. "17:05 29/11/2026". */
  private localTime(iso: string): string {
    return new Intl.DateTimeFormat('vi-VN', { timeZone: this.opts.timezone, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));
  }

  /**
   * Volume and amplifier are settings, not one-off commands: kept, and carried
   * by the retained config, so the receiver applies them when it reconnects and
   * after a server restart. An online receiver also gets the command at once;
   * for an offline one the setting waits.
   */
  async setControl(receiverId: string, body: { type: 'volume'; level: number } | { type: 'power'; on: boolean }): Promise<ControlResult> {
    await this.require(receiverId);
    if (!this.bus) throw new AppError('MQTT broker is not connected', 503);
    const row = await this.db
      .updateTable('receivers')
      .set(body.type === 'volume' ? { volume_set: body.level } : { power_set: body.on ? 'on' : 'off' })
      .where('id', '=', receiverId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.publishConfig(row);
    this.events.emit('changed', toView(row));
    if (row.online !== 1) return { cmdId: null, status: 'waiting', offlineSince: row.last_seen_at };
    const cmd = makeCommand(body);
    await this.bus.sendToReceiver(receiverId, cmd);
    return { cmdId: cmd.id, status: 'sent', offlineSince: null };
  }
}
