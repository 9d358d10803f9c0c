// The commune picker (X-Loa-Zone) narrows every authenticated route, and the
// bulletin routes read the account's own zone instead: a district officer who
// picked commune A saw every commune's copies in the inbox and could place or
// decline commune B's. Reading and handling now follow the picker; sending
// stays the account's (a bulletin is sent from above the communes).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
let district: string;
let chairman: string;

beforeAll(async () => {
  t = await startTestServer();
  for (const z of [
    { id: 'huyen', name: 'Huyện Thử', kind: 'district' },
    { id: 'xa-a', name: 'Xã Bình Minh', parentId: 'huyen', kind: 'commune' },
    { id: 'xa-b', name: 'Xã An Phú', parentId: 'huyen', kind: 'commune' },
    { id: 'thon-a1', name: 'Thôn Đông', parentId: 'xa-a' },
    { id: 'thon-b1', name: 'Ấp Một', parentId: 'xa-b' },
  ]) {
    expect((await t.api('POST', '/api/v1/zones', z)).status).toBe(201);
  }
  district = await t.server.tokens.create('huyen-officer', 'officer', null, undefined, 'huyen');
  chairman = await t.server.tokens.create('huyen-chairman', 'chairman', null, undefined, 'huyen');
});
afterAll(async () => {
  await t?.close();
});

/** A call as the district officer, with the commune picked (or none). */
async function asDistrict(method: string, path: string, picked: string | null, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { authorization: `Bearer ${district}`, 'content-type': 'application/json' };
  if (picked) headers['x-loa-zone'] = picked;
  const res = await fetch(`${t.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

it('a district officer who picked commune A reads and handles commune A copies only; with no pick, every commune', async () => {
  const sent = await t.api('POST', '/api/v1/bulletins', { title: 'Chính quyền thân thiện', text: 'Đề nghị các xã tuyên truyền mô hình Chính quyền thân thiện: bốn xin, bốn luôn, năm không.', level: 'normal', zoneIds: ['huyen'] }, chairman);
  expect(sent.status).toBe(201);
  const id = sent.body.id as string;

  const inboxOf = async (picked: string | null) => (await asDistrict('GET', '/api/v1/bulletins?inbox=true', picked)).body.filter((i: any) => i.id === id).map((i: any) => i.zoneId);
  expect(await inboxOf(null)).toEqual(['xa-a', 'xa-b']);
  expect(await inboxOf('xa-a')).toEqual(['xa-a']);
  expect(await inboxOf('xa-b')).toEqual(['xa-b']);

  const viewA = await asDistrict('GET', `/api/v1/bulletins/${id}`, 'xa-a');
  expect(viewA.status).toBe(200);
  expect(viewA.body.communes.map((c: any) => c.zoneId)).toEqual(['xa-a']);
  const sentList = await asDistrict('GET', '/api/v1/bulletins', 'xa-a');
  expect(sentList.body.find((b: any) => b.id === id).communes.map((c: any) => c.zoneId)).toEqual(['xa-a']);

  // Commune B is outside the pick: not declined from commune A's page.
  const other = await asDistrict('POST', `/api/v1/bulletins/${id}/decline`, 'xa-a', { zoneId: 'xa-b', reason: 'Đã phát nội dung tương tự' });
  expect(other).toMatchObject({ status: 403, body: { code: 'out_of_scope' } });
  // With one commune picked, the commune need not be named: the pick is it.
  const startAt = new Date(Date.now() + 3_600_000).toISOString();
  const placed = await asDistrict('POST', `/api/v1/bulletins/${id}/place`, 'xa-a', { startAt });
  expect(placed.status).toBe(200);
  expect(placed.body.communes.map((c: any) => [c.zoneId, c.state])).toEqual([['xa-a', 'placed']]);

  // Without a pick, both communes show, B still waiting.
  const all = await asDistrict('GET', `/api/v1/bulletins/${id}`, null);
  expect(all.body.communes.map((c: any) => [c.zoneId, c.state])).toEqual([
    ['xa-a', 'placed'],
    ['xa-b', 'received'],
  ]);
  // The pick only narrows: a zone outside the account is refused.
  await t.api('POST', '/api/v1/zones', { id: 'huyen-khac', name: 'Huyện khác', kind: 'district' });
  expect((await asDistrict('GET', '/api/v1/bulletins?inbox=true', 'huyen-khac')).status).toBe(403);
});
