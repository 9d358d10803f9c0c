// Node's request timeout is off (a live push lasts as long as the broadcast),
// and nothing else bounded a request body: a client that declared a
// Content-Length and sent nothing more held its connection for ever,
// without signing in (bodies are read before anyone is known). Enough of
// them ran the server out of file descriptors. Any body but a live push must
// now arrive within REQUEST_BODY_TIMEOUT_S, or its connection closes (one
// answered early, a live push's path by someone not signed in among them);
// a live push still flows past it.
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ REQUEST_BODY_TIMEOUT_S: '2', LIVE_IDLE_S: '30' });
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã Bình Minh' });
});
afterAll(async () => {
  await t?.close();
});

/** Sends the head (and `body`), then nothing; resolves with when the server closed the connection (null: still open after `ms`). */
function stall(head: string, body: Buffer | string, ms: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const sock = net.connect(t.server.httpPort, '127.0.0.1', () => sock.write(head + body));
    sock.on('data', () => {});
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(null);
    }, ms);
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
    sock.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? undefined : reject(err)));
  });
}

it('a body that stops arriving closes its connection after REQUEST_BODY_TIMEOUT_S, signed in or not', async () => {
  const heads = [
    'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
    `POST /api/v1/broadcasts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n`,
    `POST /api/v1/media HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 100000\r\n\r\n`,
  ];
  // Answered at once (no one signed in) while the body is still coming: Node reads an unread body to its end.
  heads.push('POST /api/v1/broadcasts HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n');
  // The live push's path, by someone not signed in: no exemption for him.
  heads.push('PUT /api/v1/live/live-x/audio HTTP/1.1\r\nHost: x\r\nContent-Type: audio/mpeg\r\nTransfer-Encoding: chunked\r\n\r\n');
  const closed = await Promise.all(heads.map((h) => stall(h, h.includes('chunked') ? '4\r\nabcd\r\n' : '{"username":"a', 8000)));
  for (const [i, ms] of closed.entries()) {
    expect(ms, heads[i]!.split('\r\n')[0]).not.toBeNull();
    expect(ms!).toBeGreaterThanOrEqual(1500);
  }
  expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
});

it('requests without a body, and a live push, are not cut', async () => {
  // An event stream stays open past the limit.
  const events = await fetch(`${t.baseUrl}/api/v1/events`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(events.status).toBe(200);
  const reader = events.body!.getReader();
  await new Promise((r) => setTimeout(r, 3000));
  let open = true;
  void reader.closed.then(() => (open = false), () => (open = false));
  await new Promise((r) => setTimeout(r, 100));
  expect(open).toBe(true);
  await reader.cancel();
  // A live push whose body is still coming after the limit is not closed by it.
  const live = await t.api('POST', '/api/v1/live', { title: 'Trực tiếp', zoneIds: ['xa'] });
  expect(live.status, JSON.stringify(live.body)).toBe(201);
  const push = `PUT /api/v1/live/${live.body.id}/audio HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\nContent-Type: audio/mpeg\r\nTransfer-Encoding: chunked\r\n\r\n`;
  expect(await stall(push, '', 4000)).toBeNull();
  await t.api('POST', `/api/v1/live/${live.body.id}/stop`, {});
});
