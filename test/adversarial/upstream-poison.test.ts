// The upstream link handles a commune's reports in order, and a report the
// province fails to handle closes the connection for the commune to resend
// it. A report holding U+0000 (a receiver's name, an as-played title) failed
// on PostgreSQL every time: the link closed, reconnected and resent it
// forever, and nothing behind it — reports up, bulletins down — got through.
// Such a frame is now refused once (nack, "invalid") and the link goes on.
// Runs on PostgreSQL + Mosquitto when they are installed, where it stalled.
import { WebSocket } from 'ws';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startPreferringPostgres } from '../helpers/prefer-postgres.js';
import { waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startPreferringPostgres();
  await t.api('POST', '/api/v1/zones', { id: 'tinh', name: 'Tỉnh', kind: 'province' });
  await t.api('POST', '/api/v1/zones', { id: 'xa-a', name: 'Xã A', kind: 'commune', parentId: 'tinh' });
});
afterAll(async () => {
  await t?.close();
});

it('a report holding U+0000 is refused once and the link goes on with the next', async () => {
  const link = await t.api('POST', '/api/v1/downstreams', { zoneId: 'xa-a' });
  expect(link.status).toBe(201);
  const ws = new WebSocket(t.baseUrl.replace('http:', 'ws:') + '/api/v1/upstream', { headers: { authorization: `Bearer ${link.body.token}` } });
  const frames: any[] = [];
  let closed = false;
  ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
  ws.on('close', () => (closed = true));
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  await waitFor(() => frames.find((f) => f.type === 'welcome'), 10_000, 'welcome');
  const at = new Date().toISOString();
  ws.send(JSON.stringify({ v: 1, type: 'played', id: 'played-b-1', zoneId: 'xa-a', broadcastId: 'b-1', title: 'Tin\u0000xã', priority: 'normal', status: 'done', startAt: at, zoneIds: ['thon-1'], counts: { done: 3 } }));
  ws.send(JSON.stringify({ v: 1, type: 'status', id: 'st-1', zoneId: 'xa-a', at, online: 1, offline: 0, changes: [{ receiverId: 'rx-1', name: 'Loa\u0000', online: true, at }] }));
  ws.send(JSON.stringify({ v: 1, type: 'status', id: 'st-2', zoneId: 'xa-a', at, online: 2, offline: 0, changes: [{ receiverId: 'rx-1', name: 'Loa 1', online: true, at }] }));
  await waitFor(() => frames.length >= 4 || closed, 15_000, 'answers');
  expect(closed).toBe(false);
  expect(frames.slice(1)).toEqual([
    expect.objectContaining({ type: 'nack', id: 'played-b-1', code: 'invalid' }),
    expect.objectContaining({ type: 'nack', id: 'st-1', code: 'invalid' }),
    { v: 1, type: 'ack', id: 'st-2' },
  ]);
  expect((await t.api('GET', '/api/v1/downstreams')).body[0]).toMatchObject({ online: 2 });
  ws.close();
});

// A linked commune reports its counts by any state name; "constructor" or
// "toString" read through the rolled-up totals' prototype and came out as
// "function Object() { [native code] }1", with a total to match.
it('counts reported under a prototype name are summed as any other name', async () => {
  await t.api('POST', '/api/v1/zones', { id: 'xa-b', name: 'Xã B', kind: 'commune', parentId: 'tinh' });
  const link = await t.api('POST', '/api/v1/downstreams', { zoneId: 'xa-b' });
  expect(link.status).toBe(201);
  const ws = new WebSocket(t.baseUrl.replace('http:', 'ws:') + '/api/v1/upstream', { headers: { authorization: `Bearer ${link.body.token}` } });
  const frames: any[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  await waitFor(() => frames.find((f) => f.type === 'welcome'), 10_000, 'welcome');
  const sent = await t.api('POST', '/api/v1/bulletins', { title: 'Tin tỉnh', text: 'Đề nghị bà con thực hiện.', level: 'normal', zoneIds: ['xa-b'] });
  expect(sent.status).toBe(201);
  const id = sent.body.id as string;
  await waitFor(() => frames.find((f) => f.type === 'bulletin' && f.bulletin?.id === id), 10_000, 'bulletin down');
  const at = new Date().toISOString();
  ws.send(JSON.stringify({ v: 1, type: 'bulletin-state', id: 'bs-proto', zoneId: 'xa-b', at, bulletinId: id, state: 'aired', counts: { constructor: 1, toString: 2, done: 3 } }));
  await waitFor(() => frames.find((f) => f.id === 'bs-proto'), 10_000, 'answer');
  expect(frames.find((f) => f.id === 'bs-proto')).toEqual({ v: 1, type: 'ack', id: 'bs-proto' });
  const view = await t.api('GET', `/api/v1/bulletins/${id}`);
  expect(view.status).toBe(200);
  expect(view.body.counts).toEqual({ constructor: 1, toString: 2, done: 3 });
  expect(view.body.total).toBe(6);
  ws.close();
});
