// Text typed in the old TCVN3 (ABC) fonts (.VnTime, .VnArial) and pasted
// from an old document arrives as Latin-1 letters: "Th«ng b¸o cña UBND x·"
// for "Thông báo của UBND xã". Communes still keep templates in those fonts;
// such text is put back into Vietnamese before anything is read.

import { isVietnameseSyllable } from './syllables.js';

// The TCVN3 byte of each Vietnamese letter, as Latin-1 shows it (U+00AD, the soft hyphen, is ư).
const VIETNAMESE = 'àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ';
const TCVN3 = 'µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\u00adõøö÷ùúýûüþ¡¢§£¤¥¦';
const FROM_TCVN3 = new Map([...TCVN3].map((c, i) => [c, [...VIETNAMESE][i]!]));

/** Bytes no Vietnamese text in Unicode has inside a word: they give TCVN3 away. */
const TCVN3_ONLY = /[µ¸¶·¹¨»¾¼½Æ©ÇËÎÏÑªÖ×ØÜÞßåæçëîï\u00adñö÷ûüþ¡¢§£¤¥¦«¬®]/u;
/** A word as TCVN3 writes it: letters and the bytes standing for letters, one of them a plain letter ("x·", not "×"). */
const WORD = new RegExp(`(?=[${TCVN3}\\p{L}]*[a-zA-Z])[${TCVN3}\\p{L}]+`, 'gu');
/** Letters Latin-1 lacks ("ă", "ơ", "ệ"): text holding them was typed in Unicode, whatever else it holds. */
const UNICODE_ONLY = /[\u0100-\u024f\u1ea0-\u1ef9]/u;
/** So many words that read as Vietnamese once converted make the text TCVN3, not a stray "©" or "«quote»". */
const MIN_CONVERTED = 2;

function convert(word: string): string {
  return [...word].map((c) => FROM_TCVN3.get(c) ?? c).join('');
}

/** The text in Unicode when it was typed in a TCVN3 font, else the text as it is. */
export function fromTcvn3(text: string): string {
  if (!TCVN3_ONLY.test(text) || UNICODE_ONLY.test(text)) return text;
  let converted = 0;
  for (const [word] of text.matchAll(WORD)) {
    if (TCVN3_ONLY.test(word) && isVietnameseSyllable(convert(word).toLowerCase())) converted++;
    if (converted >= MIN_CONVERTED) return text.replace(WORD, convert);
  }
  return text;
}
