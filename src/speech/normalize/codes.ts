// Codes that are not quantities and must not be read as one: vehicle plates
// ("37C-123.45" → "ba mươi bảy xê, một hai ba bốn năm"), identity and
// account numbers after the word naming them (read digit by digit), sizes
// ("3x4", "5m x 20m" → "nhân"), number chains such as a fertiliser's
// "16-16-8", and mobile network generations ("4G" → "bốn gờ").

import { type Context, WORD_END, WORD_START, textBefore } from './context.js';
import { readDigits, readInteger, readNumberToken } from './numbers.js';
import { acronymLetterName, isVietnameseSyllable, letterName, spellLetters } from './syllables.js';
import { CONCRETE_BEFORE } from './tokens.js';
import { RATIO_TALK } from './units.js';

/** Province number, series letters (and digit), then the serial: "37C-123.45", "37B1-456.78", "29-B1 123.45". */
const PLATE = new RegExp(
  `${WORD_START}(\\d{2})\\s?-?\\s?([A-ZĐ]{1,2})(\\d?)\\s?[-\\s.]\\s?(\\d{3})\\.(\\d{2})${WORD_END}(?![.,]\\d)`,
  'gu',
);
/** Old plates with a four- or five-digit serial, only after the word for a plate: "biển số 29A-1234". */
const PLATE_SHORT = new RegExp(`${WORD_START}(\\d{2})\\s?-?\\s?([A-ZĐ]{1,2})(\\d?)\\s?[-\\s]\\s?(\\d{4,5})${WORD_END}(?![.,]\\d)`, 'gu');
/** Or the vehicle itself: "ô tô 38A-12345", "xe tải 37C-1234". */
const PLATE_BEFORE = /(?:biển số|biển kiểm soát|BKS|BS|xe số|(?<!\p{L})(?:ô tô|xe|xe máy|xe tải|xe khách|xe con|mô tô|xe mô tô|ô tô tải|ô tô con|ô tô khách))\s*[:.]?\s*$/iu;

function readPlate(province: string, series: string, seriesDigit: string, serial: string): string {
  const letters = [...series].map(acronymLetterName).join(' ');
  const head = `${readInteger(province)} ${letters}${seriesDigit ? ` ${readDigits(seriesDigit)}` : ''}`;
  return `${head}, ${readDigits(serial)}`;
}

function expandPlates(text: string, ctx: Context): string {
  return text
    .replace(PLATE, (_m, province: string, series: string, digit: string, a: string, b: string) =>
      ctx.slot(readPlate(province, series, digit, a + b)),
    )
    .replace(PLATE_SHORT, (match, province: string, series: string, digit: string, serial: string, offset: number, all: string) =>
      PLATE_BEFORE.test(textBefore(all, offset)) ? ctx.slot(readPlate(province, series, digit, serial)) : match,
    );
}

/** Words that name an identity, tax or account number: what follows is read digit by digit. "mã" before an abbreviation
 * the field passes have already read ("mã KH:", "mã BHXH") is such a label too. */
const ID_BEFORE =
  /(?:CMND|CCCD|CMT|MST|STK|BHXH|BHYT|căn cước(?: công dân)?|chứng minh(?: nhân dân| thư)?|hộ chiếu|mã số thuế|số tài khoản|tài khoản|mã số(?: bảo hiểm xã hội| bảo hiểm y tế)?|mã hồ sơ|mã số hồ sơ|số biên nhận|biên nhận|mã khách hàng|đồng hồ nước|đồng hồ điện|công tơ|mã KH|mã định danh|số định danh(?: cá nhân)?|số thẻ|số sổ|số seri|số sê ri|số hiệu|số phát hành|số vào sổ|mã bưu chính|mã bưu điện|ID(?: phòng(?: họp)?| cuộc họp)?|mã phòng(?: họp)?|mã cuộc họp|mật khẩu|passcode|máy lẻ|số máy lẻ|mã\s*[\uE000-\uF8FF])(?:\s+của\s+\p{L}+(?:\s+\p{L}+){0,3})?\s*(?:số\s*)?[:.]?\s*$/iu;
/** "Số tài khoản tiếp nhận ủng hộ: 3713 2050 12345": a few words saying what the account is for, then a colon. */
const ID_LABELLED_BEFORE = /(?:số tài khoản|STK|mã số thuế|MST|số định danh(?: cá nhân)?|mã định danh|mã khách hàng|mã hồ sơ)(?:\s+\p{L}+){1,5}\s*:\s*$/iu;
/**
 * "Mã bưu chính của xã: 45000": whose code it is may stand between the word and the number (in ID_BEFORE too); after a
 * merger "mã bưu chính mới của xã Cẩm Bình là 45608", as a unit's code is said.
 */
const POSTAL_BEFORE = /(?:mã bưu chính|mã bưu điện)(?:\s+mới)?(?:\s+của\s+\p{L}+(?:\s+\p{L}+){0,3})?(?:\s+mới)?\s*(?:là\s*)?[:.]?\s*$/iu;
/** "Mã ĐVHC của xã Sơn Tiến là 18421": an administrative unit's code (five digits for a commune), whose it is between. */
const UNIT_CODE_BEFORE = /(?:mã ĐVHC|mã đơn vị hành chính)(?:\s+(?:của|mới của)\s+\p{L}+(?:\s+\p{L}+){0,3})?(?:\s+mới)?\s*(?:là\s*)?[:.]?\s*$/iu;
/** A meeting's password or room may be as short as four digits ("mật khẩu 2025"). */
/** An extension ("máy lẻ 105") is as short as two digits. */
const EXTENSION_BEFORE = /máy lẻ\s*(?:số\s*)?[:.]?\s*$/iu;
const MEETING_BEFORE = /(?:ID(?: phòng(?: họp)?| cuộc họp)?|mã phòng(?: họp)?|mã cuộc họp|mật khẩu|passcode)\s*[:.]?\s*$/iu;
/** A branch's three digits after a hyphen end a tax number: "MST 3000123456-001". */
const DIGIT_RUN = new RegExp(`${WORD_START}\\d+(?:[ .]\\d+)*(?:-\\d{3})?${WORD_END}(?![.,-]\\d)`, 'gu');

/** A serial after its letter series: "số phát hành DK 123456", "seri AA 012345". */
const SERIES_BEFORE = /(?<![\p{L}\p{N}])[A-ZĐ]{1,3}\s?$/u;

/** A record code of groups joined by dots and dashes, letters among the digits: "000.12.34.H52-251203-0015". */
const RECORD_CODE = new RegExp(`${WORD_START}[A-Z\\d]+(?:[.-][A-Z\\d]+){2,}${WORD_END}`, 'gu');

/** A customer code of letters and digits run together: "PA13KK0012345", every digit said. */
const GLUED_CODE = new RegExp(`${WORD_START}(?=[A-Z\\d]*\\d)(?=[A-Z\\d]*[A-Z])[A-Z\\d]{8,}${WORD_END}`, 'gu');

function expandIdNumbers(text: string, ctx: Context): string {
  const s = text
    .replace(GLUED_CODE, (match, offset: number, all: string) => {
      if ((match.match(/\d/g)?.length ?? 0) < 6 || !ID_BEFORE.test(textBefore(all, offset).replace(/(?:\s+(?:của|là)\s+[^,;:]{0,40})?\s*$/u, ''))) return match;
      return ctx.slot(match.match(/[A-Z]+|\d+/g)!.map((p) => (/\d/.test(p) ? readDigits(p) : spellLetters(p))).join(' '));
    }).replace(RECORD_CODE, (match, offset: number, all: string) => {
    const digits = match.match(/\d/g)?.length ?? 0;
    // "Hồ sơ H12.34-261130-0001": dots and hyphens both, a letter and a long serial make a one-stop desk's record code
    // whatever word stands before it.
    const recordShape = /\./u.test(match) && /-/u.test(match) && /\d{6}/u.test(match) && digits >= 10;
    if (!/\p{Lu}/u.test(match) || digits < 6 || !(recordShape || ID_BEFORE.test(textBefore(all, offset)))) return match;
    // Group by group, pausing between them; the letters spelled, the digits one by one.
    const groups = match.split(/[.-]/).map((g) => g.match(/\p{Lu}+|\d+/gu)!.map((p) => (/\d/.test(p) ? readDigits(p) : spellLetters(p))).join(' '));
    return ctx.slot(groups.join(', '));
  });
  return s.replace(DIGIT_RUN, (match, offset: number, all: string) => {
    const digits = match.replace(/-\d{3}$/u, '').replace(/\D/g, '');
    const before = textBefore(all, offset);
    // A postal code has five digits.
    const fiveDigitCode = UNIT_CODE_BEFORE.test(before) || POSTAL_BEFORE.test(before);
    const shortest = EXTENSION_BEFORE.test(before) ? 2 : MEETING_BEFORE.test(before) ? 4 : fiveDigitCode ? 5 : 6;
    if (digits.length < shortest || !(ID_BEFORE.test(before) || fiveDigitCode || ID_LABELLED_BEFORE.test(before) || (SERIES_BEFORE.test(before) && !/[.]/.test(match)))) return match;
    return ctx.slot(match.split(/[ .-]/).map(readDigits).join(', '));
  });
}

/** "bê tông M250": the grade (mác) of a concrete or mortar. */
const CONCRETE_GRADE = /(?<![\p{L}\p{N}])M\s?(\d{2,3})(?![\p{L}\p{N}]|[.,]\d)/gu;
/** "cống hộp BxH = 2x2m", "LxBxH: 5x3x2m": the letters naming a size's sides, "bê nhân hát". */
const SIZE_SIDES = /(?<![\p{L}\p{N}])([A-ZĐ])\s?[x×]\s?([A-ZĐ])(?:\s?[x×]\s?([A-ZĐ]))?(?=\s*[=:(]|\s+\d)/gu;
/** "D x R x C = 12 x 2,5 x 4m", "DxRxS": the initials of the Vietnamese words for the sides are said as the words. */
const SIDE_INITIALS: Readonly<Record<string, string>> = { D: 'dài', R: 'rộng', C: 'cao', S: 'sâu' };
function sideNames(sides: string): string {
  const letters = sides.split(/\s?[x×]\s?/u);
  const initials = letters[0] === 'D' && letters[1] === 'R' && letters.every((l) => SIDE_INITIALS[l] !== undefined);
  return letters.map((l) => (initials ? SIDE_INITIALS[l] : letterName(l))).join(' nhân ');
}
/** "(rộng x cao)", "dài x rộng x sâu": the sides a size names in words, "rộng nhân cao". */
const SIDE_WORDS_TIMES = /(?<=(?<!\p{L})(?:dài|rộng|cao|sâu|dày|ngang)\s?)[x×](?=\s?(?:dài|rộng|cao|sâu|dày|ngang)(?!\p{L}))/giu;
/** "3x4", "20x30cm", "5m x 20m", "10 suất x 500.000đ", "1,5% x giá đất", "1,5 % x giá đất": the sign between two sizes or amounts is "nhân". */
/** "500.000đ x hệ số 2,0", "15kg gạo/khẩu x 3 tháng": an amount, or an amount per a thing, so many times over; the amount
 * named in up to three words ("245,6m² đất LUC x 95.000đ/m²", "100 m2 đất ở x 1.200.000 đ/m2"). */
/** Also per two things, each of one or two words: "30kg gạo/nhân khẩu/tháng x 12 tháng". */
// The sign looked for first (?=\s*[x×]): the look-behinds, tried at each letter of a long word, stepped back over it.
const TIMES_SIGN = /(?=\s*[x×])(?:(?<=\d\s?(?:cm|mm|dm|km|m)?)\s*[x×]\s*(?=\d)|(?<=\d(?: %|[^\s,;:]{0,12}))\s+[x×]\s+(?=\p{Ll})|(?<=\d[^\s,;:]{0,12}(?:\s\p{L}{1,12}){0,2}(?:\/\p{L}{1,12}(?:\s\p{L}{1,12}){0,2}){1,3})\s+[x×]\s+(?=\d)|(?<=\d(?: %|[^\s,;:]*(?:\s[\p{L}\uE000-\uF8FF]+){0,3}))\s+[x×]\s+(?=\d))/gu;
/** "mức chuẩn 500.000 đồng × hệ số": the times sign itself (no letter x) standing between two terms is "nhân" whatever they are. */
const TIMES_CHARACTER = /(?<=[\p{L}\p{N}%)])\s+×\s+(?=[\p{L}\p{N}(])/gu;
/** A chain of three or more numbers joined by hyphens without spaces: "NPK 16-16-8". */
const NUMBER_CHAIN = new RegExp(`${WORD_START}\\d{1,2}(?:-\\d{1,2}){2,}${WORD_END}(?![-/.,]\\d)`, 'gu');
/** Also the doses themselves: "5in1 mũi 1-2-3", "bOPV lần 1-2-3". */
const DOSE_COURSE_BEFORE = /(?<!\p{L})(?:phác đồ|lịch tiêm|lịch|mũi|liều|lần)\s*:?\s*$/iu;
/** "NPK 5:10:3": a fertiliser's grade written with colons, no clock time. */
const FERTILISER_GRADE = new RegExp(`(?<=(?:NPK|[Pp]hân)[^,;.()]{0,20})${WORD_START}\\d{1,2}(?::\\d{1,2}){2}${WORD_END}(?![:/.,]\\d)`, 'gu');
/** Influenza strains: "cúm A/H5N1" → "a hát năm en một". */
/** The 2009 pandemic's strain as the CDC's weekly reports write it: "A/H1N1pdm09" → "a hát một en một pê đê em không chín". */
const FLU_STRAIN = new RegExp(`${WORD_START}([AB])\\/(H\\d{1,2}N\\d{1,2})(pdm09)?${WORD_END}`, 'gu');
const NETWORK = new RegExp(`${WORD_START}([2-6])G${WORD_END}`, 'gu');

/** Comparison signs before a quantity: "> 38,5°C" trên, "< 20" dưới, "~500" khoảng. */
const SIGNS: Readonly<Record<string, string>> = {
  '>': 'trên',
  '<': 'dưới',
  '≥': 'lớn hơn hoặc bằng',
  '>=': 'lớn hơn hoặc bằng',
  '≤': 'nhỏ hơn hoặc bằng',
  '<=': 'nhỏ hơn hoặc bằng',
  '~': 'khoảng',
  '±': 'cộng trừ',
  '≈': 'khoảng',
  '=': 'bằng',
};
/** "trẻ từ 2-<12 tháng", "0 - <5 tuổi": a range up to a bound it does not reach, "đến dưới". */
const RANGE_BELOW = /(?<=\d)\s*[-–]\s*([<≤])\s*(?=\d)/gu;
// "->" and "=>" are arrows, no signs. A flood's level against an alarm level is compared too: "> BĐ3" (read already),
// "≈ BĐ2", "> báo động 3"; so is a wind's level or any level against a bound: "gió giật ≥ cấp 8", "> mức 3".
// A bound may be a signed number: "chỉ số < -2SD", "nhiệt độ < -2°C" dưới âm hai, "> +2SD" trên cộng hai.
const SIGN = /(?<![<>=~≈≥≤-])(>=|<=|[<>≥≤~≈=±])\s*(?:([-−+])\s?(?=\d))?(?=\d|[\uE000-\uF8FF]|(?:[Bb]áo động|BÁO ĐỘNG|[Cc]ấp(?: độ)?|CẤP(?: ĐỘ)?|[Mm]ức|MỨC)\s*(?:\d|[IV]|[\uE000-\uF8FF]|BĐ))/gu;
/** A map scale ("tỷ lệ 1/2000", "1:500") or a score ("tỷ số 2-1", "thắng 3 - 0"). */
/** A mix's part may be a decimal: "tỷ lệ 1:1,75". The scales listed after one "tỷ lệ" are each one: "tỷ lệ 1:1000 và 1:2000". */
const SCALE = /(?<=(?:[Tt]ỷ lệ|[Tt]ỉ lệ|TỶ LỆ)(?:\s+bản đồ)?\s*:?\s*(?:\d+\s*[:/]\s*\d[\d.]*(?:,\d{1,2})?\s*(?:,|và|hoặc|hay)\s*){0,3})(\d+)\s*[:/]\s*(\d[\d.]*(?:,\d{1,2})?)(?![\p{L}\p{N}]|[.,]\d)/gu;
// The other side may be named between: "thắng Thái Lan 3-2", "hòa nhau 1 - 1".
// Or a team of a hamlet or a club: "thắng đội thôn Nam Sơn 3-1".
const SCORE = /(?=\d)(?<=(?:[Tt]ỷ số|TỶ SỐ|[Tt]ỉ số|TỈ SỐ|[Tt]hắng|THẮNG|[Tt]hua|THUA|[Hh]òa|HÒA|[Hh]oà)(?:\s+(?:\p{Lu}\p{L}*|nhau|đậm|sát nút|đội|tuyển|thôn|xóm|tổ|xã|phường|câu lạc bộ|chủ nhà|khách)){0,8}\s*:?\s*)(\d{1,2})\s*[-–:]\s*(\d{1,2})(?![\p{L}\p{N}]|[.,/]\d)/gu;

/** "đắp taluy 1:1,5", "mái dốc m=1:2": a slope's rise over its run, "một trên một phẩy năm". */
const SLOPE = /(?=m\s*=|\d)(?<=(?:[Tt]aluy|[Tt]a luy|[Mm]ái(?: dốc| taluy)?|[Độđộ] dốc|[Hh]ệ số mái)(?:\s+\p{Ll}+){0,2}\s*)(?:m\s*=\s*)?(\d{1,2}):(\d{1,2}(?:,\d{1,2})?)(?![\p{L}\p{N}:]|[.,]\d)/gu;
/**
 * "Bn=6,5m", "Bm=3,5m": a road's widths written as a capital and the lower-case initial of its part, spelled ("bn" is no
 * "bao nhiêu"); a word before "=" ("sào Bắc Bộ = 360m2", "Ba = 3") is said as it is.
 */
const MEASURE_SYMBOL = /(?<![\p{L}\p{N}])[A-Z][a-z](?![\p{L}\p{N}])(?=\s*=\s*\d)/gu;
/** "bò lai 3/4 máu Zebu": a crossbreed's share of blood is a fraction, "ba phần tư", no date. */
const BLOOD_SHARE = /(?<![\p{L}\p{N}.,/])([1-9])\/([2-8])(?=\s*máu(?!\p{L}))/gu;
/** "tỷ lệ nam/nữ là 1:1": in a sentence about a ratio, a colon between small numbers is "trên". */
const RATIO_COLON = /(?<![\p{L}\p{N}:.,])(\d{1,3}):(\d{1,3})(?![\p{L}\p{N}:]|[.,]\d)/gu;
/** "pha loãng 1:20 với nước", "Cloramin B pha 1:1000", "trộn vôi với đất 1:3": a thing mixed, in the same clause. */
const MIXING_TALK = /(?<!\p{L})(?:pha|trộn|hòa|hoà)(?!\p{L})[^.;:!?]{0,40}$/iu;
const CLOCK_WORD_BEFORE = /(?<!\p{L})(?:lúc|vào|từ|đến|hồi)\s*$/iu;
/** "tỷ lệ 1:1:1": three parts or more are said one after another, as "N:P:K = 1:1:1" is. */
const RATIO_CHAIN = /(?<![\p{L}\p{N}:.,])\d{1,3}(?::\d{1,3}){2,}(?![\p{L}\p{N}:]|[.,]\d)/gu;

/** Fishing boats: "HT-90123-TS", "QNg 95678 TS": the province's letters, the number digit by digit, "tê ét". */
const BOAT = new RegExp(`${WORD_START}([A-ZĐ][A-ZĐa-z]{1,2})[-\\s.]?(\\d{4,5})[-\\s.]?TS${WORD_END}`, 'gu');

/**
 * A batch or serial code after the words naming it ("số lô 2503A", "số seri AB12345"): each character said. Four digits
 * at least: a plot at auction ("số lô 15", "số lô A12") is a number.
 */
const BATCH = /(?<=(?:[Ss]ố lô|[Mm]ã lô|[Ll]ô sản xuất|[Ss]ố seri|[Ss]ố sê ri|[Ss]ố sê-ri)\s*:?\s*)(\d{4,}[A-Z]{0,2}|[A-Z]{1,3}\d{4,})(?![\p{L}\p{N}])/gu;

/** "Trung tâm Đăng kiểm 38-01D", "cột 35-02A": a province's number, then a zero-led serial with its letter, is a code, no range. */
const NUMBERED_CODE = /(?<![\p{L}\p{N}.,/-])(\d{1,3})-(0\d{1,3})([A-Z])(?![\p{L}\p{N}])/gu;

/** "18+ tuổi", "nhóm 60+": the number and more, "mười tám tuổi trở lên"; not "NPK 20-20-15+TE", a grade plus its trace elements. */
const OR_MORE = /(?<![\p{L}\p{N}+])(\d{1,3})\+(?![\p{N}+]|\p{Lu})(\s*(?:tuổi|năm|tháng|ngày|người|hộ|con|lượt|chỗ)(?!\p{L}))?/gu;

/** University entrance subject groups: "khối A00", "tổ hợp D01" read letter by letter and digit by digit. */
const SUBJECT_GROUP = /(?<=(?:[Kk]hối|[Tt]ổ hợp)\s+)([A-DH])(\d{2})(?![\p{L}\p{N}])/gu;

/** A standard and its year: "QCVN 08:2023", "TCVN 5945:2005"; a number written with a leading zero keeps it. */
const STANDARD = /(?<=(?:QCVN|TCVN|ISO)\s*)(\d{1,5})(?:-(\d{1,3}))?:(\d{4})(?:\/(?=\p{Lu})|(?![\p{L}\p{N}]))/gu;
const standardNumber = (n: string) => (n.startsWith('0') ? readDigits(n) : readInteger(n));

/**
 * A form's code after the word naming it, its parts joined by hyphens: "mẫu TK1-TS", "mẫu D02-LT", "biểu C70a-HD".
 * The letters spelled; a number with a leading zero or of four digits or more digit by digit.
 */
const FORM_CODE = /(?<=(?:[Mm]ẫu|[Mm]ẫu số|[Bb]iểu|[Bb]iểu mẫu|[Tt]ờ khai)\s*:?\s*)([A-ZĐ]{1,4}\d{0,3}[a-z]?(?:-[A-ZĐ]{1,5}\d{0,3})+|[A-ZĐ]{1,4}\d{1,3}[a-z])(?![\p{L}\p{N}]|[-/]\p{L})/gu;

function readFormCode(code: string): string {
  return code
    .split('-')
    .map((part) =>
      part
        .match(/\p{Lu}+|\d+|\p{Ll}/gu)!
        .map((p) => (/\d/.test(p) ? (p.startsWith('0') || p.length >= 4 ? readDigits(p) : readInteger(p)) : /\p{Lu}/u.test(p) ? spellLetters(p) : acronymLetterName(p)))
        .join(' '),
    )
    .join(' ');
}

/** "Toán x2 + Văn x2 + Anh": a subject's weight, "nhân hai", and the signs of the formula between words. */
const WEIGHT = /(?<=\p{L}\s)[x×](\d{1,2})(?![\p{L}\p{N}])/gu;
const FORMULA_PLUS = /(?<=[\p{L}\p{N}]\s)\+\s(?=\p{Lu})/gu;
const FORMULA_EQUALS = /(?<=\p{L}\s)=\s(?=\(?\p{L})/gu;
/** "K=K", "U=U": the HIV slogan's two letters equal (undetectable = untransmittable), "ca bằng ca". */
const LETTER_EQUALS = /(?<=(?<![\p{L}\p{N}])\p{Lu})\s?=\s?(?=\p{Lu}(?![\p{L}\p{N}]))/gu;
/** "Tiền SDĐ = (Giá đất x Diện tích) - Tiền BT": in a formula of words, "x" between them is "nhân" and a spaced dash "trừ". */
/** The formula's side after its "=": only there are the signs between words those of a sum. */
const WORD_FORMULA = /\p{L}\s=\s/u;
const WORD_TIMES = /(?<=\p{L}\)?\s)[x×]\s(?=\(?[\p{L}\d\uE000-\uF8FF])/gu;
const WORD_MINUS = /(?<=[\p{L})]\s)[-–]\s(?=\(?\p{Lu})/gu;

/** A switch on a feeder named by the feeder, a hyphen and its pole: "Recloser 471-7/16", "máy cắt 473-7", no range. */
const SWITCH_CODE = /(?<=(?:[Rr]ecloser|RECLOSER|[Mm]áy cắt|MC|DCL|[Dd]ao cách ly|LBS|FCO)\s+)(\d{3})-(\d{1,3})(?:\/(\d{1,3}))?(?![\p{L}\p{N}]|[.,/-]\d)/gu;

/** A combined vaccine typed the English way: "5in1", "6 in 1" → "năm trong một". */
const IN_ONE = /(?<![\p{L}\p{N}])([2-9])\s?in\s?1(?![\p{L}\p{N}])/gu;

/**
 * A formula with a two-letter element: "vôi bột CaO", "CuSO4", "NaCl" — each symbol spelled, each count said, as
 * "CO2" is ("xê ô hai"), never the word "cao". A non-metal must be in it, so "CoCa" or "BaNa" stay names.
 */
const CHEMICAL_FORMULA = /(?<![\p{L}\p{N}])(?=[A-Za-z\d]*[a-z])(?:[A-Z][a-z]?\d{0,2}){2,6}(?![\p{L}\p{N}])/gu;
const ELEMENTS = new Set(['H', 'B', 'C', 'N', 'O', 'F', 'P', 'S', 'K', 'I', 'Na', 'Mg', 'Al', 'Si', 'Cl', 'Ca', 'Mn', 'Fe', 'Co', 'Cu', 'Zn', 'Br', 'Ag', 'Ba', 'Pb', 'Hg', 'Sn', 'Mo']);
const NON_METALS = new Set(['H', 'C', 'N', 'O', 'F', 'P', 'S', 'I', 'Cl', 'Br']);

function readFormula(formula: string): string | null {
  const parts = formula.match(/[A-Z][a-z]?|\d+/gu)!;
  const symbols = parts.filter((p) => !/\d/u.test(p));
  if (!symbols.every((e) => ELEMENTS.has(e)) || !symbols.some((e) => NON_METALS.has(e)) || !symbols.some((e) => e.length === 2)) return null;
  return parts.map((p) => (/\d/u.test(p) ? readInteger(p) : spellLetters(p))).join(' ');
}

/** "chuyến bay VN 1234", "chuyến bay VJ123": a flight's airline in letters and its number digit by digit. */
const FLIGHT = /(?<=(?<!\p{L})(?:[Cc]huyến bay|CHUYẾN BAY|[Ss]ố hiệu chuyến bay|[Ss]ố hiệu)\s+(?:số\s+)?)([A-Z][A-Z\d])\s?(\d{2,4})(?![\p{L}\p{N}]|[.,]\d)/gu;
/**
 * "tuyến 61-04", "tuyến xe khách 47-02": an inter-provincial coach line coded by the province and its line, the second
 * with its nought, no range ("sáu mươi mốt không bốn").
 */
const COACH_LINE = /(?<=(?<!\p{L})[Tt]uyến(?:\s+(?:xe\s+)?(?:buýt|bus|khách|cố định|liên tỉnh))?\s+(?:số\s+)?)([1-9]\d)-(0\d)(?![\p{L}\p{N}]|[.,/-]\d)/gu;

/** Age groups in sport: "U15", "U23" → "u mười lăm". */
const AGE_GROUP = /(?<![\p{L}\p{N}])U(\d{2})(?![\p{L}\p{N}])/gu;

export function expandCodes(text: string, ctx: Context): string {
  let s = text
    .replace(CONCRETE_GRADE, (match, n: string, offset: number, all: string) =>
      // ("đổ BT M250": the BT may have been read as "bê tông" already.)
      CONCRETE_BEFORE.test(ctx.restore(textBefore(all, offset, 30))) ? ctx.slot(`mác ${readInteger(n)}`) : match,
    )
    .replace(SIDE_WORDS_TIMES, () => ctx.slot('nhân'))
    .replace(SIZE_SIDES, (sides: string) => ctx.slot(sideNames(sides)))
    .replace(AGE_GROUP, (_m, n: string) => ctx.slot(`u ${readInteger(n)}`))
    .replace(FLIGHT, (_m, airline: string, n: string) => ctx.slot(`${spellLetters(airline)} ${readDigits(n)}`))
    .replace(COACH_LINE, (_m, a: string, b: string) => ctx.slot(`${readInteger(a)} ${readDigits(b)}`))
    .replace(CHEMICAL_FORMULA, (formula: string) => {
      const words = readFormula(formula);
      return words === null ? formula : ctx.slot(words);
    })
    .replace(IN_ONE, (_m, n: string) => ctx.slot(`${readInteger(n)} trong một`, 'number'))
    .replace(FORM_CODE, (code: string) => ctx.slot(readFormCode(code)))
    .replace(STANDARD, (_m, n: string, part: string | undefined, year: string) =>
      // The issuing body after a slash follows without a pause, as in a document's number.
      // "QCVN 01-1:2018": the part after its hyphen, "không một gạch một", not "không một một".
      `${ctx.slot(`${standardNumber(n)}${part ? ` gạch ${standardNumber(part)}` : ''}, ${readInteger(year)}`)} `,
    )
    .replace(OR_MORE, (_m, n: string, noun: string | undefined) => `${n}${noun ?? ''} ${ctx.slot('trở lên')}`)
    .replace(NUMBERED_CODE, (_m, head: string, serial: string, letter: string) =>
      ctx.slot(`${readInteger(head)} ${readDigits(serial)} ${acronymLetterName(letter)}`),
    )
    .replace(BATCH, (code: string) => ctx.slot(code.match(/\d+|\p{L}/gu)!.map((p) => (/\d/.test(p) ? readDigits(p) : acronymLetterName(p))).join(' ')))
    .replace(SUBJECT_GROUP, (_m, letter: string, n: string) => ctx.slot(`${acronymLetterName(letter)} ${readDigits(n)}`))
    .replace(BOAT, (_m, province: string, n: string) => ctx.slot(`${[...province].map(acronymLetterName).join(' ')}, ${readDigits(n)}, tê ét`))
    .replace(FORMULA_PLUS, (match, _offset: number, all: string) => (/[x×]\d/u.test(all) || /=\s/u.test(all) ? `${ctx.slot('cộng')} ` : match))
    .replace(SWITCH_CODE, (_m, feeder: string, pole: string, branch: string | undefined) =>
      ctx.slot(`${readInteger(feeder)} gạch ${readInteger(pole)}${branch ? ` trên ${readInteger(branch)}` : ''}`),
    )
    .replace(WEIGHT, (match, n: string, offset: number, all: string) =>
      // "số ca tăng x2": a growth so many times over, "gấp hai".
      ctx.slot(`${/(?<!\p{L})(?:tăng|giảm|lên|cao|nhiều|gấp)\s$/iu.test(textBefore(all, offset)) ? 'gấp' : 'nhân'} ${readInteger(n)}`),
    )
    .replace(BLOOD_SHARE, (_m, a: string, b: string) => ctx.slot(`${readInteger(a)} phần ${b === '4' ? 'tư' : readInteger(b)}`, 'number'))
    .replace(MEASURE_SYMBOL, (symbol: string) => (isVietnameseSyllable(symbol.toLowerCase()) ? symbol : ctx.slot(spellLetters(symbol.toUpperCase()))))
    // Before "=" is read as "bằng": "m=1:2" names the slope's ratio.
    .replace(SLOPE, (_m, a: string, b: string) => ctx.slot(`${readInteger(a)} trên ${readNumberToken(b)}`, 'number'))
    .replace(WORD_TIMES, (match, offset: number, all: string) => (WORD_FORMULA.test(all.slice(0, offset)) ? `${ctx.slot('nhân')} ` : match))
    .replace(WORD_MINUS, (match, offset: number, all: string) => (WORD_FORMULA.test(all.slice(0, offset)) ? `${ctx.slot('trừ')} ` : match))
    .replace(FORMULA_EQUALS, () => `${ctx.slot('bằng')} `)
    .replace(LETTER_EQUALS, () => ` ${ctx.slot('bằng')} `)
    .replace(RANGE_BELOW, (_m, sign: string) => ` ${ctx.slot(sign === '<' ? 'đến dưới' : 'đến')} `)
    // "khoảng ~50 hộ": the word already said what the sign says.
    .replace(SIGN, (match, sign: string, minus: string | undefined, offset: number, all: string) => {
      const next = all[offset + match.length]!;
      // "H=+30,5m": a level given with its sign, read already.
      // "< -2SD": a bound with its sign read already ("âm hai ét dê").
      const signedLevel = sign === '=' ? /^(?:cộng|âm)$/u.test(ctx.spokenOf(next) ?? '') : /^(?:cộng|âm)\s/u.test(ctx.spokenOf(next) ?? '');
      const alarm = /^(?:báo động|cấp|mức)/iu.test(ctx.spokenOf(next) ?? all.slice(offset + match.length));
      // "500m2 ~ 0,05 ha": an amount read already, about the one before it.
      const about = /[~≈]/u.test(sign) && ctx.kindOf(next) === 'number';
      if (!/\d/u.test(next) && !alarm && !signedLevel && !about) return match;
      if (/[~≈]/u.test(sign) && /(?<!\p{L})(?:khoảng|chừng|xấp xỉ|gần|ước|ước tính)\s*$/iu.test(textBefore(all, offset, 20))) return '';
      // "≥ -1,5", "≤ -2,5": the bound's own sign, said after the comparison's.
      return `${ctx.slot(minus ? `${SIGNS[sign]} ${minus === '+' ? 'cộng' : 'âm'}` : SIGNS[sign]!)} `;
    })
    .replace(RATIO_CHAIN, (chain: string, offset: number, all: string) =>
      RATIO_TALK.test(textBefore(all, offset, 100)) ? ctx.slot(chain.split(':').map((n) => readInteger(n)).join(', ')) : chain,
    )
    .replace(SCALE, (_m, a: string, b: string) =>
      ctx.slot(`${readInteger(a)} trên ${b.includes(',') ? readNumberToken(b) : readInteger(b.replace(/\./g, ''))}`, 'number'),
    )
    .replace(SCORE, (_m, a: string, b: string) => ctx.slot(`${readInteger(a)} ${readInteger(b)}`, 'number'));
  s = s.replace(RATIO_COLON, (match, a: string, b: string, offset: number, all: string) => {
    const before = textBefore(all, offset, 100);
    // "7:30" may be a clock time even there; where a thing is mixed a part is one to many ("pha loãng 1:20", "trộn 1:3"),
    // unless "lúc" says it is a time.
    const clockLike = b.length === 2 && +a <= 24;
    const ratio = (RATIO_TALK.test(before) && !clockLike) || (MIXING_TALK.test(before) && !CLOCK_WORD_BEFORE.test(before) && (!clockLike || +a === 1));
    return ratio ? ctx.slot(`${readInteger(a)} trên ${readInteger(b)}`, 'number') : match;
  });
  s = expandPlates(s, ctx);
  s = expandIdNumbers(s, ctx);
  s = s.replace(FLU_STRAIN, (_m, type: string, strain: string, pandemic: string | undefined) =>
    ctx.slot(
      [type, ...strain.match(/\p{L}|\d+/gu)!].map((p) => (/\d/.test(p) ? readInteger(p) : acronymLetterName(p))).join(' ') +
        (pandemic ? ' pê đê em không chín' : ''),
    ),
  );
  s = s.replace(TIMES_SIGN, () => ` ${ctx.slot('nhân')} `).replace(TIMES_CHARACTER, () => ` ${ctx.slot('nhân')} `);
  s = s.replace(NUMBER_CHAIN, (chain: string, offset: number, all: string) => {
    // "phác đồ 0-1-6 tháng": the days or months of a course of doses, each said with a pause.
    const course = DOSE_COURSE_BEFORE.test(textBefore(all, offset, 30)) || /^\s*(?:tháng|ngày|tuần)(?!\p{L})/u.test(all.slice(offset + chain.length));
    return ctx.slot(chain.split('-').map((n) => readInteger(n)).join(course ? ', ' : ' '));
  });
  s = s.replace(FERTILISER_GRADE, (grade: string) => ctx.slot(grade.split(':').map((n) => readInteger(n)).join(' ')));
  return s.replace(NETWORK, (_m, n: string) => ctx.slot(`${readInteger(n)} gờ`));
}
