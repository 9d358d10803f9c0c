// A scoped event stream decided once, when it opened, which zones it covered
// and (at its first delivery event) whether each receiver was its own. A
// receiver moved to another commune went on sending its deliveries to the old
// commune's open panels and never reached the new commune's, and a hamlet
// made after a panel opened stayed invisible to it, until each reopened.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';
import { openEventStream } from '../helpers/event-stream.js';
import { TestFleet } from '../helpers/agents.js';

let t: TestServer;
let fleet: TestFleet;
const tokens: Record<'a' | 'b', string> = { a: '', b: '' };
beforeAll(async () => {
  t = await startTestServer();
  for (const z of [
    { id: 'xa-a', name: 'Xã A', kind: 'commune' },
    { id: 'thon-a', name: 'Thôn A', parentId: 'xa-a' },
    { id: 'xa-b', name: 'Xã B', kind: 'commune' },
  ]) expect((await t.api('POST', '/api/v1/zones', z)).status).toBe(201);
  const moving = await t.api('POST', '/api/v1/receivers', { id: 'rx-chuyen', name: 'Loa chuyển xã', zoneId: 'thon-a' });
  expect((await t.api('POST', '/api/v1/receivers', { id: 'rx-o-lai', name: 'Loa ở lại', zoneId: 'thon-a' })).status).toBe(201);
  for (const k of ['a', 'b'] as const) tokens[k] = (await t.api('POST', '/api/v1/tokens', { name: `ky-thuat-${k}`, role: 'technician', zoneId: `xa-${k}` })).body.token;
  fleet = new TestFleet(t.server.receiverMqttUrl);
  await fleet.start('rx-chuyen', moving.body.secret);
});
afterAll(async () => {
  await fleet?.close();
  await t?.close();
});

const openEvents = (token: string) => openEventStream(`${t.baseUrl}/api/v1/events`, { authorization: `Bearer ${token}` });

const deliveryOf = (broadcastId: string) => `"broadcastId":"${broadcastId}","receiverId":"rx-chuyen"`;

async function airTo(receiverId: string, title: string): Promise<string> {
  const b = await t.api('POST', '/api/v1/broadcasts', { title, text: 'Thông báo thử loa.', receiverIds: [receiverId] });
  expect(b.status, JSON.stringify(b.body)).toBe(201);
  await waitFor(() => fleet.acks(receiverId, b.body.id).some((a) => a.state === 'done'), 30_000, `${title} played`);
  return b.body.id as string;
}

it('a receiver moved to another commune leaves the old commune’s open streams and joins the new one’s', async () => {
  const a = await openEvents(tokens.a);
  const b = await openEvents(tokens.b);
  // Both streams have decided about the receiver once: A's own, not B's.
  const before = await airTo('rx-chuyen', 'Trước khi chuyển');
  await waitFor(() => a.text().includes(deliveryOf(before)), 10_000, 'A sees the delivery before the move');

  // Into a hamlet made after the streams opened.
  expect((await t.api('POST', '/api/v1/zones', { id: 'thon-b-moi', name: 'Thôn B mới', parentId: 'xa-b' })).status).toBe(201);
  const markA = a.text().length;
  const markB = b.text().length;
  expect((await t.api('PATCH', '/api/v1/receivers/rx-chuyen', { zoneId: 'thon-b-moi' })).status).toBe(200);
  await waitFor(() => b.since(markB).includes('"zoneId":"thon-b-moi"'), 10_000, 'B sees the moved receiver');
  const after = await airTo('rx-chuyen', 'Sau khi chuyển');
  await waitFor(() => b.text().includes(deliveryOf(after)), 10_000, 'B sees the delivery after the move');

  // A's stream is in order: once its own receiver's change arrives, anything of the moved one would have.
  await t.api('PATCH', '/api/v1/receivers/rx-o-lai', { name: 'Loa ở lại đổi tên' });
  await waitFor(() => a.text().includes('Loa ở lại đổi tên'), 10_000, 'A sees its own receiver');
  expect(a.since(markA)).not.toContain(deliveryOf(after));
  expect(a.since(markA)).not.toContain('"zoneId":"thon-b-moi"');
  expect(b.text().slice(0, markB)).not.toContain('rx-chuyen');
  await a.close();
  await b.close();
}, 90_000);
