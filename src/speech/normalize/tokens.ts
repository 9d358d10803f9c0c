// Token shapes that mix letters and digits legitimately: units, clock times,
// sizes, road and kilometre codes. Shared by the OCR-noise warning
// (diagnostics.ts) and the per-sentence unreadable check (readability.ts), so
// "500m²", "7h00-11h30", "3x4" or "Km15+200" count as noise in neither.

import { UNIT_SYMBOLS } from './units.js';

/**
 * Units, clock times and their ranges: "5kg", "500m²", "50cm3", "10h30",
 * "7h00-11h30", "7g", "7giờ30", "7h30ph", "2tr", "m2", "km2", "1,5-2m"; sizes "3x4", "20x30cm".
 */
const NUM = '\\d+(?:[.,]\\d+)*';
const UNIT_SYMBOL = UNIT_SYMBOLS.filter((u) => /^[\p{L}°º]+$/u.test(u))
  .sort((a, b) => b.length - a.length)
  .join('|');
const UNIT = `(?:${UNIT_SYMBOL}|km|cm|mm|dm|kg|mg|ha|ml|kwh|kw|kv|mw|(?:[kcdm]|tr\\.)?m[23²³]|cc|tr|triệu|ph|ng|[°º]c|oc|[mglkhđpst])`;
// "02h45'12\"": an earthquake's time to the second.
const CLOCK = "\\d{1,2}(?:[hg]|giờ)\\.?(?:\\d{2})?(?:['′’]\\d{2}(?:''|′′|’’)?|['′’p]|ph)?";
// A cable's cores "3x50+1x35mm2" joined by a plus; a price typed "2ty1" without the mark; an age or a load typed "75t";
// a count of people typed "1ng" (người).
export const UNIT_OR_TIME = new RegExp(
  `^(?:${NUM}${UNIT}?(?:[-–x×÷~+]${NUM}${UNIT}?)*|${CLOCK}(?:[-–]${CLOCK})*|(?:[kcdm]|tr\\.)?m[23²³]|\\d{1,3}tr\\d{1,3}k?|\\d{1,3}k\\d{1,3}|\\d{1,3}t[ỷỉy]\\d{1,3}|\\dm\\d{1,2}|\\d{1,2}kg\\d{1,3})$`,
  'iu',
);
/** The chat's closing particles ("nộp sớm nhé", "xong rồi ạ", "vậy nhỉ"): a clause ends after them. A regular expression source. */
export const CLOSING_PARTICLE = '(?:nhé|nha|nhá|nhe|nhen|nghen|hen|nhỉ|ạ)';
/**
 * Things named by a letter ("lô B", "khu A", "hạng C", "tổ K", "vitamin A"): after them a lone letter is that name, not a
 * person's initial, a chat's "k" (không) or its "a", "e", "c" (anh, em, chị), nor OCR damage when a digit follows ("lô B4").
 */
export const LETTERED = ['lô', 'ô', 'dãy', 'khu', 'phân khu', 'hạng', 'loại', 'nhóm', 'tổ', 'đội', 'tòa', 'kiốt', 'ki ốt', 'vitamin'];
/** A legal text's parts ("điểm k khoản 1", "mục c"), a lane ("ngõ k", "kiệt a"), a letter called so ("chữ a"), a blood group,
 * an answer or an option ("nhóm máu a", "đáp án c", "phương án a"); so each letter of their list ("mục a, b, c báo cáo"). */
export const LETTER_NAMED_BEFORE = new RegExp(
  `(?<!\\p{L})(?:${[...LETTERED, 'điểm', 'tiết', 'mục', 'khoản', 'chữ', 'phụ lục', 'block', 'vi ta min', 'ngõ', 'ngách', 'hẻm', 'kiệt', 'nhóm máu', 'đáp án', 'phương án'].join('|')})(?:\\s*[a-zđ]\\s*(?:,|và|hoặc))*\\s*$`,
  'iu',
);
/** "giật c12", "gió mạnh C8": the wind's words before a level (cấp) typed as its initial glued to the number. */
export const WIND_LEVEL_BEFORE = /(?<!\p{L})(?:giật|gió|mạnh|bão)\s+$/iu;
/** A sentence about an earthquake, where "M3.6", "Mw5,1", "ML 3.2" are its magnitude. */
export const QUAKE_TALK = /động đất|dư chấn|địa chấn|chấn tiêu|tâm chấn|richter|rích te/iu;
/**
 * "B1 đăng nhập; B2 chọn Ví giấy tờ; B3 …", "B1: Truy cập …. B2: …": a how-to's steps (bước) labelled B and their number
 * at the head of a clause, where the text gives two of them or more and speaks of doing something, or where the step's
 * action follows ("hạng A1, B1", "lô B1" stay codes: no clause begins with them).
 */
export const STEP_LABEL = /(?<=(?:^|[:;\n]|[.!?]\s)\s?(?:[-•+]\s?)?)B([1-9])(?=\s?[:.)-]?\s?\p{L})/gu;
const STEP_TALK = /(?<!\p{L})(?:hướng dẫn|đăng nhập|đăng ký|chọn|bấm|nhấn|mở|cài|truy cập|nhập|quét|ứng dụng|app|tải|điền|gửi)(?!\p{L})/iu;
const STEP_ACTION = /^\s?[:.)-]?\s?(?:truy cập|đăng nhập|chọn|bấm|nhấn|mở|cài|nhập|quét|tải|điền|gửi|vào|kiểm tra|xác nhận|chụp|ký|nộp)(?!\p{L})/iu;
const STEP_AT = new RegExp(STEP_LABEL.source, 'uy');
/** Whether the B and digit at offset in text is such a step's label. */
export function isStepLabel(text: string, offset: number): boolean {
  STEP_AT.lastIndex = offset;
  if (!STEP_AT.test(text)) return false;
  return STEP_ACTION.test(text.slice(offset + 2, offset + 30)) || (STEP_TALK.test(text) && (text.match(STEP_LABEL)?.length ?? 0) >= 2);
}
/** A magnitude: its scale's letters (M, ML, Mw) glued to the value, a decimal typed with a dot or a comma. */
export const MAGNITUDE_TOKEN = /^M[LWw]?\d(?:[.,]\d{1,2})?$/u;
/** Words before a code such as "hạng B2", "khổ A4", "phòng C6", "lô B4". */
/** Also canals, roads and works named by a code: "kênh N8", "đường D2", "cống C3"; a plot's boundary marks "mốc M1, M4". */
/** A transformer "MBA T1" and the substation feeding a line "lộ 473 E18.2" too, and the next feeder's ("lộ 473 E18.2 - 475
 * E18.3"); a language's level "tiếng Anh A2". */
/** A fence's wire mesh by its grade: "rào lưới B40", "hàng rào B40". */
/** A vitamin typed short: "uống vit D3 mỗi ngày". */
/** The work may be qualified between: "đường nội đồng N3", "kênh tưới N2". A variety: "giống lạc L14", "lạc giống L14". */
export const CODE_BEFORE = new RegExp(
  `(?:${[...LETTERED, 'vit', 'bằng', 'lưới', 'rào', 'trình độ', 'cấp độ', 'bậc', 'khổ', 'giấy', 'cỡ', 'lớp', 'phòng', 'tầng', 'tuyến', 'trục', 'mẫu', 'biểu', 'phụ lục', 'điểm', 'toà', 'căn', 'bến', 'cổng', 'kho', 'sân', 'trạm', 'block', 'mã', 'ký hiệu', 'kênh', 'mương', 'cống', 'đường', 'cầu', 'đập', 'hồ chứa', 'mốc', 'cọc', 'cột', 'trụ', 'MBA', 'máy biến áp'].join('|')}|(?:lộ|XT|MC|xuất tuyến|máy cắt)\\s*\\d{3}|\\d{3}\\s+E\\d{1,3}(?:\\.\\d{1,2})?\\s*(?:[-–,/]|và)\\s*\\d{3}|tiếng\\s+\\p{L}+|giống\\s+(?:lúa|ngô|bắp|lạc|đậu|khoai|sắn|mía|chè|keo)|(?:lúa|ngô|bắp|lạc|đậu|khoai|sắn|mía|chè|keo)\\s+giống)(?:\\s+(?:nội đồng|nội thôn|liên thôn|liên xã|tưới|tiêu|chính|nhánh|cấp\\s+\\d))?\\s*$`,
  'iu',
);
/**
 * "gồm 3 tuyến: T1 dài …", "2 kênh: N1, N2": works counted, a colon, then their codes; or a code word right before.
 * (A count may be read already: a slot of the private-use area.)
 */
const COUNTED_BEFORE_COLON = /(?:(?<![\p{L}\p{N}])\d{1,3}|[\uE000-\uF8FF]|(?<!\p{L})các)\s+\p{L}+(?:\s+\p{L}+){0,3}\s*:\s*$/u;
export function isCodeWordBefore(before: string): boolean {
  return CODE_BEFORE.test(before) || (COUNTED_BEFORE_COLON.test(before) && CODE_BEFORE.test(before.replace(/\s*:\s*$/u, '')));
}
/**
 * "tuyến T1 dài 950m, T2 dài 820m, T3 dài 580m": after a comma or "và", a code of the letter of one a code word named
 * earlier in the sentence is the next item of that list, however much the first item said of itself.
 */
const LIST_ITEM_BEFORE = /(?:[,;]|(?<!\p{L})và)\s*$/u;
export function isListedAfterCodeWord(before: string, letter: string, codeWord: (before: string) => boolean = isCodeWordBefore): boolean {
  if (!/^\p{Lu}$/u.test(letter) || !LIST_ITEM_BEFORE.test(before)) return false;
  for (const m of before.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])${letter}\\d{1,4}(?![\\p{L}\\p{N}])`, 'gu'))) {
    if (codeWord(before.slice(0, m.index))) return true;
  }
  return false;
}

/** Road, kilometre and document codes read by their own passes; a ward or room by its letter ("P.14", "P.201", "Q.1"). */
export const CODES = /^[2-9]in1$|^H\d{1,2}N\d{1,2}pdm09$|^(?:DPT-VGB-|DPT-)?Hib\d$|^(?:QL|ĐT|TL|ĐH|HL|ĐX|Km|km|KM)\.?\d|^[PQ]\.\d{1,4}$|^K\d{1,4}\+\d{1,3}$|^\d+[-/]|[-/]\d+$/u;

/**
 * A spacing typo, not OCR damage: a Vietnamese word that carries its
 * diacritics glued to a number ("ngày15", "25hộ", "01người", "14h00ngày",
 * "lộ1A"). Returns the place to put the missing space, or -1. Bare letters
 * ("c6", "1am", "B4") stay suspect.
 */
export function gluedWordSplit(token: string, isWord: (w: string) => boolean): number {
  const lead = /^(\p{L}{2,})(?=\d)/u.exec(token);
  if (lead && isWord(lead[1])) return lead[1].length;
  const tail = /(?<=\d)(\p{L}{2,})$/u.exec(token);
  if (tail && isWord(tail[1])) return tail.index;
  return -1;
}

/** Words after which a weekday "T6" is a weekday: "T2, T4", "T6 hàng tuần", "T7 và CN". */
/** "tiền rác T11", "lương T7", "kỳ T12": after a monthly bill or pay, T and a number is its month (tháng), no weekday. */
export const BEFORE_SHORT_MONTH = /(?<!\p{L})(?:lương|phí|học phí|cước|kỳ|hóa đơn|hoá đơn|tiền\s+(?:điện|nước|rác|học|nhà|thuê|ăn|quỹ))\s*$/iu;
/** "lịch tcmr t12", "lịch tiêm T10": after a schedule, T and a number no weekday has (1, 8 to 12) is its month. */
const SCHEDULE_BEFORE = /(?<!\p{L})lịch(?:\s+\p{L}+){0,2}\s*$/iu;
export function isScheduleMonth(n: number, before: string): boolean {
  return (n === 1 || n >= 8) && SCHEDULE_BEFORE.test(before);
}
/** Whether "T11", "t12" (already split into its number) is a month by the words before it. */
export function isShortMonth(n: number, before: string): boolean {
  return BEFORE_SHORT_MONTH.test(before) || isScheduleMonth(n, before);
}
export const AFTER_WEEKDAY = /^(?:và|đến|tới|hàng|hằng|tuần|này|sau|trước|ngày|các|mỗi|sáng|chiều|tối|trưa|cn|CN)$/u;
/** Words before a weekday: "sáng T7 làm việc", "từ T2", "chiều T6 họp"; another weekday and a dash ("t2 - t6"). */
/** Also the next of a list of them ("các ngày t3, t5, t7"). */
export const BEFORE_WEEKDAY = /(?:^|\s)(?:sáng|chiều|tối|trưa|đêm|từ|đến|tới|trước|trc|và|hoặc|các|ngày|mỗi|hàng|hằng)\s*$|(?<![\p{L}\p{N}])t[2-7]\s*(?:[-–]|,|và|hoặc|hay)\s*$/iu;
/**
 * "sáng mai t7", "chiều nay t6", "tuần sau t2": typed in lower case on a phone, the day named first still makes a weekday
 * ("Sáng nay T6 dân phố" in capitals stays a damaged "Tổ").
 */
export const BEFORE_LOWER_WEEKDAY = /(?:^|\s)(?:(?:sáng|chiều|tối|trưa|đêm)\s+(?:mai|nay)|mai|tuần\s+(?:sau|tới|này))\s*$/iu;
/** "ngày 5/1 (t2)", "Mai (t5)": a weekday typed short in brackets after the date or the day it names. */
export const BEFORE_BRACKETED_WEEKDAY = /(?:(?:^|\s)(?:(?:sáng|chiều|tối|trưa|đêm)\s+(?:mai|nay)|mai|hôm nay|tuần\s+(?:sau|tới|này))|(?<![\p{L}\p{N}])\d{1,2}\/\d{1,2}(?:\/\d{2,4})?)\s*\(\s*$/iu;
/**
 * "đổi sang t4 chứ ko phải t3": a weekday typed short set against another weekday of the sentence, after the word that
 * sets them apart or moves one to the other.
 */
export const CONTRAST_BEFORE = /(?<!\p{L})(?:phải|hay|hoặc|sang|thay vì)\s*$/iu;
const WEEKDAY_WRITTEN = /(?<![\p{L}\p{N}])(?:[Tt][2-7]|[Tt]hứ\s+(?:[2-7]|hai|ba|tư|năm|sáu|bảy))(?![\p{L}\p{N}])/gu;
export function weekdaysWritten(sentence: string): number {
  return sentence.match(WEEKDAY_WRITTEN)?.length ?? 0;
}
/**
 * Typed on a phone, "t2" to "t7" in lower case is a weekday ("họp vào t7", "CA xã làm cả t7,cn", "lịch trực t3,t5,t7")
 * unless a thing numbered by a code stands before it ("phòng t7", "lô t3") or a month may be meant ("trong t6", "cuối t6",
 * "t6/2026", "t6 năm 2026").
 */
const NOT_WEEKDAY_BEFORE = /(?<!\p{L})(?:phòng|tầng|khu|lô|dãy|ô|căn|tòa|toà|kiốt|ki ốt|quầy|kho|block|tổ|đội|nhóm|lớp|mẫu|mã|số|loại|hạng|tháng|quý|đầu|cuối|giữa|trong)\s*$/iu;
const NOT_WEEKDAY_AFTER = /^(?:\s*[./]\d|\s+năm\s+\d)/u;
export function isLowerWeekdayByDefault(before: string, after: string): boolean {
  return !NOT_WEEKDAY_BEFORE.test(before) && !NOT_WEEKDAY_AFTER.test(after);
}
/** "t4 (24/12)": a weekday typed short before its date in brackets. */
export const BRACKETED_DATE_AFTER = /^\s*\(\s*\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\s*\)/u;
/** What follows a weekday typed short that makes it one: a dash to another ("t2-t6", "t2 - cn"). */
/** Or a choice of two: "t5 hay t6". */
export const WEEKDAY_RANGE_AFTER = /^\s*(?:[-–]|hay)\s*(?:t[2-7]|cn)(?![\p{L}\p{N}])/iu;

/** "đến hết Q3", "Q4 năm 2025", "Q4/2025": a quarter (quý) typed short in talk of time, by the words before or after it. */
export const BEFORE_QUARTER = /(?<!\p{L})(?:hết|cuối|đầu|giữa|trong|sau)\s+$/iu;
export const AFTER_QUARTER = /^\s*(?:\/\s*|năm\s+)(?:19|20)\d{2}(?!\d)/u;

/** "bê tông M250", "vữa XM M75": a concrete's or mortar's grade (mác) a few words after the material. */
export const CONCRETE_BEFORE = /(?<!\p{L})(?:bê tông|BTXM|BTCT|BT|vữa|xi măng|XM)(?!\p{L})[^,;.()]{0,20}$/iu;

/**
 * "tại nhà ô. Hòa", "hộ ô. Nguyễn Văn Tâm", "liên hệ ô. Sơn": a lower-case "ô." after a word that goes before a person
 * is the title "ông", no umbrella ending a sentence ("mang theo áo mưa, ô. Trời …" stays two sentences).
 */
export const MISTER_BEFORE = /(?<!\p{L})(?:nhà|hộ|gia đình|gặp|mời|thăm|liên hệ|lh|của|với|cho|là|và|hoặc|bà|đồng chí|đ\/c)\s+$/iu;

/** A house number before a street's name: a slashed one ("25/7", "12/3A"), or one after its word ("số 12", "ngõ 45"). */
export const HOUSE_NUMBER = String.raw`(?:(?<![\p{L}\p{N}.,])\d{1,4}[A-Z]?(?:\/\d{1,4}[A-Z]?)+|(?<!\p{L})(?:[Ss]ố|[Ss]ố nhà|[Nn]gõ|[Nn]gách|[Hh]ẻm|[Kk]iệt)\s+\d{1,4}[A-Z]?)`;
