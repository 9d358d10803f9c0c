// Passing a request to another server instance as it arrives: a live
// session's audio and listeners live in the one instance running it, and a
// plain load balancer may send them to any. The body and the answer stream
// through (each side's backpressure holds the other), the caller's own
// headers go along so that instance checks who it is, and the request is
// marked so that the instance it reaches never passes it on again.
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream';

/** Set on a request one instance passed to another. */
export const FORWARDED_HEADER = 'x-loa-forwarded';

// Headers of one connection, not of the request (RFC 9110 §7.6.1), and
// `expect` (curl -T - sends 100-continue): this instance already answered it.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect']);

export interface ForwardOptions {
  /** Certificates to trust besides the system's (the commune's CA, for instances on HTTPS). */
  ca?: Array<string | Buffer>;
}

export function isForwarded(req: http.IncomingMessage): boolean {
  return req.headers[FORWARDED_HEADER] !== undefined;
}

function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

function open(req: http.IncomingMessage, base: string, opts: ForwardOptions, extra: http.OutgoingHttpHeaders = {}): http.ClientRequest {
  // Express rewrites req.url inside a mounted router; originalUrl is what the caller asked for.
  // Only its path and query go to `base`: resolved against it as a URL, a
  // target such as `//elsewhere/api/v1/live/x/ws` (its path still the
  // socket's) named another host, which would have had the caller's cookie.
  const asked = new URL((req as { originalUrl?: string }).originalUrl ?? req.url ?? '/', 'http://x');
  const url = new URL(base);
  url.pathname = asked.pathname;
  url.search = asked.search;
  // The Host stays the caller's: the other instance checks a socket's Origin against it.
  const headers = { ...endToEnd(req.headers), ...extra, [FORWARDED_HEADER]: '1' };
  return url.protocol === 'https:' ? https.request(url, { method: req.method, headers, ca: opts.ca }) : http.request(url, { method: req.method, headers });
}

/**
 * Streams `req` to the instance at `base` (same method, path and headers)
 * and its answer back to `res`. Resolves true once that instance answered,
 * false if it could not be reached (nothing was sent to the caller).
 */
export function forward(req: http.IncomingMessage, res: http.ServerResponse, base: string, opts: ForwardOptions = {}): Promise<boolean> {
  return new Promise((resolve) => {
    const out = open(req, base, opts);
    let answered = false;
    out.once('response', (up) => {
      answered = true;
      res.writeHead(up.statusCode ?? 502, endToEnd(up.headers));
      res.flushHeaders();
      res.socket?.setNoDelay(true);
      // The caller gone, the other instance's answer is dropped (a listener leaves); that instance gone, the caller's answer breaks.
      pipeline(up, res, () => undefined);
      resolve(true);
    });
    out.on('error', () => {
      if (answered) return;
      req.unpipe(out);
      req.resume();
      resolve(false);
    });
    // A body cut before its end must reach the other instance cut, not ended.
    req.once('close', () => !req.complete && out.destroy());
    req.pipe(out);
  });
}

/**
 * Passes an HTTP upgrade (a WebSocket) to the instance at `base` and joins
 * the two connections. Resolves false if that instance could not be reached.
 */
export function forwardUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, base: string, opts: ForwardOptions = {}): Promise<boolean> {
  return new Promise((resolve) => {
    const out = open(req, base, opts, { connection: 'Upgrade', upgrade: req.headers.upgrade ?? 'websocket' });
    out.once('upgrade', (up, upSocket, upHead) => {
      socket.write(responseHead(up));
      if (upHead.length) socket.write(upHead);
      if (head.length) upSocket.write(head);
      // Either side dropping drops the other: a panel's lost connection is seen as lost (no close frame) where the session runs.
      pipeline(socket, upSocket, socket, () => undefined);
      resolve(true);
    });
    // Refused (401, 403, 409…): the answer goes back as it came.
    out.once('response', (up) => {
      socket.write(responseHead(up));
      pipeline(up, socket, () => undefined);
      resolve(true);
    });
    out.on('error', () => resolve(false));
    out.end();
  });
}

function responseHead(up: http.IncomingMessage): string {
  const lines = [`HTTP/1.1 ${up.statusCode} ${up.statusMessage}`];
  for (let i = 0; i < up.rawHeaders.length; i += 2) lines.push(`${up.rawHeaders[i]}: ${up.rawHeaders[i + 1]}`);
  return lines.join('\r\n') + '\r\n\r\n';
}
