// Text typed in the old 8-bit Vietnamese fonts and pasted from an old
// document arrives as Latin-1 letters: TCVN3 (ABC: .VnTime, .VnArial) gives
// "Th«ng b¸o cña UBND x·", VNI (VNI-Times) "Thoâng baùo cuûa UBND xaõ", for
// "Thông báo của UBND xã". Communes still keep templates in those fonts; such
// text is put back into Vietnamese before anything is read.

import { isVietnameseSyllable } from './syllables.js';

// TCVN3: one byte per letter, as Latin-1 shows it (U+00AD, the soft hyphen, is ư).
const VIETNAMESE = 'àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ';
const TCVN3 = 'µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\u00adõøö÷ùúýûüþ¡¢§£¤¥¦';
const FROM_TCVN3 = new Map([...TCVN3].map((c, i) => [c, [...VIETNAMESE][i]!]));
/** Bytes no Vietnamese text in Unicode has inside a word: they give TCVN3 away. */
const TCVN3_ONLY = /[µ¸¶·¹¨»¾¼½Æ©ÇËÎÏÑªÖ×ØÜÞßåæçëîï\u00adñö÷ûüþ¡¢§£¤¥¦«¬®]/u;

// VNI: a vowel, then a second character for its mark ("aù" á, "oâ" ô, "aê" ă), its tone ("eà" ề), or both ("ôù" ớ).
const TONES = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'];
/** Each vowel's marks in VNI, in the order of TONES: "" for the vowel itself. */
const VNI_VOWELS: ReadonlyArray<[vni: string, base: string, marks: string[]]> = [
  ['a', 'a', ['', 'ù', 'ø', 'û', 'õ', 'ï']],
  ['a', 'a\u0302', ['â', 'á', 'à', 'å', 'ã', 'ä']],
  ['a', 'a\u0306', ['ê', 'é', 'è', 'ú', 'ü', 'ë']],
  ['e', 'e', ['', 'ù', 'ø', 'û', 'õ', 'ï']],
  ['e', 'e\u0302', ['â', 'á', 'à', 'å', 'ã', 'ä']],
  ['o', 'o', ['', 'ù', 'ø', 'û', 'õ', 'ï']],
  ['o', 'o\u0302', ['â', 'á', 'à', 'å', 'ã', 'ä']],
  ['ô', 'o\u031b', ['', 'ù', 'ø', 'û', 'õ', 'ï']],
  ['u', 'u', ['', 'ù', 'ø', 'û', 'õ', 'ï']],
  ['ö', 'u\u031b', ['', 'ù', 'ø', 'û', 'õ', 'ï']],
  ['y', 'y', ['', 'ù', 'ø', 'û', 'õ', '']],
];
/** Letters VNI writes with one character: "ñ" đ, the i's tones, "î" ỵ. */
const VNI_SINGLE: Readonly<Record<string, string>> = { ô: 'ơ', ö: 'ư', ñ: 'đ', í: 'í', ì: 'ì', æ: 'ỉ', ó: 'ĩ', ò: 'ị', î: 'ỵ' };
const FROM_VNI = new Map<string, string>();
for (const [vni, base, marks] of VNI_VOWELS) {
  marks.forEach((mark, tone) => {
    if (!mark) return;
    const letter = `${base}${TONES[tone]}`.normalize('NFC');
    FROM_VNI.set(vni + mark, letter);
    FROM_VNI.set((vni + mark).toUpperCase(), letter.toUpperCase());
  });
}
for (const [vni, letter] of Object.entries(VNI_SINGLE)) {
  FROM_VNI.set(vni, letter);
  FROM_VNI.set(vni.toUpperCase(), letter.toUpperCase());
}
/** Marks no Vietnamese text in Unicode has, and marks after a vowel that it never puts there ("oâ", "aù"): they give VNI away. */
const VNI_ONLY = /[øûïñöåäëüæîØÛÏÑÖÅÄËÜÆÎ]|[aeoAEO][âÂ]|[aeouyôöAEOUYÔÖ][ùõÙÕ]/u;

/** A word as the old fonts write it: letters and the bytes standing for letters. */
const WORD = new RegExp(`[${TCVN3}\\p{L}]+`, 'gu');
/** One of them a plain letter: "x·" is a word, "×" alone a sign. */
const PLAIN_LETTER = /[a-zA-Z]/u;
/** Letters Latin-1 lacks ("ă", "ơ", "ệ"): a line holding them was typed in Unicode, whatever else it holds. */
const UNICODE_ONLY = /[\u0100-\u024f\u1ea0-\u1ef9]/u;
/** So many words that read as Vietnamese once converted make the text old-font, not a stray "©" or "«quote»". */
const MIN_CONVERTED = 2;

function fromTcvn3(word: string): string {
  return [...word].map((c) => FROM_TCVN3.get(c) ?? c).join('');
}

function fromVni(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const pair = FROM_VNI.get(word.slice(i, i + 2));
    if (pair && word.length > i + 1) {
      out += pair;
      i++;
    } else out += FROM_VNI.get(word[i]!) ?? word[i];
  }
  return out;
}

/** How many of the text's words give the font away and read as Vietnamese once converted from it. */
function converted(text: string, only: RegExp, convert: (word: string) => string): number {
  let n = 0;
  for (const [word] of text.matchAll(WORD)) if (PLAIN_LETTER.test(word) && only.test(word) && isVietnameseSyllable(convert(word).toLowerCase())) n++;
  return n;
}

/**
 * The text in Unicode where it was typed in a TCVN3 or a VNI font, else the text as it is. A line holding letters only
 * Unicode has ("… tại thôn", typed after a pasted paragraph) keeps its Unicode words and has only the words that give the
 * font away put back.
 */
export function fromLegacyFont(text: string): string {
  const tcvn3 = TCVN3_ONLY.test(text) ? converted(text, TCVN3_ONLY, fromTcvn3) : 0;
  const vni = VNI_ONLY.test(text) ? converted(text, VNI_ONLY, fromVni) : 0;
  if (Math.max(tcvn3, vni) < MIN_CONVERTED) return text;
  const [only, convert] = tcvn3 >= vni ? [TCVN3_ONLY, fromTcvn3] : [VNI_ONLY, fromVni];
  return text.replace(/[^\n]+/g, (line) => {
    if (!UNICODE_ONLY.test(line)) return line.replace(WORD, (word) => (PLAIN_LETTER.test(word) ? convert(word) : word));
    return line.replace(WORD, (word) =>
      PLAIN_LETTER.test(word) && (only.test(word) || !readsAsTyped(word)) && isVietnameseSyllable(convert(word).toLowerCase()) ? convert(word) : word,
    );
  });
}

/** A Vietnamese word as Unicode types it, in one of its cases ("veà", TCVN3's "vÒ" are none; "tõ" is, and stays). */
function readsAsTyped(word: string): boolean {
  return /^\p{Lu}?\p{Ll}*$|^\p{Lu}+$/u.test(word) && isVietnameseSyllable(word.toLowerCase());
}
