// Live broadcasts: a session takes audio (the panel's microphone over a
// WebSocket, a stream PUT to the API, or a relayed URL), transcodes it with
// one long-running ffmpeg to MP3, and hands the frames to the stream engine
// (embedded or Icecast) and to a recording. The broadcast behind a session
// is an ordinary broadcast: the dispatcher sends its `live` command, acks
// move its deliveries, reports count it once its recording is kept.
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type http from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import { EventEmitter } from 'node:events';
import type { BroadcastRow, LiveSessionRow } from '../db/schema.js';
import type { Principal } from '../access/tokens.js';
import type { AuditLog } from '../access/audit.js';
import { PROTOCOL_VERSION, type LiveCommand, type Priority } from '../mqtt/protocol.js';
import { startLiveEncoder, type LiveEncoder } from '../audio/ffmpeg.js';
import type { LiveMount, StreamEngine } from '../stream/engine.js';
import { Mp3FrameSplitter } from '../stream/mp3-frames.js';
import type { Logger } from '../log.js';
import { forward, forwardUpgrade, isForwarded, type ForwardOptions } from '../http/forward.js';
import { AppError } from '../errors.js';
import { LiveStore, ORPHANED } from './store.js';
import type { SourcePolicy } from './source.js';

/** What the live feature needs of broadcasts (src/broadcasts/service.ts), wired in src/app.ts. */
export interface LiveBroadcasts {
  create(
    input: { title: string; zoneIds?: string[]; receiverIds?: string[]; priority: Priority; category?: string; startAt?: Date; expiresAt?: Date; volume?: number; live: true },
    by: Principal,
    link?: { occurrenceId?: string },
  ): Promise<BroadcastRow>;
  require(id: string): Promise<BroadcastRow>;
  targets(id: string): Promise<{ zoneIds: string[]; receiverIds: string[] }>;
  viewJson(row: BroadcastRow): Promise<string>;
  endLive(id: string, at: Date): Promise<void>;
  attachRecording(id: string, sha256: string): Promise<void>;
}

export interface NewLive {
  title: string;
  zoneIds?: string[];
  receiverIds?: string[];
  priority: Priority;
  sourceUrl?: string;
  volume?: number;
  /** Receivers play in step, this long after each piece's instant on the session's timeline. */
  syncDelayMs?: number;
  /** Relays end by themselves after this long (scheduled relays). */
  durationMs?: number;
  source?: 'browser' | 'push';
}

export interface LiveServiceEvents {
  state: [sessionId: string];
}

interface Active {
  row: LiveSessionRow;
  mount: LiveMount;
  encoder: LiveEncoder;
  /** A relay's source, fetched by the server and fed to the encoder. */
  source: ReturnType<SourcePolicy['open']> | null;
  splitter: Mp3FrameSplitter;
  recording: fs.WriteStream;
  recordingFile: string;
  /** An input (PUT body or WebSocket) is feeding the encoder. */
  fed: boolean;
  stopping: Promise<void> | null;
  timers: NodeJS.Timeout[];
  /** When the encoder last produced audio (or the relay started): the idle watch ends a session silent for too long. */
  lastAudioAt: number;
  onAir: boolean;
}

/** A live broadcast runs at most this long (a forgotten relay must end some day). */
const MAX_LIVE_MS = 6 * 3_600_000;
/** The instance running a session touches it this often, and reads stop requests from other instances. */
const WATCH_MS = 2_000;
/** A session untouched this long lost its instance. */
const ORPHAN_MS = 30_000;
/** With no session of its own, an instance looks for other instances' orphans this often (one query; 2 s would be busy for nothing). */
const IDLE_SWEEP_MS = 10_000;
/**
 * A session's instance that cannot be reached and has not touched it for
 * this long is gone: two signals, so the session is closed sooner than by
 * the sweep (ORPHAN_MS), and its listeners hear it is over.
 */
const GONE_MS = 3 * WATCH_MS;

const isOpen = (row: LiveSessionRow) => row.state === 'waiting' || row.state === 'on_air';

/** Why a session ended without anybody ending it: its `error`, its `live.fail` audit entry. */
export function interrupted(vi: string, en: string): string {
  return `bị gián đoạn: ${vi} (interrupted: ${en})`;
}

export class LiveService {
  readonly events = new EventEmitter<LiveServiceEvents>();
  readonly store: LiveStore;
  private readonly active = new Map<string, Active>();
  private readonly byBroadcast = new Map<string, string>();
  private watchTimer: NodeJS.Timeout | null = null;
  private lastSweep = 0;

  constructor(
    db: ConstructorParameters<typeof LiveStore>[0],
    private readonly deps: {
      engine: StreamEngine;
      broadcasts: LiveBroadcasts;
      /** Which source URLs may be relayed (LIVE_SOURCE_ALLOW), and their fetching. */
      sources: SourcePolicy;
      audit: AuditLog;
      /** Normalizes and stores a finished recording (src/audio); returns its sha256. */
      keepRecording: (file: string) => Promise<string>;
      /** Dispatch now rather than at the next tick. */
      kick: () => void;
      publicUrl: string;
      /** Where the other instances reach this one (INSTANCE_URL), kept with each session it runs. */
      instanceUrl: string;
      /** How requests are passed to another instance (the certificates its HTTPS is checked with). */
      forwarding?: ForwardOptions;
      workDir: string;
      /** With no audio for this long a session ends itself (an officer who closed the tab). */
      idleMs?: number;
      /**
       * A session on air (a relay from its start) whose audio stops for this
       * long is interrupted: it ends as failed (LIVE_IDLE_S). A source that
       * keeps its connection open and sends nothing would otherwise stay on
       * air for ever.
       */
      silenceMs?: number;
      /** A session cut off (ended as failed): its broadcast's deliveries under way record why, before the listeners' bodies end (src/broadcasts/dispatcher.ts interruptLive). */
      cutOff?: (broadcastId: string, reason: string) => Promise<void>;
      /** The zone holding every target (src/access/scope.ts commonZone): the audit entries are about it, so its chairman reads them. */
      zoneOf?: (zoneIds: string[], receiverIds: string[]) => Promise<string | null>;
      log: Logger;
    },
  ) {
    this.store = new LiveStore(db);
  }

  async start(): Promise<void> {
    await fsp.mkdir(this.deps.workDir, { recursive: true });
    await this.watch();
    this.watchTimer = setInterval(() => void this.watch().catch((e: Error) => this.deps.log.warn('live watch failed', { error: e.message })), WATCH_MS);
    this.watchTimer.unref();
  }

  /**
   * Several instances may share the database: keep ours alive, stop those
   * another instance was asked to stop, and close sessions whose instance
   * died (a restart of this one included).
   */
  private async watch(): Promise<void> {
    const mine = [...this.active.keys()];
    if (!mine.length && Date.now() - this.lastSweep < IDLE_SWEEP_MS) return;
    this.lastSweep = Date.now();
    await this.store.touch(mine, new Date().toISOString());
    for (const r of await this.store.stopRequests(mine)) this.stopInBackground(r.id, 'stopped', 'ended', r.by);
    for (const s of await this.store.closeOrphans(new Date(Date.now() - ORPHAN_MS).toISOString(), new Set(mine))) await this.orphaned(s);
  }

  /** A session whose instance died (closed in the store): its broadcast expires, and the deliveries under way say it was cut off. */
  private async orphaned(s: LiveSessionRow): Promise<void> {
    await this.deps.broadcasts.endLive(s.broadcast_id, new Date());
    await this.deps.cutOff?.(s.broadcast_id, ORPHANED);
    this.events.emit('state', s.id);
  }

  /**
   * A request for a session another instance runs (a plain load balancer
   * sends pushes and listeners to any) is passed to that instance, which
   * checks the caller again: `passed`. `away`: that instance cannot be
   * reached, or the request was passed once already (never twice: no loop
   * between instances). `over`: the session ended, or its instance is gone
   * (unreachable and no longer touching it: closed here and now). null: no
   * such session elsewhere.
   */
  private async passOn(id: string, req: http.IncomingMessage, send: (instanceUrl: string) => Promise<boolean>): Promise<'passed' | 'away' | 'over' | null> {
    if (this.active.has(id)) return null;
    const row = await this.store.get(id);
    if (!row) return null;
    if (!isOpen(row)) return 'over';
    if (!row.instance_url || row.instance_url === this.deps.instanceUrl) return null;
    if (isForwarded(req)) return 'away';
    if (await send(row.instance_url)) return 'passed';
    this.deps.log.warn('the instance running a live session cannot be reached', { sessionId: id, instanceUrl: row.instance_url });
    if (Date.now() - Date.parse(row.alive_at ?? row.created_at) <= GONE_MS) return 'away';
    if (await this.store.end(id, 'failed', ORPHANED)) await this.orphaned(row);
    return 'over';
  }

  /** A push (PUT …/audio) for a session another instance runs: passed there, body and answer streamed. */
  async forwardPush(id: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    return (await this.passOn(id, req, (base) => forward(req, res, base, this.deps.forwarding))) === 'passed';
  }

  /** The panel's audio socket for a session another instance runs: joined to that instance. */
  async forwardSocket(id: string, req: http.IncomingMessage, socket: Duplex, head: Buffer): Promise<boolean> {
    return (await this.passOn(id, req, (base) => forwardUpgrade(req, socket, head, base, this.deps.forwarding))) === 'passed';
  }

  /** A receiver's stream (GET /live/…) for a session this instance does not serve (the embedded engine's `elsewhere`). */
  forwardListener(id: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<'passed' | 'away' | 'over' | null> {
    return this.passOn(id, req, (base) => forward(req, res, base, this.deps.forwarding));
  }

  /**
   * The `live` command for a live broadcast, whichever instance runs its
   * session (this one dispatches or catches a receiver up); null for a
   * broadcast that is not an open live session.
   */
  async liveCommand(b: BroadcastRow): Promise<LiveCommand | null> {
    if (b.media_sha256) return null;
    const id = this.byBroadcast.get(b.id);
    const a = id ? this.active.get(id) : undefined;
    const row = a?.row ?? (await this.store.byBroadcast(b.id));
    const url = a?.mount.listenerUrl ?? row?.stream_url;
    if (!row || !url || (row.state !== 'waiting' && row.state !== 'on_air')) return null;
    return {
      v: PROTOCOL_VERSION,
      id: b.cmd_id,
      type: 'live',
      issuedAt: new Date().toISOString(),
      broadcastId: b.id,
      priority: b.priority,
      stream: { url, format: 'mp3' },
      startAt: b.start_at,
      expiresAt: b.expires_at,
      ...(b.volume !== null && { volume: b.volume }),
      ...(row.sync_delay_ms !== null && { sync: { delayMs: row.sync_delay_ms } }),
    };
  }

  /** `link.occurrenceId`: a relay schedule's occurrence; started again after a crash, it finds its session. */
  async create(input: NewLive, by: Principal, link: { occurrenceId?: string } = {}): Promise<LiveSessionRow> {
    if (input.syncDelayMs !== undefined && this.deps.engine.name !== 'embedded') {
      throw new AppError('Chế độ phát đồng bộ cần bộ phát nhúng, không dùng được qua Icecast (syncDelayMs needs the embedded stream engine)', 400, 'invalid_request');
    }
    if (input.sourceUrl) await this.deps.sources.check(input.sourceUrl);
    const id = `live-${Date.now().toString(36)}-${crypto.randomBytes(8).toString('hex')}`;
    const now = new Date();
    // Targets are checked by the broadcast before anything runs.
    const mount = await this.deps.engine.open(id).catch((err: Error) => {
      throw new AppError(`Không mở được luồng phát (the stream engine refused the session: ${err.message})`, 502, 'engine_unavailable');
    });
    let b: BroadcastRow;
    try {
      b = await this.deps.broadcasts.create(
        {
          title: input.title,
          zoneIds: input.zoneIds,
          receiverIds: input.receiverIds,
          priority: input.priority,
          category: 'truc-tiep',
          startAt: now,
          expiresAt: new Date(now.getTime() + (input.durationMs ?? MAX_LIVE_MS) + 60_000),
          volume: input.volume,
          live: true,
        },
        by,
        link,
      );
    } catch (err) {
      await mount.end();
      throw err;
    }
    const existing = link.occurrenceId ? await this.store.byBroadcast(b.id) : undefined;
    if (existing) {
      await mount.end();
      return existing;
    }
    const row: LiveSessionRow = {
      id,
      broadcast_id: b.id,
      source: input.sourceUrl ? 'relay' : (input.source ?? 'push'),
      source_url: input.sourceUrl ?? null,
      state: 'waiting',
      engine: this.deps.engine.name,
      sync_delay_ms: input.syncDelayMs ?? null,
      created_by: by.actor,
      created_at: now.toISOString(),
      started_at: null,
      ended_at: null,
      recording_sha256: null,
      error: null,
      stream_url: mount.listenerUrl,
      alive_at: now.toISOString(),
      stop_requested_by: null,
      instance_url: this.deps.instanceUrl,
    };
    await this.store.insert(row);
    const recordingFile = path.join(this.deps.workDir, `${id}.mp3`);
    const encoder = startLiveEncoder({ paced: input.sourceUrl !== undefined });
    const a: Active = {
      row,
      mount,
      encoder,
      source: input.sourceUrl ? this.deps.sources.open(input.sourceUrl) : null,
      splitter: new Mp3FrameSplitter(),
      recording: fs.createWriteStream(recordingFile),
      recordingFile,
      fed: false,
      stopping: null,
      timers: [],
      lastAudioAt: Date.now(),
      onAir: false,
    };
    this.active.set(id, a);
    this.byBroadcast.set(b.id, id);
    this.pump(a);
    a.source?.pipe(encoder.input);
    a.source?.once('error', (err) => this.stopInBackground(id, `nguồn tiếp sóng lỗi (the source failed): ${err.message}`, 'failed'));
    if (input.durationMs) a.timers.push(setTimeout(() => this.stopInBackground(id, 'duration reached'), input.durationMs));
    // A push or browser session nobody feeds ends itself.
    if (!input.sourceUrl) a.timers.push(setTimeout(() => !a.fed && this.stopInBackground(id, 'no audio arrived'), this.deps.idleMs ?? 120_000));
    this.watchSilence(a);
    // The engine's own connection broke (Icecast restarted, the link to it dropped): nobody hears the session any more.
    mount.onLost((why) => this.stopInBackground(id, interrupted('luồng phát tới máy chủ phát bị đứt', why), 'failed'));
    await this.deps.audit.record(by, 'live.start', id, { broadcastId: b.id, priority: b.priority, source: row.source, sourceUrl: row.source_url, zoneIds: input.zoneIds, receiverIds: input.receiverIds }, { zoneId: await this.auditZone(b.id) });
    this.deps.kick();
    this.events.emit('state', id);
    return row;
  }

  /**
   * Whatever feeds the session (a relay, a PUT body, the panel's socket), audio
   * that stops while the connection stays open is an interruption: after
   * `silenceMs` without a frame the session ends as failed, the listeners'
   * bodies end, and the audit entry and the session's error say why. A relay
   * is watched from its start (its source may never send a byte); a pushed
   * session once on air (before that, `idleMs` waits for the officer).
   */
  private watchSilence(a: Active): void {
    const limit = this.deps.silenceMs ?? 15_000;
    const timer = setInterval(() => {
      if (a.stopping || (!a.onAir && a.row.source !== 'relay')) return;
      if (Date.now() - a.lastAudioAt < limit) return;
      const s = Math.round(limit / 100) / 10;
      this.stopInBackground(a.row.id, interrupted(`nguồn không gửi âm thanh trong ${s} giây`, `no audio from the source for ${s} s`), 'failed');
    }, Math.min(1000, Math.max(100, limit / 4)));
    a.timers.push(timer);
  }

  /** Encoder output → whole frames → engine and recording; the encoder's end ends the session. */
  private pump(a: Active): void {
    a.encoder.output.on('data', (chunk: Buffer) => {
      const { frames } = a.splitter.push(chunk);
      if (!frames.length) return;
      a.lastAudioAt = Date.now();
      a.mount.write(frames);
      a.recording.write(frames);
      if (!a.onAir) {
        a.onAir = true;
        a.row.state = 'on_air';
        a.row.started_at = new Date().toISOString();
        void this.store.onAir(a.row.id, a.row.started_at).then(() => this.events.emit('state', a.row.id));
      }
    });
    void a.encoder.exited.then((error) => {
      if (!a.stopping) this.stopInBackground(a.row.id, error ?? 'the source ended', error ? 'failed' : 'ended');
    });
  }

  /** Feeds a pushed stream (a PUT body); the session ends when it ends, or stops taking it when stopped. */
  async feed(id: string, body: Readable): Promise<void> {
    if (!this.active.has(id)) {
      const row = await this.store.get(id);
      // Not passed on (forwardPush): that instance cannot be reached, or the request came from another instance already.
      if (row && isOpen(row)) {
        throw new AppError('Buổi phát này chạy trên một máy chủ khác, không chuyển âm thanh tới đó được (the session runs on another server instance, which this one cannot pass the audio to)', 409, 'other_instance');
      }
    }
    const input = this.claim(id);
    const a = this.active.get(id)!;
    // The body's end is the sender's; a connection that breaks before it (the encoder's machine lost its network) is an interruption.
    const ended = await new Promise<boolean>((resolve) => {
      let over = false;
      const done = (clean: boolean) => {
        if (over) return;
        over = true;
        body.off('data', onData);
        this.events.off('state', onState);
        resolve(clean);
      };
      const onData = (chunk: Buffer) => {
        if (a.stopping) return done(true);
        if (!input.write(chunk)) {
          body.pause();
          input.once('drain', () => body.resume());
        }
      };
      const onState = (s: string) => s === id && a.stopping && done(true);
      body.on('data', onData);
      this.events.on('state', onState);
      body.once('end', () => done(true));
      body.once('error', () => done(false));
      body.once('close', () => done((body as Readable & { complete?: boolean }).complete !== false));
    });
    if (ended) await this.stop(id, 'system', 'the pushed audio ended');
    else await this.stop(id, 'system', interrupted('kết nối gửi âm thanh bị đứt', 'the connection pushing the audio dropped before its end'), 'failed');
  }

  /** Makes the caller the session's one audio source; returns the encoder's input. */
  claim(id: string): NodeJS.WritableStream {
    const a = this.requireActive(id);
    if (a.row.source === 'relay') throw new AppError('Buổi này tiếp sóng từ một địa chỉ, không nhận âm thanh đẩy lên (this session relays a URL)', 409, 'relay_session');
    if (a.fed) throw new AppError('Buổi phát đã có nguồn âm thanh khác (another audio source is already connected)', 409, 'source_busy');
    a.fed = true;
    return a.encoder.input;
  }

  /** The session's targets (its broadcast's); 404 for an unknown session. */
  /** The zone a session's audit entries are about: where it plays (null: whole system). */
  private async auditZone(broadcastId: string): Promise<string | null> {
    if (!this.deps.zoneOf) return null;
    const t = await this.deps.broadcasts.targets(broadcastId);
    return this.deps.zoneOf(t.zoneIds, t.receiverIds);
  }

  async targets(id: string): Promise<{ zoneIds: string[]; receiverIds: string[] }> {
    const row = await this.store.get(id);
    if (!row) throw new AppError(`Buổi phát trực tiếp ${id} không tồn tại (no such live session)`, 404, 'not_found');
    return this.deps.broadcasts.targets(row.broadcast_id);
  }

  isActive(id: string): boolean {
    return this.active.has(id);
  }

  private requireActive(id: string): Active {
    const a = this.active.get(id);
    if (!a) throw new AppError(`Buổi phát trực tiếp ${id} không tồn tại hoặc đã kết thúc (no live session ${id} on air)`, 404, 'not_found');
    return a;
  }

  /**
   * Ends the session: the encoder drains what it has, every listener's body
   * ends (receivers ack `done`), the broadcast expires now (nobody joins
   * late), and the recording is normalized into the media store.
   */
  /**
   * A stop a timer or an event asks for has no caller to hear that it failed (the database gone): it is logged. An
   * unhandled rejection would end the process, and every commune's broadcasts with it.
   */
  private stopInBackground(id: string, reason: string, state: 'ended' | 'failed' = 'ended', actor = 'system'): void {
    this.stop(id, actor, reason, state).catch((e: Error) => this.deps.log.warn('live stop failed', { sessionId: id, error: e.message }));
  }

  async stop(id: string, actor: string, reason = 'stopped', state: 'ended' | 'failed' = 'ended'): Promise<LiveSessionRow> {
    const a = this.active.get(id);
    if (!a) {
      let row = await this.store.get(id);
      if (!row) throw new AppError(`Buổi phát trực tiếp ${id} không tồn tại (no such live session)`, 404, 'not_found');
      if (row.state !== 'waiting' && row.state !== 'on_air') return row;
      // Another instance runs it: ask it, and wait (a little) for it to end.
      await this.store.requestStop(id, actor);
      for (const until = Date.now() + 3 * WATCH_MS + 4000; Date.now() < until; ) {
        await new Promise((r) => setTimeout(r, 200));
        row = (await this.store.get(id))!;
        if (row.state !== 'waiting' && row.state !== 'on_air') break;
      }
      return row;
    }
    a.stopping ??= this.finish(a, actor, reason, state);
    await a.stopping;
    return (await this.store.get(id))!;
  }

  private async finish(a: Active, actor: string, reason: string, state: 'ended' | 'failed'): Promise<void> {
    for (const t of a.timers) clearTimeout(t);
    const id = a.row.id;
    // Receivers ack `done` when their body ends, cut off or not: what they were playing says it was cut off first.
    if (state === 'failed') await this.deps.cutOff?.(a.row.broadcast_id, reason).catch((e: Error) => this.deps.log.warn('live cut-off not recorded', { sessionId: id, error: e.message }));
    // Let ffmpeg flush what it holds, then make sure it is gone.
    a.source?.close();
    a.encoder.input.end();
    const exited = await Promise.race([a.encoder.exited.then(() => true), new Promise<false>((r) => setTimeout(r, 3000, false))]);
    if (!exited) a.encoder.stop();
    await a.mount.end();
    this.active.delete(id);
    this.byBroadcast.delete(a.row.broadcast_id);
    const at = new Date();
    await this.deps.broadcasts.endLive(a.row.broadcast_id, at);
    await this.store.end(id, state, state === 'failed' ? reason.slice(0, 500) : null);
    await this.deps.audit.record(actor, state === 'failed' ? 'live.fail' : 'live.stop', id, { broadcastId: a.row.broadcast_id, reason }, { zoneId: await this.auditZone(a.row.broadcast_id) });
    this.deps.log.info('live session over', { sessionId: id, reason });
    this.events.emit('state', id);
    await new Promise<void>((r) => a.recording.end(() => r()));
    try {
      const { size } = await fsp.stat(a.recordingFile);
      if (size === 0) throw new AppError('no audio was recorded');
      const sha = await this.deps.keepRecording(a.recordingFile);
      await this.store.setRecording(id, sha);
      await this.deps.broadcasts.attachRecording(a.row.broadcast_id, sha);
    } catch (err) {
      // A failed session keeps why it failed (a refused source, say): that it recorded nothing follows from it.
      await this.store.setRecording(id, null, state === 'failed' ? undefined : `ghi âm không lưu được (recording not kept): ${(err as Error).message}`.slice(0, 500));
      this.deps.log.warn('live recording not kept', { sessionId: id, error: (err as Error).message });
    } finally {
      await fsp.rm(a.recordingFile, { force: true });
    }
    this.events.emit('state', id);
  }

  /** The session as the API shows it: state, listeners, the broadcast with its deliveries. */
  async viewJson(id: string): Promise<string> {
    const row = await this.store.get(id);
    if (!row) throw new AppError(`Buổi phát trực tiếp ${id} không tồn tại (no such live session)`, 404, 'not_found');
    const stored = row;
    const a = this.active.get(id);
    const listeners = a ? await a.mount.listeners() : 0;
    const broadcast = await this.deps.broadcasts.viewJson(await this.deps.broadcasts.require(row.broadcast_id));
    const head = JSON.stringify({
      id,
      broadcastId: row.broadcast_id,
      state: stored.state,
      source: stored.source,
      sourceUrl: stored.source_url,
      engine: stored.engine,
      pushUrl: `${this.deps.publicUrl}/api/v1/live/${id}/audio`,
      wsUrl: `${this.deps.publicUrl.replace(/^http/, 'ws')}/api/v1/live/${id}/ws`,
      streamUrl: a?.mount.listenerUrl ?? (stored.state === 'waiting' || stored.state === 'on_air' ? stored.stream_url : null),
      syncDelayMs: stored.sync_delay_ms,
      listeners,
      createdBy: stored.created_by,
      createdAt: stored.created_at,
      startedAt: stored.started_at,
      endedAt: stored.ended_at,
      recordingSha256: stored.recording_sha256,
      error: stored.error,
    });
    return `${head.slice(0, -1)},"broadcast":${broadcast}}`;
  }

  async stopAll(): Promise<void> {
    if (this.watchTimer) clearInterval(this.watchTimer);
    await Promise.all([...this.active.keys()].map((id) => this.stop(id, 'system', 'server shutting down')));
  }
}
