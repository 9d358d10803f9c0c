// Sentences a voice cannot read right: typed without diacritics ("Kinh gui
// ba con"), or damaged by OCR ("c6", "B4 tri", "T6 dân phố" for "Tổ dân
// phố"). Found per sentence, so the officer fixes or confirms exactly those;
// a token mixing letters and digits inside a word is left as written, never
// spelled out letter by letter as if it were an abbreviation.

import { PHONE_SHORTHAND, type Lexicon } from './abbreviations.js';
import { isTypedAbbreviation, textStats } from './diagnostics.js';
import { hasDiacritics, hasImpossibleTone, isPlainWord, isVietnameseSyllable } from './syllables.js';
import { AFTER_QUARTER, CODE_BEFORE, isCodeWordBefore, isListedAfterCodeWord, AFTER_WEEKDAY, MAGNITUDE_TOKEN, QUAKE_TALK, WIND_LEVEL_BEFORE, BEFORE_BRACKETED_WEEKDAY, BRACKETED_DATE_AFTER, BEFORE_LOWER_WEEKDAY, BEFORE_QUARTER, BEFORE_WEEKDAY, CODES, CONCRETE_BEFORE, CONTRAST_BEFORE, UNIT_OR_TIME, WEEKDAY_RANGE_AFTER, gluedWordSplit, isLowerWeekdayByDefault, isShortMonth, isStepLabel, weekdaysWritten } from './tokens.js';

export type UnreadableReason = 'mixed-token' | 'missing-diacritics' | 'ocr-noise';

export type UnreadableSentence = {
  /** Position among the text's sentences (splitSentences). */
  index: number;
  sentence: string;
  reason: UnreadableReason;
  /** The tokens that gave it away (for missing diacritics, a sample of unmarked words). */
  terms: string[];
  message: string;
  en: string;
};

/** "T7", and "T.7" typed with a dot. */
const WEEKDAY = /^T\.?[2-7]$/u;
/** Also a culvert ("cống tròn D100"), a bored pile ("cọc khoan nhồi D1200"), a hydrant, a valve or a hose ("trụ nước chữa cháy D100", "họng nước D65"), named by its diameter as a pipe is. */
const PIPE_BEFORE = /(?<!\p{L})(?:ống|cống|cọc|trụ nước|trụ cứu hỏa|họng nước|họng cứu hỏa|van|vòi)(?!\p{L})[^,;.]{0,30}$/iu;
/** A sentence about driving licences, where "B1", "A2" are their classes. */
const DRIVING_LICENCE_TALK = /GPLX|giấy phép lái xe|bằng lái|học lái|sát hạch|(?<!\p{L})hạng\s+[A-F]\d?(?![\p{L}\p{N}])/iu;
/** Codes listed with commas, "và", "hoặc", or an ellipsis for the ones left out ("mốc M1, M2, …, M8"). */
const LIST_SEPARATOR = '(?:\\s*(?:,|và|hoặc|…|\\.{3})\\s*)+';
const LISTED_CODES = new RegExp(`(?:\\s*\\p{Lu}{1,2}\\d{0,2}${LIST_SEPARATOR})+$`, 'u');
/** The last code of such a list, whose letter the next one shares ("Lạc L14, L27"). */
const LISTED_CODE_BEFORE = new RegExp(`(?<![\\p{L}\\p{N}])(\\p{Lu})\\d{1,4}${LIST_SEPARATOR}$`, 'u');
/** Also a plot split in two ("thửa 89a, thửa 89b") and the sheet or forest parcel it lies on. */
const NUMBERED_BEFORE = /(?:độ|cấp độ|số|số nhà|nhà|thôn|tổ|xóm|ấp|khu|khu phố|ngõ|ngách|hẻm|kiệt|lớp|phòng|lô|đội|nghị quyết|quyết định|chương trình|điều|khoản|kiốt|ki-ốt|thửa|thửa đất|tờ|tờ bản đồ|khoảnh|tiểu khu|căn|căn hộ)\s*$/iu;
/** Road signs listed before the last one, each maybe with its name in quotes: "P.106a "Cấm xe ô tô tải", ". */
const LISTED_SIGNS = /(?:(?<![\p{L}\p{N}])[PRWIS]\.?\d{3}[a-h]?(?:\s*["“][^"”]{1,40}["”])?\s*(?:,|và|hoặc)\s*)+$/u;
const FORM_BEFORE = /(?<!\p{L})(?:mẫu|mẫu số|biểu|biểu mẫu|biểu số|tờ khai|phiếu|phiếu số|phụ lục|phụ lục số)\s*:?\s*$/iu;
const TOKEN = /[^\s,;:()[\]{}"“”‘’!?…/=]+/gu;

/** "cọc mốc GPMB số M12", "cột điện số T45": the thing's word, a word or two naming it, then "số" before its code. */
const NUMBERED_CODE_ENDS = [0, 1, 2].map((k) => new RegExp(`(?:\\s+[^\\s,;:.()]+){${k}}\\s+số\\s*$`, 'u'));
function isNumberedCode(before: string): boolean {
  return NUMBERED_CODE_ENDS.some((end) => end.test(before) && CODE_BEFORE.test(before.replace(end, '')));
}

/** Tokens that mix letters and digits the way OCR damage and typos do, with where they stand. */
export function suspectTokens(sentence: string, lexicon: Lexicon): Array<{ token: string; index: number }> {
  const out: Array<{ token: string; index: number }> = [];
  for (const m of sentence.matchAll(TOKEN)) {
    // A sign before a number ("-3°C", "+3,5m", ">300mm", a diameter "Φ12", a group dot typed after a space "7 .000đ") is no part of the code.
    const token = m[0].replace(/[.]+$/u, '').replace(/^[-−+<>≤≥~≈=±ΦØøφϕ.]+(?=\d)/u, '');
    if (!/\p{L}/u.test(token) || !/\d/u.test(token)) continue;
    // A code the lexicon reads (a commune's hamlet "B4" → "bê bốn") is read by it, not damage.
    if (lexicon.abbreviations.has(token) || lexicon.pronunciations.has(token.toLowerCase())) continue;
    // Any part of a web or e-mail address ("https://forms.gle/abc123") is read with the address.
    const start = sentence.lastIndexOf(' ', m.index!) + 1;
    const end = sentence.indexOf(' ', m.index!);
    const chunk = sentence.slice(start, end === -1 ? undefined : end);
    if (/^(?:https?:|www\.)|@|\.(?:vn|com|net|org|gov|edu|info|ly|me|gle|io)\b/iu.test(chunk)) continue;
    // A network's or a user's name joined by underscores ("NVH_Thon5") is read with the addresses.
    if (/^[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+$/u.test(chunk.replace(/[.,;:!?)]+$/u, ''))) continue;
    // A hashtag ("#BaoSo5") is read by its own pass, digits and all.
    if (/^#/u.test(chunk)) continue;
    if (UNIT_OR_TIME.test(token) || CODES.test(token)) continue;
    // "động đất M3.6", "Mw5,1": an earthquake's magnitude, read by its own pass.
    if (MAGNITUDE_TOKEN.test(token) && QUAKE_TALK.test(sentence)) continue;
    // "giật c12 trên biển": a wind's level typed short, read by its own pass.
    if (/^[cC]\d{1,2}$/u.test(token) && WIND_LEVEL_BEFORE.test(sentence.slice(Math.max(0, m.index! - 12), m.index))) continue;
    // "0912xxx456": a telephone or an identity number with its middle digits hidden, read with them as "ích".
    if (/^\d{2,6}[xX]{2,}\d{2,6}$/u.test(token) && token.length >= 8 && token.length <= 19) continue;
    const before = sentence.slice(Math.max(0, m.index! - 120), m.index);
    const letters = token.replace(/[^\p{L}]/gu, '');
    const next = /^\s*([^\s,;:.!?]+)/u.exec(sentence.slice(m.index! + m[0].length))?.[1];
    // "biển số R.302a", "biển báo cấm P.106a", "biển W.207 giao nhau …": a road sign's code, with or without its sub-letter.
    // "biển W.207a và W.245a": the next of a list of signs is one too.
    if (/^[PRWIS]\.?\d{3}[a-h]?$/u.test(token) && /(?<!\p{L})biển(?:\s+\p{Ll}+){0,3}\s*$/iu.test(before.replace(LISTED_SIGNS, ''))) continue;
    // "phòng 2O1", "có 1O thôn", "5O.000 đồng": a capital O among the digits of a number is a zero misread, no code's letter.
    if (/^\d[\d.,]*O[O\d.,]*$/u.test(token)) {
      out.push({ token, index: m.index! + m[0].indexOf(token) });
      continue;
    }
    if (letters === letters.toUpperCase()) {
      // Codes in capitals (H5N1, COVID-19, 4G, F0) are fine; a single capital
      // and digits is damage when a lower-case word carries on the phrase ("B4 tri", "T6 dân phố").
      if (letters.length >= 2 || /^\d/u.test(token) || /^F\d$/u.test(token) || /^U\d{2}$/u.test(token)) continue;
      // "hạng A, A1": a list of codes after the word naming them.
      if (isCodeWordBefore(before) || CODE_BEFORE.test(before.replace(LISTED_CODES, '')) || isNumberedCode(before)) continue;
      // "gồm 3 tuyến: T1 dài 950m, T2 dài 820m": the next item of a list whose first code the word before named.
      if (isListedAfterCodeWord(before, letters)) continue;
      // "hạng B (B1 cũ)", "tương đương A2 cũ": a driving licence's class where the sentence speaks of licences.
      if (/^[A-F][12]$/u.test(token) && DRIVING_LICENCE_TALK.test(sentence)) continue;
      // "Lạc L14, L27 gieo …": the next of a list of codes of the same letter.
      const listed = LISTED_CODE_BEFORE.exec(before);
      if (listed && listed[1] === letters) continue;
      // "Samsung A54", "Honda SH150": a model's code after its foreign brand name.
      const brand = /(?:^|\s)(\p{Lu}[\p{L}]+)\s*$/u.exec(before)?.[1];
      if (brand && !isVietnameseSyllable(brand.toLowerCase()) && /^\p{Lu}\d{1,4}$/u.test(token)) continue;
      // "ống cấp nước D110": a pipe's diameter, a few words after the pipe.
      if (/^D\d{2,4}$/u.test(token) && PIPE_BEFORE.test(before)) continue;
      // "bình ô xy O2", "khí H2": a gas named by its formula after the word for it.
      if (/^[OHN][23]$/u.test(token) && /(?<!\p{L})(?:khí|ô xy|ô xi|oxy|oxi|bình|thở|sục|nồng độ|và)\s*$/iu.test(before)) continue;
      if (!next || !/^\p{Ll}/u.test(next)) continue;
      // "B1 đăng nhập; B2 chọn …": a how-to's steps, read as "bước".
      if (/^B[1-9]$/u.test(token) && isStepLabel(sentence, m.index! + m[0].indexOf(token))) continue;
      if (/^M\d{2,3}$/u.test(token) && CONCRETE_BEFORE.test(before)) continue;
      if (/^Q[1-4]$/u.test(token) && (BEFORE_QUARTER.test(before) || AFTER_QUARTER.test(sentence.slice(m.index! + m[0].length)))) continue;
      // "T3 - T5 tiêm chủng, T7 tiêm dịch vụ": an item of a schedule that names its other days so; "(T5) … đổi sang T6 nha":
      // a day set against another weekday of the sentence, or a choice of two ("T2 hay T3 nhé"), as in lower case.
      if (WEEKDAY.test(token) && (AFTER_WEEKDAY.test(next) || BEFORE_WEEKDAY.test(before) || (/[,;:]\s*$/u.test(before) && weekdaysWritten(sentence) >= 3) || (CONTRAST_BEFORE.test(before) && weekdaysWritten(sentence) >= 2) || WEEKDAY_RANGE_AFTER.test(sentence.slice(m.index! + m[0].length)))) continue;
      if (/^T(?:1[0-2]|[1-9])$/u.test(token) && isShortMonth(+token.slice(1), before)) continue;
      out.push({ token, index: m.index! + m[0].indexOf(token) });
      continue;
    }
    // "sáng t7 này", "từ t2 đến t6": a weekday typed in lower case on a phone.
    if (/^t[2-7]$/u.test(token) && ((next !== undefined && AFTER_WEEKDAY.test(next)) || BEFORE_WEEKDAY.test(before) || BEFORE_LOWER_WEEKDAY.test(before) || BEFORE_BRACKETED_WEEKDAY.test(before) || BRACKETED_DATE_AFTER.test(sentence.slice(m.index! + m[0].length)) || (CONTRAST_BEFORE.test(before) && weekdaysWritten(sentence) >= 2) || WEEKDAY_RANGE_AFTER.test(sentence.slice(m.index! + m[0].length)) || isLowerWeekdayByDefault(before, sentence.slice(m.index! + m[0].length)))) continue;
    // "tổng kết hk1": a school term typed short in lower case (read as "học kỳ một").
    if (/^[Hh]k[12]$/u.test(token)) continue;
    // "tiền ăn t1/2027": a month typed short in lower case before its year.
    if (/^t(?:1[0-2]|[1-9])$/u.test(token) && /^\/(?:19|20)\d{2}(?!\d)/u.test(sentence.slice(m.index! + m[0].length))) continue;
    // "lịch tcmr t12", "định kỳ t12", "tiền điện t11": a month typed short in lower case.
    if (/^t(?:1[0-2]|[1-9])$/u.test(token) && isShortMonth(+token.slice(1), before)) continue;
    // "từ th12", "lương th11/2026": a month typed "th" for tháng.
    if (/^[Tt]h(?:1[0-2]|[1-9])$/u.test(token)) continue;
    // "t2-t6", "t2-cn": a span of weekdays typed short.
    if (/^t[2-7][-–](?:t[2-7]|cn)$/iu.test(token)) continue;
    // "Toán x2 + Văn x2": a subject's weight in an admission score.
    if (/^[x×]\d{1,2}$/u.test(token) && /\p{L}\s$/u.test(before)) continue;
    // "mẫu C70a-HD", "biểu 01a": a form's code with its sub-letter, after the word naming the form.
    if (/^(?:[A-ZĐ]{1,4})?\d{1,3}[a-z](?:-[A-ZĐ]{1,5}\d{0,3})*$/u.test(token) && FORM_BEFORE.test(before)) continue;
    // "Nghị quyết 30a", "số nhà 45b", "thôn 3a": a number and its sub-letter.
    // "thửa 89a và 89b": the next of a list after the word is one too.
    if (/^\d{1,4}[a-hđ]$/u.test(token) && (NUMBERED_BEFORE.test(before) || NUMBERED_BEFORE.test(before.replace(/(?:\d{1,4}[a-hđ]?\s*(?:,|và|hoặc)\s*)+$/u, '')))) continue;
    // A lower-case letter against a digit ("c6", "n6i", "1am") is no unit, code or time.
    if (/\p{Ll}\d|\d\p{Ll}/u.test(token)) out.push({ token, index: m.index! + m[0].indexOf(token) });
  }
  return out;
}

/** Per sentence: fewer marked syllables than this, over enough words, lost its diacritics. */
const MIN_MARKED_RATIO = 0.25;
/**
 * Over a longer sentence, fewer than this: diacritics lost on part of it ("Trạm y tế xa thong bao tiem phong …").
 * Clean bulletin sentences of eight syllables or more carry marks on half of them at the least.
 */
const MIN_MARKED_RATIO_LONG = 0.4;
const LONG_SYLLABLES = 8;
/**
 * A run of lower-case syllables without a mark, holding this many that clean text writes with one, means the sentence
 * lost its diacritics from there on ("… gạo cứu trợ thi chieu nay len nha van hoa nhan": chieu, len, nha, nhan).
 */
const MIN_LOST_IN_RUN = 3;
const MIN_UNMARKED_RUN = 5;
/**
 * A word as the diacritics checks see it: null unless an unmarked lower-case
 * word; then whether its marks were lost ("duoi", "nguoi" have no spelling
 * without them, clean text marks "thong", "tiem") or it is written so anyway.
 */
function unmarkedWord(word: string, lexicon: Lexicon): { lost: boolean } | null {
  const bare = word.replace(/^[("“‘]+|[)"”’,.;:!?…]+$/gu, '');
  if (!/^[a-z]+$/u.test(bare)) return null;
  const known = isPlainWord(bare) || lexicon.pronunciations.has(bare) || Object.hasOwn(PHONE_SHORTHAND, bare) || isTypedAbbreviation(bare, lexicon);
  return { lost: !known };
}
function lostDiacriticsRun(sentence: string, lexicon: Lexicon): boolean {
  let run = 0;
  let lost = 0;
  for (const word of sentence.split(/\s+/u)) {
    const unmarked = unmarkedWord(word, lexicon);
    if (unmarked) {
      run++;
      if (unmarked.lost) lost++;
      if (run >= MIN_UNMARKED_RUN && lost >= MIN_LOST_IN_RUN) return true;
    } else run = lost = 0;
    if (/[,.;:!?…)]$/u.test(word)) run = lost = 0;
  }
  return false;
}
/**
 * Surnames that clean text always writes with marks: "Nguyen", "Tran" or
 * "Ho" typed without them begin a name the voice misreads ("nguy-en"). A name
 * copied from a bank's or a register's export is so ("chủ tài khoản: NGUYEN
 * VAN AN"), as are place names from a street sign's plate ("Vo Van Kiet").
 */
const MARKED_SURNAMES = new Set(['nguyen', 'tran', 'pham', 'huynh', 'vu', 'vo', 'dang', 'bui', 'ngo', 'duong', 'doan', 'truong', 'luong', 'ho', 'le', 'ly', 'quach', 'trieu']);
/** Word pairs whose second half is spelled as a surname without marks is. */
const PAIRED_BEFORE = new Set(['phụ huynh', 'cách ly', 'cự ly', 'chia ly', 'biệt ly', 'phân ly', 'tách ly']);
/** A capitalised word, with one to three more after it (looked at, not taken: "TP Ho Chi Minh" is tried at "Ho" too). */
const UNMARKED_NAME = /(?<![\p{L}\p{M}\d])([A-Z][a-z]+|[A-Z]{2,})(?=((?:\s+(?:[A-Z][a-z]+|[A-Z]{2,})){1,3})(?![\p{L}\p{M}\d]))/gu;
function unmarkedNames(sentence: string, lexicon: Lexicon): string[] {
  const found: string[] = [];
  let end = 0;
  for (const m of sentence.matchAll(UNMARKED_NAME)) {
    const surname = m[1]!.toLowerCase();
    if (m.index < end || !MARKED_SURNAMES.has(surname) || lexicon.pronunciations.has(surname)) continue;
    // "PHỤ HUYNH MANG THEO", "CÁCH LY SAU PHUN" in capitals: the surname is the second half of a word pair, no name.
    const before = /(\p{L}+)\s+$/u.exec(sentence.slice(0, m.index))?.[1]?.toLowerCase();
    if (before && PAIRED_BEFORE.has(`${before} ${surname}`)) continue;
    const rest = m[2]!.trim().split(/\s+/u);
    // Capitals that are abbreviations ("LE UBND") make no name.
    if (rest.some((w) => lexicon.abbreviations.has(w))) continue;
    // Two words need a second one clean text marks too: "Vu Lan" is the festival, written so.
    if (rest.length === 1 && isPlainWord(rest[0]!.toLowerCase())) continue;
    found.push(m[1]! + m[2]!);
    end = m.index + m[1]!.length + m[2]!.length;
  }
  return found;
}
const MIN_WORDS = 4;
/** "Nop tien truoc 15/12.", "Mai 7h hop nhe.": a short sentence with no mark at all and two words clean text marks lost them too. */
const MIN_LOST_SHORT = 2;
function lostWords(sentence: string, lexicon: Lexicon): number {
  return sentence.split(/\s+/u).filter((word) => unmarkedWord(word, lexicon)?.lost).length;
}
const MAX_INVALID_RATIO = 0.25;
/**
 * "bà con rnau chóng sơ tán", "rnột": OCR reads an m as r and n. No Vietnamese word begins with "rn", and one that is
 * a word again with an m for them was damaged so, however many words around it are clean.
 */
const RN_WORD = /(?<![\p{L}\p{M}])[rR]n\p{Ll}*/gu;
function swappedLetters(sentence: string, lexicon: Lexicon): string[] {
  return [...sentence.matchAll(RN_WORD)].map((m) => m[0]).filter((word) => !lexicon.pronunciations.has(word) && isVietnameseSyllable(`m${word.slice(2)}`.toLowerCase()));
}
/**
 * "tiêm vac xin cho tre em", "khu vưc thôn 3", "hòc sinh": a lower-case word closed by p, t, c or ch without the tone
 * such a word must carry lost its marks, or had them mistyped, however many around it are clean. Loanwords ("chip",
 * "kit") and abbreviations typed in lower case ("tyt") are read as the lexicon says.
 */
/** "uống vit A", "vit.D3": a vitamin shortened before its letter is read in full (field.ts), no word that lost its tone. */
const VITAMIN_TYPED = /(?<![\p{L}\p{N}])vit(?=\.?\s?[ABCDEK]\d{0,2}(?![\p{L}\p{N}]))/gu;
const CHECKED_WORD = /(?<![\p{L}\p{M}\p{N}@._\/#&-])\p{Ll}+(?:p|t|c|ch)(?![\p{L}\p{M}\p{N}@_&-]|[./][\p{L}\p{N}])/gu;
function mistonedWords(sentence: string, lexicon: Lexicon): string[] {
  const mistoned = (text: string) =>
    [...new Set([...text.replace(VITAMIN_TYPED, ' ').matchAll(CHECKED_WORD)].map((m) => m[0]))].filter(
      (word) => hasImpossibleTone(word) && !lexicon.pronunciations.has(word) && !lexicon.abbreviations.has(word.toUpperCase()) && !Object.hasOwn(PHONE_SHORTHAND, word),
    );
  const found = mistoned(sentence);
  // The lexicon's loanwords of several words ("hip hop") are taken out, only where some word was found.
  return found.length > 0 && lexicon.pronunciationTerms ? mistoned(lexicon.pronunciationTerms(sentence, () => ' ')) : found;
}
/** A word of two or more letters typed in capitals. */
export const CAPS_WORD = /(?<![\p{L}\p{N}])\p{Lu}{2,}(?![\p{L}\p{N}])/gu;
/** Most of a sentence's words in capitals: the sentence in lower case but for its abbreviations and foreign words; else the sentence. */
function shouted(sentence: string, lexicon: Lexicon): string {
  const caps = sentence.match(CAPS_WORD)?.length ?? 0;
  const words = sentence.match(/\p{L}+/gu)?.length ?? 0;
  if (caps < 3 || caps < words * 0.6) return sentence;
  // Only words Vietnamese could spell: "HAPPY NEW YEAR" stays what it is, a foreign phrase.
  return sentence.replace(CAPS_WORD, (word) => (lexicon.abbreviations.has(word) || !isVietnameseSyllable(word.toLowerCase()) ? word : word.toLowerCase()));
}

export function findUnreadable(sentences: readonly string[], lexicon: Lexicon): UnreadableSentence[] {
  const found: UnreadableSentence[] = [];
  sentences.forEach((sentence, index) => {
    const flag = (reason: UnreadableReason, terms: string[], message: string, en: string) => found.push({ index, sentence, reason, terms, message, en });
    const suspects = suspectTokens(sentence, lexicon).map((s) => s.token);
    if (suspects.length > 0) {
      const list = suspects.join(', ');
      flag('mixed-token', suspects, `Câu có chữ lẫn số như lỗi nhận dạng (OCR) hoặc gõ nhầm: ${list}. Hãy sửa lại hoặc xác nhận giữ nguyên.`, `The sentence has tokens mixing letters and digits, as OCR damage or typos do: ${list}. Fix them or confirm it as it is.`);
      return;
    }
    const names = unmarkedNames(sentence, lexicon);
    if (names.length > 0) {
      const list = names.join(', ');
      flag('missing-diacritics', names, `Câu có tên riêng viết không dấu: ${list}. Giọng đọc sẽ đọc sai; hãy gõ lại có dấu hoặc xác nhận giữ nguyên.`, `The sentence has a name written without diacritics: ${list}. The voice would misread it; retype it with diacritics or confirm it as it is.`);
      return;
    }
    const swapped = swappedLetters(sentence, lexicon);
    if (swapped.length > 0) {
      const list = swapped.join(', ');
      flag('ocr-noise', swapped, `Câu có từ bị nhận dạng (OCR) sai chữ, như «rn» thay cho «m»: ${list}. Hãy sửa lại hoặc xác nhận giữ nguyên.`, `The sentence has words OCR misread, such as "rn" for "m": ${list}. Fix them or confirm it as it is.`);
      return;
    }
    const stats = textStats(sentence, lexicon);
    // "DE NGHI BA CON KHONG RA KHOI": capitals say nothing of themselves (acronyms), so a sentence typed in them is looked
    // at in lower case, its known abbreviations kept; only for its marks, as its unknown acronyms would read as noise.
    const marks = shouted(sentence, lexicon);
    const markStats = marks === sentence ? stats : textStats(marks, lexicon);
    const judged = markStats.words >= MIN_WORDS || (markStats.words >= 2 && markStats.marked === 0 && lostWords(marks, lexicon) >= MIN_LOST_SHORT);
    const ratio = markStats.syllables > 0 ? markStats.marked / markStats.syllables : 1;
    if (judged && (ratio < MIN_MARKED_RATIO || (markStats.syllables >= LONG_SYLLABLES && ratio < MIN_MARKED_RATIO_LONG) || lostDiacriticsRun(marks, lexicon))) {
      flag('missing-diacritics', [], 'Câu không có dấu tiếng Việt: giọng đọc sẽ đọc sai. Hãy gõ lại có dấu hoặc xác nhận giữ nguyên.', 'The sentence has no Vietnamese diacritics: the voice would misread it. Retype it with diacritics or confirm it as it is.');
      return;
    }
    // Clean around them, single words whose marks were lost or mistyped.
    const mistoned = mistonedWords(sentence, lexicon);
    if (mistoned.length > 0) {
      const list = mistoned.join(', ');
      flag('missing-diacritics', mistoned, `Câu có từ thiếu dấu hoặc sai dấu: ${list}. Giọng đọc sẽ đọc sai; hãy sửa lại hoặc xác nhận giữ nguyên.`, `The sentence has words with a tone mark lost or wrong: ${list}. The voice would misread them; fix them or confirm it as it is.`);
      return;
    }
    if (!judged) return;
    if (stats.invalid.length >= 2 && stats.invalid.length / stats.words > MAX_INVALID_RATIO) {
      const terms = [...new Set(stats.invalid)].slice(0, 8);
      const list = terms.join(', ');
      flag('ocr-noise', terms, `Câu có từ không phải tiếng Việt, có thể do lỗi nhận dạng (OCR): ${list}. Hãy sửa lại hoặc xác nhận giữ nguyên.`, `The sentence has words that are not Vietnamese, perhaps OCR errors: ${list}. Fix them or confirm it as it is.`);
    }
  });
  return found;
}
