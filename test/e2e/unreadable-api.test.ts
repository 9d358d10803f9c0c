// The unreadable-text guard through the API: text a voice would misread is
// refused with the sentences and the reason until the officer confirms them;
// clean text goes through as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
let officer: string;
beforeAll(async () => {
  t = await startTestServer();
  officer = await t.tokenFor('officer');
  await t.api('POST', '/api/v1/zones', { id: 'thon-1', name: 'Thôn 1' });
});
afterAll(async () => {
  await t?.close();
});

const DAMAGED = 'Kính mời bà con dự họp. Họp T6 dân phố vào tối nay. Kinh gui ba con nhan dan trong xa ve viec tiem phong.';

describe('unreadable text', () => {
  it('is refused with 422, the sentences and the reason, and nothing is created', async () => {
    const before = (await t.api('GET', '/api/v1/broadcasts')).body.length;
    const res = await t.api('POST', '/api/v1/broadcasts', { title: 'Họp', text: DAMAGED, zoneIds: ['thon-1'] }, officer);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('unreadable_text');
    expect(res.body.error).toMatch(/^Có 2 câu giọng đọc không đọc đúng/);
    expect(res.body.unreadable).toMatchObject([
      { index: 1, sentence: 'Họp T6 dân phố vào tối nay.', reason: 'mixed-token', terms: ['T6'] },
      { index: 2, reason: 'missing-diacritics' },
    ]);
    expect((await t.api('GET', '/api/v1/broadcasts')).body.length).toBe(before);
  });

  it('goes out once every flagged sentence is confirmed, one by one or all at once', async () => {
    const partly = await t.api('POST', '/api/v1/broadcasts', { title: 'Họp', text: DAMAGED, zoneIds: ['thon-1'], confirmUnreadable: ['Họp T6 dân phố vào tối nay.'] }, officer);
    expect(partly.status).toBe(422);
    expect(partly.body.unreadable.map((u: any) => u.index)).toEqual([2]);

    const sentences = (await t.api('POST', '/api/v1/broadcasts', { title: 'Họp', text: DAMAGED, zoneIds: ['thon-1'] }, officer)).body.unreadable.map((u: any) => u.sentence);
    const each = await t.api('POST', '/api/v1/broadcasts', { title: 'Họp', text: DAMAGED, zoneIds: ['thon-1'], confirmUnreadable: sentences }, officer);
    expect(each.status).toBe(201);
    const all = await t.api('POST', '/api/v1/broadcasts', { title: 'Họp', text: DAMAGED, zoneIds: ['thon-1'], confirmUnreadable: true }, officer);
    expect(all.status).toBe(201);
  });

  it('holds an emergency too, until confirmed', async () => {
    const text = 'Nước lũ lên nhanh, bà con sơ tán khỏi khu vực c6 bờ sông.';
    const res = await t.api('POST', '/api/v1/emergency', { text, zoneIds: ['thon-1'], repeat: 1 });
    expect(res.status).toBe(422);
    expect(res.body.unreadable[0]).toMatchObject({ reason: 'mixed-token', terms: ['c6'] });
    expect((await t.api('POST', '/api/v1/emergency', { text, zoneIds: ['thon-1'], repeat: 1, confirmUnreadable: true })).status).toBe(201);
  });

  it('holds a schedule the same way', async () => {
    const at = new Date(Date.now() + 86_400_000).toISOString();
    const res = await t.api('POST', '/api/v1/schedules', { title: 'Họp', text: DAMAGED, zoneIds: ['thon-1'], kind: 'once', at }, officer);
    expect(res.status).toBe(422);
    expect(res.body.unreadable).toHaveLength(2);
    expect((await t.api('GET', '/api/v1/schedules')).body).toEqual([]);
    const ok = await t.api('POST', '/api/v1/schedules', { title: 'Họp', text: DAMAGED, zoneIds: ['thon-1'], kind: 'once', at, confirmUnreadable: true }, officer);
    expect(ok.status).toBe(201);
    const put = await t.api('PUT', `/api/v1/schedules/${ok.body.id}`, { title: 'Họp', text: 'Họp c6 thôn.', zoneIds: ['thon-1'], kind: 'once', at }, officer);
    expect(put.status).toBe(422);
  });

  it('lets clean text through without any confirmation, as before', async () => {
    const res = await t.api('POST', '/api/v1/broadcasts', { title: 'Tiêm chủng', text: 'Sáng thứ Hai, trạm y tế xã tiêm phòng cho trẻ dưới 5 tuổi. Lịch trực T2, T4, T6 hàng tuần.', zoneIds: ['thon-1'] });
    expect(res.status).toBe(201);
  });

  it('refuses a malformed confirmation with a 400', async () => {
    const res = await t.api('POST', '/api/v1/broadcasts', { title: 'Họp', text: DAMAGED, zoneIds: ['thon-1'], confirmUnreadable: 'yes' });
    expect(res.status).toBe(400);
  });

  it('reads the text as the commune it is for reads it: its own lexicon entries count', async () => {
    // A commune of the Highlands reads its people's words and names its hamlet's hall by a code; the shared lexicon takes them for damage.
    for (const [id, name, parentId] of [['xa-ea', 'Xã Ea Tiêu', undefined], ['buon-ea', 'Buôn Kram', 'xa-ea'], ['xa-khac', 'Xã Hòa Bình', undefined]] as const) {
      expect((await t.api('POST', '/api/v1/zones', { id, name, ...(parentId && { parentId }) })).status).toBe(201);
    }
    for (const [term, spoken, kind] of [['kpan', 'ghế dài', 'pronunciation'], ['knah', 'cồng', 'pronunciation'], ['B4', 'buôn Bốn', 'abbreviation']]) {
      expect((await t.api('PUT', '/api/v1/lexicon', { term, spoken, kind, zoneId: 'xa-ea' })).status).toBe(200);
    }
    const text = 'Mang kpan, knah lên nhà rông. Họp dân tại nhà văn hóa B4 lúc 19h tối nay.';
    expect((await t.api('POST', '/api/v1/speech/normalize', { text, zoneId: 'buon-ea' }, officer)).body).toMatchObject({ spoken: 'mang ghế dài, cồng lên nhà rông. họp dân tại nhà văn hóa buôn bốn lúc mười chín giờ tối nay', unreadable: [] });
    const flagged = [
      { index: 0, reason: 'ocr-noise', terms: ['kpan', 'knah'] },
      { index: 1, reason: 'mixed-token', terms: ['B4'] },
    ];
    expect((await t.api('POST', '/api/v1/speech/normalize', { text, zoneId: 'xa-khac' }, officer)).body.unreadable).toMatchObject(flagged);

    // The officer's scope is the whole system: the commune is the one its targets lie in.
    const at = new Date(Date.now() + 86_400_000).toISOString();
    const ours = await t.api('POST', '/api/v1/broadcasts', { title: 'Lễ mừng lúa mới', text, zoneIds: ['buon-ea'], startAt: at }, officer);
    expect(ours.status, JSON.stringify(ours.body)).toBe(201);
    const theirs = await t.api('POST', '/api/v1/broadcasts', { title: 'Lễ mừng lúa mới', text, zoneIds: ['xa-khac'], startAt: at }, officer);
    expect(theirs.status).toBe(422);
    expect(theirs.body.unreadable).toMatchObject(flagged);
    expect((await t.api('POST', '/api/v1/emergency', { text, zoneIds: ['xa-ea'], repeat: 1 })).status).toBe(201);
    expect((await t.api('POST', '/api/v1/schedules', { title: 'Lễ', text, zoneIds: ['buon-ea'], kind: 'once', at }, officer)).status).toBe(201);
    expect((await t.api('POST', '/api/v1/schedules', { title: 'Lễ', text, zoneIds: ['xa-khac'], kind: 'once', at }, officer)).status).toBe(422);
  });

  it('shows the sentences in the reading preview', async () => {
    const res = await t.api('POST', '/api/v1/speech/normalize', { text: DAMAGED }, officer);
    expect(res.body.unreadable.map((u: any) => u.reason)).toEqual(['mixed-token', 'missing-diacritics']);
    expect(res.body.spoken).toContain('t6 dân phố');
  });
});
