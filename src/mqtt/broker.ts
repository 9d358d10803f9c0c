// The embedded MQTT broker (aedes, in-process) with the protocol's device
// authentication and topic ACL. Used when MQTT_URL is not set.
import net from 'node:net';
import { Readable } from 'node:stream';
import { Aedes, type Client, type AuthenticateError } from 'aedes';
import { receiverMayPublish, receiverMaySubscribe, type ReceiverGrant } from './acl.js';
import { MAX_RECEIVER_PACKET_BYTES, Topics } from './protocol.js';
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
}

export interface EmbeddedBrokerStats {
  /** Connections ended for a packet over the size limit (declared in its fixed header). */
  oversized: number;
  /** Connections that sent no complete CONNECT within CONNECT_TIMEOUT_MS. */
  connectTimeouts: number;
}

export interface EmbeddedBroker {
  port: number;
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

type LoaClient = Client & { loaGrant?: ReceiverGrant; loaServer?: boolean };

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

  const server = net.createServer((socket) => {
    const client = broker.handle(socket) as LoaClient;
    guardPacketSize(
      socket,
      () => (client.loaServer ? MAX_SERVER_PACKET_BYTES : MAX_RECEIVER_PACKET_BYTES),
      (declared) => {
        stats.oversized++;
        log.warn('connection closed: packet over the size limit', { clientId: client.id || null, remote: socket.remoteAddress, declaredBytes: declared });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new PortInUseError('MQTT_PORT', opts.port) : err);
    });
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  log.info(`embedded MQTT broker listening on ${opts.host}:${port}`);

  return {
    port,
    connectedClients: () => broker.connectedClients,
    stats: () => ({ ...stats }),
    endSession: (receiverId, { will = true } = {}) => {
      const client = (broker as unknown as { clients: Record<string, (LoaClient & { will: unknown }) | undefined> }).clients[receiverId];
      if (!client?.loaGrant) return;
      // Its Last Will (offline) goes out unless the receiver is gone for good;
      // a persistent session's subscriptions are authorized again when it
      // reconnects (aedes restores them through authorizeSubscribe).
      if (!will) client.will = null;
      client.close();
    },
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
