// Greeting templates: a placeholder named after one of Object's own members
// ("{constructor}", "{toString}", "{__proto__}") was filled with it, so the
// loudspeakers would read "function Object() { [native code] }" in the
// chairman's greeting; and a preview date outside the lunar calendar's years
// was a 500.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { fillTemplate } from '../../src/scheduling/templates.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã Bình Minh', kind: 'commune' });
});
afterAll(async () => {
  await t?.close();
});

it('fills only its own placeholders; any other stays as written', () => {
  const text = fillTemplate('Kính chúc {constructor} {toString} {__proto__} {hasOwnProperty} {ten_xa} {khong_co}', { date: '2027-01-01', communeName: 'Xã Bình Minh', chairmanTitle: 'Chủ tịch', chairmanName: 'An' });
  expect(text).toBe('Kính chúc {constructor} {toString} {__proto__} {hasOwnProperty} Xã Bình Minh {khong_co}');
});

it('the preview reads the same, and a date outside 1930–2100 is a 400', async () => {
  expect((await t.api('PUT', '/api/v1/templates/chuc-tet-duong-lich?zoneId=xa', { text: 'Kính chúc {constructor} {toString} nhân dân {ten_xa}' })).status).toBe(200);
  const preview = await t.api('GET', '/api/v1/templates/chuc-tet-duong-lich/preview?zoneId=xa&date=2027-01-01');
  expect(preview.status).toBe(200);
  expect(preview.body.text).not.toMatch(/native code|function|\[object/);
  for (const date of ['0001-01-01', '1929-12-31', '2101-01-01', '9999-12-31']) {
    const r = await t.api('GET', `/api/v1/templates/chuc-tet-duong-lich/preview?zoneId=xa&date=${date}`);
    expect(r.status, date).toBe(400);
    expect(r.body.error).toMatch(/1930/);
  }
});
