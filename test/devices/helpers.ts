// Real in-process infrastructure for the device tests: an aedes broker and a
// media HTTP server, both on free ports, plus a controller MQTT client that
// plays the part of the broadcast server.
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { Aedes, type AedesOptions, type Client } from 'aedes';
import { connectAsync, type MqttClient } from 'mqtt';
import { Topics, ackSchema, decode, encode, makeCommand, type Ack, type CommandBody, type MediaRef } from '../../src/mqtt/protocol.js';

export const topics = new Topics();

export interface TestBroker {
  url: string;
  broker: Aedes;
  /** Connected broker-side clients by client id, to cut their sockets. */
  clients: Map<string, Client>;
  close(): Promise<void>;
}

export async function startBroker(options?: AedesOptions): Promise<TestBroker> {
  const broker = await Aedes.createBroker(options);
  const clients = new Map<string, Client>();
  broker.on('client', (c) => clients.set(c.id, c));
  broker.on('clientDisconnect', (c) => {
    if (clients.get(c.id) === c) clients.delete(c.id);
  });
  const server: NetServer = createNetServer(broker.handle);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    broker,
    clients,
    close: async () => {
      await new Promise<void>((r) => broker.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export interface MediaServer {
  baseUrl: string;
  /** Requests per path. */
  hits: Map<string, number>;
  /** Registers bytes under `/media/<name>` and returns a MediaRef for them. */
  add(name: string, bytes: Buffer, durationMs: number): MediaRef;
  close(): Promise<void>;
}

export async function startMediaServer(): Promise<MediaServer> {
  const files = new Map<string, Buffer>();
  const hits = new Map<string, number>();
  const server: HttpServer = createHttpServer((req, res) => {
    const path = req.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const body = files.get(path);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': body.length }).end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    hits,
    add(name, bytes, durationMs) {
      files.set(`/media/${name}`, bytes);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      return { url: `${baseUrl}/media/${name}`, sha256, bytes: bytes.length, durationMs, format: 'mp3' };
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export const fakeMp3 = (size = 4096): Buffer => Buffer.concat([Buffer.from('ID3'), randomBytes(size - 3)]);

/** The broadcast server's side of the wire: publishes commands and collects acks/states. */
export class Controller {
  readonly acks: Ack[] = [];
  readonly states = new Map<string, Record<string, unknown>[]>();
  readonly invalidAcks: string[] = [];

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload) => {
      const where = topics.parse(topic);
      if (where?.kind !== 'rx') return;
      if (where.leaf === 'ack') {
        const ack = decode(ackSchema, payload);
        if (ack.ok) this.acks.push(ack.value);
        else this.invalidAcks.push(`${ack.error}: ${payload.toString()}`);
      } else if (where.leaf === 'state') {
        const list = this.states.get(where.receiverId) ?? [];
        list.push(JSON.parse(payload.toString()));
        this.states.set(where.receiverId, list);
      }
    });
  }

  static async connect(url: string): Promise<Controller> {
    const client = await connectAsync(url, { clientId: `controller-${randomBytes(3).toString('hex')}`, protocolVersion: 4 });
    await client.subscribeAsync([topics.allRx('ack'), topics.allRx('state')], { qos: 1 });
    return new Controller(client);
  }

  /** Publishes a command (never retained) and returns it. */
  async send(target: { receiver: string } | { zone: string }, body: CommandBody, id?: string) {
    const cmd = makeCommand(body, id);
    const topic = 'receiver' in target ? topics.rx(target.receiver, 'cmd') : topics.zoneCmd(target.zone);
    await this.client.publishAsync(topic, encode(cmd), { qos: 1 });
    return cmd;
  }

  async sendRaw(receiver: string, payload: string): Promise<void> {
    await this.client.publishAsync(topics.rx(receiver, 'cmd'), payload, { qos: 1 });
  }

  async configure(receiver: string, zones: string[], volume = 70): Promise<void> {
    const config = { v: 1, zones, volume, quietHours: null, timezone: 'Asia/Ho_Chi_Minh' };
    await this.client.publishAsync(topics.rx(receiver, 'config'), encode(config), { qos: 1, retain: true });
  }

  acksFor(cmdId: string): string[] {
    return this.acks.filter((a) => a.cmdId === cmdId).map((a) => a.state);
  }

  /** Waits until an ack for `cmdId` in `state` has arrived over MQTT. */
  waitAck(cmdId: string, state: Ack['state'], timeoutMs = 5000): Promise<Ack> {
    return waitFor(() => this.acks.find((a) => a.cmdId === cmdId && a.state === state), timeoutMs, `ack ${state} for ${cmdId}`);
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}

/** Polls `probe` until it returns a value; fails the test with `what` on timeout. */
export async function waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
