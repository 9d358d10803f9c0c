// Sentences a voice cannot read right are found one by one, with the reason,
// and their damaged tokens are never spelled out.
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/speech/normalize/index.js';
import { buildLexicon } from '../../src/speech/normalize/abbreviations.js';
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

  it('flags a name typed without its diacritics in a sentence that has them, and names it', () => {
    const r = normalize('Nộp tiền vào tài khoản số 1234567890, chủ tài khoản: NGUYEN VAN AN. Người nhận hồ sơ: bà Tran Thi Hoa, thôn Đông. Đoàn đi TP Ho Chi Minh học tập.');
    expect(r.unreadable.map((u) => [u.index, u.reason, u.terms])).toEqual([
      [0, 'missing-diacritics', ['NGUYEN VAN AN']],
      [1, 'missing-diacritics', ['Tran Thi Hoa']],
      [2, 'missing-diacritics', ['Ho Chi Minh']],
    ]);
    expect(r.unreadable[1].message).toMatch(/tên riêng.*Tran Thi Hoa/);
  });

  it('leaves names with their marks, what clean text writes unmarked, and abbreviations alone', () => {
    const r = normalize('Ông Nguyễn Văn An dự Lễ Vu Lan tại chùa. Do UBND xã chủ trì. Cô Lê Thị Hoa, thôn Đông.');
    expect(r.unreadable).toEqual([]);
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

  it('does not flag the codes, units and times that bulletins write, and reads them', () => {
    const clean: Array<[string, string]> = [
      ['Thi công tại Km15+200 QL1A.', 'thi công tại ki lô mét mười lăm cộng hai trăm quốc lộ một a'],
      ['Xe 18A-123.45 gây tai nạn.', 'xe mười tám a, một hai ba bốn năm gây tai nạn'],
      ['Số ca F0 giảm, phủ sóng 5G.', 'số ca ép không giảm, phủ sóng năm gờ'],
      ['Tiêm phòng COVID-19 mũi 3.', 'tiêm phòng cô vít mười chín mũi ba'],
      ['Làm việc 7h00-11h30, chiều 13h00-17h00.', 'làm việc bảy giờ đến mười một giờ ba mươi, chiều mười ba giờ đến mười bảy giờ'],
      ['Sân rộng 500m², ảnh 3x4, xe 50cm3.', 'sân rộng năm trăm mét vuông, ảnh ba nhân bốn, xe năm mươi xăng ti mét khối'],
      ['Sáng T7 làm việc bình thường.', 'sáng thứ bảy làm việc bình thường'],
      ['Nhiệt độ từ -3°C đến 40oC.', 'nhiệt độ từ âm ba độ xê đến bốn mươi độ xê'],
      ['Thực hiện Nghị quyết 30a của Chính phủ.', 'thực hiện nghị quyết ba mươi a của chính phủ'],
      ['Hư hỏng 3 cống tròn D100 trên tuyến, Ban QLDA đã lợp lại mái fibro.', 'hư hỏng ba cống tròn dê một trăm trên tuyến, ban quản lý dự án đã lợp lại mái phi brô'],
      ['Cắm mốc M1, M4 tại thửa 45, TBĐ số 12.', 'cắm mốc em một, em bốn tại thửa bốn mươi lăm, tờ bản đồ số mười hai'],
      ['Tách thành thửa 89a và thửa 89b, tờ bản đồ 12c.', 'tách thành thửa tám mươi chín a và thửa tám mươi chín bê, tờ bản đồ mười hai xê'],
      ['Họp lúc 7h30p tại NVH.', 'họp lúc bảy giờ ba mươi phút tại nhà văn hóa'],
      ['Đăng ký tại https://forms.gle/abc123 hoặc Wi-Fi của xã.', 'đăng ký tại phom chấm gờ lê gạch chéo a bê xê một hai ba hoặc oai phai của xã'],
    ];
    for (const [text, spoken] of clean) {
      const r = normalize(text);
      expect(r.unreadable, text).toEqual([]);
      expect(r.spoken, text).toBe(spoken);
    }
  });

  it('still flags damage that looks like a code: a lone capital and digit before a lower-case word', () => {
    const r = normalize('Sáng nay T6 dân phố họp. Nhà văn hóa c6 thôn. Giá 1am đồng.');
    expect(r.unreadable.map((u) => u.terms)).toEqual([['T6'], ['c6'], ['1am']]);
  });

  it('reads a code the commune put in its lexicon, and no longer flags it', () => {
    const text = 'Họp dân tại nhà văn hóa B4 lúc 19h tối nay.';
    expect(normalize(text).unreadable.map((u) => u.terms)).toEqual([['B4']]);
    for (const lexicon of [[{ term: 'B4', spoken: 'xóm Bến Bốn', kind: 'abbreviation' as const }], [{ term: 'b4', spoken: 'xóm Bến Bốn', kind: 'pronunciation' as const }]]) {
      const r = normalize(text, { lexicon });
      expect(r.unreadable).toEqual([]);
      expect(r.spoken).toBe('họp dân tại nhà văn hóa xóm bến bốn lúc mười chín giờ tối nay');
    }
    // Another damaged token beside it is still flagged.
    const both = 'Nhà văn hóa B4 và c6 thôn họp tối nay.';
    expect(normalize(both).unreadable.map((u) => u.terms)).toEqual([['B4', 'c6']]);
    expect(normalize(both, { lexicon: [{ term: 'B4', spoken: 'xóm Bến Bốn', kind: 'abbreviation' }] }).unreadable.map((u) => u.terms)).toEqual([['c6']]);
  });

  it('reports where each suspect token stands', () => {
    expect(suspectTokens('Nhà c6 và n6i', buildLexicon())).toEqual([
      { token: 'c6', index: 4 },
      { token: 'n6i', index: 10 },
    ]);
  });
  it('flags a sentence that lost its diacritics on part of it, but not text typed on a phone with its marks', () => {
    const r = normalize('Trạm y tế xa thong bao tiem phong cho tre duoi 5 tuoi vào sáng thu 3.');
    expect(r.unreadable).toEqual([expect.objectContaining({ index: 0, reason: 'missing-diacritics' })]);
    expect(normalize('hqua mưa to, nc sông lên nhanh, ae chú ý, ko ra bờ sông').unreadable).toEqual([]);
  });

  it('reads a weekday typed in lower case where a weekday is spoken of, and flags it elsewhere', () => {
    const r = normalize('Sáng t7 này đoàn thanh niên ra quân. Từ t2 đến t6 làm việc. Phòng t7 tầng 2 họp.');
    expect(r.unreadable.map((u) => [u.index, u.terms])).toEqual([[2, ['t7']]]);
    expect(r.spoken).toContain('sáng thứ bảy này');
    expect(r.spoken).toContain('từ thứ hai đến thứ sáu');
    // Any other lower-case "t2"–"t7" is a weekday; where June may be meant it stays flagged.
    const typed = normalize('Họp vào t7 nhé. CA xã làm cả t7,cn. Nộp trong t6 nha.');
    expect(typed.spoken).toContain('họp vào thứ bảy nhé');
    expect(typed.spoken).toContain('làm cả thứ bảy, chủ nhật');
    expect(typed.unreadable.map((u) => [u.index, u.terms])).toEqual([[2, ['t6']]]);
  });
  it('does not flag the next of a list of codes with the same capital, and still flags a lone damaged code', () => {
    expect(normalize('Lạc L14, L27 gieo từ 25/1.').unreadable).toEqual([]);
    expect(normalize('Giống L14, B4 tri lực lượng.').unreadable.map((u) => u.terms)).toEqual([['B4']]);
  });
  it('flags a sentence whose second half lost its diacritics', () => {
    const r = normalize('Hộ nào chưa nhận gạo cứu trợ thi chieu nay len nha van hoa nhan.');
    expect(r.unreadable).toEqual([expect.objectContaining({ index: 0, reason: 'missing-diacritics' })]);
    expect(normalize('Giá vé tham quan khu di tích 20.000 đồng/người, miễn vé cho trẻ em dưới 1,2m.').unreadable).toEqual([]);
  });
  it('does not take a run of words clean text writes without marks for lost diacritics', () => {
    for (const clean of [
      'Đề nghị phụ huynh tạo điều kiện cho con em tham gia đầy đủ các buổi học.',
      'Các gia đình cho con em ta tham gia thi vẽ tranh.',
      'Đoàn thanh tra khu kinh tế làm việc tại xã.',
    ]) expect(normalize(clean).unreadable, clean).toEqual([]);
    expect(normalize('Phụ huynh cho con em den truong hoc dung gio.').unreadable).toEqual([expect.objectContaining({ reason: 'missing-diacritics' })]);
  });
  it('checks a sentence as it will be read: a spacing typo the reading puts right is no damage, and the sentence is reported as typed', () => {
    for (const typo of ['Họp lúc 7 h30 ngày15/10 tại hội trường.', 'Xã có 25hộ nghèo được hỗ trợ.', 'Đúc 2x(2,5x2,5)m cống hộp cho thôn 5.']) {
      expect(normalize(typo).unreadable, typo).toEqual([]);
    }
    const r = normalize('Họp lúc 7 h30 tại T6 dân phố.');
    expect(r.unreadable).toEqual([expect.objectContaining({ index: 0, sentence: 'Họp lúc 7 h30 tại T6 dân phố.', terms: ['T6'] })]);
  });

  it('flags a capital O typed for the zero of a number, but not a gas named by its formula', () => {
    const r = normalize('Họp tại phòng 2O1 tầng 2. Xã có 1O thôn. Thôn có 2OO hộ. Bình ô xy O2 cho bệnh nhân. Trang bị bình khí CO2 và khí N2.');
    expect(r.unreadable.map((u) => u.terms)).toEqual([['2O1'], ['1O'], ['2OO']]);
    expect(r.spoken).toContain('bình ô xy ô hai cho bệnh nhân');
  });

  it('flags a sentence typed in capitals without diacritics, but not one in capitals with them', () => {
    const r = normalize('ĐỀ NGHỊ BÀ CON KHÔNG RA KHƠI. DE NGHI BA CON KHONG RA KHOI. THÔNG BÁO CỦA UBND XÃ VỀ VIỆC TIÊM VẮC XIN. THONG BAO CUA UBND XA VE VIEC TIEM VAC XIN. HTX DVNN TÂN PHÚ THÔNG BÁO.');
    expect(r.unreadable.map((u) => [u.index, u.reason])).toEqual([
      [1, 'missing-diacritics'],
      [3, 'missing-diacritics'],
    ]);
    // A heading of three words in capitals is looked at so too.
    expect(normalize('I. MUC DICH, YEU CAU').unreadable).toHaveLength(1);
    expect(normalize('I. MỤC ĐÍCH, YÊU CẦU').unreadable).toEqual([]);
    // Capitals no Vietnamese word spells are a foreign phrase, not Vietnamese that lost its marks.
    expect(normalize('MERRY CHRISTMAS AND HAPPY NEW YEAR').unreadable).toEqual([]);
    // "PHỤ HUYNH", "CÁCH LY" end in what a surname typed without marks spells ("Huỳnh", "Lý"): in capitals no name follows.
    expect(normalize('PHỤ HUYNH MANG THEO SỔ TIÊM CHỦNG VÀ THẺ BHYT CỦA TRẺ. THỜI GIAN CÁCH LY SAU PHUN THUỐC TỐI THIỂU 7 NGÀY.').unreadable).toEqual([]);
    expect(normalize('NGƯỜI NHẬN: HUYNH VAN AN, THÔN 3.').unreadable.map((u) => u.terms)).toEqual([['HUYNH VAN AN']]);
  });

  it('flags a word whose m OCR read as "rn", however clean the words around it', () => {
    const r = normalize('Nước lũ dâng cao, bà con rnau chóng sơ tán. Kính mời mọi người đến dự. Rnọi người đến dự.');
    expect(r.unreadable.map((u) => [u.index, u.reason, u.terms])).toEqual([
      [0, 'ocr-noise', ['rnau']],
      [2, 'ocr-noise', ['Rnọi']],
    ]);
  });

  it('flags a short sentence typed without any mark, but not a short clean one', () => {
    const r = normalize('Nop tien truoc 15/12. Mai 7h hop nhe. Xin cảm ơn. Ok ae.');
    expect(r.unreadable.map((u) => [u.index, u.reason])).toEqual([
      [0, 'missing-diacritics'],
      [1, 'missing-diacritics'],
    ]);
  });

  it('flags a word closed by p, t, c or ch without the tone it must carry, however clean the words around it', () => {
    const r = normalize('Tổ chức tiêm vac xin cho tre em. Lịch cắt điện khu vưc thôn 3. Các hòc sinh nghỉ học. Thẻ CCCD gắn chip, nhóm nhảy hip hop, tyt xã.');
    expect(r.unreadable.map((u) => [u.index, u.reason, u.terms])).toEqual([
      [0, 'missing-diacritics', ['vac']],
      [1, 'missing-diacritics', ['vưc']],
      [2, 'missing-diacritics', ['hòc']],
    ]);
    // A sentence that lost all its marks is told so as a whole, not word by word.
    expect(normalize('Phu huynh nop tien hoc truoc 15/12.').unreadable.map((u) => [u.reason, u.terms])).toEqual([['missing-diacritics', []]]);
  });
});
