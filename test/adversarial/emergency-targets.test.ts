// POST /api/v1/emergency takes zoneIds (omitted: everywhere in scope) and
// plays now. Fields it does not take were ignored like any unknown field: a
// script naming one loudspeaker (`receiverIds`) sent the warning to every
// loudspeaker of the commune, a `startAt` for tomorrow's drill aired it at
// once, and an empty `zoneIds` meant everywhere. Each is now a 400 and
// nothing airs; POST /broadcasts with priority emergency still targets a
// receiver.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
let officer: string;

beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã Bình Minh' });
  for (const [id, name] of [['thon-dong', 'Thôn Đông'], ['thon-tay', 'Thôn Tây']]) await t.api('POST', '/api/v1/zones', { id, name, parentId: 'xa' });
  expect((await t.api('POST', '/api/v1/receivers', { id: 'rx-dong-1', name: 'Đông 1', zoneId: 'thon-dong' })).status).toBe(201);
  expect((await t.api('POST', '/api/v1/receivers', { id: 'rx-tay-1', name: 'Tây 1', zoneId: 'thon-tay' })).status).toBe(201);
  officer = await t.tokenFor('officer');
});
afterAll(async () => {
  await t?.close();
});

const count = async () => (await t.api('GET', '/api/v1/broadcasts?limit=500')).body.length;

it('receiverIds, startAt, expiresAt or an empty zoneIds on /emergency: 400 in the API\'s words, nothing airs', async () => {
  const before = await count();
  const text = 'Khẩn cấp: cháy ở Thôn Đông, bà con tránh xa khu vực.';
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
  for (const [what, extra] of [
    ['receiverIds', { receiverIds: ['rx-dong-1'] }],
    ['receiverIds with zoneIds', { zoneIds: ['thon-dong'], receiverIds: ['rx-dong-1'] }],
    ['startAt', { zoneIds: ['thon-dong'], startAt: tomorrow }],
    ['expiresAt', { zoneIds: ['thon-dong'], expiresAt: tomorrow }],
    ['empty zoneIds', { zoneIds: [] }],
  ] as const) {
    const r = await t.api('POST', '/api/v1/emergency', { title: 'Báo cháy', text, repeat: 1, ...extra }, officer);
    expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(400);
    expect(r.body.code, what).toBe('invalid_request');
    expect(typeof r.body.error).toBe('string');
  }
  expect((await t.api('POST', '/api/v1/emergency', { text, receiverIds: ['rx-dong-1'] }, officer)).body.error).toMatch(/^Phát khẩn cấp chọn nơi phát theo thôn/);
  expect(await count()).toBe(before);

  // What the messages point to works: one receiver, by the broadcasts route.
  const one = await t.api('POST', '/api/v1/broadcasts', { title: 'Báo cháy', text, receiverIds: ['rx-dong-1'], priority: 'emergency' }, officer);
  expect(one.status, JSON.stringify(one.body)).toBe(201);
  expect(one.body.receiverIds).toEqual(['rx-dong-1']);
  expect(one.body.zoneIds).toEqual([]);
  // And /emergency as the panel sends it still airs at once.
  const hamlet = await t.api('POST', '/api/v1/emergency', { title: 'Báo cháy', text, zoneIds: ['thon-dong'], repeat: 1 }, officer);
  expect(hamlet.status, JSON.stringify(hamlet.body)).toBe(201);
  expect(hamlet.body.zoneIds).toEqual(['thon-dong']);
  expect(await count()).toBe(before + 2);
});
