// Turns one sentence of announcement text into spoken Vietnamese words.
// The passes run from the most specific shape to the most general, each
// hiding what it has read behind a slot (see context.ts): document numbers
// before dates (their "/"), phones before numbers (their dots), dates before
// plain numbers, and so on.

import { PHONE_SHORTHAND, joinedCompound, readAcronym } from './abbreviations.js';
import { Context, SLOT, WORD_END, WORD_START, textAfter, textBefore } from './context.js';
import { expandDates, expandOrdinals, expandTimes } from './dates.js';
import { expandDocumentNumbers } from './documents.js';
import { FIELD_PASSES, TEST_MARKERS, TITLE_WORDS } from './field.js';
import { CAPS_WORD, suspectTokens } from './readability.js';
import { readDegrees, readDigits, readInteger, readNumberToken, readOrdinal, readQuantity } from './numbers.js';
import { expandPhones } from './phones.js';
import { MIDDLE_NAME_CAPS, SURNAME_CAPS } from './names.js';
import { parseRoman } from './roman.js';
import { addressSyllable, addressWords, isAddressSyllable, isPlaceName, officeInitials } from './places.js';
import { expandCodes } from './codes.js';
import { AFTER_WEEKDAY, BEFORE_WEEKDAY, CODE_BEFORE, LETTER_NAMED_BEFORE, gluedWordSplit } from './tokens.js';
import { acronymLetterName, hasDiacritics, isPlainWord, isVietnameseSyllable, letterName, spellLetters, splitAsciiWord, splitMarkedWord, stripDiacritics } from './syllables.js';
import { expandSlashes, expandUnits } from './units.js';
import { table } from './table.js';

/** Heading markers at the start of a sentence: "I.", "2.", "1.1.", "a)", "-". */
/** Also with its numbered parts: "II.2. Nhiệm vụ trọng tâm". */
const ROMAN_HEADING = /^([IVXLC]+)((?:\.\d{1,2})*)\.\s+/u;
const NUMBER_HEADING = /^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(?=\p{L})|^(\d{1,2})\.\s+(?=\S)/u;
// "Q. Trưởng phòng" opens with a title (quyền), not a heading Q.
// "a. Đối tượng", "b. Thời gian": a lower-case letter and a dot opening a line before a capital head an item too.
const LETTER_HEADING = new RegExp(`^(?:([a-zđA-ZĐ])\\)|([A-ZĐ])\\.(?!\\s?${TITLE_WORDS})|([a-zđ])\\.(?=\\s+\\p{Lu}))\\s+`, 'u');
const BULLET = /^[-+•*–—]+(?!\d)\s*/u;
/** "1/ Thời gian", "II- NỘI DUNG", "b- Thành phần": a marker closed by a slash or a dash, as typed on a phone or an old typewriter. */
const SLASH_HEADING = /^(?:(\d{1,2})|([IVXLC]+)|([a-zđ]))[/-]\s+(?=\p{L})/u;

/** A Vietnamese word with its diacritics, as found glued to a number by a spacing typo. */
function isMarkedWord(word: string): boolean {
  return isVietnameseSyllable(word) && hasDiacritics(word);
}

const WORD_RUN = /[\p{L}\p{N}']+/gu;

/** "cống hộp 2x(2,5x2,5)m", "(2x2)m": a size in brackets with its unit after them, so many of it before; read as "2 x 2,5x2,5 m". */
const BRACKETED_SIZE = /(?<![\p{L}\p{N}])((?:\d+\s*[x×]\s*)?)\(\s*(\d+(?:[.,]\d+)?\s*[x×]\s*\d+(?:[.,]\d+)?(?:\s*[x×]\s*\d+(?:[.,]\d+)?)?)\s*\)\s*(mm|cm|m)(?![\p{L}\p{N}])/gu;

/** "17,5N-108,0E", "15,2N/112,5E": a storm's position typed without its degree signs, latitude then longitude. */
const POSITION_WITHOUT_DEGREES = /(?<![\p{L}\p{N}.,])(\d{1,2}(?:[.,]\d{1,2})?)\s?([NS])(\s*(?:[-–,;/]|và)\s*)(\d{1,3}(?:[.,]\d{1,2})?)\s?([EW])(?![\p{L}\p{N}])/gu;
/** "N17.5 E108.2", "N17,5 - E108,2": a position with each hemisphere's letter before its degrees. */
// Both with their decimals, as the weather service gives them ("biển số N1 E2" is no position).
const POSITION_LETTERS_FIRST = /(?<![\p{L}\p{N}.,])([NS])\s?(\d{1,2}[.,]\d{1,2})(\s*(?:[-–,;/]|và)?\s*)([EW])\s?(\d{1,3}[.,]\d{1,2})(?![\p{L}\p{N}]|[.,]\d)/gu;
const COUNT_IN_WORDS = /(?<![\p{L}\p{N}.,])(\d{1,4})\s*\(\s*(\p{L}[\p{L}\s]{0,60}?)\s*\)/gu;
const SPACED_DATE = /(?<=(?:^|[^\p{L}])(?:ngày|Ngày|NGÀY|đêm|sáng|chiều|tối|hôm)\s+)(\d{1,2})\s+[-–]\s+(\d{1,2})\s+[-–]\s+((?:19|20)\d{2})(?![\p{L}\p{N}])/gu;
const DAY_CHAIN = /(?<=(?:^|[^\p{L}])(?:ngày|Ngày|NGÀY)\s+)((?:\d{1,2}\s*[-–]\s*){2,}\d{1,2})(?=\/\d{1,2}(?![\d]))/gu;

/** "uống 1.5-2 lít", "gấp 1.5 đến 2 lần", "5.6-6.9 mmol/l": the other end of the range may be whole. */
const DOTTED_DECIMAL_RANGE = /(?<![\p{L}\p{N}.,])(\d{1,3})\.(\d{1,2})(\s*(?:[-–]|đến|tới)\s*)(\d{1,3})(?:\.(\d{1,2}))?(?=\s?(?:mm|cm|km|m2|m3|m²|m³|m|kg|g|ha|tấn|tạ|lít|l|ml|mmol|%|°C|độ|triệu|tỷ|nghìn|ngàn|tr|lần)(?![\p{L}\p{N}]))/gu;
/** "BMI từ 18.5 đến 22.9": both ends of a range typed with a dot are decimals, unless they number sections ("mục 1.1 đến 1.5"). */
const DOTTED_BOTH_RANGE = /(?<![\p{L}\p{N}.,])(\d{1,3})\.(\d{1,2})(\s*(?:[-–]|đến|tới)\s*)(\d{1,3})\.(\d{1,2})(?![\p{L}\p{N}]|[.,]\d)/gu;
const DAY_WORD_BEFORE = /(?<!\p{L})(?:ngày|mồng|mùng|đêm|hôm|sáng|trưa|chiều|tối)\s*$/iu;
const SECTION_BEFORE = /(?<!\p{L})(?:mục|tiểu mục|điều|khoản|phần|chương|phụ lục|bảng|biểu|hình|tiêu chí|chỉ tiêu|phiên bản|mẫu)\s*(?:số\s*)?(?:từ\s*)?$/iu;
/** "2.5 tỷ đồng", "15.5 nghìn tấn", "gấp 1.5 lần": a decimal typed with a dot before a word of size or of times. */
const DOTTED_MAGNITUDE = /(?<![\p{L}\p{N}.,])(\d{1,3})\.(\d{1,2})(?=\s?(?:triệu|tỷ|tỉ|nghìn|ngàn|lần)(?![\p{L}\p{N}]))/gu;
const DOTTED_STRENGTH = /(?<![\p{L}\p{N}.,])(\d{1,3})\.(\d{1,2})(?=(?:WP|WG|WDG|EC|SC|SL|SE|ME|EW|OD|GR|DF|FS|SP|CS|ZC|AS|SG|WS|DP)(?![\p{L}\p{N}]))/gu;
/** After a name or a hamlet's number ("thôn 3-xã Cẩm Lạc"); before the level's word or its short form ("-TP Hà Tĩnh"). */
/** Not after initials: "TTVH-TT" is one centre's name, no town. */
// The dash looked for first: the look-behind over a word, tried at each of a long word's letters, was quadratic.
const ADDRESS_LEVEL_DASH = /(?=\s*-)(?<=\p{Lu}\p{Ll}*|\d)\s*-\s*(?=(?:huyện|tỉnh|xã|phường|thị xã|thị trấn|quận|thành phố|thôn|xóm|tổ dân phố)(?!\p{L}))|(?=-)(?<=(?<!\p{Lu})\p{Lu}\p{Ll}*|\d)-(?=(?:Huyện|Tỉnh|Xã|Phường|Thị xã|Thị trấn|Quận|Thành phố|Thôn|Xóm|TP|TX|TT)(?!\p{L}))/gu;

const GLUED_T = /(?<![\p{L}\p{N}.,])(\d{1,3}(?:,\d{1,2})?)\s?t(?![\p{L}\p{N}])/gu;
/** "uống 1v x 2 lần/ngày", "sáng 1v, tối 1v": in talk of medicine a "v" after a small count is its tablets (viên). */
const GLUED_V = /(?<![\p{L}\p{N}.,])(\d{1,2})v(?![\p{L}\p{N}])/gu;
const MEDICINE_TALK = /(?<!\p{L})(?:uống|thuốc|viên|liều|mg|kê đơn|đơn thuốc)(?!\p{L})|lần\s?\/\s?ngày/iu;
const GLUED_CAPITAL_T = /(?<![\p{L}\p{N}.,])(\d{1,3})T(?![\p{L}\p{N}])/gu;
const LOAD_T_BEFORE = /(?<!\p{L})(?:xe|ô tô|tải|tải trọng|trọng tải|chở|cầu|tàu|thuyền|sà lan)(?!\p{L})[^,.;:]{0,25}$/iu;
/**
 * Also people typed short on a phone with an age's bound: "người già trên 80t", "NCT từ 60t", "con nhỏ dưới 6t" ("người
 * dân mua 5t gạo" is tonnes); a child named in a search notice, "con trai tôi tên Lê Văn Hòa 14t"; an age's span
 * "lao động từ 18-60t"; a bound typed as a sign, "NCT ≥ 60t".
 */
const PERSON_T_BEFORE =
  /(?<!\p{L})(?:(?:cụ|ông|bà|bé|cháu|em|trẻ|thanh niên|anh|chị|học sinh|hs|nạn nhân|con trai|con gái|tên)(?!\p{L})[^.;:]{0,30}|(?:người|ng|NCT|cử tri|công dân|phụ nữ|nam|nữ|con nhỏ|con em|lao động|bố mẹ|cha mẹ|bố|mẹ)(?!\p{L})[^.;:]{0,30}(?:(?<!\p{L})(?:trên|dưới|từ|đủ|hơn|ngoài|khoảng|tròn|đến|tới)|[≥>≤<]))\s*(?:\d{1,3}\s*[-–]\s*)?$/iu;

/** What tonnes are said of, after a load's words and a person's: "thu hoạch được 50-60t", "sản lượng lúa 5.200t". */
const HARVEST_BEFORE = /(?<!\p{L})(?:sản lượng|thu hoạch|khối lượng|trọng lượng|năng suất|lúa|gạo|ngô|sắn|mía|keo|phân|hàng|cá|tôm|rác|đất|cát|sỏi|đá|than|thép|xi măng)(?!\p{L})[^.;:]{0,25}$/iu;

/** A sentence about people, their conditions or a call for them ("vụ này được 5-6t" speaks of a harvest). */
const PEOPLE_TALK = /(?<!\p{L})(?:người|nam|nữ|lao động|thanh niên|công dân|cử tri|hội viên|đoàn viên|học sinh|trẻ|điều kiện|đối tượng|độ tuổi|hiến máu|khám|tiêm|tuyển)(?!\p{L})/iu;

/**
 * "Điều kiện: 18-60t, nặng trên 45kg": a span of ages typed short, the younger first, ending the phrase, where people are
 * spoken of; not where a load or a harvest is.
 */
function isAgeSpan(n: string, before: string, after: string, sentence: string): boolean {
  const first = /(?<![\p{N}.,])(\d{1,3})\s*[-–]\s*$/u.exec(before)?.[1];
  return first !== undefined && +first < +n && /^\s*(?:[,.;:)!?]|$|trở\s)/u.test(after) && PEOPLE_TALK.test(sentence) && !LOAD_T_BEFORE.test(before) && !HARVEST_BEFORE.test(before);
}

/**
 * "ql1a", "ql 14b", "Ql.19C", "đt605", "đh.12": a road's class typed in lower case on a phone, written as the road's
 * code; so is a flood alarm level "trên bđ2", "lên bđ 3". "ql" is no other word; "đt", "đh", "tl", "hl", "bđ" ("điện
 * thoại", "đại học", "trả lời") only glued to the number or after a dot, or spaced after a word naming a road or a
 * level, and "đt" never before a leading zero (a telephone number).
 */
const LOWER_ROAD = /(?<![\p{L}\p{N}])(ql|đt|đh|tl|hl|bđ)(\.?|\s)(\d{1,3})([a-g])?(?![\p{L}\p{N}]|[.,]\d)/giu;
const ROAD_WORD_BEFORE = /(?<!\p{L})(?:đường|tuyến|đoạn|dọc|trên|dưới|lên|vượt|mức|xuống)\s+$/iu;

function upperRoads(text: string): string {
  return text.replace(LOWER_ROAD, (match, cls: string, sep: string, n: string, letter: string | undefined, offset: number, all: string) => {
    if (cls === cls.toUpperCase() && (!letter || letter === letter.toUpperCase())) return match;
    const ql = cls.toLowerCase() === 'ql';
    if (!ql && sep === ' ' && !ROAD_WORD_BEFORE.test(textBefore(all, offset, 20))) return match;
    if (cls.toLowerCase() === 'đt' && n.startsWith('0')) return match;
    if (cls.toLowerCase() === 'bđ' && (letter || !/^[1-3]$/u.test(n))) return match;
    return `${cls.toUpperCase()}${sep}${n}${letter ? letter.toUpperCase() : ''}`;
  });
}

/**
 * "kp3", "kp 3", "tdp.5", "kv2": a quarter of a town typed in lower case on a phone, written as its capitals are ("KP3").
 * "kv" only glued to its number: spaced it may be a line's kilovolts.
 */
const LOWER_QUARTER = /(?<![\p{L}\p{N}])(?:(kp|tdp)[.\s]?|(kv))(\d{1,3})(?![\p{L}\p{N}]|[.,]\d)/giu;

/** "kp Long Điền", "kp. Tân Long": the quarter typed in lower case before its name, not only before its number. */
const LOWER_QUARTER_NAMED = /(?<![\p{L}\p{N}])(?:kp|Kp)(?=\.?\s\p{Lu}\p{Ll})/gu;

/** "f12, q.3": Saigon's ward (phường) typed with a lower-case f, before its district. */
const LOWER_WARD_F = /(?<![\p{L}\p{N}])f(?=\.?\s?\d{1,2}\s*,\s*(?:[Qq]\.|[Qq]\d|[Qq]uận))/gu;

function upperQuarters(text: string): string {
  return text.replace(LOWER_QUARTER, (match: string) => match.toUpperCase()).replace(LOWER_QUARTER_NAMED, 'KP').replace(LOWER_WARD_F, 'F');
}

/** "trẻ 6th - 36th", "dưới 6 th tuổi": a child's age in months shortened "th" (tháng), after a child or before "tuổi". */
/** A plus typed against two words, or after a word before a spaced one (not after a blood group's AB or a test's marker). */
const GLUED_WORD_PLUS = new RegExp(
  `(?<=(?<![\\p{L}\\p{N}])\\p{L}{2,})\\+(?=\\p{L}{2,}(?![\\p{N}]))|(?<=\\p{L}{2})(?<!(?<!\\p{L})(?:AB|${TEST_MARKERS}))\\+(?=\\s+\\p{L})|(?<=\\p{L}\\s)\\+(?=\\p{L}{2})`,
  'gu',
);
const GLUED_TH = /(?<![\p{L}\p{N}.,])(\d{1,2})\s?th(?![\p{L}\p{N}])/gu;
const CHILD_BEFORE = /(?<!\p{L})(?:trẻ|cháu|bé|em bé|sơ sinh)(?!\p{L})[^.;:]{0,20}$/iu;

const VULGAR_FRACTIONS: Readonly<Record<string, string>> = { '½': 'một phần hai', '⅓': 'một phần ba', '⅔': 'hai phần ba', '¼': 'một phần tư', '¾': 'ba phần tư' };

/** "Landrace x Yorkshire", "bò lai Brahman x Sind": a cross between two named breeds, said "lai". */
const CROSS = /(?<=(?<![\p{L}\p{N}])\p{Lu}\p{Ll}{2,})\s+[x×]\s+(?=\p{Lu}\p{Ll}{2,}(?![\p{L}\p{N}]))/gu;
const BREED_TALK = /(?<!\p{L})(?:lợn|heo|bò|trâu|gà|vịt|ngan|dê|cừu|thỏ|nái|đực giống|con giống|giống|con lai|tổ hợp lai|tinh|phối|lai)(?!\p{L})/iu;

function crossBreeds(text: string): string {
  return BREED_TALK.test(text) ? text.replace(CROSS, ' lai ') : text;
}

/**
 * Spacing typos officers make: "ngày15/10", "25hộ", "Quốc lộ1A", "7 h30",
 * "5 /10" are put right before anything is read.
 */
export function repairSpacing(text: string): string {
  // Asked once of the whole text, not at each match: a long text of many matches would be rescanned at each.
  const medicineTalk = MEDICINE_TALK.test(text);
  const peopleTalk = PEOPLE_TALK.test(text) || /(?<!\p{L})(?:bé|cháu)(?!\p{L})/iu.test(text);
  return upperQuarters(upperRoads(crossBreeds(lowerCapitalUnits(text))))
    // "cú pháp TC <mã hồ sơ> gửi 8088": a text message's blank to fill, in angle brackets, is one as in square ones ("[mã hồ
    // sơ]"), no sign to compare.
    .replace(/(?<!\S)<\s*(\p{L}[\p{L}\p{N} ]{0,40}?)\s*>(?!\S)/gu, '[$1]')
    // "35℃", "3-5⁰C", "37-38 o C", "12-15oc", "20°c", "2 độ C": degrees Celsius as keyboards and converters type them.
    .replace(/(?<=\d\s?)(?:℃|[°º˚⁰]\s?[Cc]|o\s?C|oc|độ\s?C)(?![\p{L}\p{N}])/gu, '°C')
    // "Qđến = 350m3/s, Qxả = 200m3/s": a discharge's letter glued to the word naming it.
    .replace(/(?<![\p{L}\p{N}])([QH])(?=(?:đến|xả|về|ra|vào|tràn|max|min|tk|kt)(?![\p{L}\p{N}]))/gu, '$1 ')
    // "giá 1ty2", "2ty": billions (tỷ) typed without the mark, glued to the number.
    .replace(/(?<=(?<![\p{L}\p{N}.,])\d{1,3}(?:,\d{1,2})?)\s?ty(?=\d{1,3}(?![\p{L}\p{N}])|(?![\p{L}\p{N}]))/gu, 'tỷ')
    // "Giá lúa ↑ 500đ/kg", "nhiệt độ ↓ 5°C": an arrow up or down before an amount is a rise or a fall.
    .replace(/\s*[↑⬆]\s*(?=\d)/gu, ' tăng ')
    .replace(/\s*[↓⬇]\s*(?=\d)/gu, ' giảm ')
    // "Hòa Duyệt 9,86m ↑, Sơn Diệm 11,20m ↓": after a measured value closing its item, rising or falling.
    .replace(/(?<=\d[\p{L}%°]{0,3})\s*([↑⬆]|[↓⬇])(?=\s*(?:[,;.)]|$))/gu, (_m, arrow: string) => (/[↑⬆]/u.test(arrow) ? ' tăng' : ' giảm'))
    // "bé Nguyễn Minh K. 24 tháng", "bà Trần Thị H. 67 tuổi": a name hidden behind its initial, then a number that starts
    // the next item (an age, an address), a pause.
    .replace(/(?<=(?<![\p{L}\p{N}])\p{Lu}\p{Ll}+\s\p{Lu})\.(?=\s+\d)/gu, ',')
    // "giảm ½ học phí": a fraction typed as one character.
    .replace(/(\d?)\s*([½⅓⅔¼¾])\s*/gu, (_m, whole: string, f: string) => `${whole}${whole ? ' và' : ''} ${VULGAR_FRACTIONS[f]} `)
    .replace(WORD_RUN, (token) => {
      const at = /\d/.test(token) ? gluedWordSplit(token, isMarkedWord) : -1;
      return at < 0 ? token : `${token.slice(0, at)} ${token.slice(at)}`;
    })
    .replace(/(?<![\p{L}\p{N}])(\d{1,2}) h(\d{2})(?![\p{L}\p{N}])/gu, '$1h$2')
    // "500.000,đ", "1.200.000,- đồng": a sum in whole thousands closed by a comma (and a dash) before its currency, as receipts write it.
    .replace(/(?<=(?<![\p{L}\p{N}.,])\d{1,3}(?:\.\d{3})+),-?\s?(?=(?:đ|đồng|VNĐ|VND)(?!\p{L}))/gu, ' ')
    // "① Thời gian", "② Địa điểm": a circled number marks an item, as "(1)" does.
    .replace(/[\u2460-\u2473]/gu, (c: string) => ` (${c.charCodeAt(0) - 0x245f}) `)
    // "CO₂", "H₂O": a formula's subscript digits are its counts.
    .replace(/[₀-₉]/gu, (d: string) => String(d.charCodeAt(0) - 0x2080))
    // "giá 7.800d/kg": a sum in whole thousands typed without the đ's bar.
    .replace(/(?<=(?<![\p{L}\p{N}.,])\d{1,3}(?:\.\d{3})+)d(?![\p{L}\p{N}])/gu, 'đ')
    // "VNĐ 500.000", "USD 1,200": the currency written first is said after the sum.
    .replace(/(?<![\p{L}\p{N}])(VNĐ|VND|USD)\s?(\d{1,3}(?:[.,]\d{3})+)(?![\p{L}\p{N}]|[.,]\d)/gu, '$2 $1')
    // "xe 5t", "cụ Lê Văn An (80t)": a "t" after a number is a tonne where a load is spoken of, an age after a person.
    .replace(GLUED_T, (match, n: string, offset: number, all: string) => {
      const before = textBefore(all, offset, 40);
      if (LOAD_T_BEFORE.test(before)) return `${n} tấn`;
      if (!/^\d{1,3}$/u.test(n) || +n > 120) return match;
      if (PERSON_T_BEFORE.test(before) || isAgeSpan(n, before, textAfter(all, offset + match.length, 12), all)) return `${n} tuổi`;
      // "bé nào dưới 2t thì uống 1/2v, trên 2t uống 1v": a bound's age where the sentence speaks of children or people.
      if (/(?<!\p{L})(?:trên|dưới|từ|đủ)\s*$/iu.test(before) && peopleTalk && !HARVEST_BEFORE.test(before)) return `${n} tuổi`;
      return HARVEST_BEFORE.test(before) ? `${n} tấn` : match;
    })
    .replace(GLUED_V, (match, n: string) => (medicineTalk ? `${n} viên` : match))
    // "mỗi hộ cử 1ng", "10ng/tổ": a count of people typed short on a phone, glued to its number, read as "1 ng" is (người).
    .replace(/(?<![\p{L}\p{N}.,])(\d{1,3})ng(?![\p{L}\p{N}])/gu, '$1 ng')
    // "CHO NG TỪ 50T TRỞ LÊN": a notice typed all in capitals writes the age's t in capitals too.
    .replace(GLUED_CAPITAL_T, (match, n: string, offset: number, all: string) => {
      const before = textBefore(all, offset, 40);
      // "tải trọng trục không quá 10T", "xe trên 2,5T": a road sign's tonnes, in any sentence where a load is spoken of.
      if (LOAD_T_BEFORE.test(before)) return `${n} tấn`;
      return !/\p{Ll}/u.test(all) && +n <= 120 && (PERSON_T_BEFORE.test(before) || isAgeSpan(n, before, textAfter(all, offset + match.length, 12), all)) ? `${n} TUỔI` : match;
    })
    // "cáp 3x50+1x35mm2", "3X16+1X10MM2" in capitals: a cable's cores, so many of each size, added ("ba nhân năm mươi cộng một nhân …").
    .replace(/(?<=\d\s?[xX×]\s?\d{1,3}(?:[.,]\d{1,2})?)\+(?=\d{1,2}\s?[xX×]\s?\d)/gu, ' + ')
    .replace(GLUED_TH, (match, n: string, offset: number, all: string) =>
      CHILD_BEFORE.test(textBefore(all, offset, 30)) || /^\s*tuổi(?!\p{L})/u.test(all.slice(offset + match.length)) ? `${n} tháng` : match,
    )
    // "mang CCCD+sổ đỏ", "đơn+ bản sao": a plus typed against two words, or against one, joins them as a spaced one does;
    // the blood group "AB+ và O+" and a test's result "HBsAg+ được chuyển" keep their sign (field.ts).
    .replace(GLUED_WORD_PLUS, ' + ')
    // "phút 90+3": the minutes added to a half, "chín mươi cộng ba".
    .replace(/(?<=(?<!\p{L})phút\s+\d{2,3})\+(?=\d{1,2}(?!\d))/giu, ' cộng ')
    // "01 (một) xe máy": a count written again in words in brackets is said once.
    .replace(COUNT_IN_WORDS, (match, n: string, words: string) => (words.trim().toLowerCase().replace(/\s+/gu, ' ') === readInteger(n) ? n : match))
    // "lô 12,13", "thửa số 45,46": plots and rooms are never fractions; two numbers with a comma there are two of them.
    .replace(/(?<=(?<!\p{L})(?:lô|thửa|thửa đất|ô|căn|phòng|số nhà)(?:\s+số)?\s+\d{1,4}),(?=\d{1,4}(?![\p{L}\p{N}%]|[.,]\d|\s?(?:ha|m2|m²|m|km|sào|tấn|kg|triệu|tỷ|đồng|đ)(?!\p{L})))/giu, ', ')
    // "số 12bis", "25ter": a house numbered after another keeps its Latin mark, said apart.
    .replace(/(?<=(?<![\p{L}\p{N}])\d{1,4})(bis|ter)(?![\p{L}\p{N}])/giu, ' $1')
    // "theo NĐ168", "QĐ25", "NQ57": a decree's, a decision's or a resolution's short name glued to its number, set apart.
    .replace(/(?<![\p{L}\p{N}])(NĐ|QĐ|NQ)(?=\d{1,3}(?![\p{L}\p{N}]|[.,]\d))/gu, '$1 ')
    // "22h đêm nay-5h sáng mai", "7h sáng-11h trưa": a dash typed against the part of the day before a time is set apart, a range's.
    .replace(/(?<=(?<![\p{L}\p{N}])\d{1,2}\s?[hgHG](?:\d{2})?\s+(?:đêm|sáng|trưa|chiều|tối|ĐÊM|SÁNG|TRƯA|CHIỀU|TỐI)(?:\s+(?:nay|mai|mốt|qua|NAY|MAI))?)[-–](?=\d{1,2}\s?[hgHG](?:\d{2})?(?![\p{L}\p{N}]))/gu, ' - ')
    // "8h-ngày 10/12", "7h30-thứ 2": a dash typed against the word after a time is a pause.
    .replace(/(?<=(?<![\p{L}\p{N}])\d{1,2}[hg]\d{0,2})-(?=\p{L}{2,})/gu, ' - ')
    // "7h.30": a dot typed between the hour mark and the minutes.
    .replace(/(?<![\p{L}\p{N}])(\d{1,2})h\.(\d{2})(?![\p{L}\p{N}]|[.,]\d)/gu, '$1h$2')
    // "ngày 15 – 12 – 2025": a date typed with spaced dashes.
    .replace(SPACED_DATE, (match, d: string, m: string, y: string) => (+d >= 1 && +d <= 31 && +m >= 1 && +m <= 12 ? `${d}-${m}-${y}` : match))
    // "ngày 5-6-7/12": three days or more joined by dashes before their month are a list, not a range.
    .replace(DAY_CHAIN, (match, days: string) => match.replace(days, days.replace(/\s*[-–]\s*/gu, ', ')))
    // "từ th12", "lương th11/2026": "th" before a month's number is tháng.
    .replace(/(?<![\p{L}\p{N}])[Tt]h(?=(?:1[0-2]|[1-9])(?![\p{L}\p{N}]|[.,]\d))/gu, 'tháng ')
    // "7giờ30", "7h30ph", "7:30AM": a clock typed without its spaces, minutes marked "ph" for phút.
    .replace(/(?<=(?<![\p{L}\p{N}])\d{1,2})giờ(?=\d{2}(?![\p{L}\p{N}]))/gu, ' giờ ')
    .replace(/(?<=(?<![\p{L}\p{N}])\d{1,2}[hg]\d{2})ph(?![\p{L}\p{N}])/gu, ' phút')
    .replace(/(?<=(?<![\p{L}\p{N}])\d{1,2}:\d{2})(?=[AaPp][Mm](?![\p{L}\p{N}]))/gu, ' ')
    // "sáng T.7 (12/12)", "từ T.2 đến T.6": a weekday typed with a dot, where a weekday stands.
    .replace(DOTTED_WEEKDAY, (match, day: string, offset: number, all: string) => {
      const nextWord = /^\s*(\p{L}+)/u.exec(textAfter(all, offset + match.length))?.[1];
      return BEFORE_WEEKDAY.test(textBefore(all, offset)) || (nextWord !== undefined && AFTER_WEEKDAY.test(nextWord)) ? `T${day}` : match;
    })
    // "ngày 6 & 7/12", "T7+CN", "thứ 7 + chủ nhật": an ampersand between numbers, a plus between weekdays, is "và".
    .replace(/(?<=(?<![\p{L}\p{N}.,/])\d{1,2}\s?)&(?=\s?\d)/gu, ' và ')
    // "ngày 10 +11/12": a plus between two days of a month after the word for a day is "và" too.
    .replace(/(?<=(?<!\p{L})(?:[Nn]gày|NGÀY|[Mm]ồng|[Mm]ùng)\s+\d{1,2}\s?)\+(?=\s?\d{1,2}\/\d{1,2}(?!\d))/gu, ' và ')
    .replace(WEEKDAY_PLUS, (_m, next: string) => (next.includes('+') ? ', ' : ' và '))
    // "24÷36 giờ", "Km 7+300 ÷ Km 8+100": engineers write a range with a division sign;
    // "85 ~ 95%", "7h ~ 11h", "Km 3+200 ~ Km 4+100": a tilde between two quantities is one too ("~150m" alone is khoảng).
    .replace(/(?<=\d\s?)÷(?=\s?(?:\d|[Kk][Mm]))/gu, '-')
    // "500m2 ~ 0,05 ha": between two measures in different units it says the same amount again, "khoảng".
    .replace(/(?<=(?:\d\s?([\p{L}°%]{1,3}[23²³]?)|\d)\s?)~(?=\s?(?:\d|[Kk][Mm]\s?\d))/gu, (tilde, unit: string | undefined, offset: number, all: string) => {
      const other = /^\s?\d[\d.,]*\s?(\p{L}{1,3}[23²³]?)(?![\p{L}\p{N}])/u.exec(all.slice(offset + 1))?.[1];
      return unit !== undefined && other !== undefined && unit.toLowerCase() !== other.toLowerCase() ? tilde : '-';
    })
    // "0912 .345 .678": a group's dot typed after a space belongs to the number.
    .replace(/(?<=\d)\s+\.(?=\d{3}(?!\d))/gu, '.')
    // "10 ,5m": so does a decimal comma.
    .replace(/(?<=\d)\s+,(?=\d)/gu, ',')
    // "16/12,18/12 và 23/12": dates listed with no space after the comma, no decimal between them.
    .replace(/(?<=(?<![\d/])\d{1,2}\/\d{1,2}),(?=\d{1,2}\/\d{1,2}(?![\d/]))/gu, ', ')
    // "ngày 13/12,7h30", "13/12/2026,8g sáng": nor between a date and the time after it.
    .replace(/(?<=(?<![\d/])\d{1,2}\/\d{1,2}(?:\/\d{2,4})?),(?=\d{1,2}(?:[hHgG]|\s?giờ)(?:\d{2})?(?![\p{L}\p{N}]))/gu, ', ')
    // "150 người,12 máy cưa": a comma typed without its space before a number is no decimal comma.
    .replace(/(?<=\p{L}),(?=\d)/gu, ', ')
    // "từ chiều t6,1 con", "họp t7,8h sáng": nor after a weekday typed short.
    .replace(/(?<=(?<![\p{L}\p{N}])t[2-7]),(?=\d(?![\d,]))/gu, ', ')
    // "15,2N/112,5E": a slash between the two is a pause, as a dash is.
    .replace(POSITION_WITHOUT_DEGREES, (_m, lat: string, ns: string, sep: string, lon: string, ew: string) => `${lat}°${ns}${sep.includes('/') ? ', ' : sep}${lon}°${ew}`)
    .replace(POSITION_LETTERS_FIRST, (_m, ns: string, lat: string, sep: string, ew: string, lon: string) => `${lat}°${ns}${sep.trim() === '' || sep.includes('/') ? ', ' : sep}${lon}°${ew}`)
    // "phía Bắc vĩ tuyến 18,0N", "từ vĩ tuyến 16N đến 20N": coordinates after the word naming them, their degree signs left out too.
    .replace(/(?<=(?<!\p{L})(?:vĩ tuyến|kinh tuyến|vĩ độ|kinh độ)\s+(?:\d{1,3}(?:[.,]\d{1,2})?\s?[NSEW]?\s*(?:đến|tới|-|–)\s*)?)(\d{1,3}(?:[.,]\d{1,2})?)\s?([NSEW])(?![\p{L}\p{N}])/gu, '$1°$2')
    // "tổng diện tích 5 HA": hectares typed in capitals after a number in any sentence ("đo HA" is blood pressure).
    .replace(/(?<=(?<![\p{L}\p{N}])\d[\d.,]*\s?)HA(?![\p{L}\p{N}])/gu, 'ha')
    // "2 giọt/lần x 3 lần/ngày": a dose per time, so many times, is multiplied.
    .replace(/(?=\s*[x×])(?<=\d\s*\p{L}*\s*\/\s*\p{L}+)\s*[x×]\s*(?=\d)/gu, ' nhân ')
    // "ngập 0.5-0.8m": both ends of a range of decimals typed with a dot before a unit are decimals.
    // "ngày 14.10 đến 7g …" is a date, its end a clock.
    .replace(DOTTED_DECIMAL_RANGE, (match, a: string, af: string, sep: string, b: string, bf: string | undefined, offset: number, all: string) =>
      DAY_WORD_BEFORE.test(textBefore(all, offset, 20)) ? match : `${a},${af}${sep}${b}${bf === undefined ? '' : `,${bf}`}`,
    )
    .replace(DOTTED_BOTH_RANGE, (match, a: string, af: string, sep: string, b: string, bf: string, offset: number, all: string) => {
      // "7.30 - 11.30": hours and their minutes, read by the clock's pass.
      const clock = af.length === 2 && bf.length === 2 && +a <= 24 && +b <= 24 && +af <= 59 && +bf <= 59;
      return clock || SECTION_BEFORE.test(textBefore(all, offset, 30)) || DAY_WORD_BEFORE.test(textBefore(all, offset, 20)) ? match : `${a},${af}${sep}${b},${bf}`;
    })
    .replace(DOTTED_MAGNITUDE, (match, whole: string, fraction: string, offset: number, all: string) =>
      DAY_WORD_BEFORE.test(textBefore(all, offset, 20)) || SECTION_BEFORE.test(textBefore(all, offset, 30)) ? match : `${whole},${fraction}`,
    )
    // "Validan 12.5WP": a pesticide's strength before its formulation is a decimal typed with a dot.
    .replace(DOTTED_STRENGTH, '$1,$2')
    // "xã Cẩm Lạc-huyện Cẩm Xuyên": a dash typed against the next level of the address is the pause between them.
    .replace(ADDRESS_LEVEL_DASH, ' - ')
    // "đổ bộ Hà Tĩnh-Quảng Bình": a dash typed without spaces between two names of two words or more parts two places.
    .replace(/(?=-)(?<=(?<![\p{L}\p{N}])\p{Lu}\p{Ll}+\s\p{Lu}\p{Ll}+)-(?=\p{Lu}\p{Ll}+\s\p{Lu}\p{Ll}+(?![\p{L}\p{N}]))/gu, ' - ')
    // "08:30:15 +07:00": a digital signature's time zone is not read.
    .replace(/(?<=\d{1,2}:\d{2}:\d{2})\s*[+-]\d{2}:?\d{2}(?![\p{L}\p{N}])/gu, '')
    // "L=25m", "B=5m": a measure's letter and its value typed without spaces.
    .replace(/(?<=(?<![\p{L}\p{N}])\p{Lu}{1,2})=(?=\d)/gu, ' = ')
    // "20/10 âl", "20/10 Â.L", "10.3 AL": the lunar mark typed in lower case or with a dot after a date; "10/3âl" glued to it.
    .replace(/(?<=\d{1,2}[/.-]\d{1,2}\s*\(?\s*)(?:ÂL|âl|Âl|Â\.L|â\.l|AL|A\.L)(?![\p{L}\p{N}])/gu, ' ÂL')
    .replace(/(?<=\d) ?\/ ?(?=\d)/gu, '/')
    // "Số: 123 /QĐ-UBND", "45/TB - UBND": a document's number with spaces typed around its slash or its dash.
    .replace(/(?<=(?<![\p{L}\p{N}])\d{1,5})\s+\/\s*(?=\p{Lu}{1,8}\s*[-–])/gu, '/')
    .replace(/(?<=(?<![\p{L}\p{N}])\d{1,5}\/\p{Lu}{1,8})\s+[-–]\s+(?=\p{Lu}{2,8}(?![\p{L}]))/gu, '-')
    .replace(/(?<=\d\s?độ)(?=C(?![\p{L}]))/gu, ' ')
    .replace(BRACKETED_SIZE, (_m, times: string, size: string, unit: string) => ` ${times.replace(/\s*[x×]\s*$/u, ' x ')}${size} ${unit}`);
}

/** "NGẬP SÂU 0,5M", "CÁCH 2KM": a notice typed in capitals writes its units in capitals too. */
/** And the unit a price is given per: "25.000Đ/KG". */
/** And the unit a count is given per: "3.000 CON/M²", "350M3/S", "600 M³/S", "7 MMOL/L"; after a number's word: "52,3 TRIỆU M3". */
const CAPITAL_UNIT =
  /(?<=\d\s?|\d\s?\p{Lu}{0,3}\/|\p{Lu}{2,}[²³23]?\/|\d\s(?:TRIỆU|NGHÌN|NGÀN|TỶ)\s)(KM2|KM²|KM|CM3|CM2|CM|MMHG|MMOL|MM2|MM|M2|M3|M²|M³|M|KG|HA|ML|MG|KVA|KV|KWH|KWP|KW|MW|KHZ|MHZ|HPA|OC)(?![\p{L}\p{N}])|(?<=\d\s?\p{Lu}{0,4}[²³23]?\/)(S|L|H|G)(?![\p{L}\p{N}])|(?<=\d,\d{1,3}|(?<![\d.,])(?:[1-9]\d{2,}|2[5-9]|[3-9]\d))G(?![\p{L}\p{N}])|(?<=\d)G(?=\/L(?![\p{L}])|\/\p{Lu})|(?<=(?:MG|KG|G)\s*[-–]\s*\d{1,3}(?:,\d{1,2})?)G(?![\p{L}\p{N}])|(?<=(?:(?<!\p{L})(?:TỪ|LÚC|VÀO|ĐẾN|TỚI|TRƯỚC|SAU)\s+|\d\s?G\s*[-–]\s*)(?<![\d.,])(?:[01]?\d|2[0-4]))G(?![\p{L}\p{N}])|(?<=\d)TR(?=\d|(?![\p{L}\p{N}]))|(?<=(?<![\d.,])(?:[01]?\d|2[0-4]))G(?=\d{2}(?!\d)|\s+(?:NGÀY|SÁNG|TRƯA|CHIỀU|TỐI|ĐÊM|HÔM)(?!\p{L})|\s*(?:[-–]|ĐẾN)\s*\d{1,2}G(?!\p{L}))|(?<=\d[Hh]\d{2})P(?![\p{L}\p{N}])|(?<=(?<![\d.,])\d)M(?=\d{2}(?![\p{L}\p{N}]))/gu;
/** Glued to a number, a unit of two characters is a unit in any sentence: "DT 150M2", "xe 5KG". */
const GLUED_CAPITAL_UNIT = /(?<=\d)(KM|CM|MM|M2|M3|M²|M³|KG)(?![\p{L}\p{N}])/gu;
/** "hạn chế chiều cao 4,5M", "khổ giới hạn 3.2M": a size copied from a road sign, its metres in capitals as the sign has them. */
const SIGN_SIZE_METRES = /(?<=(?<!\p{L})(?:chiều cao|chiều rộng|chiều dài|cao|rộng|dài|sâu|khổ(?: giới hạn)?|tĩnh không)\s*:?\s*\d{1,2}(?:[.,]\d{1,2})?\s?)M(?![\p{L}\p{N}])/giu;
/** In capitals, letters an abbreviation spells that are the second half of a word: "CÔNG TY", "SA PA", "ĐẦU TƯ", "THỨ TƯ", "THÔNG TƯ". */
/** And a name's "TƯ" ("ÔNG TƯ", "LÊ VĂN TƯ"), "VẬT TƯ", "NGÃ TƯ", "THÁNG TƯ". */
const CAPITAL_WORD_IN_PAIR = /(?<=(?<!\p{L})CÔNG\s)TY(?!\p{L})|(?<=(?<!\p{L})SA\s)PA(?!\p{L})|(?<=(?<!\p{L})(?:ĐẦU|THỨ|THÔNG|VẬT|ÔNG|BÀ|ANH|CHỊ|CHÚ|BÁC|CỤ|VĂN|THỊ|NGÃ|THÁNG|MỒNG|MÙNG)\s)TƯ(?!\p{L})/gu;
/** Most of a sentence's letters in capitals: a notice typed so ("NGẬP SÂU 0,5M"), or its heading. */
function isShouted(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length >= 6 && letters.replace(/[^\p{Lu}]/gu, '').length >= 0.8 * letters.length;
}

/**
 * In capitals, the words the reading's rules look around for ("ngày 5 hằng tháng", "công ty CP", "phù hợp QH", "trạm KN")
 * are put in lower case, as a notice typed normally writes them; names and abbreviations keep their capitals. None of them
 * is a name or an abbreviation.
 */
const SHOUTED_FUNCTION_WORDS = new Set(
  `ngày tháng năm hằng hàng mỗi từ đến tới và hoặc với của cho tại ở theo trong ngoài sau trước lúc khoảng dưới trên xuống
   còn đạt là mức số các những mã trạm vào qua thứ sáng chiều tối trưa đêm hôm nay tuần giờ phút thắng thua gửi kính mời
   gặp nhà hộ về việc do bị được có không đã sẽ đang để khi nếu thì nên cần phải người bà con ông anh chị cô chú bác cháu
   em cán bộ nhân viên đồng chí tổng cộng tối đa thiểu mét lít tấn đồng triệu nghìn tỷ tiền giá mua bán vụ tuổi lần đợt
   tiêm uống mũi liều trẻ cấp độ tốc nhiệt lượng mưa mực nước đỗ đậu thi học trúng tuyển tin khu vùng đo kiốt`
    .split(/\s+/u)
    .filter(Boolean)
    .map((word) => word.toUpperCase()),
);
const SHOUTED_PHRASES = /(?<![\p{L}\p{N}])(?:CÔNG (?:TY|ty)|PHÙ HỢP|TỶ SỐ|TỈ SỐ|TỶ LỆ|TỈ LỆ|LIÊN HỆ|ĐIỆN THOẠI|HỘI TRƯỜNG|NHÀ VĂN HÓA|NHÀ VĂN HOÁ|KHU VỰC|ĐỊA CHỈ|LƯU LƯỢNG|SO VỚI)(?![\p{L}\p{N}])/gu;
/**
 * The level of an address and the words an abbreviation's sense is told by ("NS XÃ", "CC ĐỊA CHÍNH", "CN VĂN PHÒNG ĐĂNG
 * KÝ", "TT Y TẾ", "NS LÚA"), lowered as the rest; "HUYỆN ỦY", "TỈNH ỦY" and "XÃ HỘI" stay a body's name and a field.
 */
const SHOUTED_CUE_PHRASES =
  /(?<![\p{L}\p{N}])(?:(?:HUYỆN|TỈNH|XÃ)(?!\s+(?:ỦY|UỶ|HỘI)(?!\p{L}))|THÔN|XÓM|KHỐI|ẤP|KHU PHỐ|THỊ XÃ|THÀNH PHỐ|ĐỊA CHÍNH|TƯ PHÁP|VĂN HÓA|VĂN HOÁ|VĂN PHÒNG|XÂY DỰNG|Y TẾ|KINH PHÍ|DỰ TOÁN|QUYẾT TOÁN|BÌNH QUÂN|TRUNG BÌNH|TRUNG ƯƠNG|ĐỊA PHƯƠNG|NHÀ NƯỚC|LÚA|NGÔ|ƯỚC|NGUỒN|VỐN|GIÁO VIÊN|CÔ GIÁO|THẦY GIÁO|THẦY|CÔ|MÔ HÌNH|CÔNG TÁC|CHƯƠNG TRÌNH|NGÂN HÀNG|KHO BẠC|BƯU ĐIỆN|ĐIỆN LỰC|ĐĂNG KÝ ĐẤT ĐAI|SỬ DỤNG)(?![\p{L}\p{N}])/gu;
/** A commune's, a district's or a province's name after its level, written short or in full ("TT THIÊN CẦM", "T.HÀ TĨNH", "CN CẨM XUYÊN"). */
const SHOUTED_PLACE =
  /(?<=(?<![\p{L}\p{N}])(?:TT|CN|TX|TP|[PQXHT]\.|TX\.|TP\.|TT\.|thị trấn|THỊ TRẤN|thị xã|thành phố|xã|huyện|tỉnh|PHƯỜNG|QUẬN|phường|quận|thôn|xóm|ấp|LÀNG)\s*)\p{Lu}+(?:\s+\p{Lu}+){0,3}(?![\p{L}\p{N}])/gu;
const SHOUTED_TITLE = new RegExp(`^${TITLE_WORDS}|^(?:PHÓ|QUYỀN)(?!\\p{L})`, 'u');
/** "NHÀ Ô. HÒA", "HỘ Ô TƯ", "Ô. NGUYỄN VĂN TÂM": a man named after "Ô." where a person is spoken of or before a full name ("CHO Ô TÔ" is a car). */
const SHOUTED_MISTER = new RegExp(
  `(?:(?<=(?<!\\p{L})(?:nhà|hộ|GIA ĐÌNH|GẶP|gặp|mời|THĂM|liên hệ|LH|của|với|cho|là|và|hoặc)\\s+)Ô(\\.?\\s?)|(?<![\\p{L}\\p{N}])Ô(\\.\\s?)(?=${SURNAME_CAPS}\\s))(?:(?<=\\.\\s?)|(?!TÔ(?!\\p{L})))(\\p{Lu}+)(?![\\p{L}\\p{N}])`,
  'gu',
);
/** "TRẦN VĂN LÂM", "NG THỊ LAN": a family name (or its short "NG") and a middle name open a person's full name. */
const SHOUTED_FULL_NAME = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${SURNAME_CAPS}|NG\\.?)\\s+${MIDDLE_NAME_CAPS}(?:\\s+\\p{Lu}+){1,2}(?![\\p{L}\\p{N}])`,
  'gu',
);
/** "HUYỆN ỦY", "ĐẢNG ỦY", "VIỆT NAM", "THÁI LAN": written with their first capital in a notice typed normally. */
const SHOUTED_CAPITALISED = /(?<![\p{L}\p{N}])(?:(?:ĐẢNG|HUYỆN|TỈNH|THÀNH)\s+(?:ỦY|UỶ)|VIỆT NAM|THÁI LAN|TRUNG QUỐC|HÀN QUỐC|NHẬT BẢN|CAMPUCHIA|LÀO)(?![\p{L}\p{N}])/gu;
/**
 * A word of the notice with a vowel's mark, no abbreviation (as "TƯ", "HĐ" are) nor a point of the compass the rules know in
 * capitals ("BẮC - NAM"); a code without marks ("LUC", "ONT") or a Roman number ("XI") keeps its capitals.
 */
function isShoutedPlainWord(word: string, ctx: Context): boolean {
  return hasDiacritics(word) && isVietnameseSyllable(word) && !ctx.lexicon.abbreviations.has(word) && !/^(?:BẮC|ĐÔNG|TÂY)$/u.test(word);
}
const titleCase = (words: string) => words.toLowerCase().replace(/(?<!\p{L})\p{L}/gu, (c) => c.toUpperCase());

/** Remembered for the passes after (a heading's "TU" is a word), then the function words lowered; after the suspect tokens are kept, as they were judged in capitals. */
/** A place's name and a man's are given their capitals alone, as a notice typed normally writes them. */
function lowerShoutedFunctionWords(text: string, ctx: Context): string {
  ctx.shouted = isShouted(text);
  if (!ctx.shouted) return text;
  return text
    .replace(SHOUTED_CAPITALISED, (words) => (/ỦY|UỶ/u.test(words) ? words.charAt(0) + words.slice(1).toLowerCase() : titleCase(words)))
    .replace(SHOUTED_PHRASES, (phrase) => phrase.toLowerCase())
    .replace(SHOUTED_CUE_PHRASES, (phrase) => phrase.toLowerCase())
    .replace(SHOUTED_PLACE, (run: string, offset: number, all: string) => {
      // After a level's short mark and its dot ("P. TRƯỜNG THI") the words are a name, known or not.
      // "Q. CHỦ TỊCH" is an acting chairman, "P.CT" a deputy: a title or an abbreviation is no name.
      const named = run.split(/\s+/u).every((w) => isVietnameseSyllable(w) && !ctx.lexicon.abbreviations.has(w)) && !SHOUTED_TITLE.test(run);
      if (named && /(?<![\p{L}\p{N}])(?:[PQXHT]|TT|TX|TP)\.\s*$/u.test(all.slice(Math.max(0, offset - 4), offset))) return titleCase(run);
      // A hamlet's name, known to no register ("THÔN NAM SƠN").
      if (named && /(?<!\p{L})(?:thôn|xóm|ấp|LÀNG)\s+$/u.test(all.slice(Math.max(0, offset - 6), offset))) return titleCase(run);
      // Elsewhere the longest run of words that names a place, from its first word.
      const words = run.split(/\s+/u);
      for (let n = words.length; n >= 2; n--) {
        const name = words.slice(0, n).join(' ').toLowerCase();
        if (isPlaceName(name)) return `${titleCase(name)}${run.slice(words.slice(0, n).join(' ').length)}`;
      }
      return run;
    })
    // Typed without its dot, the title is lowered as "nhà ô Tư" is written.
    .replace(CAPS_WORD, (word) => (SHOUTED_FUNCTION_WORDS.has(word) ? word.toLowerCase() : word))
    .replace(SHOUTED_MISTER, (_m, cued: string | undefined, dotted: string | undefined, name: string) => `${cued === undefined || cued.startsWith('.') ? 'Ô' : 'ô'}${cued ?? dotted}${titleCase(name)}`)
    .replace(SHOUTED_FULL_NAME, (name: string) => name.replace(/\p{Lu}+/gu, (w) => (w === 'NG' || isVietnameseSyllable(w) && !ctx.lexicon.abbreviations.has(w) ? titleCase(w) : w)))
    .replace(CAPS_WORD, (word) => (isShoutedPlainWord(word, ctx) ? word.toLowerCase() : word));
}
const LOWER_ELECTRIC_UNIT = /(?<=\d\s?)(?:kva|kv|kwh|kwp|kw|mw|khz|mhz)(?![\p{L}\p{N}])/gu;
/** Units whose letters keep a capital ("kV", "MW") or stand for a sign ("10OC", typed for 10°C). */
const CAPITAL_UNIT_CASE: Readonly<Record<string, string>> = { MMHG: 'mmHg', HPA: 'hPa', KVA: 'kVA', KV: 'kV', KWH: 'kWh', KWP: 'kWp', KW: 'kW', MW: 'MW', KHZ: 'kHz', MHZ: 'MHz', OC: '°C' };
function lowerCapitalUnits(text: string): string {
  // A short headline counts too: "NGẬP SÂU 0,5M".
  const lower = (unit: string) => CAPITAL_UNIT_CASE[unit] ?? unit.toLowerCase();
  // "35kv", "30kwh": typed in lower case, an electric unit takes its capitals back.
  // "125 Ha lúa", "2,5Ha.": hectares typed with a capital, before a lower-case word or the end of the clause ("bản 5 Ha Lum" stays).
  const s = text.replace(SIGN_SIZE_METRES, 'm').replace(/(?<=\d\s?)Ha(?=\s+\p{Ll}|\s*[,.;:)/]|\s*$)/gu, 'ha').replace(LOWER_ELECTRIC_UNIT, (unit) => CAPITAL_UNIT_CASE[unit.toUpperCase()]!);
  if (!isShouted(s)) return s.replace(GLUED_CAPITAL_UNIT, lower);
  return (
    s
      .replace(CAPITAL_UNIT, lower)
      .replace(CAPITAL_WORD_IN_PAIR, (word) => word.toLowerCase())
      // "12 X 20M", "3X16+1X10MM2", "10M X 20M", "NGANG 4,2M X DÀI 20,3M": a size's or a cable's times sign.
      .replace(/(?<=\d\s?(?:m|cm|mm)?\s?)X(?=\s?\d)/gu, 'x')
      // "15KG/KHẨU/THÁNG X 3 THÁNG": so much per person per month, for so many months;
      // "1 VIÊN X 2 LẦN/NGÀY X 5 NGÀY": so many of a thing, so many times.
      .replace(/(?=X\s\d)(?<=\d\s?\p{L}{0,3}(?:\s\p{L}{1,12})?(?:\/\p{L}{1,12}(?:\s\p{L}{1,12}){0,2}){0,3}\s)X/gu, 'x')
      .replace(/(?<=\d\s?(?:m|cm|mm)?\s)X\s(DÀI|RỘNG|CAO|SÂU)(?=\s)/gu, (_m, side: string) => `x ${side.toLowerCase()}`)
      .replace(/(?<![\p{L}\p{N}])Đ\/C(?![\p{L}\p{N}])/gu, 'đ/c')
  );
}

const COMMUNE_ADDRESS_AFTER = /^\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+){0,3}\s*[,-]\s*(?:H\.|TX\.|TP\.|Q\.|huyện|thị xã|thành phố|quận)/u;

/** The marker is read with a pause after it, so "I. MỤC ĐÍCH" is not "một mục đích". */
function expandHeading(text: string, ctx: Context): string {
  const s = text.replace(BULLET, '');
  const roman = ROMAN_HEADING.exec(s);
  // "X. Cẩm Bình, H. Cẩm Xuyên": a commune's short mark opening an address, no tenth heading.
  if (roman?.[1] === 'X' && COMMUNE_ADDRESS_AFTER.test(s.slice(roman[0].length))) return s;
  if (roman && parseRoman(roman[1]) !== null) {
    const parts = roman[2]!.split('.').filter(Boolean).map((p) => ` chấm ${readInteger(p)}`).join('');
    return `${ctx.slot(readInteger(parseRoman(roman[1])!) + parts)}, ${s.slice(roman[0].length)}`;
  }
  const numbered = NUMBER_HEADING.exec(s);
  if (numbered) {
    const words = (numbered[1] ?? numbered[2]).split('.').map((n) => readInteger(n)).join(' chấm ');
    return `${ctx.slot(words)}, ${s.slice(numbered[0].length).replace(BULLET, '')}`;
  }
  const slashed = SLASH_HEADING.exec(s);
  const slashedValue = slashed && (slashed[1] !== undefined ? Number(slashed[1]) : slashed[2] !== undefined ? parseRoman(slashed[2]) : null);
  if (slashed && (slashedValue !== null || slashed[3] !== undefined)) {
    return `${ctx.slot(slashedValue !== null ? readInteger(slashedValue) : letterName(slashed[3]!))}, ${s.slice(slashed[0].length)}`;
  }
  const letter = LETTER_HEADING.exec(s);
  if (letter) return `${ctx.slot(letterName(letter[1] ?? letter[2] ?? letter[3]))}, ${s.slice(letter[0].length)}`;
  return s;
}

/** Numbered or lettered items inside a sentence, after ":" or ";": "Nội dung: 1. Bầu …; 2. Bàn …", "gồm: a) …; b) …". */
/** Also after a heading's spaced dash, a plan's lines pasted into one: "III. PHÂN CÔNG NHIỆM VỤ - 1. Văn phòng …". */
/** Or a part in Roman numerals: "Báo cáo gồm: I. Kết quả; II. Phương hướng", "NĂM 2027 - I. CÁC CHỈ TIÊU". */
const INLINE_MARKER = /(?<=[:;]\s*|[\p{L})]\s[-–—]\s)(?:(\d{1,2})\.|([a-zđ])\))\s+(?=\p{Lu})|(?<=[:;]\s*|[\p{L}\p{N})\uE000-\uF8FF]\s[-–—]\s)([IVX]{1,5})\.\s+(?=\p{Lu})/gu;
/** "Điều 1. Phê duyệt …", "Chương II. …": the article's title follows after a pause. */
/** Also after a semicolon: "…; Phần II. Phương hướng …". */
const ARTICLE = /(?:^|(?<=[:;]\s*))((?:[-+•*]\s*)?(?:Điều|Khoản|Mục|Chương|Phần|ĐIỀU|CHƯƠNG|PHẦN)\s+)(\d{1,3}|[IVXLC]+)\.\s+(?=\p{Lu})/gu;

function expandInlineMarkers(text: string, ctx: Context): string {
  const s = text.replace(ARTICLE, (match, word: string, n: string) => {
    const value = /\d/.test(n) ? Number(n) : parseRoman(n);
    return value === null ? match : `${word}${ctx.slot(readInteger(value))}, `;
  });
  return s.replace(INLINE_MARKER, (match, n: string | undefined, letter: string | undefined, roman: string | undefined) => {
    if (roman !== undefined) {
      const value = parseRoman(roman);
      return value === null ? match : `${ctx.slot(readInteger(value))}, `;
    }
    return `${ctx.slot(n !== undefined ? readInteger(n) : letterName(letter!))}, `;
  });
}

// Also a name joined by underscores, as Wi-Fi networks and user names are ("UBND_XA_KYTAN").
const ADDRESS =
  /https?:\/\/[\w.-]+(?:\/[\w./?=&%-]*)?(?<![.])|(?<![\w.@+-])(?:[\w.+-]+@)?(?:[a-z0-9-]+\.)+(?:vn|com|gov|org|net|edu|info|ly|me|gle|io)(?:\.vn)?(?:\/[\w./-]*)?(?<![.])(?![\p{L}\p{N}])|(?<![\w.@+-])[a-z0-9]+(?:_[a-z0-9]+)+(?![\p{L}\p{N}])/giu;
/** A file's extension named alone: "đuôi .apk", "tệp .pdf". */
const FILE_EXTENSION = /(?<![\p{L}\p{N}.])\.(apk|pdf|docx?|xlsx?|exe|zip|rar)(?![\p{L}\p{N}])/giu;
const EXTENSIONS: Readonly<Record<string, string>> = {
  apk: 'a pê ca', pdf: 'pê đê ép', doc: 'đốc', docx: 'đốc', xls: 'ếch xeo', xlsx: 'ếch xeo', exe: 'e ích xì e', zip: 'díp', rar: 'ra',
};
const ADDRESS_PARTS: Readonly<Record<string, string>> = table({
  '.': 'chấm', '@': 'a còng', '/': 'gạch chéo', '-': 'gạch ngang', _: 'gạch dưới',
  vn: 'vê en', gov: 'gờ o vê', com: 'com', org: 'o rờ gờ', net: 'nét', edu: 'e đu', www: 'vê kép vê kép vê kép',
  ly: 'e lờ i', forms: 'phom', me: 'mi', io: 'i ô', gle: 'gờ lê', bit: 'bít',
  // An office in a mailbox ("phongkt.camxuyen@…") is the economy office; no one signs "ký thay" in an address.
  kt: 'kinh tế',
  // "phongnn@…", "sonn.hatinh@…": the agriculture office's or department's mailbox.
  nn: 'nông nghiệp',
});

const SHORT_LINK = /^(?:bit\.ly|forms\.gle|goo\.gl|tinyurl\.com|s\.id)\//u;

/** The words for one known piece of an address or hashtag: "vn", "gmail", "ubnd". */
function knownPiece(piece: string, ctx: Context): string | undefined {
  const { pronunciations, abbreviations } = ctx.lexicon;
  return ADDRESS_PARTS[piece] ?? pronunciations.get(piece) ?? abbreviations.get(piece.toUpperCase()) ?? abbreviations.get(piece.toUpperCase().replace(/D/g, 'Đ'));
}

/** How a sentence's address pieces are looked up: the lexicon, then the words of the sentence and the place names. */
type AddressLookup = (piece: string) => string | undefined;

function addressLookup(sentence: string, ctx: Context): AddressLookup {
  const words = addressWords(sentence);
  // "Phòng Kinh tế … phongkt@": two initials of an office the sentence names, before the lexicon's "kt" (ký thay).
  const offices = new Map([...officeInitials(sentence, 2)].filter(([k]) => k.length === 2));
  return (piece) => offices.get(piece) ?? knownPiece(piece, ctx) ?? words(piece);
}

/**
 * One run of letters typed without diacritics: known, split into known words
 * and syllables ("ubndxathachha" → "ủy ban nhân dân xã thạch hà"), or as written.
 */
function readAsciiWord(word: string, lookup: AddressLookup): string {
  const known = lookup(word);
  if (known !== undefined) return known;
  let pieces = splitAsciiWord(word, lookup, isAddressSyllable);
  // "hoangnv", "abc": a name's syllables, then initials no syllable can read, spelled ("hoàng en vê", "a bê xê").
  if (!pieces) {
    // The initials are consonants no syllable can end on, and the head the fewest words: "tracuunnt" is "tra cứu" and
    // "nnt", not "tracuun" in three syllables and "nt" nor "…nn" and "t"; at a tie the shorter tail ("hoang" and "nv").
    let fewest: string[] | null = null;
    for (let cut = 1; cut <= 4 && cut < word.length; cut++) {
      const tail = word.slice(-cut);
      const rest = word.slice(0, -cut);
      const head = /^[bcdfghjklmnpqrstvwxz]+$/u.test(tail) && /[aeiouy](?:c|ch|m|n|ng|nh|p|t)?$/u.test(rest) ? splitAsciiWord(rest, lookup, isAddressSyllable) : null;
      if (head && (!fewest || head.length < fewest.length - 1)) fewest = [...head, spellLetters(tail)];
    }
    pieces = fewest;
    if (!pieces && word.length <= 4) return spellLetters(word);
  }
  // Initials no syllable can read ("dtt", "vpdpntm") are spelled.
  if (!pieces) return /[aeiouy]/.test(word) ? word : spellLetters(word);
  // A syllable left alone takes its tone from a word of the sentence or of addresses ("xa" → "xã"), never a longer phrase ("thuy" is no "thú y").
  return pieces
    .map((p) => {
      if (!/^[a-z]+$/.test(p)) return p;
      const word = lookup(p);
      return word !== undefined && !word.includes(' ') ? word : addressSyllable(p);
    })
    .join(' ');
}

/** Web and e-mail addresses: "dichvucong.gov.vn" → "dịch vụ công chấm gờ o vê chấm vê en". */
function expandAddresses(text: string, ctx: Context): string {
  let lookup: AddressLookup | undefined;
  const s = text.replace(FILE_EXTENSION, (_m, ext: string) => ctx.slot(`chấm ${EXTENSIONS[ext.toLowerCase()]}`));
  return s.replace(ADDRESS, (address: string, _offset: number, all: string) => {
    lookup ??= addressLookup(all, ctx);
    // In a site's path "tin-tuc" is one slug of words ("tin tức"); a short link is typed as heard, hyphens and all.
    const bare = address.replace(/^https?:\/\//i, '').replace(/\/$/, '').toLowerCase();
    const slash = bare.indexOf('/');
    const short = SHORT_LINK.test(bare);
    const unslugged = slash < 0 || short ? bare : bare.slice(0, slash) + bare.slice(slash).replace(/(?<=[a-z])-(?=[a-z])/g, '');
    // "bit.ly/3xKz9Qa", "forms.gle/Ab12cD34": a short link's id of letters and digits mixed is no word, said character by character.
    const id = short ? /\/([A-Za-z\d]{4,16})\/?$/u.exec(address)?.[1] : undefined;
    // "bit.ly/tiemchung2025" keeps its words; "3xKz9Qa", "dkhoc2025" (no syllables) are spelled.
    const wordy = (run: string) => lookup!(run) !== undefined || (run.length >= 2 && splitAsciiWord(run, lookup!, isAddressSyllable) !== null && /[aeiouy]/u.test(run));
    const random =
      id !== undefined &&
      ((/[a-z]/u.test(id) && /[A-Z]/u.test(id)) || (/\d/u.test(id) && /[a-z]/iu.test(id) && !(id.match(/[a-z]+/giu) ?? []).every((run) => wordy(run.toLowerCase()))));
    const head = random ? unslugged.slice(0, unslugged.length - id!.length) : unslugged;
    const parts = head.match(/[a-z]+|\d+|[^a-z\d]/g)!;
    // "daugiaso5.vn", "thongbaoso12": "so" before the digits is the number's "số", as in a hashtag, no department (sở).
    const words = parts.map((p, i) => {
      if (ADDRESS_PARTS[p] !== undefined) return ADDRESS_PARTS[p];
      if (/^\d+$/.test(p)) return readDigits(p);
      if (!/^[a-z]+$/.test(p)) return p;
      const read = readAsciiWord(p, lookup!);
      return /^\d/.test(parts[i + 1] ?? '') ? read.replace(/(?<=^|\s)sở$/u, 'số') : read;
    });
    if (random) words.push(...[...id!.toLowerCase()].map((c) => (/\d/u.test(c) ? readDigits(c) : letterName(c))));
    return ctx.slot(words.join(' '));
  });
}

const HASHTAG = /(?<![\p{L}\p{N}&])#(\p{L}[\p{L}\p{N}_]*)/gu;

/** "#ChínhQuyềnThânThiện" → "hát tác Chính Quyền Thân Thiện": the words are read on by the later passes. */
function expandHashtags(text: string, ctx: Context): string {
  let lookup: AddressLookup | undefined;
  return text.replace(HASHTAG, (hashtag: string, tag: string, offset: number, all: string) => {
    lookup ??= addressLookup(all, ctx);
    // "#ChinhQuyenThanThien": words without their marks, each capitalised, are one run to put the marks back on.
    const camel = /^((?:[A-Z][a-z]+){2,})(\d*)$/u.exec(tag);
    // "#BaoSo5", "#ThonSo3": "So" before the digits is the number's "số".
    const numbered = camel && camel[2] && /.(So)$/u.test(camel[1]!) ? camel[1]!.slice(0, -2) : undefined;
    // "#TYTHoaPhong", "#UBNDXaKimLien": an abbreviation of the table before the capitalised words, said as itself.
    const headed = camel ? null : /^(\p{Lu}{2,6})((?:[A-Z][a-z]+)+)(\d*)$/u.exec(tag);
    const head = headed && ctx.lexicon.abbreviations.has(headed[1]!) ? headed : null;
    const words = head
      ? [head[1]!, readAsciiWord(head[2]!.toLowerCase(), lookup), head[3]!]
      : camel
      ? numbered !== undefined
        ? [readAsciiWord(numbered.toLowerCase(), lookup), 'số', camel[2]!]
        : [readAsciiWord(camel[1]!.toLowerCase(), lookup), camel[2]!]
      : tag
      .replace(/_/g, ' ')
      .replace(/(?<=\p{Ll})(?=\p{Lu})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/gu, ' ')
      .split(' ')
      .filter(Boolean)
      .map((w) =>
        /^[a-z]+$/.test(w) && !isVietnameseSyllable(w)
          ? readAsciiWord(w, lookup!)
          : // "#họpthôn": marked syllables typed together, split back into words.
            hasDiacritics(w) && !isVietnameseSyllable(w.toLowerCase())
            ? (splitMarkedWord(w.toLowerCase())?.join(' ') ?? w)
            : w,
      );
    // "kèm hashtag #…" already said the word.
    const said = /hashtag\s*$/iu.test(textBefore(all, offset));
    // "#bão_số_3 #PCTT": tags in a row are said one after the other, with a pause.
    const another = /^\s+#\p{L}/u.test(all.slice(offset + hashtag.length));
    return `${said ? '' : ctx.slot('hát tác')} ${words.join(' ')}${another ? ',' : ''}`;
  });
}

const DOTTED_WEEKDAY = /(?<![\p{L}\p{N}])T\.([2-7])(?![\p{L}\p{N}]|[.,/]\d)/gu;
/** "T7+CN", "T2+T4+T6": weekdays joined by plus signs, listed ("thứ hai, thứ tư và thứ sáu"). */
const WEEKDAY_DAY = '(?:t[2-7]|cn|thứ\\s?[2-7]|chủ nhật)';
const WEEKDAY_PLUS = new RegExp(`(?<=(?<![\\p{L}\\p{N}])${WEEKDAY_DAY}\\s?)\\+(?=(\\s?${WEEKDAY_DAY}(?![\\p{L}\\p{N}])\\s?\\+?))`, 'giu');

/** Loanwords and abbreviations with punctuation ("TP.", "GD&ĐT", "COVID-19"). */
function expandTerms(text: string, ctx: Context): string {
  const { punctuatedTerms, pronunciationTerms, abbreviations, pronunciations } = ctx.lexicon;
  let s = text;
  if (punctuatedTerms) s = punctuatedTerms(s, (term) => ctx.slot(abbreviations.get(term)!));
  if (pronunciationTerms) {
    s = pronunciationTerms(s, (term, start, all) =>
      isAcronymPart(term, start, all) ? term : ctx.slot(pronunciations.get(term.toLowerCase())!),
    );
  }
  return s;
}

/** "Cty CP TV&XD", "TV-TK": initials (two or three capitals; "EPS-TOPIK" is a word) joined by "&" or "-" to other capitals are one acronym's part, no loanword ("ti vi"). */
function isAcronymPart(term: string, start: number, all: string): boolean {
  if (!/^\p{Lu}{2,3}$/u.test(term)) return false;
  return /^[&-]\p{Lu}{2}/u.test(all.slice(start + term.length)) || /\p{Lu}{2}[&-]$/u.test(all.slice(0, start));
}

const ROMAN_CONTEXT = new RegExp(
  `${WORD_START}(chương|phần|mục|quý|cấp độ|mức độ|cấp|bậc|khóa|khoá|kỳ|đợt|lần|giai đoạn|phụ lục|tập|hạng|loại|nhóm|vùng|khu vực|thế kỷ|đại hội|báo động|thứ)\\s+([IVXLC]+|\\d)((?<=[IVXLC])[a-e](?!\\p{L}))?(?:\\s*\\/\\s*(\\d{4}))?((?:\\.\\d{1,2})*)(?![.,]?\\d)${WORD_END}(\\s*[-–]\\s*([IVX]{1,4})(?![\\p{L}\\p{N}]))?`,
  'giu',
);

/** A numeral of two or more of I, V, X standing alone ("Huân chương hạng II", "khóa XV") is a number wherever it stands. */
const BARE_ROMAN = new RegExp(`${WORD_START}(X{0,3}(?:IX|IV|V?I{0,3}))${WORD_END}(?![.\\-/]\\p{L})`, 'gu');

/** "chương II", "cấp IV", "lần thứ XIII", "quý I/2025", "quý 1/2025", "phụ lục IIa". */
function expandRomanNumerals(text: string, ctx: Context): string {
  return expandBareRomans(expandContextRomans(text, ctx), ctx);
}

/** "VI PHẠM", "VI KHUẨN", "XI MĂNG" in a notice typed in capitals: a syllable, not a numeral, before another word. */
const SYLLABLE_BEFORE_WORD = /^\s+\p{Lu}{2,}(?![\p{N}])/u;

function expandBareRomans(text: string, ctx: Context): string {
  // "HÀNH VI", "XI MĂNG" in a notice typed in capitals are words; a numeral there has its word before it ("KHÓA XI").
  const capsHeading = /\b(?:VI|XI)\b/u.test(text) && isCapsHeading(text, ctx);
  return text.replace(BARE_ROMAN, (match: string, _numeral: string, offset: number, all: string) => {
    if ((match === 'VI' || match === 'XI') && (capsHeading || (SYLLABLE_BEFORE_WORD.test(all.slice(offset + 2)) && isVietnameseSyllable(/^\s+(\p{Lu}+)/u.exec(all.slice(offset + 2))![1].toLowerCase())))) return match;
    const value = match.length >= 2 && !ctx.lexicon.abbreviations.has(match) ? parseRoman(match) : null;
    return value === null ? match : ctx.slot(readInteger(value), 'number');
  });
}

/** "quý 3-4/2026", "Quý III - IV/2026", "quý III, IV/2026": two quarters, each named as a month's span names both months. */
const QUARTER_SPAN = /(?<![\p{L}])([Qq]uý|QUÝ)\s+(IV|I{1,3}|[1-4])(\s*(?:[-–]|,|và)\s*)(IV|I{1,3}|[1-4])(?:\s*\/\s*((?:19|20)\d{2}))?(?![\p{L}\p{N}]|[.,/]\d)/gu;

function quarterValue(numeral: string): number {
  return /^\d$/u.test(numeral) ? Number(numeral) : parseRoman(numeral)!;
}

function expandContextRomans(text: string, ctx: Context): string {
  const spans = text.replace(QUARTER_SPAN, (match, word: string, a: string, sep: string, b: string, year: string | undefined) => {
    const first = quarterValue(a);
    const second = quarterValue(b);
    const dash = /[-–]/u.test(sep);
    if (second <= first || (!dash && year === undefined)) return match;
    const joint = dash ? ' đến' : sep.includes('và') ? ' và' : ',';
    return ctx.slot(`${word.toLowerCase()} ${readInteger(first)}${joint} quý ${readInteger(second)}${year ? ` năm ${readInteger(year)}` : ''}`, 'number');
  });
  return spans.replace(ROMAN_CONTEXT, (whole, word: string, numeral: string, sub: string | undefined, year: string | undefined, parts: string, tail: string | undefined, upper: string | undefined) => {
    // "cấp IV–V", "cấp IV - V": a band up to a numeral standing alone (a lone V is no numeral elsewhere).
    const upperValue = upper === undefined ? null : parseRoman(upper);
    // The sub-letter follows an upper-case numeral in lower case ("IIa"); "CCCD", "khóa xe" are words.
    if (sub !== undefined && (sub !== sub.toLowerCase() || numeral !== numeral.toUpperCase())) return whole;
    const rest = tail ?? '';
    const isDigit = /^\d$/.test(numeral);
    // Arabic digits only need this pass for "quý 1/2025", "đợt 2/2025"; the rest is read later.
    if (isDigit && !(/^(?:quý|đợt|lần|kỳ|giai đoạn)$/iu.test(word) && year !== undefined) && !/^quý$/iu.test(word)) return whole;
    // "lái xe hạng C", "nhóm D": a lone C, L, D or M is a class's letter, no hundred or fifty.
    if (!isDigit && /^[LCDM]$/iu.test(numeral)) return whole;
    // "học kỳ ii", "quý iv/2025", "khóa xv": typed in lower case on a phone; a lone lower-case letter only after a word that
    // numbers nothing else ("quý i", "cấp v").
    // "cấp vi chất", "xi măng" stay words.
    const lowerNumeral = numeral !== numeral.toUpperCase();
    if (lowerNumeral && (isVietnameseSyllable(numeral) || (numeral.length === 1 && !/^(?:quý|cấp|khóa|khoá|kỳ)$/iu.test(word)))) return whole;
    const value = isDigit ? Number(numeral) : parseRoman(numeral.toUpperCase());
    if (value === null) return whole;
    let words = `${word} ${/^thứ$/iu.test(word) ? readOrdinal(value) : readInteger(value)}`;
    // "Phụ lục IIa", "Mục Ib": a heading inserted after another keeps its letter.
    if (sub !== undefined) words += ` ${acronymLetterName(sub)}`;
    if (year !== undefined) words += ` năm ${readInteger(year)}`;
    // "Mục III.2", "Phần II.1.3": the numbered parts under a Roman heading.
    if (parts) words += parts.split('.').filter(Boolean).map((p) => ` chấm ${readInteger(p)}`).join('');
    const band = !isDigit && !parts && year === undefined && upperValue !== null && upperValue > value;
    return band ? ctx.slot(`${words} đến ${readInteger(upperValue)}`, 'number') : ctx.slot(words, 'number') + rest;
  });
}

/**
 * "18 562 người", "125 500 000 đồng", "12 345 m²": thousands grouped with a
 * space (or a narrow space) are one number. Telephone and account numbers
 * have been read by then; a group of another size ("845 123 4567"), a number
 * right after another ("0239 3 855 114") or after a word that names things by
 * number ("thôn 3 120 hộ") keeps its parts apart.
 */
const SPACED_THOUSANDS = /(?<![\p{L}\p{N}.,]|\d[ .,]\s?)([1-9]\d{0,2})((?:[ \u202f]\d{3})+)(?=(?:,\d+)?(?![\p{N}]|[ \u202f.]\d))/gu;
const NAMED_BY_NUMBER_BEFORE =
  /(?<!\p{L})(?:thôn|tổ|xóm|ấp|bản|khu|khu phố|đội|ngày|tháng|năm|quý|lớp|khóa|khoá|kỳ|lần|thứ|số nhà|điều|khoản|mục|chương|phòng|tầng|lô|thửa|tờ|cấp|mức|đợt|tuyến|ngõ|ngách|hẻm|kiệt|km|ki lô mét|QL|ĐT|TL|tập|trang|câu|hạng)\s*$/iu;

/**
 * Thousands grouped with commas the English way: "1,500,000đ", "25,000 đồng". Two groups or more, ",000", or a group
 * before money cannot be a decimal comma; nor one before people or things counted whole ("1,250 hộ").
 */
const COUNTED_WHOLE = '(?:hộ|người|khẩu|nhân khẩu|cháu|trẻ|học sinh|lượt|trường hợp|đoàn viên|hội viên|đảng viên|cử tri|lao động|hồ sơ|xe|chiếc|con|cây|căn|suất|phần quà|liều|mũi|thẻ|lá phiếu|phiếu)';
const COMMA_THOUSANDS = new RegExp(
  `(?<![\\p{N}.,])([1-9]\\d{0,2})((?:,\\d{3}){2,}|,000|,\\d{3}(?=\\s*(?:(?:đ|đồng|VNĐ|VND|vnđ|USD)(?!\\p{L})|\\s${COUNTED_WHOLE}(?!\\p{L}))))(?![\\p{N}]|[.,]\\d)`,
  'gu',
);

function joinSpacedThousands(text: string): string {
  return text
    .replace(COMMA_THOUSANDS, (_m, head: string, groups: string) => `${head}${groups.replace(/,/g, '.')}`)
    .replace(SPACED_THOUSANDS, (match, head: string, groups: string, offset: number, all: string) =>
      NAMED_BY_NUMBER_BEFORE.test(textBefore(all, offset, 30)) ? match : `${head}${groups.replace(/[ \u202f]/g, '.')}`,
    );
}

/** After an abbreviation's dot too: "KP.2", "TDP.5" ("1.5" and ",5" are parts of numbers read before). */
const NUMBER = /(?:(?<![\p{N}.,])|(?<=\p{L}\.))\d+(?:[.,]\d+)*/gu;

/** A scale or a unit written as a word: "1.5 triệu", "1.5 tấn", "1.5 lần", "38.5 độ" were typed with a dot for the decimal comma. */
const SCALE_AFTER = /^\s*(?:triệu|tỷ|tỉ|nghìn|ngàn|vạn|tấn|tạ|yến|lít|mét|sào|mẫu|héc ta|ki lô gam|ki lô mét|cân|lần|điểm|độ)(?!\p{L})/u;

/** Numbered places and groups have no fractions: "thôn 10,11" lists two hamlets. */
const NUMBERED_PLACE_BEFORE = /(?<!\p{L})(?:thôn|xóm|tổ|ấp|(?<!(?:cơ|văn|phiên|tài|nguyên|căn|hồ sơ|sổ)\s)bản|khối|đội|khóm|khu phố|tổ dân phố|lớp|phòng)\s*$/iu;

/** "chỉ số BMI 23.5", "độ pH 6.5", an earthquake's "độ lớn M=4.0", "ML=3.8" (its "=" may be read already), "hệ số 2.34", "điểm trung bình 8.5", "dưới 6.5": a measured or compared value typed with a dot is a decimal, no section. */
const MEASURE_VALUE_BEFORE =
  /(?<!\p{L})(?:chỉ số(?:\s+\p{L}{2,5})?|hệ số(?:\s+lương)?|(?:độ\s+)?pH|BMI|độ lớn(?:\s*\(?M[LSWBlswb]?\)?\s*[=\uE000-\uF8FF]?)?|điểm\s+(?:trung bình|bình quân|thi|tổng kết)|trung bình|bình quân|nhiệt độ|thân nhiệt|nồng độ|đường huyết|dưới|trên|tối thiểu|tối đa|không quá|ít nhất)\s*:?\s*(?:là\s+|đạt\s+|từ\s+)?$/iu;

/** "2 ngày 14,15", "tháng 11,12": days or months listed with a bare comma; "mỗi ngày 1,5 lít" is an amount. */
const DAY_LIST_BEFORE = /(?<!(?:mỗi|một|hằng|hàng|\/)\s*)(?<!\p{L})(ngày|tháng)\s*$/iu;
const AMOUNT_AFTER = /^(?:[\p{L}%°/]|\s*(?:kg|g|lít|l|ml|mg|viên|gói|liều|lần|giờ|tiếng|triệu|tỷ|nghìn|ngàn|phần trăm)(?!\p{L}))/u;
function isDayList(n: string, offset: number, all: string): boolean {
  const parts = /^(\d{1,2}),(\d{1,2})$/u.exec(n);
  const unit = DAY_LIST_BEFORE.exec(textBefore(all, offset, 20))?.[1]?.toLowerCase();
  if (!parts || !unit || AMOUNT_AFTER.test(all.slice(offset + n.length))) return false;
  const [first, second] = [Number(parts[1]), Number(parts[2])];
  return first >= 1 && second === first + 1 && second <= (unit === 'ngày' ? 31 : 12);
}

const DURATION_AFTER = /^\s*(?:tháng|giờ|tiếng|ngày|năm|buổi|tuần)(?!\p{L})/u;

/** "14.851 độ vĩ Bắc", "108.276 độ kinh Đông": a position's degrees, named by the words after them. */
const POSITION_DEGREES_AFTER = /^\s*độ\s+(?:vĩ|kinh)?\s*(?:bắc|nam|đông|tây)(?!\p{L})/iu;

function expandNumbers(text: string, ctx: Context): string {
  return text.replace(NUMBER, (n, offset: number, all: string) => {
    if (POSITION_DEGREES_AFTER.test(textAfter(all, offset + n.length, 20))) return ctx.slot(readDegrees(n), 'number');
    if (/^\d{1,3}\.\d{1,2}$/u.test(n) && MEASURE_VALUE_BEFORE.test(textBefore(all, offset, 30))) return ctx.slot(readQuantity(n), 'number');
    // "kéo dài 1.5 tháng", "trong 2.5 giờ": a length of time with half of its unit, no section ("mục 1.5").
    if (/^\d{1,2}\.\d{1,2}$/u.test(n) && DURATION_AFTER.test(textAfter(all, offset + n.length, 12)) && !SECTION_BEFORE.test(textBefore(all, offset, 30))) {
      return ctx.slot(readQuantity(n), 'number');
    }
    // "lương cơ bản 6,5 triệu": a decimal before its scale or unit, whatever word stands before it.
    if (/^\d{1,3}(?:,[1-9]\d{0,2})+$/u.test(n) && NUMBERED_PLACE_BEFORE.test(textBefore(all, offset, 20)) && !SCALE_AFTER.test(textAfter(all, offset + n.length, 12)) && !/^\s*(?:phân|li|ly|tấc|thước|độ|phần trăm)(?!\p{L})/u.test(textAfter(all, offset + n.length, 12))) {
      return ctx.slot(n.split(',').map((part) => readInteger(part)).join(', '), 'number');
    }
    // "gió cấp 10,11", "giật cấp 12,13": a wind's (or a risk's) levels are whole, so a comma between two lists them.
    if (/^\d{1,2},[1-9]\d?$/u.test(n) && /(?<!\p{L})cấp\s*$/iu.test(textBefore(all, offset, 10)) && n.split(',').every((part) => +part <= 17) &&
      !SCALE_AFTER.test(textAfter(all, offset + n.length, 12)) && !/^\s*(?:đồng|phần|suất|người|hộ|xuất)(?!\p{L})/u.test(textAfter(all, offset + n.length, 12))) {
      return ctx.slot(n.split(',').map((part) => readInteger(part)).join(', '), 'number');
    }
    if (isDayList(n, offset, all)) return ctx.slot(n.split(',').map((part) => readInteger(part)).join(', '), 'number');
    // "căn 12.05", "phòng 3.02": a flat's floor and its number, the zero said.
    const flat = /^(\d{1,2})\.(0\d)$/u.exec(n);
    if (flat && /(?<!\p{L})(?:căn hộ|căn|phòng)\s*(?:số\s*)?$/iu.test(textBefore(all, offset, 20))) {
      return ctx.slot(`${readInteger(flat[1]!)} chấm ${readDigits(flat[2]!)}`, 'number');
    }
    // "LK01", "LK-05", "B12-05", "NK7328": a code's number with a leading zero, or of four digits or more, is said digit by digit.
    const before = all.slice(Math.max(0, offset - 7), offset);
    // A pipe's, a culvert's or a bored pile's diameter "cống tròn D1000", "cọc khoan nhồi D1000" is a size, "dê một nghìn".
    const diameter = /(?<![\p{L}\p{N}])D$/u.test(before) && /(?<!\p{L})(?:ống|cống|cọc)(?!\p{L})[^,;.]{0,30}$/iu.test(textBefore(all, offset, 40));
    if (!diameter && ((/^0\d+$/u.test(n) && /\p{Lu}(?:\d{1,4})?-?$/u.test(before)) || (/^\d{4,}$/u.test(n) && /\p{Lu}$/u.test(before)))) return ctx.slot(readDigits(n), 'number');
    return ctx.slot(SCALE_AFTER.test(textAfter(all, offset + n.length, 12)) ? readQuantity(n) : readNumberToken(n), 'number');
  });
}

const PLUS = new RegExp(`(?<=${SLOT}|\\p{L})\\s+\\+\\s*(?=${SLOT})`, 'gu');

/** "nộp hồ sơ + tiền đặt trước", "200.000đ + giấy chứng nhận", "Bo + Canxi": a spaced plus between words or what was read joins them as "cộng" too. */
/** So after a bracket: "bìa đỏ (GCN) + CCCD photo". */
const WORD_PLUS = new RegExp(`(?<=\\p{L}|${SLOT}|\\))\\s+\\+\\s+(?=\\p{L}|${SLOT})`, 'gu');

/** "Tổ 5 + Tổ 6", "thôn 1 + 2": numbered places put together are named one and the other, "và". */
const PLACE_PLUS = new RegExp(
  `(?<=(?<!\\p{L})(?:thôn|xóm|tổ|ấp|bản|khu|khối|đội|khóm|khu phố|tổ dân phố|lô|thửa|phòng|lớp)\\s*${SLOT}(?:\\s*\\p{Lu}(?!\\p{L}))?)\\s*\\+\\s*(?=(?:thôn|xóm|tổ|ấp|bản|khu|khối|đội|khóm|khu phố|tổ dân phố|lô|thửa|phòng|lớp)\\s|${SLOT})`,
  'giu',
);

/**
 * "NPK 20-20-15+TE", "16-16-8+13S": a grade and the trace elements or the sulphur (a number and its element) added to
 * it; "đất ONT+CLN": two kinds of land on one plot.
 */
const GLUED_PLUS = new RegExp(`(?<=${SLOT})\\+(?=\\p{Lu}|${SLOT})`, 'gu');

/**
 * "Hồ sơ gồm: + Đơn đề nghị + Bản photo CCCD + Sổ hộ khẩu": a list pasted onto one line keeps its bullets; once a plus
 * opens it after a colon, a plus before a capital (or a word read in its place) marks the next item, a pause.
 */
const PLUS_LIST_OPENING = /[:;]\s*\+\s/u;
const PLUS_BULLET = new RegExp(`\\s+\\+\\s+(?=\\p{Lu}|(${SLOT}))`, 'gu');

/** "5 kg urê + 3 kg kali": the sign between two amounts is "cộng". */
function expandPlus(text: string, ctx: Context): string {
  const listed = PLUS_LIST_OPENING.test(text) ? text.replace(PLUS_BULLET, (match, slot: string | undefined) => (slot === undefined || ctx.kindOf(slot) === 'text' ? ', ' : match)) : text;
  return listed.replace(PLACE_PLUS, ' và ').replace(GLUED_PLUS, ' cộng ').replace(WORD_PLUS, ' cộng ').replace(PLUS, (match, offset: number, all: string) => {
    const next = all[offset + match.length];
    // "ONT + CLN": two named things read by earlier passes are added too.
    const bothRead = SLOT_CHAR.test(all[offset - 1] ?? '') && /\s$/u.test(match);
    return ctx.kindOf(next) === 'number' || bothRead ? ' cộng ' : match;
  });
}

const RANGE = new RegExp(`(${SLOT})\\s*[-–—]\\s*(${SLOT})`, 'gu');
/** A school year or a crop season spans two calendar years but is one period: "năm học 2025-2026", "vụ Đông Xuân 2025-2026". */
/** Also "năm học mới 2025-2026". */
const SCHOOL_YEAR_BEFORE = /(?:năm học(?:\s+mới)?|niên khóa|niên khoá|niên học|niên vụ|vụ(?:\s+(?:đông|xuân|hè|thu|mùa|chiêm|lúa))+|(?<!\p{L})(?:đông xuân|thu đông))\s*$/iu;

const CLASS_RANGE = new RegExp(`(?<=(?:^|[^\\p{L}])(?:[Ll]ớp|[Cc]ác lớp|LỚP)\\s+)(${SLOT})([A-Z])(${SLOT})?\\s*[-–]\\s*(${SLOT})([A-Z])(${SLOT})?(?![\\p{L}\\p{N}])`, 'gu');
const SLASHED_YEARS = new RegExp(`(${SLOT})\\s*\\/\\s*(${SLOT})`, 'gu');
const YEAR_SPOKEN = /^(?:hai nghìn không trăm|một nghìn chín trăm)(?: |$)/u;

/** A number naming a place or a substation: "ấp 2", "TBA Bình Mỹ 3" (a range only after "từ"). */
const NAME_NUMBER_BEFORE = /(?:(?<!\p{L})(?:thôn|xóm|ấp|bản|khóm|khu phố|tổ dân phố)|(?:TBA|trạm biến áp)(?:\s+(?!từ\s)\S+){1,4})\s*$/iu;
/** A number that names a plot, a map sheet or a place ("thửa 125", "tờ 12", "thôn 3"), no quantity ("mỗi lô 150 - 200m²"). */
const ID_NUMBER_BEFORE = /(?<!\p{L})(?<!(?:mỗi|từng|các|những|một|mọi)\s+)(?:thửa(?:\s+đất)?|tờ(?:\s+bản\s+đồ)?|thôn|xóm|tổ|ấp|khóm|khu phố|lô|số nhà|nhà số)(?:\s+số)?\s*$/iu;
const LINKED_PLACES_BEFORE = /(?<!\p{L})liên\s+(?:thôn|xóm|xã|tổ|ấp|bản|khu|khối|đội)\s*$/iu;
/** "mã 42-123", "mã KCB 42-123", "mã số 12-345": a code's parts joined by a dash, no range. */
const CODE_WORD_BEFORE = /(?<!\p{L})(?:mã|số hiệu|ký hiệu)(?:\s+(?!từ|đến)\S+){0,2}\s*:?\s*$/iu;

const QUANTITY_WORDS = new Set('không một hai ba bốn năm sáu bảy tám chín mười mươi mốt tư lăm linh lẻ trăm nghìn ngàn triệu tỷ phẩy'.split(' '));

/** The unit a spoken quantity ends with ("ki lô vôn am pe"), or "" for a bare number, a time or a date. */
function unitOf(spoken: string): string {
  const words = spoken.split(' ');
  let i = words.length;
  while (i > 0 && !QUANTITY_WORDS.has(words[i - 1])) i--;
  const unit = words.slice(i).join(' ');
  return i === 0 || /^(?:giờ|phút|giây|tháng|năm|ngày)(?: |$)/u.test(unit) ? '' : unit;
}

/** "mi li gam" and "gam", "xăng ti mét" and "mét": one measure by its prefix ("500mg-1g" is a range of doses). */
function baseUnit(unit: string): string {
  return unit.replace(/^(?:mi li|xăng ti|ki lô|đề xi|mi crô) /u, '');
}

/** "2026-2030", "7h30 - 11h", "60-70 km/h": a dash between quantities is "đến". */
function expandRanges(text: string, ctx: Context): string {
  // "từ 8h ngày 10/12 → 17h ngày 12/12": an arrow after a quantity or a date leads to the end of the range.
  const arrowed = listRoutes(text)
    .replace(ARROW, (match, a: string) => (ctx.kindOf(a) === 'number' ? `${a} đến ` : match))
    .replace(ARROW_TO_WORD, MENU_STEP.test(text) ? ', ' : ' đến ');
  // "ống D90 - D160", "từ lô A1 - A12": the same letters before both numbers, a spaced dash between, make a range too.
  const coded = arrowed.replace(CODED_RANGE, (match, letters: string, a: string, b: string) =>
    ctx.kindOf(a) === 'number' && ctx.kindOf(b) === 'number' ? `${letters}${a} đến ${letters}${b}` : match,
  );
  // "lớp 10A1 - 10A5", "các lớp 6A - 6D": class names, a grade, its letter and a number, from one to another.
  const classes = coded.replace(CLASS_RANGE, (match, a: string, la: string, na: string | undefined, b: string, lb: string, nb: string | undefined) =>
    ctx.kindOf(a) === 'number' && ctx.kindOf(b) === 'number' && (na === undefined) === (nb === undefined) ? `${a}${la}${na ?? ''} đến ${b}${lb}${nb ?? ''}` : match,
  );
  // "năm học 2025/2026", "niên vụ 2025/2026": two years of one school year or season written with a slash, said as with a dash.
  const slashedYears = classes.replace(SLASHED_YEARS, (match, a: string, b: string, offset: number, all: string) =>
    YEAR_SPOKEN.test(ctx.spokenOf(a) ?? '') && YEAR_SPOKEN.test(ctx.spokenOf(b) ?? '') && SCHOOL_YEAR_BEFORE.test(textBefore(all, offset)) ? `${a}, ${b}` : match,
  );
  const s = slashedYears.replace(RANGE, (match, a: string, b: string, offset: number, all: string) => {
    if (ctx.kindOf(a) !== 'number' || ctx.kindOf(b) !== 'number') return match;
    // "Lô B12-05": numbers inside a code glued to its letters are no range.
    if (/\p{L}$/u.test(all.slice(Math.max(0, offset - 1), offset))) return match;
    // "160kVA - 22/0,4kV": a transformer's power, then its voltages; quantities of two kinds are two facts, no range.
    const unitA = unitOf(ctx.spokenOf(a) ?? '');
    const unitB = unitOf(ctx.spokenOf(b) ?? '');
    // "13°-16°C": a bare degree before degrees Celsius is the same unit; "5mm - 2cm" are lengths both.
    const sameUnit = baseUnit(unitB) === baseUnit(unitA) || (unitA === 'độ' && /^độ\s/u.test(unitB)) || (unitB === 'độ' && /^độ\s/u.test(unitA));
    if (unitA && ((unitB && !sameUnit) || (!unitB && new RegExp(`^\\/(?:\\d|${SLOT})`, 'u').test(all.slice(offset + match.length))))) return `${a}, ${b}`;
    // "năm học 2025-2026" names one school year, "đường liên thôn 3 - 4" the two hamlets it joins: a pause, no "đến".
    const before = textBefore(all, offset);
    // "TBA 3P Ấp 2 - 250kVA": a hamlet's or a substation's number, then a measured quantity, is a name and its size.
    if (!unitA && unitB && NAME_NUMBER_BEFORE.test(before)) return `${a}, ${b}`;
    // "thửa 125, tờ 12 - 150,5m2": a row of a table pasted with spaced dashes; a plot's or a place's number, then an area
    // or a sum, are two cells, no range.
    if (!unitA && unitB && /\s[-–]\s/u.test(match) && ID_NUMBER_BEFORE.test(before)) return `${a}, ${b}`;
    // "mã quyền lợi 1-5": two numbers of a word each after a code's word are a range of codes, no code's parts.
    const codeParts = CODE_WORD_BEFORE.test(before) && !(/^\S+$/u.test(ctx.spokenOf(a) ?? '') && /^\S+$/u.test(ctx.spokenOf(b) ?? ''));
    return SCHOOL_YEAR_BEFORE.test(before) || LINKED_PLACES_BEFORE.test(before) || codeParts ? `${a}, ${b}` : `${a} đến ${b}`;
  });
  // "15.000đ/kg - 20.000đ/kg": the same "per" after both amounts.
  const perRanges = s.replace(PER_RANGE, (match, a: string, per: string, b: string) =>
    ctx.kindOf(a) === 'number' && ctx.kindOf(b) === 'number' ? `${a}${per} đến ${b}${per}` : match,
  );
  // "từ mùng 1 - mùng 5 Tết", "lớp 1 - lớp 5": the same word before both numbers makes a range too;
  // between places ("thôn 6 - thôn 7") it joins two of them, unless "từ" opens it ("từ thôn 1 - thôn 3").
  // "trẻ từ 6 tháng - 5 tuổi": two ages or spans of time, each with its word, are a range too.
  const spans = perRanges.replace(SPAN_RANGE, (match, a: string, unit: string, b: string) =>
    ctx.kindOf(a) === 'number' && ctx.kindOf(b) === 'number' ? `${a} ${unit} đến ${b}` : match,
  );
  // "từ lô A1 - lô A12": a lot's code, the same letters before both numbers.
  return spans.replace(WORD_RANGE, (match, word: string, codeA: string, a: string, word2: string, codeB: string, b: string, offset: number, all: string) => {
    if (word.toLowerCase() !== word2.toLowerCase() || codeA !== codeB) return match;
    if (PLACE_WORDS.test(word) && !/(?<!\p{L})từ\s*$/iu.test(textBefore(all, offset))) return match;
    if (ctx.kindOf(a) !== 'number' || ctx.kindOf(b) !== 'number') return match;
    return `${word} ${codeA}${a} đến ${word2} ${codeB}${b}`;
  });
}

/** Arrows as keyboards and emoji pickers type them: "→", "➝", "➜", "->"; the emoji "➡️" only between numbers (before words it leads to what follows). */
const ARROW_SIGN = '(?:→|⟶|➝|➞|➔|➜|➙|➛|->)';
const ARROW = new RegExp(`(${SLOT})\\s*(?:${ARROW_SIGN}|➡️?|=>)\\s*(?=${SLOT})`, 'gu');
/** "đi theo QL8 → QL15 → QL1": a route through several places, one clause with two arrows or more, is listed with pauses. */
const ROUTE_ARROW = new RegExp(`\\s*${ARROW_SIGN}\\s*`, 'gu');
/**
 * "vào mục Tiện ích > Thông báo lưu trú > chọn cơ sở lưu trú > Gửi": a path through an app's menus typed with ">" between
 * words, each step a pause (two steps or more in a clause, or one after "mục", "menu", "chọn", "vào"); "> 38°C" is read
 * before as a sign, and a lone "thu > chi" stays.
 */
// Each step may sit in quotes of any kind, the straight ones a phone types too: "vào mục 'Thủ tục hành chính' > 'Thông báo lưu trú'".
const MENU_SIGN = /(?<=[\p{L}"”’')\uE000-\uF8FF])\s*>\s*(?=["“‘'(]?[\p{L}\uE000-\uF8FF])/gu;
const MENU_WORD = /(?<!\p{L})(?:mục|menu|chọn|bấm|nhấn|vào|ứng dụng|app|cài đặt)(?!\p{L})/iu;
function listRoutes(text: string): string {
  return text.replace(/[^,.;:!?]+/gu, (clause) => {
    const routed = (clause.match(ROUTE_ARROW)?.length ?? 0) >= 2 ? clause.replace(ROUTE_ARROW, ', ') : clause;
    const steps = routed.match(MENU_SIGN)?.length ?? 0;
    return steps >= 2 || (steps === 1 && MENU_WORD.test(routed)) ? routed.replace(MENU_SIGN, ', ') : routed;
  });
}
/**
 * "thôn 3 → thôn 5", "Hà Tĩnh -> Vinh": an arrow to a word is the way from one to the other, "đến". Before a word no
 * "đến" can take ("cầu Bến Thủy -> đi đường tránh", "lũ lên -> không qua ngầm") it leads to what follows, a pause.
 */
const ARROW_TO_WORD = new RegExp(`(?<=\\p{L}|${SLOT})\\s*${ARROW_SIGN}\\s*(?=\\p{L})(?!(?:đi|về|rẽ|quẹo|chạy|qua|sang|lên|xuống|ra|vào|tới|đến|theo|quay|thì|nên|phải|cần|sẽ|được|đc|không|ko|k|chưa|cấm|bà con|mọi người|mn|ai)(?!\\p{L}))`, 'giu');
/** "mở VNeID → chọn … → bấm …": arrows leading to a step on a screen chain the steps of a procedure, each a pause. */
const MENU_STEP = new RegExp(`${ARROW_SIGN}\\s*(?:chọn|bấm|nhấn|chạm|điền|nhập|mở|truy cập|đăng nhập|quét|vào mục)(?!\\p{L})`, 'iu');
/** Also typed without spaces when the letters repeat: "(LK01-LK86)". */
const CODED_RANGE = new RegExp(`(?<![\\p{L}\\p{N}])(\\p{Lu}{1,2})(${SLOT})\\s*[-–]\\s*\\1(${SLOT})`, 'gu');
const SPAN_RANGE = new RegExp(`(${SLOT})\\s+(tháng|tuổi|tuần|ngày|năm|giờ|phút)\\s+[-–]\\s+(${SLOT})(?=\\s+(?:tháng|tuổi|tuần|ngày|năm|giờ|phút)(?!\\p{L}))`, 'gu');
const PER_RANGE = new RegExp(`(${SLOT})(\\/[\\p{L}\\d²³]+)\\s*[-–]\\s*(${SLOT})\\2(?![\\p{L}\\p{N}])`, 'gu');
const WORD_RANGE = new RegExp(`(?<![\\p{L}])(\\p{L}+)\\s+(\\p{Lu}{0,2})(${SLOT})\\s+[-–]\\s+(\\p{L}+)\\s+(\\p{Lu}{0,2})(${SLOT})`, 'gu');
const PLACE_WORDS = /^(?:thôn|xóm|tổ|ấp|bản|khu|khối|xã|phường|huyện|tỉnh|đội|làng|khóm|số|nhà|trạm|điểm|cầu|cống|kênh|lô|thửa|ô|dãy|căn|kiốt|tờ)$/iu;

const PARENTHESIZED_NUMBERED = /\(\s*(\p{Lu}{1,4})\s?(\d{1,3})\s*\)/gu;
const PARENTHESIZED = /\(\s*(\p{Lu}[\p{L}&-]*(?:\s+\p{Lu}[\p{L}&-]*){0,2})\s*\)/gu;

/** The initials of the last `count` words: "bưu chính công ích" → "BCCI". */
function initialsBefore(text: string, count: number): string {
  const words = text.split(/[^\p{L}]+/u).filter(Boolean);
  if (words.length < count) return '';
  return stripDiacritics(words.slice(-count).map((w) => w[0]).join('')).toUpperCase();
}

/**
 * "Ủy ban nhân dân (UBND) xã" is read once: the announcer skips the "(UBND)",
 * also for an acronym the lexicon lacks when it spells the words before it
 * ("bưu chính công ích (BCCI)").
 */
function dropRepeatedAbbreviations(text: string, ctx: Context): string {
  // "vị trí 1 (VT1)", "Khang dân 18 (KD18)": a code of the initials and the number just said is said once.
  // Also spaced, after "số", of one letter: "Tổ dân phố số 10 (TDP 10)", "Thôn 3 (T3)".
  const numbered = text.replace(PARENTHESIZED_NUMBERED, (match, letters: string, n: string, offset: number, all: string) => {
    const before = textBefore(all, offset, 60);
    const said = /(?<![\p{N}.,])(?:(?<!\p{L})số\s+)?(\d{1,3})\s*$/u.exec(before);
    return said && Number(said[1]) === Number(n) && initialsBefore(before.slice(0, said.index), letters.length) === stripDiacritics(letters) ? '' : match;
  });
  return numbered.replace(PARENTHESIZED, (match, term: string, offset: number, all: string) => {
    const before = textBefore(all, offset, 200);
    const letters = stripDiacritics(term.replace(/[^\p{L}]/gu, '')).toUpperCase();
    if (letters.length >= 2 && /^\p{Lu}+$/u.test(term.replace(/[&\s-]/g, '')) && initialsBefore(before, letters.length) === letters) return '';
    const parts = term.split(/\s+/);
    const expansions = parts.map((p) => ctx.lexicon.abbreviations.get(p));
    const expansion = expansions.every(Boolean) ? expansions.join(' ') : undefined;
    if (!expansion) return match;
    const plain = stripDiacritics(before.toLowerCase()).replace(/\s+/g, ' ').trimEnd();
    // "người có công, thân nhân liệt sĩ (NCC)": said a few words before, in the same clause, it is not said again.
    const clause = plain.slice(-80).split(/[.;:]/u).pop() ?? '';
    return plain.endsWith(stripDiacritics(expansion)) || (expansion.includes(' ') && clause.includes(stripDiacritics(expansion))) ? '' : match;
  });
}

const WORD = /(?<![\p{L}\p{N}])\p{L}+(?:[-&]\p{L}+)*(?![\p{L}\p{N}])/gu;
const ALL_CAPS = /^[\p{Lu}]{2,}$/u;

/** Several upper-case Vietnamese words mark a heading: its "TU" is a word, not "tỉnh ủy". */
function isCapsHeading(text: string, ctx: Context): boolean {
  if (ctx.shouted) return true;
  const words = text.match(WORD) ?? [];
  const capsWords = words.filter(
    (w) => ALL_CAPS.test(w) && isVietnameseSyllable(w) && !ctx.lexicon.abbreviations.has(w),
  );
  // "chỉ số BI = 35, HI = 20%": two-letter indices alone make no heading; one has a longer word ("THÔNG BÁO").
  return capsWords.length >= 2 && capsWords.some((w) => w.length >= 3);
}

/**
 * A foreign name in capitals that reads as a word: storm names ("WIPHA",
 * "KAJIKI"), "UNESCO". Four letters or more, vowels at least two in five,
 * never three consonants in a row; acronyms ("UBKT", "TAND") fail this.
 */
function isPronounceableName(word: string): boolean {
  if (!/^[A-Z]{4,}$/.test(word)) return false;
  const vowels = word.match(/[AEIOUY]/g)?.length ?? 0;
  return vowels / word.length >= 0.4 && !/[^AEIOUY]{3}/.test(word) && !/([^AEIOUY])\1/.test(word);
}

function isAcronym(part: string, ctx: Context, capsHeading: boolean): boolean {
  // In a heading in capitals a known abbreviation that spells a common word ("TU", "BAN") is that word; "TYT", "HU" are no words.
  if (ctx.lexicon.abbreviations.has(part)) return !(capsHeading && isVietnameseSyllable(part) && isPlainWord(part.toLowerCase()));
  const capitals = part.match(/\p{Lu}/gu)?.length ?? 0;
  // An all-caps word that spells a Vietnamese syllable ("KHÔNG", "NAM") or a
  // foreign name ("WIPHA") is a word.
  // Two or three capitals outside a heading ("chỉ số BI", "khí CO", "vắc xin SAT") are initials even when they spell a syllable.
  if (capitals >= 2 && !capsHeading && /^[A-Z]{2,3}$/u.test(part)) return true;
  return capitals >= 2 && !isVietnameseSyllable(part) && !isPronounceableName(part);
}

const CAMEL_CASE = /^\p{Lu}\p{Ll}{2,}(?:\p{Lu}\p{Ll}+|\p{Lu}{2,})+$/u;

/**
 * Prefixes glued to a number that still say their words: roads ("TL8"), flood alarm levels, the assembly's term ("QH15"), a
 * petrol's grade ("RON92"), an address's quarter ("KP3", "TDP5", "KV2"), a vaccine's dose ("VGB0", "VNNB2").
 */
const GLUED_PREFIXES = new Set(['QL', 'ĐT', 'ĐH', 'ĐX', 'TL', 'HL', 'DT', 'BĐ', 'QH', 'UBTVQH', 'RON', 'KP', 'TDP', 'KV', 'VGB', 'VNNB']);

/**
 * "Trang TTĐT", "Ban BCH": the word before the abbreviation is already its first
 * word, said once ("trang thông tin điện tử", not "trang trang …").
 */
function withoutRepeatedHead(expansion: string, before: string): string {
  const words = expansion.split(' ');
  const said = before.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
  for (let k = Math.min(3, words.length - 1); k >= 1; k--) {
    const head = words.slice(0, k).join(' ');
    // Only a word that names a body or a page: "hành vi VPHC" is "hành vi vi phạm hành chính".
    // "Đại hội HLHTN", "Cán bộ BPMC": a head that ends another word (đại hội, cán bộ, công đoàn) is no head said already.
    const compound = k === 1 && (COMPOUND_FIRSTS[head]?.test(said[said.length - 2] ?? '') ?? false);
    if (!compound && HEAD_NOUNS.test(head) && said.length >= k && said.slice(-k).join(' ') === head && /\p{L}\s*$/u.test(before)) return words.slice(k).join(' ');
  }
  return expansion;
}
/** The syllables before a head noun that make one word with it: "đại hội", "cán bộ", "toàn bộ", "công đoàn", "bộ đội". */
const COMPOUND_FIRSTS: Record<string, RegExp> = {
  hội: /^(?:đại|quốc|xã|lễ|ngày|hiệp)$/u,
  bộ: /^(?:cán|toàn|đồng|tiến|sơ|nội)$/u,
  đoàn: /^(?:công|phái|tập)$/u,
  đội: /^bộ$/u,
};
const HEAD_NOUNS =
  /^(?:trang|cổng|ban|hội|sở|phòng|trung tâm|bộ|ủy ban|cục|chi cục|đài|trạm|bệnh viện|trường|công ty|ngân hàng|quỹ|tổ|đội|chi hội|liên đoàn|hợp tác xã|đoàn|văn phòng|viện|kho bạc|tòa án|viện kiểm sát|bảo hiểm|ủy ban nhân dân)$/u;

/** "GCN … số CS 123456", "phôi số AA 01234": after "số", unknown capitals before a spaced number are a form's series. */
/** Known capitals too ("BQ" bình quân, "CĐ" cao đẳng) after a word naming a serial, or after "số" on a land title with six digits or more. */
const SERIAL_WORD_BEFORE = /(?<!\p{L})(?:seri|sê ri|sê-ri|sêri|phát hành|phôi|vào sổ)(?:\s+số)?\s*:?\s*$/iu;
const CERTIFICATE_TALK = /(?<!\p{L})(?:GCN|giấy chứng nhận|sổ đỏ|sổ hồng|QSDĐ)(?!\p{L})/iu;
function SERIES_BEFORE(token: string, all: string, offset: number, ctx: Context): boolean {
  const before = textBefore(all, offset, 20);
  if (!ctx.lexicon.abbreviations.has(token)) return /(?<!\p{L})(?:số|seri|sê ri)\s*:?\s*$/iu.test(before);
  return SERIAL_WORD_BEFORE.test(ctx.restore(before)) ||
    (/(?<!\p{L})số\s*:?\s*$/iu.test(before) && CERTIFICATE_TALK.test(ctx.sentence) && new RegExp(`(?<!\\p{L})${token} \\d{6,8}(?!\\d)`, 'u').test(ctx.sentence));
}

// "(có tên quốc tế là FENGSHEN)", "tên quốc tế: WIPHA": the name announced as the storm's.
const STORM_NAME_BEFORE = new RegExp(`(?:(?<!\\p{L})(?:[Bb]ão|BÃO|[Ss]iêu bão|[Áá]p thấp nhiệt đới|ATNĐ|[Tt]yphoon)(?:\\s+(?:số|SỐ)\\s*(?:\\d{1,2}|${SLOT}))?\\s*[(,–-]?|(?<!\\p{L})(?:[Tt]ên|TÊN)\\s+(?:gọi\\s+)?(?:quốc tế|QUỐC TẾ)(?:\\s+(?:là|LÀ))?\\s*:?)\\s*$`, 'u');

/** A crop a little before, in the same clause: the code after it names a variety. */
const VARIETY_BEFORE = /(?<!\p{L})(?:giống|ngô|bắp|lúa|lạc|đậu tương|sắn|mía)(?!\p{L})[^.;:]{0,40}$/iu;
/** Right after the crop, or after other varieties listed: "giống lúa BC 15", "lúa TBR 225, BC 15" ("BC" is no report there). */
const VARIETY_RIGHT_BEFORE = /(?<!\p{L})(?:giống|ngô|bắp|lúa|lạc|đậu tương|sắn|mía)(?:\s+(?:lai|thuần|nếp|tẻ|lúa|ngô|lạc))*\s+(?:\p{Lu}{1,4}[\s-]?[\d\uE000-\uF8FF]+\s*(?:,|và|hoặc)\s*)*$/iu;


/** A lone "k" is "không" only where no number, code or point letter stands next to it ("25 k" is money). */
function isShorthand(token: string, offset: number, all: string, ctx: Context): boolean {
  if (token.length > 1 && !/^[kj]$/iu.test(token)) return true;
  const before = textBefore(all, offset, 30);
  const prev = before.trimEnd().slice(-1);
  const next = all.slice(offset + token.length).trimStart()[0] ?? '';
  // "đi ngày 20/12 k,", "họp lúc 8h k?": after a date or a clock time, closing the clause, k asks (không); no thousands.
  const dated = ctx.kindOf(prev) === 'number' && /(?<!\p{L})(?:tháng|giờ)(?!\p{L})/u.test(ctx.spokenOf(prev) ?? '');
  if (dated && /^(?:[,;.!?]|$)/u.test(next)) return true;
  // "sau 30p k hạ": after a measure read with its unit the k is no thousands.
  const bareNumber = ctx.kindOf(prev) === 'number' && !/(?<!\p{L})(?:phút|giờ|tiếng|ngày|tuần|tháng|năm|tuổi|độ|độ xê|gam|lít|mét)$/u.test(ctx.spokenOf(prev) ?? '');
  if (/\p{N}/u.test(prev) || bareNumber || LETTER_NAMED_BEFORE.test(before)) return false;
  // "K = 1,2 áp dụng cho đất ở": a letter given a value is the factor, no "không", opening a sentence too.
  if (next === '=' || /^(?:bằng|lớn hơn|nhỏ hơn|lớn hơn hoặc bằng|nhỏ hơn hoặc bằng)$/u.test(ctx.spokenOf(next) ?? '')) return false;
  // "ô tô càng k", "có đi k?", "ae đi đc k?": after a word, closing the clause, it is "không" as well.
  if (/^(?:[,;.!?]|$)/u.test(next) && (/\p{Ll}/u.test(prev) || SLOT_CHAR.test(prev))) return !LETTER_NAMED_BEFORE.test(ctx.restore(before));
  return /^\p{Ll}$/u.test(next) || (next !== '' && ctx.kindOf(next) !== 'number' && SLOT_CHAR.test(next));
}

/**
 * "bà con K được đốt rơm", "hộ nào K có nhu cầu": a capital K between two lower-case words is chat-style "không"; after a
 * name ("Nguyễn Văn K", "Circle K"), a word naming a letter or a code ("vitamin K", "hệ số K", "lô K") it stays a letter.
 */
function isChatK(token: string, offset: number, all: string): boolean {
  if (token !== 'K') return false;
  const before = textBefore(all, offset, 40);
  if (!/(?<![\p{L}\p{N}])\p{Ll}{2,}\s+$/u.test(before) || LETTER_NAMED_BEFORE.test(before) || CODE_BEFORE.test(before) || /(?:hệ số|chỉ số|ký hiệu|kí hiệu|nhà|khối|chữ cái|phân)\s*$/iu.test(before)) return false;
  return /^\s+\p{Ll}/u.test(all.slice(offset + 1));
}

/** "buôn Ko Siêr", "bản Ng Ka": a capitalised word before another, or after a village's word, is part of a name, no shorthand. */
const VILLAGE_BEFORE = /(?<!\p{L})(?:buôn|bản|plei|làng|bon|sóc|ấp|thôn|xã|ông|bà|anh|chị)\s+$/u;
/** So is one after a capitalised word, closing a name: "ngầm Đăk Rơ Wa". */
function isNamePart(token: string, offset: number, all: string): boolean {
  return /^\s+\p{Lu}\p{Ll}/u.test(all.slice(offset + token.length)) || VILLAGE_BEFORE.test(textBefore(all, offset, 10)) || /(?<![\p{L}\p{N}])\p{Lu}\p{Ll}{0,7}\s$/u.test(textBefore(all, offset, 10));
}

/** Whether the sentence writes `code` before a hyphen and a number said with a leading zero ("TĐC-01"). */
function isZeroLedCode(code: string, all: string, ctx: Context): boolean {
  for (const m of all.matchAll(new RegExp(`(?<![\\p{L}])${code}-(${SLOT})`, 'gu'))) {
    if (ctx.kindOf(m[1]) === 'number' && /^không /u.test(ctx.spokenOf(m[1]) ?? '')) return true;
  }
  return false;
}

/**
 * "AI KO ĐI ĐC BÁO TRC CHO TRƯỞNG THÔN": a notice typed all in capitals keeps the chat's short words, which no
 * abbreviation of the table spells (MN is a kindergarten, ND the farmers, so they stay out).
 */
const CAPS_CHAT = new Set(['KO', 'HOK', 'TRC', 'NG', 'TG', 'TGIAN', 'VS', 'LH', 'CX', 'HNAY', 'HQUA', 'AE', 'ACE', 'TKS', 'NTN', 'KTRA', 'ĐKY', 'ĐAG', 'NX']);
/**
 * In such a notice ĐC is "được" ("KO ĐI ĐC", "HỘ NGHÈO ĐC MIỄN") but the comrade after a word that calls on one ("LH ĐC
 * HÙNG"), the land officer beside the commune or the staff ("CÁN BỘ ĐC XÃ"), the address before a colon.
 */
// Case-blind: a word before may have been read already ("LH" → "liên hệ").
const CAPS_COMRADE_BEFORE = /(?<!\p{L})(?:LH|LIÊN HỆ|GẶP|MỜI|CÁC|BÁO|VỚI|VS|NHỜ|GỌI)\s+$/iu;
const CAPS_LAND_BEFORE = /(?<!\p{L})(?:CÁN BỘ|CB|CÔNG CHỨC|CC|PHÒNG|VĂN PHÒNG|BẢN ĐỒ|HỒ SƠ|ĐO ĐẠC|TƯ PHÁP)\s+$/iu;
const CAPS_LAND_AFTER = /^\s+(?:XÃ|HUYỆN|TỈNH|VIÊN|-\s*XÂY DỰNG|-\s*XD)(?!\p{L})/u;
/** "ĐC TRẦN VĂN LÂM - CHỦ TỊCH …": before a family name and a middle one, the comrade wherever it stands. */
const CAPS_FULL_NAME_AFTER = new RegExp(`^\\s+${SURNAME_CAPS}\\s+${MIDDLE_NAME_CAPS}(?!\\p{L})`, 'iu');

function capsChat(token: string, offset: number, all: string): string | undefined {
  if (CAPS_CHAT.has(token)) return PHONE_SHORTHAND[token.toLowerCase()];
  const before = textBefore(all, offset, 40);
  const after = all.slice(offset + token.length, offset + token.length + 40);
  if (token === 'ĐC') {
    if (/^\s*:/u.test(after)) return 'địa chỉ';
    if (CAPS_LAND_BEFORE.test(before) || CAPS_LAND_AFTER.test(after)) return 'địa chính';
    return CAPS_COMRADE_BEFORE.test(before) || CAPS_FULL_NAME_AFTER.test(after) ? 'đồng chí' : 'được';
  }
  // "BÁO CA XÃ", "CA HUYỆN": before its level (lowered already) CA is the police (công an), no shift.
  if (token === 'CA' && /^\s+(?:xã|huyện|tỉnh|phường|thị trấn|thành phố)(?!\p{L})/iu.test(after)) return 'công an';
  // "PH GIỮ CON EM": the parents; "ĐỘ PH 6,5", "PH ĐẤT" the acidity.
  // The words around may have been lowered already ("độ PH", "PH đất").
  if (token === 'PH' && !/(?<!\p{L})ĐỘ\s+$/iu.test(before) && !/^\s*(?:[:\d]|ĐẤT|NƯỚC)/iu.test(after)) return 'phụ huynh';
  // "VẮC XIN TD (UỐN VÁN - BẠCH HẦU GIẢM LIỀU)": the tetanus-diphtheria shot written "Td", its d a small đê.
  if (token === 'TD' && /(?<!\p{L})(?:vắc xin|uốn ván|bạch hầu)(?!\p{L})/iu.test(all)) return 'tê đê';
  // "NGƯỜI DÂN K ĐƯỢC ĐỐT", "DI DỜI NGAY,K ĐC CHỦ QUAN": a lone K before a word, after another or opening a clause.
  // "ĐIỂM K KHOẢN 2", "VITAMIN K", "LÔ K" keep the letter.
  // Its function words may have been lowered already ("BÀ CON K THẢ" → "bà con K THẢ", "K CHO" → "K cho").
  if (token === 'K' && /(?:\p{L}\s+|[,;:]\s*)$/u.test(before) && !LETTER_NAMED_BEFORE.test(before) && /^\s+\p{L}{2}/u.test(all.slice(offset + 1))) return 'không';
  return undefined;
}

/** UBND, HĐND, VH-XH, TTg…; unknown all-caps acronyms are spelled and reported. */
/**
 * The words of the sentence as written that have a word in capitals right beside them, with only spaces between: inside a
 * heading's run ("ỦY BAN NHÂN DÂN"), where earlier passes may have lowered the neighbours already.
 */
function wordsBesideCapitals(sentence: string): Set<string> {
  const words = [...sentence.matchAll(/[\p{L}&-]+|[^\p{L}&-]+/gu)].map((m) => m[0]);
  const beside = new Set<string>();
  const capitals = (i: number): boolean => /^\p{Lu}{2,}$/u.test(words[i] ?? '');
  for (let i = 0; i < words.length; i++) {
    if (!/^\p{L}/u.test(words[i]!)) continue;
    if ((/^\s+$/u.test(words[i - 1] ?? '') && capitals(i - 2)) || (/^\s+$/u.test(words[i + 1] ?? '') && capitals(i + 2))) beside.add(words[i]!);
  }
  return beside;
}

function expandAbbreviations(text: string, ctx: Context): string {
  const capsHeading = isCapsHeading(text, ctx);
  // Written all in capitals, no letter of it in lower case.
  const allCaps = capsHeading && ctx.sentence !== '' && !/\p{Ll}/u.test(ctx.sentence);
  const besideCapitals = capsHeading && ctx.sentence !== '' ? wordsBesideCapitals(ctx.sentence) : undefined;
  return text.replace(WORD, (token: string, offset: number, all: string) => {
    // "BC15", "BT7", "LK01": capitals glued to a number name a variety or a lot, spelled, not "báo cáo mười lăm".
    const next = all[offset + token.length] ?? '';
    // "TĐC-01 đến TĐC-45", "LK-05": a lot's code before a hyphen and a number with a leading zero is spelled too, known
    // or not, and so is the same code before another number in the sentence.
    const hyphenNumber = next === '-' && ctx.kindOf(all[offset + token.length + 1] ?? '') === 'number';
    const zeroLed = hyphenNumber && isZeroLedCode(token, all, ctx);
    if (/^\p{Lu}{2,4}$/u.test(token) && (ctx.kindOf(next) === 'number' || zeroLed) && !GLUED_PREFIXES.has(token) && !ctx.lexicon.pronunciations.has(token.toLowerCase())) {
      return ctx.slot(spellLetters(token));
    }
    // "ngô NK 6654", "lúa TBR 225": capitals before a spaced number after a crop name a seed firm's variety, spelled without asking.
    const spacedNumber = all[offset + token.length + 1] ?? '';
    // A word with a vowel's mark ("NGÔ 6.500Đ" in a price list in capitals) is no seed firm's code.
    if (/^[A-ZĐ]{2,3}$/u.test(token) && /^ \S/u.test(all.slice(offset + token.length, offset + token.length + 2)) &&
      (ctx.kindOf(spacedNumber) === 'number' || /^(?:không|một|hai|ba|bốn|năm|sáu|bảy|tám|chín)(?: |$)/u.test(ctx.spokenOf(spacedNumber) ?? '')) &&
      ((ctx.lexicon.abbreviations.has(token) ? VARIETY_RIGHT_BEFORE : VARIETY_BEFORE).test(textBefore(all, offset, 60)) || SERIES_BEFORE(token, all, offset, ctx)) && !GLUED_PREFIXES.has(token) &&
      // "vùng lúa CLC 150ha": a known abbreviation before an area or a weight is what is measured, no variety's number.
      !(ctx.lexicon.abbreviations.has(token) && unitOf(ctx.spokenOf(spacedNumber) ?? '') !== '')) {
      return ctx.slot(spellLetters(token));
    }
    // "ko", "đc", "ng", "tg": a word shortened on a phone, typed in lower case (or capitalized opening a sentence).
    // A capital K opening a sentence is "không" too: "K có việc gì thì …".
    const opening = token === 'K' && /^[\s\p{P}\p{S}]*$/u.test(textBefore(all, offset));
    const typedInCapitals = allCaps ? capsChat(token, offset, all) : undefined;
    if (typedInCapitals !== undefined) return ctx.slot(typedInCapitals);
    const shorthand = /^\p{Ll}+$/u.test(token) || (/^\p{Lu}\p{Ll}+$/u.test(token) && !isNamePart(token, offset, all)) || opening || isChatK(token, offset, all) ? PHONE_SHORTHAND[token.toLowerCase()] : undefined;
    if (shorthand !== undefined && !ctx.lexicon.abbreviations.has(token) && isShorthand(token, offset, all, ctx)) return ctx.slot(shorthand);
    // "sđt", "ubnd", "Bhyt": an abbreviation typed in lower case on a phone, when no syllable reads that way.
    if (/^\p{L}\p{Ll}{2,}$/u.test(token) && !isVietnameseSyllable(token)) {
      const expansion = ctx.lexicon.abbreviations.get(token.toUpperCase());
      if (expansion) return ctx.slot(expansion);
    }
    // "bch pctt&tkcn", "phòng nn&ptnt": joined so, each part a known abbreviation and no syllable, as in capitals.
    if (/^\p{Ll}{2,}(?:&\p{Ll}{2,})+$/u.test(token)) {
      // "tn&mt", "gd&đt": the whole is in the table as its capitals are ("TN&MT").
      const whole = ctx.lexicon.abbreviations.get(token.toUpperCase());
      if (whole) return ctx.slot(whole);
      const parts = token.split('&').map((p) => (isVietnameseSyllable(p) ? undefined : ctx.lexicon.abbreviations.get(p.toUpperCase())));
      if (parts.every(Boolean)) return ctx.slot(parts.join(' và '));
    }
    // "525SE", "5ME": a pesticide's formulation glued to its strength is spelled, even when it spells a syllable.
    if (/^\p{Lu}{2,3}$/u.test(token) && ctx.kindOf(all[offset - 1] ?? '') === 'number') return ctx.slot(spellLetters(token));
    // "VPBank", "MBBank": a bank named by its initials, spelled, then "banh".
    const bank = /^(\p{Lu}{2,})(?:Bank|BANK)$/u.exec(token);
    if (bank) return `${ctx.slot(spellLetters(bank[1]))} ${ctx.slot(ctx.lexicon.pronunciations.get('bank') ?? 'banh')}`;
    // "SmartCA", "VinBus": a brand joining words is read word by word, its capitals spelled ("xmát xê a"), not as one acronym.
    if (CAMEL_CASE.test(token) && !ctx.lexicon.abbreviations.has(token)) {
      return token
        .split(/(?<=\p{Ll})(?=\p{Lu})/u)
        .map((part) => ctx.lexicon.pronunciations.get(part.toLowerCase()) ?? (/^\p{Lu}{2,}$/u.test(part) ? ctx.slot(spellLetters(part)) : part))
        .join(' ');
    }
    // "bão số 12 (FENGSHEN)", "áp thấp nhiệt đới KAMMURI": a storm's international name is read as written, never spelled.
    if (/^\p{Lu}{3,}$/u.test(token) && !ctx.lexicon.abbreviations.has(token) && STORM_NAME_BEFORE.test(textBefore(all, offset, 40))) return token;
    // "PHÒNG TƯ PHÁP", "TƯ VẤN": in capitals before another word TƯ begins that word (tư); "BAN CHỈ ĐẠO TƯ" is the centre.
    if (token === 'TƯ' && capsHeading && /^\s+(?:\p{Lu}{2,}|\p{Ll}{2,})(?![\p{L}])/u.test(all.slice(offset + token.length)) && !/^\s+(?:ĐOÀN|HỘI|ĐẢNG)(?!\p{L})/u.test(all.slice(offset + token.length))) return token;
    // A heading's capitals make words only of what stands among them: "THÔNG BÁO: Trưởng CA xã" keeps its police.
    const inHeading = capsHeading && (allCaps || besideCapitals === undefined || besideCapitals.has(token));
    // "Đảng ủy-HĐND-UBND": a compound is judged part by part, unless the lexicon knows it whole.
    const compound = /[-&]/.test(token) && !ctx.lexicon.abbreviations.has(token) && !joinedCompound(token, ctx.lexicon);
    if (!compound && isAcronym(token, ctx, inHeading)) {
      const known = ctx.lexicon.abbreviations.get(token) ?? joinedCompound(token, ctx.lexicon);
      return ctx.slot(known ? withoutRepeatedHead(known, textBefore(all, offset, 40)) : readAcronym(token, ctx.lexicon, ctx.warn));
    }
    if (!compound) return token;
    const parts = token.split(/([-&])/);
    if (!parts.some((p) => isAcronym(p, ctx, inHeading))) return token;
    return parts
      .map((p) => (p === '-' ? ' ' : p === '&' ? ' và ' : isAcronym(p, ctx, inHeading) ? ctx.slot(readAcronym(p, ctx.lexicon, ctx.warn)) : p))
      .join('');
  });
}

// A capital O too: in a formula ("N2O", "P2O5") it takes its short name "ô".
const LONE_LETTER = /(?<![\p{L}\p{N}])[bcdđfghjklmnpqrstvwxzBCDĐFGHJKLMNOPQRSTVWXZ](?![\p{L}\p{N}])/gu;

const SLOT_CHAR = new RegExp(SLOT, 'u');

/**
 * "điểm b", "độ C": a consonant standing alone is read by its name; inside a code
 * ("H5N1"), in a formula ("N:P:K") or as a capital M, N, S ("Hà Tĩnh S", "cỡ M")
 * by its short name.
 */
function expandLoneLetters(text: string, ctx: Context): string {
  return text.replace(LONE_LETTER, (letter, offset: number, all: string) => {
    const inCode =
      SLOT_CHAR.test(all[offset - 1] ?? '') ||
      SLOT_CHAR.test(all[offset + 1] ?? '') ||
      /^[:][A-ZĐ]/u.test(all.slice(offset + 1, offset + 3)) ||
      /[A-ZĐ][:]$/u.test(all.slice(Math.max(0, offset - 2), offset)) ||
      // A letter of a chain of dotted capitals ("F.A.S.T", "S.O.S") is spelled as an acronym's is.
      /(?<![\p{L}\p{N}])\p{Lu}\.$/u.test(all.slice(Math.max(0, offset - 3), offset)) ||
      /^\.\p{Lu}(?![\p{L}])/u.test(all.slice(offset + 1, offset + 4)) ||
      // An initial ("Nguyễn Văn M.") keeps the letter's full name.
      (/^[MNS]$/u.test(letter) && !(all[offset + 1] === '.' && /\p{L}/u.test(all.slice(offset + 2))));
    return ctx.slot(inCode ? acronymLetterName(letter) : letterName(letter));
  });
}

/**
 * Punctuation a voice should not pronounce. Commas stay as pauses; ";", ":",
 * brackets and a spaced dash become commas; quotes and symbols go.
 */
function cleanPunctuation(text: string): string {
  return text
    // The emoji presentation selector of "⚠️" and the joiners of emoji sequences are marks a voice must not meet.
    .replace(/[\uFE00-\uFE0F\u200B-\u200D\u2060\uFEFF]/gu, '')
    .replace(/\(\s*\*+\s*\)|(?<=\p{L})\*+(?=\s|$)/gu, ' ')
    // "CHI BỘ THÔN 5 * Số 12-TB/CB": an asterisk standing alone parts a Party document's header lines, a pause.
    .replace(/(?:^|\s)\*+(?=\s|$)/gu, ' , ')
    .replace(/&/g, ' và ')
    .replace(/[“”"«»„‟‘’'`´]/g, ' ')
    .replace(/[()[\]{}]/g, ' , ')
    // "=>" is the "⇒" of a keyboard: what follows from what was said, after a pause; so is an arrow left unread ("->"). An
    // emoji's arrow "➡️" points to what to do and a bullet "•" inside a line opens the next item, pauses too.
    .replace(/[;:|→⟶⇒➔➜➡➝➞➙➛•]|=+>|-+>/g, ',')
    .replace(/…|\.{2,}/g, ',')
    .replace(/(?:^|\s)[-–—]+(?=\s|$)/g, ' , ')
    .replace(/[-–—]/g, ' ')
    .replace(/\//g, ' , ')
    .replace(/[!?]/g, ',')
    .replace(/\./g, ' ')
    .replace(/[^\p{L}\p{N}\p{M}\s,\uE000-\uF8FF]/gu, ' ');
}

function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s*,[\s,]*/g, ', ')
    .replace(/^[\s,]+|[\s,]+$/g, '');
}

/** OCR damage ("c6", "T6 dân phố") stays as written: reading it as "xê sáu" or "thứ sáu" would hide it. */
function keepSuspectTokens(text: string, ctx: Context): string {
  let s = text;
  for (const { token, index } of suspectTokens(text, ctx.lexicon).reverse()) s = s.slice(0, index) + ctx.slot(token) + s.slice(index + token.length);
  return s;
}

/** A bracket after an abbreviation, holding words only. */
const BRACKET_AFTER_SLOT = new RegExp(`(${SLOT})\\s*\\(\\s*(\\p{L}+(?:\\s+\\p{L}+)+)\\s*\\)`, 'gu');

/**
 * "BHYT (bảo hiểm y tế)", "đất BCS (bằng chưa sử dụng)", "ONT (ở nông thôn)": a bracket that only restates what the
 * abbreviation was just read as is not said twice ("DPT (bạch hầu, ho gà, uốn ván)" says more and stays).
 */
function dropRestatedExpansions(text: string, ctx: Context): string {
  return text.replace(BRACKET_AFTER_SLOT, (match, slot: string, words: string) => {
    // "200.000.000đ (hai trăm triệu đồng)": a sum written out again is said again, as a cheque's words are.
    if (ctx.kindOf(slot) === 'number') return match;
    const said = (ctx.spokenOf(slot) ?? '').toLowerCase().split(/\s+/u);
    let at = 0;
    for (const word of words.toLowerCase().split(/\s+/u)) {
      at = said.indexOf(word, at) + 1;
      if (at === 0) return match;
    }
    return slot;
  });
}

const PASSES: ReadonlyArray<(text: string, ctx: Context) => string> = [
  repairSpacing,
  expandHeading,
  expandInlineMarkers,
  dropRepeatedAbbreviations,
  keepSuspectTokens,
  lowerShoutedFunctionWords,
  ...FIELD_PASSES,
  expandCodes,
  expandAddresses,
  expandHashtags,
  expandDocumentNumbers,
  expandTerms,
  expandPhones,
  joinSpacedThousands,
  expandRomanNumerals,
  expandDates,
  expandTimes,
  expandOrdinals,
  expandUnits,
  expandNumbers,
  expandPlus,
  expandRanges,
  expandAbbreviations,
  dropRestatedExpansions,
  expandSlashes,
  expandLoneLetters,
];

/** Expands one sentence; its final "." is dropped, a final "?" or "!" kept. */
export function expandSentence(sentence: string, ctx: Context): string {
  const ending = /([?!])[\s"”’')\]]*$/u.exec(sentence)?.[1] ?? '';
  const withSlots = PASSES.reduce((s, pass) => pass(s, ctx), sentence.normalize('NFC'));
  const spoken = tidy(ctx.restore(cleanPunctuation(withSlots)).toLowerCase());
  return spoken && ending ? `${spoken}${ending}` : spoken;
}
