// Dispatch: at startAt − lead time, claim a broadcast in the database, record
// one delivery per receiver, and publish one play command per target zone
// (the broker fans out) and per directly targeted receiver. The claim comes
// first and the command id is fixed at creation, so a dispatch interrupted by
// a crash is finished on restart without a receiver playing twice (receivers
// de-duplicate by command id).
import { EventEmitter } from 'node:events';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import type { BroadcastRow, DeliveryState, DeliveryTable } from '../db/schema.js';
import { PROTOCOL_VERSION, type Ack, type PlayCommand } from '../mqtt/protocol.js';
import type { ServerBus } from '../mqtt/bus.js';
import type { ZoneService } from '../zones/service.js';
import type { ReceiverService } from '../receivers/service.js';
import { deriveStatus, statesBefore, TERMINAL_DELIVERY, type BroadcastService, type MediaCatalog } from './service.js';
import type { Logger } from '../log.js';

const STATE_COLUMN: Partial<Record<DeliveryState, keyof DeliveryTable>> = {
  received: 'received_at',
  downloaded: 'downloaded_at',
  playing: 'playing_at',
};

const OPEN_DELIVERY: DeliveryState[] = ['queued', 'received', 'downloaded', 'playing'];

/** Command ids whose broadcast is remembered: more than are ever in flight at once. */
const COMMANDS_REMEMBERED = 1000;

/** How long after the last possible end a silent "playing" delivery is given up. */
const PLAYING_GRACE_MS = 5 * 60_000;

export interface DispatcherEvents {
  delivery: [broadcastId: string, receiverId: string, state: DeliveryState];
  status: [broadcastId: string];
}

export class Dispatcher {
  readonly events = new EventEmitter<DispatcherEvents>();
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private readonly commandBroadcast = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly bus: ServerBus,
    private readonly zones: ZoneService,
    private readonly receivers: ReceiverService,
    private readonly broadcasts: BroadcastService,
    private readonly media: MediaCatalog,
    private readonly opts: { leadTimeMs: number; timezone: string; tickMs?: number; isLeader?: () => boolean; log: Logger },
  ) {
    receivers.events.on('online', (id) => {
      if (!this.leading()) return;
      this.catchUp(id).catch((err: Error) => opts.log.error('catch-up failed', { receiverId: id, error: err.message }));
    });
  }

  start(): void {
    const tickMs = this.opts.tickMs ?? 200;
    this.timer = setInterval(() => void this.tick(), tickMs);
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass: finish interrupted dispatches, dispatch what is due, expire what is late. */
  /** Only the instance holding the dispatch lease dispatches (always true alone). */
  private leading(): boolean {
    return this.opts.isLeader?.() ?? true;
  }

  async tick(now = new Date()): Promise<void> {
    if (this.ticking || !this.leading()) return;
    this.ticking = true;
    try {
      const horizon = new Date(now.getTime() + this.opts.leadTimeMs).toISOString();
      const due = await this.db
        .selectFrom('broadcasts')
        .selectAll()
        .where((eb) => eb.or([eb('status', '=', 'dispatching'), eb.and([eb('status', '=', 'scheduled'), eb('start_at', '<=', horizon)])]))
        .orderBy('start_at')
        .execute();
      // Emergencies first, then priority, then normal.
      const rank = { emergency: 0, priority: 1, normal: 2 } as const;
      due.sort((a, b) => rank[a.priority] - rank[b.priority]);
      for (const b of due) await this.dispatch(b, now);
      await this.sweep(now);
    } catch (err) {
      this.opts.log.error('dispatch tick failed', { error: (err as Error).message });
    } finally {
      this.ticking = false;
    }
  }

  private async dispatch(b: BroadcastRow, now: Date): Promise<void> {
    if (b.status === 'scheduled') {
      if (b.expires_at <= now.toISOString()) {
        await this.db.updateTable('broadcasts').set({ status: 'expired', updated_at: nowIso() }).where('id', '=', b.id).where('status', '=', 'scheduled').execute();
        this.opts.log.warn('broadcast expired before it could be dispatched', { broadcastId: b.id });
        return;
      }
      const claimed = await this.db
        .updateTable('broadcasts')
        .set({ status: 'dispatching', updated_at: nowIso() })
        .where('id', '=', b.id)
        .where('status', '=', 'scheduled')
        .executeTakeFirst();
      if (claimed.numUpdatedRows === 0n) return;
    }
    const { zoneIds, receiverIds } = await this.broadcasts.targets(b.id);
    const cover = await this.zones.minimalCover(zoneIds);
    const coveredZones = await this.zones.subtree(cover);
    const inZones = coveredZones.size ? await this.db.selectFrom('receivers').select(['id', 'zone_id']).where('zone_id', 'in', [...coveredZones]).execute() : [];
    const zoneReceivers = new Set(inZones.map((r) => r.id));
    const direct = receiverIds.length ? await this.db.selectFrom('receivers').select(['id', 'zone_id']).where('id', 'in', receiverIds.filter((id) => !zoneReceivers.has(id))).execute() : [];
    const targets = [...inZones, ...direct];
    const all = targets.map((r) => r.id);
    // Quiet hours hold back only normal items: priority and emergency always air.
    const quietZones = b.priority === 'normal' ? await this.zones.quietAt(new Date(b.start_at), this.opts.timezone) : new Set<string>();
    const quiet = new Set<string>();
    if (quietZones.size) {
      for (const r of targets) if ((await this.zones.lineage(r.zone_id)).some((z) => quietZones.has(z))) quiet.add(r.id);
    }
    const at = nowIso();
    for (let i = 0; i < all.length; i += 500) {
      await this.db
        .insertInto('deliveries')
        .values(
          all.slice(i, i + 500).map((receiver_id) => {
            const skipped = quiet.has(receiver_id);
            return { broadcast_id: b.id, receiver_id, state: skipped ? ('skipped' as const) : ('queued' as const), queued_at: at, updated_at: at, error: skipped ? 'giờ yên lặng của thôn (quiet hours)' : null, received_at: null, downloaded_at: null, playing_at: null, finished_at: skipped ? at : null };
          }),
        )
        .onConflict((oc) => oc.columns(['broadcast_id', 'receiver_id']).doNothing())
        .execute();
    }
    const cmd = await this.playCommand(b);
    if (quiet.size === 0) {
      for (const z of cover) await this.bus.sendToZone(z, cmd);
      for (const r of direct) await this.bus.sendToReceiver(r.id, cmd);
    } else {
      // Some zones are quiet: address the others' receivers one by one.
      for (const r of all) if (!quiet.has(r)) await this.bus.sendToReceiver(r, cmd);
    }
    await this.db.updateTable('broadcasts').set({ status: 'dispatched', dispatched_at: at, updated_at: at }).where('id', '=', b.id).execute();
    await this.refreshStatus(b.id);
    this.opts.log.info('dispatched', { broadcastId: b.id, zones: cover, receivers: all.length, startAt: b.start_at });
    this.events.emit('status', b.id);
  }

  private async playCommand(b: BroadcastRow): Promise<PlayCommand> {
    const media = b.media_sha256 ? await this.media.get(b.media_sha256) : undefined;
    if (!media) throw new Error(`broadcast ${b.id} has no media`);
    return {
      v: PROTOCOL_VERSION,
      id: b.cmd_id,
      type: 'play',
      issuedAt: nowIso(),
      broadcastId: b.id,
      priority: b.priority,
      media: {
        url: this.broadcasts.mediaUrl(media.sha256),
        sha256: media.sha256,
        bytes: Number(media.bytes),
        durationMs: media.duration_ms,
        format: media.format,
      },
      startAt: b.start_at,
      expiresAt: b.expires_at,
      repeat: b.repeat,
      ...(b.volume !== null && { volume: b.volume }),
    };
  }

  /** A receiver back online gets again every command it has not finished and that has not expired. */
  async catchUp(receiverId: string, now = new Date()): Promise<void> {
    const pending = await this.db
      .selectFrom('deliveries')
      .innerJoin('broadcasts', 'broadcasts.id', 'deliveries.broadcast_id')
      .selectAll('broadcasts')
      .where('deliveries.receiver_id', '=', receiverId)
      .where('deliveries.state', 'in', ['queued', 'received', 'downloaded'])
      .where('broadcasts.expires_at', '>', now.toISOString())
      .where('broadcasts.status', '=', 'dispatched')
      .execute();
    for (const b of pending) {
      await this.bus.sendToReceiver(receiverId, await this.playCommand(b));
      this.opts.log.info('re-sent pending command', { receiverId, broadcastId: b.id });
    }
  }

  async onAck(receiverId: string, ack: Ack): Promise<void> {
    if (ack.state === 'pong') {
      if (ack.t0 !== undefined && ack.rxTime !== undefined) {
        // Receiver clock minus the server clock at the midpoint of the round trip.
        const offset = ack.rxTime - (ack.t0 + Date.now()) / 2;
        await this.receivers.recordClockOffset(receiverId, offset);
      }
      return;
    }
    const broadcastId = await this.broadcastOf(ack.cmdId);
    if (!broadcastId) return;
    const to = ack.state as DeliveryState;
    const column = STATE_COLUMN[to];
    const terminal = TERMINAL_DELIVERY.includes(to);
    // One conditional write per ack (a fan-out brings tens of thousands):
    // a delivery only moves forward, so a repeated or late ack changes nothing.
    const res = await this.db
      .updateTable('deliveries')
      .set((eb) => ({
        state: to,
        updated_at: nowIso(),
        ...(column && { [column]: ack.at }),
        ...(terminal && { finished_at: ack.at }),
        ...(ack.error !== undefined && { error: ack.error }),
        // An ack skipping ahead still says the earlier steps happened.
        ...(to === 'playing' && { received_at: eb.fn.coalesce('received_at', eb.val(ack.at)) }),
      }))
      .where('broadcast_id', '=', broadcastId)
      .where('receiver_id', '=', receiverId)
      .where('state', 'in', statesBefore(to))
      .executeTakeFirst();
    if (res.numUpdatedRows === 0n) {
      const known = await this.db.selectFrom('deliveries').select('state').where('broadcast_id', '=', broadcastId).where('receiver_id', '=', receiverId).executeTakeFirst();
      if (!known) this.opts.log.warn('ack for a delivery that does not exist', { receiverId, broadcastId });
      return;
    }
    this.events.emit('delivery', broadcastId, receiverId, to);
    if (terminal) await this.refreshStatus(broadcastId);
  }

  /** A command's broadcast: fixed at creation, so remembered for the acks that follow. */
  private async broadcastOf(cmdId: string): Promise<string | undefined> {
    const cached = this.commandBroadcast.get(cmdId);
    if (cached) return cached;
    const b = await this.db.selectFrom('broadcasts').select('id').where('cmd_id', '=', cmdId).executeTakeFirst();
    if (!b) return undefined;
    if (this.commandBroadcast.size >= COMMANDS_REMEMBERED) this.commandBroadcast.delete(this.commandBroadcast.keys().next().value!);
    this.commandBroadcast.set(cmdId, b.id);
    return b.id;
  }

  private async refreshStatus(broadcastId: string): Promise<void> {
    // While any delivery is open the status stays "dispatched": one indexed
    // look-up per final ack, not a read of every delivery (10k acks → 10k²).
    const open = await this.db
      .selectFrom('deliveries')
      .select('receiver_id')
      .where('broadcast_id', '=', broadcastId)
      .where('state', 'in', OPEN_DELIVERY)
      .limit(1)
      .executeTakeFirst();
    if (open) return;
    const byState = await this.broadcasts.countByState(broadcastId);
    const status = deriveStatus(byState);
    // Kept with the broadcast: with none open, these counts are final.
    const res = await this.db
      .updateTable('broadcasts')
      .set({ status, counts_json: JSON.stringify(byState), updated_at: nowIso() })
      .where('id', '=', broadcastId)
      .where('status', 'in', ['dispatched', 'done', 'partial', 'failed', 'expired'])
      .where('status', '!=', status)
      .executeTakeFirst();
    if (res.numUpdatedRows > 0n) this.events.emit('status', broadcastId);
  }

  /** Deliveries that can no longer happen are closed with the reason. */
  private async sweep(now: Date): Promise<void> {
    const iso = now.toISOString();
    const late = await this.db
      .selectFrom('deliveries')
      .innerJoin('broadcasts', 'broadcasts.id', 'deliveries.broadcast_id')
      .leftJoin('media', 'media.sha256', 'broadcasts.media_sha256')
      .select(['deliveries.broadcast_id', 'deliveries.receiver_id', 'deliveries.state', 'broadcasts.expires_at', 'broadcasts.repeat', 'media.duration_ms'])
      .where('deliveries.state', 'in', ['queued', 'received', 'downloaded', 'playing'])
      .where('broadcasts.expires_at', '<=', iso)
      .execute();
    const touched = new Set<string>();
    for (const d of late) {
      let error: string;
      let state: DeliveryState;
      if (d.state === 'playing') {
        const lastEnd = Date.parse(d.expires_at) + (d.duration_ms ?? 0) * d.repeat + PLAYING_GRACE_MS;
        if (now.getTime() < lastEnd) continue;
        state = 'failed';
        error = 'no final ack from the receiver';
      } else {
        state = 'expired';
        error = d.state === 'queued' ? 'receiver did not get the command before it expired (offline?)' : `receiver stopped at "${d.state}" before the command expired`;
      }
      await this.db
        .updateTable('deliveries')
        .set({ state, error, finished_at: iso, updated_at: iso })
        .where('broadcast_id', '=', d.broadcast_id)
        .where('receiver_id', '=', d.receiver_id)
        .where('state', '=', d.state)
        .execute();
      this.events.emit('delivery', d.broadcast_id, d.receiver_id, state);
      touched.add(d.broadcast_id);
    }
    for (const id of touched) await this.refreshStatus(id);
  }
}
