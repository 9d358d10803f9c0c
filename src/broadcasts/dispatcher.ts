// Dispatch: at startAt − lead time, claim a broadcast in the database, record
// one delivery per receiver, and publish one play command per target zone
// (the broker fans out) and per directly targeted receiver. The claim comes
// first and the command id is fixed at creation, so a dispatch interrupted by
// a crash is finished on restart without a receiver playing twice (receivers
// de-duplicate by command id).
import { EventEmitter } from 'node:events';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import type { BroadcastRow, BroadcastStatus, DeliveryState, DeliveryTable } from '../db/schema.js';
import { AppError } from '../errors.js';
import { makeCommand, PROTOCOL_VERSION, type Ack, type LiveCommand, type PlayCommand } from '../mqtt/protocol.js';
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
/** A receiver is working on these; a `queued` one is live only while its receiver is online. */
const MOVING_DELIVERY: DeliveryState[] = ['received', 'downloaded', 'playing'];
/** A final status that may still change: deliveries waiting for offline receivers can catch up until expiry. */
const SETTLED: BroadcastStatus[] = ['done', 'partial', 'failed', 'expired'];

/** The error of a delivery closed because its receiver moved out of the broadcast's zones (the panel words it). */
const MOVED = 'cụm loa đã chuyển sang khu vực khác (moved to another zone)';
/** How a delivery's error starts when its live session was cut off (the panel words it: web/js/pages/broadcasts.js). */
const LIVE_CUT_OFF = 'live cut off: ';

/** Command ids whose broadcast is remembered: more than are ever in flight at once. */
const COMMANDS_REMEMBERED = 1000;

/** How long after the last possible end a silent "playing" delivery is given up. */
const PLAYING_GRACE_MS = 5 * 60_000;
/** A receiver back online this long past an item's end, playing something else, has finished it. */
const FINAL_ACK_SLACK_MS = 2000;
const FINAL_ACK_LOST = 'final ack lost: the receiver came back past its end, not playing it';

/** When a programme started at `from` has played `repeat` times (epoch ms). */
const playedThrough = (from: string, p: { duration_ms: number | null; repeat: number }) => Date.parse(from) + (p.duration_ms ?? 0) * p.repeat;
/** A receiver's clock and its audio pipeline may end a play this much before the programme's length. */
const EARLY_FINISH_SLACK_MS = 10_000;

/** How far back a higher-priority item that may still be airing is looked for, and the pause after it. */
const QUEUE_BEHIND_WINDOW_MS = 2 * 3_600_000;
const QUEUE_BEHIND_GAP_MS = 1000;
/** Live broadcasts (src/live/) carry a stream: the command for one while its session runs, else null. */
export interface LiveCommands {
  liveCommand(b: BroadcastRow): Promise<LiveCommand | null>;
}

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
    private readonly opts: { leadTimeMs: number; timezone: string; tickMs?: number; isLeader?: () => boolean; live?: LiveCommands; log: Logger },
  ) {
    receivers.events.on('online', (id, playing) => {
      if (!this.leading()) return;
      this.catchUp(id, new Date(), playing).catch((err: Error) => opts.log.error('catch-up failed', { receiverId: id, error: err.message }));
    });
    // Whichever instance moved it tells it at once (conditional updates: nothing happens twice).
    receivers.events.on('moved', (id) => {
      this.withdrawMoved(id).catch((err: Error) => opts.log.error('stopping a moved receiver\'s old items failed', { receiverId: id, error: err.message }));
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
    b = await this.queueBehind(b, new Set(targets.map((r) => r.zone_id)));
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
    let cmd = await this.playCommand(b);
    // Due already (made for now after its render, approved late, or late after
    // a restart): it starts as it goes out. A startAt before its own issuedAt
    // would tell receivers, and the record, it was sent late. (A live
    // command's startAt is when its session began: left as it is.)
    if (cmd.type === 'play' && cmd.startAt !== undefined && cmd.startAt < cmd.issuedAt) {
      cmd = { ...cmd, startAt: cmd.issuedAt };
      b = { ...b, start_at: cmd.issuedAt };
    }
    if (quiet.size === 0) {
      for (const z of cover) await this.bus.sendToZone(z, cmd);
      for (const r of direct) await this.bus.sendToReceiver(r.id, cmd);
    } else {
      // Some zones are quiet: address the others' receivers one by one.
      for (const r of all) if (!quiet.has(r)) await this.bus.sendToReceiver(r, cmd);
    }
    await this.db.updateTable('broadcasts').set({ status: 'dispatched', dispatched_at: at, start_at: b.start_at, updated_at: at }).where('id', '=', b.id).execute();
    await this.refreshStatus(b.id);
    this.opts.log.info('dispatched', { broadcastId: b.id, zones: cover, receivers: all.length, startAt: b.start_at });
    this.events.emit('status', b.id);
  }

  /**
   * Thông tư 39: a higher-priority item airing in the same places when this
   * one is due goes first, and this one starts when it ends (a receiver would
   * otherwise preempt whichever of two items due at once started first).
   */
  private async queueBehind(b: BroadcastRow, receiverZones: Set<string>): Promise<BroadcastRow> {
    if (b.priority === 'emergency' || receiverZones.size === 0) return b;
    const startAt = Date.parse(b.start_at);
    const higher = await this.db
      .selectFrom('broadcasts')
      .leftJoin('media', 'media.sha256', 'broadcasts.media_sha256')
      .select(['broadcasts.id', 'broadcasts.start_at', 'broadcasts.repeat', 'media.duration_ms'])
      .where('broadcasts.priority', 'in', b.priority === 'normal' ? ['priority', 'emergency'] : ['emergency'])
      .where('broadcasts.status', 'in', ['scheduled', 'dispatching', 'dispatched'])
      .where('broadcasts.start_at', '<=', b.start_at)
      .where('broadcasts.start_at', '>', new Date(startAt - QUEUE_BEHIND_WINDOW_MS).toISOString())
      .orderBy('broadcasts.start_at')
      .execute();
    let start = startAt;
    for (const h of higher) {
      const end = playedThrough(h.start_at, h) + QUEUE_BEHIND_GAP_MS;
      if (end <= start) continue;
      const { zoneIds } = await this.broadcasts.targets(h.id);
      const reached = await this.zones.subtree(zoneIds);
      if ([...receiverZones].some((z) => reached.has(z))) start = end;
    }
    if (start === startAt) return b;
    const shifted = { ...b, start_at: new Date(start).toISOString(), expires_at: new Date(Date.parse(b.expires_at) + start - startAt).toISOString() };
    await this.db.updateTable('broadcasts').set({ start_at: shifted.start_at, expires_at: shifted.expires_at, updated_at: nowIso() }).where('id', '=', b.id).execute();
    this.opts.log.info('queued behind a higher priority', { broadcastId: b.id, startAt: shifted.start_at });
    return shifted;
  }

  private async playCommand(b: BroadcastRow): Promise<PlayCommand | LiveCommand> {
    const live = await this.opts.live?.liveCommand(b);
    if (live) return live;
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

  /**
   * A receiver back online gets again every command it has not finished and
   * that has not expired. One it was playing too: a receiver that lost power
   * mid-play remembers nothing and starts it again; one whose link only
   * dropped knows the command id and ignores the copy.
   */
  async catchUp(receiverId: string, now = new Date(), playing?: string | null): Promise<void> {
    if (playing !== undefined) await this.settleFinished(receiverId, playing, now);
    const pending = await this.db
      .selectFrom('deliveries')
      .innerJoin('broadcasts', 'broadcasts.id', 'deliveries.broadcast_id')
      .selectAll('broadcasts')
      .select('deliveries.state as delivery_state')
      .where('deliveries.receiver_id', '=', receiverId)
      .where('deliveries.state', 'in', MOVING_DELIVERY.concat('queued'))
      .where('broadcasts.expires_at', '>', now.toISOString())
      // A broadcast cut off everywhere else is over, but still reaches who was offline until it expires.
      .where('broadcasts.status', 'in', ['dispatched', 'partial', 'failed'])
      .execute();
    const reaches = pending.length ? await this.reachesReceiver(receiverId) : undefined;
    const stoppedNow = new Set<string>();
    for (const { delivery_state, ...b } of pending) {
      // Moved to another hamlet since it was queued: the old hamlet's item is
      // not aired in the new one (its zone commands are no longer its own);
      // one it already holds is stopped.
      if (!(await reaches!(b.id))) {
        await this.withdraw(b.id, receiverId, delivery_state, delivery_state !== 'queued', now);
        if (delivery_state !== 'queued') stoppedNow.add(b.id);
        continue;
      }
      await this.bus.sendToReceiver(receiverId, await this.playCommand(b));
      this.opts.log.info('re-sent pending command', { receiverId, broadcastId: b.id });
    }
    // A stop missed while offline: the receiver may still hold the play it got
    // before (downloaded, waiting for startAt, or playing), and would air a
    // stopped broadcast, or its old hamlet's item after a move. The stop is
    // sent again while that play could still run; a receiver that has
    // nothing of it ignores it.
    const stopped = await this.db
      .selectFrom('deliveries')
      .innerJoin('broadcasts', 'broadcasts.id', 'deliveries.broadcast_id')
      .leftJoin('media', 'media.sha256', 'broadcasts.media_sha256')
      .select(['broadcasts.id', 'broadcasts.expires_at', 'broadcasts.repeat', 'media.duration_ms'])
      .where('deliveries.receiver_id', '=', receiverId)
      .where('deliveries.received_at', 'is not', null)
      .where((eb) => eb.or([eb.and([eb('deliveries.state', '=', 'preempted'), eb('broadcasts.stopped_at', 'is not', null)]), eb('deliveries.error', '=', MOVED)]))
      .where('broadcasts.expires_at', '>', new Date(now.getTime() - QUEUE_BEHIND_WINDOW_MS).toISOString())
      .execute();
    for (const b of stopped) {
      if (stoppedNow.has(b.id) || playedThrough(b.expires_at, b) <= now.getTime()) continue;
      await this.bus.sendToReceiver(receiverId, makeCommand({ type: 'stop', broadcastId: b.id }));
      this.opts.log.info('re-sent stop missed while offline', { receiverId, broadcastId: b.id });
    }
  }

  /**
   * A final ack can be lost (a server killed after its broker took it): a
   * receiver back online whose state plays something else, past the end of
   * an item it was playing, has finished it. Recorded `done` with the reason,
   * rather than `failed` minutes later or the item sent again. Live items
   * have no known end and wait for their ack.
   */
  private async settleFinished(receiverId: string, playing: string | null, now: Date): Promise<void> {
    const open = await this.db
      .selectFrom('deliveries')
      .innerJoin('broadcasts', 'broadcasts.id', 'deliveries.broadcast_id')
      .innerJoin('media', 'media.sha256', 'broadcasts.media_sha256')
      .select(['deliveries.broadcast_id', 'deliveries.playing_at', 'broadcasts.repeat', 'media.duration_ms'])
      .where('deliveries.receiver_id', '=', receiverId)
      .where('deliveries.state', '=', 'playing')
      .execute();
    const iso = now.toISOString();
    for (const d of open) {
      if (d.broadcast_id === playing || !d.playing_at) continue;
      if (playedThrough(d.playing_at, d) + FINAL_ACK_SLACK_MS > now.getTime()) continue;
      const res = await this.db
        .updateTable('deliveries')
        .set({ state: 'done', error: FINAL_ACK_LOST, finished_at: iso, updated_at: iso })
        .where('broadcast_id', '=', d.broadcast_id)
        .where('receiver_id', '=', receiverId)
        .where('state', '=', 'playing')
        .executeTakeFirst();
      if (res.numUpdatedRows === 0n) continue;
      this.opts.log.info('final ack lost: the receiver came back past the end of an item it was playing', { receiverId, broadcastId: d.broadcast_id });
      this.events.emit('delivery', d.broadcast_id, receiverId, 'done');
      await this.refreshStatus(d.broadcast_id);
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
    // The receiver names the stop command; the delivery names the person who stopped it.
    let error = ack.error;
    if (to === 'preempted') {
      const b = await this.db.selectFrom('broadcasts').select('stopped_by').where('id', '=', broadcastId).executeTakeFirst();
      if (b?.stopped_by) error = `stopped by ${b.stopped_by}`;
    }
    // One conditional write per ack (a fan-out brings tens of thousands):
    // a delivery only moves forward, so a repeated or late ack changes nothing.
    const res = await this.db
      .updateTable('deliveries')
      .set((eb) => ({
        state: to,
        updated_at: nowIso(),
        ...(column && { [column]: ack.at }),
        ...(terminal && { finished_at: ack.at }),
        ...(error !== undefined && { error }),
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
      else if (known.state === 'expired' && to !== 'expired') await this.playedOffline(broadcastId, receiverId, ack, error);
      else if (known.state === to || (!terminal && !statesBefore(to).includes(known.state))) {
        // Every instance gets every ack and only one writes it (or has
        // already written the next ones): the others still tell their own
        // panels, which may be following this broadcast.
        if (to === 'playing') await this.latePlaying(broadcastId, receiverId, ack.at);
        this.events.emit('delivery', broadcastId, receiverId, to);
        if (terminal) await this.refreshStatus(broadcastId);
      }
      return;
    }
    this.events.emit('delivery', broadcastId, receiverId, to);
    if (terminal) await this.refreshStatus(broadcastId);
  }

  /**
   * The sweep closes a delivery `expired` when expiresAt passes while its
   * receiver's link is down, but the receiver may have had the file and
   * started in time all the same; its acks arrive when the link is back, in
   * any order, and some may be lost. "expired" means "never started before
   * expiresAt" (protocol.md), so: a `playing` dated before expiresAt records
   * the start without reopening the delivery (a lost `done` must not leave it
   * open for ever), and a final ack of a play that started in time closes it
   * as the receiver says, whichever of the two comes first.
   */
  private async playedOffline(broadcastId: string, receiverId: string, ack: Ack, error: string | undefined): Promise<void> {
    const to = ack.state as DeliveryState;
    if (to !== 'playing' && to !== 'done' && to !== 'failed' && to !== 'preempted') return;
    const b = await this.db
      .selectFrom('broadcasts')
      .leftJoin('media', 'media.sha256', 'broadcasts.media_sha256')
      .select(['broadcasts.expires_at', 'broadcasts.repeat', 'media.duration_ms'])
      .where('broadcasts.id', '=', broadcastId)
      .executeTakeFirst();
    if (!b) return;
    const expiresAt = Date.parse(b.expires_at);
    const at = Date.parse(ack.at);
    // A final ack without its `playing`: the play began one programme's length before it, at the latest.
    const startedBy = to === 'playing' ? at : at - (b.duration_ms ?? 0) * b.repeat - EARLY_FINISH_SLACK_MS;
    if (!(startedBy < expiresAt)) return;
    if (to === 'playing') return this.latePlaying(broadcastId, receiverId, ack.at, 'started before expiresAt while offline; no final ack yet');
    const res = await this.db
      .updateTable('deliveries')
      .set({ state: to, finished_at: ack.at, error: error ?? null, updated_at: nowIso() })
      .where('broadcast_id', '=', broadcastId)
      .where('receiver_id', '=', receiverId)
      .where('state', '=', 'expired')
      .executeTakeFirst();
    if (res.numUpdatedRows === 0n) return;
    this.opts.log.info('delivery played while the receiver was offline', { receiverId, broadcastId, state: to });
    this.events.emit('delivery', broadcastId, receiverId, to);
    await this.refreshStatus(broadcastId);
  }

  /** A `playing` that arrives after the delivery ended (acks out of order) still tells when it started. */
  private async latePlaying(broadcastId: string, receiverId: string, at: string, error?: string): Promise<void> {
    await this.db
      .updateTable('deliveries')
      .set((eb) => ({ playing_at: eb.fn.coalesce('playing_at', eb.val(at)), received_at: eb.fn.coalesce('received_at', eb.val(at)), ...(error && { error }), updated_at: nowIso() }))
      .where('broadcast_id', '=', broadcastId)
      .where('receiver_id', '=', receiverId)
      .where('state', 'in', ['done', 'failed', 'preempted', 'expired'])
      .where('playing_at', 'is', null)
      .execute();
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

  /**
   * Stops a broadcast on air everywhere at once: a `stop` for it goes where its
   * `play` went (receivers ack `preempted`), and deliveries waiting for offline
   * receivers are closed here, so it never plays later.
   */
  async stopBroadcast(broadcastId: string, actor: string): Promise<void> {
    const b = await this.broadcasts.require(broadcastId);
    if (b.stopped_at) throw new AppError(`Bản tin đã được dừng lúc ${b.stopped_at} bởi ${b.stopped_by}. (broadcast ${b.id} is already stopped)`, 409);
    const open = await this.db.selectFrom('deliveries').select('receiver_id').where('broadcast_id', '=', b.id).where('state', 'in', OPEN_DELIVERY).limit(1).executeTakeFirst();
    if (!['dispatched', 'partial', 'failed'].includes(b.status) || !open) {
      const hint = ['pending_approval', 'scheduled'].includes(b.status) ? ' Bản tin chưa phát thì hủy (cancel).' : '';
      throw new AppError(`Bản tin không đang phát (${b.status}): không có gì để dừng.${hint} (broadcast ${b.id} is ${b.status}, not on air)`, 409);
    }
    const at = nowIso();
    const claimed = await this.db.updateTable('broadcasts').set({ stopped_by: actor, stopped_at: at, updated_at: at }).where('id', '=', b.id).where('stopped_at', 'is', null).executeTakeFirst();
    if (claimed.numUpdatedRows === 0n) throw new AppError(`broadcast ${b.id} is already stopped`, 409);
    const { zoneIds, receiverIds } = await this.broadcasts.targets(b.id);
    const cmd = makeCommand({ type: 'stop', broadcastId: b.id });
    for (const z of await this.zones.minimalCover(zoneIds)) await this.bus.sendToZone(z, cmd);
    for (const r of receiverIds) await this.bus.sendToReceiver(r, cmd);
    const offline = this.db.selectFrom('receivers').select('id').where('online', '=', 0);
    const closed = await this.db
      .updateTable('deliveries')
      .set({ state: 'preempted', error: `stopped by ${actor}`, finished_at: at, updated_at: at })
      .where('broadcast_id', '=', b.id)
      .where('state', 'in', OPEN_DELIVERY)
      .where('receiver_id', 'in', offline)
      .returning('receiver_id')
      .execute();
    for (const d of closed) this.events.emit('delivery', b.id, d.receiver_id, 'preempted');
    this.opts.log.info('stopped on air', { broadcastId: b.id, by: actor, closedOffline: closed.length });
    await this.refreshStatus(b.id);
  }

  /**
   * A live session cut off (src/live/: its source dropped or went silent,
   * `reason` says how). Its listeners' bodies end as at a clean end and the
   * receivers ack `done`: called before that, it closes the deliveries under
   * way `failed` with the reason, so their late `done` no longer moves them
   * and reports and the broadcast show the interruption, not a full airing.
   */
  async interruptLive(broadcastId: string, reason: string): Promise<void> {
    const at = nowIso();
    const closed = await this.db
      .updateTable('deliveries')
      .set({ state: 'failed', error: `${LIVE_CUT_OFF}${reason}`.slice(0, 500), finished_at: at, updated_at: at })
      .where('broadcast_id', '=', broadcastId)
      .where('state', 'in', MOVING_DELIVERY)
      .returning('receiver_id')
      .execute();
    for (const d of closed) this.events.emit('delivery', broadcastId, d.receiver_id, 'failed');
    await this.refreshStatus(broadcastId);
  }

  /** Whether a receiver is working on one of its deliveries (one indexed look-up). */
  private async moving(broadcastId: string): Promise<boolean> {
    const row = await this.db.selectFrom('deliveries').select('receiver_id').where('broadcast_id', '=', broadcastId).where('state', 'in', MOVING_DELIVERY).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /** Whether one of its deliveries is queued for a receiver that is online: the command is on its way. */
  private async queuedOnline(broadcastId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('deliveries')
      .innerJoin('receivers', 'receivers.id', 'deliveries.receiver_id')
      .select('deliveries.receiver_id')
      .where('deliveries.broadcast_id', '=', broadcastId)
      .where('deliveries.state', '=', 'queued')
      .where('receivers.online', '=', 1)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  private async refreshStatus(broadcastId: string): Promise<void> {
    // While a delivery is live the status stays "dispatched": indexed
    // look-ups per final ack, not a count of every delivery (10k acks → 10k²).
    if ((await this.moving(broadcastId)) || (await this.queuedOnline(broadcastId))) return;
    const b = await this.db.selectFrom('broadcasts').select(['status', 'stopped_at']).where('id', '=', broadcastId).executeTakeFirst();
    if (!b) return;
    const byState = await this.broadcasts.countByState(broadcastId);
    // An ack may have moved a delivery between the two reads: decide on the counts.
    if (MOVING_DELIVERY.some((s) => (byState[s] ?? 0) > 0)) return;
    // Nothing on air, deliveries wait for offline receivers: it stays on air
    // for them, unless it was cut off (preempted, stopped) where it played.
    if ((byState.queued ?? 0) > 0 && !b.stopped_at && !byState.preempted) return;
    const status: BroadcastStatus = b.stopped_at ? 'stopped' : deriveStatus(byState, true);
    // Kept with the broadcast: once final, lists read these instead of counting.
    const res = await this.db
      .updateTable('broadcasts')
      .set({ status, counts_json: JSON.stringify(byState), updated_at: nowIso() })
      .where('id', '=', broadcastId)
      .where('status', 'in', ['dispatched', 'stopped', ...SETTLED])
      .executeTakeFirst();
    if (res.numUpdatedRows > 0n && status !== b.status) this.events.emit('status', broadcastId);
  }

  /** Whether a broadcast still reaches a receiver where it is now: named in it, or a target zone at or above its zone. */
  private async reachesReceiver(receiverId: string): Promise<(broadcastId: string) => Promise<boolean>> {
    const here = await this.db.selectFrom('receivers').select('zone_id').where('id', '=', receiverId).executeTakeFirst();
    const lineage = new Set(here ? await this.zones.lineage(here.zone_id) : []);
    return async (broadcastId) => {
      const { zoneIds, receiverIds } = await this.broadcasts.targets(broadcastId);
      return receiverIds.includes(receiverId) || zoneIds.some((z) => lineage.has(z));
    };
  }

  /**
   * A receiver moved to another zone (PATCH …/receivers/:id): what it holds
   * of items that no longer reach it (its old hamlet's, downloaded and
   * waiting, or playing) must not air in the new hamlet. Each is stopped and
   * its delivery closed; what is not its own any more is never re-sent.
   */
  async withdrawMoved(receiverId: string, now = new Date()): Promise<void> {
    const open = await this.db
      .selectFrom('deliveries')
      .innerJoin('receivers', 'receivers.id', 'deliveries.receiver_id')
      .select(['deliveries.broadcast_id', 'deliveries.state', 'receivers.online'])
      .where('deliveries.receiver_id', '=', receiverId)
      .where('deliveries.state', 'in', OPEN_DELIVERY)
      .execute();
    if (!open.length) return;
    const reaches = await this.reachesReceiver(receiverId);
    for (const d of open) {
      // Only a receiver online is told now: one offline gets the stop when it
      // comes back (catchUp), once, and never got a command still queued.
      if (!(await reaches(d.broadcast_id))) await this.withdraw(d.broadcast_id, receiverId, d.state, d.online === 1, now);
    }
  }

  /**
   * Closes a delivery of a receiver moved out of the broadcast's zones:
   * `skipped`, or `preempted` if it was playing. `stop`: the receiver may
   * hold the command, so it gets `{"type":"stop","broadcastId"}` on its own
   * topic (and again when it comes back, as for a stop missed offline).
   */
  private async withdraw(broadcastId: string, receiverId: string, state: DeliveryState, stop: boolean, now: Date): Promise<void> {
    const iso = now.toISOString();
    const to: DeliveryState = state === 'playing' ? 'preempted' : 'skipped';
    if (stop) await this.bus.sendToReceiver(receiverId, makeCommand({ type: 'stop', broadcastId }));
    const res = await this.db
      .updateTable('deliveries')
      .set({ state: to, error: MOVED, finished_at: iso, updated_at: iso })
      .where('broadcast_id', '=', broadcastId)
      .where('receiver_id', '=', receiverId)
      .where('state', '=', state)
      .executeTakeFirst();
    if (res.numUpdatedRows === 0n) return;
    this.opts.log.info('closed a delivery of a receiver moved out of its zones', { receiverId, broadcastId, stopped: stop });
    this.events.emit('delivery', broadcastId, receiverId, to);
    await this.refreshStatus(broadcastId);
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
        const lastEnd = playedThrough(d.expires_at, d) + PLAYING_GRACE_MS;
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
    // A server killed between a delivery's last change and its broadcast's
    // status leaves the broadcast "dispatched" with nothing left open: once
    // expired, it is settled here (and its occurrence with it).
    const stranded = await this.db
      .selectFrom('broadcasts')
      .select('id')
      .where('status', '=', 'dispatched')
      .where('expires_at', '<=', iso)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('deliveries').select('deliveries.receiver_id').whereRef('deliveries.broadcast_id', '=', 'broadcasts.id').where('deliveries.state', 'in', ['queued', 'received', 'downloaded', 'playing']))),
      )
      .execute();
    for (const b of stranded) touched.add(b.id);
    for (const id of touched) await this.refreshStatus(id);
  }
}
