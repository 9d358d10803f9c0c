// Sentence splitting for announcement text. Text pasted from PDFs is wrapped
// mid-sentence, so line breaks only end a sentence where the layout says so
// (a finished line, a list item, a heading); full stops do not end one after
// "TP.", inside "2,5" or "15.12", or after a heading marker such as "I.".

import { stripSlotCharacters, textBefore } from './context.js';
import { fromLegacyFont } from './legacy-fonts.js';
import { isVietnameseSyllable } from './syllables.js';
import { CLOSING_PARTICLE, HOUSE_NUMBER, LETTERED, MISTER_BEFORE } from './tokens.js';

const EMOJI_AFTER_PARTICLE = new RegExp(`(?<=(?<!\\p{L})${CLOSING_PARTICLE})\\s*\\p{Extended_Pictographic}+\\s*(?=\\p{Ll})`, 'gu');

/** Markup and invisible characters that would otherwise be read or break matching. */
// A leading \s* starts only where a run of spaces does ((?<!\s)): tried inside a long run, it rescanned the run each time.
export function cleanSource(text: string): string {
  return unglueChat(fromLegacyFont(stripSlotCharacters(text.normalize('NFC'))))
    // Also the variation selectors of emoji ("⚠️"), combining marks that would cling to the next word.
    .replace(/[\u200b-\u200d\ufeff\ufe00-\ufe0f]/g, '')
    // Spaces of every width, and runs of them, are one space, so "liên  hệ ☎️" reads as "liên hệ ☎️" does.
    .replace(/[ \u00a0\t\u2000-\u200a\u202f]{2,}|[\u00a0\t\u2000-\u200a\u202f]/g, ' ')
    // "( 0239 ) 3.856.113", "( thứ Hai )": spaces inside brackets go, so what is in them is found as it is when typed close.
    .replace(/\( +/g, '(')
    .replace(/(?<=\S) +\)/g, ')')
    // "… 16h. 👉 Địa điểm: …", "lưu ý: ❌ Không ra khơi ❌ Không đi lại": an emoji opening an item stands for a pause.
    // (From the run's first emoji only: tried at each of a long run's emoji, the run was crossed again each time.)
    // One that opens a quotation, close after its mark ('biển báo "⛔ Nguy hiểm - Cấm qua lại"'), only decorates it.
    .replace(/(?<![\s\p{Extended_Pictographic}])\s*\p{Extended_Pictographic}+\s*(?=\p{Lu})/gu, (m: string, offset: number, all: string) =>
      !/^\s/u.test(m) && /(?:^|\s)["“«(\[]$/u.test(textBefore(all, offset, 40))
        ? ''
        : offset === 0 || /[.,;:!?]$/u.test(textBefore(all, offset, 40).trimEnd()) ? ' ' : ', ',
    )
    // "nước lên nhanh ở xóm 3 ⛔ cấm qua cầu tràn", "Bà con lưu ý❗❗ bão số 5": a warning, a siren or a pointer between two
    // words parts them, before a lower-case one too (a thumb or a heart "7h30👍 họp thôn" is only a smile).
    .replace(/(?<=[\p{L}\p{N}])\s*[⛔❗❕‼⁉❌⚠🆘🚫🚨📢📣👉➡🔴🔥⚡]+\s*(?=\p{Ll})/gu, ', ')
    // "mang ghế theo nhé 🎬 ai cần hỏi gì …": an emoji after a chat's closing word ends its clause before the next one.
    .replace(EMOJI_AFTER_PARTICLE, ', ')
    // "đi lạc từ chiều 14/12 ☎️ 0988…": a telephone before a number after other words is a pause too ("liên hệ ☎️ 0912" none).
    .replace(/(?<![\s☎📞📱])\s*[☎📞📱]+\s*(?=\d)/gu, (_m, offset: number, all: string) =>
      offset === 0 || /(?:[.,;:!?]|(?<!\p{L})(?:liên hệ|gọi|hoặc|và|số|qua|điện thoại|SĐT|ĐT|hotline))$/iu.test(textBefore(all, offset, 40).trimEnd()) ? ' ' : ', ',
    )
    // "1️⃣ Mang CCCD 2️⃣ Mang sổ": a digit on a keycap numbers a list, read as "1. …; 2. …" is.
    .replace(/(?<!\s)\s*(\d)\u20e3\s*/gu, (_m, digit: string, offset: number) => (offset === 0 ? `${digit}. ` : `; ${digit}. `))
    // "Ðề nghị", "ÐT.605": the Icelandic eth or the African D that old fonts and converters put for Đ and đ.
    .replace(/[\u00d0\u0189]/gu, 'Đ')
    .replace(/[\u00f0\u0256]/gu, 'đ')
    // "Thanh Hương,xóm 4,H. Lộc Hà", "ấp Phú Lợi,TP. Châu Đốc": a comma typed without its space between words still parts
    // them, so "H.", "TP." after it open a place name as they do after ", ".
    .replace(/(?<=\p{L}),(?=\p{L})/gu, ', ')
    // So do a colon and a semicolon: "chỉ huy trưởng:KS. Lê Văn Đức", "Kim Liên;P. 307" (a clock's "3:45" stays).
    .replace(/(?<=\p{L})([:;])(?=\p{L})/gu, '$1 ')
    // "t7 ngày 13/12,7:30 tại NVH": a date and the time after it, parted by a comma typed without its space.
    .replace(/(?<=(?<![\d/])\d{1,2}\/\d{1,2}),(?=\d{1,2}(?::\d{2}|[hg]\d{0,2})(?![\p{L}\p{N}]))/gu, ', ')
    // "vào bờ.Các hộ", "Đông Nam.Sức gió": a full stop typed without its space still ends the sentence (two lower-case
    // letters before it, so "TP.Vinh", "a.Tuấn" stay as they are).
    // "hộ dân.A/c nộp", "đ/c" too; "trong xã.GVCN lớp": an abbreviation in capitals opening the next ("tp.HCM", a web
    // address's ".VN" stay).
    // "thị trấn Thạch Hà.Giá 13k": after a name of two letters too, unless shortened ("Tp.Vinh", "Tx.Hương Trà").
    .replace(/(?=\.)(?<=(?<![\p{L}.@])(\p{Lu}?\p{Ll}*\p{Ll}{2}|\p{Lu}\p{Ll}))\.(?=\p{Lu}\/?\p{Ll}|(\p{Lu}{2,6})\s)/gu, (stop: string, word: string, capitals: string | undefined) =>
      DOTTED_WORDS.has(word) || /^C[Tt]y$/u.test(word) || (capitals !== undefined && /^(?:VN|COM|NET|ORG|GOV|EDU|INFO)$/u.test(capitals)) ? stop : '. ',
    )
    // "giật cấp 9-10.Sóng cao 3-4m", "tăng 300đ.Giá ngô", "QL1A.Các xe", "500M.XE TẢI": after a number and its unit or
    // letter too.
    // A unit per another too: "xả tràn 350m3/s.Các hộ", "40km/h.Xe", "dt 180m².Ai"; a percentage: "giảm 30%.Các hộ",
    // "giảm 30 %.Các hộ".
    .replace(/(?<=\d(?:[\p{L}²³]{0,3}(?:\d?\/\p{L}{1,3})?| ?%))\.(?=\p{Lu}\p{Ll}|\p{Lu}{2,}\s)/gu, '. ')
    // "nhé!!Các hộ", "Lưu ý!!!Các hộ": marks of a cry or a question typed without their space before the next sentence.
    .replace(/(?=\p{Lu}\p{Ll})(?<=\p{L}[!?]+)/gu, ' ')
    // "***LỊCH CẮT ĐIỆN*** Thứ 2 …": a heading in stars opening the text, before the notice on the same line, ends in a pause.
    .replace(/^(\s*)\*{2,}([^*\n]{2,80}?)\*{2,}(?=[ \t]*\p{L})/u, (_m, space: string, heading: string) =>
      `${space}${heading}${/[.:!?]\s*$/u.test(heading) ? '' : ':'} `,
    )
    // "giật cấp 13.dự kiến", "150k/mũi.thời gian", "H.Hương Sơn.sđt", "nước dâng.ai cần": before a lower-case word, when
    // one side is spelled with a Vietnamese letter, which no web or e-mail address holds ("gmail.com", "tp.hcm" stay),
    // or the word is one that opens a clause ("nha.ai ko đi").
    // (Looked for from the stop, (?=\.) first: a look-behind tried at every letter of a long word stepped back over all of it.)
    // A water works' output "3.000m³/ngày.đêm" is per day and night, one unit after its slash, no stop.
    .replace(/(?=\.)(?<=(?<![\p{L}\p{N}.@])(\p{Lu}?\p{Ll}{2,}|\d{1,4}))\.(?=(\p{Ll}{2,})(?![\p{L}\p{N}]|[.@\/]))/gu, (stop: string, word: string, next: string, offset: number, all: string) =>
      !DOTTED_WORDS.has(word) && !(word === 'ngày' && next === 'đêm' && all[offset - word.length - 1] === '/') && (VIETNAMESE_LETTER.test(word) || VIETNAMESE_LETTER.test(next) || /^(?:ai|mai|xin|anh|em|con|cho|mn|mng|ae|ace)$/u.test(next)) ? '. ' : stop,
    )
    // "Sổ hộ khẩu (nếu có).Nộp cho …": after a closing bracket too, before "Đ/c", "A/c" or capitals ("(T4).Đ/c nào", "(xóm 2).UBND").
    .replace(/\)\.(?=\p{Lu}\/?\p{Ll}|\p{Lu}{2,6}\s)/gu, '). ')
    // "tại TYT.Nhớ mang theo", "họp ở UBND xã.Các hộ", "TP.HCM.Các đ/c", "123/UBND-VP.các thôn": after an abbreviation
    // in capitals too, unless a title or a town writes its name so ("TP.Vinh", "TT.Phố Châu", "BS.Lan"); before a chat
    // word too ("ở NVH.mn đến sớm").
    .replace(/(?<![\p{L}\p{N}])(\p{Lu}{2,6})\.(?=\p{Lu}\p{Ll}|\p{Ll}{2,}(?![\p{L}\p{N}]|[.@\/])(?<=\.\p{Ll}*[^\p{ASCII}\P{Ll}]\p{Ll}*)|(?:mn|mng|ae|ace)(?![\p{L}\p{N}.@\/]))/gu, (typed: string, abbreviation: string) =>
      DOTTED_WORDS.has(abbreviation) || TITLES.has(abbreviation) || NAME_PREFIXES.has(abbreviation) ? typed : `${abbreviation}. `,
    )
    // Markdown's bold marks go; asterisks hiding digits of a number ("0912***456") stay for the telephone pass.
    .replace(/\*{2,}/g, (run: string, offset: number, all: string) =>
      /\d/u.test(all[offset - 1] ?? '') && /\d/u.test(all[offset + run.length] ?? '') ? run : run.replace(/\*\*/g, ''),
    )
    .replace(/__/g, '')
    .replace(/\.\/\./g, '.');
}

/** What a chat types around its words, undone before anything reads them (the diagnostics too). */
function unglueChat(text: string): string {
  // "lúc 7h30🙏", "nộp 500k✅": an emoji glued to the word before it stands apart, so the time or sum is read.
  return text.replace(/(?<=[\p{L}\p{N}])(?=\p{Extended_Pictographic})/gu, ' ').replace(DRAWN_OUT, sayOnce).replace(HEART, ' ');
}

/**
 * "cảm ơn bà con <3", "yêu cả nhà <333": a heart typed as "<3" closing thanks or a wish is no "dưới ba" ("trẻ <3 tuổi",
 * "nhiệt độ <3°C" stay). The heart is looked for first: the look-behind over the words before, tried at every letter, was slow.
 */
const HEART = /(?=<3)(?<=(?<!\p{L})(?:cảm ơn|cám ơn|thương|yêu|chúc|mừng|nhé|nha|ạ|nhiều|lắm|mọi người|bà con|cả nhà|các bạn|mn)(?:\s+\p{L}+){0,4}\s*(?:<3+\s*)*)<3+(?=\s*(?:[.,!?;]|\p{Extended_Pictographic}|<3|$))/giu;

/** "mn ơiii", "nhaaa", "nhéee", "ạaa": a chat's last vowel drawn out by typing it again and again. */
const DRAWN_OUT = /(?<![\p{L}\p{N}])\p{Ll}*([aeiouy])\1+(?![\p{L}\p{N}])/gu;
/**
 * The drawn-out word said once: the repeats after the same vowel with its mark go, a run of three or more or one that
 * leaves a Vietnamese syllable is one letter ("free", "Hawaii" stay).
 */
function sayOnce(word: string): string {
  // "học kỳ ii", "thế kỷ xiii": a Roman numeral typed in lower case.
  if (/^[ivxlc]+$/u.test(word)) return word;
  const [, stem, vowel, run] = /^(.*?)([aeiouy])(\2+)$/u.exec(word)!;
  if (stem.slice(-1).normalize('NFD').charAt(0) === vowel) return stem;
  const once = `${stem}${vowel}`;
  return !isVietnameseSyllable(word) && (run.length >= 2 || isVietnameseSyllable(once)) ? once : word;
}

const VIETNAMESE_LETTER = /[^\p{ASCII}\P{Ll}]/u;

/** Numbered headings ("1.", "2.1", "a)") sit on one line of their own. */
const HEADING_START = /^(?:\d{1,2}(?:\.\d{1,2})+[.)]?\s|\d{1,2}[.)]\s|[IVXLC]+(?:\.\d{1,2})*\.\s|[a-zđ]\)\s)/u;
const LIST_START = new RegExp(`^[-+•*–—]|${HEADING_START.source.slice(1)}`, 'u');
const ENDS_UNIT = /[.!?:;…][\s"”’)]*$/u;
/** Short lines followed by a capitalised line are titles or headings, not wraps. */
const SHORT_LINE = 50;

function isCapsLine(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, '');
  return letters.length >= 4 && letters === letters.toUpperCase();
}

/** Joins wrapped lines back into paragraphs; each returned unit may hold several sentences. */
function paragraphs(text: string): string[] {
  const units: string[] = [];
  let current = '';
  let previous = '';
  for (const raw of text.split(/\r?\n|\r/)) {
    const line = raw.trim().replace(/\s+/g, ' ');
    if (!line) continue;
    const startsNew =
      !current ||
      ENDS_UNIT.test(previous) ||
      LIST_START.test(line) ||
      isCapsLine(line) ||
      isCapsLine(previous) ||
      ((previous.length < SHORT_LINE || (HEADING_START.test(previous) && !/,$/.test(previous))) && /^\p{Lu}/u.test(line));
    previous = line;
    if (startsNew) {
      if (current) units.push(current);
      current = line;
    } else {
      current = `${current} ${line}`;
    }
  }
  if (current) units.push(current);
  return units;
}

/** Words that end with a full stop without ending the sentence. */
/** Also a place's level before its name ("KP. Tân Lập", "TDP. Bắc Hà") and a surname shortened ("Ng. Văn Cừ"). */
const DOTTED_WORDS = new Set(['Mr', 'Ms', 'Mrs', 'TP', 'Tp', 'tp', 'TX', 'Tx', 'tx', 'TT', 'KP', 'TDP', 'KDC', 'KĐT', 'KCN', 'CCN', 'KV', 'Ng', 'ThS', 'TS', 'BS', 'DS', 'Ds', 'PGS', 'GS', 'KS', 'Th', 'KT', 'TM', 'TL', 'TUQ', 'Đ/c', 'đ/c', 'St', 'Ths']);
/** The signing of a document for another: "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "TL.", "TUQ.". */
const SIGNING = new Set(['KT', 'TM', 'TL', 'TUQ']);
/** Titles written before the body they hold office in ("TP." never ends a sentence: DOTTED_WORDS). */
const TITLES = new Set(['CT', 'PCT', 'BT', 'PBT', 'TB', 'PTB', 'CHT', 'CHP', 'GĐ', 'PGĐ', 'PTP', 'CVP', 'PCVP', 'UV', 'UVBTV', 'UVBCH']);
/** Capitals written with a full stop against the name they head: a quarter, a residential area, a degree, a hospital. */
const NAME_PREFIXES = new Set(['KP', 'TDP', 'KDC', 'CN', 'KTS', 'LS', 'HLV', 'BV']);
const MARKER_ONLY = /^(?:[-+•*–—]\s*)?(?:\d{1,2}(?:\.\d{1,2})*|[IVXLC]+(?:\.\d{1,2})*|[a-zđ])$/u;
/** A numbered item inside a sentence: "Nội dung: 1. Bầu Trưởng thôn; 2. Bàn …". */
/** Also a part or an article after a semicolon: "Phần I. Kết quả …; Phần II. Phương hướng …". */
/** (A clock's minutes are none: "họp lúc 19:30. Nội dung: …".) */
/** Or after a heading's spaced dash, as a plan's lines pasted into one: "III. PHÂN CÔNG NHIỆM VỤ - 1. Văn phòng …" (not after a number: "18 - 20. Trời"). */
/** A part numbered in Roman numerals so too: "Báo cáo gồm: I. Kết quả; II. Phương hướng", "NĂM 2027 - II. CÁC CHỈ TIÊU". */
const INLINE_MARKER = /(?:(?<!\d)[:;]\s*|[:;]\s+)\d{1,2}$|(?<=[\p{L})])\s+[-–—]\s+\d{1,2}$|(?:[:;]\s*|(?<=[\p{L}\p{N})])\s+[-–—]\s+)[IVX]{1,5}$|(?:^(?:[-+•*]\s*)?|[:;]\s*)(?:Điều|Khoản|Mục|Chương|Phần|ĐIỀU|CHƯƠNG|PHẦN)\s+(?:\d{1,3}|[IVXLC]+)$/u;
// From a run's first mark only: tried at each mark of a long run ("??????…"), the run was crossed again each time.
const BREAK = /(?<![.!?…])([.!?…]+)([\s"”’)\]]*)(?=\s+["“‘(\[]?[\p{Lu}\p{N}\-+•]|\s*$)/gu;
/** "mái nhé. ai cần hỗ trợ gọi …": typed on a phone, the next sentence may open in lower case after a word of its own. */
// The lookahead first: a lookbehind tried at every character of a long word was quadratic.
/** Also after a name, a number, a per or capitals: "huyện Hương Sơn. sđt liên hệ …", "giật cấp 13. dự kiến …", "4m3/hộ/tháng. nộp", "UBND-VP. các thôn". */
/** After a question or a cry, the chat's pronoun opens the next one too: "đục ngầu vậy ko? e hỏi bên cấp nước …". */
const LOWER_BREAK = /(?=[.!?])(?<=(?<![\p{L}\p{N}.])(?:\p{Lu}?\p{Ll}{2,}|\p{Lu}{2,6}|\d{1,4}))([.!?]+)(?=\s+\p{Ll}{2}|(?<=[!?])\s+[aect]\s+\p{Ll})/gu;

/**
 * What a letter closing a sentence follows: a grade's, a class's or a block's word ("độ C", "hạng B", "khu A", "cấp V",
 * "bảng A, B, C"). After a name or a title a capital letter is an initial ("Trần V. Nam", "Hộ B. Lan", "P. Tân Phong").
 */
const LETTER_AFTER = new RegExp(
  `(?<!\\p{L})(?:${[...LETTERED, 'báo động', 'BĐ', 'cloramin', 'super', 'độ', 'bảng', 'nhà', 'cấp', 'thứ', 'giải', 'lớp', 'phòng', 'tầng', 'cổng', 'khối', 'cúm', 'viêm gan', 'nhóm máu', 'tuýp', 'mức', 'vùng', 'bậc', 'căn', 'khoa', 'ấp', 'xóm', 'thôn', 'tiểu khu'].join('|')})\\s+(?:\\p{Lu},\\s*)*$`,
  'iu',
);
/** A hamlet's or an area's letter after its name: "ấp Trà Cú A.", "ấp Tân Hòa A, Tân Hòa B.". */
const PLACE_LETTER_AFTER = /(?<!\p{L})(?:ấp|thôn|xóm|bản|làng|buôn|khu|khóm|khu phố|tổ dân phố)\s+(?:\p{Lu}\p{Ll}*\s+){1,3}(?:\p{Lu},\s*(?:\p{Lu}\p{Ll}*\s+){1,3})*$/u;
/** Of those, the places and the people that can be counted or owned too ("12 KDC", "của BS", "30 đ/c"). */
const DOTTED_PLACES = new Set(['KP', 'TDP', 'KDC', 'KĐT', 'KCN', 'CCN', 'KV']);
const DOTTED_NOUNS = new Set([...DOTTED_PLACES, 'BS', 'KS', 'DS', 'đ/c', 'Đ/c']);
const CLOSING_NOUN_BEFORE = /(?:\d|(?<!\p{L})(?:của|các)|(?<!\p{L})(?:thôn|xóm|ấp|bản|làng),)\s+$/u;
/** After a place's word, what opens a sentence, not the place's name: a capitalised word and a lower-case one ("qua KDC.
 * Thi công", not "KDC. Đồng Mới"). A person's title is left out: "BS. Lan khám" is a doctor's name. */
const SENTENCE_OPENING = /^\s*\p{Lu}\p{Ll}*\s+\p{Ll}/u;

const AFTER_HOUSE_NUMBER = new RegExp(`${HOUSE_NUMBER}\\s+$`, 'u');

const LOOK_BACK = 200;

function splitParagraph(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  const breaks = [...paragraph.matchAll(BREAK), ...[...paragraph.matchAll(LOWER_BREAK)].filter((m) => !DOTTED_WORDS.has(/[\p{L}\p{N}]+$/u.exec(paragraph.slice(0, m.index))?.[0] ?? ''))];
  for (const m of breaks.sort((a, b) => a.index! - b.index!)) {
    const end = m.index! + m[0].length;
    // Only the end of a long run is looked at (every check below is anchored at its end, or matches a short run
    // whole): slicing the whole run at each of thousands of "1." was quadratic.
    const before = (m.index! - start > LOOK_BACK ? paragraph.slice(m.index! - LOOK_BACK, m.index!) : paragraph.slice(start, m.index!)).trim();
    // "(TP. Vinh)": a bracket or quote before the word is no part of it.
    const lastWord = (before.split(/\s+/).pop() ?? '').replace(/^["“‘'(\[]+/u, '');
    // "ngõ 168, đ. Nguyễn Du": a street shortened after a comma, not the đồng ending "giá 20.000 đ.".
    // "25/7 đ. Lê Văn Sỹ", "số 12 đ. Lê Lợi": after a house number too.
    const street = lastWord === 'đ' && (/(?:^|[,;:(])\s*đ$/u.test(before) || (AFTER_HOUSE_NUMBER.test(before.slice(0, -1)) && /^\s*\p{Lu}\p{Ll}/u.test(paragraph.slice(end))));
    // "điểm a. Khoản 2 Điều 5": a point's letter before the clause it belongs to.
    // "xã Cẩm Lạc, h. Cẩm Xuyên, t. Hà Tĩnh": an address unit shortened after a comma.
    // "ở p. Tân Hòa", "nhà e ở kp. Long Điền": after a word of where, before a name, a ward or a quarter typed short.
    const unit = /,\s*[pqxht]$/u.test(before) ||
      (/(?<!\p{L})(?:ở|tại|thuộc)\s+(?:[pqxh]|kp|tdp)$/u.test(before) && /^\s*\p{Lu}\p{Ll}/u.test(paragraph.slice(end)));
    const point = /(?<!\p{L})(?:điểm|tiết)\s+[a-zđ]$/iu.test(before) && /^\s*(?:khoản|điều|mục)\s/iu.test(paragraph.slice(end));
    // "họp tại nhà ô. Hòa": the title ông shortened before a name.
    const mister = lastWord === 'ô' && MISTER_BEFORE.test(before.slice(0, -1)) && /^\s*\p{Lu}\p{Ll}/u.test(paragraph.slice(end));
    // "0912 345 678 (a. Nam)", "liên hệ c. Lan": a chat's title anh, chị, em shortened with a full stop before a name.
    const chatTitle = /^[ace]$/u.test(lastWord) && /^\s*\p{Lu}\p{Ll}/u.test(paragraph.slice(end)) && !/^\s*(?:Khoản|Điều|Mục)\s/u.test(paragraph.slice(end)) &&
      (/\(\s*[ace]$/u.test(before) || /(?:\d|[,:–-]|(?<!\p{L})(?:liên hệ|lh|gặp|gọi|mời|báo|hỏi|nhờ|với|cho|của|và|hoặc|đ\/c))\s*[ace]$/iu.test(before));
    // "PCT. UBND xã", "PBT. ĐU": a title shortened with a full stop before the body it belongs to.
    const title = TITLES.has(lastWord) && /^\s*\p{Lu}{2,}(?![\p{Ll}])/u.test(paragraph.slice(end));
    // "ĐT. 741", "QL. 1A": a road's class with a full stop and a space before its number.
    const road = /^(?:QL|ĐT|ĐH|HL|ĐX)$/u.test(lastWord) && /^\s*\d{1,4}[A-Z]?(?![\p{L}\p{N}]|[.,]\d)/u.test(paragraph.slice(end));
    // "dưới 0 độ C. Sáng 8/1 …", "3 bảng A, B, C. Đội …": a grade's letter ends the sentence.
    // (A capital with a tone, "LƯU Ý.", is a word; "Ô." is the title ông.)
    const initial = /^[A-ZĐÔ]$/u.test(lastWord) && (lastWord === 'Ô' || !(LETTER_AFTER.test(before.slice(0, -1)) || PLACE_LETTER_AFTER.test(before.slice(0, -1))));
    // "tại 12 KDC. Các tổ chức", "chỉ định của BS. Công tác", "các thôn, TDP. Lắp đặt", "12 đ/c. Cử tri": counted or
    // owned, or a place before a sentence's opening ("khi qua KDC. Thi công"), the shortened word is a noun closing the
    // sentence, no name's prefix.
    // "Lưu: VT, KT. Quyết định …": a signature's KT., TM. closing a list of copies is the department kept, no signing "KT. CHỦ TỊCH".
    const prefix =
      DOTTED_WORDS.has(lastWord) &&
      !(DOTTED_NOUNS.has(lastWord) && (CLOSING_NOUN_BEFORE.test(before.slice(0, -lastWord.length)) || (DOTTED_PLACES.has(lastWord) && SENTENCE_OPENING.test(paragraph.slice(end))))) &&
      !(SIGNING.has(lastWord) && /\p{Lu}\s*,\s*\p{Lu}+$/u.test(before) && !/^\s*\p{Lu}{2,}(?!\p{Ll})/u.test(paragraph.slice(end)));
    if (m[1] === '.' && (street || unit || point || mister || chatTitle || title || road || prefix || initial || MARKER_ONLY.test(before) || INLINE_MARKER.test(before))) continue;
    const sentence = paragraph.slice(start, end).trim();
    if (sentence) sentences.push(sentence);
    start = end;
  }
  const rest = paragraph.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

/** Splits announcement text into its sentences, as written (not yet normalized). */
export function splitSentences(text: string): string[] {
  return splitCleaned(cleanSource(text));
}

/** The same for text cleanSource has cleaned already. */
export function splitCleaned(cleaned: string): string[] {
  return paragraphs(cleaned).flatMap(splitParagraph);
}
