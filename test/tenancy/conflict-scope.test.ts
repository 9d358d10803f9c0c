// A conflict answer named the other item's targets whole: a district item
// airing in two communes' hamlets told an officer of one commune, in a 409
// (the commune blocks conflicts) or in the warnings of a 201, the other
// commune's hamlet ids (ids are global; they are what every other route
// hides). The targets are now cut to what the asker may see, as a
// broadcast's own view cuts them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
let officerA: string;
const at = new Date(Date.now() + 3 * 86_400_000);
at.setUTCSeconds(0, 0);

beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'huyen', name: 'Huyện', kind: 'district' });
  for (const x of ['a', 'b']) {
    await t.api('POST', '/api/v1/zones', { id: `xa-${x}`, name: `Xã ${x}`, parentId: 'huyen', kind: 'commune' });
    await t.api('POST', '/api/v1/zones', { id: `thon-${x}`, name: `Thôn ${x}`, parentId: `xa-${x}` });
  }
  officerA = await t.server.tokens.create('officer-a', 'officer', null, undefined, 'xa-a');
  // The district's item, in a hamlet of each commune.
  const district = await t.api('POST', '/api/v1/broadcasts', { title: 'Thông báo của huyện', text: 'Huyện thông báo lịch cắt điện.', zoneIds: ['thon-a', 'thon-b'], startAt: at.toISOString() });
  expect(district.status).toBe(201);
  const rule = await t.api('POST', '/api/v1/schedules', { title: 'Lịch của huyện', text: 'Bản tin của huyện.', zoneIds: ['thon-a', 'thon-b', 'huyen'], kind: 'once', at: new Date(at.getTime() + 3_600_000).toISOString() });
  expect(rule.status).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

const named = (body: any) => JSON.stringify(body.conflicts ?? []);

it('the warnings of a 201 name none of another commune\'s hamlets', async () => {
  const res = await t.api('POST', '/api/v1/broadcasts', { title: 'Của xã A', text: 'Xã A thông báo họp dân.', zoneIds: ['thon-a'], startAt: at.toISOString() }, officerA);
  expect(res.status).toBe(201);
  expect(res.body.conflicts).toHaveLength(1);
  expect(res.body.conflicts[0]).toMatchObject({ title: 'Thông báo của huyện', zoneId: 'thon-a', zoneIds: ['thon-a'] });
  expect(named(res.body)).not.toContain('thon-b');
  const schedule = await t.api('POST', '/api/v1/schedules', { title: 'Lịch của xã A', text: 'Xã A.', zoneIds: ['thon-a'], kind: 'once', at: new Date(at.getTime() + 3_600_000).toISOString() }, officerA);
  expect(schedule.status).toBe(201);
  expect(schedule.body.conflicts[0]).toMatchObject({ title: 'Lịch của huyện', zoneIds: ['thon-a', 'huyen'] });
  expect(named(schedule.body)).not.toContain('thon-b');
});

it('nor does the 409 when the commune blocks conflicts; the whole system still sees every target', async () => {
  expect((await t.api('PATCH', '/api/v1/settings', { zoneId: 'xa-a', conflictMode: 'block' })).status).toBe(200);
  const refused = await t.api('POST', '/api/v1/broadcasts', { title: 'Của xã A lần hai', text: 'Xã A thông báo.', zoneIds: ['thon-a'], startAt: at.toISOString() }, officerA);
  expect(refused.status).toBe(409);
  expect(refused.body.code).toBe('conflict');
  expect(refused.body.conflicts[0].zoneIds).toEqual(['thon-a']);
  expect(JSON.stringify(refused.body)).not.toContain('thon-b');
  const schedule = await t.api('POST', '/api/v1/schedules', { title: 'Lịch xã A lần hai', text: 'Xã A.', zoneIds: ['thon-a'], kind: 'once', at: new Date(at.getTime() + 3_600_000).toISOString() }, officerA);
  expect(schedule.status).toBe(409);
  expect(JSON.stringify(schedule.body)).not.toContain('thon-b');
  // The admin of the whole system is told everything.
  const admin = await t.api('POST', '/api/v1/broadcasts', { title: 'Của hệ thống', text: 'Thông báo.', zoneIds: ['thon-a'], startAt: at.toISOString() });
  expect(admin.status).toBe(409);
  expect(admin.body.conflicts.find((c: any) => c.title === 'Thông báo của huyện').zoneIds).toEqual(['thon-a', 'thon-b']);
});
