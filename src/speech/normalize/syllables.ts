// Vietnamese spelling knowledge: is a token a possible Vietnamese syllable,
// does it carry diacritics, and how are letters named when an acronym is
// spelled out. Used to tell words from acronyms and to spot text that lost
// its diacritics or went through bad OCR.

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
const ONSETS = ['ngh', 'ng', 'nh', 'ch', 'gh', 'gi', 'kh', 'ph', 'th', 'tr', 'qu', 'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x', ''];

// Rhymes (vần) without tone marks.
const RHYMES = new Set(
  `a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
   e ec em en eng eo ep et ê êch êm ên ênh êp êt êu i ia ich im in inh ip it iu
   iêc iêm iên iêng iêp iêt iêu yê yêm yên yêng yêt yêu y ynh yt
   o oc oi om on ong op ot oong ooc oa oac oach oai oam oan oang oanh oao oap oat oay
   oăc oăm oăn oăng oăp oăt oe oen oeo oet ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
   u uc ui um un ung up ut ua uân uâng uât uây uê uêch uênh uơ uy uych uynh uyt uyu uya
   uyên uyêt uôc uôi uôm uôn uông uôt ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu`
    .split(/\s+/)
    .filter(Boolean),
);

/** Lower-case, NFC, tone marks removed; vowel shapes (â, ơ, ư, đ) kept. */
function toneless(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(TONE_MARKS, '').normalize('NFC');
}

/** Strips every diacritic, for loose comparisons ("Uỷ ban" = "Ủy ban"). */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

export function hasDiacritics(word: string): boolean {
  return /[\u0300-\u036f]/.test(word.normalize('NFD')) || /[đĐ]/.test(word);
}

/**
 * Words clean bulletin text writes without any mark, common enough to stand five in a row ("cho con em tham gia"):
 * they make a run longer but are no sign of lost diacritics.
 */
const PLAIN_WORDS = new Set(
  `a ai am an anh ao ba ban bao bi ca cai cam can canh cao cha chanh che chi chia cho chu chung co coi con cu cung
   da danh dao di dinh do du dung duy e em gia giai gian giang giao ha hai hang hanh hao hay hi hoa hoan hoang huy in
   khai khan khi kho khoa khoan khu kia kim kinh la lai lan lang lao linh lo loa long ma mai mang minh mua nam nay ngay
   ngang nghi nguy nhanh nhau nhi nhu o pha phi phong qua quan quang quanh quy ra sa sai san sang sao sau sinh so song ta tai
   tan tang tay tha thai tham than thang thanh thao theo thi thu tin tinh to toa tra trai tranh trao tre tri trinh tro
   trong trung tu tuy ung uy van vang vay vi vinh vui xa xanh xe xin xung y`
    .split(/\s+/u)
    .filter(Boolean),
);

/** A word clean text writes without any mark, so its lack of marks tells nothing. */
export function isPlainWord(word: string): boolean {
  return PLAIN_WORDS.has(word);
}

export function isVietnameseSyllable(word: string): boolean {
  const w = toneless(word);
  if (!/^[a-zăâđêôơư]+$/.test(w)) return false;
  return ONSETS.some((onset) => w.startsWith(onset) && w.length > onset.length && RHYMES.has(w.slice(onset.length)));
}

/**
 * A syllable closed by p, t, c or ch takes the rising or the falling-dot tone, and no other: "vac", "tot", "hòc" are
 * no spelling of Vietnamese, but "vắc", "tốt", "học" with marks lost or mistyped.
 */
export function hasImpossibleTone(word: string): boolean {
  const lower = word.toLowerCase();
  return /(?:p|t|c|ch)$/u.test(lower) && isVietnameseSyllable(lower) && !/[\u0301\u0323]/u.test(lower.normalize('NFD'));
}

const LETTER_NAMES: Record<string, string> = {
  a: 'a', ă: 'á', â: 'ớ', b: 'bê', c: 'xê', d: 'dê', đ: 'đê', e: 'e', ê: 'ê', f: 'ép', g: 'giê', h: 'hát',
  i: 'i', j: 'gi', k: 'ca', l: 'e lờ', m: 'em mờ', n: 'en nờ', o: 'o', ô: 'ô', ơ: 'ơ', p: 'pê', q: 'quy',
  r: 'e rờ', s: 'ét xì', t: 'tê', u: 'u', ư: 'ư', v: 'vê', w: 'vê kép', x: 'ích xì', y: 'i dài', z: 'dét',
};

/** The spoken name of one letter ("b" → "bê"), or the letter itself. */
export function letterName(letter: string): string {
  const lower = letter.toLowerCase();
  return LETTER_NAMES[lower] ?? lower;
}

/**
 * Inside acronyms and codes some letters take their short names, as in
 * "SMS" (ét em ét), "VNPT" (vê en pê tê), "H5N1" (hát năm en một) or "OPV" (ô pê vê).
 */
const ACRONYM_LETTER_NAMES: Record<string, string> = { m: 'em', n: 'en', s: 'ét', o: 'ô' };

export function acronymLetterName(letter: string): string {
  return ACRONYM_LETTER_NAMES[letter.toLowerCase()] ?? letterName(letter);
}

/** Spells an unknown acronym letter by letter: "UBKTĐ" → "u bê ca tê đê". */
export function spellLetters(term: string): string {
  return [...term.normalize('NFC')].filter((c) => /\p{L}/u.test(c)).map(acronymLetterName).join(' ');
}

// Words typed without any diacritics inside e-mail and web addresses or
// hashtags ("yenhoa", "hatinh", "tiepnhan"): split into the syllables they
// spell, so the voice reads "yen hoa" and not one unpronounceable word.
const ASCII_ONSETS = [...new Set(ONSETS.map((o) => stripDiacritics(o).toLowerCase()))];
const ASCII_RHYMES = new Set([...RHYMES].map((r) => stripDiacritics(r).toLowerCase()));

/** How a lower-case ASCII piece reads as one syllable: its onset, or null when it is none. */
function asciiSyllable(piece: string): { onset: string; coda: boolean } | null {
  for (const onset of ASCII_ONSETS) {
    if (!piece.startsWith(onset) || piece.length === onset.length) continue;
    const rhyme = piece.slice(onset.length);
    // "yên", "yêu" take no onset: "thanhyen" is "thanh yen", not "than hyen" ("ky" keeps its onset).
    if (rhyme.startsWith('ye') && onset !== '') continue;
    if (ASCII_RHYMES.has(rhyme)) return { onset, coda: /[cmnpt]$|ng$|nh$|ch$/.test(rhyme) };
  }
  return null;
}

/**
 * The cheapest way to cut a word of n characters into pieces of at most `longest`: `options(i, j)` gives what the piece
 * from i to j may be read as and what that costs; null when no cut reads the whole word.
 */
function cheapestSplit(n: number, longest: number, options: (i: number, j: number) => Array<[number, string]>): string[] | null {
  const best: Array<{ cost: number; words: string[] } | null> = Array(n + 1).fill(null);
  best[0] = { cost: 0, words: [] };
  for (let i = 0; i < n; i++) {
    const from = best[i];
    if (!from) continue;
    for (let j = i + 1; j <= Math.min(n, i + longest); j++) {
      for (const [pieceCost, words] of options(i, j)) {
        const cost = from.cost + pieceCost;
        if (!best[j] || cost < best[j]!.cost) best[j] = { cost, words: [...from.words, words] };
      }
    }
  }
  return best[n]?.words ?? null;
}

/**
 * "họpthôn", "chínhquyềnthânthiện": marked syllables typed without spaces (a hashtag in lower case) split back into them,
 * at the least cost as splitAsciiWord weighs it ("an toàn", not "ant oàn"); null unless every piece is a syllable.
 */
export function splitMarkedWord(word: string): string[] | null {
  if (word.length === 0 || word.length > 60 || !/^\p{Ll}+$/u.test(word)) return null;
  return cheapestSplit(word.length, 7, (i, j) => {
    const piece = word.slice(i, j);
    if (!isVietnameseSyllable(piece)) return [];
    const plain = stripDiacritics(piece);
    return [[10 + (/^[aeiouy]/u.test(plain) ? 5 : 0) - (/[cmnptgh]$/u.test(plain) ? 1 : 0), piece]];
  });
}

/**
 * Splits a lower-case ASCII word into the fewest syllables and known pieces
 * (`known` returns the words for a piece such as "ubnd" or "gmail"), or
 * returns null when it cannot be read that way. Syllables without an onset
 * cost more ("ha tinh", not "hat inh"), syllables ending in a consonant less
 * ("yen hoa", not "ye nhoa"); `preferred` syllables cost less ("xa thach",
 * not "xat hach").
 */
export function splitAsciiWord(
  word: string,
  known: (piece: string) => string | undefined,
  preferred: (syllable: string) => boolean = () => false,
): string[] | null {
  if (word.length === 0 || word.length > 60 || !/^[a-z]+$/.test(word)) return null;
  return cheapestSplit(word.length, 12, (i, j) => {
    const piece = word.slice(i, j);
    const options: Array<[number, string]> = [];
    const syllable = asciiSyllable(piece);
    if (syllable) options.push([10 + (syllable.onset === '' ? 5 : 0) - (syllable.coda ? 1 : 0) - (preferred(piece) ? 2 : 0), piece]);
    // Two-letter abbreviations ("vp", "tp") at the start, or after a syllable when no vowel could make them one ("sogd").
    const knownWords = piece.length >= 3 || (piece.length === 2 && (i === 0 || (i >= 2 && !/[aeiouy]/.test(piece)))) ? known(piece) : undefined;
    if (knownWords !== undefined) options.push([piece.length === 2 ? 12 : 9, knownWords]);
    return options;
  });
}
