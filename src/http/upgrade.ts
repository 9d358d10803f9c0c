// An HTTP upgrade (a WebSocket) is answered outside any request handler, where
// a throw is uncaught and ends the process: `new URL('//', …)` is an Invalid
// URL, and one unauthenticated request line took the server down so.
import type http from 'node:http';

/** The URL an upgrade asks for (path and query); null when its target is no URL at all. */
export function upgradeTarget(req: http.IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://x');
  } catch {
    return null;
  }
}
