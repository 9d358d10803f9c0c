// Accounts and API tokens hold their scope by zone id. A zone could be
// deleted while accounts, tokens or a downstream link were scoped to it: the
// accounts went on with a dangling scope, and as soon as anyone made a zone
// with the same id — another district, in another part of the tree — those
// accounts administered it and everything under it. Deleting such a zone is
// now a 409 until they are moved or removed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  for (const z of [
    { id: 'huyen-x', name: 'Huyện X', kind: 'district' },
    { id: 'huyen-y', name: 'Huyện Y', kind: 'district' },
    { id: 'xa-moi', name: 'Xã mới', kind: 'commune', parentId: 'huyen-x' },
  ]) expect((await t.api('POST', '/api/v1/zones', z)).status).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

it('a zone that accounts, tokens or a link are scoped to is not deleted; once they are gone it is', async () => {
  const user = await t.api('POST', '/api/v1/users', { username: 'canbo-moi', role: 'officer', password: 'mat-khau-dai-hon', zoneId: 'xa-moi' });
  const token = await t.api('POST', '/api/v1/tokens', { name: 'tu-dong', role: 'admin', zoneId: 'xa-moi' });
  const link = await t.api('POST', '/api/v1/downstreams', { zoneId: 'xa-moi' });
  expect([user.status, token.status, link.status]).toEqual([201, 201, 201]);

  const refused = await t.api('DELETE', '/api/v1/zones/xa-moi');
  expect(refused.status).toBe(409);
  expect(refused.body.code).toBe('zone_in_use');
  // Another district making a zone of that id is refused too: it still exists.
  expect((await t.api('POST', '/api/v1/zones', { id: 'xa-moi', name: 'Xã của Y', kind: 'commune', parentId: 'huyen-y' })).status).toBe(409);
  const asOrphan = () => fetch(`${t.baseUrl}/api/v1/zones`, { headers: { authorization: `Bearer ${token.body.token}` } }).then((r) => r.json() as Promise<{ id: string }[]>);
  expect((await asOrphan()).map((z) => z.id)).toEqual(['xa-moi']);

  const gone = await t.api('DELETE', `/api/v1/users/${user.body.id}`);
  expect(gone.status, JSON.stringify(gone.body)).toBe(204);
  expect((await t.api('DELETE', '/api/v1/zones/xa-moi')).status).toBe(409);
  expect((await t.api('DELETE', `/api/v1/tokens/${token.body.id}`)).status).toBe(204);
  expect((await t.api('DELETE', '/api/v1/zones/xa-moi')).status).toBe(409);
  expect((await t.api('DELETE', `/api/v1/downstreams/${link.body.id}`)).status).toBe(204);
  const done = await t.api('DELETE', '/api/v1/zones/xa-moi');
  expect(done.status, JSON.stringify(done.body)).toBe(204);
});
