// One unauthenticated request line ended the whole server: an HTTP upgrade
// whose target is no URL (`GET // HTTP/1.1` with `Upgrade: websocket`) made
// the live microphone's and the upstream link's upgrade listeners throw
// `TypeError: Invalid URL` outside any request handler — an uncaught
// exception, which ends a Node process. It is refused with a 400 now, the
// server stays up; an upgrade to a path no feature takes is a 404 (it was
// held open for ever, and the server's stop waited on it); and a live session run by another instance is never
// passed to a host the request target names (`//elsewhere/...`).
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forwardUpgrade } from '../../src/http/forward.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
const uncaught: unknown[] = [];
const onUncaught = (err: unknown) => uncaught.push(err);

beforeAll(async () => {
  // Without the fix the exception lands here (vitest would report it and go on; a server process would exit).
  process.on('uncaughtException', onUncaught);
  t = await startTestServer();
});
afterAll(async () => {
  process.off('uncaughtException', onUncaught);
  await t?.close();
});

/** Sends `head` on a fresh connection; resolves with what came back when the server closes it (or after `ms`). */
function rawExchange(port: number, head: string, ms = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(head));
    let got = '';
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(`${got}[no close after ${ms} ms]`);
    }, ms);
    sock.on('data', (d) => (got += d.toString('latin1')));
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
    sock.on('error', reject);
  });
}

const upgrade = (target: string) =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;

it('an upgrade whose target is no URL is refused with a 400, nothing is thrown, and the server answers on', async () => {
  for (const target of ['//', '//:99999/x', '/\\', '//%zz/api/v1/live/x/ws', '//a b/api/v1/upstream']) {
    const answer = await rawExchange(t.server.httpPort, upgrade(target));
    expect(answer, target).toMatch(/^HTTP\/1\.1 400 /);
  }
  await new Promise((r) => setTimeout(r, 200));
  expect(uncaught.map(String)).toEqual([]);
  expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
});

it('an upgrade to a path no feature takes is answered 404 and closed, not held open for ever (the server\'s stop waited on it)', async () => {
  for (const target of ['/', '/api/v1/zones', '/api/v1/live/x/ws/more', '/live/x.mp3']) {
    const answer = await rawExchange(t.server.httpPort, upgrade(target));
    expect(answer, target).toMatch(/^HTTP\/1\.1 404 /);
  }
  expect(uncaught.map(String)).toEqual([]);
});

it('the live socket still refuses an upgrade without a session (401), as before', async () => {
  const answer = await rawExchange(t.server.httpPort, upgrade('/api/v1/live/live-nope/ws'));
  expect(answer).toMatch(/^HTTP\/1\.1 401 /);
  expect(uncaught.map(String)).toEqual([]);
});

it('a live socket passed to another instance goes to that instance, whatever host the request target names', async () => {
  // The instance running the session: it records the path it was asked for.
  const asked: { host: string | undefined; url: string | undefined }[] = [];
  const other = http.createServer();
  other.on('upgrade', (req, socket) => {
    asked.push({ host: req.headers.host, url: req.url });
    socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
  const port = (other.address() as net.AddressInfo).port;
  // The caller's own connection, as the live socket hands it on.
  const front = http.createServer();
  const forwarded = new Promise<boolean>((resolve) => front.on('upgrade', (req, socket, head) => void forwardUpgrade(req, socket, head, `http://127.0.0.1:${port}`).then(resolve)));
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', () => r()));
  try {
    await rawExchange((front.address() as net.AddressInfo).port, upgrade('//attacker.invalid/api/v1/live/live-x/ws?csrf=y'), 5000);
    expect(await forwarded).toBe(true);
    expect(asked).toEqual([{ host: '127.0.0.1', url: '/api/v1/live/live-x/ws?csrf=y' }]);
  } finally {
    other.close();
    front.close();
  }
});
