// A broadcast's times are sent to receivers as they are: startAt in year 0
// with expiresAt in 9999 was accepted (201), aired at once and stayed open for
// every offline receiver for eight thousand years; a bulletin took the same.
// Times outside the protocol's years (2000–2099) are now a 400 naming the
// field, and nothing is stored.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'huyen', name: 'Huyện', kind: 'district' });
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã', kind: 'commune', parentId: 'huyen' });
  await t.api('POST', '/api/v1/zones', { id: 'thon', name: 'Thôn', parentId: 'xa' });
});
afterAll(async () => {
  await t?.close();
});

const base = { title: 'Thông báo', text: 'Kính mời bà con dự họp.', zoneIds: ['thon'] };
const BAD: [string, Record<string, string>][] = [
  ['startAt', { startAt: '0000-01-01T00:00:00Z', expiresAt: '9999-01-01T00:00:00Z' }],
  ['startAt', { startAt: '1970-01-01T00:00:00Z' }],
  ['startAt', { startAt: '9999-12-31T00:00:00Z' }],
  ['expiresAt', { expiresAt: '9999-01-01T00:00:00Z' }],
  ['expiresAt', { startAt: new Date(Date.now() + 60_000).toISOString(), expiresAt: '2100-01-01T00:00:00Z' }],
];

it('a broadcast outside 2000–2099 is a 400 naming the field, and nothing is stored', async () => {
  const before = (await t.api('GET', '/api/v1/broadcasts?limit=500')).body.length;
  for (const [field, times] of BAD) {
    const r = await t.api('POST', '/api/v1/broadcasts', { ...base, ...times });
    expect(r.status, JSON.stringify(times)).toBe(400);
    expect(r.body.error).toContain(field);
  }
  expect((await t.api('GET', '/api/v1/broadcasts?limit=500')).body.length).toBe(before);
  expect((await t.api('POST', '/api/v1/broadcasts', { ...base, startAt: new Date(Date.now() + 3600_000).toISOString() })).status).toBe(201);
});

it('a bulletin and its placement take the same bounds', async () => {
  for (const [field, times] of BAD) {
    const r = await t.api('POST', '/api/v1/bulletins', { title: 'Bản tin', text: 'Nội dung bản tin.', level: 'normal', zoneIds: ['xa'], ...times });
    expect(r.status, JSON.stringify(times)).toBe(400);
    expect(r.body.error).toContain(field);
  }
  const sent = await t.api('POST', '/api/v1/bulletins', { title: 'Bản tin', text: 'Nội dung bản tin.', level: 'normal', zoneIds: ['xa'] });
  expect(sent.status).toBe(201);
  const placed = await t.api('POST', `/api/v1/bulletins/${sent.body.id}/place`, { startAt: '0001-01-01T00:00:00Z' });
  expect(placed.status).toBe(400);
  expect(placed.body.error).toContain('startAt');
  expect((await t.api('GET', `/api/v1/bulletins/${sent.body.id}`)).body.communes[0].state).toBe('received');
});
