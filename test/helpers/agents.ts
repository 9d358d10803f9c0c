// Real receiver agents (devices/agent.ts) for tests: each with its own media
// cache in one temporary folder, acks kept per receiver, all stopped at once.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ReceiverAgent, type ReceiverAgentOptions } from '../../devices/agent.js';
import type { Ack } from '../../src/mqtt/protocol.js';

export class TestFleet {
  readonly agents = new Map<string, ReceiverAgent>();
  private readonly ackLog = new Map<string, Ack[]>();
  private cacheRoot: Promise<string> | null = null;

  /** `mqttUrl` may change (a restarted server on a new port): pass a function. */
  constructor(private readonly mqttUrl: string | (() => string)) {}

  /** Starts a connected agent; options override the fast test defaults (no audio device, 20× playback). */
  async start(id: string, secret: string, opts: Partial<ReceiverAgentOptions> = {}): Promise<ReceiverAgent> {
    this.cacheRoot ??= fs.mkdtemp(path.join(os.tmpdir(), 'loa-agents-'));
    const agent = new ReceiverAgent({
      id,
      secret,
      mqttUrl: typeof this.mqttUrl === 'string' ? this.mqttUrl : this.mqttUrl(),
      cacheDir: path.join(await this.cacheRoot, id),
      player: 'none',
      playbackSpeed: 20,
      reconnectPeriodMs: 200,
      ...opts,
    });
    agent.on('ack', (a) => this.ackLog.set(id, [...(this.ackLog.get(id) ?? []), a]));
    await agent.start();
    this.agents.set(id, agent);
    return agent;
  }

  acks(id: string, broadcastId?: string): Ack[] {
    return (this.ackLog.get(id) ?? []).filter((a) => broadcastId === undefined || a.broadcastId === broadcastId);
  }

  async stop(id: string): Promise<void> {
    await this.agents.get(id)?.stop();
    this.agents.delete(id);
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.keys()].map((id) => this.stop(id).catch(() => {})));
    if (this.cacheRoot) await fs.rm(await this.cacheRoot, { recursive: true, force: true });
  }
}
