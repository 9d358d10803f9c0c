// A schedule naming a receiver that does not exist was saved (201) and
// approved, and aired to nobody, where a broadcast with the same target is a
// 400. Schedules now check receivers as broadcasts do, on create and on edit.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã Bình Minh' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-dong', name: 'Thôn Đông', parentId: 'xa' });
  expect((await t.api('POST', '/api/v1/receivers', { id: 'rx-dong-1', name: 'Đông 1', zoneId: 'thon-dong' })).status).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

it('a schedule naming an unknown receiver is a 400 naming it, on create and on edit; a known one is saved', async () => {
  const at = new Date(Date.now() + 3 * 86_400_000).toISOString();
  const base = { kind: 'once', at, title: 'Họp thôn', text: 'Kính mời bà con dự họp thôn.' };
  const listed = async () => (await t.api('GET', '/api/v1/schedules')).body.length;
  const before = await listed();
  for (const receiverIds of [['rx-dong-l'], ['rx-dong-1', 'rx-khong-co']]) {
    const r = await t.api('POST', '/api/v1/schedules', { ...base, receiverIds });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error).toBe(`Không có cụm loa ${receiverIds.at(-1)}`);
  }
  expect(await listed()).toBe(before);
  const ok = await t.api('POST', '/api/v1/schedules', { ...base, receiverIds: ['rx-dong-1'] });
  expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  const edit = await t.api('PUT', `/api/v1/schedules/${ok.body.id}`, { ...base, receiverIds: ['rx-dong-2'] });
  expect(edit.status).toBe(400);
  expect(edit.body.error).toBe('Không có cụm loa rx-dong-2');
  expect((await t.api('GET', `/api/v1/schedules/${ok.body.id}`)).body.receiverIds).toEqual(['rx-dong-1']);
});
