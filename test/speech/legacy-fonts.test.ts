// Text pasted from an old document typed in a TCVN3 (ABC) font is read as the
// Vietnamese it stands for; Unicode text and stray symbols are left alone.
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/speech/normalize/index.js';
import { fromTcvn3 } from '../../src/speech/normalize/legacy-fonts.js';

describe('TCVN3 text', () => {
  it('is put back into Vietnamese, capitals of the .VnTimeH fonts too', () => {
    expect(fromTcvn3('UBND x· Hßa B×nh th«ng b¸o lÞch c¾t ®iÖn.')).toBe('UBND xã Hòa Bình thông báo lịch cắt điện.');
    expect(fromTcvn3('Ng\u00adêi d©n ®Õn nhËn tiÒn hç trî.')).toBe('Người dân đến nhận tiền hỗ trợ.');
    expect(fromTcvn3('TH¤NG B¸O KHÈN').toLowerCase()).toBe('thông báo khẩn');
  });

  it('leaves Unicode text, stray symbols and a lone converted-looking word alone', () => {
    for (const text of ['Thông báo của UBND xã ©2026 «Chính quyền thân thiện».', '«Thong bao» cua xa', '3 × 4 × 5 × 6 m', 'Zalo® Ninh B×nh', 'Giá 7·500 đồng']) {
      expect(fromTcvn3(text)).toBe(text);
    }
  });

  it('is read, and not flagged, through the normalizer', () => {
    const r = normalize('Th«ng b¸o cña UBND x· vÒ viÖc tiªm phßng cho ®µn gia sóc tõ ngµy 5/12.');
    expect(r.spoken).toBe('thông báo của ủy ban nhân dân xã về việc tiêm phòng cho đàn gia súc từ ngày mồng năm tháng mười hai');
    expect(r.unreadable).toEqual([]);
  });
});
