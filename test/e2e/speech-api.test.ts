// The normalizer over HTTP, with the officers' lexicon from the database.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

it('reads official text the way an announcer would', async () => {
  const res = await t.api('POST', '/api/v1/speech/normalize', { text: 'Báo cáo trước ngày 15/12 hằng năm. Liên hệ 0987654321.' });
  expect(res.status).toBe(200);
  expect(res.body.spoken).toBe('báo cáo trước ngày mười lăm tháng mười hai hằng năm. liên hệ không chín tám bảy sáu năm bốn ba hai một');
  expect(res.body.warnings).toEqual([]);
});

it('warns about text that lost its diacritics instead of reading garbage', async () => {
  const res = await t.api('POST', '/api/v1/speech/normalize', { text: 'Xay dung va thuc hien mo hinh Chinh quyen than thien tren dia ban phuong Nam Trieu nam 2025.' });
  expect(res.body.warnings.map((w: any) => w.code)).toContain('missing-diacritics');
});

it("lets officers override the built-in readings, and refuses other roles", async () => {
  const before = (await t.api('POST', '/api/v1/speech/normalize', { text: 'Ban Thường vụ TU.' })).body.spoken;
  const officer = await t.tokenFor('officer');
  const put = await t.api('PUT', '/api/v1/lexicon', { term: 'TU', spoken: 'thành ủy', kind: 'abbreviation' }, officer);
  expect(put.status).toBe(200);
  const after = (await t.api('POST', '/api/v1/speech/normalize', { text: 'Ban Thường vụ TU.' })).body.spoken;
  expect(after).toBe('ban thường vụ thành ủy');
  expect(after).not.toBe(before);
  expect((await t.api('GET', '/api/v1/lexicon')).body).toMatchObject([{ term: 'TU', spoken: 'thành ủy', updatedBy: 'token:test-officer', updated_by: 'token:test-officer', updatedAt: expect.any(String) }]);
  const tech = await t.tokenFor('technician');
  expect((await t.api('PUT', '/api/v1/lexicon', { term: 'X', spoken: 'ích' }, tech)).status).toBe(403);
  expect((await t.api('DELETE', '/api/v1/lexicon/TU', undefined, officer)).status).toBe(204);
  expect((await t.api('DELETE', '/api/v1/lexicon/TU', undefined, officer)).status).toBe(404);
  expect((await t.api('POST', '/api/v1/speech/normalize', { text: 'Ban Thường vụ TU.' })).body.spoken).toBe(before);
});

it('refuses a huge text with a clear 400', async () => {
  const res = await t.api('POST', '/api/v1/speech/normalize', { text: 'a'.repeat(100_001) });
  expect(res.status).toBe(400);
  expect(res.body.error).toMatch(/dài quá 100000 ký tự/);
});
