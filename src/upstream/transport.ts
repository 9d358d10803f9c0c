// The link's transport, behind one interface: the WebSocket adapter (ws.ts)
// is one implementation; another wire carrying the same JSON messages
// (HTTP long-poll, say) is another file implementing this.
import type http from 'node:http';

/** One open connection carrying text frames, one JSON message each. */
export interface LinkConnection {
  send(text: string): void;
  close(reason?: string): void;
  /** One listener; frames that arrived before it are handed to it first. */
  onMessage(fn: (text: string) => void): void;
  onClose(fn: (reason: string) => void): void;
}

export interface LinkTransport {
  /** Commune side: connect out to the province at `baseUrl` with the token it issued. Rejects with LinkRefused when the token is refused. */
  connect(baseUrl: string, token: string): Promise<LinkConnection>;
  /** Province side: accept connections on the HTTP server; `authenticate` returns the peer a token belongs to, or null to refuse. Returns a stop function. */
  listen<P>(server: http.Server, authenticate: (token: string) => Promise<P | null>, onConnection: (peer: P, conn: LinkConnection) => void): () => Promise<void>;
}

/** The other side refused our credentials: retrying soon will not help. */
export class LinkRefused extends Error {}
