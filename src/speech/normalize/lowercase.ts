// A sentence typed all in lower case, as officers on a phone often type ("ubnd xã thông báo…", "thực hiện qđ số
// 15/qđ-ubnd", "tt thiên cầm", "10kv"), is given back the capitals a notice typed normally has where the reading's rules
// look for them: its abbreviations, its codes, its documents' signs, its Roman numbers. Then it is read as that notice.

import { BUILTIN_ABBREVIATIONS, BUILTIN_PRONUNCIATIONS, CHAT_WORDS, PHONE_SHORTHAND } from './abbreviations.js';
import { MIDDLE_NAME_LOWER, SURNAME_LOWER } from './names.js';
import { CENTRE_AFTER, HAMLET_AFTER, LAND_TALK, LAND_USES } from './field.js';
import { isPlaceName } from './places.js';
import { weekdaysWritten } from './tokens.js';
import { UNIT_SYMBOLS } from './units.js';
import { parseRoman } from './roman.js';
import { hasDiacritics, isPlainWord, isVietnameseSyllable } from './syllables.js';

/** The table's terms by their lower case, those in capitals first ("ctr" → "CTR"); a document's sign keeps its own ("CTr", "TTg"). */
const termsByLower = (terms: string[]) => new Map(terms.filter((term) => /^\p{L}+$/u.test(term)).map((term) => [term.toLowerCase(), term] as const));
const ABBREVIATION_BY_LOWER = termsByLower(Object.keys(BUILTIN_ABBREVIATIONS).sort((a, b) => Number(a === a.toUpperCase()) - Number(b === b.toUpperCase())));
const SIGN_BY_LOWER = termsByLower(Object.keys(BUILTIN_ABBREVIATIONS).sort((a, b) => Number(a !== a.toUpperCase()) - Number(b !== b.toUpperCase())));

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** A sentence with letters and not one capital. */
export function isTypedInLowerCase(text: string): boolean {
  return /\p{Ll}/u.test(text) && !/\p{Lu}/u.test(text);
}

/** Letters without a vowel: "bđ", "ns", "cc", "lđ", "gsht" are no word but initials, known or not. */
const NO_VOWEL = /^[bcdđfghjklmnpqrstvwxz]{2,6}$/u;
/** A short run of plain letters no syllable spells, no loanword the lexicon knows: "abc", "eps", "aqi" are initials too. */
const PLAIN_INITIALS = /^[a-z]{2,4}$/u;

const isShorthand = (word: string) => PHONE_SHORTHAND[word] !== undefined || CHAT_WORDS.has(word);

/**
 * "ubnd", "hđnd", "thpt", "ct", "kh": a known abbreviation no syllable spells, or initials without a vowel; a phone's
 * shorthand ("ko", "đc", "ng") and a loanword ("zalo") stay.
 */
/** A land code that is a word too ("tin", "can") is one only right after "đất": "tin động đất" is news of a quake. */
function abbreviationOf(word: string, landTalk: boolean, before: string): string | undefined {
  if (landTalk && LAND_USES[word.toUpperCase()] !== undefined && (!isSyllable(word) || /(?<!\p{L})đất\s+$/u.test(before))) return word.toUpperCase();
  if (isSyllable(word) || isShorthand(word) || BUILTIN_PRONUNCIATIONS[word] !== undefined) return undefined;
  return ABBREVIATION_BY_LOWER.get(word) ?? (NO_VOWEL.test(word) || PLAIN_INITIALS.test(word) ? word.toUpperCase() : undefined);
}

/** A rhyme closed by p, t, c or ch takes a rising or a falling-dot tone: unmarked ("vat", "bot", "byt", "tyt") it is no syllable. */
const isSyllable = (word: string) => isVietnameseSyllable(word) && (hasDiacritics(word) || !/(?:p|t|c|ch)$/u.test(word));

/** In a compound or a document's sign every part is an abbreviation ("qđ-ubnd", "nn&ptnt"): the shorthand's too. */
function partOf(part: string, inDocument: boolean): string | undefined {
  if (/^\d+$/u.test(part)) return part;
  // Beside a part no syllable spells, a known one is an abbreviation too ("qp-an", "cn-ty").
  const known = (inDocument ? SIGN_BY_LOWER : ABBREVIATION_BY_LOWER).get(part);
  if (known) return known;
  if (NO_VOWEL.test(part)) return part.toUpperCase();
  // "qh15", "ubtvqh15": a body's letters and its term's number.
  const numbered = /^(\p{Ll}{2,8})(\d{1,3})$/u.exec(part);
  if (numbered && ABBREVIATION_BY_LOWER.has(numbered[1])) return `${ABBREVIATION_BY_LOWER.get(numbered[1])}${numbered[2]}`;
  // A document's sign the table lacks ("lptb"), no syllable.
  if (inDocument && /^\p{Ll}{2,6}$/u.test(part) && !isSyllable(part)) return part.toUpperCase();
  return undefined;
}

function recasedParts(token: string, inDocument: boolean): string | undefined {
  const pieces = token.split(/([-&/])/u);
  const parts = pieces.filter((_p, i) => i % 2 === 0);
  if (!parts.some((p) => /\p{L}/u.test(p) && !isSyllable(p))) return undefined;
  const recased = parts.map((p) => partOf(p, inDocument));
  if (recased.some((p) => p === undefined)) return undefined;
  return pieces.map((p, i) => (i % 2 === 0 ? recased[i / 2] : p)).join('');
}

const LETTER_RUN = /(?<![\p{L}\p{N}&/-])\p{Ll}{2,8}(?![\p{L}\p{N}]|[&/-][\p{L}\p{N}])/gu;
/** A unit after its number ("5 kg", "12.500 tr.đ", "30 ml") stays as typed. */
const LOWER_UNITS = new Set([...UNIT_SYMBOLS.map((unit) => unit.toLowerCase()), 'tr', 'trđ', 'ngđ', 'ng']);
const isUnitAfterNumber = (word: string, offset: number, all: string) => LOWER_UNITS.has(word) && /\d\s?$/u.test(all.slice(Math.max(0, offset - 2), offset));
/**
 * "cho bé 2 th", "trẻ 6 th tuổi": after a child's number "th" is its months (tháng, read where spacing is repaired), no
 * primary school, also in a message typed all in lower case.
 */
const CHILD_MONTHS_BEFORE = /(?<!\p{L})(?:trẻ|cháu|bé|em bé|sơ sinh)(?!\p{L})[^.;:]{0,20}(?<![\p{L}\p{N}.,])\d{1,2}\s?$/u;
const isChildMonths = (word: string, offset: number, all: string) =>
  word === 'th' && (CHILD_MONTHS_BEFORE.test(all.slice(Math.max(0, offset - 30), offset)) || /(?<![\p{L}\p{N}.,])\d{1,2}\s?$/u.test(all.slice(Math.max(0, offset - 4), offset)) && /^\s*tuổi(?!\p{L})/u.test(all.slice(offset + 2, offset + 12)));
/** "qđ-ubnd", "nn&ptnt", "tt-th": abbreviations joined by a hyphen or an ampersand. */
const COMPOUND = /(?<![\p{L}\p{N}&/-])\p{Ll}[\p{Ll}\p{N}]*(?:[-&][\p{Ll}\p{N}]+)+(?![\p{L}\p{N}]|[&/-][\p{L}\p{N}])/gu;
/** "15/qđ-ubnd", "137-kh/hu", "217/2025/qh15", "01/lptb": a document's sign after its number. */
const DOCUMENT_SIGN = /(?<=(?<![\p{L}\p{N}])\d{1,5}[a-e]?(?:\/(?:19|20)\d{2})?[/-])\p{Ll}[\p{Ll}\p{N}]*(?:[-&/][\p{Ll}\p{N}]+)*(?![\p{L}\p{N}])/gu;
/**
 * "h5n1", "nk66", "co2", "u17", "dn300", "e18.2": a code of letters and digits, in capitals. Not what the reading knows in
 * lower case: a road's or a quarter's code ("ql1a", "kp3", "km5"), a weekday, a month, a term ("t7", "th12", "hk1"), a
 * weight in a score ("x2"), a number's unit or clock ("10kv", "7h30").
 */
/** After a letter and a slash too: "cúm a/h5n1". */
const LETTER_CODE = /(?:(?<![\p{L}\p{N}.,/-])|(?<=(?<![\p{L}\p{N}])\p{Ll}\/))(\p{Ll}{1,4})(\d{1,4}(?:\p{Ll}\d{0,2})?(?:\.\d{1,2})?)(?![\p{L}\p{N}]|[.,/-]\p{L})/gu;
/** "f12, q.3": a ward of the city, read as the lower-case f by the spacing pass. */
const WARD_AFTER = /^\s*,\s*(?:q\.|q\d|quận)/u;
const LOWER_KNOWN_CODE = /^(?:km|ql|đt|đh|tl|hl|bđ|kp|tdp|kv|km|t|th|hk|x|p|q|ngày|số|tháng|năm|lần|đợt|tổ|thôn)$/u;

/** "tt hđnd", "trường mn, th, thcs": a phone's shorthand beside an abbreviation is one of a list of abbreviations too. */
// Tried on the 40 characters before the word: on all of them, each word of a long text cost the text's length.
const BESIDE_CAPITALS_BEFORE = /(?<![\p{L}\p{N}])\p{Lu}{2,}\s*,\s*$/u;
const BESIDE_CAPITALS_AFTER = /^\s*(?:,\s*)?\p{Lu}{2,}(?![\p{L}\p{N}])/u;

/** "khối 5b", "số 23/4a", "45a/2 Hùng Vương": a house's or a group's number with its letter, the letter put in capitals. */
const NUMBERED_LETTER =
  /(?<=(?<!\p{L})(?:thôn|xóm|tổ|khối|khu phố|tổ dân phố|tdp|ấp|số|kiệt|ngõ|hẻm|ngách|lô|dãy|phòng|lớp|nhà)\s+\d{1,4}(?:\/\d{1,4})?)[a-e](?![\p{L}\p{N}])|(?<=(?<![\p{L}\p{N}\/.,])\d{1,4}\/\d{1,4})[a-e](?![\p{L}\p{N}])|(?<=(?<![\p{L}\p{N}\/.,])\d{1,4})[a-e](?=\/\d)/gu;
/** "cúm a/H5N1": the flu's type before its strain's code. */
const VIRUS_TYPE = /(?<![\p{L}\p{N}])[ab](?=\/\p{Lu}\d)/gu;

const ROMAN_CUE = '(?:chương|phần|mục|quý|cấp độ|mức độ|cấp|bậc|khóa|khoá|kỳ|đợt|lần|giai đoạn|phụ lục|tập|hạng|loại|nhóm|vùng|khu vực|thế kỷ|đại hội|báo động|thứ|bđ)';
/** What follows a number that closes it: a pause, a digit, a year's or a term's word, a verb. */
const AFTER_NUMBER = /^\s*(?:$|[,.;:!?)/]|\d|(?:năm|nhiệm kỳ|của|và|đến|tới|tại|được|đã|sẽ|diễn ra|trở lên|có|là|thì|hoặc|về|cho|với|trên|dưới|khoảng|gồm|thuộc|này|lên|xuống|hết)(?!\p{L}))/u;
/**
 * "khóa i, nhiệm kỳ", "lần thứ xi năm 2026", "quý iv/2025", "cấp v - vi", "bđ iii", "loại i dày": a Roman number after the
 * word it numbers; "vi" and "xi", which are syllables, only before a pause or a word that closes it ("cấp vi chất", "xi măng").
 */
const LOWER_ROMAN = new RegExp(`(?<=(?<![\\p{L}\\p{N}])${ROMAN_CUE}\\s*)([ivx]{1,5})(?:(\\s*[-–]\\s*)([ivx]{1,5}))?(?![\\p{L}\\p{N}])`, 'gu');
/** "ii. đối tượng", "phần i. kết quả": a heading's Roman number opening the sentence or a part of it. */
const LOWER_ROMAN_HEADING = /(?<=(?:^|[;:]\s*)(?:[-•]\s*)?)([ivx]{1,5})(?=\.\s)/gu;
const isRoman = (numeral: string) => parseRoman(numeral.toUpperCase()) !== null;
/** "điều 1. phê duyệt", "ii. đối tượng", "a) …": after a heading's mark the part opens with a capital, as a sentence does. */
/** "1️⃣ đào nền 2️⃣ đổ móng": an item a keycap numbers opens with a capital too (the sentences' split reads it "1. Đào nền"). */
const KEYCAP_ITEM = /(?<=\d\ufe0f?\u20e3\s{0,3})\p{Ll}/gu;
const PART_OPENING = /(?<=(?:^|[;:]\s*)(?:[-•]\s*)?)(?:(phần|chương|mục|điều|khoản)(\s+))?([IVX]{1,5}|\d{1,2}|[a-zđ])([.)]\s+)(\p{Ll})/gu;
/** "bắc - nam", "đông - tây": the two points of a road or a line across the country, one name. */
const COMPASS_PAIR = /(?<![\p{L}\p{N}])(bắc|nam|đông|tây)(\s*[-–]\s*)(bắc|nam|đông|tây)(?![\p{L}\p{N}])/gu;
/** "29h-123.45", "38a-123.45", "38-b1 234.56": a vehicle's plate. */
const PLATE = /(?<![\p{L}\p{N}.,])(\d{2})(-?)([a-zđ]{1,2}\d?)(?=[-\s.]?\d{3}\.\d{2}(?!\d)|[-\s]?\d{4,5}(?![\p{L}\p{N}.,]))/gu;
/** "ht-90123-ts", "qb 92168 ts": a fishing boat's number, its province's letters and the fishing mark. */
const BOAT = /(?<![\p{L}\p{N}])([a-zđ]{2,3})([-\s])(\d{4,5})([-\s])ts(?![\p{L}\p{N}])/gu;
/** "mạng 4g, 5g": a network's generation after the word for it ("5g" alone is grams). */
const NETWORK = /(?<=(?<!\p{L})(?:mạng|sóng|công nghệ|thuê bao|phủ sóng|kết nối|dịch vụ|trạm|điện thoại)\s+(?:[2-5]g\s*(?:,|và|\/|hoặc)\s*)?[2-5])g(?![\p{L}\p{N}])/gu;
/** "độ ph", "ph đất", "khi ph dưới 6", "ph 6,5 - 8,5": the acidity (pH) before its measure, not a parent (phụ huynh). */
const ACIDITY = /(?<=(?<!\p{L})độ\s+)ph(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])ph(?=\s*(?:đất|nước|=|[<>≤≥]|(?:dưới|trên|từ|khoảng)\s*\d|\d{1,2}(?:[.,]\d)?\s*(?:[-–]|đến)\s*\d)(?!\p{L}))/gu;
/** "cơ quan ca", "báo ca xã": the police (công an) before its level, no shift or case (not after a count: "3 ca xã …"). */
const POLICE = /(?<=(?<!\p{L})cơ quan\s+)ca(?![\p{L}\p{N}])|(?<![\p{L}\p{N}]|\d\s*)ca(?=\s+(?:xã|huyện|tỉnh|phường|thị trấn|thành phố|quận)(?!\p{L}))/gu;
/** "đo ha", "ha: 150/95": blood pressure (HA), no hectare or river. */
const PRESSURE = /(?<=(?<!\p{L})đo\s+)ha(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])ha(?=\s*:?\s*\d{2,3}\/\d{2,3}(?!\d))/gu;
/** "xăng ron 95": the octane rating. */
const OCTANE = /(?<![\p{L}\p{N}])ron(?=\s?9\d(?!\d))/gu;
/** Units with capitals, typed after a number or a slash ("100w", "2.204 đ/kwh", "150/95 mmhg"). */
const UNIT_CASE: Readonly<Record<string, string>> = {
  w: 'W', kw: 'kW', kwh: 'kWh', kwp: 'kWp', mw: 'MW', mwp: 'MWp', kva: 'kVA', kv: 'kV', mmhg: 'mmHg', hz: 'Hz', khz: 'kHz', mhz: 'MHz',
  db: 'dB', gb: 'GB', mb: 'MB', mbps: 'Mbps', cv: 'CV', hp: 'HP', btu: 'BTU', ntu: 'NTU', cfu: 'CFU',
};
const CASED_UNIT = new RegExp(`(?<=\\d\\s?|\\p{L}\\/)(?:${Object.keys(UNIT_CASE).sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
/** "75wp", "525se", "300ec": a pesticide's formulation glued to its strength. */
const FORMULATION = /(?<=\d)(?:wp|wg|wdg|ec|sc|sl|se|me|ew|od|df|fs|sp|cs|zc|sg|ws|dp)(?![\p{L}\p{N}])/gu;
/** "npk 20-20-15+te", "16-16-8+13s", "n:p:k": a fertiliser's elements. */
const ELEMENTS = /(?<=\d\+)te(?![\p{L}\p{N}])|(?<=\d\+\d{1,2})s(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])[npk](?=:[npk](?![\p{L}]))|(?<=[npkNPK]:)[npk](?![\p{L}\p{N}])/gu;
/** "16,8°n - 111,2°e", "17°15'n", "17,5n-108,0e": a position's latitude and longitude. */
const POSITION = /(?<=\d(?:°(?:\d{1,2}')?)?\s?)([ns])(\s*(?:[-–,;]|và)\s*\d{1,3}(?:[.,]\d{1,2})?(?:°(?:\d{1,2}')?)?\s?)([ew])(?![\p{L}\p{N}])/gu;
/** "p.204", "q.7", "t.7", "p.106a": a letter and a dot before a number. */
const DOTTED_LETTER = /(?<![\p{L}\p{N}])[a-zđ](?=\.\d)/gu;
/** "lk-05", "tđc-01": a lot's letters before a hyphen and its number. */
const HYPHEN_CODE = /(?<![\p{L}\p{N}])\p{Ll}{1,4}(?=-\d)/gu;
/** "bđiii", "bđ3": the alarm level glued to its number. */
const GLUED_ALARM = /(?<![\p{L}\p{N}])bđ(i{1,3}|[1-3])(?![\p{L}\p{N}])/gu;

/** The common family names, "ng" (Nguyễn) typed short among them; the middle names that follow one. */
const SURNAMES = `${SURNAME_LOWER}|ng`;
const MIDDLE_NAMES = MIDDLE_NAME_LOWER;
/** Words that no given name is, closing a name's run ("bà lê thị thu ở thôn", "chị hà ở thôn"). */
const NOT_A_NAME =
  'ở|tại|là|và|với|của|cho|có|được|đã|sẽ|đang|thì|mà|nhé|nha|ạ|ơi|này|đó|kia|về|đi|đến|tới|từ|trong|ngoài|trên|dưới|sau|trước|nhà|hộ|con|cháu|thôn|xóm|xã|huyện|tỉnh|phòng|hóa|hoá|bản|kiện|học|nghệ|trường|dân|bị|làm|không|ko|chưa|cũng|còn|hoặc|lúc|khi|nếu|vì|do|nên|phải|cần|mới|vẫn|đều|sinh|nghiệp|chủ|phó|trưởng|bí|cán|giáo|bác|thầy|cô';
const GIVEN = `(?!(?:${NOT_A_NAME})(?![\\p{L}]))\\p{Ll}+`;
/** "nguyễn văn an", "ng thị lan", "lê thị hoa": a family name, one or two middle names and a given name, a person's full name. */
const FULL_NAME = new RegExp(`(?<![\\p{L}\\p{N}])(?:${SURNAMES})\\.?\\s+(?:${MIDDLE_NAMES})(?:\\s+(?:${MIDDLE_NAMES}))?\\s+${GIVEN}(?![\\p{L}\\p{N}])`, 'gu');
/** "đ/c lê hoa", "bà trần lan": after a title, a family name and a given name. */
const PERSON_TITLE = '(?:(?:ông|bà|anh|chị|em|cô|chú|bác|cụ|cháu|đồng chí|ô|thầy|bs|ths|ts|ks|mr|ms)\\s+|(?:đ\\/c|ô|b|bs|ths|ts|ks|mr|ms)\\.\\s*|đ\\/c\\s+)';
const TITLED_NAME = new RegExp(`(?<=(?<![\\p{L}\\p{N}])${PERSON_TITLE})(?:${SURNAMES})\\s+${GIVEN}(?![\\p{L}\\p{N}])`, 'gu');
/**
 * "liên hệ a hùng", "gặp c lan", "nhà ô. hòa", "(a sơn)": a title typed as one letter, as the field's rules read it before a
 * name in capitals; the name takes its capital. Another lone letter is no name: "mời a e dân quân" is "anh em".
 */
const LETTER_TITLED_NAME = new RegExp(
  `(?<=(?:(?<!\\p{L})(?:liên hệ|lh|gặp|gọi|hỏi|nhờ|báo|cho|với|của|và|hoặc|nhắn|là|thì|nhận|gửi|nộp|nhà|hộ|mời|thăm|mai)\\s*:?\\s+|\\d\\s*\\(\\s*|[-–(:]\\s*)(?:[ace]|ô)\\s+|(?<![\\p{L}\\p{N}])(?:ô|mr|ms)\\.\\s*)(?!tô(?!\\p{L}))(?![ace](?!\\p{L}))${GIVEN}(?![\\p{L}\\p{N}])`,
  'gu',
);
function titledWords(words: string): string {
  return words.replace(/(?<![\p{L}\p{M}])\p{Ll}/gu, (c) => c.toUpperCase());
}
const titled = (words: string) => words.replace(/(?<![\p{L}\p{M}])\p{Ll}/gu, (c) => c.toUpperCase());

/** The level of an address before its name, in full or short ("tt thạch hà", "p. thạc gián", "x cẩm lạc, h cẩm xuyên"). */
const PLACE_LEVEL = /(?<![\p{L}\p{N}])(xã|huyện|tỉnh|thị trấn|thị xã|thành phố|phường|quận|tt|tx|tp|TX|TP|CN|[pqxht])(\.?\s*)(?=\p{Ll})/gu;

/** "tt thạch hà", "p. thạc gián": a place's name after its level takes its capitals, a short level its own. */
function capitalisePlaces(text: string): string {
  return text.replace(PLACE_LEVEL, (match, level: string, gap: string, offset: number, all: string) => {
    const words = all.slice(offset + match.length).match(/^\p{Ll}+(?:\s+\p{Ll}+){0,3}/u)?.[0].split(/\s+/u) ?? [];
    for (let n = words.length; n >= 1; n--) {
      const name = words.slice(0, n).join(' ');
      if (!isPlaceName(name) || (n === 1 && level.length === 1)) continue;
      // A letter alone is a level only with its dot, or before a name of two words ("x cẩm lạc").
      if (level.length === 1 && gap.trim() === '' && n < 2) continue;
      // "x Cẩm Lạc" keeps its letter as typed; "P. Thạc Gián", "TT Thạch Hà" are written in capitals.
      const short = level.length === 2 || gap.includes('.') ? level.toUpperCase() : level;
      return `${short}${gap}\u0000${name.length}\u0000`;
    }
    return match;
  }).replace(/\u0000(\d+)\u0000([^]*)/gu, function place(_m: string, length: string, rest: string): string {
    const name = rest.slice(0, +length);
    return titled(name) + rest.slice(+length).replace(/\u0000(\d+)\u0000([^]*)/gu, place);
  });
}

/** "tt 85/2019", "tt dự báo", "đài tt", "tt đu", "tt thôn": thông tư, a centre, the loudspeakers, the standing members, a hamlet's head, as in capitals. */
function recaseTT(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}])tt(?![\p{L}\p{N}.])/gu, (tt: string, offset: number, all: string) => {
    const after = all.slice(offset + 2);
    const before = all.slice(Math.max(0, offset - 12), offset);
    return CENTRE_AFTER.test(after) || HAMLET_AFTER.test(after) || /^\s+(?:số\s+)?\d|^\s+\p{Lu}|^\s+(?:đu|hu|tu)(?![\p{L}\p{N}])/u.test(after) || /(?<!\p{L})(?:đài|loa)\s+$|(?<![\p{L}\p{N}])CSGT\s?[-–]\s?$/u.test(before) ? 'TT' : tt;
  }).replace(/(?<=(?<![\p{L}\p{N}])TT\s+)(?:đu|hu|tu)(?![\p{L}\p{N}])/gu, (body) => body.toUpperCase());
}

/**
 * Short words whose capitals tell them from a word or a phone's shorthand, where their neighbours say which: "zalo oa" (an
 * official account), "trường mn" (mầm non, not mọi người), "cc địa chính" (a civil servant), "đk gốc" (a trunk's diameter),
 * "so với ck" (the same period), "vitamin k", "hạng b", "(c cũ)" (a licence's class), "nhà a" (a building).
 */
const CUED_CAPITALS: ReadonlyArray<readonly [RegExp, (word: string, offset: number, all: string) => string]> = [
  [/(?<=(?<!\p{L})zalo\s+)oa(?![\p{L}\p{N}])/gu, (w) => w.toUpperCase()],
  [/(?<=(?<!\p{L})(?:trường|các trường|bậc|cấp|khối|giáo viên)\s+)mn(?![\p{L}\p{N}])/gu, (w) => w.toUpperCase()],
  [/(?<![\p{L}\p{N}])cc(?=\s+(?:địa chính|tư pháp|văn hóa|văn hoá|văn phòng|tài chính|kế toán|chuyên môn|cấp xã)(?!\p{L}))/gu, (w) => w.toUpperCase()],
  [/(?<![\p{L}\p{N}])đk(?=\s+(?:gốc|thân|ống|ngoài|trong)(?!\p{L}))/gu, (w) => w.toUpperCase()],
  [/(?<=(?<!\p{L})(?:so với|bằng|với)\s+)ck(?![\p{L}\p{N}])/gu, (w) => w.toUpperCase()],
  [/(?<=(?<!\p{L})vitamin\s+)[a-ek](?![\p{L}\p{N}])/gu, (w) => w.toUpperCase()],
  [/(?<=(?<!\p{L})(?:hạng|bằng|bằng lái)\s+)[a-f]\d?(?![\p{L}\p{N}])|(?<=\(\s*)[a-f]\d?(?=\s+cũ(?!\p{L}))/gu, (w) => w.toUpperCase()],
  [/(?<=(?<!\p{L})(?:nhà|tòa|toà|dãy|khu|lô|block)\s+)[a-h](?=\s*(?:[,.;:)]|$))/gu, (w) => w.toUpperCase()],
  // "ph 7,2": the acidity before its value.
  [/(?<![\p{L}\p{N}])ph(?=\s+\d{1,2}(?:[.,]\d{1,2})?(?![\d.,]))/gu, () => 'pH'],
  // "máy 2g", "hỗ trợ 4g": a network's generation after a handset's words too.
  [/(?<=(?<!\p{L})(?:máy|hỗ trợ|sóng|lên|sang)\s+[2-5])g(?![\p{L}\p{N}])/gu, () => 'G'],
  // "cả t7,cn", "t2-t6": a weekday listed beside another in capitals, as "T7, CN" is written.
  [/(?<![\p{L}\p{N}])t[2-7](?:\s*(?:,|và|hoặc|[-–]|đến)\s*(?:t[2-7]|cn|CN)|\s+(?:cn|CN))+(?![\p{L}\p{N}])/gu, (w) => w.toUpperCase()],
  // "t3 - t5 tiêm chủng, t7 tiêm dịch vụ": a weekday opening an item of a schedule that names its other days so.
  [/(?<=[,;:]\s*)t(?=[2-7](?![\p{L}\p{N}]))/gu, (t: string, _offset: number, all: string) => (weekdaysWritten(all) >= 3 ? 'T' : t)],
  // "h'mông", "m'nông", "h'hen niê": a name of the highlands written with an apostrophe, each part capitalised.
  [/(?<![\p{L}\p{N}])\p{Ll}'\p{Ll}+(?:\s+(?:niê|êban|ayun|mlô|byă|adrơng|ksor|rơ\s?chăm))?/gu, titledWords],
  // "năm ất tỵ": a year of the sixty named by its stem and branch.
  [/(?<![\p{L}\p{N}])(?:giáp|ất|bính|đinh|mậu|kỷ|canh|tân|nhâm|quý)\s+(?:tý|sửu|dần|mão|mẹo|thìn|tỵ|ngọ|mùi|thân|dậu|tuất|hợi)(?![\p{L}\p{N}])/gu, titledWords],
  [/(?<![\p{L}\p{N}])(?:việt nam|thái lan|trung quốc|hàn quốc|nhật bản|campuchia|đài loan|hoa kỳ)(?![\p{L}\p{N}])/gu, titledWords],
  // "Đảng ủy", "Huyện ủy": a Party's committee is written with its capital; "bí thư đu", "tt đu" its short name.
  [/(?<![\p{L}\p{N}])(?:đảng|huyện|tỉnh|thành)(?=\s+(?:ủy|uỷ)(?![\p{L}]))/gu, capitalised],
  [/(?<=(?<!\p{L})(?:bí thư|BT|PBT|thường trực|BTV)\s+)(?:đu|hu|tu)(?![\p{L}\p{N}])/gu, (w) => w.toUpperCase()],
  // "khí co", "cán bộ ca": a gas's formula, the police.
  [/(?<=(?<!\p{L})khí\s+)co(?![\p{L}\p{N}])/gu, (w) => w.toUpperCase()],
  [/(?<=(?<!\p{L})(?:cán bộ|chiến sĩ|lực lượng)\s+)ca(?![\p{L}\p{N}])/gu, (w) => w.toUpperCase()],
  // "lớp 12a1", "quốc lộ 15a", "đường 8b", "đăng kiểm 38-01d": a class's, a road's, a centre's letter.
  [/(?<![\p{L}\p{N}])\d{1,2}[a-e]\d{1,2}(?![\p{L}\p{N}])|(?<=(?<!\p{L})(?:quốc lộ|tỉnh lộ|đường|tuyến)\s+\d{1,3})[a-h](?![\p{L}\p{N}])|(?<=(?<!\p{L})đăng kiểm\s+\d{2}-\d{2})[a-z](?![\p{L}\p{N}])/gu, (w) => w.toUpperCase()],
  // "tm. ubnd", "kt. chủ tịch", "q. chủ tịch", "t/m", "k/t": a signature's marks.
  [/(?<![\p{L}\p{N}/])(?:tm|kt|tl|tuq|t\/m|k\/t|t\/l)(?=\.?\s*(?:UBND|ubnd|chủ tịch|giám đốc|trưởng|bí thư|hiệu trưởng|ban|hội đồng|đảng ủy|Đảng ủy)(?!\p{L}))|(?<![\p{L}\p{N}])q(?=\.\s*(?:chủ tịch|giám đốc|trưởng|hiệu trưởng|chánh)(?!\p{L}))/gu, (w) => w.toUpperCase()],
  // "số phát hành bt 345678", "số vào sổ ch00125": a land title's series.
  [/(?<=(?<!\p{L})(?:số phát hành|phát hành|số vào sổ|vào sổ|số seri|seri|sê ri)\s*:?\s*)\p{Ll}{1,3}(?=\s?\d{4,}(?!\d))/gu, (w) => w.toUpperCase()],
];
/** "giống lúa om 5451, tbr 225, bc 15", "ngô nk 6654": where a seed is spoken of, letters before a spaced number name a variety. */
const VARIETY_TALK = /(?<!\p{L})(?:giống|lúa|ngô|bắp|lạc|sắn|đậu|khoai)(?!\p{L})/u;
const VARIETY_BEFORE = /(?:(?<!\p{L})(?:giống|lúa|ngô|bắp|sắn|lạc)|\p{Lu}{2,4}\s\d{1,5}\s*,)\s+$/u;
const VARIETY = /(?<![\p{L}\p{N}])[a-zđ]{2,4}(?=\s\d{1,5}(?![\p{L}\p{N}.,-]|[.,]\d))|(?<![\p{L}\p{N}])km(?=\d{2,3}(?![\p{L}\p{N}+]))/gu;

/** Gives a sentence typed in lower case the capitals its reading looks for; any other sentence is returned as it is. */
export function recaseLowerCase(typed: string): string {
  if (!isTypedInLowerCase(typed)) return typed;
  // A run of white space is one space, or one line break: the look-behinds below step back over white space, and over a
  // run of thousands each would take a time in proportion to the square of its length. A no-break space or a tab is a
  // space too, as the rules below look for one.
  const text = typed.normalize('NFC').replace(/\s{2,}|[^\S\n ]/gu, (run) => (run.includes('\n') ? '\n' : ' '));
  const landTalk = LAND_TALK.test(text);
  const recased = text
    .replace(GLUED_ALARM, (_m, level: string) => `BĐ${level.toUpperCase()}`)
    .replace(LOWER_ROMAN, (match, numeral: string, _dash: string | undefined, upper: string | undefined, offset: number, all: string) =>
      isRoman(numeral) && (upper === undefined || isRoman(upper)) && (!/^[vx]i$/u.test(upper ?? numeral) || AFTER_NUMBER.test(all.slice(offset + match.length))) &&
      // "2 giọt/lần x 3 lần": a times sign before a number.
      !(numeral === 'x' && upper === undefined && /^\s*\d/u.test(all.slice(offset + match.length)))
        ? match.toUpperCase()
        : match,
    )
    .replace(LOWER_ROMAN_HEADING, (numeral) => (isRoman(numeral) ? numeral.toUpperCase() : numeral))
    .replace(PART_OPENING, (_m, word: string | undefined, space: string | undefined, mark: string, stop: string, first: string) =>
      `${word === undefined ? '' : `${capitalised(word)}${space}`}${mark}${stop}${first.toUpperCase()}`,
    )
    .replace(KEYCAP_ITEM, (first) => first.toUpperCase())
    .replace(COMPASS_PAIR, (_m, a: string, dash: string, b: string) => `${capitalised(a)}${dash}${capitalised(b)}`)
    .replace(PLATE, (_m, province: string, dash: string, series: string) => `${province}${dash}${series.toUpperCase()}`)
    .replace(BOAT, (match) => match.toUpperCase())
    .replace(NETWORK, 'G')
    .replace(ACIDITY, 'pH')
    .replace(POLICE, 'CA')
    .replace(PRESSURE, 'HA')
    .replace(OCTANE, 'RON')
    .replace(CASED_UNIT, (unit) => UNIT_CASE[unit]!)
    .replace(FORMULATION, (f) => f.toUpperCase())
    .replace(ELEMENTS, (e) => e.toUpperCase())
    .replace(POSITION, (_m, lat: string, between: string, lon: string) => `${lat.toUpperCase()}${between}${lon.toUpperCase()}`)
    .replace(DOTTED_LETTER, (letter) => letter.toUpperCase())
    .replace(FULL_NAME, titled)
    .replace(TITLED_NAME, titled)
    .replace(LETTER_TITLED_NAME, titled)
    .replace(HYPHEN_CODE, (letters) => (isSyllable(letters) || BUILTIN_PRONUNCIATIONS[letters] !== undefined ? letters : letters.toUpperCase()))
    .replace(DOCUMENT_SIGN, (sign) => recasedParts(sign, true) ?? sign)
    .replace(COMPOUND, (compound) => recasedParts(compound, false) ?? compound)
    .replace(LETTER_CODE, (code, letters: string, rest: string, offset: number, all: string) =>
      LOWER_KNOWN_CODE.test(letters) || letters === 'f' && WARD_AFTER.test(all.slice(offset + code.length)) || /^(?:m|cm|mm|dm)$/u.test(letters) && /^[23]$/u.test(rest) || isSyllable(letters) && letters.length > 2 ? code : `${letters}${rest}`.toUpperCase(),
    )
    .replace(NUMBERED_LETTER, (letter) => letter.toUpperCase())
    .replace(VIRUS_TYPE, (letter) => letter.toUpperCase())
    .replace(LETTER_RUN, (word, offset: number, all: string) => (isUnitAfterNumber(word, offset, all) || isChildMonths(word, offset, all) ? word : abbreviationOf(word, landTalk, all.slice(Math.max(0, offset - 8), offset)) ?? word))
    .replace(LETTER_RUN, (word, offset: number, all: string) => {
      // A phone's shorthand that no abbreviation spells ("sdt" số điện thoại) keeps its reading beside capitals too.
      const known = isShorthand(word) && !isSyllable(word) ? ABBREVIATION_BY_LOWER.get(word) ?? (NO_VOWEL.test(word) && PHONE_SHORTHAND[word] === undefined ? word.toUpperCase() : undefined) : undefined;
      return known && (BESIDE_CAPITALS_BEFORE.test(all.slice(Math.max(0, offset - 40), offset)) || BESIDE_CAPITALS_AFTER.test(all.slice(offset + word.length))) ? known : word;
    });
  const cued = CUED_CAPITALS.reduce((t, [pattern, recase]) => t.replace(pattern, recase), recased);
  const varieties = VARIETY_TALK.test(cued) ? cued.replace(VARIETY, (letters: string, offset: number, all: string) => {
    // A syllable ("om") only right after the crop or in a list of varieties ("sau 3 ngày" stays).
    const cue = isPlainWord(letters) ? false : isSyllable(letters) ? VARIETY_BEFORE.test(all.slice(Math.max(0, offset - 30), offset)) : !isShorthand(letters) || ABBREVIATION_BY_LOWER.has(letters);
    return cue ? letters.toUpperCase() : letters;
  }) : cued;
  // "bs. Nguyễn Văn An", "ths Lê Hoa": a doctor's or a master's title before a name.
  return recaseTT(capitalisePlaces(varieties)).replace(/(?<![\p{L}\p{N}])(?:bs|ths|ts|ks|ls|gs|pgs|ds)(?=\.?\s*\p{Lu}\p{Ll})/gu, (w) => w.toUpperCase());
}
