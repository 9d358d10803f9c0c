// The text normalizer's rules look around each word, so their cost grows
// with the square of a run of characters without a space: 4 000 copies of
// "ắ" took 8 s, 20 000 almost three minutes, all of it on the event loop
// (acks, dispatch and every HTTP answer wait), and the API takes texts of
// 100 000 characters — one officer's request froze a province's server.
// A run over MAX_UNBROKEN_CHARS is refused (400 `unbroken_text`) before any
// rule runs, on every route that reads text aloud; nothing is stored.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_UNBROKEN_CHARS } from '../../src/speech/lexicon.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'huyen', name: 'Huyện Ý Yên', kind: 'district' });
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã Bình Minh', kind: 'commune', parentId: 'huyen' });
  await t.api('POST', '/api/v1/zones', { id: 'thon', name: 'Thôn Đông', parentId: 'xa' });
});
afterAll(async () => {
  await t?.close();
});

const hostile = [
  ['20 000 × "ắ"', 'ắ'.repeat(20_000)],
  ['"ắ." × 10 000 (punctuation is no space)', 'ắ.'.repeat(10_000)],
  ['a sentence, then a 5 000-character word', `Ủy ban nhân dân xã thông báo: ${'đ'.repeat(5000)} xin cảm ơn.`],
] as const;

it(`a run of more than ${MAX_UNBROKEN_CHARS} characters without a space: 400 unbroken_text at once, on every route that reads text, nothing stored`, async () => {
  const at = new Date(Date.now() + 3_600_000).toISOString();
  const before = {
    broadcasts: (await t.api('GET', '/api/v1/broadcasts')).body.length,
    schedules: (await t.api('GET', '/api/v1/schedules')).body.length,
    bulletins: (await t.api('GET', '/api/v1/bulletins')).body.length,
  };
  for (const [what, text] of hostile) {
    const calls: [string, string, unknown][] = [
      ['POST', '/api/v1/speech/normalize', { text }],
      ['POST', '/api/v1/broadcasts', { title: 'Thông báo', text, zoneIds: ['xa'], startAt: at }],
      ['POST', '/api/v1/emergency', { text, zoneIds: ['thon'] }],
      ['POST', '/api/v1/schedules', { title: 'Lịch', text, zoneIds: ['xa'], kind: 'once', at }],
      ['POST', '/api/v1/bulletins', { title: 'Bản tin', text, level: 'normal', zoneIds: ['xa'] }],
      // Confirming every unreadable sentence does not let such a run through to the render.
      ['POST', '/api/v1/broadcasts', { title: 'Thông báo', text, zoneIds: ['xa'], startAt: at, confirmUnreadable: true }],
      ['POST', '/api/v1/emergency', { text, zoneIds: ['thon'], confirmUnreadable: true }],
      ['POST', '/api/v1/schedules', { title: 'Lịch', text, zoneIds: ['xa'], kind: 'once', at, confirmUnreadable: true }],
    ];
    for (const [method, path, body] of calls) {
      const started = Date.now();
      const r = await t.api(method, path, body);
      const took = Date.now() - started;
      expect(r.status, `${what}: ${method} ${path} → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`).toBe(400);
      expect(r.body.code).toBe('unbroken_text');
      expect(r.body.error).toMatch(/^Nội dung có một chuỗi \d+ ký tự liền nhau không có dấu cách/);
      expect(took, `${what}: ${method} ${path} took ${took} ms`).toBeLessThan(2000);
    }
  }
  expect((await t.api('GET', '/api/v1/broadcasts')).body.length).toBe(before.broadcasts);
  expect((await t.api('GET', '/api/v1/schedules')).body.length).toBe(before.schedules);
  expect((await t.api('GET', '/api/v1/bulletins')).body.length).toBe(before.bulletins);
}, 120_000);

it(`up to ${MAX_UNBROKEN_CHARS} characters without a space is read as before (a long web address, say)`, async () => {
  const url = 'https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001234';
  expect(url.length).toBeLessThanOrEqual(MAX_UNBROKEN_CHARS);
  const r = await t.api('POST', '/api/v1/speech/normalize', { text: `Bà con tra cứu thủ tục tại ${url} nhé.` });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const edge = await t.api('POST', '/api/v1/speech/normalize', { text: `Mã ${'a1'.repeat(MAX_UNBROKEN_CHARS / 2)}.` });
  expect(edge.status).toBe(400);
  const fits = await t.api('POST', '/api/v1/speech/normalize', { text: `Mã ${'a1'.repeat(MAX_UNBROKEN_CHARS / 2 - 1)} ạ.` });
  expect(fits.status, JSON.stringify(fits.body)).toBe(200);
});
