// Sentences a voice cannot read right are found one by one, with the reason,
// and their damaged tokens are never spelled out.
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/speech/normalize/index.js';
import { suspectTokens } from '../../src/speech/normalize/readability.js';

describe('unreadable sentences', () => {
  it('flags OCR damage per sentence with the tokens, and leaves the clean ones alone', () => {
    const r = normalize('Kính mời bà con dự họp. Nhà văn hóa c6 thôn sẽ họp lúc 8h. B4 tri lực lượng trực đêm. Họp T6 dân phố số 3 vào tối nay.');
    expect(r.unreadable.map((u) => [u.index, u.reason, u.terms])).toEqual([
      [1, 'mixed-token', ['c6']],
      [2, 'mixed-token', ['B4']],
      [3, 'mixed-token', ['T6']],
    ]);
    expect(r.unreadable[0].sentence).toBe('Nhà văn hóa c6 thôn sẽ họp lúc 8h.');
    expect(r.unreadable[0].message).toMatch(/c6/);
  });

  it('never spells a damaged token out or takes it for a weekday', () => {
    const { spoken } = normalize('Nhà văn hóa c6 thôn. Họp T6 dân phố. B4 tri lực lượng.');
    expect(spoken).not.toMatch(/xê sáu|thứ sáu|bê bốn/);
    expect(spoken).toContain('c6');
  });

  it('flags a sentence typed without diacritics', () => {
    const r = normalize('Kính gửi bà con. Kinh gui ba con nhan dan trong xa ve viec tiem phong.');
    expect(r.unreadable).toEqual([expect.objectContaining({ index: 1, reason: 'missing-diacritics' })]);
  });

  it('does not flag units, times, codes and weekdays that communes write', () => {
    const clean = [
      'Lịch trực T2, T4, T6 hàng tuần, T7 và CN nghỉ.',
      'Cấp bằng lái hạng B2 cho 10 người, giấy khổ A4.',
      'Số ca F0 giảm, cúm H5N1, mạng 4G, COVID-19.',
      'Phí 20.000đ/hộ/tháng, giá 3.500.000 đồng/m2, lưu lượng 500 m3/s, 2tr/người.',
      'Họp lúc 7h30, 14g, từ 8h - 11h.',
      'Thi công Km15+200 QL1A, ĐT741.',
      'Kế hoạch số 12/KH-UBND, xem tại dichvucong.gov.vn.',
    ];
    for (const text of clean) expect(normalize(text).unreadable, text).toEqual([]);
  });

  it('reports where each suspect token stands', () => {
    expect(suspectTokens('Nhà c6 và n6i')).toEqual([
      { token: 'c6', index: 4 },
      { token: 'n6i', index: 10 },
    ]);
  });
});
