// Real receiver agents (devices/agent.ts) for tests: each with its own media
// cache in one temporary folder, acks kept per receiver, all stopped at once.
//
//   const fleet = new TestFleet(t.server.receiverMqttUrl, { playbackSpeed: 4 });
//   await fleet.start('rx-1', secret);              // connected
//   fleet.acks('rx-1', broadcastId);                // what rx-1 acked, in order
//   await fleet.stop('rx-1');                       // gone offline gracefully…
//   await fleet.start('rx-1', secret);              // …back: same cache, acks kept
//   await fleet.close();                            // in afterAll
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ReceiverAgent, type ReceiverAgentOptions } from '../../devices/agent.js';
import type { Ack } from '../../src/mqtt/protocol.js';

export type FleetOptions = Partial<Omit<ReceiverAgentOptions, 'id' | 'secret' | 'mqttUrl'>>;

export class TestFleet {
  /** The running agents by receiver id. */
  readonly agents = new Map<string, ReceiverAgent>();
  /** Every ack of every agent, in the order they came; kept across an agent's restarts. */
  private readonly ackLog: { rx: string; ack: Ack }[] = [];
  private cacheRoot: Promise<string> | null = null;

  /**
   * `mqttUrl` may change (a restarted server on a new port): pass a function.
   * `defaults` apply to every agent of this fleet (e.g. `{ playbackSpeed: 4 }`); `start`'s options override them.
   */
  constructor(
    private readonly mqttUrl: string | (() => string),
    private readonly defaults: FleetOptions = {},
  ) {}

  /** Starts a connected agent; options override the fast test defaults (no audio device, 20× playback, reconnect within 200 ms). */
  async start(id: string, secret: string, opts: FleetOptions = {}): Promise<ReceiverAgent> {
    const agent = await this.create(id, secret, opts);
    await agent.start();
    return agent;
  }

  /**
   * The agent `start` would start, not connected yet: for a listener that must
   * be in place before its first message (e.g. the retained config); call
   * `agent.start()` yourself. Its cache folder is the same for the same id, so
   * a restarted receiver finds the media it had.
   */
  async create(id: string, secret: string, opts: FleetOptions = {}): Promise<ReceiverAgent> {
    if (this.agents.has(id)) throw new Error(`TestFleet: ${id} is running; stop it first`);
    this.cacheRoot ??= fs.mkdtemp(path.join(os.tmpdir(), 'loa-agents-'));
    const agent = new ReceiverAgent({
      id,
      secret,
      mqttUrl: typeof this.mqttUrl === 'string' ? this.mqttUrl : this.mqttUrl(),
      cacheDir: path.join(await this.cacheRoot, id),
      player: 'none',
      playbackSpeed: 20,
      reconnectPeriodMs: 200,
      ...this.defaults,
      ...opts,
    });
    agent.on('ack', (ack) => this.ackLog.push({ rx: id, ack }));
    this.agents.set(id, agent);
    return agent;
  }

  /** One receiver's acks in the order they came (across its restarts), optionally of one broadcast only; the same objects on every call. */
  acks(id: string, broadcastId?: string): Ack[] {
    return this.ackLog.filter((e) => e.rx === id && (broadcastId === undefined || e.ack.broadcastId === broadcastId)).map((e) => e.ack);
  }

  /** Every receiver's acks in the order they came, each naming its receiver (`rx`), optionally of one broadcast only. */
  allAcks(broadcastId?: string): (Ack & { rx: string })[] {
    return this.ackLog.filter((e) => broadcastId === undefined || e.ack.broadcastId === broadcastId).map((e) => ({ ...e.ack, rx: e.rx }));
  }

  /** Stops one agent gracefully (it publishes offline); it may be started again with the same id. */
  async stop(id: string): Promise<void> {
    await this.agents.get(id)?.stop();
    this.agents.delete(id);
  }

  /** Stops every agent and removes the cache folder: in afterAll. */
  async close(): Promise<void> {
    await Promise.all([...this.agents.keys()].map((id) => this.stop(id).catch(() => {})));
    if (this.cacheRoot) await fs.rm(await this.cacheRoot, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}
