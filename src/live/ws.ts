// The panel's microphone reaches the server over a WebSocket: browsers can
// record (MediaRecorder, WebM/Opus) but cannot stream a fetch() request body
// over HTTP/1.1, and WebRTC would need a media server. Each binary message is
// a MediaRecorder chunk, in order, fed to the session's ffmpeg; the socket's
// close ends the session. The upgrade is authenticated like the panel's
// unsafe requests: the session cookie, the page's CSRF token (query `csrf`)
// and an Origin that is this server's.
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { roleMay } from '../access/roles.js';
import type { SessionPrincipal } from '../users/sessions.js';
import type { Logger } from '../log.js';
import { upgradeTarget } from '../http/upgrade.js';
import { interrupted, type LiveService } from './service.js';

const PATH_RE = /^\/api\/v1\/live\/([A-Za-z0-9_-]{1,64})\/ws$/;

/** Whether an upgrade to this path is the live microphone's (it answers every one). */
export const isLiveSocketPath = (pathname: string): boolean => PATH_RE.test(pathname);

export interface WsAuth {
  /** The panel session behind a cookie header, or null. */
  principalFor(cookieHeader: string | undefined): Promise<SessionPrincipal | null>;
  /** Whether the session's targets are within the person's scope. */
  inScope(principal: SessionPrincipal, sessionId: string): Promise<boolean>;
}

/** How often an open socket's panel session is checked again (the event stream's heartbeat). */
const RECHECK_MS = 20_000;

export function attachLiveSocket(server: http.Server, live: LiveService, auth: WsAuth, log: Logger, recheckMs = RECHECK_MS): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    // A target no URL can be made of is no one's upgrade: refused and closed.
    const url = upgradeTarget(req);
    if (url === null) {
      socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n\r\nBad request target');
      return;
    }
    const m = PATH_RE.exec(url.pathname);
    if (!m) return; // someone else's upgrade (none today): leave it alone
    void (async () => {
      const refuse = (status: number, message: string) => {
        socket.end(`HTTP/1.1 ${status} ${message}\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n\r\n${message}`);
      };
      const origin = req.headers.origin;
      if (origin && new URL(origin).host !== req.headers.host) return refuse(403, 'Forbidden origin');
      const principal = await auth.principalFor(req.headers.cookie);
      if (!principal) return refuse(401, 'Unauthorized');
      if (url.searchParams.get('csrf') !== principal.csrfToken) return refuse(403, 'Bad CSRF token');
      if (!roleMay(principal.role, 'live:start')) return refuse(403, 'Forbidden');
      const id = m[1]!;
      if (!(await auth.inScope(principal, id).catch(() => false))) return refuse(403, 'Outside your scope');
      // Run by another instance: the socket is joined to it, which checks the panel session again.
      if (await live.forwardSocket(id, req, socket, head)) return;
      let input: NodeJS.WritableStream;
      try {
        input = live.claim(id);
      } catch (err) {
        return refuse(409, (err as Error).message.replace(/[\r\n]/g, ' '));
      }
      wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
        ws.on('message', (data, isBinary) => {
          if (isBinary && live.isActive(id)) input.write(data as Buffer);
        });
        // The panel hangs up with a close frame (1000; 1001 when the tab is closed); a socket that breaks without one (1006) or errs is an interruption.
        const end = (clean: boolean) => {
          if (!live.isActive(id)) return;
          const stopped = clean
            ? live.stop(id, principal.actor, 'the panel closed its microphone')
            : live.stop(id, 'system', interrupted('kết nối micrô của bảng điều khiển bị đứt', 'the panel\'s microphone connection dropped'), 'failed');
          void stopped.catch((e: Error) => log.warn('live stop failed', { error: e.message }));
        };
        ws.once('close', (code: number) => end(code !== 1006));
        ws.once('error', () => end(false));
        // Signed out, removed, or a new password or role: the microphone is cut as any other request would be refused.
        const recheck = setInterval(() => {
          void auth.principalFor(req.headers.cookie).then(
            (p) => !p && ws.readyState === ws.OPEN && ws.close(1008, 'signed out'),
            () => undefined,
          );
        }, recheckMs);
        ws.once('close', () => clearInterval(recheck));
        const onState = (s: string) => {
          if (s === id && !live.isActive(id) && ws.readyState === ws.OPEN) ws.close(1000, 'ended');
        };
        live.events.on('state', onState);
        ws.once('close', () => live.events.off('state', onState));
      });
    })().catch((err: Error) => {
      log.warn('live socket upgrade failed', { error: err.message });
      socket.destroy();
    });
  };
  server.on('upgrade', onUpgrade);
  return () => {
    server.off('upgrade', onUpgrade);
    for (const c of wss.clients) c.terminate();
    wss.close();
  };
}
