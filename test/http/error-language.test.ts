// Error answers carry one language: Vietnamese unless the request prefers
// English (Accept-Language); the code and the other fields stay the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bilingual, preferredLang } from '../../src/http/messages.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
let officer: string;
let technician: string;
beforeAll(async () => {
  t = await startTestServer();
  officer = await t.tokenFor('officer');
  technician = await t.tokenFor('technician');
  await t.api('POST', '/api/v1/zones', { id: 'thon-1', name: 'Thôn 1' });
});
afterAll(async () => {
  await t?.close();
});

async function call(method: string, path: string, opts: { body?: unknown; token?: string | null; lang?: string } = {}) {
  const token = opts.token === undefined ? ADMIN_TOKEN : opts.token;
  const res = await fetch(t.baseUrl + path, {
    method,
    headers: {
      ...(opts.body !== undefined && { 'content-type': 'application/json' }),
      ...(token && { authorization: `Bearer ${token}` }),
      ...(opts.lang && { 'accept-language': opts.lang }),
    },
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  });
  return { status: res.status, vary: res.headers.get('vary') ?? '', body: (await res.json()) as { error: string; code?: string; [k: string]: unknown } };
}

const VI = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;
/** One language: Vietnamese with no "(English)" part. */
const vietnameseOnly = (s: string) => {
  expect(s).toMatch(VI);
  expect(s, s).not.toMatch(/\((?:[^()]*\s)?(?:no|not|the|is|cannot|outside|such|does)\b[^()]*\)/i);
};
const englishOnly = (s: string) => expect(s, s).not.toMatch(VI);

describe('the same bad request', () => {
  const cases: { name: string; method: string; path: string; body?: unknown; token?: () => string | null; status: number; code?: string; vi: RegExp; en: RegExp }[] = [
    { name: 'an invalid body (zod)', method: 'POST', path: '/api/v1/broadcasts', body: { text: 'Xin chào', zoneIds: ['thon-1'] }, status: 400, code: 'invalid_request', vi: /^Yêu cầu không hợp lệ: title: bắt buộc phải có$/, en: /^invalid request: title: /i },
    { name: 'an English-only not-found', method: 'GET', path: '/api/v1/broadcasts/khong-co', status: 404, code: 'not_found', vi: /^Không có bản tin khong-co$/, en: /^broadcast khong-co does not exist$/ },
    { name: 'a "vi (en)" not-found', method: 'GET', path: '/api/v1/speech/jobs/khong-co', status: 404, code: 'not_found', vi: /^Không tìm thấy công việc đọc$/, en: /^No such job/ },
    { name: 'no credentials', method: 'GET', path: '/api/v1/broadcasts', token: () => null, status: 401, code: 'unauthenticated', vi: /^Cần đăng nhập$/, en: /^Not signed in/ },
    { name: 'a role without the permission', method: 'POST', path: '/api/v1/broadcasts', body: { title: 'x', text: 'Xin chào', zoneIds: ['thon-1'] }, token: () => technician, status: 403, code: 'forbidden', vi: /^Vai trò "technician" không được phép: broadcasts:create$/, en: /^The role "technician" lacks the permission broadcasts:create$/ },
    { name: 'a body that is not JSON', method: 'POST', path: '/api/v1/broadcasts', body: '{"title": ', status: 400, code: 'invalid_json', vi: /^Dữ liệu gửi lên không phải JSON hợp lệ$/, en: /^request body is not valid JSON$/ },
    { name: 'no such route', method: 'GET', path: '/api/v1/khong-co-duong-nay', status: 404, code: 'no_route', vi: /^Không có đường dẫn API GET \/api\/v1\/khong-co-duong-nay$/, en: /^no such API route/ },
  ];
  for (const c of cases) {
    it(`${c.name}: Vietnamese by default, English with Accept-Language: en`, async () => {
      const token = c.token ? c.token() : undefined;
      const byDefault = await call(c.method, c.path, { body: c.body, token });
      const vi = await call(c.method, c.path, { body: c.body, token, lang: 'vi-VN,vi;q=0.9,en;q=0.8' });
      const en = await call(c.method, c.path, { body: c.body, token, lang: 'en-US,en;q=0.9' });
      for (const r of [byDefault, vi, en]) {
        expect(r.status).toBe(c.status);
        expect(r.body.code).toBe(c.code);
      }
      expect(byDefault.body.error).toMatch(c.vi);
      vietnameseOnly(byDefault.body.error);
      expect(vi.body).toEqual(byDefault.body);
      expect(en.body.error).toMatch(c.en);
      englishOnly(en.body.error);
      expect(en.vary).toMatch(/accept-language/i);
    });
  }

  it('splits a schema\'s own "vi (en)" message inside an invalid request', async () => {
    const b = await t.api('POST', '/api/v1/broadcasts', { title: 'Họp', text: 'Kính mời bà con dự họp.', zoneIds: ['thon-1'], startAt: new Date(Date.now() + 3600_000).toISOString() }, officer);
    expect(b.body.status).toBe('pending_approval');
    const vi = await call('POST', `/api/v1/broadcasts/${b.body.id}/reject`, { body: {} });
    const en = await call('POST', `/api/v1/broadcasts/${b.body.id}/reject`, { body: {}, lang: 'en' });
    expect(vi.status).toBe(400);
    expect(vi.body.error).toBe('Yêu cầu không hợp lệ: reason: cần nêu lý do từ chối');
    expect(en.body.error).toBe('invalid request: reason: a reason is required');
  });

  it('keeps the extra fields (the unreadable sentences)', async () => {
    const body = { title: 'Họp', text: 'Kính mời bà con dự họp. Kinh gui ba con nhan dan trong xa ve viec tiem phong.', zoneIds: ['thon-1'] };
    const vi = await call('POST', '/api/v1/broadcasts', { body, token: officer });
    const en = await call('POST', '/api/v1/broadcasts', { body, token: officer, lang: 'en' });
    expect(vi.status).toBe(422);
    expect(vi.body.code).toBe('unreadable_text');
    expect(vi.body.error).toMatch(/^Có 1 câu giọng đọc không đọc đúng được \(mất dấu hoặc lỗi nhận dạng chữ\): hãy sửa lại, hoặc xác nhận bằng confirmUnreadable$/);
    expect(en.body.error).toMatch(/^1 sentence\(s\) the voice cannot read right/);
    expect(en.body.unreadable).toEqual(vi.body.unreadable);
    expect((vi.body.unreadable as unknown[]).length).toBe(1);
  });
});

describe('splitting and translating', () => {
  it('reads Accept-Language by rank', () => {
    expect(preferredLang(undefined)).toBe('vi');
    expect(preferredLang('*')).toBe('vi');
    expect(preferredLang('en')).toBe('en');
    expect(preferredLang('fr-FR, en;q=0.5')).toBe('en');
    expect(preferredLang('en;q=0.5, vi;q=0.8')).toBe('vi');
    expect(preferredLang('vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('vi');
  });

  it('splits "vi (en)" where the Vietnamese holds names and parentheses of its own', () => {
    expect(bilingual('Trùng giờ ở Thôn Đông lúc 07:30 23/11/2026 với "Tin sáng" (overlaps "Tin sáng" in Thôn Đông at 07:30 23/11/2026)')).toEqual({
      vi: 'Trùng giờ ở Thôn Đông lúc 07:30 23/11/2026 với "Tin sáng"',
      en: 'Overlaps "Tin sáng" in Thôn Đông at 07:30 23/11/2026',
    });
    expect(bilingual('Không thể cấp phạm vi rộng hơn phạm vi của mình (toàn hệ thống) (cannot grant a scope wider than your own)').vi).toBe('Không thể cấp phạm vi rộng hơn phạm vi của mình (toàn hệ thống)');
    expect(bilingual('Ngoài phạm vi quản lý của tài khoản: khu vực "Thôn Đông" (thon-dong) (outside your scope)').vi).toBe('Ngoài phạm vi quản lý của tài khoản: khu vực "Thôn Đông" (thon-dong)');
    expect(bilingual('Ngoài phạm vi quản lý của tài khoản: số liệu của cả máy chủ (server-wide read-outs) (outside your scope)').vi).toBe('Ngoài phạm vi quản lý của tài khoản: số liệu của cả máy chủ');
    expect(bilingual('Bản tin không đang phát (scheduled): không có gì để dừng. Bản tin chưa phát thì hủy (cancel). (broadcast b1 is scheduled, not on air)')).toEqual({
      vi: 'Bản tin không đang phát (đã lên lịch): không có gì để dừng. Bản tin chưa phát thì hủy.',
      en: 'Broadcast b1 is scheduled, not on air',
    });
    // English only, with an aside of its own: not split.
    expect(bilingual('relayDurationS is required with relayUrl (how long to relay, in seconds)').en).toBe('relayDurationS is required with relayUrl (how long to relay, in seconds)');
    expect(bilingual('relayDurationS is required with relayUrl (how long to relay, in seconds)').vi).toBe('Cần relayDurationS cùng relayUrl: tiếp sóng trong bao nhiêu giây');
    expect(bilingual('invalid request: to: must be after from').vi).toBe('Yêu cầu không hợp lệ: to: phải sau from');
  });

  // An aside named like a status word is translated only if it is one: "(toString)" in
  // a name someone typed read Object's method and sent out its source.
  it('leaves an aside named like a prototype key as typed', async () => {
    for (const key of ['toString', 'constructor', 'hasOwnProperty', '__proto__']) {
      const r = await call('GET', `/api/v1/templates/${encodeURIComponent(`mau (${key})`)}/preview`);
      expect(r.status).toBe(404);
      expect(r.body.error).toBe(`Không có mẫu lời chúc mau (${key})`);
    }
  });
});
