// The upstream link over WebSocket: the commune opens
// wss://<province>/api/v1/upstream with its token in the Authorization
// header; both sides ping every PING_MS and drop a connection that did not
// answer the previous ping (a 4G link dies without a FIN).
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { MAX_MESSAGE_BYTES } from './messages.js';
import { LinkRefused, type LinkConnection, type LinkTransport } from './transport.js';
import { upgradeTarget } from '../http/upgrade.js';

export const UPSTREAM_PATH = '/api/v1/upstream';
const PING_MS = 20_000;

function wrap(ws: WebSocket): LinkConnection {
  let alive = true;
  ws.on('pong', () => (alive = true));
  const timer = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, PING_MS);
  ws.on('error', () => ws.terminate());
  // The first frame can arrive with the upgrade, before anyone listens: keep it until someone does.
  let onMessage: ((text: string) => void) | null = null;
  const early: string[] = [];
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    if (onMessage) onMessage(data.toString());
    else early.push(data.toString());
  });
  let closedWith: string | null = null;
  const onClose: ((reason: string) => void)[] = [];
  ws.on('close', (code, reason) => {
    clearInterval(timer);
    closedWith = `${code} ${reason.toString()}`.trim();
    for (const fn of onClose) fn(closedWith);
  });
  return {
    send: (text) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    close: (reason) => ws.close(1000, reason?.slice(0, 120)),
    onMessage: (fn) => {
      onMessage = fn;
      // Handed over once the caller has finished setting up: the first frame may be the welcome its
      // handler answers through the session being built. A frame arriving later comes in a later
      // event, so these stay first.
      const held = early.splice(0);
      if (held.length) queueMicrotask(() => held.forEach(fn));
    },
    onClose: (fn) => {
      if (closedWith !== null) fn(closedWith);
      else onClose.push(fn);
    },
  };
}

export const wsTransport: LinkTransport = {
  connect(baseUrl, token) {
    const url = new URL(UPSTREAM_PATH, baseUrl.replace(/\/*$/, '/'));
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, maxPayload: MAX_MESSAGE_BYTES, handshakeTimeout: 10_000 });
      ws.once('unexpected-response', (_req, res) => {
        ws.terminate();
        const refused = res.statusCode === 401 || res.statusCode === 403;
        reject(refused ? new LinkRefused(`upstream refused the token (HTTP ${res.statusCode})`) : new Error(`upstream answered HTTP ${res.statusCode}`));
      });
      ws.once('error', reject);
      ws.once('open', () => {
        ws.off('error', reject);
        resolve(wrap(ws));
      });
    });
  },

  listen(server, authenticate, onConnection) {
    const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
    const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      if (upgradeTarget(req)?.pathname !== UPSTREAM_PATH) return;
      const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      const refuse = (status: string) => {
        socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"error":"Mã kết nối không hợp lệ hoặc đã bị thu hồi (invalid or revoked upstream token)","code":"unauthenticated"}`);
      };
      if (!m) return refuse('401 Unauthorized');
      authenticate(m[1]!).then(
        (peer) => {
          if (!peer) return refuse('401 Unauthorized');
          wss.handleUpgrade(req, socket, head, (ws) => onConnection(peer, wrap(ws)));
        },
        () => refuse('503 Service Unavailable'),
      );
    };
    server.on('upgrade', onUpgrade);
    return async () => {
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    };
  },
};
