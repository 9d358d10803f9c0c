// A schedule naming a receiver that does not exist was saved (201) and
// approved, and aired to nobody, where a broadcast with the same target is a
// 400. Schedules now check receivers as broadcasts do, on create and on edit.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

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

it('a receiver a schedule airs to cannot be deleted (409 receiver_in_use, as for a zone)', async () => {
  expect((await t.api('POST', '/api/v1/receivers', { id: 'rx-dong-3', name: 'Đông 3', zoneId: 'thon-dong' })).status).toBe(201);
  const at = new Date(Date.now() + 3 * 86_400_000).toISOString();
  const s = await t.api('POST', '/api/v1/schedules', { kind: 'once', at, title: 'Loa Đông 3', text: 'Thử loa.', receiverIds: ['rx-dong-3'] });
  expect(s.status).toBe(201);
  const refused = await t.api('DELETE', '/api/v1/receivers/rx-dong-3');
  expect(refused).toMatchObject({ status: 409, body: { code: 'receiver_in_use' } });
  expect(refused.body.error).toContain('Loa Đông 3');
  // Once the schedule no longer names it, it goes.
  expect((await t.api('DELETE', `/api/v1/schedules/${s.body.id}`)).status).toBe(200);
  expect((await t.api('DELETE', '/api/v1/receivers/rx-dong-3')).status).toBe(204);
});

it('a receiver deleted before that rule, still named by a schedule: its occurrence airs to the rest and says so, or is missed with the reason, and later items are not held up', async () => {
  for (const id of ['rx-cu-1', 'rx-cu-2']) expect((await t.api('POST', '/api/v1/receivers', { id, name: id, zoneId: 'thon-dong' })).status).toBe(201);
  const at = new Date(Date.now() + 4000).toISOString();
  const make = async (title: string, targets: object) => {
    const r = await t.api('POST', '/api/v1/schedules', { kind: 'once', at, title, text: 'Kính mời bà con dự họp thôn.', ...targets });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const mixed = await make('Thôn và loa cũ', { zoneIds: ['thon-dong'], receiverIds: ['rx-cu-1'] });
  const only = await make('Chỉ loa cũ', { receiverIds: ['rx-cu-2'] });
  const plain = await make('Thôn Đông', { zoneIds: ['thon-dong'] });
  // Gone as they went before deletions checked schedules.
  await t.server.database.db.deleteFrom('receivers').where('id', 'in', ['rx-cu-1', 'rx-cu-2']).execute();
  const from = new Date(Date.now() - 60_000).toISOString();
  const occurrence = async (scheduleId: string) => (await t.api('GET', `/api/v1/occurrences?from=${from}`)).body.find((o: any) => o.scheduleId === scheduleId);
  const settled = (scheduleId: string) =>
    waitFor(async () => {
      const o = await occurrence(scheduleId);
      return o && !['planned', 'rendering', 'ready', 'projected'].includes(o.state) ? o : null;
    }, 30_000, `${scheduleId} past ready`);
  const [m, o, p] = [await settled(mixed), await settled(only), await settled(plain)];
  expect(m.broadcastId).toBeTruthy();
  expect(m.reason).toMatch(/no longer exist.*rx-cu-1/);
  const b = (await t.api('GET', `/api/v1/broadcasts/${m.broadcastId}`)).body;
  expect(b).toMatchObject({ zoneIds: ['thon-dong'], receiverIds: [] });
  expect(o).toMatchObject({ state: 'missed', broadcastId: null });
  expect(o.reason).toMatch(/no longer exist.*rx-cu-2/);
  expect(p.broadcastId).toBeTruthy();
});
