// GET /zones/{id}/power-schedule for a zone that does not exist answered 200
// `{"zoneId":<whatever was in the path>,"on":null,"off":null}` — for any
// string, ids no zone may have (RTL marks, 3000 characters) included —
// while PUT and DELETE on the same path answer 404. A client (the panel, a
// script) could not tell a typo from a zone without hours. It is a 404 now.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'xa-binh-minh', name: 'Xã Bình Minh' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-dong', name: 'Thôn Đông', parentId: 'xa-binh-minh' });
});
afterAll(async () => {
  await t?.close();
});

it('a zone that does not exist: 404 in Vietnamese first, as PUT and DELETE answer', async () => {
  for (const id of ['thon-khong-co', '__proto__', 'constructor', encodeURIComponent('\u202eص'), 'a'.repeat(3000)]) {
    const get = await t.api('GET', `/api/v1/zones/${id}/power-schedule`);
    expect(get.status, `GET ${id.slice(0, 40)}: ${JSON.stringify(get.body).slice(0, 200)}`).toBe(404);
    expect(get.body.error).toMatch(/^Không có khu vực/);
  }
  expect((await t.api('PUT', '/api/v1/zones/thon-khong-co/power-schedule', { on: '05:00', off: '22:00' })).status).toBe(404);
  expect((await t.api('DELETE', '/api/v1/zones/thon-khong-co/power-schedule')).status).toBe(404);
});

it('a zone that exists shows its own hours, or those it inherits, or none', async () => {
  expect((await t.api('GET', '/api/v1/zones/thon-dong/power-schedule')).body).toEqual({ zoneId: 'thon-dong', on: null, off: null });
  expect((await t.api('PUT', '/api/v1/zones/xa-binh-minh/power-schedule', { on: '05:00', off: '22:00' })).status).toBe(200);
  expect((await t.api('GET', '/api/v1/zones/thon-dong/power-schedule')).body).toEqual({ zoneId: 'thon-dong', on: '05:00', off: '22:00' });
});
