// The panel's event stream pushes receiver changes, and ends once its
// session is signed out.
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type net from 'node:net';
import express from 'express';
import { afterAll, expect, it } from 'vitest';
import { EventStream } from '../../src/http/events.js';
import { guard } from '../../src/http/auth.js';
import type { ReceiverEvents } from '../../src/receivers/service.js';
import { streamReceiverEvents } from '../../src/receivers/stream.js';
import type { StreamFilter } from '../../src/access/stream-filter.js';

const signedIn = new Set(['session-1']);
const receivers = new EventEmitter<ReceiverEvents>();
const app = express();
app.use((req, _res, next) => {
  req.principal = { actor: 'user:kythuat', role: 'technician', userId: 'u1', zoneId: null };
  req.panelSession = { id: 'session-1', principal: req.principal as never };
  next();
});
const stream = new EventStream<StreamFilter>({ guard, stillSignedIn: async (sid) => signedIn.has(sid), heartbeatMs: 100 });
streamReceiverEvents(stream, receivers);
app.use(stream.routes('receivers:read'));
const server = http.createServer(app);
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
afterAll(() => new Promise<void>((r) => server.close(() => r())));

it('streams receiver changes and ends when the session is signed out', async () => {
  const res = await fetch(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}/events`);
  expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const readUntil = async (pred: () => boolean) => {
    while (!pred()) {
      const { value, done } = await reader.read();
      if (done) return true;
      text += decoder.decode(value);
    }
    return false;
  };
  await readUntil(() => text.includes('retry:'));
  receivers.emit('changed', { id: 'rx-1', online: false } as never);
  await readUntil(() => text.includes('event: receiver'));
  expect(text).toContain('"id":"rx-1"');
  signedIn.delete('session-1');
  const ended = await readUntil(() => false);
  expect(ended).toBe(true);
});
