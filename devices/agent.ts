// Reference receiver agent: what a Linux board (Orange Pi, Raspberry Pi)
// in a hamlet runs to be a Loa Làng receiver. It speaks receiver protocol v1
// (docs/protocol.md) and doubles as the engine of the fleet simulator.
// Run directly: `tsx devices/agent.ts --config /etc/loa-agent.json`.
import { execFile } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, statfs } from 'node:fs/promises';
import { homedir, uptime } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connect, type IClientPublishOptions, type MqttClient } from 'mqtt';
import { z } from 'zod';
import {
  OFFLINE_WILL,
  PROTOCOL_VERSION,
  Topics,
  commandSchema,
  configSchema,
  decode,
  encode,
  priorityRank,
  receiverIdSchema,
  type Ack,
  type AckState,
  type Command,
  type LiveCommand,
  type PlayCommand,
  type ReceiverConfig,
  type ReceiverState,
  type Telemetry,
} from '../src/mqtt/protocol.js';
import { MediaCache } from './media-cache.js';
import { isMainModule } from './main-module.js';
import { createPlayer, type Playback, type Player, type PlayerSpec } from './player.js';
import { StartScheduler, type Clock } from './start-scheduler.js';
import { LiveStream } from './live-stream.js';

export const AGENT_FW = 'loa-agent/0.1.0';

export type Logger = Pick<Console, 'info' | 'warn' | 'error'>;
export type TelemetryFields = Omit<Telemetry, 'v' | 'at'>;

export interface ReceiverAgentOptions {
  id: string;
  secret: string;
  /** `mqtt://host:1883` or `mqtts://host:8883`. */
  mqttUrl: string;
  topicRoot?: string;
  /** Where downloaded media is kept, as `<sha256>.<format>`. */
  cacheDir: string;
  /** Total cache size kept after pruning (default 1 GiB). */
  cacheMaxBytes?: number;
  player: PlayerSpec;
  /** `none` player only: plays N times faster than real time. */
  playbackSpeed?: number;
  fw?: string;
  /** Volume until the retained Config arrives (default 70). */
  volume?: number;
  /** Telemetry period; 0 disables the timer (the fleet simulator drives telemetry itself). Default 60000. */
  telemetryIntervalMs?: number;
  /** Telemetry fields besides `v`/`at`; default reads uptime, free disk and SoC temperature. */
  telemetry?: () => TelemetryFields | Promise<TelemetryFields>;
  /** Epoch ms; receivers keep NTP time, tests inject an offset clock. */
  clock?: Clock;
  logger?: Logger;
  /** Base delay between reconnect attempts, jittered ±50% so a village power cut does not reconnect in lockstep (default 5000; ×12 after the broker refused the credentials). */
  reconnectPeriodMs?: number;
  /** Shared across a fleet: one timer for every receiver's startAt. */
  scheduler?: StartScheduler;
  /** Shared across a fleet: one download per sha256. Overrides cacheDir/cacheMaxBytes/ca. */
  mediaCache?: MediaCache;
  /** PEM certificate(s) to trust for mqtts:// and https:// (the commune's CA from `loa tls init`); default: the system's. */
  ca?: string | Buffer;
}

export interface ReceiverAgentEvents {
  /** Connected, state published and own topics subscribed. */
  connect: [];
  disconnect: [];
  /** Transport problem (bad credentials, broker down); the agent keeps retrying. */
  linkError: [Error];
  /** Every ack, emitted as it is published; `at` is the exact instant (e.g. when playing started). */
  ack: [Ack];
  state: [ReceiverState];
  telemetry: [Telemetry];
  /** A valid command, after de-duplication. */
  command: [Command];
  /** A command id seen before: ignored. */
  duplicate: [cmdId: string];
  /** A message dropped as invalid or not addressed to this receiver. */
  dropped: [{ topic: string; error: string }];
  /** Config applied (zone subscriptions done). */
  config: [ReceiverConfig];
  /** Amplifier relay switched: by a `power` command, the config, or the `auto` policy around an item. */
  power: [on: boolean];
  /** `reboot` command acknowledged; whoever runs the agent decides what rebooting means. */
  reboot: [];
  /** Live audio handed to the player, at `at` on the receiver's clock (the simulator measures with it). */
  liveAudio: [cmd: LiveCommand, chunk: Buffer, at: number];
}

type ItemStatus = 'downloading' | 'waiting' | 'queued' | 'playing' | 'finished';

/** One play (or live) command on its way through this receiver. */
interface Delivery {
  cmd: PlayCommand | LiveCommand;
  status: ItemStatus;
  file?: string;
  cancelStart?: () => void;
  playback?: Playback;
}

const SEEN_IDS = 4096;
const FINAL_ACKS = new Set<AckState>(['done', 'failed', 'preempted', 'expired', 'rejected']);
const STOP_TIMEOUT_MS = 5000;
const REFUSED_BACKOFF = 12;
/** How often the amplifier hours are checked: minutes are their resolution. */
const SCHEDULE_CHECK_MS = 20_000;
const SILENT: Logger = { info() {}, warn() {}, error() {} };

const iso = (ms: number): string => new Date(ms).toISOString();
const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 500);
const rank = (d: Delivery): number => priorityRank[d.cmd.priority];

export class ReceiverAgent extends EventEmitter<ReceiverAgentEvents> {
  readonly id: string;
  private readonly topics: Topics;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly player: Player;
  private readonly cache: MediaCache;
  private readonly scheduler: StartScheduler;
  private readonly fw: string;
  private volume: number;
  private power: 'on' | 'off' = 'on';
  /** From the config: `auto` switches the amplifier on for an item and off afterwards; `manual` leaves it to the technician. */
  private ampPolicy: 'auto' | 'manual' = 'auto';
  /** The amplifier was switched on for the items now playing, and goes off after them. */
  private ampForItems = false;
  /** The zone's amplifier hours and the time zone they are in; switched at each boundary. */
  private powerSchedule: { on: string; off: string; timezone: string } | null = null;
  /** What the schedule last asked for: only a change switches, so the technician may override until the next boundary. */
  private scheduledPower: 'on' | 'off' | null = null;
  private scheduleTimer: NodeJS.Timeout | null = null;
  private playing: ReceiverState['playing'] = null;
  private since: string;
  private client: MqttClient | null = null;
  private stopping: AbortController | null = null;
  private telemetryTimer: NodeJS.Timeout | null = null;
  private zones = new Set<string>();
  /** Command ids already handled, oldest first (a Set keeps insertion order). */
  private readonly seen = new Set<string>();
  /** The latest ack sent for each command; a final one is said again when the command comes again. */
  private readonly lastAcks = new Map<string, Ack>();
  /** Unfinished play commands by command id. */
  private readonly deliveries = new Map<string, Delivery>();
  private current: Delivery | null = null;
  /** Due deliveries waiting for the current one, highest priority first. */
  private readonly queue: Delivery[] = [];

  constructor(private readonly options: ReceiverAgentOptions) {
    super();
    this.id = receiverIdSchema.parse(options.id);
    this.topics = new Topics(options.topicRoot);
    this.clock = options.clock ?? Date.now;
    this.log = options.logger ?? SILENT;
    this.player = createPlayer(options.player, { playbackSpeed: options.playbackSpeed });
    this.cache = options.mediaCache ?? new MediaCache(options.cacheDir, { maxBytes: options.cacheMaxBytes, ca: options.ca });
    this.scheduler = options.scheduler ?? new StartScheduler(this.clock);
    this.fw = options.fw ?? AGENT_FW;
    this.volume = options.volume ?? 70;
    this.since = iso(this.clock());
  }

  /** The retained State as last published (online reflects the MQTT link). */
  get state(): ReceiverState {
    return {
      v: PROTOCOL_VERSION,
      online: this.client?.connected ?? false,
      fw: this.fw,
      volume: this.volume,
      power: this.power,
      playing: this.playing,
      since: this.since,
    };
  }

  /** Connects and resolves once online; keeps reconnecting on its own afterwards. */
  async start(): Promise<void> {
    if (this.client) throw new Error(`receiver ${this.id} already started`);
    await mkdir(this.cache.dir, { recursive: true });
    const base = this.options.reconnectPeriodMs ?? 5000;
    const reconnectPeriod = Math.round(base * (0.5 + Math.random()));
    const client = connect(this.options.mqttUrl, {
      clientId: this.id,
      username: this.id,
      password: this.options.secret,
      clean: false,
      keepalive: 30,
      protocolVersion: 4,
      reconnectPeriod,
      // mqtt.js gives up after a refused CONNACK by default; a board in a
      // hamlet must keep trying (the server may be restoring its database).
      reconnectOnConnackError: true,
      // We subscribe on every connect ourselves; stale telemetry is not worth queueing.
      resubscribe: false,
      queueQoSZero: false,
      will: { topic: this.topics.rx(this.id, 'state'), payload: encode(OFFLINE_WILL), qos: 1, retain: true },
      ...(this.options.ca && { ca: this.options.ca }),
    });
    this.client = client;
    this.stopping = new AbortController();
    let wasConnected = false;
    client.on('connect', () => {
      wasConnected = true;
      client.options.reconnectPeriod = reconnectPeriod;
      this.onConnect(client).catch((err) => this.log.warn(`[${this.id}] connect setup failed: ${errorMessage(err)}`));
    });
    client.on('close', () => {
      if (wasConnected) this.emit('disconnect');
      wasConnected = false;
    });
    client.on('error', (err) => {
      this.log.warn(`[${this.id}] mqtt: ${err.message}`);
      // Refused (bad credentials, not authorized): retry, but slowly, so a
      // fleet with a stale secret does not hammer the broker.
      if ('code' in err && (err.code === 4 || err.code === 5)) client.options.reconnectPeriod = reconnectPeriod * REFUSED_BACKOFF;
      this.emit('linkError', err);
    });
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
    this.scheduleTimer = setInterval(() => this.followSchedule(), SCHEDULE_CHECK_MS);
    const every = this.options.telemetryIntervalMs ?? 60_000;
    if (every > 0) this.telemetryTimer = setInterval(() => void this.publishTelemetry(), every);
    await once(this, 'connect', { signal: this.stopping.signal });
  }

  /** Goes offline gracefully: stops audio, publishes online:false, disconnects (no Last Will). */
  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = null;
    this.stopping?.abort();
    if (this.telemetryTimer) clearInterval(this.telemetryTimer);
    this.telemetryTimer = null;
    if (this.scheduleTimer) clearInterval(this.scheduleTimer);
    this.scheduleTimer = null;
    for (const delivery of [...this.deliveries.values()]) {
      if (delivery.status === 'playing') {
        this.finish(delivery, 'preempted', 'receiver stopping', client);
      } else {
        // Not started: forget it so the server's re-send after restart is accepted.
        delivery.status = 'finished';
        delivery.cancelStart?.();
        this.seen.delete(delivery.cmd.id);
      }
    }
    this.deliveries.clear();
    this.queue.length = 0;
    if (!this.options.scheduler) this.scheduler.clear();
    // A fleet's shared cache is the fleet's to end (its other receivers may be downloading).
    if (!this.options.mediaCache) await this.cache.cancelDownloads();
    if (client.connected) {
      const offline = this.publish(client, 'state', OFFLINE_WILL, { qos: 1, retain: true });
      const ended = await withTimeout(offline.then(() => client.endAsync()), STOP_TIMEOUT_MS);
      if (ended) return;
    }
    // A graceful end that timed out leaves mqtt.js "disconnecting", where end() is a no-op.
    if (client.disconnecting) client.stream.destroy();
    else await client.endAsync(true);
  }

  /** Publishes one telemetry message now (the fleet simulator calls this on its own schedule). */
  async publishTelemetry(): Promise<void> {
    const client = this.client;
    if (!client?.connected) return;
    try {
      const fields = await (this.options.telemetry ?? (() => boardTelemetry(this.cache.dir)))();
      const telemetry: Telemetry = { v: PROTOCOL_VERSION, at: iso(this.clock()), ...fields };
      this.emit('telemetry', telemetry);
      await this.publish(client, 'telemetry', telemetry, { qos: 0 });
    } catch (err) {
      this.log.warn(`[${this.id}] telemetry: ${errorMessage(err)}`);
    }
  }

  // ---- link -----------------------------------------------------------------

  private async onConnect(client: MqttClient): Promise<void> {
    this.since = iso(this.clock());
    this.publishState();
    const topics = [this.topics.rx(this.id, 'cmd'), this.topics.rx(this.id, 'config'), ...[...this.zones].map((z) => this.topics.zoneCmd(z))];
    const granted = await client.subscribeAsync(topics, { qos: 1 });
    for (const g of granted) if (g.qos === 128) this.log.warn(`[${this.id}] broker refused subscription to ${g.topic}`);
    this.log.info(`[${this.id}] online`);
    this.emit('connect');
    await this.publishTelemetry();
  }

  private onMessage(topic: string, payload: Buffer): void {
    // Taken first: a ping's rxTime must not include our own processing.
    const rxTime = this.clock();
    try {
      const where = this.topics.parse(topic);
      if (where?.kind === 'rx' && where.receiverId === this.id && where.leaf === 'config') {
        this.applyConfig(topic, payload).catch((err) => this.log.warn(`[${this.id}] config: ${errorMessage(err)}`));
      } else if (
        (where?.kind === 'rx' && where.receiverId === this.id && where.leaf === 'cmd') ||
        // The persistent session may still hold a zone we have since left.
        (where?.kind === 'zone' && this.zones.has(where.zoneId))
      ) {
        this.onCommand(topic, payload, rxTime);
      } else {
        this.drop(topic, 'not addressed to this receiver');
      }
    } catch (err) {
      this.log.error(`[${this.id}] message on ${topic}: ${errorMessage(err)}`);
    }
  }

  private async applyConfig(topic: string, payload: Buffer): Promise<void> {
    const decoded = decode(configSchema, payload);
    if (!decoded.ok) return this.drop(topic, decoded.error);
    const config = decoded.value;
    const zones = new Set(config.zones);
    const added = [...zones].filter((z) => !this.zones.has(z));
    const removed = [...this.zones].filter((z) => !zones.has(z));
    this.zones = zones;
    if (config.volume !== this.volume) {
      this.volume = config.volume;
      this.publishState();
    }
    this.ampPolicy = config.amplifier ?? 'auto';
    // The technician's choice; while an item holds the amplifier on, it applies after it.
    if (config.power && config.power !== this.power && !this.ampForItems) this.setPower(config.power === 'on');
    const schedule = config.powerSchedule ? { ...config.powerSchedule, timezone: config.timezone } : null;
    if (JSON.stringify(schedule) !== JSON.stringify(this.powerSchedule)) {
      this.powerSchedule = schedule;
      this.scheduledPower = null;
      this.followSchedule();
    }
    const client = this.client;
    // While offline there is nothing to do: onConnect subscribes to this.zones.
    if (client?.connected) {
      if (added.length > 0) await client.subscribeAsync(added.map((z) => this.topics.zoneCmd(z)), { qos: 1 });
      if (removed.length > 0) await client.unsubscribeAsync(removed.map((z) => this.topics.zoneCmd(z)));
    }
    this.emit('config', config);
  }

  private drop(topic: string, error: string): void {
    this.log.warn(`[${this.id}] dropped message on ${topic}: ${error}`);
    this.emit('dropped', { topic, error });
  }

  // ---- commands -------------------------------------------------------------

  private onCommand(topic: string, payload: Buffer, rxTime: number): void {
    const decoded = decode(commandSchema, payload);
    if (!decoded.ok) {
      this.drop(topic, decoded.error);
      const ref = commandRef(payload);
      if (ref && this.remember(ref.id)) this.sendAck(ref.id, ref.broadcastId, 'rejected', { error: decoded.error });
      return;
    }
    const cmd = decoded.value;
    if (!this.remember(cmd.id)) {
      this.emit('duplicate', cmd.id);
      // The server sends a command again when it has not heard how it ended:
      // the final ack may have been lost (a server killed right after taking
      // it). That one is said again; acks are idempotent on the server.
      const last = this.lastAcks.get(cmd.id);
      if (last && FINAL_ACKS.has(last.state)) void this.publish(this.client, 'ack', last, { qos: 1 });
      return;
    }
    this.emit('command', cmd);
    switch (cmd.type) {
      case 'play':
        this.handlePlay(cmd).catch((err) => this.log.error(`[${this.id}] play ${cmd.id}: ${errorMessage(err)}`));
        return;
      case 'live':
        return this.handleLive(cmd);
      case 'stop':
        return this.handleStop(cmd.id, cmd.broadcastId);
      case 'volume':
        this.volume = cmd.level;
        this.publishState();
        return this.sendAck(cmd.id, undefined, 'done');
      case 'power':
        // The technician's choice outlasts the item that switched it on.
        this.ampForItems = false;
        if ((this.power === 'on') !== cmd.on) this.setPower(cmd.on);
        return this.sendAck(cmd.id, undefined, 'done');
      case 'ping':
        return this.sendAck(cmd.id, undefined, 'pong', { t0: cmd.t0, rxTime });
      case 'reboot':
        this.sendAck(cmd.id, undefined, 'done');
        this.emit('reboot');
        return;
    }
  }

  /** Records a command id; false if it was already seen. */
  private remember(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.seen.size > SEEN_IDS) this.seen.delete(this.seen.values().next().value!);
    return true;
  }

  private async handlePlay(cmd: PlayCommand): Promise<void> {
    const delivery: Delivery = { cmd, status: 'downloading' };
    this.deliveries.set(cmd.id, delivery);
    this.ack(delivery, 'received');
    if (this.expired(cmd)) return this.finish(delivery, 'expired');
    try {
      delivery.file = await this.cache.get(cmd.media);
    } catch (err) {
      return this.finish(delivery, 'failed', errorMessage(err));
    }
    // A stop (or shutdown) may have ended it during the download.
    if (delivery.status !== 'downloading') return;
    this.ack(delivery, 'downloaded');
    delivery.status = 'waiting';
    const startAt = cmd.startAt ? Date.parse(cmd.startAt) : 0;
    if (startAt > this.clock()) delivery.cancelStart = this.scheduler.at(startAt, () => this.due(delivery));
    else this.due(delivery);
  }

  /** A live command is due at once: its startAt is when the session began, and a late joiner hears it from now on. */
  private handleLive(cmd: LiveCommand): void {
    const delivery: Delivery = { cmd, status: 'waiting' };
    this.deliveries.set(cmd.id, delivery);
    this.ack(delivery, 'received');
    this.due(delivery);
  }

  /** startAt reached: play now, preempt a lower priority, or queue behind. */
  private due(delivery: Delivery): void {
    if (delivery.status !== 'waiting') return;
    if (this.expired(delivery.cmd)) return this.finish(delivery, 'expired');
    const current = this.current;
    if (current && rank(delivery) <= rank(current)) {
      delivery.status = 'queued';
      const at = this.queue.findIndex((q) => rank(q) < rank(delivery));
      this.queue.splice(at < 0 ? this.queue.length : at, 0, delivery);
      return;
    }
    if (current) this.finish(current, 'preempted', `preempted by ${delivery.cmd.id}`);
    void this.play(delivery);
  }

  private async play(delivery: Delivery): Promise<void> {
    const { cmd } = delivery;
    if (this.power === 'off') {
      // Nobody would hear it: never report it played.
      if (this.ampPolicy === 'manual') {
        this.finish(delivery, 'failed', 'amplifier off');
        return this.next();
      }
      this.ampForItems = true;
      this.setPower(true);
    }
    if (cmd.type === 'live') return this.playLive(delivery, cmd);
    const startedAt = this.clock();
    this.current = delivery;
    delivery.status = 'playing';
    this.playing = { broadcastId: cmd.broadcastId, cmdId: cmd.id, startedAt: iso(startedAt) };
    this.ack(delivery, 'playing', {}, startedAt);
    this.publishState();
    const volume = cmd.volume ?? this.volume;
    for (let i = 0; i < cmd.repeat && delivery.status === 'playing'; i++) {
      try {
        delivery.playback = this.player.play({ file: delivery.file!, durationMs: cmd.media.durationMs, volume });
        await delivery.playback.done;
      } catch (err) {
        this.finish(delivery, 'failed', errorMessage(err));
        return this.next();
      }
    }
    // Still ours: nobody preempted or stopped it while it played.
    if (delivery.status === 'playing') {
      this.finish(delivery, 'done');
      this.next();
    }
  }

  /** Plays the stream until it is over (`done`), lost for 30 s (`failed`), stopped or preempted. */
  private async playLive(delivery: Delivery, cmd: LiveCommand): Promise<void> {
    this.current = delivery;
    delivery.status = 'playing';
    if (!this.player.stream) {
      this.finish(delivery, 'failed', 'this receiver\'s player cannot play live streams');
      return this.next();
    }
    const out = this.player.stream({ volume: cmd.volume ?? this.volume });
    const live = new LiveStream({
      url: cmd.stream.url,
      syncDelayMs: cmd.sync?.delayMs,
      clock: this.clock,
      ca: this.options.ca,
      sink: {
        write: (chunk, at) => {
          out.write(chunk);
          this.emit('liveAudio', cmd, chunk, at);
        },
      },
      onPlaying: (at) => {
        if (delivery.status !== 'playing') return;
        this.playing = { broadcastId: cmd.broadcastId, cmdId: cmd.id, startedAt: iso(at) };
        this.ack(delivery, 'playing', {}, at);
        this.publishState();
      },
    });
    delivery.playback = {
      done: live.done.then(() => {}),
      stop: () => {
        live.stop();
        out.stop();
      },
    };
    const outcome = await Promise.race([
      live.done,
      out.done.then(
        () => ({ state: 'failed' as const, error: 'the player stopped' }),
        (err: unknown) => ({ state: 'failed' as const, error: errorMessage(err) }),
      ),
    ]);
    live.stop();
    out.stop();
    // Still ours: nobody preempted or stopped it while it played.
    if (delivery.status === 'playing') {
      this.finish(delivery, outcome.state, 'error' in outcome ? outcome.error : undefined);
      this.next();
    }
  }

  private next(): void {
    while (!this.current && this.queue.length > 0) {
      const delivery = this.queue.shift()!;
      if (this.expired(delivery.cmd)) this.finish(delivery, 'expired');
      else void this.play(delivery);
    }
    if (!this.current && this.ampForItems) {
      this.ampForItems = false;
      this.setPower(false);
    }
  }

  /** Switches the amplifier when the zone's hours say so; between boundaries the technician's choice stands. */
  private followSchedule(): void {
    const s = this.powerSchedule;
    if (!s) return;
    let local: string;
    try {
      local = new Intl.DateTimeFormat('en-GB', { timeZone: s.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(this.clock());
    } catch {
      return this.log.warn(`[${this.id}] unknown time zone ${s.timezone}: amplifier hours ignored`);
    }
    const inside = s.on < s.off ? local >= s.on && local < s.off : local >= s.on || local < s.off;
    const want = inside ? 'on' : 'off';
    if (want === this.scheduledPower) return;
    this.scheduledPower = want;
    // An item playing keeps its amplifier: switched off after it, unless the hours now keep it on.
    if (this.ampForItems) {
      if (want === 'on') this.ampForItems = false;
      return;
    }
    if (this.power !== want) this.setPower(want === 'on');
  }

  private setPower(on: boolean): void {
    this.power = on ? 'on' : 'off';
    this.emit('power', on);
    this.publishState();
  }

  /**
   * stop with a broadcastId cancels that broadcast everywhere in the pipeline;
   * stop without one silences what is due now (playing, queued, or about to
   * start) but keeps items scheduled for a later startAt. Either way the
   * interrupted play commands are acked `preempted` with `error: "stopped by <id>"`.
   */
  private handleStop(cmdId: string, broadcastId: string | undefined): void {
    const now = this.clock();
    for (const delivery of [...this.deliveries.values()]) {
      const { cmd } = delivery;
      const due = delivery.status === 'playing' || delivery.status === 'queued' || !cmd.startAt || Date.parse(cmd.startAt) <= now;
      if (broadcastId ? cmd.broadcastId === broadcastId : due) this.finish(delivery, 'preempted', `stopped by ${cmdId}`);
    }
    this.next();
    this.sendAck(cmdId, broadcastId, 'done');
  }

  /** Ends a delivery with a terminal ack; idempotent. The caller decides what plays next. */
  private finish(delivery: Delivery, state: AckState, error?: string, client = this.client): void {
    if (delivery.status === 'finished') return;
    delivery.status = 'finished';
    delivery.cancelStart?.();
    delivery.playback?.stop();
    this.deliveries.delete(delivery.cmd.id);
    const queued = this.queue.indexOf(delivery);
    if (queued >= 0) this.queue.splice(queued, 1);
    this.ack(delivery, state, error ? { error } : {}, this.clock(), client);
    if (this.current === delivery) {
      this.current = null;
      this.playing = null;
      this.publishState(client);
    }
  }

  private expired(cmd: PlayCommand | LiveCommand): boolean {
    return cmd.expiresAt !== undefined && this.clock() > Date.parse(cmd.expiresAt);
  }

  // ---- publishing -----------------------------------------------------------

  private ack(delivery: Delivery, state: AckState, extra: Partial<Ack> = {}, at = this.clock(), client = this.client): void {
    this.sendAck(delivery.cmd.id, delivery.cmd.broadcastId, state, extra, at, client);
  }

  private sendAck(
    cmdId: string,
    broadcastId: string | undefined,
    state: AckState,
    extra: Partial<Ack> = {},
    at = this.clock(),
    client = this.client,
  ): void {
    const ack: Ack = { v: PROTOCOL_VERSION, cmdId, ...(broadcastId ? { broadcastId } : {}), state, at: iso(at), ...extra };
    this.lastAcks.delete(cmdId);
    this.lastAcks.set(cmdId, ack);
    if (this.lastAcks.size > SEEN_IDS) this.lastAcks.delete(this.lastAcks.keys().next().value!);
    this.emit('ack', ack);
    void this.publish(client, 'ack', ack, { qos: 1 });
  }

  private publishState(client = this.client): void {
    const state: ReceiverState = { ...this.state, online: true };
    this.emit('state', state);
    void this.publish(client, 'state', state, { qos: 1, retain: true });
  }

  /**
   * Sends on a microtask: when many receivers of a simulated fleet are due at
   * the same instant, each starts before any spends time encoding and
   * writing. Publishes keep their order. Resolves on PUBACK (QoS 1) or write.
   */
  private publish(client: MqttClient | null, leaf: 'state' | 'ack' | 'telemetry', payload: object, opts: IClientPublishOptions): Promise<void> {
    return new Promise((resolve) =>
      queueMicrotask(() => {
        if (!client) return resolve();
        client.publish(this.topics.rx(this.id, leaf), encode(payload), opts, (err) => {
          if (err) this.log.warn(`[${this.id}] ${leaf} not sent: ${err.message}`);
          resolve();
        });
      }),
    );
  }
}

/** id/broadcastId of a command that failed validation, so it can be acked `rejected`. */
function commandRef(payload: Buffer): { id: string; broadcastId?: string } | null {
  try {
    const json: unknown = JSON.parse(payload.toString('utf8'));
    if (typeof json !== 'object' || json === null) return null;
    const { id, broadcastId } = json as Record<string, unknown>;
    if (typeof id !== 'string' || id.length === 0) return null;
    return { id: id.slice(0, 128), ...(typeof broadcastId === 'string' ? { broadcastId: broadcastId.slice(0, 128) } : {}) };
  } catch {
    return null;
  }
}

/** What a Linux board can report about itself without extra hardware. */
async function boardTelemetry(cacheDir: string): Promise<TelemetryFields> {
  const fields: TelemetryFields = { uptimeS: Math.round(uptime()) };
  const fs = await statfs(cacheDir).catch(() => null);
  if (fs) fields.freeBytes = fs.bavail * fs.bsize;
  const milliC = await readFile('/sys/class/thermal/thermal_zone0/temp', 'utf8').catch(() => '');
  if (/^\d+\s*$/.test(milliC)) fields.tempC = Number(milliC) / 1000;
  return fields;
}

async function withTimeout(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

// ---- CLI ----------------------------------------------------------------------

const agentConfigSchema = z.object({
  id: receiverIdSchema,
  secret: z.string().min(1),
  mqttUrl: z.string().regex(/^(mqtts?|wss?):\/\//, 'mqttUrl must start with mqtt://, mqtts://, ws:// or wss://'),
  topicRoot: z.string().optional(),
  cacheDir: z.string().default(process.env.CACHE_DIRECTORY ?? join(homedir(), '.cache', 'loa-agent')),
  cacheMaxBytes: z.number().int().positive().optional(),
  player: z.string().default('ffplay'),
  fw: z.string().max(64).optional(),
  volume: z.number().int().min(0).max(100).optional(),
  telemetryIntervalMs: z.number().int().nonnegative().optional(),
  /** Switches the amplifier relay; `{on}` becomes 1 or 0, e.g. `gpioset gpiochip0 17={on}`. */
  powerCommand: z.string().optional(),
  /** Run on a `reboot` command, e.g. `sudo /sbin/reboot`; without it the agent exits and systemd restarts it. */
  rebootCommand: z.string().optional(),
  /** PEM file of the CA to trust for mqtts:// and https:// media (the commune's `ca.crt`). */
  caFile: z.string().optional(),
});
type AgentConfig = z.infer<typeof agentConfigSchema>;

const ENV_KEYS = {
  LOA_RECEIVER_ID: 'id',
  LOA_RECEIVER_SECRET: 'secret',
  LOA_MQTT_URL: 'mqttUrl',
  LOA_PLAYER: 'player',
  LOA_CACHE_DIR: 'cacheDir',
  LOA_TOPIC_ROOT: 'topicRoot',
  LOA_CA_FILE: 'caFile',
} as const;

/** Config file first, then environment variables on top. */
export function loadAgentConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const raw: Record<string, unknown> = file ? JSON.parse(readFileSync(file, 'utf8')) : {};
  for (const [key, field] of Object.entries(ENV_KEYS)) if (env[key]) raw[field] = env[key];
  const parsed = agentConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

function runHook(template: string, vars: Record<string, string>, log: Logger): Promise<void> {
  const [cmd, ...args] = template
    .trim()
    .split(/\s+/)
    .map((a) => a.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m));
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 30_000 }, (err) => {
      if (err) log.error(`hook "${template}" failed: ${err.message}`);
      resolve();
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log('usage: tsx devices/agent.ts [--config agent.json]\n' + `env: ${Object.keys(ENV_KEYS).join(', ')} (see devices/README.md)`);
    return;
  }
  const { powerCommand, rebootCommand, caFile, ...config } = loadAgentConfig(values.config);
  const log: Logger = console;
  const agent = new ReceiverAgent({ ...config, ...(caFile && { ca: readFileSync(caFile) }), logger: log });
  const shutdown = async (code: number) => {
    await agent.stop();
    process.exit(code);
  };
  agent.on('power', (on) => {
    if (powerCommand) void runHook(powerCommand, { on: on ? '1' : '0' }, log);
  });
  agent.on('reboot', () => {
    log.info('reboot requested');
    // Give the `done` ack a moment to leave before the link goes down.
    setTimeout(async () => {
      if (rebootCommand) await runHook(rebootCommand, {}, log);
      await shutdown(0);
    }, 500);
  });
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  log.info(`receiver ${config.id} connecting to ${config.mqttUrl}`);
  await agent.start();
}

if (isMainModule(import.meta.url)) {
  main().catch((err) => {
    console.error(errorMessage(err));
    process.exit(1);
  });
}
