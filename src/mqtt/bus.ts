// The server's own MQTT client: publishes commands and config, and turns the
// receivers' messages into validated calls. Works the same against the
// embedded broker and an external one (Mosquitto, EMQX).
import crypto from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { z } from 'zod';
import {
  decode,
  decodeAck,
  decodeLenient,
  encode,
  MAX_RECEIVER_PACKET_BYTES,
  REQUIRED,
  stateSchema,
  telemetrySchema,
  type Ack,
  type Command,
  type ReceiverConfig,
  type ReceiverState,
  type Telemetry,
  Topics,
} from './protocol.js';
import type { Logger } from '../log.js';

export interface ReceiverMessageHandlers {
  onState(receiverId: string, state: ReceiverState): Promise<void>;
  onTelemetry(receiverId: string, telemetry: Telemetry): Promise<void>;
  onAck(receiverId: string, ack: Ack): Promise<void>;
}

type Inbound = 'state' | 'telemetry' | 'ack';

export interface BusStats {
  connected: boolean;
  received: Record<Inbound, number>;
  invalid: Record<Inbound, number>;
  lastInvalid: { topic: string; error: string; at: string } | null;
  /** Messages handled without some optional fields, out of range and left out (decodeLenient). */
  partial: Record<Inbound, number>;
}

/**
 * What one instance tells the others, for their panels' event streams
 * (docs/architecture.md, several instances): receivers' acks reach every
 * instance through the broker already; these are the changes that happen in
 * one instance only (a bulletin changed by a request or by the upstream link
 * it holds).
 */
export const peerEventSchema = z.object({ type: z.literal('bulletin'), bulletinId: z.string().min(1).max(200) });
export type PeerEvent = z.infer<typeof peerEventSchema>;
const peerMessageSchema = z.object({ from: z.string(), event: peerEventSchema });

export interface BusOptions {
  url: string;
  username: string;
  password: string;
  clientId: string;
  topics: Topics;
  log: Logger;
}

export class ServerBus {
  private handlers: ReceiverMessageHandlers | null = null;
  /** Per-receiver chains keep one receiver's messages in arrival order. */
  private chains = new Map<string, Promise<void>>();
  /** This instance on the peers' topic: it hears its own messages back and skips them. */
  private readonly instance = crypto.randomBytes(8).toString('hex');
  private readonly peerListeners = new Set<(event: PeerEvent) => void>();
  private readonly stats: BusStats = {
    connected: false,
    received: { state: 0, telemetry: 0, ack: 0 },
    invalid: { state: 0, telemetry: 0, ack: 0 },
    lastInvalid: null,
    partial: { state: 0, telemetry: 0, ack: 0 },
  };

  private constructor(
    private readonly client: MqttClient,
    readonly topics: Topics,
    private readonly log: Logger,
  ) {}

  static async connect(opts: BusOptions): Promise<ServerBus> {
    const client = mqtt.connect(opts.url, {
      clientId: opts.clientId,
      username: opts.username,
      password: opts.password,
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    });
    const bus = new ServerBus(client, opts.topics, opts.log);
    client.on('message', (topic, payload, packet) => bus.dispatch(topic, payload, packet.retain));
    client.on('connect', () => {
      bus.stats.connected = true;
      // Retained state arrives on subscribe: presence is rebuilt after a restart.
      client.subscribe(
        [...(['state', 'telemetry', 'ack'] as const).map((leaf) => opts.topics.allRx(leaf)), opts.topics.peers()],
        { qos: 1 },
        (err) => err && opts.log.error('subscribe failed', { error: err.message }),
      );
    });
    client.on('close', () => (bus.stats.connected = false));
    client.on('error', (err) => opts.log.warn('mqtt client error', { error: err.message }));
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => {
        clearTimeout(timer);
        client.end(true);
        reject(new Error(`cannot connect to MQTT broker ${opts.url}: ${err.message}`));
      };
      const timer = setTimeout(() => fail(new Error('timed out after 10 s')), 10_000);
      client.once('connect', () => {
        clearTimeout(timer);
        client.off('error', fail);
        resolve();
      });
      client.once('error', fail);
    });
    return bus;
  }

  setHandlers(handlers: ReceiverMessageHandlers): void {
    this.handlers = handlers;
  }

  getStats(): BusStats {
    return structuredClone(this.stats);
  }

  isConnected(): boolean {
    return this.client.connected;
  }

  async sendToZone(zoneId: string, cmd: Command): Promise<void> {
    await this.publish(this.topics.zoneCmd(zoneId), encode(cmd), false);
  }

  async sendToReceiver(receiverId: string, cmd: Command): Promise<void> {
    await this.publish(this.topics.rx(receiverId, 'cmd'), encode(cmd), false);
  }

  async publishConfig(receiverId: string, config: ReceiverConfig): Promise<void> {
    await this.publish(this.topics.rx(receiverId, 'config'), encode(config), true);
  }

  /** Clears a receiver's retained topics when it is deleted. */
  async forgetReceiver(receiverId: string): Promise<void> {
    for (const leaf of ['config', 'state'] as const) {
      await this.client.publishAsync(this.topics.rx(receiverId, leaf), Buffer.alloc(0), { qos: 1, retain: true });
    }
  }

  /** Tells the other server instances on this broker (not this one: its own listeners were told directly). */
  async toPeers(event: PeerEvent): Promise<void> {
    await this.publish(this.topics.peers(), JSON.stringify({ from: this.instance, event }), false);
  }

  /**
   * Every message the server sends goes through the brokers' packet limit
   * (Mosquitto's max_packet_size, 64 KiB, holds for the server's account
   * too): one over it ended the server's own connection, and the client,
   * sending it again on each reconnect, never stayed connected — no command
   * reached any receiver again. Such a message is refused here instead.
   */
  private async publish(topic: string, payload: Buffer | string, retain: boolean): Promise<void> {
    const bytes = Buffer.byteLength(payload) + Buffer.byteLength(topic) + 16;
    if (bytes > MAX_RECEIVER_PACKET_BYTES) throw new Error(`MQTT message to ${topic} is ${bytes} bytes, over the ${MAX_RECEIVER_PACKET_BYTES} the brokers take`);
    await this.client.publishAsync(topic, payload, { qos: 1, retain });
  }

  /** What another instance told this one; returns the unsubscribe function. */
  onPeerEvent(listener: (event: PeerEvent) => void): () => void {
    this.peerListeners.add(listener);
    return () => this.peerListeners.delete(listener);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.chains.values()]);
    await this.client.endAsync();
  }

  private dispatch(topic: string, payload: Buffer, retained: boolean): void {
    if (topic === this.topics.peers()) return this.fromPeer(payload, retained);
    const t = this.topics.parse(topic);
    if (!t || t.kind !== 'rx' || (t.leaf !== 'state' && t.leaf !== 'telemetry' && t.leaf !== 'ack')) return;
    // Replayed on every subscribe: a broker whose ACL cannot refuse retained acks (Mosquitto) must not make them count twice.
    if (retained && t.leaf !== 'state') return this.reject(t.leaf, topic, 'a retained ack or telemetry is not allowed');
    // An empty retained payload is how a deleted receiver's state is cleared.
    if (payload.length === 0 && t.leaf === 'state') return;
    const leaf = t.leaf;
    const handlers = this.handlers;
    if (!handlers) return;
    const id = t.receiverId;
    let run: () => Promise<void>;
    let ignored: string[];
    if (leaf === 'state') {
      const d = decodeLenient(stateSchema, payload, REQUIRED.state);
      if (!d.ok) return this.reject(leaf, topic, d.error);
      run = () => handlers.onState(id, d.value);
      ignored = d.ignored;
    } else if (leaf === 'telemetry') {
      const d = decodeLenient(telemetrySchema, payload, REQUIRED.telemetry);
      if (!d.ok) return this.reject(leaf, topic, d.error);
      run = () => handlers.onTelemetry(id, d.value);
      ignored = d.ignored;
    } else {
      const d = decodeAck(payload);
      if (!d.ok) return this.reject(leaf, topic, d.error);
      run = () => handlers.onAck(id, d.value);
      ignored = d.ignored;
    }
    this.stats.received[leaf]++;
    if (ignored.length > 0) {
      this.stats.partial[leaf]++;
      this.log.warn('ignored fields out of range', { topic, fields: ignored });
    }
    const prev = this.chains.get(id) ?? Promise.resolve();
    const next = prev
      .then(run)
      .catch((err: Error) => this.log.error(`handling ${leaf} from ${id} failed`, { error: err.message }))
      .finally(() => {
        if (this.chains.get(id) === next) this.chains.delete(id);
      });
    this.chains.set(id, next);
  }

  private fromPeer(payload: Buffer, retained: boolean): void {
    if (retained) return;
    const d = decode(peerMessageSchema, payload);
    if (!d.ok) return void this.log.warn('dropped invalid message from a peer instance', { error: d.error });
    if (d.value.from === this.instance) return;
    for (const l of this.peerListeners) {
      try {
        l(d.value.event);
      } catch (err) {
        this.log.error('handling a peer event failed', { error: (err as Error).message });
      }
    }
  }

  private reject(leaf: Inbound, topic: string, error: string): void {
    this.stats.invalid[leaf]++;
    this.stats.lastInvalid = { topic, error, at: new Date().toISOString() };
    this.log.warn('dropped invalid message', { topic, error });
  }
}
