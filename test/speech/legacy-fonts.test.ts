// Text pasted from an old document typed in a TCVN3 (ABC) or a VNI font is
// read as the Vietnamese it stands for; Unicode text and stray symbols are
// left alone.
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/speech/normalize/index.js';
import { fromLegacyFont } from '../../src/speech/normalize/legacy-fonts.js';

describe('text in the old Vietnamese fonts', () => {
  it('is put back into Vietnamese from TCVN3, capitals of the .VnTimeH fonts too', () => {
    expect(fromLegacyFont('UBND x· Hßa B×nh th«ng b¸o lÞch c¾t ®iÖn.')).toBe('UBND xã Hòa Bình thông báo lịch cắt điện.');
    expect(fromLegacyFont('Ng\u00adêi d©n ®Õn nhËn tiÒn hç trî.')).toBe('Người dân đến nhận tiền hỗ trợ.');
    expect(fromLegacyFont('TH¤NG B¸O KHÈN').toLowerCase()).toBe('thông báo khẩn');
  });

  it('is put back into Vietnamese from VNI, in capitals too', () => {
    expect(fromLegacyFont('Ñeà nghò baø con ñeán nhaän tieàn hoã trôï, ñöôïc caáp mieãn phí.')).toBe('Đề nghị bà con đến nhận tiền hỗ trợ, được cấp miễn phí.');
    expect(fromLegacyFont('Thoâng baùo cuûa UBND xaõ veà vieäc tieâm phoøng.')).toBe('Thông báo của UBND xã về việc tiêm phòng.');
    expect(fromLegacyFont('THOÂNG BAÙO KHAÅN')).toBe('THÔNG BÁO KHẨN');
  });

  it('leaves Unicode text, stray symbols and a lone converted-looking word alone', () => {
    for (const text of ['Thông báo của UBND xã ©2026 «Chính quyền thân thiện».', '«Thong bao» cua xa', '3 × 4 × 5 × 6 m', 'Zalo® Ninh B×nh', 'Giá 7·500 đồng', 'hoà bình, thuý', 'Caffè Nürnberg Zoë']) {
      expect(fromLegacyFont(text)).toBe(text);
    }
  });

  it('is read, and not flagged, through the normalizer', () => {
    for (const text of ['Th«ng b¸o cña UBND x· vÒ viÖc tiªm phßng cho ®µn gia sóc tõ ngµy 5/12.', 'Thoâng baùo cuûa UBND xaõ veà vieäc tieâm phoøng cho ñaøn gia suùc töø ngaøy 5/12.']) {
      const r = normalize(text);
      expect(r.spoken).toBe('thông báo của ủy ban nhân dân xã về việc tiêm phòng cho đàn gia súc từ ngày mồng năm tháng mười hai');
      expect(r.unreadable).toEqual([]);
      expect(r.warnings).toEqual([]);
    }
  });

  it('is put back in a line that goes on in Unicode, the Unicode words left as typed', () => {
    expect(fromLegacyFont('Thoâng baùo cuûa UBND xaõ veà vieäc tieâm phoøng tại thôn Đông.')).toBe('Thông báo của UBND xã về việc tiêm phòng tại thôn Đông.');
    expect(fromLegacyFont('Kính gửi bà con: Th«ng b¸o cña UBND x· vÒ viÖc tiªm phßng.')).toBe('Kính gửi bà con: Thông báo của UBND xã về việc tiêm phòng.');
    const r = normalize('Thoâng baùo cuûa UBND xaõ veà vieäc tieâm phoøng cho ñaøn gia suùc tại thôn Đông.');
    expect(r.spoken).toBe('thông báo của ủy ban nhân dân xã về việc tiêm phòng cho đàn gia súc tại thôn đông');
    expect(r.unreadable).toEqual([]);
  });
});
