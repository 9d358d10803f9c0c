// Warns about text a voice would read as garbage: text that lost its
// Vietnamese diacritics ("Thuc hien ke hoach" instead of "Thực hiện kế
// hoạch") and OCR noise ("n6i", "1am", "¥ kién"), as in scanned documents.

import { CHAT_WORDS, PHONE_SHORTHAND, type Lexicon } from './abbreviations.js';
import { hasDiacritics, isPlainWord, isVietnameseSyllable } from './syllables.js';
import { CODES, UNIT_OR_TIME, WIND_LEVEL_BEFORE, gluedWordSplit } from './tokens.js';
import { PER_SHORTHANDS } from './units.js';
import type { NormalizeWarning } from './types.js';

/** Below this share of marked syllables the text has lost its diacritics. */
const MIN_MARKED_RATIO = 0.4;
/** Above this share of impossible syllables, or this many junk tokens, it is OCR noise. */
const MAX_INVALID_RATIO = 0.15;
const MIN_JUNK_TOKENS = 3;
/** Too few words say nothing either way. */
const MIN_WORDS = 6;

const TOKEN = /[^\s,;:()[\]{}"“”‘’'!?…/–—=-]+/gu;
/** Lower-case letters and a digit ('m2', 'b4') are too short to tell. */
const SHORT_CODE = /^[a-z]{1,2}\d$/iu;
const OCR_SYMBOL = /[¥¢§©®µ¬¦¤™]|\p{L}@\p{L}/u;
const DIGIT_IN_WORD = /\p{Ll}\d|\d\p{Ll}/u;
/** Unit symbols written apart from their number ("7.800đ/kg", "mỗi ha") are no Vietnamese syllables, and no noise. */
const UNIT_SYMBOL = /^(?:km|cm|mm|dm|kg|mg|ha|ml|kwh|kw|kv|kva|mw|cc|tr|trđ|ngđ|đ|db|gb|mb|mbps|mmhg|mmol|µmol|μmol|dl|mcg|khz|mhz|hz|µg|μg)$/iu;
/** A unit written out as one Vietnamese word, as the law writes them: "50 miligam/100 mililít máu", "3 kilômét". */
const UNIT_WORD = /^(?:kilô|mili|xenti|đềxi)(?:gam|mét|lít|oát)$/iu;

/** "cccd", "bhyt": an abbreviation of the table typed in lower case, where no syllable reads that way (as the reading takes it). */
export function isTypedAbbreviation(token: string, lexicon: Lexicon): boolean {
  return /^\p{L}\p{Ll}{2,}$/u.test(token) && !isVietnameseSyllable(token.toLowerCase()) && lexicon.abbreviations.has(token.toUpperCase());
}

/** "ngày15", "25hộ", "7 h30", "30a": typed without a space, and read right all the same; a form's code "C70a" too. */
function isSpacingTypo(token: string): boolean {
  return /^h\d{2}$|^(?:[A-ZĐ]{1,4}\.?)?\d{1,4}[a-hđ]$/u.test(token) || gluedWordSplit(token, (w) => isVietnameseSyllable(w) && hasDiacritics(w)) >= 0;
}

// Each alternative starts only where an address can (not inside a run of its own characters): tried from every
// character of a long run, each scanned to the run's end.
const ADDRESS = /https?:\/\/\S+|(?<![\p{L}\p{N}])www\.\S+|(?<![\w.+-])[\w.+-]+@[\w.-]+|(?<![\p{L}\p{N}.-])(?:[a-z0-9-]+\.)+(?:vn|com|gov|org|net|edu|info|ly|me|gle|io)(?![\p{L}\p{N}])(?:\/\S*)?/giu;

export type TextStats = {
  /** Lower-case letter-only words that could be Vietnamese. */
  words: number;
  /** Of those, valid Vietnamese syllables (but words clean text writes without marks) / syllables carrying a diacritic. */
  syllables: number;
  marked: number;
  /** Letter-only words no Vietnamese spelling allows ("phwong", "chirc"). */
  invalid: string[];
  /** Tokens mixing letters and digits or holding OCR symbols ("n6i", "¥"). */
  junk: string[];
};

/**
 * The text is judged as the reader takes it, cleaned by cleanSource: old-font text put back into Vietnamese, emoji parted
 * from words, a full stop typed against the next sentence ("dt 180m².Ai có", "giảm 30%.Các hộ") parting them.
 */
export function textStats(text: string, lexicon: Lexicon): TextStats {
  const stats: TextStats = { words: 0, syllables: 0, marked: 0, invalid: [], junk: [] };
  // Loanwords and abbreviations of the lexicon ("Wi-Fi", "check-in", "GD&ĐT") are no noise, in any of their parts.
  // Web and e-mail addresses are typed without diacritics, path and all
  // ("facebook.com/ubndxaphuson"); taken out first, whole, before a lexicon
  // term inside one ("dichvucong") leaves a stray "www" behind.
  let known = text.replace(ADDRESS, ' ');
  if (lexicon.pronunciationTerms) known = lexicon.pronunciationTerms(known, () => ' ');
  if (lexicon.punctuatedTerms) known = lexicon.punctuatedTerms(known, () => ' ');
  // So are hashtags, digits and all ("#ChinhQuyenThanThien", "#BaoSo5"): the hashtag pass reads them.
  known = known.replace(/(?<![\p{L}\p{N}&])#[\p{L}\p{N}_]+/gu, ' ');
  for (const m of known.matchAll(TOKEN)) {
    // A sign before a number (">300mm", "~500m", a diameter "Φ12") is no part of it.
    const token = m[0].replace(/^[.\-–]+|[.\-–]+$/g, '').replace(/^[<>≤≥~≈=±ΦØøφϕ]+(?=\d)/u, '');
    // An e-mail address: an "@" with a dot after it (the dot looked for up to the next "@", once per "@").
    if (!token || /^(?:https?:|www\.)|@[^@]*\.|\.(?:vn|com)$/i.test(token)) continue;
    // "2x(2,5x2,5)m": so many of a size in brackets.
    if (/^\d+[x×]$/u.test(token) && known[m.index + m[0].length] === '(') continue;
    // "giật c12 trên biển": a wind's level typed short, read by its own pass.
    if (/^[cC]\d{1,2}$/u.test(token) && WIND_LEVEL_BEFORE.test(known.slice(Math.max(0, m.index - 12), m.index))) continue;
    if (OCR_SYMBOL.test(token) || (DIGIT_IN_WORD.test(token) && !UNIT_OR_TIME.test(token) && !SHORT_CODE.test(token) && !CODES.test(token) && !isSpacingTypo(token))) {
      stats.junk.push(token);
      continue;
    }
    // "330.000đ/th": a per-unit typed short after its slash is read as its word ("tháng"), no noise.
    if (known[m.index - 1] === '/' && PER_SHORTHANDS.has(token)) continue;
    // Acronyms, loanwords and capitalised names say little about diacritics.
    if (!/^\p{L}{2,}$/u.test(token) || /\p{Lu}.*\p{Lu}/u.test(token)) continue;
    const lower = token.toLowerCase();
    if (lexicon.pronunciations.has(lower) || lexicon.abbreviations.has(token) || UNIT_SYMBOL.test(token) || UNIT_WORD.test(token)) continue;
    // "mang cccd, bhyt": an abbreviation typed in lower case on a phone is read as the table's, no noise.
    if (isTypedAbbreviation(token, lexicon)) continue;
    // Words shortened on a phone ("ko", "đc", "hqua") are read as their words.
    if (token === lower && (Object.hasOwn(PHONE_SHORTHAND, lower) || CHAT_WORDS.has(lower))) continue;
    // A capitalised foreign name ("Lotte Cinema", "Tinder"), or a name of the Highlands' peoples written with Vietnamese
    // marks ("Đắk Lắk", "Krông Pắc", "Y Bhin Niê", "buôn Cuôr Knia"), is no damaged Vietnamese word.
    if (/^\p{Lu}\p{Ll}+$/u.test(token) && !isVietnameseSyllable(lower)) continue;
    stats.words++;
    if (isVietnameseSyllable(lower)) {
      // "cho con em tham gia": words written without marks in clean text say nothing either way.
      if (isPlainWord(lower)) continue;
      stats.syllables++;
      if (hasDiacritics(lower)) stats.marked++;
    } else {
      stats.invalid.push(token);
    }
  }
  return stats;
}

const sample = (terms: string[]) => [...new Set(terms)].slice(0, 8);

export function diagnose(text: string, lexicon: Lexicon): NormalizeWarning[] {
  const stats = textStats(text, lexicon);
  const warnings: NormalizeWarning[] = [];
  if (stats.words < MIN_WORDS) return warnings;
  const ratio = stats.syllables === 0 ? 0 : stats.marked / stats.syllables;
  if (ratio < MIN_MARKED_RATIO) {
    const percent = Math.round(ratio * 100);
    warnings.push({
      code: 'missing-diacritics',
      ratio,
      message: `Văn bản có vẻ đã mất dấu tiếng Việt (chỉ ${percent}% âm tiết có dấu). Giọng đọc sẽ đọc sai; hãy nhập lại văn bản có dấu trước khi phát.`,
      en: `The text seems to have lost its Vietnamese diacritics (only ${percent}% of syllables carry marks). The voice would misread it; re-enter the text with diacritics before broadcasting.`,
    });
  }
  if (stats.junk.length >= MIN_JUNK_TOKENS || stats.invalid.length / stats.words > MAX_INVALID_RATIO) {
    const terms = sample([...stats.junk, ...stats.invalid]);
    warnings.push({
      code: 'ocr-noise',
      terms,
      message: `Văn bản có dấu hiệu lỗi nhận dạng chữ (OCR), ví dụ: ${terms.join(', ')}. Hãy soát và sửa lại trước khi phát.`,
      en: `The text shows signs of OCR errors, e.g. ${terms.join(', ')}. Proofread and correct it before broadcasting.`,
    });
  }
  return warnings;
}
