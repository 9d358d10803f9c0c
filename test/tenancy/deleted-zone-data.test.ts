// A zone's own settings, lexicon additions, greeting wording and amplifier
// hours are kept by its id. Deleting the zone left them behind, and a zone
// made later with the same id — another commune, elsewhere in the tree —
// spoke with the old commune's lexicon, greeted in its name and inherited
// its settings. They now go with the zone.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  for (const z of [
    { id: 'huyen-x', name: 'Huyện X', kind: 'district' },
    { id: 'huyen-y', name: 'Huyện Y', kind: 'district' },
    { id: 'xa-cu', name: 'Xã Cũ', kind: 'commune', parentId: 'huyen-x' },
  ]) expect((await t.api('POST', '/api/v1/zones', z)).status).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

it('a zone made again with the id of a deleted one has none of its settings, lexicon, templates or amplifier hours', async () => {
  const templateId = (await t.api('GET', '/api/v1/templates')).body[0].id as string;
  const own = [
    await t.api('PATCH', '/api/v1/settings', { zoneId: 'xa-cu', communeName: 'Xã Cũ', chairmanName: 'Nguyễn Văn Cũ' }),
    await t.api('PUT', '/api/v1/lexicon', { zoneId: 'xa-cu', term: 'QXC', spoken: 'quỹ xã cũ' }),
    await t.api('PUT', `/api/v1/templates/${templateId}`, { zoneId: 'xa-cu', text: 'Lời chúc riêng của xã cũ' }),
    await t.api('PUT', '/api/v1/zones/xa-cu/power-schedule', { on: '05:00', off: '21:00' }),
  ];
  expect(own.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  const spoken = async () => (await t.api('POST', '/api/v1/speech/normalize', { zoneId: 'xa-cu', text: 'QXC' })).body.spoken as string;
  expect(await spoken()).toContain('quỹ xã cũ');

  const gone = await t.api('DELETE', '/api/v1/zones/xa-cu');
  expect(gone.status, JSON.stringify(gone.body)).toBe(204);
  expect((await t.api('POST', '/api/v1/zones', { id: 'xa-cu', name: 'Xã Mới', kind: 'commune', parentId: 'huyen-y' })).status).toBe(201);

  const settings = await t.api('GET', '/api/v1/settings?zoneId=xa-cu');
  expect(settings.body.ownKeys).toEqual([]);
  expect(settings.body.chairmanName).not.toBe('Nguyễn Văn Cũ');
  const lexicon = await t.api('GET', '/api/v1/lexicon?zoneId=xa-cu');
  expect(lexicon.body.filter((e: { zoneId: string | null }) => e.zoneId === 'xa-cu')).toEqual([]);
  // Speech reads the lexicon from memory: that must not keep the old commune's entry either.
  expect(await spoken()).not.toContain('quỹ xã cũ');
  const templates = await t.api('GET', '/api/v1/templates?zoneId=xa-cu');
  expect(templates.body.find((x: { id: string }) => x.id === templateId)).toMatchObject({ zoneId: null });
  expect(templates.body.some((x: { text: string }) => x.text.includes('xã cũ'))).toBe(false);
  expect((await t.api('GET', '/api/v1/zones/xa-cu/power-schedule')).body).toEqual({ zoneId: 'xa-cu', on: null, off: null });
});

it('a zone that has broadcasts in its history is kept with a 409 that says why (it was a 500: the history refers to it)', async () => {
  expect((await t.api('POST', '/api/v1/zones', { id: 'thon-sap-nhap', name: 'Thôn Sáp Nhập', parentId: 'huyen-y' })).status).toBe(201);
  const later = await t.api('POST', '/api/v1/broadcasts', { title: 'Họp thôn', text: 'Kính mời bà con dự họp thôn.', zoneIds: ['thon-sap-nhap'], startAt: new Date(Date.now() + 3_600_000).toISOString() });
  expect(later.status).toBe(201);
  expect((await t.api('POST', `/api/v1/broadcasts/${later.body.id}/cancel`)).status).toBe(200);
  const refused = await t.api('DELETE', '/api/v1/zones/thon-sap-nhap');
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ code: 'zone_has_history', error: expect.stringMatching(/nhật ký phát thanh/) });
  expect((await t.api('GET', '/api/v1/zones')).body.some((z: { id: string }) => z.id === 'thon-sap-nhap')).toBe(true);
  expect((await t.api('GET', `/api/v1/broadcasts/${later.body.id}`)).status).toBe(200);
});
