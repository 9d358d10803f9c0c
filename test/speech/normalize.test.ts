import { existsSync, readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createNormalizer,
  normalize,
  normalizeLine,
  runNormalizeCli,
  splitSentences,
  type LexiconEntry,
} from '../../src/speech/normalize/index.js';
import { monthName, readClock } from '../../src/speech/normalize/dates.js';
import { readDigits, readInteger, readNumberToken, readOrdinal } from '../../src/speech/normalize/numbers.js';
import { parseRoman } from '../../src/speech/normalize/roman.js';
import { isVietnameseSyllable, spellLetters } from '../../src/speech/normalize/syllables.js';

type CorpusRow = { line: number; category: string; input: string; expected: string };

function readCorpus(): CorpusRow[] {
  const text = readFileSync(new URL('./corpus.tsv', import.meta.url), 'utf8');
  return text.split('\n').flatMap((row, i) => {
    if (!row.trim() || row.startsWith('#')) return [];
    const [category, input, expected, ...extra] = row.split('\t');
    if (!category || !input || expected === undefined || extra.length > 0) {
      throw new Error(`corpus.tsv:${i + 1}: expected 3 tab-separated columns`);
    }
    return [{ line: i + 1, category, input, expected }];
  });
}

const corpus = readCorpus();

describe('corpus', () => {
  it('covers the announcement styles with at least 150 sentences', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    const categories = new Set(corpus.map((r) => r.category));
    for (const c of ['seed', 'notice', 'reception', 'fire', 'health', 'tax', 'election', 'weather', 'power', 'meeting', 'lunar', 'temperature', 'road', 'address', 'abbreviation', 'tt', 'compound', 'loanword']) {
      expect(categories).toContain(c);
    }
  });

  it.each(corpus.map((r) => [`${r.line} ${r.category}: ${r.input}`, r] as const))('%s', (_name, row) => {
    expect(normalizeLine(row.input)).toBe(row.expected);
  });
});

describe('required examples', () => {
  it.each([
    ['Báo cáo trước ngày 15/12 hằng năm.', 'báo cáo trước ngày mười lăm tháng mười hai hằng năm'],
    ['Liên hệ 0987654321.', 'liên hệ không chín tám bảy sáu năm bốn ba hai một'],
    ['lúc 8h15', 'lúc tám giờ mười lăm'],
    ['2,5 tỷ đồng', 'hai phẩy năm tỷ đồng'],
    ['15%', 'mười lăm phần trăm'],
    ['01/11', 'mồng một tháng mười một'],
    // A final 4 after "mươi" is read "tư" everywhere, years included.
    ['04/6/2024', 'mồng bốn tháng sáu năm hai nghìn không trăm hai mươi tư'],
    ['2026-2030', 'hai nghìn không trăm hai mươi sáu đến hai nghìn không trăm ba mươi'],
    ['2026 - 2030', 'hai nghìn không trăm hai mươi sáu đến hai nghìn không trăm ba mươi'],
    ['quý I/2025', 'quý một năm hai nghìn không trăm hai mươi lăm'],
    ['“4 xin, 4 luôn”, “5 không”', 'bốn xin, bốn luôn, năm không'],
  ])('%s', (input, expected) => {
    expect(normalizeLine(input)).toBe(expected);
  });
});

describe('number words', () => {
  it.each([
    [0, 'không'],
    [1, 'một'],
    [4, 'bốn'],
    [5, 'năm'],
    [10, 'mười'],
    [11, 'mười một'],
    [14, 'mười bốn'],
    [15, 'mười lăm'],
    [20, 'hai mươi'],
    [21, 'hai mươi mốt'],
    [24, 'hai mươi tư'],
    [25, 'hai mươi lăm'],
    [41, 'bốn mươi mốt'],
    [55, 'năm mươi lăm'],
    [99, 'chín mươi chín'],
    [100, 'một trăm'],
    [101, 'một trăm linh một'],
    [104, 'một trăm linh bốn'],
    [105, 'một trăm linh năm'],
    [110, 'một trăm mười'],
    [111, 'một trăm mười một'],
    [115, 'một trăm mười lăm'],
    [121, 'một trăm hai mươi mốt'],
    [1000, 'một nghìn'],
    [1001, 'một nghìn không trăm linh một'],
    [1010, 'một nghìn không trăm mười'],
    [1024, 'một nghìn không trăm hai mươi tư'],
    [1500, 'một nghìn năm trăm'],
    [2000, 'hai nghìn'],
    [2005, 'hai nghìn không trăm linh năm'],
    [2025, 'hai nghìn không trăm hai mươi lăm'],
    [10_000, 'mười nghìn'],
    [15_000, 'mười lăm nghìn'],
    [21_000, 'hai mươi mốt nghìn'],
    [105_000, 'một trăm linh năm nghìn'],
    [1_000_000, 'một triệu'],
    [1_000_500, 'một triệu năm trăm'],
    [1_005_000, 'một triệu không trăm linh năm nghìn'],
    [1_050_000, 'một triệu không trăm năm mươi nghìn'],
    [1_234_567, 'một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy'],
    [1_000_000_000, 'một tỷ'],
    [1_000_000_005, 'một tỷ không trăm linh năm'],
    [2_500_000_000, 'hai tỷ năm trăm triệu'],
    [
      999_999_999_999,
      'chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín',
    ],
    [1_000_000_000_000, 'một nghìn tỷ'],
    [1_000_000_000_001, 'một nghìn tỷ không trăm linh một'],
    [1_001_000_000_000, 'một nghìn không trăm linh một tỷ'],
  ])('%i → %s', (n, words) => {
    expect(readInteger(n)).toBe(words);
  });

  it('reads bigints and digit strings beyond the float range', () => {
    expect(readInteger(12_000_000_000_000_000n)).toBe('mười hai triệu tỷ');
    expect(readInteger('1000000000000')).toBe('một nghìn tỷ');
  });

  it('rejects negative numbers instead of misreading them', () => {
    expect(() => readInteger(-1)).toThrow(RangeError);
  });

  it.each([
    ['1.500.000', 'một triệu năm trăm nghìn'],
    ['2,5', 'hai phẩy năm'],
    ['0,5', 'không phẩy năm'],
    ['3,14', 'ba phẩy mười bốn'],
    ['2,05', 'hai phẩy không năm'],
    ['1.263.600,75', 'một triệu hai trăm sáu mươi ba nghìn sáu trăm phẩy bảy mươi lăm'],
    ['09', 'chín'],
    ['0123', 'không một hai ba'],
    ['1234567890', 'một hai ba bốn năm sáu bảy tám chín không'],
    ['4.0', 'bốn chấm không'],
    ['1,2,3', 'một, hai, ba'],
  ])('token %s → %s', (token, words) => {
    expect(readNumberToken(token)).toBe(words);
  });

  it('reads digits and ordinals', () => {
    expect(readDigits('0912')).toBe('không chín một hai');
    expect([1, 2, 3, 4, 5, 10, 14, 21].map(readOrdinal)).toEqual([
      'nhất', 'hai', 'ba', 'tư', 'năm', 'mười', 'mười bốn', 'hai mươi mốt',
    ]);
  });
});

describe('dates and times', () => {
  it('names months, with giêng and chạp only for lunar dates', () => {
    expect(monthName(4, false)).toBe('tư');
    expect(monthName(1, false)).toBe('một');
    expect(monthName(12, false)).toBe('mười hai');
    expect(monthName(1, true)).toBe('giêng');
    expect(monthName(12, true)).toBe('chạp');
    expect(monthName(4, true)).toBe('tư');
  });

  it('gives days 1–10 "mồng" and later days none', () => {
    expect(normalizeLine('ngày 10/10')).toBe('ngày mồng mười tháng mười');
    expect(normalizeLine('ngày 11/10')).toBe('ngày mười một tháng mười');
    expect(normalizeLine('mùng 5/5')).toBe('mùng năm tháng năm');
  });

  it('reads clock times', () => {
    expect(readClock(7, 30, false)).toBe('bảy giờ ba mươi');
    expect(readClock(7, 30, true)).toBe('bảy giờ ba mươi phút');
    expect(readClock(8, 5, false)).toBe('tám giờ năm phút');
    expect(readClock(8, 0, false)).toBe('tám giờ');
    expect(normalizeLine('07:30')).toBe('bảy giờ ba mươi');
    expect(normalizeLine('7h30')).toBe('bảy giờ ba mươi');
    expect(normalizeLine("7h30'")).toBe('bảy giờ ba mươi phút');
    expect(normalizeLine('8h')).toBe('tám giờ');
    expect(normalizeLine('14 giờ 30')).toBe('mười bốn giờ ba mươi');
    expect(normalizeLine('lúc 23:59:30')).toBe('lúc hai mươi ba giờ năm mươi chín phút ba mươi giây');
  });

  it('reads weekdays', () => {
    const days = ['thứ 2', 'thứ 3', 'thứ 4', 'thứ 5', 'thứ 6', 'thứ 7', 'Chủ nhật', 'CN'].map((d) => normalizeLine(d));
    expect(days).toEqual(['thứ hai', 'thứ ba', 'thứ tư', 'thứ năm', 'thứ sáu', 'thứ bảy', 'chủ nhật', 'chủ nhật']);
  });

  it('does not take invalid dates or fractions for dates', () => {
    expect(normalizeLine('45/100')).toBe('bốn mươi lăm trên một trăm');
    expect(normalizeLine('khoảng 2/3 số hộ')).toBe('khoảng hai phần ba số hộ');
    expect(normalizeLine('ngày 32/13')).toBe('ngày ba mươi hai trên mười ba');
  });

  it('reads a month/year document number after "số" as a number, not a month', () => {
    expect(normalizeLine('số 12/2024')).toBe('số mười hai năm hai nghìn không trăm hai mươi tư');
  });
});

describe('phone numbers', () => {
  it.each([
    ['0987654321', 'không chín tám bảy sáu năm bốn ba hai một'],
    ['0912 345 678', 'không chín một hai, ba bốn năm, sáu bảy tám'],
    ['0912.345.678', 'không chín một hai, ba bốn năm, sáu bảy tám'],
    ['0912-345-678', 'không chín một hai, ba bốn năm, sáu bảy tám'],
    ['0296 3851 234', 'không hai chín sáu, ba tám năm một, hai ba bốn'],
    ['+84 912 345 678', 'cộng tám bốn, chín một hai, ba bốn năm, sáu bảy tám'],
    ['1900 1234', 'một chín không không, một hai ba bốn'],
    ['gọi 115', 'gọi một một năm'],
  ])('%s', (input, expected) => {
    expect(normalizeLine(input)).toBe(expected);
  });

  it('stops a phone number at its last group', () => {
    expect(normalizeLine('0912 345 678 2025')).toBe(
      'không chín một hai, ba bốn năm, sáu bảy tám hai nghìn không trăm hai mươi lăm',
    );
  });

  it('reads 111–115 as counts outside a calling context', () => {
    expect(normalizeLine('có 115 hộ')).toBe('có một trăm mười lăm hộ');
  });
});

describe('Roman numerals', () => {
  it.each([
    ['I', 1], ['II', 2], ['III', 3], ['IV', 4], ['V', 5], ['IX', 9], ['XIII', 13], ['XIV', 14], ['XXVI', 26], ['XL', 40],
  ])('%s = %i', (roman, value) => {
    expect(parseRoman(roman)).toBe(value);
  });

  it.each(['IIII', 'IC', 'VX', 'iv', '', 'ABC'])('rejects %j', (text) => {
    expect(parseRoman(text)).toBeNull();
  });

  it.each([
    ['chương II', 'chương hai'],
    ['cấp IV', 'cấp bốn'],
    ['lần thứ XIII', 'lần thứ mười ba'],
    ['thứ I', 'thứ nhất'],
    ['thế kỷ XXI', 'thế kỷ hai mươi mốt'],
    ['phụ lục III', 'phụ lục ba'],
    ['V. KINH PHÍ', 'năm, kinh phí'],
    ['VIỆT NAM', 'việt nam'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeLine(input)).toBe(expected);
  });
});

describe('abbreviations and lexicon', () => {
  it('expands the built-in table case-sensitively, whole words only', () => {
    expect(normalizeLine('UBND, HĐND, MTTQ, TTHC, BHYT, BHXH, CCCD, PCCC, CBCCVC, THCS')).toBe(
      'ủy ban nhân dân, hội đồng nhân dân, mặt trận tổ quốc, thủ tục hành chính, bảo hiểm y tế, bảo hiểm xã hội, căn cước công dân, phòng cháy chữa cháy, cán bộ công chức viên chức, trung học cơ sở',
    );
    expect(normalizeLine('tu bổ đê điều')).toBe('tu bổ đê điều');
    expect(normalizeLine('Phòng VH-XH')).toBe('phòng văn hóa xã hội');
  });

  it('reads caps headings as words even where a word looks like an abbreviation', () => {
    expect(normalizeLine('TU BỔ ĐÊ ĐIỀU')).toBe('tu bổ đê điều');
    expect(normalizeLine('KẾ HOẠCH TU BỔ ĐÊ')).toBe('kế hoạch tu bổ đê');
  });

  it('lets lexicon entries override built-ins (TU is Thành ủy in a city)', () => {
    const lexicon: LexiconEntry[] = [{ term: 'TU', spoken: 'Thành ủy', kind: 'abbreviation' }];
    const input = 'Kế hoạch số 118-KH/TU ngày 26/4/2024 của Ban Thường vụ TU.';
    expect(normalizeLine(input)).toContain('kế hoạch tỉnh ủy');
    expect(normalizeLine(input, { lexicon })).toBe(
      'kế hoạch số một trăm mười tám kế hoạch thành ủy ngày hai mươi sáu tháng tư năm hai nghìn không trăm hai mươi tư của ban thường vụ thành ủy',
    );
    // Abbreviations stay case-sensitive: the word "tu" is untouched.
    expect(normalizeLine('tu sửa', { lexicon })).toBe('tu sửa');
  });

  it('matches pronunciation entries case-insensitively and lets them replace built-ins', () => {
    const lexicon: LexiconEntry[] = [
      { term: 'Yagi', spoken: 'da gi', kind: 'pronunciation' },
      { term: 'zalo', spoken: 'za lô', kind: 'pronunciation' },
    ];
    expect(normalizeLine('Bão YAGI, nhắn qua Zalo.', { lexicon })).toBe('bão da gi, nhắn qua za lô');
    // A letter that grows when folded ("İ" is two characters in lower case) moves no entry found after it.
    expect(normalizeLine('Đoàn İZMİR nhắn qua Zalo.', { lexicon })).toMatch(/nhắn qua za lô$/u);
  });

  it('accepts new abbreviations with punctuation and ignores empty entries', () => {
    const lexicon: LexiconEntry[] = [
      { term: 'HTXNN', spoken: 'hợp tác xã nông nghiệp', kind: 'abbreviation' },
      { term: 'F0', spoken: 'ép không', kind: 'abbreviation' },
      { term: ' ', spoken: 'x', kind: 'abbreviation' },
    ];
    expect(normalizeLine('HTXNN Yên Phong có 2 ca F0.', { lexicon })).toBe('hợp tác xã nông nghiệp yên phong có hai ca ép không');
  });

  it('spells and reports unknown all-caps abbreviations once', () => {
    const result = normalize('UBKTĐ xã họp. Mời UBKTĐ dự.');
    expect(result.sentences).toEqual(['u bê ca tê đê xã họp', 'mời u bê ca tê đê dự']);
    const unknown = result.warnings.filter((w) => w.code === 'unknown-abbreviation');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ code: 'unknown-abbreviation', term: 'UBKTĐ' });
    expect(unknown[0].message).toContain('chưa có trong từ điển');
    expect(unknown[0].en).toContain('not in the lexicon');
  });

  it('stops reporting an abbreviation once the lexicon has it', () => {
    const lexicon: LexiconEntry[] = [{ term: 'UBKTĐ', spoken: 'ủy ban kiểm tra đảng ủy', kind: 'abbreviation' }];
    const result = normalize('UBKTĐ xã họp.', { lexicon });
    expect(result.spoken).toBe('ủy ban kiểm tra đảng ủy xã họp');
    expect(result.warnings).toEqual([]);
  });

  it('spells letters with their Vietnamese names', () => {
    expect(spellLetters('ABC')).toBe('a bê xê');
    expect(spellLetters('HĐ')).toBe('hát đê');
  });
});

// From seed 004: an OCR copy of a plan that lost its diacritics.
const SEED_004_EXCERPT = `Cin ctr Ké hoach sb 49/KH-UBND ngay 28/02/2025 ctia Uy ban nhan dan
thanh phd Hai Phong vé xay dung mé hinh “Chinh quyén than thién” tai xi, phuong,
thi tran trén dja ban thanh phé Hai Phong. Uy ban nhan dan phuong Nam Triéu xay
dung va thuc hién mé hinh “Chinh quyén than thién” trén dia ban phuong, cu thé
nhu sau:
- Nang cao trach nhiém cua cap ay, chinh quyén dia phuong, nhan thirc cia cén
bo, cdng chirc, nhat 13 nang cao dao duc cdng vy, ¥ thirc trach nhiém va phong céch
phuc vu Nhan dan cua doi ngii can b, cong chirc; "Nghe dan n6i", "N6i dan hiéu".`;

describe('diagnostics', () => {
  it('warns that seed 004 lost its diacritics and is OCR noise', () => {
    const { warnings } = normalize(SEED_004_EXCERPT);
    const missing = warnings.find((w) => w.code === 'missing-diacritics');
    expect(missing).toBeDefined();
    expect(missing!.message).toContain('mất dấu');
    expect(missing!.en).toContain('diacritics');
    expect(missing).toMatchObject({ ratio: expect.any(Number) });
    const noise = warnings.find((w) => w.code === 'ocr-noise');
    expect(noise).toBeDefined();
    expect(noise).toMatchObject({ terms: expect.arrayContaining(['n6i']) });
  });

  const seed004 = '/work/shared/seeds/004_d302cbdfa19350bf.txt';
  it.skipIf(!existsSync(seed004))('warns on the whole seed 004 file', () => {
    const codes = normalize(readFileSync(seed004, 'utf8')).warnings.map((w) => w.code);
    expect(codes).toContain('missing-diacritics');
    expect(codes).toContain('ocr-noise');
  });

  it('warns on a short line typed without diacritics', () => {
    const codes = normalize('Thong bao lich cat dien ngay mai tai thon Dong').warnings.map((w) => w.code);
    expect(codes).toContain('missing-diacritics');
  });

  it('does not warn on clean Vietnamese, loanwords or very short lines', () => {
    const clean = corpus.map((r) => r.input).join('\n');
    expect(normalize(clean).warnings.filter((w) => w.code !== 'unknown-abbreviation')).toEqual([]);
    expect(normalize('Xin chào').warnings).toEqual([]);
    expect(normalize('Liên hệ qua Zalo, Facebook hoặc email của xã.').warnings).toEqual([]);
  });

  it('knows Vietnamese syllables', () => {
    for (const w of ['nghiêng', 'quyết', 'giữa', 'khuya', 'thuở', 'Ủy', 'ĐƯỜNG', 'gì', 'xoong']) {
      expect(isVietnameseSyllable(w), w).toBe(true);
    }
    for (const w of ['phwong', 'chirc', 'hién', 'quyen', 'UBND', 'zalo', 'ctr']) {
      expect(isVietnameseSyllable(w), w).toBe(false);
    }
  });
});

describe('words that name what every object has', () => {
  it('are read as words, never as the methods of an object ("constructor" crashed a lookup)', () => {
    for (const word of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf']) {
      for (const text of [word, `Họp ${word} nhé.`, `5 ${word}`, `#${word}`, `${word}@gmail.com`, `Kính chúc {${word}}`]) {
        const spoken = normalize(text).spoken;
        expect(spoken, text).not.toMatch(/function|native|object|undefined/u);
        expect(spoken.length, text).toBeGreaterThan(0);
      }
    }
  });
});

describe('splitSentences', () => {
  it('splits on full stops but not after TP., inside numbers or after heading markers', () => {
    expect(
      splitSentences('Họp tại TP. Hải Phòng lúc 7h30. Mức hỗ trợ 2,5 triệu đồng, từ 15.12.2024. I. MỤC ĐÍCH Tiếp.'),
    ).toEqual(['Họp tại TP. Hải Phòng lúc 7h30.', 'Mức hỗ trợ 2,5 triệu đồng, từ 15.12.2024.', 'I. MỤC ĐÍCH Tiếp.']);
    expect(splitSentences('Ông Nguyễn V. An phát biểu. Bà con lắng nghe!')).toEqual([
      'Ông Nguyễn V. An phát biểu.',
      'Bà con lắng nghe!',
    ]);
    expect(splitSentences('Đăng ký chưa? Hạn chót là 1.500 hồ sơ.')).toEqual(['Đăng ký chưa?', 'Hạn chót là 1.500 hồ sơ.']);
  });

  it('ends a sentence after a grade\'s letter or a counted place, and not after an initial or a title', () => {
    for (const [a, b] of [
      ['Vùng núi cao có nơi dưới 0 độ C.', 'Sáng 8/1, nhiệt độ tại Mẫu Sơn xuống -1,5°C.'],
      ['Người lái xe ô tô con phải có GPLX hạng B.', 'Sát hạch lái xe tổ chức ngày 20/12.'],
      ['Giải có 12 đội, chia thành 3 bảng A, B, C.', 'Đội văn nghệ thôn 2 đoạt giải A.'],
      ['Cháy rừng ở cấp V.', 'Rung lắc cảm nhận được ở mức độ IV.'],
      ['Mặt trận phối hợp tổ chức Ngày hội tại 12 KDC.', 'Các tổ chức chính trị - xã hội tham gia.'],
      ['Không dùng thuốc khi chưa có chỉ định của BS.', 'Công tác dân số năm 2026 đạt kế hoạch.'],
      ['HỌC SINH NGHỈ HỌC DO RÉT ĐẬM; PHHS LƯU Ý.', 'MỨC ĐÓNG BHYT HỌC SINH LÀ 1.263.600 ĐỒNG.'],
    ]) {
      expect(splitSentences(`${a} ${b}`)).toEqual([a, b]);
    }
    for (const one of [
      'Đối tượng Trần Văn H. (SN 1998) bị khởi tố.',
      'Họp tại nhà Ô. Trần Văn Bình lúc 19h30.',
      'Hộ B. Trần Thị Lan nhận tiền hỗ trợ.',
      'Địa chỉ: 45 Ng. Văn Cừ, P. An Hòa, TP. Rạch Giá.',
      'Ngừng cấp điện P. Hưng Dũng từ 7h30.',
      'Liên hệ BS. Lan tại trạm y tế.',
    ]) {
      expect(splitSentences(one)).toEqual([one]);
    }
  });

  it('joins lines wrapped mid-sentence and keeps headings and list items apart', () => {
    const text = [
      'KẾ HOẠCH',
      'Thực hiện kế hoạch số 947/KH-UBND ngày 04/6/2024 của UBND thị xã',
      '',
      'Tân Châu về xây dựng mô hình “Chính quyền thân thiện”.',
      'I. MỤC ĐÍCH, YÊU CẦU',
      '1. Mục đích',
      '- Đổi mới lề lối làm việc của cán bộ, công chức tại cơ quan trong công tác phục',
      'vụ người dân, tổ chức.',
      '- Cải thiện chất lượng phục vụ Nhân dân',
    ].join('\n');
    expect(splitSentences(text)).toEqual([
      'KẾ HOẠCH',
      'Thực hiện kế hoạch số 947/KH-UBND ngày 04/6/2024 của UBND thị xã Tân Châu về xây dựng mô hình “Chính quyền thân thiện”.',
      'I. MỤC ĐÍCH, YÊU CẦU',
      '1. Mục đích',
      '- Đổi mới lề lối làm việc của cán bộ, công chức tại cơ quan trong công tác phục vụ người dân, tổ chức.',
      '- Cải thiện chất lượng phục vụ Nhân dân',
    ]);
  });
});

describe('normalize', () => {
  it('returns sentences and the joined spoken text', () => {
    const result = normalize('Mất điện từ 7h đến 11h. Bà con chú ý!\nMọi thắc mắc gọi 0912345678.');
    expect(result.sentences).toEqual([
      'mất điện từ bảy giờ đến mười một giờ',
      'bà con chú ý!',
      'mọi thắc mắc gọi không chín một hai ba bốn năm sáu bảy tám',
    ]);
    expect(result.spoken).toBe(
      'mất điện từ bảy giờ đến mười một giờ. bà con chú ý! mọi thắc mắc gọi không chín một hai ba bốn năm sáu bảy tám',
    );
    expect(result.warnings).toEqual([]);
  });

  it('drops sentences with nothing to say', () => {
    expect(normalize('./.\n***\n').sentences).toEqual([]);
  });

  it('keeps sentence breaks inside one line and returns exactly one line', () => {
    const line = normalizeLine('Trời mưa to. Đi chậm.\r');
    expect(line).toBe('trời mưa to. đi chậm');
    expect(normalizeLine('a\nb')).not.toContain('\n');
  });

  it('reuses one compiled lexicon across calls', () => {
    const normalizer = createNormalizer({ lexicon: [{ term: 'KDL', spoken: 'khu du lịch', kind: 'abbreviation' }] });
    expect(normalizer.normalizeLine('KDL sinh thái')).toBe('khu du lịch sinh thái');
    expect(normalizer.normalize('KDL mở cửa.').spoken).toBe('khu du lịch mở cửa');
  });

  it('ignores placeholder code points that arrive in the input', () => {
    expect(normalizeLine('xã \uE000 Yên Phong')).toBe('xã yên phong');
  });
});

describe('runNormalizeCli', () => {
  it('writes exactly one spoken line per input line and warnings to stderr', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    stdin.end('Báo cáo trước ngày 15/12 hằng năm.\r\n\nUBKTĐ họp lúc 8h15\nTrời mưa. Đi chậm.');
    const summary = await runNormalizeCli(stdin, stdout, { stderr });
    expect(out).toBe(
      'báo cáo trước ngày mười lăm tháng mười hai hằng năm\n\nu bê ca tê đê họp lúc tám giờ mười lăm\ntrời mưa. đi chậm\n',
    );
    expect(summary).toEqual({ lines: 4, warnings: 1 });
    expect(err).toMatch(/^dòng 3: Chữ viết tắt «UBKTĐ»/);
  });

  it('reports a sentence the voice cannot read, with the sentence', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    stdin.end('Kính mời bà con.\nHọp T6 dân phố tối nay.\n');
    const summary = await runNormalizeCli(stdin, stdout, { stderr });
    expect(summary).toEqual({ lines: 2, warnings: 1 });
    expect(err).toMatch(/^dòng 2: «Họp T6 dân phố tối nay\.» Câu có chữ lẫn số .*T6/);
  });

  it('applies the lexicon it is given', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    stdin.end('Ban Thường vụ TU\n');
    await runNormalizeCli(stdin, stdout, { lexicon: [{ term: 'TU', spoken: 'thành ủy', kind: 'abbreviation' }] });
    expect(out).toBe('ban thường vụ thành ủy\n');
  });
});

describe('bulletin shapes of issue 15', () => {
  it.each([
    ['Dân số 18 562 người, 4 712 hộ.', 'dân số mười tám nghìn năm trăm sáu mươi hai người, bốn nghìn bảy trăm mười hai hộ'],
    ['Quỹ có 125 500 000 đồng.', 'quỹ có một trăm hai mươi lăm triệu năm trăm nghìn đồng'],
    ['Thôn 3 120 hộ tham gia.', 'thôn ba một trăm hai mươi hộ tham gia'],
    ['Mã 845 123 4567.', 'mã tám trăm bốn mươi lăm một trăm hai mươi ba bốn nghìn năm trăm sáu mươi bảy'],
  ])('thousands grouped with spaces: %s', (input, expected) => {
    expect(normalizeLine(input)).toBe(expected);
  });

  it.each([
    ['Tỷ lệ nam/nữ là 1/1.', 'tỷ lệ nam trên nữ là một trên một'],
    ['Tỷ số giới tính khi sinh là 110 bé trai/100 bé gái.', 'tỷ số giới tính khi sinh là một trăm mười bé trai trên một trăm bé gái'],
    ['Tỷ lệ tiêm chủng tính đến ngày 1/3 đạt 95%.', 'tỷ lệ tiêm chủng tính đến ngày mồng một tháng ba đạt chín mươi lăm phần trăm'],
    ['Cấp phát cho nam/nữ thanh niên.', 'cấp phát cho nam, nữ thanh niên'],
  ])('ratios: %s', (input, expected) => {
    expect(normalizeLine(input)).toBe(expected);
  });

  it('reads an amount within so many hours, and round the clock as before', () => {
    expect(normalizeLine('Mưa trên 100mm/3h.')).toBe('mưa trên một trăm mi li mét trong ba giờ');
    expect(normalizeLine('Mưa 200 mm/24 giờ.')).toBe('mưa hai trăm mi li mét trong hai mươi tư giờ');
    expect(normalizeLine('Trực 24/24h.')).toBe('trực hai mươi tư trên hai mươi tư giờ');
  });

  it('gives address words their tones from the sentence, the provinces and the words of addresses', () => {
    expect(normalizeLine('Hộp thư UBND xã Thạch Hà: ubndxathachha@gmail.com')).toBe(
      'hộp thư ủy ban nhân dân xã thạch hà, ủy ban nhân dân xã thạch hà a còng gờ meo chấm com',
    );
    expect(normalizeLine('Email: tiepnhan.motcua@nghean.gov.vn')).toBe(
      'i meo, tiếp nhận chấm một cửa a còng nghệ an chấm gờ o vê chấm vê en',
    );
  });

  it('reads land-use codes once after the word đất, and only in talk of land', () => {
    expect(normalizeLine('Thu hồi 200 m² đất ONT.')).toBe('thu hồi hai trăm mét vuông đất ở tại nông thôn');
    expect(normalizeLine('Mục đích sử dụng: CLN.')).toBe('mục đích sử dụng, đất trồng cây lâu năm');
  });

  it('reads the word-like land codes TON, TIN only after đất, and never a bulletin\'s TIN', () => {
    expect(normalizeLine('Thu hồi 86,4 m2 đất miếu (đất TIN).')).toBe('thu hồi tám mươi sáu phẩy bốn mét vuông đất miếu, đất cơ sở tín ngưỡng');
    expect(normalizeLine('TIN BÃO TRÊN ĐẤT LIỀN')).toBe('tin bão trên đất liền');
  });

  it('reads a house number whose slashed parts carry letters, each part joined by "trên"', () => {
    expect(normalizeLine('Nhà số 1A/23/4B đường Trần Quang Diệu.')).toBe('nhà số một a trên hai mươi ba trên bốn bê đường trần quang diệu');
    expect(normalizeLine('Số 7A/12C Lê Lợi.')).toBe('số bảy a trên mười hai xê lê lợi');
  });

  it('reads the dashed parts after "mã" with a pause, and a ward shortened after the words of a merger', () => {
    expect(normalizeLine('Nơi đăng ký: TYT xã Cẩm Bình (mã 42-123).')).toBe('nơi đăng ký, trạm y tế xã cẩm bình, mã bốn mươi hai, một trăm hai mươi ba');
    expect(normalizeLine('Phường Thành Sen thành lập từ P. Bắc Hà, P. Nam Hà.')).toBe('phường thành sen thành lập từ phường bắc hà, phường nam hà');
  });

  it('reads an age typed "t" after a bound typed as a sign, and the households of beneficiaries "hộ CS"', () => {
    expect(normalizeLine('KSK định kỳ cho NCT ≥ 60t.')).toBe('khám sức khỏe định kỳ cho người cao tuổi lớn hơn hoặc bằng sáu mươi tuổi');
    expect(normalizeLine('Trong đó 12 hộ nghèo, 5 hộ CS.')).toBe('trong đó mười hai hộ nghèo, năm hộ chính sách');
  });

  it('reads the signs of a formula of words after its "=": "x" nhân, a spaced dash trừ', () => {
    expect(normalizeLine('Mức đóng = 4,5% x lương cơ sở x 12 tháng.')).toBe('mức đóng bằng bốn phẩy năm phần trăm nhân lương cơ sở nhân mười hai tháng');
    expect(normalizeLine('Tiền bồi thường = Diện tích x Đơn giá - Tiền đã tạm ứng.')).toBe('tiền bồi thường bằng diện tích nhân đơn giá trừ tiền đã tạm ứng');
    expect(normalizeLine('Tiền SDĐ = Giá đất x Diện tích - Tiền BT được trừ.')).toBe('tiền sử dụng đất bằng giá đất nhân diện tích trừ tiền bồi thường được trừ');
  });

  it('reads an emoji keyboard\'s arrow between numbers as "đến", and a plus between two days as "và"', () => {
    expect(normalizeLine('Lịch tiêm: 08/12 (Thôn 1 ➝ 4).')).toBe('lịch tiêm, mồng tám tháng mười hai, thôn một đến bốn');
    expect(normalizeLine('Ngày 10 +11/12 tiêm vét.')).toBe('ngày mồng mười và mười một tháng mười hai tiêm vét');
  });

  it('reads a tilde between two measures in different units as "khoảng", in the same unit as a range', () => {
    expect(normalizeLine('Tổng diện tích 12.345,6 m2 ~ 1,23 ha.')).toBe('tổng diện tích mười hai nghìn ba trăm bốn mươi lăm phẩy sáu mét vuông khoảng một phẩy hai mươi ba héc ta');
    expect(normalizeLine('Dài 150m ~ 200m.')).toBe('dài một trăm năm mươi mét đến hai trăm mét');
  });

  it('reads health readings: blood pressure before a bound, a test sign, a count per mm3', () => {
    expect(normalizeLine('Người có HA ≥ 140/90 mmHg cần đi khám.')).toBe('người có huyết áp lớn hơn hoặc bằng một trăm bốn mươi trên chín mươi mi li mét thủy ngân cần đi khám');
    expect(normalizeLine('Kết quả xét nghiệm anti-HCV (+).')).toBe('kết quả xét nghiệm an ti hát xê vê dương tính');
    expect(normalizeLine('Tiểu cầu còn 45.000/mm3.')).toBe('tiểu cầu còn bốn mươi lăm nghìn một mi li mét khối');
    expect(normalizeLine('Em Lan giành HCV môn bơi.')).toBe('em lan giành huy chương vàng môn bơi');
  });

  it('reads "per" after a count of things but not between alternatives', () => {
    expect(normalizeLine('Nuôi 2.000 con/lứa.')).toBe('nuôi hai nghìn con một lứa');
    expect(normalizeLine('Có 3 xã/phường tham gia.')).toBe('có ba xã, phường tham gia');
    expect(normalizeLine('Có 3 thôn/xã/phường chưa nộp báo cáo.')).toBe('có ba thôn, xã, phường chưa nộp báo cáo');
    expect(normalizeLine('Hỗ trợ 5 người/thôn/đợt.')).toBe('hỗ trợ năm người một thôn một đợt');
    expect(normalizeLine('Tối đa 200 triệu đồng/máy.')).toBe('tối đa hai trăm triệu đồng một máy');
  });

  it('reads a fraction before counted cases as a count, and the O of a formula as "ô"', () => {
    expect(normalizeLine('Hòa giải thành 5/6 vụ việc, giải quyết 12/12 đơn thư.')).toBe('hòa giải thành năm trên sáu vụ việc, giải quyết mười hai trên mười hai đơn thư');
    expect(normalizeLine('Thương binh hạng 1/4, bệnh binh hạng 2/3.')).toBe('thương binh hạng một trên bốn, bệnh binh hạng hai trên ba');
    expect(normalizeLine('Khí N2O, phân lân P2O5, nhóm máu O.')).toBe('khí en hai ô, phân lân pê hai ô năm, nhóm máu o');
  });

  it('reads a height and does not take it for OCR damage', () => {
    expect(normalize('Cháu Nam, 15 tuổi, cao 1m60, mặc áo xanh.').unreadable).toEqual([]);
    expect(normalizeLine('Cao 1m60.')).toBe('cao một mét sáu mươi');
  });

  it('does not count the path of a web address as words without diacritics', () => {
    expect(normalize('Xem tại https://www.facebook.com/ubndxaphuson').unreadable).toEqual([]);
    expect(normalize('Xem chi tiet tai trang web cua xa nhe ba con').unreadable).not.toEqual([]);
  });

  it('reads a colon between small numbers as a ratio in talk of ratios, and keeps the sign of a temperature range', () => {
    expect(normalizeLine('Tỷ lệ nam/nữ là 1:1.')).toBe('tỷ lệ nam trên nữ là một trên một');
    expect(normalizeLine('Tỷ lệ tiêm chủng cập nhật lúc 7:30.')).toBe('tỷ lệ tiêm chủng cập nhật lúc bảy giờ ba mươi');
    expect(normalizeLine('Nhiệt độ từ -2 - 3°C.')).toBe('nhiệt độ từ âm hai đến ba độ xê');
  });

  it('spells CP after feed words and DO after dầu, and reads a meeting password digit by digit', () => {
    expect(normalizeLine('Cám CP, thức ăn chăn nuôi CP; Nghị định 10/2025/NĐ-CP.')).toBe(
      'cám xê pê, thức ăn chăn nuôi xê pê, nghị định mười năm hai nghìn không trăm hai mươi lăm nghị định chính phủ',
    );
    expect(normalizeLine('Bán dầu DO 0,05S, dầu FO.')).toBe('bán dầu đê ô không phẩy không năm ét, dầu ép ô');
    expect(normalizeLine('Mã phòng 845 123 4567, mật khẩu 2025.')).toBe('mã phòng tám bốn năm, một hai ba, bốn năm sáu bảy, mật khẩu hai không hai năm');
  });

  it('reads abbreviations typed in lower case, and numbers after a numbered place as a list', () => {
    expect(normalizeLine('Liên hệ ubnd xã, sđt 0912345678; mang thẻ bhyt.')).toBe(
      'liên hệ ủy ban nhân dân xã, số điện thoại không chín một hai ba bốn năm sáu bảy tám, mang thẻ bảo hiểm y tế',
    );
    expect(normalizeLine('Bà con thôn 10,11 và lớp 10,11,12; diện tích 10,5 ha.')).toBe(
      'bà con thôn mười, mười một và lớp mười, mười một, mười hai, diện tích mười phẩy năm héc ta',
    );
  });

  it('reads a pipe size a few words after "ống" and does not take it for OCR damage', () => {
    const result = normalize('Lắp ống nhựa HDPE D90 và ống thép D200 cho trạm bơm.');
    expect(result.spoken).toBe('lắp ống nhựa hát dê pê e dê chín mươi và ống thép dê hai trăm cho trạm bơm');
    expect(result.unreadable).toEqual([]);
  });

  it('reads a variety code of four digits or more digit by digit, and keeps chemicals written the Vietnamese way', () => {
    expect(normalizeLine('Giống ngô NK7328, lúa BC15.')).toBe('giống ngô en ca bảy ba hai tám, lúa bê xê mười lăm');
    expect(normalizeLine('Lô LK-05, lô B-012, COVID-19.')).toBe('lô e lờ ca không năm, lô bê không một hai, cô vít mười chín');
    expect(normalizeLine('Lô B12-05, ô A3-02.')).toBe('lô bê mười hai không năm, ô a ba không hai');
    const result = normalize('Bón thúc lần 2 khi lúa đẻ nhánh rộ: 5kg urê + 3kg kali/sào.');
    expect(result.spoken).toBe('bón thúc lần hai khi lúa đẻ nhánh rộ, năm ki lô gam urê cộng ba ki lô gam kali một sào');
    expect(result.warnings).toEqual([]);
  });

  it('reads a record code group by group, names joined by underscores like addresses, and a file extension', () => {
    expect(normalizeLine('Mã hồ sơ: H52.22-251203-0015.')).toBe('mã hồ sơ, hát năm hai, hai hai, hai năm một hai không ba, không không một năm');
    expect(normalizeLine('Tên mạng UBND_XA_KYTAN, tệp có đuôi .apk.')).toBe('tên mạng ủy ban nhân dân gạch dưới xã gạch dưới kỳ tân, tệp có đuôi chấm a pê ca');
  });

  it('reads a standard with its year, keeping a leading zero', () => {
    expect(normalizeLine('Đạt QCVN 08:2023/BTNMT và TCVN 5945:2005.')).toBe(
      'đạt quy chuẩn việt nam không tám, hai nghìn không trăm hai mươi ba bộ tài nguyên và môi trường và tiêu chuẩn việt nam năm nghìn chín trăm bốn mươi lăm, hai nghìn không trăm linh năm',
    );
  });

  it('reads everyday English loanwords as villages say them', () => {
    expect(normalizeLine('Cảnh báo lừa đảo deepfake, phishing; quán cafe, phòng gym, sân bida.')).toBe(
      'cảnh báo lừa đảo đíp phếch, phi sinh, quán cà phê, phòng gim, sân bi a',
    );
  });

  it('reads initials in an address as the office the sentence names, or spelled when it names none', () => {
    expect(normalizeLine('Hộp thư của Đài truyền thanh xã: dtt.xuanlien@gmail.com; Sở GD&ĐT: sogd.nghean.gov.vn.')).toBe(
      'hộp thư của đài truyền thanh xã, đài truyền thanh chấm xuân liên a còng gờ meo chấm com, sở giáo dục và đào tạo, sở giáo dục chấm nghệ an chấm gờ o vê chấm vê en',
    );
    expect(normalizeLine('Hộp thư: dtt.xuanlien@gmail.com.')).toBe('hộp thư, dê tê tê chấm xuân liên a còng gờ meo chấm com');
  });

  it('reads a district or township typed without marks in an address as the register spells it', () => {
    expect(normalizeLine('Xem tại canloc.hatinh.gov.vn, email ttyt.camle@danang.gov.vn.')).toBe(
      'xem tại can lộc chấm hà tĩnh chấm gờ o vê chấm vê en, i meo trung tâm y tế chấm cẩm lệ a còng đà nẵng chấm gờ o vê chấm vê en',
    );
  });

  it('reads syllables of place names in addresses as place names have them', () => {
    expect(normalizeLine('Hộp thư: xuanloc.phuson@gmail.com')).toBe('hộp thư, xuân lộc chấm phú sơn a còng gờ meo chấm com');
  });

  it('reads compounds joined by hyphens part by part and pairs of names without a pause', () => {
    expect(normalizeLine('Văn phòng Đảng ủy-HĐND-UBND xã.')).toBe('văn phòng đảng ủy hội đồng nhân dân ủy ban nhân dân xã');
    expect(normalizeLine('Hữu nghị Việt - Lào, cao tốc Bắc - Nam, ngành nông - lâm - ngư nghiệp.')).toBe(
      'hữu nghị việt lào, cao tốc bắc nam, ngành nông lâm ngư nghiệp',
    );
    expect(normalizeLine('Ngã ba thôn 6 - thôn 7.')).toBe('ngã ba thôn sáu, thôn bảy');
    expect(normalizeLine('Đường liên thôn 3 - 4 dài 3 - 4 km.')).toBe('đường liên thôn ba, bốn dài ba đến bốn ki lô mét');
    expect(normalizeLine('Công chức ĐC - XD xã, Phòng KT - HT huyện.')).toBe('công chức địa chính xây dựng xã, phòng kinh tế hạ tầng huyện');
    expect(normalizeLine('HĐND - UBND xã.')).toBe('hội đồng nhân dân, ủy ban nhân dân xã');
  });

  it('reads ranges with the word repeated, and lists of days before their month', () => {
    expect(normalizeLine('Từ mùng 1 - mùng 5 Tết.')).toBe('từ mùng một đến mùng năm tết');
    expect(normalizeLine('Học sinh lớp 1 - lớp 5.')).toBe('học sinh lớp một đến lớp năm');
    // Between places, "từ" makes it a range; without it two places are named.
    expect(normalizeLine('Cắt điện từ tổ 2 - tổ 5, thôn 6 - thôn 7.')).toBe('cắt điện từ tổ hai đến tổ năm, thôn sáu, thôn bảy');
    expect(normalizeLine('Ngày 4, 5 tháng Giêng.')).toBe('ngày mồng bốn, mồng năm tháng giêng');
    expect(normalizeLine('Trực các ngày 1, 2 và 3/1/2026.')).toBe('trực các ngày mồng một, mồng hai và mồng ba tháng một năm hai nghìn không trăm hai mươi sáu');
  });

  it('reads counted parts with trên, fishing boats by their letters and digits', () => {
    expect(normalizeLine('Đạt 12/19 tiêu chí.')).toBe('đạt mười hai trên mười chín tiêu chí');
    expect(normalizeLine('Đạt 1/3 kế hoạch.')).toBe('đạt một phần ba kế hoạch');
    expect(normalizeLine('Tàu cá HT-90123-TS.')).toBe('tàu cá hát tê, chín không một hai ba, tê ét');
  });

  it.each([
    ['Độ mặn 4,5‰.', 'độ mặn bốn phẩy năm phần nghìn'],
    ['Tần số 7903 kHz.', 'tần số bảy nghìn chín trăm linh ba ki lô héc'],
    ['Huyết áp 140/90 mmHg.', 'huyết áp một trăm bốn mươi trên chín mươi mi li mét thủy ngân'],
    ['Đội U15 xã.', 'đội u mười lăm xã'],
    ['Phí 100.000 đ/VĐV.', 'phí một trăm nghìn đồng một vận động viên'],
    ['CT UBND xã ký.', 'chủ tịch ủy ban nhân dân xã ký'],
    ['Tải trọng 5T.', 'tải trọng năm tấn'],
    ['Trọng tải 1.5 tấn.', 'trọng tải một phẩy năm tấn'],
    ['Họp vào ngày 03 - 05 hằng tháng.', 'họp vào ngày mồng ba đến mồng năm hằng tháng'],
    ['Học phí 2 triệu đồng/tháng/cháu.', 'học phí hai triệu đồng một tháng một cháu'],
    ['Khối A00.', 'khối a không không'],
    ['Ông Nguyễn Văn M. và cỡ áo S.', 'ông nguyễn văn em mờ và cỡ áo ét'],
    ['ĐC: số 12, đường Trần Phú, tp. Hà Tĩnh.', 'địa chỉ, số mười hai, đường trần phú, thành phố hà tĩnh'],
    ['Số TK: 1234 5678 9012 tại Cty TNHH Minh Phát.', 'số tài khoản, một hai ba bốn, năm sáu bảy tám, chín không một hai tại công ty trách nhiệm hữu hạn minh phát'],
    ['Phòng ĐC xã.', 'phòng địa chính xã'],
    ['Mã bưu chính: 45000.', 'mã bưu chính, bốn năm không không không'],
    ['Mã bưu chính của phường Bắc Hà: 45100; số tài khoản của Quỹ: 3701205012345.', 'mã bưu chính của phường bắc hà, bốn năm một không không, số tài khoản của quỹ, ba bảy không một hai không năm không một hai ba bốn năm'],
    ['Cấm xe có tổng trọng lượng trên 10T, dầm có khối lượng 40T.', 'cấm xe có tổng trọng lượng trên mười tấn, dầm có khối lượng bốn mươi tấn'],
    ['Văn bản số 45/SGTVT-GT, số 890/STNMT-ĐĐ. Lưu: VT, KT, TH.', 'văn bản số bốn mươi lăm sở giao thông vận tải giao thông, số tám trăm chín mươi sở tài nguyên và môi trường đất đai. lưu, văn thư, kinh tế, tổng hợp'],
    ['Gọi c Lan, máy lẻ 105 | Họp tại P.201 nhà B3, KĐT Văn Quán.', 'gọi chị lan, máy lẻ một không năm, họp tại phòng hai trăm linh một nhà bê ba, khu đô thị văn quán'],
    ['Nhắn tin theo cú pháp HS gửi 8088; nhà ở km số 3; lô TĐC-01 đến TĐC-45.', 'nhắn tin theo cú pháp hát ét gửi tám không tám tám, nhà ở ki lô mét số ba, lô tê đê xê không một đến tê đê xê bốn mươi lăm'],
    ['Theo điểm a Khoản 2, ông A, P.14.', 'theo điểm a khoản hai, ông a, phường mười bốn'],
    ['Số vụ giảm 2 vụ (-33,3%), doanh thu (+12,5%); xe container 40 feet đi QL8 → QL15; Trung tâm Đăng kiểm 38-01D.', 'số vụ giảm hai vụ, âm ba mươi ba phẩy ba phần trăm, doanh thu, cộng mười hai phẩy năm phần trăm, xe công te nơ bốn mươi phít đi quốc lộ tám, quốc lộ mười lăm, trung tâm đăng kiểm ba mươi tám không một dê'],
    ['Nhận quà tại đ/c: số 5 ngõ 12; gặp đ/c Hùng; ngõ 168, đ. Nguyễn Du; giá 20.000 đ.', 'nhận quà tại địa chỉ, số năm ngõ mười hai, gặp đồng chí hùng, ngõ một trăm sáu mươi tám, đường nguyễn du, giá hai mươi nghìn đồng'],
    ['Liên hệ 0961 xxx 789 (a.Tuấn), c.Hoa; Phòng Kinh tế: phongkt@xa.gov.vn, đối diện Vincom.', 'liên hệ không chín sáu một, ích ích ích, bảy tám chín, anh tuấn, chị hoa, phòng kinh tế, phòng kinh tế a còng xã chấm gờ o vê chấm vê en, đối diện vin com'],
    ['Diện tích tăng 35,2m2, cao 1m65; hộ đủ đk nộp hồ sơ + tiền tại Trung tâm PTQĐ, qua barie.', 'diện tích tăng ba mươi lăm phẩy hai mét vuông, cao một mét sáu mươi lăm, hộ đủ điều kiện nộp hồ sơ cộng tiền tại trung tâm phát triển quỹ đất, qua ba ri e'],
    ['Vận hành 3/4 máy bơm, 2/3 cửa van; mưa cao hơn TBNN 25%; ngày 2/9 cửa hàng đóng cửa.', 'vận hành ba trên bốn máy bơm, hai trên ba cửa van, mưa cao hơn trung bình nhiều năm hai mươi lăm phần trăm, ngày mồng hai tháng chín cửa hàng đóng cửa'],
    ['Rải thảm BTN, cống hộp BTCT, mặt đường BTXM.', 'rải thảm bê tông nhựa, cống hộp bê tông cốt thép, mặt đường bê tông xi măng'],
    ['Vietcombank CN Hà Tĩnh, chủ TK: UB MTTQ xã; làm việc cả thứ 7, CN.', 'việt com banh chi nhánh hà tĩnh, chủ tài khoản, ủy ban mặt trận tổ quốc xã, làm việc cả thứ bảy, chủ nhật'],
    ['Ngân hàng CSXH CN huyện nghỉ CN Tết.', 'ngân hàng chính sách xã hội chi nhánh huyện nghỉ chủ nhật tết'],
    ['Hỗ trợ 1,500,000đ, giá 25,000 đồng, diện tích 12,5 ha.', 'hỗ trợ một triệu năm trăm nghìn đồng, giá hai mươi lăm nghìn đồng, diện tích mười hai phẩy năm héc ta'],
    ['Tăng 1.5 lần, điểm 8.5 điểm, mục 2.3.', 'tăng một phẩy năm lần, điểm tám phẩy năm điểm, mục hai chấm ba'],
    ['Cấp 10 suất x 500.000đ, thu 15.000đ/người x 1.200 người.', 'cấp mười suất nhân năm trăm nghìn đồng, thu mười lăm nghìn đồng một người nhân một nghìn hai trăm người'],
    ['Họp vào thứ 2, 4, 6 hằng tuần, trong tháng 1, 2, 3/2026.', 'họp vào thứ hai, thứ tư, thứ sáu hằng tuần, trong tháng một, tháng hai, tháng ba năm hai nghìn không trăm hai mươi sáu'],
  ])('units, codes and abbreviations by context: %s', (input, expected) => {
    expect(normalizeLine(input)).toBe(expected);
  });

  it('reads a Roman numeral of I, V, X standing alone as a number', () => {
    expect(normalizeLine('Cấp độ II, Huân chương Kháng chiến hạng II, khóa XV.')).toBe('cấp độ hai, huân chương kháng chiến hạng hai, khóa mười lăm');
  });

  it('reads prices written with the dollar first, VNĐ after a scale, and a range of prices per unit', () => {
    expect(normalizeLine('Khoảng $500.')).toBe('khoảng năm trăm đô la mỹ');
    expect(normalizeLine('Tổng 2,5 tỷ VNĐ.')).toBe('tổng hai phẩy năm tỷ đồng');
    expect(normalizeLine('Giá 15.000đ/kg - 20.000đ/kg.')).toBe('giá mười lăm nghìn đồng một ki lô gam đến hai mươi nghìn đồng một ki lô gam');
  });

  it('reads an acronym the text defines in brackets as its words wherever the text uses it again, without a warning', () => {
    const text = 'Thành lập Hợp tác xã nuôi trồng thủy sản (HTXNTTS) Đồng Tiến. Các HTXNTTS ký hợp đồng với 120 hộ.';
    const result = normalize(text);
    expect(result.spoken).toBe('thành lập hợp tác xã nuôi trồng thủy sản đồng tiến. các hợp tác xã nuôi trồng thủy sản ký hợp đồng với một trăm hai mươi hộ');
    expect(result.warnings.filter((w) => w.code === 'unknown-abbreviation')).toEqual([]);
    // Without the definition it is spelled and reported.
    expect(normalizeLine('Các HTXNTTS ký hợp đồng.')).toBe('các hát tê ích xì en tê tê ét ký hợp đồng');
  });
  it('reads words shortened on a phone, but not a point letter or money after a number', () => {
    expect(normalizeLine('ko đc đến muộn, mn nhớ mang theo CCCD')).toBe('không được đến muộn, mọi người nhớ mang theo căn cước công dân');
    expect(normalizeLine('ai k đi đc thì báo trc cho tổ trưởng')).toBe('ai không đi được thì báo trước cho tổ trưởng');
    expect(normalizeLine('Theo điểm k khoản 1 Điều 5.')).toBe('theo điểm ca khoản một điều năm');
    expect(normalizeLine('Vé 25 k một người.')).not.toContain('không');
    expect(normalizeLine('theo dõi 30p sau tiêm')).toBe('theo dõi ba mươi phút sau tiêm');
    expect(normalize('các cháu theo dõi 30p rồi mới về nhà nhé').unreadable).toEqual([]);
    // "bn" addresses a friend before "nào"/"ơi" or after "các"; elsewhere it asks how many.
    expect(normalizeLine('Bn nào nhặt đc thì báo mình')).toBe('bạn nào nhặt được thì báo mình');
    expect(normalizeLine('mỗi hộ đóng bn tiền')).toBe('mỗi hộ đóng bao nhiêu tiền');
    expect(normalizeLine('thu 50 nghìn/ng, suất ăn 150k/1 ng')).toBe('thu năm mươi nghìn một người, suất ăn một trăm năm mươi nghìn một người');
    expect(normalizeLine('ra ca xã làm cccd, ct ubnd xã ký, lên ub nhận')).toBe('ra công an xã làm căn cước công dân, chủ tịch ủy ban nhân dân xã ký, lên ủy ban nhận');
    expect(normalizeLine('có 3 ca xã ghi nhận')).toBe('có ba ca xã ghi nhận');
    // A drawn-out last vowel is said once, an emoji glued to a time or sum stands apart, "1500k" is said in millions.
    expect(normalizeLine('họp lúc 7h30🙏 nha mn ơiii, nộp 1.500k nhéee')).toBe('họp lúc bảy giờ ba mươi nha mọi người ơi, nộp một triệu năm trăm nghìn nhé');
    expect(normalizeLine('học kỳ ii, wifi free')).toBe('học kỳ hai, oai phai phri');
    expect(normalizeLine('lạc từ chiều t6,1 con, trực T3,5,7')).toBe('lạc từ chiều thứ sáu, một con, trực thứ ba, thứ năm, thứ bảy');
    expect(normalizeLine('t/g 8h, ae đi đc k? ko cần mang j')).toBe('thời gian tám giờ, anh em đi được không, không cần mang gì');
    expect(normalizeLine('giá 30 k, nhà số 5 ngõ k')).toBe('giá ba mươi nghìn, nhà số năm ngõ ca');
    expect(normalize('giảm 30%.Các hộ nộp nhé!!Cảm ơn.ae về').spoken).toBe('giảm ba mươi phần trăm. các hộ nộp nhé! cảm ơn. anh em về');
    expect(normalizeLine('tiêm ngày 13/12,7h30')).toBe('tiêm ngày mười ba tháng mười hai, bảy giờ ba mươi');
    expect(normalizeLine('nộp tr 31/12, mỗi hộ 5 tr')).toBe('nộp trước ba mươi mốt tháng mười hai, mỗi hộ năm triệu');
  });

  it('spells two capitals outside a heading even when they spell a syllable, and reads a fraction before a dose', () => {
    expect(normalizeLine('Chỉ số BI là 45.')).toBe('chỉ số bê i là bốn mươi lăm');
    expect(normalizeLine('Trẻ 6-11 tháng uống 1/2 viên.')).toBe('trẻ sáu đến mười một tháng uống một phần hai viên');
  });
  it('says a body word once before an abbreviation that begins with it, and spells a form code with hyphens', () => {
    expect(normalizeLine('Đăng tải trên Trang TTĐT xã.')).toBe('đăng tải trên trang thông tin điện tử xã');
    expect(normalizeLine('Hành vi VPHC bị xử phạt.')).toBe('hành vi vi phạm hành chính bị xử phạt');
    expect(normalizeLine('Tờ khai mẫu TK1-TS, mẫu D02-LT.')).toBe('tờ khai mẫu tê ca một tê ét, mẫu dê không hai e lờ tê');
  });
  it('reads the next of a list of scores as a score, while a list of dates stays dates', () => {
    expect(normalizeLine('Thương binh hạng 2/4, 3/4.')).toBe('thương binh hạng hai trên bốn, ba trên bốn');
    expect(normalizeLine('Nghỉ ngày 2/4, 3/4.')).toBe('nghỉ ngày mồng hai tháng tư, mồng ba tháng tư');
  });
  it('reads an amount written as a word over a measured amount with trên, and a second count after a pause', () => {
    expect(normalizeLine('Phun 1 lít/4m² chuồng.')).toBe('phun một lít trên bốn mét vuông chuồng');
    expect(normalizeLine('Thôn có 120 hộ/480 khẩu.')).toBe('thôn có một trăm hai mươi hộ, bốn trăm tám mươi khẩu');
  });
  it('spells three capitals outside a heading, reads a disease grade with its letter, and worming tablets', () => {
    expect(normalizeLine('Giá vắc xin SAT 45.000đ/liều.')).toBe('giá vắc xin ét a tê bốn mươi lăm nghìn đồng một liều');
    expect(normalizeLine('TIN KHẨN VỀ BÃO SỐ 5')).toBe('tin khẩn về bão số năm');
    expect(normalizeLine('Tay chân miệng độ 2a trở lên.')).toBe('tay chân miệng độ hai a trở lên');
    expect(normalize('Trẻ bị tay chân miệng độ 2a trở lên phải nhập viện.').unreadable).toEqual([]);
    expect(normalizeLine('Uống Albendazol 400mg.')).toBe('uống an ben đa dôn bốn trăm mi li gam');
  });
  it('reads what a recipient is sent a document for, written with a slash', () => {
    expect(normalizeLine('Nơi nhận: TT Đảng ủy (b/c); Các thôn (t/h); Lưu: VT.')).toBe('nơi nhận, thường trực đảng ủy, báo cáo, các thôn, thực hiện, lưu, văn thư');
  });
  it('reads the veterinary station and livestock vaccines by brand', () => {
    expect(normalizeLine('Giấy kiểm dịch của Trạm CN&TY, vắc xin NAVET-ASFVAC, tiêm Fe-Dextran.')).toBe(
      'giấy kiểm dịch của trạm chăn nuôi và thú y, vắc xin na vét a ét ép vắc, tiêm phe đéc xtran',
    );
  });
  it("reads an earthquake's magnitude glued to its scale and a time zone's offset", () => {
    expect(normalizeLine('Động đất Mw5,1 lúc 14:22 (giờ GMT+7).')).toBe('động đất em vê kép năm phẩy một lúc mười bốn giờ hai mươi hai, giờ giê em tê cộng bảy');
    expect(normalize('Động đất M3.6 xảy ra tại xã Măng Đen.').unreadable).toEqual([]);
    expect(normalizeLine('Kiểm tra mốc M3 trên thửa đất.')).toBe('kiểm tra mốc em ba trên thửa đất');
  });
  it('reads minutes marked alone with a prime, not a quote closed after a number', () => {
    expect(normalizeLine("Thời gian chờ phà khoảng 45'.")).toBe('thời gian chờ phà khoảng bốn mươi lăm phút');
    expect(normalizeLine("Khẩu hiệu 'Tổ 5' được treo.")).toBe('khẩu hiệu tổ năm được treo');
  });
  it("reads a reservoir's volume in millions of cubic metres typed short", () => {
    expect(normalizeLine('Hồ đạt 420 tr.m3 (646tr.m3 thiết kế).')).toBe('hồ đạt bốn trăm hai mươi triệu mét khối, sáu trăm bốn mươi sáu triệu mét khối thiết kế');
    expect(normalize('Hồ đạt 420 tr.m3.').unreadable).toEqual([]);
  });
  it("reads a decree's number and year after its short kind, kilometre posts listed glued, and a chat k closing a clause", () => {
    expect(normalizeLine('Phạt theo Điều 18 NĐ 168/2024.')).toBe('phạt theo điều mười tám nghị định một trăm sáu mươi tám năm hai nghìn không trăm hai mươi tư');
    expect(normalizeLine('Đạt 150/2000 hộ.')).toBe('đạt một trăm năm mươi trên hai nghìn hộ');
    expect(normalizeLine('Sạt lở km4 km6, ô tô càng k')).toBe('sạt lở ki lô mét bốn ki lô mét sáu, ô tô càng không');
    expect(normalizeLine('Bổ sung vitamin k.')).toBe('bổ sung vi ta min ca');
  });
  it('reads a degree sign that became a zero before C where temperatures are spoken of', () => {
    expect(normalizeLine('Nắng nóng 38-40 0C.')).toBe('nắng nóng ba mươi tám đến bốn mươi độ xê');
    expect(normalizeLine('Lớp 10 0C.')).toBe('lớp mười không xê');
  });
  it("reads an axle's load in tonnes and a size's sides named by Vietnamese initials as the words", () => {
    expect(normalizeLine('Trục đơn 10T, trục kép 18T.')).toBe('trục đơn mười tấn, trục kép mười tám tấn');
    expect(normalizeLine('Hố DxRxS = 2x1x1,5m.')).toBe('hố dài nhân rộng nhân sâu bằng hai nhân một nhân một phẩy năm mét');
    expect(normalizeLine('Cống BxH = 2x2m.')).toBe('cống bê nhân hát bằng hai nhân hai mét');
  });
  it('reads an arrow after a measured value closing its item as a rise or a fall', () => {
    expect(normalizeLine('Hòa Duyệt 9,86m ↑, Sơn Diệm 11,20m↓.')).toBe('hòa duyệt chín phẩy tám mươi sáu mét tăng, sơn diệm mười một phẩy hai mươi mét giảm');
  });
  it('reads a route of several arrows as a list, and a weigh station', () => {
    expect(normalizeLine('Đi tránh: QL1 → ĐT.552 → cầu Thạch Đồng → QL1.')).toBe('đi tránh, quốc lộ một, đường tỉnh năm trăm năm mươi hai, cầu thạch đồng, quốc lộ một');
    expect(normalizeLine('Đường thôn 3 → thôn 5.')).toBe('đường thôn ba đến thôn năm');
    expect(normalizeLine('Trạm KTTTX lưu động.')).toBe('trạm kiểm tra tải trọng xe lưu động');
  });
  it('reads a part against a capacity of more than ten before a scale word with trên, a small fraction with phần', () => {
    expect(normalizeLine('Hồ còn 35/73 triệu m³.')).toBe('hồ còn ba mươi lăm trên bảy mươi ba triệu mét khối');
    expect(normalizeLine('Còn khoảng 1/3 triệu đồng.')).toBe('còn khoảng một phần ba triệu đồng');
  });
  it('reads a road class typed with a full stop and a space before its number, no sentence ending there', () => {
    expect(normalizeLine('Đoạn ĐT. 741 bị ngập.')).toBe('đoạn đường tỉnh bảy trăm bốn mươi mốt bị ngập');
    expect(normalizeLine('Liên hệ ĐT. 0912 345 678.')).toBe('liên hệ điện thoại không chín một hai, ba bốn năm, sáu bảy tám');
  });
  it('reads a dotted day and month opening a range that a date ends as a date, a dotted clock before a clock as a time', () => {
    expect(normalizeLine('Thi công từ 05.12 đến 10.12.2026.')).toBe('thi công từ mồng năm tháng mười hai đến mồng mười tháng mười hai năm hai nghìn không trăm hai mươi sáu');
    expect(normalizeLine('Làm việc từ 7.30 - 11.00 hằng ngày.')).toBe('làm việc từ bảy giờ ba mươi đến mười một giờ hằng ngày');
  });
  it('reads a notice typed all in lower case as the same notice typed normally', () => {
    expect(normalizeLine('thực hiện qđ số 15/qđ-ubnd, tt hđnd xã họp tại tt thạch hà; hđnd khóa i, vượt bđ iii.')).toBe(
      'thực hiện quyết định số mười lăm quyết định ủy ban nhân dân, thường trực hội đồng nhân dân xã họp tại thị trấn thạch hà, hội đồng nhân dân khóa một, vượt báo động ba',
    );
    // A phone's shorthand stays the word it stands for; "xi măng", "cấp vi chất" stay words.
    expect(normalizeLine('mn ơi ai chx đăng ký thì nhắn e nhé, xi măng cấp vi chất')).toBe('mọi người ơi ai chưa đăng ký thì nhắn em nhé, xi măng cấp vi chất');
  });
  it('reads a list numbered on keycaps, typed in lower case, as the same list typed normally', () => {
    const typed = 'Hồ sơ gồm: 1️⃣ Đơn đề nghị (theo mẫu) 2️⃣ Bản sao CCCD 3️⃣ Giấy xác nhận hộ nghèo.';
    expect(normalizeLine(typed.toLowerCase())).toBe(normalizeLine(typed));
    expect(normalizeLine(typed)).toBe('hồ sơ gồm, một, đơn đề nghị, theo mẫu, hai, bản sao căn cước công dân, ba, giấy xác nhận hộ nghèo');
  });
  it('reads a test sign in brackets as its result once, and a share after so many of so many as a count', () => {
    expect(normalizeLine('Bệnh nhân lao phổi AFB(+), HIV (-).')).toBe('bệnh nhân lao phổi a ép bê dương tính, hát i vê âm tính');
    expect(normalizeLine('Kết quả xét nghiệm dương tính (+).')).toBe('kết quả xét nghiệm dương tính');
    expect(normalizeLine('Đạt 31/33 (93,9%), còn 1/3 (33%).')).toBe('đạt ba mươi mốt trên ba mươi ba, chín mươi ba phẩy chín phần trăm, còn một phần ba, ba mươi ba phần trăm');
  });
  it('reads a pulse in l/p as times a minute and a dose range under two prefixes with đến', () => {
    expect(normalizeLine('Mạch 88 l/p, nhịp thở 40 l/ph.')).toBe('mạch tám mươi tám lần một phút, nhịp thở bốn mươi lần một phút');
    expect(normalizeLine('Mỗi lần 500mg-1g.')).toBe('mỗi lần năm trăm mi li gam đến một gam');
    expect(normalizeLine('Máy 160kVA - 22/0,4kV.')).toBe('máy một trăm sáu mươi ki lô vôn am pe, hai mươi hai trên không phẩy bốn ki lô vôn');
  });
  it("reads a court's case number with the court's words, a case type only beside a court's step", () => {
    expect(normalizeLine('Thụ lý số 12/2025/TLST-DS.')).toBe('thụ lý số mười hai năm hai nghìn không trăm hai mươi lăm thụ lý sơ thẩm dân sự');
    expect(normalizeLine('Bản án số 88/2025/DS-PT.')).toBe('bản án số tám mươi tám năm hai nghìn không trăm hai mươi lăm dân sự phúc thẩm');
    // Without a court's step, DS and HS keep their everyday readings.
    expect(normalizeLine('Kế hoạch số 12/KH-HS.')).toBe('kế hoạch số mười hai kế hoạch học sinh');
  });
  it("pauses between a plot's number and the area after a spaced dash, a quantity's range stays a range", () => {
    expect(normalizeLine('Thửa 125, tờ 12 - 150,5m2.')).toBe('thửa một trăm hai mươi lăm, tờ mười hai, một trăm năm mươi phẩy năm mét vuông');
    expect(normalizeLine('Diện tích mỗi lô 150 - 200m2.')).toBe('diện tích mỗi lô một trăm năm mươi đến hai trăm mét vuông');
  });
});
