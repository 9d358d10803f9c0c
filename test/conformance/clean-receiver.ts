// A receiver written from /work/shared/protocol.md (Receiver protocol v1) only,
// the way an independent vendor would write one: no code from src/ or devices/.
// It uses the `mqtt` package and node:http/node:https, plays nothing out loud
// (a "speaker" is a timer), and records everything it did so that a test can
// check the server against the contract.
//
// Where the contract was ambiguous, the decision taken here is marked
// "AMBIGUITY" (the list is also in test/conformance/AMBIGUITIES.md).

import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import mqtt, { type MqttClient, type IClientOptions } from 'mqtt';

export type Priority = 'emergency' | 'priority' | 'normal';
const RANK: Record<Priority, number> = { normal: 0, priority: 1, emergency: 2 };

export type AckState =
  | 'received' | 'downloaded' | 'playing' | 'done'
  | 'failed' | 'preempted' | 'expired' | 'rejected' | 'pong';

export interface Ack {
  v: 1;
  cmdId: string;
  broadcastId?: string;
  state: AckState;
  at: string;
  error?: string;
  t0?: number;
  rxTime?: number;
}

export interface StatePayload {
  v: 1;
  online: boolean;
  fw: string;
  volume: number;
  power: 'on' | 'off';
  playing: { broadcastId: string; cmdId: string; startedAt: string } | null;
  since: string;
}

export interface Command {
  v: 1;
  id: string;
  type: string;
  issuedAt?: string;
  broadcastId?: string;
  priority?: Priority;
  media?: { url: string; sha256?: string; bytes?: number; durationMs?: number; format?: string };
  stream?: { url: string; format?: string };
  startAt?: string;
  expiresAt?: string;
  repeat?: number;
  volume?: number;
  level?: number;
  on?: boolean;
  t0?: number;
  [k: string]: unknown;
}

export interface PlayedEntry {
  cmdId: string;
  broadcastId: string;
  type: 'play' | 'live';
  priority: Priority;
  startedAt: number; // receiver clock, epoch ms
  endedAt?: number;
  outcome?: 'done' | 'preempted' | 'failed';
  volume: number;
  bytesHeard?: number; // live: bytes received from the stream
}

export interface CleanReceiverOptions {
  /** mqtt://host:port or mqtts://host:port */
  brokerUrl: string;
  id: string;
  password: string;
  /** topic root, "loa/v1" by default (the contract says it is configurable) */
  root?: string;
  fw?: string;
  /** keepalive, seconds (contract: at most 60) */
  keepalive?: number;
  /** telemetry period (contract: 60 s); 0: send none */
  telemetryMs?: number;
  /** this receiver's clock error, ms (receiver clock = real clock + offset) */
  clockOffsetMs?: number;
  /** how long playing a file takes, from its durationMs; a test shortens it */
  playMs?: (durationMs: number | undefined) => number;
  /** CA for https media / mqtts */
  ca?: string | Buffer;
  /** connect automatically (default true) */
  autoConnect?: boolean;
  /** retry connecting after a refusal/close (default true) */
  reconnect?: boolean;
  /** extra mqtt options (tests) */
  mqttOptions?: Partial<IClientOptions>;
}

interface Item {
  cmd: Command;
  priority: Priority;
  seq: number;
  body?: Buffer; // play: the verified file
  abort?: () => void;
  /** live: drops the stream's connection as a failing link would (the receiver reconnects) */
  cut?: () => void;
  entry?: PlayedEntry;
  timer?: NodeJS.Timeout;
  finished?: boolean;
}

let SEQ = 0;

export class CleanReceiver {
  readonly id: string;
  readonly root: string;
  client!: MqttClient;
  private readonly opts: CleanReceiverOptions;

  // what a vendor's receiver would keep
  volume = 70;
  power: 'on' | 'off' = 'on';
  zones: string[] = [];
  config: Record<string, unknown> | null = null;
  private seen = new Set<string>();
  private current: Item | null = null;
  private queue: Item[] = [];
  private waiting = new Set<Item>(); // downloaded/accepted, waiting for startAt
  private telemetryTimer?: NodeJS.Timeout;
  private readonly bootAt = Date.now();
  private stateSince = new Date().toISOString();

  // records, for tests
  readonly acks: Ack[] = [];
  readonly states: StatePayload[] = [];
  readonly commands: { topic: string; cmd: Command; at: number; qos: number; retain: boolean }[] = [];
  /** every message as it arrived (topic, QoS, retain flag), commands and config alike */
  readonly inbox: { topic: string; qos: number; retain: boolean; raw: string; at: number }[] = [];
  readonly duplicates: { topic: string; id: string }[] = [];
  readonly dropped: { topic: string; reason: string; raw: string }[] = [];
  readonly configs: Record<string, unknown>[] = [];
  readonly played: PlayedEntry[] = [];
  readonly downloads: { url: string; status: number; bytes: number; sha256: string }[] = [];
  readonly errors: Error[] = [];
  readonly subscribed = new Set<string>();
  connects = 0;
  connackErrors: string[] = [];

  constructor(opts: CleanReceiverOptions) {
    if (!/^[A-Za-z0-9_-]{3,64}$/.test(opts.id)) throw new Error(`bad receiverId ${opts.id}`);
    this.opts = opts;
    this.id = opts.id;
    this.root = opts.root ?? 'loa/v1';
    if (opts.autoConnect !== false) this.connect();
  }

  // ---------- clock ----------
  now(): number { return Date.now() + (this.opts.clockOffsetMs ?? 0); }
  iso(t = this.now()): string { return new Date(t).toISOString(); }

  // ---------- topics ----------
  t(leaf: 'state' | 'telemetry' | 'ack' | 'cmd' | 'config'): string { return `${this.root}/rx/${this.id}/${leaf}`; }
  zoneTopic(z: string): string { return `${this.root}/zone/${z}/cmd`; }

  // ---------- connection ----------
  connect(): void {
    const o = this.opts;
    const keepalive = Math.min(o.keepalive ?? 30, 60);
    this.client = mqtt.connect(o.brokerUrl, {
      protocolVersion: 4, // MQTT 3.1.1
      clientId: this.id,
      username: this.id,
      password: o.password,
      clean: false,
      keepalive,
      reconnectPeriod: o.reconnect === false ? 0 : 500,
      connectTimeout: 5_000,
      resubscribe: true,
      ca: o.ca,
      will: { topic: this.t('state'), payload: Buffer.from(JSON.stringify({ v: 1, online: false })), qos: 1, retain: true },
      ...o.mqttOptions,
    });
    this.client.on('connect', () => {
      this.connects++;
      this.onConnected();
    });
    this.client.on('error', (e) => {
      this.connackErrors.push(e.message);
      this.errors.push(e);
    });
    this.client.on('message', (topic, payload, packet) => this.onMessage(topic, payload, packet.qos, packet.retain));
  }

  private onConnected(): void {
    // Subscribe to our own cmd and config (QoS 1), plus the zones we knew.
    // (A persistent session keeps them, but subscribing again is harmless.)
    const topics = [this.t('cmd'), this.t('config'), ...this.zones.map((z) => this.zoneTopic(z))];
    // `resubscribe: true`: mqtt.js would otherwise skip topics it believes it holds.
    const req = Object.fromEntries([...topics.map((t) => [t, { qos: 1 }]), ['resubscribe', true]]) as Record<string, { qos: 0 | 1 }>;
    this.client.subscribe(req, (err, granted) => {
      if (err) { this.errors.push(err); return; }
      for (const g of granted ?? []) if (g.qos !== 128) this.subscribed.add(g.topic);
    });
    this.publishState();
    clearInterval(this.telemetryTimer);
    if (this.opts.telemetryMs === 0) return;
    this.sendTelemetry();
    this.telemetryTimer = setInterval(() => this.sendTelemetry(), this.opts.telemetryMs ?? 60_000);
    this.telemetryTimer.unref();
  }

  get connected(): boolean { return !!this.client?.connected; }

  /**
   * Ends the link cleanly. MQTT sends no Last Will after a DISCONNECT, so the
   * receiver says it is going offline itself first (AMBIGUITY: the contract
   * only says state is published "whenever it changes").
   */
  async close(): Promise<void> {
    clearInterval(this.telemetryTimer);
    this.stopAll(false);
    if (this.client.connected) {
      await new Promise<void>((r) => this.client.publish(this.t('state'), JSON.stringify({ v: 1, online: false }), { qos: 1, retain: true }, () => r()));
    }
    await new Promise<void>((r) => this.client.end(false, {}, () => r()));
  }

  /**
   * The link fails for `ms` while the receiver goes on (plays what it has,
   * queues its acks, as mqtt.js does while disconnected); then it reconnects.
   */
  dropLink(ms: number): void {
    this.client.options.reconnectPeriod = ms;
    const stream = (this.client as unknown as { stream?: { destroy(): void } }).stream;
    stream?.destroy();
    this.client.once('connect', () => { this.client.options.reconnectPeriod = this.opts.reconnect === false ? 0 : 500; });
  }

  /** Connects again after kill(), keeping what the receiver remembers (the ids it has seen). */
  reconnect(): void {
    this.connect();
  }

  /** Power lost: whatever it was playing stops without an ack, and the link dies as in kill(). */
  async powerLoss(): Promise<void> {
    this.stopAll(false);
    await this.kill();
  }

  /** Kills the link without DISCONNECT, so that the broker publishes the Last Will. */
  async kill(): Promise<void> {
    clearInterval(this.telemetryTimer);
    const stream = (this.client as unknown as { stream?: { destroy(): void } }).stream;
    this.client.options.reconnectPeriod = 0;
    stream?.destroy();
    await new Promise<void>((r) => this.client.end(true, {}, () => r()));
  }

  // ---------- publishing ----------
  publishState(): void {
    const s: StatePayload = {
      v: 1, online: true, fw: this.opts.fw ?? 'clean-1.0.0', volume: this.volume, power: this.power,
      playing: this.current?.entry
        ? { broadcastId: this.current.entry.broadcastId, cmdId: this.current.entry.cmdId, startedAt: this.iso(this.current.entry.startedAt) }
        : null,
      since: this.stateSince,
    };
    this.states.push(s);
    this.client.publish(this.t('state'), JSON.stringify(s), { qos: 1, retain: true });
  }

  private stateChanged(): void {
    this.stateSince = this.iso();
    if (this.connected) this.publishState();
  }

  sendTelemetry(): void {
    if (!this.connected) return;
    const tm = {
      v: 1, at: this.iso(), rssi: -71, network: 'eth', uptimeS: Math.round((Date.now() - this.bootAt) / 1000),
      clockOffsetMs: this.opts.clockOffsetMs ?? 0, amp: 'ok',
    };
    this.client.publish(this.t('telemetry'), JSON.stringify(tm), { qos: 0, retain: false });
  }

  ack(cmd: Pick<Command, 'id' | 'broadcastId'>, state: AckState, extra: Partial<Ack> = {}): Ack {
    const a: Ack = { v: 1, cmdId: cmd.id, ...(cmd.broadcastId ? { broadcastId: cmd.broadcastId } : {}), state, at: this.iso(), ...extra };
    this.acks.push(a);
    this.client.publish(this.t('ack'), JSON.stringify(a), { qos: 1, retain: false });
    return a;
  }

  /** Raw publish, for tests of bad payloads and authorisation. Resolves with the error, if any. */
  raw(topic: string, payload: string | Buffer, opts: { qos?: 0 | 1; retain?: boolean } = {}): Promise<Error | undefined> {
    return new Promise((resolve) => {
      this.client.publish(topic, payload, { qos: opts.qos ?? 1, retain: opts.retain ?? false }, (err) => resolve(err ?? undefined));
    });
  }

  /** Raw subscribe; resolves with the granted QoS (128 = refused). */
  rawSubscribe(topic: string): Promise<number> {
    return new Promise((resolve) => {
      // `resubscribe: true` makes mqtt.js send a SUBSCRIBE even for a topic it already holds.
      const req = { [topic]: { qos: 1 as const }, resubscribe: true } as unknown as Record<string, { qos: 0 | 1 }>;
      this.client.subscribe(req, (err, granted) => resolve(err ? 128 : (granted?.[0]?.qos ?? 128)));
    });
  }

  // ---------- incoming ----------
  private onMessage(topic: string, payload: Buffer, qos = 0, retain = false): void {
    let msg: unknown;
    const raw = payload.toString('utf8');
    this.inbox.push({ topic, qos, retain, raw, at: Date.now() });
    this.last = { qos, retain };
    if (topic === this.t('config') && payload.length === 0) return; // retained config cleared
    try { msg = JSON.parse(raw); } catch { this.dropped.push({ topic, reason: 'not JSON', raw }); return; }
    if (!msg || typeof msg !== 'object' || Array.isArray(msg)) { this.dropped.push({ topic, reason: 'not an object', raw }); return; }
    const m = msg as Record<string, unknown>;
    if (m.v !== 1) { this.dropped.push({ topic, reason: 'v is not 1', raw }); return; }
    if (topic === this.t('config')) return this.onConfig(m);
    if (topic === this.t('cmd') || (topic.startsWith(`${this.root}/zone/`) && topic.endsWith('/cmd'))) return this.onCommand(topic, m);
    this.dropped.push({ topic, reason: 'unexpected topic', raw });
  }

  private onConfig(m: Record<string, unknown>): void {
    this.configs.push(m);
    this.config = m;
    if (Array.isArray(m.zones)) {
      const next = m.zones.filter((z): z is string => typeof z === 'string');
      const gone = this.zones.filter((z) => !next.includes(z));
      const added = next.filter((z) => !this.zones.includes(z));
      this.zones = next;
      if (gone.length) {
        this.client.unsubscribe(gone.map((z) => this.zoneTopic(z)));
        for (const z of gone) this.subscribed.delete(this.zoneTopic(z));
      }
      if (added.length) {
        this.client.subscribe(added.map((z) => this.zoneTopic(z)), { qos: 1 }, (err, granted) => {
          if (err) { this.errors.push(err); return; }
          for (const g of granted ?? []) if (g.qos !== 128) this.subscribed.add(g.topic);
        });
      }
    }
    // AMBIGUITY: config.volume is taken as the receiver's default (master) volume.
    if (typeof m.volume === 'number' && m.volume >= 0 && m.volume <= 100 && m.volume !== this.volume) {
      this.volume = Math.round(m.volume);
      this.stateChanged();
    }
  }

  private last = { qos: 0, retain: false };

  private onCommand(topic: string, m: Record<string, unknown>): void {
    // Required for every command: v (checked), id, type.
    if (typeof m.id !== 'string' || m.id === '' || typeof m.type !== 'string') {
      this.dropped.push({ topic, reason: 'command lacks id/type', raw: JSON.stringify(m) });
      return;
    }
    const cmd = m as Command;
    if (this.seen.has(cmd.id)) { this.duplicates.push({ topic, id: cmd.id }); return; }
    this.seen.add(cmd.id);
    this.commands.push({ topic, cmd, at: Date.now(), ...this.last });

    switch (cmd.type) {
      case 'play': return this.onPlay(cmd);
      case 'live': return this.onLive(cmd);
      case 'stop': return this.onStop(cmd);
      case 'volume': return this.onVolume(cmd);
      case 'power': return this.onPower(cmd);
      case 'ping': return this.onPing(cmd);
      case 'reboot': return this.onReboot(cmd);
      default:
        // AMBIGUITY: an unknown type is a "bad command" -> ack rejected.
        this.ack(cmd, 'rejected', { error: `unknown type ${cmd.type}` });
    }
  }

  private priorityOf(cmd: Command): Priority | null {
    const p = cmd.priority ?? 'normal'; // AMBIGUITY: absent priority = normal
    return p in RANK ? (p as Priority) : null;
  }

  private isoOk(s: unknown): boolean { return s === undefined || (typeof s === 'string' && !Number.isNaN(Date.parse(s))); }

  private expired(cmd: Command): boolean { return !!cmd.expiresAt && Date.parse(cmd.expiresAt) <= this.now(); }

  // ----- play -----
  private onPlay(cmd: Command): void {
    const priority = this.priorityOf(cmd);
    const media = cmd.media;
    if (!priority || !media || typeof media.url !== 'string' || typeof cmd.broadcastId !== 'string'
      || !this.isoOk(cmd.startAt) || !this.isoOk(cmd.expiresAt)
      || (cmd.volume !== undefined && (typeof cmd.volume !== 'number' || cmd.volume < 0 || cmd.volume > 100))) {
      this.ack(cmd, 'rejected', { error: 'bad play command' });
      return;
    }
    this.ack(cmd, 'received');
    if (this.expired(cmd)) { this.ack(cmd, 'expired'); return; }
    const item: Item = { cmd, priority, seq: ++SEQ };
    this.waiting.add(item);
    this.download(media.url).then(
      (body) => {
        if (item.finished) return; // stopped while downloading
        const sum = createHash('sha256').update(body).digest('hex');
        if (media.sha256 && sum.toLowerCase() !== media.sha256.toLowerCase()) {
          this.finishWaiting(item);
          this.ack(cmd, 'failed', { error: `sha256 mismatch: got ${sum}` });
          return;
        }
        if (typeof media.bytes === 'number' && media.bytes !== body.length) {
          this.finishWaiting(item);
          this.ack(cmd, 'failed', { error: `size mismatch: got ${body.length}, expected ${media.bytes}` });
          return;
        }
        item.body = body;
        this.ack(cmd, 'downloaded');
        this.schedule(item);
      },
      (err: Error) => {
        if (item.finished) return;
        this.finishWaiting(item);
        this.ack(cmd, 'failed', { error: `download: ${err.message}` });
      },
    );
  }

  private finishWaiting(item: Item): void {
    item.finished = true;
    clearTimeout(item.timer);
    this.waiting.delete(item);
  }

  download(url: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const get = url.startsWith('https:') ? https.get : http.get;
      const req = get(url, { ca: this.opts.ca } as https.RequestOptions, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          this.downloads.push({ url, status: res.statusCode ?? 0, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
          if ((res.statusCode ?? 0) !== 200) reject(new Error(`HTTP ${res.statusCode}`));
          else resolve(body);
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.setTimeout(15_000, () => req.destroy(new Error('timeout')));
    });
  }

  /** Wait for startAt (receiver clock), then contend for the speaker. */
  private schedule(item: Item): void {
    const startAt = item.cmd.startAt ? Date.parse(item.cmd.startAt) : 0;
    const wait = startAt - this.now();
    const go = () => {
      if (item.finished) return;
      this.waiting.delete(item);
      if (this.expired(item.cmd)) { item.finished = true; this.ack(item.cmd, 'expired'); return; }
      this.contend(item);
    };
    if (wait > 0) item.timer = setTimeout(go, wait);
    else go();
  }

  /** Priority rule: higher interrupts lower (ack preempted); equal (or lower) queues. */
  private contend(item: Item): void {
    const cur = this.current;
    if (!cur) { this.start(item); return; }
    if (RANK[item.priority] > RANK[cur.priority]) {
      this.end(cur, 'preempted');
      this.start(item);
      return;
    }
    // AMBIGUITY: a lower priority arriving while a higher one plays is queued
    // too (the contract only speaks of equal priority); the queue is ordered by
    // priority, then arrival.
    this.queue.push(item);
    this.queue.sort((a, b) => RANK[b.priority] - RANK[a.priority] || a.seq - b.seq);
  }

  private start(item: Item): void {
    this.current = item;
    const cmd = item.cmd;
    const entry: PlayedEntry = {
      cmdId: cmd.id, broadcastId: cmd.broadcastId!, type: cmd.type as 'play' | 'live', priority: item.priority,
      startedAt: this.now(), volume: typeof cmd.volume === 'number' ? cmd.volume : this.volume,
    };
    item.entry = entry;
    this.played.push(entry);
    if (cmd.type === 'play') {
      this.ack(cmd, 'playing');
      this.stateChanged();
      const repeat = Number.isInteger(cmd.repeat) && (cmd.repeat as number) > 0 ? (cmd.repeat as number) : 1;
      const dur = (this.opts.playMs ?? ((d) => d ?? 1000))(cmd.media?.durationMs) * repeat;
      item.timer = setTimeout(() => this.end(item, 'done'), dur);
    } else {
      this.startLive(item);
    }
  }

  /** Ends the current item with an outcome and starts the next in the queue. */
  private end(item: Item, outcome: 'done' | 'preempted' | 'failed', error?: string): void {
    if (item.finished) return;
    item.finished = true;
    clearTimeout(item.timer);
    item.abort?.();
    if (item.entry) { item.entry.endedAt = this.now(); item.entry.outcome = outcome; }
    this.ack(item.cmd, outcome, error ? { error } : {});
    if (this.current === item) {
      this.current = null;
      this.stateChanged();
      this.next();
    }
  }

  private next(): void {
    while (!this.current && this.queue.length) {
      const it = this.queue.shift()!;
      if (it.finished) continue;
      if (this.expired(it.cmd)) { it.finished = true; this.ack(it.cmd, 'expired'); continue; }
      this.start(it);
    }
  }

  // ----- live -----
  private onLive(cmd: Command): void {
    const priority = this.priorityOf(cmd);
    if (!priority || !cmd.stream || typeof cmd.stream.url !== 'string' || typeof cmd.broadcastId !== 'string'
      || !this.isoOk(cmd.startAt) || !this.isoOk(cmd.expiresAt)) {
      this.ack(cmd, 'rejected', { error: 'bad live command' });
      return;
    }
    // AMBIGUITY: only mp3 is accepted unless config lists formats; the contract
    // names no config field for it. An unknown format is rejected.
    const fmt = cmd.stream.format ?? 'mp3';
    const accepted = Array.isArray(this.config?.formats) ? (this.config!.formats as string[]) : ['mp3'];
    if (!accepted.includes(fmt)) { this.ack(cmd, 'rejected', { error: `format ${fmt} not accepted` }); return; }
    this.ack(cmd, 'received');
    if (this.expired(cmd)) { this.ack(cmd, 'expired'); return; }
    // startAt is when the session began: no waiting, join now.
    const item: Item = { cmd, priority, seq: ++SEQ };
    this.contend(item);
  }

  private startLive(item: Item): void {
    const cmd = item.cmd;
    const url = cmd.stream!.url;
    let firstAudio = false;
    let giveUpAt = 0;
    let backoff = 250;
    let req: http.ClientRequest | undefined;
    item.abort = () => req?.destroy();
    item.cut = () => req?.destroy();
    const open = () => {
      if (item.finished) return;
      this.liveOpens++;
      const get = url.startsWith('https:') ? https.get : http.get;
      let lost = false;
      // One connection is retried once, whichever of its events says it is gone.
      const retryOnce = () => {
        if (lost) return;
        lost = true;
        retry();
      };
      req = get(url, { ca: this.opts.ca } as https.RequestOptions, (res) => {
        if ((res.statusCode ?? 0) !== 200) {
          res.resume();
          // 404/410 etc.: the session is over or never was.
          if (!firstAudio) this.end(item, 'failed', `HTTP ${res.statusCode}`);
          else this.end(item, 'done');
          return;
        }
        giveUpAt = 0;
        backoff = 250;
        res.on('data', (c: Buffer) => {
          if (item.finished) return;
          item.entry!.bytesHeard = (item.entry!.bytesHeard ?? 0) + c.length;
          if (!firstAudio) {
            firstAudio = true;
            this.ack(cmd, 'playing');
            this.stateChanged();
          }
        });
        // A body that ends cleanly = the live broadcast is over.
        res.on('end', () => { if (!item.finished && !lost) this.end(item, 'done'); });
        res.on('aborted', retryOnce);
        res.on('error', retryOnce);
      });
      req.on('error', retryOnce);
    };
    const retry = () => {
      if (item.finished) return;
      if (this.expired(cmd) && !firstAudio) { this.end(item, 'failed', 'expired while connecting'); return; }
      if (!giveUpAt) giveUpAt = Date.now() + 30_000;
      if (Date.now() >= giveUpAt) { this.end(item, 'failed', 'stream lost for 30 s'); return; }
      const d = Math.min(backoff, giveUpAt - Date.now());
      backoff = Math.min(backoff * 2, 5_000);
      item.timer = setTimeout(open, d);
    };
    open();
  }

  // ----- stop -----
  private onStop(cmd: Command): void {
    // AMBIGUITY: stop carries `broadcastId`; without one it stops everything.
    // Every item of that broadcast that was received (downloading, waiting for
    // startAt, queued or playing) ends with ack `preempted`; the stop command
    // itself is acked `received` then `done`.
    this.ack(cmd, 'received');
    const match = (it: Item) => !cmd.broadcastId || it.cmd.broadcastId === cmd.broadcastId;
    for (const it of [...this.waiting]) if (match(it)) { this.finishWaiting(it); this.ack(it.cmd, 'preempted'); }
    for (const it of [...this.queue]) if (match(it)) { it.finished = true; this.ack(it.cmd, 'preempted'); }
    this.queue = this.queue.filter((it) => !it.finished);
    if (this.current && match(this.current)) this.end(this.current, 'preempted');
    this.ack(cmd, 'done');
  }

  private stopAll(ack: boolean): void {
    for (const it of [...this.waiting]) this.finishWaiting(it);
    for (const it of this.queue) it.finished = true;
    this.queue = [];
    if (this.current) {
      const c = this.current;
      if (ack) this.end(c, 'preempted');
      else { c.finished = true; clearTimeout(c.timer); c.abort?.(); this.current = null; }
    }
  }

  // ----- volume / power / ping / reboot -----
  private onVolume(cmd: Command): void {
    // AMBIGUITY: `level` is a top-level field of the command.
    const level = cmd.level;
    if (typeof level !== 'number' || !Number.isFinite(level) || level < 0 || level > 100) {
      this.ack(cmd, 'rejected', { error: 'level must be 0..100' });
      return;
    }
    this.ack(cmd, 'received');
    if (this.volume !== Math.round(level)) { this.volume = Math.round(level); this.stateChanged(); }
    this.ack(cmd, 'done');
  }

  private onPower(cmd: Command): void {
    if (typeof cmd.on !== 'boolean') { this.ack(cmd, 'rejected', { error: 'on must be boolean' }); return; }
    this.ack(cmd, 'received');
    const p = cmd.on ? 'on' : 'off';
    if (p !== this.power) { this.power = p; this.stateChanged(); }
    this.ack(cmd, 'done');
  }

  private onPing(cmd: Command): void {
    if (typeof cmd.t0 !== 'number') { this.ack(cmd, 'rejected', { error: 't0 must be a number' }); return; }
    this.ack(cmd, 'pong', { t0: cmd.t0, rxTime: this.now() });
  }

  readonly reboots: number[] = [];
  private onReboot(cmd: Command): void {
    // AMBIGUITY: reboot is acked `received` then `done` before the reboot.
    this.ack(cmd, 'received');
    this.ack(cmd, 'done');
    this.reboots.push(Date.now());
    // A "reboot" here: the link drops without DISCONNECT and comes back
    // (persistent session, clean: false).
    setTimeout(() => {
      this.stopAll(false);
      const stream = (this.client as unknown as { stream?: { destroy(): void } }).stream;
      stream?.destroy();
    }, 100).unref();
  }

  // ---------- helpers for tests ----------
  /** live: how many times a stream URL was opened (reconnects included) */
  liveOpens = 0;
  /** Test hook: the link to the live stream fails (the receiver should reconnect and go on). */
  cutLive(): boolean {
    if (this.current?.cmd.type !== 'live' || !this.current.cut) return false;
    this.current.cut();
    return true;
  }

  acksFor(cmdId: string): AckState[] { return this.acks.filter((a) => a.cmdId === cmdId).map((a) => a.state); }
  get nowPlaying(): PlayedEntry | null { return this.current?.entry ?? null; }
}
