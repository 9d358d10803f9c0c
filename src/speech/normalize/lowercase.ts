// A sentence typed all in lower case, as officers on a phone often type ("ubnd xã thông báo…", "thực hiện qđ số
// 15/qđ-ubnd", "tt thiên cầm", "10kv"), is given back the capitals a notice typed normally has where the reading's rules
// look for them: its abbreviations, its codes, its documents' signs, its Roman numbers. Then it is read as that notice.

import { BUILTIN_ABBREVIATIONS, PHONE_SHORTHAND } from './abbreviations.js';
import { BUILTIN_PRONUNCIATIONS } from './abbreviations.js';
import { LAND_USES } from './field.js';
import { isVietnameseSyllable } from './syllables.js';

/** The table's terms by their lower case ("ttg" → "TTg"), letters only. */
const ABBREVIATION_BY_LOWER = new Map(
  Object.keys(BUILTIN_ABBREVIATIONS)
    .filter((term) => /^\p{L}+$/u.test(term))
    .map((term) => [term.toLowerCase(), term] as const),
);

/** A sentence with letters and not one capital. */
export function isTypedInLowerCase(text: string): boolean {
  return /\p{Ll}/u.test(text) && !/\p{Lu}/u.test(text);
}

/** Letters without a vowel: "bđ", "ns", "cc", "lđ", "gsht" are no word but initials, known or not. */
const NO_VOWEL = /^[bcdđfghjklmnpqrstvwxz]{2,6}$/u;
/** Land talk, where "ont", "cln", "luc" are the land's kinds: as field.ts's, typed in lower case. */
const LAND_TALK = /(?<!\p{L})(?:đất|thửa|sử dụng|bản đồ|quy hoạch|thu hồi|diện tích|chuyển mục đích|gcn|qsdđ|sổ đỏ)(?!\p{L})/u;

/** Chat shorthand the field's rules read in lower case only ("ms bị rầy" mới, "chưa bt" biết, "trg tuần", "bản sao cc"). */
const CHAT_WORDS = new Set(['ms', 'bt', 'trg', 'cc', 'ck', 'thg', 'nch', 'kb', 'ny']);
const isShorthand = (word: string) => PHONE_SHORTHAND[word] !== undefined || CHAT_WORDS.has(word);

/**
 * "ubnd", "hđnd", "thpt", "ct", "kh": a known abbreviation no syllable spells, or initials without a vowel; a phone's
 * shorthand ("ko", "đc", "ng") and a loanword ("zalo") stay.
 */
function abbreviationOf(word: string, landTalk: boolean): string | undefined {
  if (landTalk && LAND_USES[word.toUpperCase()] !== undefined) return word.toUpperCase();
  if (isVietnameseSyllable(word) || isShorthand(word) || BUILTIN_PRONUNCIATIONS[word] !== undefined) return undefined;
  return ABBREVIATION_BY_LOWER.get(word) ?? (NO_VOWEL.test(word) ? word.toUpperCase() : undefined);
}

/** In a compound or a document's sign every part is an abbreviation ("qđ-ubnd", "nn&ptnt"): the shorthand's too. */
function partOf(part: string, inDocument: boolean): string | undefined {
  if (/^\d+$/u.test(part)) return part;
  const known = ABBREVIATION_BY_LOWER.get(part);
  if (known && (inDocument || !isVietnameseSyllable(part))) return known;
  // "qh15", "ubtvqh15": a body's letters and its term's number.
  const numbered = /^(\p{Ll}{2,8})(\d{1,3})$/u.exec(part);
  if (numbered && ABBREVIATION_BY_LOWER.has(numbered[1])) return `${ABBREVIATION_BY_LOWER.get(numbered[1])}${numbered[2]}`;
  // A document's sign the table lacks ("lptb"), no syllable.
  if (inDocument && /^\p{Ll}{2,6}$/u.test(part) && !isVietnameseSyllable(part)) return part.toUpperCase();
  return undefined;
}

function recasedParts(token: string, inDocument: boolean): string | undefined {
  const pieces = token.split(/([-&/])/u);
  const parts = pieces.filter((_p, i) => i % 2 === 0);
  if (!parts.some((p) => /\p{L}/u.test(p) && !isVietnameseSyllable(p))) return undefined;
  const recased = parts.map((p) => partOf(p, inDocument));
  if (recased.some((p) => p === undefined)) return undefined;
  return pieces.map((p, i) => (i % 2 === 0 ? recased[i / 2] : p)).join('');
}

/** Not a unit after its number ("5 kg", "12.500 tr.đ"). */
const LETTER_RUN = /(?<![\p{L}\p{N}&/-]|\d\s?)\p{Ll}{2,8}(?![\p{L}\p{N}]|[&/-][\p{L}\p{N}])/gu;
/** "qđ-ubnd", "nn&ptnt", "tt-th": abbreviations joined by a hyphen or an ampersand. */
const COMPOUND = /(?<![\p{L}\p{N}&/-])\p{Ll}[\p{Ll}\p{N}]*(?:[-&][\p{Ll}\p{N}]+)+(?![\p{L}\p{N}]|[&/-][\p{L}\p{N}])/gu;
/** "15/qđ-ubnd", "137-kh/hu", "217/2025/qh15", "01/lptb": a document's sign after its number. */
const DOCUMENT_SIGN = /(?<=(?<![\p{L}\p{N}])\d{1,5}(?:\/(?:19|20)\d{2})?[/-])\p{Ll}[\p{Ll}\p{N}]*(?:[-&/][\p{Ll}\p{N}]+)*(?![\p{L}\p{N}])/gu;
/**
 * "h5n1", "nk66", "co2", "u17", "dn300", "e18.2": a code of letters and digits, in capitals. Not what the reading knows in
 * lower case: a road's or a quarter's code ("ql1a", "kp3", "km5"), a weekday, a month, a term ("t7", "th12", "hk1"), a
 * weight in a score ("x2"), a number's unit or clock ("10kv", "7h30").
 */
/** After a letter and a slash too: "cúm a/h5n1". */
const LETTER_CODE = /(?<![\p{L}\p{N}.,/-]|(?<![\p{L}\p{N}])\p{Ll}\/)(\p{Ll}{1,4})(\d{1,4}(?:\p{Ll}\d{0,2})?(?:\.\d{1,2})?)(?![\p{L}\p{N}]|[.,/-]\p{L})/gu;
const LOWER_KNOWN_CODE = /^(?:m|cm|mm|km|dm|ql|đt|đh|tl|hl|bđ|kp|tdp|kv|km|t|th|hk|x|f|p|q|ngày|số|tháng|năm|lần|đợt|tổ|thôn)$/u;

/** "tt hđnd", "trường mn, th, thcs": a phone's shorthand beside an abbreviation is one of a list of abbreviations too. */
const BESIDE_CAPITALS_BEFORE = /(?<![\p{L}\p{N}])\p{Lu}{2,}\s*,\s*$/u;
const BESIDE_CAPITALS_AFTER = /^\s*(?:,\s*)?\p{Lu}{2,}(?![\p{L}\p{N}])/u;

/** "cúm a/H5N1": the flu's type before its strain's code. */
const VIRUS_TYPE = /(?<![\p{L}\p{N}])[ab](?=\/\p{Lu}\d)/gu;

/** Gives a sentence typed in lower case the capitals its reading looks for; any other sentence is returned as it is. */
export function recaseLowerCase(text: string): string {
  if (!isTypedInLowerCase(text)) return text;
  const landTalk = LAND_TALK.test(text);
  return text
    .replace(DOCUMENT_SIGN, (sign) => recasedParts(sign, true) ?? sign)
    .replace(COMPOUND, (compound) => recasedParts(compound, false) ?? compound)
    .replace(LETTER_CODE, (code, letters: string, rest: string) =>
      LOWER_KNOWN_CODE.test(letters) || isVietnameseSyllable(letters) && letters.length > 2 ? code : `${letters}${rest}`.toUpperCase(),
    )
    .replace(VIRUS_TYPE, (letter) => letter.toUpperCase())
    .replace(LETTER_RUN, (word) => abbreviationOf(word, landTalk) ?? word)
    .replace(LETTER_RUN, (word, offset: number, all: string) => {
      const known = isShorthand(word) && !isVietnameseSyllable(word) ? ABBREVIATION_BY_LOWER.get(word) ?? (NO_VOWEL.test(word) ? word.toUpperCase() : undefined) : undefined;
      return known && (BESIDE_CAPITALS_BEFORE.test(all.slice(0, offset)) || BESIDE_CAPITALS_AFTER.test(all.slice(offset + word.length))) ? known : word;
    });
}
