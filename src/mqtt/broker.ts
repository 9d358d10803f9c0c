// The embedded MQTT broker (aedes, in-process) with the protocol's device
// authentication and topic ACL. Used when MQTT_URL is not set.
import net from 'node:net';
import tls from 'node:tls';
import { Readable } from 'node:stream';
import { Aedes, type Client, type AuthenticateError } from 'aedes';
import { receiverMayPublish, receiverMaySubscribe, type ReceiverGrant } from './acl.js';
import { decodeLenient, MAX_RECEIVER_PACKET_BYTES, PROTOCOL_VERSION, REQUIRED, stateSchema, Topics } from './protocol.js';
import { guardPacketSize } from './packet-guard.js';
import { verifySecret } from '../access/secrets.js';
import type { Logger } from '../log.js';

export interface ReceiverCredentials {
  /** Returns the stored secret hash and zones, or undefined for an unknown receiver. */
  lookup(receiverId: string): Promise<{ secretHash: string; zones: string[] } | undefined>;
}

export interface EmbeddedBrokerOptions {
  host: string;
  port: number;
  topics: Topics;
  credentials: ReceiverCredentials;
  /** The server's own privileged account. */
  serverUsername: string;
  serverPassword: string;
  log: Logger;
  /** Also listen with TLS (PEM certificate chain and key). */
  tls?: { port: number; cert: string | Buffer; key: string | Buffer };
}

export interface EmbeddedBrokerStats {
  /** Connections ended for a packet over the size limit (declared in its fixed header). */
  oversized: number;
  /** Connections that sent no complete CONNECT within CONNECT_TIMEOUT_MS. */
  connectTimeouts: number;
}

export interface EmbeddedBroker {
  port: number;
  /** null: no TLS listener. */
  tlsPort: number | null;
  connectedClients(): number;
  stats(): EmbeddedBrokerStats;
  /** Ends a receiver's live session (secret rotated, receiver deleted or moved): it must connect and be authorized again. */
  endSession(receiverId: string, opts?: { will?: boolean }): void;
  close(): Promise<void>;
}

/** The server's own account publishes configs and commands: more room than a receiver, still bounded. */
export const MAX_SERVER_PACKET_BYTES = 1024 * 1024;
/** A socket that has not completed its CONNECT by then is closed. */
export const CONNECT_TIMEOUT_MS = 10_000;

type LoaClient = Client & {
  loaGrant?: ReceiverGrant;
  loaServer?: boolean;
  /** What the receiver last said of itself on its state topic, its Will included: offline or not. */
  loaSaidOffline?: boolean;
  loaWillOffline?: boolean;
  /** Deleted: nothing is said for it when it goes. */
  loaGone?: boolean;
  /** Set by aedes for a DISCONNECT packet: the Will is dropped. */
  _disconnected?: boolean;
  will?: { topic: string; payload: Buffer } | null;
};

export class PortInUseError extends Error {
  constructor(
    readonly variable: string,
    readonly port: number,
  ) {
    super(`port ${port} is already in use: set ${variable} to a free port`);
  }
}

interface RetainedStore {
  storeRetained(packet: { topic: string; payload: Buffer }, cb?: (err?: Error | null) => void): unknown;
  createRetainedStreamCombi(patterns: string[]): Readable;
}

/**
 * aedes' in-memory persistence matches every retained message against each
 * new subscription: with a retained config and state per receiver, 10k
 * receivers reconnecting after a power cut cost 10k × 3 × 20k topic matches
 * (minutes of CPU). Receivers subscribe to exact topics, so those are
 * answered from an index; wildcard subscriptions (the server's) still scan.
 */
function indexRetained(broker: Aedes): void {
  const persistence = (broker as unknown as { persistence: RetainedStore }).persistence;
  const byTopic = new Map<string, object>();
  const store = persistence.storeRetained.bind(persistence);
  persistence.storeRetained = (packet, cb) => {
    if (packet.payload.length === 0) byTopic.delete(packet.topic);
    else byTopic.set(packet.topic, { ...packet });
    return store(packet, cb);
  };
  const scan = persistence.createRetainedStreamCombi.bind(persistence);
  persistence.createRetainedStreamCombi = (patterns) =>
    patterns.some((p) => p.includes('+') || p.includes('#')) ? scan(patterns) : Readable.from(patterns.flatMap((p) => byTopic.get(p) ?? []));
}

export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const { topics, credentials, log } = opts;
  // concurrency 0 (no cap): with a cap, messages past it wait in a queue that
  // mqemitter drains recursively, and 10k receivers dropping at once (their
  // Last Wills) overflowed the stack and took the whole server down.
  const broker = await Aedes.createBroker({ drainTimeout: 30_000, maxClientsIdLength: 64, concurrency: 0, connectTimeout: CONNECT_TIMEOUT_MS });
  indexRetained(broker);
  const stats: EmbeddedBrokerStats = { oversized: 0, connectTimeouts: 0 };
  broker.on('connectionError', (_client, err) => {
    if (err.message === 'connect did not arrive in time') stats.connectTimeouts++;
  });

  // A receiver that ends its session cleanly (DISCONNECT) without saying it
  // is offline drops its Will, and would stay shown online: the broker says
  // it for it, retained and in order after the receiver's own messages, as
  // the Will would have.
  const offline = (client: LoaClient, topic: string, payload: Buffer) => {
    if (topic !== topics.rx(client.loaGrant!.receiverId, 'state')) return undefined;
    const d = decodeLenient(stateSchema, payload, REQUIRED.state);
    return d.ok && !d.value.online;
  };
  broker.on('client', (client: LoaClient) => {
    if (client.loaGrant && client.will) client.loaWillOffline = offline(client, client.will.topic, client.will.payload) ?? false;
  });
  broker.on('publish', (packet, client: LoaClient | null) => {
    const said = client?.loaGrant ? offline(client, packet.topic, packet.payload as Buffer) : undefined;
    if (said !== undefined) client!.loaSaidOffline = said;
  });
  broker.on('clientDisconnect', (client: LoaClient) => {
    if (!client.loaGrant || client.loaGone || client.loaSaidOffline || broker.closed) return;
    if (client.loaWillOffline && !client._disconnected) return;
    const receiverId = client.loaGrant.receiverId;
    log.info('receiver left without saying it is offline: marked offline', { receiverId });
    broker.publish({ cmd: 'publish', topic: topics.rx(receiverId, 'state'), payload: Buffer.from(JSON.stringify({ v: PROTOCOL_VERSION, online: false })), qos: 1, retain: true, dup: false }, () => {});
  });

  broker.authenticate = (client: LoaClient, username, password, done) => {
    const secret = password ? password.toString('utf8') : '';
    const refuse = () => {
      const err = new Error('bad username or password') as AuthenticateError;
      err.returnCode = 4;
      done(err, false);
    };
    if (username === opts.serverUsername) {
      if (secret !== opts.serverPassword) return refuse();
      client.loaServer = true;
      return done(null, true);
    }
    // The protocol fixes clientId = username = receiverId.
    if (!username || username !== client.id) return refuse();
    credentials.lookup(username).then(
      (found) => {
        if (!found || !verifySecret(secret, found.secretHash)) {
          log.warn('receiver refused: bad credentials', { receiverId: username });
          return refuse();
        }
        client.loaGrant = { receiverId: username, zones: found.zones };
        done(null, true);
      },
      (err: Error) => done(err as AuthenticateError, false),
    );
  };

  broker.authorizePublish = (client: LoaClient | null, packet, done) => {
    // client is null when aedes publishes the Will of a long-gone session.
    if (!client || client.loaServer) return done(null);
    if (client.loaGrant && receiverMayPublish(topics, client.loaGrant, packet.topic, packet.retain)) return done(null);
    log.warn('publish refused', { clientId: client.id, topic: packet.topic, retain: packet.retain });
    done(new Error(`publish to ${packet.topic} not allowed`));
  };

  broker.authorizeSubscribe = (client: LoaClient, sub, done) => {
    if (client.loaServer) return done(null, sub);
    const grant = client.loaGrant;
    if (!grant) return done(null, null);
    if (receiverMaySubscribe(topics, grant, sub.topic)) return done(null, sub);
    // The receiver may have moved zones since it connected: refresh once.
    credentials.lookup(grant.receiverId).then(
      (found) => {
        if (found) client.loaGrant = { receiverId: grant.receiverId, zones: found.zones };
        const ok = client.loaGrant && receiverMaySubscribe(topics, client.loaGrant, sub.topic);
        if (!ok) log.warn('subscribe refused', { clientId: client.id, topic: sub.topic });
        done(null, ok ? sub : null);
      },
      () => done(null, null),
    );
  };

  // A receiver's persistent session keeps the subscriptions it made, and
  // the broker queues their messages while it is away: one moved to another
  // hamlet while offline would be handed its old hamlet's commands on
  // return, before any config told it to leave. Every delivery to a receiver
  // is checked against what its grant (its zones when it connected) allows.
  broker.authorizeForward = (client: LoaClient, packet) => {
    if (!client.loaGrant || receiverMaySubscribe(topics, client.loaGrant, packet.topic)) return packet;
    return null;
  };

  const accept = (socket: net.Socket) => {
    const client = broker.handle(socket) as LoaClient;
    guardPacketSize(
      socket,
      () => (client.loaServer ? MAX_SERVER_PACKET_BYTES : MAX_RECEIVER_PACKET_BYTES),
      (declared) => {
        stats.oversized++;
        log.warn('connection closed: packet over the size limit', { clientId: client.id || null, remote: socket.remoteAddress, declaredBytes: declared });
      },
    );
  };
  const server = net.createServer(accept);
  // Receivers on a LAN with HTTPS also speak MQTT over TLS, with the same certificate.
  const secure = opts.tls ? tls.createServer({ cert: opts.tls.cert, key: opts.tls.key }, accept) : null;
  const servers = [server, ...(secure ? [secure] : [])];
  const close = async () => {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    for (const s of servers) await new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve()));
  };
  try {
    await listen(server, opts.port, opts.host, 'MQTT_PORT');
    if (secure) await listen(secure, opts.tls!.port, opts.host, 'MQTT_TLS_PORT');
  } catch (err) {
    await close();
    throw err;
  }
  const port = (server.address() as net.AddressInfo).port;
  const tlsPort = secure ? (secure.address() as net.AddressInfo).port : null;
  log.info(`embedded MQTT broker listening on ${opts.host}:${port}${tlsPort !== null ? ` and with TLS on ${opts.host}:${tlsPort}` : ''}`);

  return {
    port,
    tlsPort,
    connectedClients: () => broker.connectedClients,
    stats: () => ({ ...stats }),
    endSession: (receiverId, { will = true } = {}) => {
      const client = (broker as unknown as { clients: Record<string, (LoaClient & { will: unknown }) | undefined> }).clients[receiverId];
      if (!client?.loaGrant) return;
      // Its Last Will (offline) goes out unless the receiver is gone for good;
      // a persistent session's subscriptions are authorized again when it
      // reconnects (aedes restores them through authorizeSubscribe).
      if (!will) {
        client.will = null;
        client.loaGone = true;
      }
      client.close();
    },
    close,
  };
}

function listen(server: net.Server, port: number, host: string, variable: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(variable, port) : err);
    });
    server.listen(port, host, () => resolve());
  });
}
