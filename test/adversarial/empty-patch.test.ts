// A PATCH that names nothing to change: `{}`, or only fields the API does not
// know (stripped by validation). On a receiver or an account it built an
// `UPDATE … SET WHERE` with no column and answered 500; the settings took an
// array body as an object of its indexes, answered 200 and audited a change.
// Each is now a 400 in the API's words, and nothing is changed or audited.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
let userId: string;

beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã Bình Minh' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-dong', name: 'Thôn Đông', parentId: 'xa' });
  expect((await t.api('POST', '/api/v1/receivers', { id: 'rx-dong-1', name: 'Cụm loa 1', zoneId: 'thon-dong' })).status).toBe(201);
  const u = await t.api('POST', '/api/v1/users', { username: 'canbo', role: 'officer', password: 'mat-khau-dai-1234', zoneId: 'xa' });
  expect(u.status).toBe(201);
  userId = u.body.id;
});
afterAll(async () => {
  await t?.close();
});

async function patch(path: string, body: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${t.baseUrl}${path}`, { method: 'PATCH', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body });
  return { status: res.status, body: await res.json() };
}

it('a receiver or an account patched with nothing to change: 400 naming what may change, not a 500', async () => {
  const receiverBefore = (await t.api('GET', '/api/v1/receivers/rx-dong-1')).body;
  const userBefore = (await t.api('GET', '/api/v1/users')).body.find((u: any) => u.id === userId);
  for (const body of ['{}', '{"unknown":1}', '{"__proto__":{"admin":true}}']) {
    const r = await patch('/api/v1/receivers/rx-dong-1', body);
    expect(r.status, `receiver ${body}`).toBe(400);
    expect(r.body).toMatchObject({ code: 'invalid_request' });
    expect(r.body.error).toMatch(/^Yêu cầu không hợp lệ/);
    expect(r.body.error).toContain('nothing to change');
    const u = await patch(`/api/v1/users/${userId}`, body);
    expect(u.status, `user ${body}`).toBe(400);
    expect(u.body).toMatchObject({ code: 'invalid_request' });
    expect(u.body.error).toMatch(/^Yêu cầu không hợp lệ/);
  }
  expect((await t.api('GET', '/api/v1/receivers/rx-dong-1')).body).toEqual(receiverBefore);
  expect((await t.api('GET', '/api/v1/users')).body.find((u: any) => u.id === userId)).toEqual(userBefore);
  // A real change still goes through.
  expect((await patch('/api/v1/receivers/rx-dong-1', '{"name":"Cụm loa Đông 1"}')).body.name).toBe('Cụm loa Đông 1');
  expect((await patch(`/api/v1/users/${userId}`, '{"displayName":"Cán bộ Đông"}')).body.displayName).toBe('Cán bộ Đông');
});

it('settings patched with an array instead of an object: 400, nothing audited', async () => {
  const audited = async () => (await t.api('GET', '/api/v1/audit?action=settings.')).body.length;
  const before = await audited();
  for (const body of ['[1,2,3]', '["communeName"]', '[]']) {
    const r = await patch('/api/v1/settings?zoneId=xa', body);
    expect(r.status, body).toBe(400);
    expect(r.body).toMatchObject({ code: 'invalid_request' });
    expect(r.body.error).toMatch(/^Yêu cầu không hợp lệ/);
  }
  expect(await audited()).toBe(before);
  const ok = await patch('/api/v1/settings?zoneId=xa', '{"chairmanName":"Trần Văn Minh"}');
  expect(ok.status).toBe(200);
  expect(ok.body.chairmanName).toBe('Trần Văn Minh');
  expect(await audited()).toBe(before + 1);
});
