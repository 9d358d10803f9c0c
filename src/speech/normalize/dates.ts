// Dates, months, clock times and weekdays, read the way a commune announcer
// reads them: "mồng" before days 1–10, "tháng tư" for April, "tháng giêng" and
// "tháng chạp" for lunar months 1 and 12, "bảy giờ ba mươi" for 7h30.

import { type Context, SLOT, WORD_END, WORD_START, textBefore, textAfter } from './context.js';
import { readInteger, readNumberToken, readOrdinal } from './numbers.js';
import { letterName } from './syllables.js';
import { AFTER_WEEKDAY, BEFORE_BRACKETED_WEEKDAY, isCodeWordBefore, isListedAfterCodeWord, BEFORE_LOWER_WEEKDAY, BEFORE_WEEKDAY, CONTRAST_BEFORE, WEEKDAY_RANGE_AFTER, isLowerWeekdayByDefault, isScheduleMonth, isShortMonth, weekdaysWritten } from './tokens.js';
import { RATIO_TALK } from './units.js';

const LUNAR_MARK = /(?<!\p{L})(?:âm lịch|ÂL)(?!\p{L})/iu;
const CAN_CHI_YEAR = /(?<!\p{L})năm\s+(?:Giáp|Ất|Bính|Đinh|Mậu|Kỷ|Canh|Tân|Nhâm|Quý)\s+(?:Tý|Sửu|Dần|Mão|Mẹo|Thìn|Tỵ|Tị|Ngọ|Mùi|Thân|Dậu|Tuất|Hợi)(?!\p{L})/u;
const MONG_BEFORE = /(?:mồng|mùng)\s*$/iu;
/** Also a helmet's cover: "mũ bảo hiểm 3/4", "mũ 1/2 đầu". */
const FRACTION_BEFORE = /(?:chiếm|khoảng|hơn|gần|còn|đạt|được|bằng|tới|trong|(?<!\p{L})mũ(?:\s+bảo hiểm)?(?:\s+(?:loại|kiểu|dạng))?)\s*$/iu;
const SCALE_AFTER = /^\s*(?:triệu|tỷ|tỉ|nghìn|ngàn)(?!\p{L})/u;
/**
 * "hộ cận nghèo giảm 1/2": a rise or a cut by a part needs no noun after it; "vào vòng 1/8": a knockout round. A part of
 * ten or fewer, or of 16 or 32: "giá tăng 1/12" is more likely the day it rose.
 */
const CHANGE_FRACTION_BEFORE = /(?<!\p{L})(?:giảm|tăng|miễn|bớt|vòng)\s*$/iu;
/**
 * "thi công 1/2 đường": half the road, not a house on a street named after it ("1/2 đường Trần Phú"). "tiêm bắp 1/3 giữa
 * mặt ngoài cánh tay", "1/3 trên mặt trước ngoài đùi": where a shot goes, a third of the limb.
 */
const FRACTION_AFTER = /^\s*(?:(?:mặt|làn|lòng)\s+đường|số|dân số|diện tích|sản lượng|tổng|lượng|khối lượng|giá trị|kinh phí|thời gian|quãng đường|chiều dài|dân|hộ dân|cán bộ|lao động|viên|liều|gói|ống|thìa|muỗng|chén|bát|cốc|ly|lọ|chai|can|bao|túi|quả|suất|mức lương|tháng lương|khẩu phần|học phí|lệ phí|giá|ngày công|chi phí|tiền|thời lượng|biên chế|ngân sách|vốn|lô đất|mảnh đất|khu đất|phần đất|căn nhà|ngôi nhà|mái|mái nhà|bờ bao|tuyến đê|di sản|quyền sử dụng|QSDĐ|(?:giữa|trên|dưới|ngoài)\s+(?:mặt|cánh tay|cẳng tay|đùi|cẳng chân|bắp|cơ))(?!\p{L})/iu;
/** "tặng cho 1/2 thửa đất số 76": a part of one plot named by its number ("được cấp 5/6 thửa" counts plots). */
const PART_OF_PLOT_AFTER = /^\s*thửa(?:\s+đất)?\s+số\s+\d/iu;
/**
 * "1/2 đường" is a fraction unless a street's name or number follows ("1/2 đường Trần Phú" is a house): apart, and without
 * the "i" flag, under which \p{Lu} takes any letter ("rào chắn 1/2 mặt đường phía trái" read as a date).
 */
const FRACTION_ROAD_AFTER = /^\s*đường(?!\s+(?:\p{Lu}|số|\d))(?!\p{L})/u;
/** "sau 1/3 thời gian", "trước 1/2 quãng đường": a part of a whole measured out is a fraction even after a word of time. */
const WHOLE_AFTER = /^\s*(?:thời gian|quãng đường|chiều dài|diện tích|khối lượng|sản lượng|dân số)(?!\p{L})/iu;

export function monthName(month: number, lunar: boolean): string {
  if (lunar && month === 1) return 'giêng';
  if (lunar && month === 12) return 'chạp';
  return month === 4 ? 'tư' : readInteger(month);
}

/** Days 1–10 take "mồng" unless the text already says "mồng"/"mùng". */
function readDay(day: number, textBefore: string): string {
  return day <= 10 && !MONG_BEFORE.test(textBefore) ? `mồng ${readInteger(day)}` : readInteger(day);
}

function isDay(day: number): boolean {
  return day >= 1 && day <= 31;
}

function isMonth(month: number): boolean {
  return month >= 1 && month <= 12;
}

function isYear(year: number): boolean {
  return year >= 1000 && year <= 2999;
}

/** A date without its year is lunar when "âm lịch"/"ÂL" follows it in the sentence. */
function isLunar(text: string, end: number): boolean {
  const after = textAfter(text, end, 160);
  const mark = LUNAR_MARK.exec(after);
  // "Tối 15/12 (tức 25/10 âm lịch)": the mark belongs to the date restated in the other calendar, not to the one before it.
  if (mark !== null && !/(?:\(|(?<!\p{L})(?:tức|nhằm))[^)]*?\d{1,2}\s*\/\s*\d{1,2}/u.test(after.slice(0, mark.index))) return true;
  // "tức 2/12 đến 18/12 năm Ất Tỵ": a year named by its stem and branch right after the dates makes them lunar too.
  const year = CAN_CHI_YEAR.exec(after);
  return year !== null && /^[\s\d/,–-]*(?:(?:đến|và|hoặc)[\s\d/,–-]*)*$/u.test(after.slice(0, year.index));
}

/** "Ngày 15/1 (Rằm tháng Giêng)": a bracket naming the same day and month in the lunar calendar says the date is lunar. */
const LUNAR_DAY_NAMED = /^\s*\(\s*(?:tức\s+|nhằm\s+)?(?:ngày\s+)?(?:(rằm)|(?:mồng|mùng)\s+(\d{1,2})|(\d{1,2}))\s+tháng\s+(\d{1,2}|\p{L}+)(?![\p{L}\p{N}\/])/iu;

function namesItsLunarDay(day: number, month: number, after: string): boolean {
  const m = LUNAR_DAY_NAMED.exec(after);
  if (!m || (m[1] ? 15 : +(m[2] ?? m[3])) !== day) return false;
  const word = m[4]!.toLowerCase();
  return /^\d+$/u.test(word) ? +word === month : word === monthName(month, true);
}

function readDate(day: number, month: number, year: number | null, before: string, lunar: boolean): string {
  const words = `${readDay(day, before)} tháng ${monthName(month, lunar)}`;
  return year === null ? words : `${words} năm ${readInteger(year)}`;
}

/**
 * Clock time. Minutes under ten get "phút" ("tám giờ năm phút") so they are
 * not heard as a year or a count; `minuteMark` is an explicit ' or "phút".
 */
export function readClock(hour: number, minute: number, minuteMark: boolean): string {
  let words = `${readInteger(hour)} giờ`;
  if (minute > 0) words += ` ${readInteger(minute)}${minuteMark || minute < 10 ? ' phút' : ''}`;
  return words;
}

/** "2026-12-06": a date as software writes it, year first. */
const ISO_DATE = new RegExp(`${WORD_START}((?:19|20)\\d{2})-(\\d{2})-(\\d{2})${WORD_END}(?![-/.,]\\d)`, 'gu');
/** "ngày 6/12/26": a year typed with its last two digits, after a word for a day. */
const SHORT_YEAR_DATE = new RegExp(`${WORD_START}(\\d{1,2})\\/(\\d{1,2})\\/(\\d{2})${WORD_END}(?![/.,]\\d)`, 'gu');
const FULL_DATE = new RegExp(`${WORD_START}(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4})${WORD_END}`, 'gu');
/** "1-15/7", "08-12/12/2026", and with dots when the year follows: "08-12.12.2026", "7 - 9.3.2026". */
const DAY_RANGE = new RegExp(`(?<![\\p{L}\\p{N}/.])(\\d{1,2})\\s*[-–]\\s*(\\d{1,2})(?:\\/(\\d{1,2})(?:\\/(\\d{4}))?(?![\\p{L}\\p{N}/])|\\.(\\d{1,2})\\.(\\d{4})${WORD_END}(?![.,]\\d))`, 'gu');
const DAY_MONTH = new RegExp(`${WORD_START}(?<!\\d[.,/])(\\d{1,2})\\/(\\d{1,2})(?![\\p{L}\\p{N}/]|[.,]\\d)`, 'gu');
/** Also a document's number of three or four digits and its year after the kind of document: "NĐ 168/2024". */
const MONTH_YEAR = new RegExp(`((?:[Tt]háng|THÁNG)\\s+)?${WORD_START}(\\d{1,4})\\/(\\d{4})${WORD_END}`, 'gu');
// A day number is a date when a month follows: "ngày 5 tháng 4", "ngày 10 đến ngày 15/6", "6h ngày 10 đến 18h ngày 11/12",
// "6 giờ ngày 10 đến 18 giờ ngày 11/12".
// (The later date has already become a slot by then.)
// A month written as a word counts too: "ngày 4 tháng Giêng", "mùng 2 Tết".
const MONTH_WORD = '(?:giêng|chạp|một|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)(?!\\p{L})';
const DAY_OF_MONTH = new RegExp(
  `([Nn]gày|[Mm]ồng|[Mm]ùng)\\s+(\\d{1,2})(?=\\s+(?:[Tt]háng|THÁNG)\\s+(?:\\d|${MONTH_WORD})|\\s+(?:[Tt]ết|TẾT)(?!\\p{L})|\\s*(?:[-–,]|đến|và)\\s*(?:\\d{1,2}(?:[hg](?:\\d{2})?|\\s?giờ(?:\\s\\d{2})?)\\s+)?(?:ngày\\s+)?(?:${SLOT}|\\d{1,2}\\s+(?:[Tt]háng|THÁNG)\\s+(?:\\d|${MONTH_WORD})))`,
  'giu',
);
const MONTH_LIST = new RegExp(`([Tt]háng|THÁNG)\\s+(\\d{1,2}(?:\\s*,\\s*\\d{1,2})*)(\\s*(?:,|và)\\s*)(${SLOT})`, 'gu');
/** Also after a part of the day, one day before the dated one or more: "các đêm 7, 8, 9/12", "tối 7, 8/12". */
const DAY_LIST = new RegExp(`([Nn]gày)\\s+(\\d{1,2}(?:\\s*,\\s*\\d{1,2})+)(\\s*(?:,|và)\\s*)(${SLOT})|([Đđ]êm|[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa)\\s+(\\d{1,2}(?:\\s*,\\s*\\d{1,2})*)(\\s*(?:,|và)\\s*)(${SLOT})`, 'gu');
/**
 * "Đêm 2 và ngày 3/12", "từ chiều 5 đến sáng 6/12", "đêm 2 rạng sáng 3/12": a part of a day paired with a dated one names a
 * day of the same month.
 */
const PART_OF_DAY_PAIR = new RegExp(`([Đđ]êm|[Nn]gày|[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Hh]ôm)\\s+(\\d{1,2})(?=\\s*(?:,|và|đến|sang|rạng|[-–])\\s*(?:ngày|đêm|sáng|chiều|tối|trưa|hôm)\\s+(${SLOT}))`, 'gu');
/** "ngày 4, 5 tháng Giêng", "các ngày 10, 11 và 12 tháng 3": days listed before the month. */
const DAY_LIST_MONTH = new RegExp(
  `([Nn]gày|[Mm]ồng|[Mm]ùng)\\s+(\\d{1,2}(?:\\s*(?:,|và)\\s*\\d{1,2})+)(?=\\s+(?:[Tt]háng|THÁNG)\\s+(?:\\d|${MONTH_WORD}))`,
  'giu',
);
/** Words after which a bare number before "tháng 12", "tháng Chạp" is a day: "tức 2 tháng Chạp", "từ 6 tháng 10 đến nay". */
const BARE_DAY_WORD = 'tức|nhằm|từ|đến|tới|vào|sáng|trưa|chiều|tối|đêm|hôm|trước|hết';
/** The month after a day; "tháng 10 ngày", "tháng 1 lần" count months instead. */
const MONTH_AFTER_DAY = `(?:[Tt]háng|THÁNG)\\s+(\\d{1,2}(?!\\s*(?:ngày|tuổi|lần)(?!\\p{L}))(?!\\p{N})|${MONTH_WORD})`;
/** "ngày 2 - 7 tháng Chạp", "tức 2 đến 7 tháng 12", "tức 5 tháng Giêng": days before a month, each read as a day. */
const DAYS_BEFORE_MONTH = new RegExp(
  `(?<![\\p{L}])(ngày|mồng|mùng|${BARE_DAY_WORD})\\s+(\\d{1,2})(?:\\s*(?:[-–]|đến)\\s*(?:ngày\\s+)?(\\d{1,2}))?(?=\\s+${MONTH_AFTER_DAY})`,
  'giu',
);
/** "05 tháng 12 năm 2026": a day with its month and four-digit year spelled out; "ngày", "mồng" before it are read already. */
const WRITTEN_OUT_DATE = /(?<![\p{L}\p{N}.,/]|(?:ngày|mồng|mùng)\s+)(\d{1,2})(?=\s+(?:tháng|THÁNG)\s+\d{1,2}\s+(?:năm|NĂM)\s+\d{4}(?!\p{N}))/giu;
/** Days 1–10 of every month, as in a date: "ngày 05 hằng tháng", "ngày 10 và 25 hằng tháng", "ngày 03 - 05 hằng tháng", "ngày 1 và 15 âm lịch". */
const MONTHLY_DAY =
  /((?:^|[^\p{L}])[Nn]gày)\s+((?:0?[1-9]|[12]\d|3[01])(?:\s*(?:,|và|hoặc|đến|[-–])\s*(?:ngày\s+)?(?:0?[1-9]|[12]\d|3[01]))*)(?![\p{L}\p{N}]|[.,/]\d)(?=[^.;:!?\d]{0,25}?(?:hằng|hàng|mỗi)\s+tháng|\s*(?:âm lịch|ÂL)(?!\p{L}))/gu;
/** A day without its month after a word that points to a date; "Ngày 1: khai mạc" of a programme has none. */
const LONE_DAY =
  /((?<![\p{L}])(?:vào|sang|đến|tới|từ|trước|sau|hết|là|sáng|trưa|chiều|tối|đêm|hôm)\s+ngày)\s+(0?[1-9]|10)(?![\p{L}\p{N}]|[.,/:]\d|\s*(?:[-–]|đến|và|,)\s*\d)/giu;
/**
 * "Lịch tiêm tháng 12: ngày 5 và ngày 6": after the month is named, a day of it is still a date; "ngày 2 lần" is how often,
 * and "mỗi ngày 02 cán bộ" how many a day.
 */
const MONTH_NAMED = new RegExp(`(?<![\\p{L}])tháng\\s+(?:\\d{1,2}|${MONTH_WORD})`, 'iu');
const DAY_OF_NAMED_MONTH =
  /((?<![\p{L}])(?<!(?:mỗi|hằng|hàng|mọi)\s+)[Nn]gày)\s+(0?[1-9]|10)(?![\p{L}\p{N}]|[.,/]\d|\s*:|\s*(?:[-–]|đến|và|,)\s*\d|\s+(?:lần|buổi|bữa|viên|liều|cữ|giờ|tiếng|ca|đêm|ngày|lượt|chuyến)(?!\p{L}))/gu;
/** Typed in lower case too: "lịch tcmr t12". */
const SHORT_MONTH = new RegExp(`${WORD_START}[Tt](1[0-2]|[1-9])${WORD_END}(?![.,/]\\d)`, 'gu');
/** The month named before, as written or already read ("tháng 1/2026" is a slot saying "tháng một năm …"). */
function monthNamedBefore(before: string, ctx: Context): boolean {
  if (MONTH_NAMED.test(before)) return true;
  for (const slot of before.match(new RegExp(SLOT, 'gu')) ?? []) if (/^tháng /u.test(ctx.spokenOf(slot) ?? '')) return true;
  // "lịch tcmr t12: ngày 5 …": a schedule's month typed short, read later (a bill's "tiền điện T11 … ngày 10" is paid later).
  for (const m of before.matchAll(SHORT_MONTH)) if (isScheduleMonth(+m[1]!, before.slice(Math.max(0, m.index! - 30), m.index))) return true;
  return false;
}
/** "Lịch tiêm tháng 1: ngày 10 và 11", "ngày 5, 6": a list of its days after the month is named, each a date. */
const DAYS_OF_NAMED_MONTH =
  /((?<![\p{L}])[Nn]gày)\s+((?:0?[1-9]|[12]\d|3[01])(?:\s*(?:,|và)\s*(?:0?[1-9]|[12]\d|3[01]))+)(?![\p{L}\p{N}]|[.,/]\d|\s*[-–]|\s+(?:lần|buổi|bữa|viên|liều|cữ|giờ|tiếng|ca|đêm|ngày|lượt|chuyến|tháng)(?!\p{L}))/gu;
/** "số 12/3 đường Trần Phú", "hẻm 45/2": a house or lane number, not a date. */
const ADDRESS_BEFORE = /(?:số|số nhà|nhà số|hẻm|ngõ|ngách|kiệt|kiốt|ki-ốt|lô)\s*$/iu;
/** "từ cột 12/5 đến cột 12/18", "trụ điện 7/3": a pole numbered along a branch line, "mười hai trên năm" (no pole is a date). */
const POLE_BEFORE = /(?<!\p{L})(?:cột|trụ)(?:\s+điện)?\s*$/iu;
/** "trú tại 27/4 Lê Lợi", "địa chỉ: 12/3 Trần Phú": where someone lives, a house number (no one lives at a date). */
const RESIDENCE_BEFORE = /(?<!\p{L})(?:(?:trú|ngụ|cư ngụ|sinh sống|ở)\s+(?:tại|ở)|(?:địa chỉ|thường trú|tạm trú|nơi ở)\s*:)\s*$/iu;
/** "ở 15/8 Lê Lợi", "tại 27/5 Trần Phú": at a place, before a street's name, a house number (no one is at a date). */
const AT_BEFORE = /(?<!\p{L})(?:ở|tại|Ở|Tại)\s*$/u;
const STREET_NAME_AFTER = /^\s+\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,3}(?![\p{L}\p{N}/])/u;
/**
 * "E ghi: 12/5 Hà Huy Tập, TDP 6, phường Thành Sen": a street's name (two words or more) and then, after a comma, the residents' group or
 * the ward it lies in make the number a house's, unless a day word stands before it ("sáng 20/11 Hội Nông dân, …" and
 * "khai giảng 5/9 Trường …, thôn 4" are dates: a body or a school is no street).
 */
const STREET_THEN_UNIT_AFTER = new RegExp(
  `^\\s+(?!(?:Trường|Hội|Nhà|Trạm|Chợ|Ban|Đoàn|Đảng|Công|Hợp|Bệnh|Sở|Phòng|Trung|Ủy|Lễ|Ngày|Tết|Đình|Chùa|Sân)(?!\\p{L}))\\p{Lu}\\p{Ll}*(?:\\s+\\p{Lu}\\p{Ll}*){1,3}\\s*,\\s*(?:(?:tổ|khu phố|phường|thôn|ấp|khóm|xóm|TDP|KP)(?!\\p{L})|(${SLOT}))`,
  'u',
);
const UNIT_SPOKEN = /^(?:tổ|khu phố|phường|thôn|ấp|khóm|xóm)(?!\p{L})/u;
function isStreetThenUnit(after: string, ctx: Context): boolean {
  const m = STREET_THEN_UNIT_AFTER.exec(after);
  if (!m) return false;
  return m[1] === undefined || UNIT_SPOKEN.test(ctx.spokenOf(m[1]) ?? '');
}
// "tổ chức" (to hold) is no "tổ" (a residents' group): "đến 20/12 tổ chức tiêm bù".
const ADDRESS_AFTER = /^\s+(?:đường|phố|hẻm|ngõ|ngách|kiệt|khu phố|tổ(?!\s+chức)|ấp|thôn|khóm|xóm)(?!\p{L})/iu;
/** "25/7 đ. Lê Văn Sỹ": the street shortened "đ." was read before, as a slot saying "đường". */
function isStreetSlot(after: string, ctx: Context): boolean {
  const slot = new RegExp(`^\\s*(${SLOT})`, 'u').exec(after)?.[1];
  return slot !== undefined && ctx.spokenOf(slot) === 'đường';
}
/** "ngày 3/2 đường …", "đến 31/12 đường 8B đoạn qua xã đang nâng cấp": after a word of time it is the date all the same. */
const TIME_BEFORE_ADDRESS_WORD = /(?<!\p{L})(?:ngày|mồng|mùng|từ|đến|tới|hết|trước|sau|hạn)\s*$/iu;
const MONTH_RANGE = /([Tt]háng|THÁNG)\s+(\d{1,2})\s*[-–]\s*(\d{1,2})(?![\p{L}\p{N}]|[.,/]\d)/gu;
const MONTH = /([Tt]háng|THÁNG)\s+(\d{1,2})(?![\p{L}\p{N}]|[.,/]\d)/gu;
/** Words a document number follows: "số 12/2024", "Thông tư 01/2025", "Luật 31/2024". */
const DOCUMENT_WORD_BEFORE =
  /(?:số|thông tư|nghị định|nghị quyết|quyết định|chỉ thị|công văn|kế hoạch|thông báo|hướng dẫn|công điện|luật|pháp lệnh|tờ trình|báo cáo|(?<!\p{L})(?:NĐ|QĐ|NQ|CV))\s*$/iu;
const NAMED_FOR_DATE_BEFORE = /(?<!\p{L})(?:đường|phố|quảng trường|công viên|cầu|kênh|sân vận động|khu phố)\s*$/iu;
/** A school, a state farm, a cooperative or a firm named after a date: "Trường THPT 1/5", "Lâm trường 3/2", "HTX 1/5". */
const INSTITUTION_NAMED_BEFORE =
  /(?<!\p{L})(?:[Tt]rường|[Nn]ông trường|[Ll]âm trường|[Xx]í nghiệp|[Nn]hà máy|[Hh]ợp tác xã|HTX|[Bb]ệnh viện|[Cc]ông ty)(?:\s+(?:\p{Lu}{2,6}|[Mm]ầm non|[Tt]iểu học|[Cc]ổ phần|\p{Lu}\p{Ll}*)){0,3}\s*$/u;
const COUNTED_AFTER =
  /^\s+(?:tiêu chí|chỉ tiêu|chỉ số|hộ|xã|phường|thị trấn|thôn|tổ(?!\s+chức)|ấp|bản|làng|khóm|xóm|khu|cụm|huyện|tỉnh|người|phiếu|đơn vị|trường|lớp|học sinh|thành viên|đại biểu|nội dung|nhiệm vụ|câu|điểm|doanh nghiệp|hợp tác xã|thủ tục|hồ sơ|xe|con|ca|lượt|chi bộ|chi hội|cơ sở|công trình|dự án|mô hình|hạng mục|sản phẩm|gia đình|cán bộ|công chức|ngành|đoàn thể|cơ quan|trạm|tuyến|km|ki lô mét|vụ việc|vụ án|vụ|đơn thư|đơn|kiến nghị|ý kiến|thửa|tàu|phương tiện|công dân|lao động|hội viên|đoàn viên|đảng viên|giáo viên|bệnh nhân|máy|cửa|cống|cột|nhà văn hóa|nhà văn hoá|nhà sinh hoạt cộng đồng|hội trường|khối(?!\s+lượng)|chợ|giáo xứ|họ đạo|thanh niên|quân nhân|chiến sĩ|dân quân)(?!\p{L})/iu;
/**
 * "đi đủ 12/12 đ/c", "10/12 đồng chí dự họp": comrades counted (the short form read already), unless a name or a title
 * follows ("10/12 đồng chí Bí thư …" is a date).
 */
const COMRADES_AFTER = new RegExp(`^\\s+(?:(?:đồng chí|Đồng chí|đ\\/c|Đ\\/c)(?!\\p{L})|(${SLOT}))(?!\\s+\\p{Lu})`, 'u');
function isCountedAfter(after: string, ctx: Context): boolean {
  if (COUNTED_AFTER.test(after)) return true;
  const comrades = COMRADES_AFTER.exec(after);
  return comrades !== null && (comrades[1] === undefined || ctx.spokenOf(comrades[1]) === 'đồng chí');
}
/** A count before "a/b" ("đạt 10/10", "xếp thứ 3/12", "thương binh hạng 1/4") makes it a score, unless a day word is there. */
const SCORE_BEFORE = /(?:đạt|hoàn thành|xếp thứ|thứ|được|có|hạng)\s*$/iu;
/** "thương binh 4/4", "bệnh binh 2/3": a war invalid's grade written without its "hạng" (of four, or of three). */
const INVALID_GRADE_BEFORE = /(?<!\p{L})(?:thương binh|bệnh binh|THƯƠNG BINH|BỆNH BINH)\s*$/iu;
/** Day words before "a/b" that keep it a date even in a sentence about a ratio ("tỷ lệ … tính đến ngày 1/3"). */
const RATIO_DATE_BEFORE = /(?:ngày|mồng|mùng|sáng|trưa|chiều|tối|đêm|hôm|lễ|dịp|hết|từ|đến|tới|trước|sau|vào|hạn|kể từ|tháng|năm)\s*$/iu;
const DAY_WORD_BEFORE = /(?:ngày|mồng|mùng|sáng|trưa|chiều|tối|đêm|hôm|lễ|dịp|hết|khánh|từ|đến|tới|trước|sau|vào|hạn|kể từ|là|hẹn)\s*$/iu;
/** "ngày 20-11", "Ngày Nhà giáo Việt Nam 20-11", "Quốc khánh 2-9": a date written with a hyphen. */
const DASH_DATE = new RegExp(`${WORD_START}(\\d{1,2})\\s?[-–]\\s?(\\d{1,2})${WORD_END}(?![-/.,]\\d)`, 'gu');
const DASH_DATE_BEFORE =
  /(?:^|[^\p{L}])(?:(?:[Nn]gày|NGÀY|[Mm]ồng|[Mm]ùng)\s*|[Nn]gày\s+(?:\p{Lu}|thành lập|truyền thống|hội|lễ|giải phóng|quốc tế|chiến thắng|sinh)[\p{L} ]{0,50}\s|[Nn]gày\s+[\p{L} ]{0,40}\s(?:Việt Nam|toàn quốc|thế giới)\s+|(?:[Qq]uốc khánh|[Gg]iải phóng miền Nam|[Cc]hiến thắng)\s*|(?:[Dd]ịp|[Tt]ết|TẾT)(?:\s+\p{L}+){0,3}\s+)$/u;
const DASH_DATE_AFTER = /^\s*(?:(?:hằng|hàng|mỗi|của|trong|đầu|cuối)\s+tháng|tháng|giờ|tuổi|ngày|lần|%)(?!\p{L})/iu;

/** "đạt 17/19 và phấn đấu đạt 19/19 tiêu chí": the same whole, counted later in the sentence, counts this part too. */
function countedLater(rest: string, whole: string): boolean {
  for (const m of rest.matchAll(new RegExp(`(?<![\\p{N}/])\\d{1,3}\\/${whole}(?![\\p{N}/])`, 'gu'))) {
    if (COUNTED_AFTER.test(rest.slice(m.index! + m[0].length))) return true;
  }
  return false;
}

/** "1/4" is "một phần tư", as "thứ tư" and "tháng tư". */
function readFraction(a: string, b: string): string {
  return `${readInteger(a)} phần ${+b === 4 ? 'tư' : readInteger(b)}`;
}

/** "từ 19h/16 đến 19h/18", "7h/17/11", "19H/16": the weather service's hour on a day, "mười chín giờ ngày mười sáu". */
const HOUR_ON_DAY = /(?<![\p{L}\p{N}])(\d{1,2})[hH](\d{2})?\/(\d{1,2})(?:\/(\d{1,2}))?(?![\p{L}\p{N}]|\/\d|[.,]\d)/gu;

/** "từ 7g ngày 14.10 đến …": a day and month joined by a dot after a word for a day; "lúc 7.30" stays a time. */
const DOTTED_DAY_MONTH = /(?<=(?:^|[^\p{L}])(?:ngày|đêm|hôm|mồng|mùng)\s+)(\d{1,2})\.(\d{1,2})(?![\p{L}\p{N}]|[.,]\d|\s*(?:triệu|nghìn|ngàn|tỷ|tỉ|đồng|lít|lần|viên|giờ|tiếng|kg|km|m)(?!\p{L}))/giu;

const COMMA_DAYS = /(?<=(?:^|[^\p{L}])(?:ngày|mồng|mùng)\s*)(\d{1,2}(?:,\d{1,2}){1,6})\/(\d{1,2})(?![\p{N}]|\/\d{1,2}(?!\d))/giu;

// "tiền ăn t1/2027": typed in lower case too.
const T_MONTH_YEAR = /(?<![\p{L}\p{N}])[Tt](\d{1,2})\/(\d{4})(?![\p{L}\p{N}])/gu;
/** "Số 45B/2", "số 12A/3/4", "số 7A/12C": a house number whose parts, any with its letter, are joined by slashes ("trên"). */
const LETTERED_ADDRESS = /(?<=(?:^|[^\p{L}])(?:[Ss]ố|[Ss]ố nhà|[Nn]hà số|[Hh]ẻm|[Nn]gõ|[Nn]gách|[Kk]iệt)\s*)\d{1,4}[A-Z]?(?:\/\d{1,4}[A-Z]?)+(?![\p{L}\p{N}/])/gu;
const ADDRESS_PART = /^(\d{1,4})([A-Z])?$/u;

/** d/m/yyyy, d-d/m ranges, d/m, m/yyyy, "ngày D tháng M", "tháng M". */
export function expandDates(text: string, ctx: Context): string {
  // "Số 45B/2": a house number with its letter, then the number of the lane off it.
  let s = text.replace(LETTERED_ADDRESS, (match: string) => {
    if (!/[A-Z]/u.test(match)) return match;
    const parts = match.split('/').map((part) => {
      const [, n, letter] = ADDRESS_PART.exec(part)!;
      return letter === undefined ? readInteger(n!) : `${readInteger(n!)} ${letterName(letter)}`;
    });
    return ctx.slot(parts.join(' trên '), 'number');
  });
  s = s.replace(HOUR_ON_DAY, (match, h: string, m: string | undefined, d: string, month: string | undefined) => {
    if (+h > 24 || +(m ?? 0) > 59 || !isDay(+d) || (month !== undefined && !isMonth(+month))) return match;
    const day = `ngày ${readDay(+d, '')}${month !== undefined ? ` tháng ${monthName(+month, false)}` : ''}`;
    return ctx.slot(`${readClock(+h, +(m ?? 0), false)} ${day}`, 'number');
  });
  s = s.replace(DOTTED_DAY_MONTH, (match, d: string, m: string) => (isDay(+d) && isMonth(+m) ? `${d}/${m}` : match));
  // "các ngày 5,6/12", "ngày 15,16,17/12": days typed with commas and no space, not the decimal 5,6.
  s = s.replace(COMMA_DAYS, (match, days: string, m: string) => {
    const list = days.split(',').map(Number);
    return list.every((d, i) => isDay(d) && (i === 0 || d > list[i - 1]!)) && isMonth(+m) ? `${list.join(', ')}/${m}` : match;
  });
  s = s.replace(DAY_RANGE, (match, d1: string, d2: string, slashedMonth: string | undefined, slashedYear: string | undefined, dottedMonth: string | undefined, dottedYear: string | undefined, offset: number, all: string) => {
    const m = (slashedMonth ?? dottedMonth)!;
    const y = slashedYear ?? dottedYear;
    if (!isDay(+d1) || !isDay(+d2) || !isMonth(+m) || (y !== undefined && !isYear(+y))) return match;
    const lunar = y === undefined && isLunar(all, offset + match.length);
    const first = readDay(+d1, textBefore(all, offset));
    return ctx.slot(`${first} đến ${readDate(+d2, +m, y === undefined ? null : +y, '', lunar)}`, 'number');
  });
  s = s.replace(ISO_DATE, (match, y: string, m: string, d: string, offset: number, all: string) =>
    isDay(+d) && isMonth(+m) ? ctx.slot(readDate(+d, +m, +y, textBefore(all, offset), false), 'number') : match,
  );
  s = s.replace(SHORT_YEAR_DATE, (match, d: string, m: string, y: string, offset: number, all: string) => {
    const before = textBefore(all, offset);
    // "ngày 6/12/26 và 7/12/26": the next of a list or a range of such dates is one too.
    const dayWord = /(?<!\p{L})(?:ngày|mồng|mùng|sáng|trưa|chiều|tối|đêm|hôm)\s*(?:\d{1,2}\/\d{1,2}\/\d{2}\s*(?:,|và|đến|[-–])\s*)?$/iu.test(before);
    if (!isDay(+d) || !isMonth(+m) || !dayWord) return match;
    return ctx.slot(readDate(+d, +m, 2000 + +y, before, false), 'number');
  });
  s = s.replace(FULL_DATE, (match, d: string, _sep: string, m: string, y: string, offset: number, all: string) => {
    if (!isDay(+d) || !isMonth(+m) || !isYear(+y)) return match;
    return ctx.slot(readDate(+d, +m, +y, textBefore(all, offset), false), 'number');
  });
  s = s.replace(DAY_MONTH, (match, a: string, b: string, offset: number, all: string) => {
    const before = textBefore(all, offset);
    // So many of so many, "trên": a count, a score, a grade, a level of a scale.
    const outOf = () => ctx.slot(`${readInteger(a)} trên ${readInteger(b)}`, 'number');
    // "đạt 8/10, 9/10 tiêu chí": what the last of a list counts, the first counts too.
    const after = textAfter(all, offset + match.length).replace(/^(?:\s*(?:,|và|hoặc)\s*\d{1,3}\/\d{1,3}(?!\d))+(?=\s)/u, '');
    // "khoảng 1/3 số hộ": a proper fraction in a quantity context ("đạt 12/19 tiêu chí" counts them).
    // "ngày 1/4 suất ăn", "Từ 1/9 học phí …": after a day word or a word of time the noun after it makes no fraction.
    const fractionAfter =
      ((FRACTION_AFTER.test(after) || FRACTION_ROAD_AFTER.test(after)) && !DAY_WORD_BEFORE.test(before) && !/(?<!\p{L})(?:từ|đến|tới|trước|vào|hạn|ngày|mồng|mùng)\s*$/iu.test(before)) ||
      (WHOLE_AFTER.test(after) && !/(?<!\p{L})(?:từ|ngày|mồng|mùng|sáng|trưa|chiều|tối|đêm|hôm)\s*$/iu.test(before));
    const change = CHANGE_FRACTION_BEFORE.test(before) && (+b <= 10 || +b === 16 || +b === 32);
    // "hồ còn 35/73 triệu m³": before a scale, a whole of more than ten is the capacity the part is counted against.
    const ofCapacity = +b > 10 && SCALE_AFTER.test(after);
    // "đạt 31/33 (93,9%)", "28/30 trẻ (93%)": so many of so many with the share worked out after it is a count, "trên".
    if (+a <= +b && +b > 4 && /^\s*\(\s*\d{1,3}(?:[.,]\d{1,2})?\s*%\s*\)/u.test(after) && !DAY_WORD_BEFORE.test(before)) {
      return outOf();
    }
    const partOfPlot = PART_OF_PLOT_AFTER.test(after) && !DAY_WORD_BEFORE.test(before);
    if (+a < +b && (partOfPlot || ((FRACTION_BEFORE.test(before) || change || fractionAfter) && !ofCapacity && !isCountedAfter(after, ctx) && !countedLater(all.slice(offset + match.length), b)))) {
      return ctx.slot(readFraction(a, b), 'number');
    }
    if ((+b === 3 || +b === 4) && +a <= +b && INVALID_GRADE_BEFORE.test(before)) return outOf();
    // "hạng 2/4, 3/4": the next of a list of scores is a score too; "bệnh binh hạng 1/3, 2/3, 3/3": however long the list.
    const listed = /(?:(?<![\p{N}/])\d{1,3}\/\d{1,3}\s*(?:,|và|hoặc)\s*)+$/u.exec(before);
    const listedScores = listed ? [...listed[0].matchAll(/(\d{1,3})\/(\d{1,3})/gu)] : [];
    if (listed && listedScores.every((x) => x[2] === b && +x[1] <= +b) && +a <= +b && SCORE_BEFORE.test(before.slice(0, listed.index)) && !DAY_WORD_BEFORE.test(before.slice(0, listed.index))) {
      return outOf();
    }
    // "rủi ro thiên tai cấp 3/5": a level out of the five of its scale.
    if (/(?<!\p{L})(?:cấp|cấp độ)\s*$/iu.test(before) && +a <= +b && +b <= 5) return outOf();
    // "tỷ lệ nam/nữ là 1/1": a ratio, unless a day word stands right before it.
    const ratio = RATIO_TALK.test(before) && !RATIO_DATE_BEFORE.test(before);
    // "ngày 5, 6, 7/12 trạm y tế …": the day word may stand before a list of days.
    const dayWordBefore = DAY_WORD_BEFORE.test(before) || DAY_WORD_BEFORE.test(before.replace(/(?:\d{1,2}\s*(?:,|và)\s*)+$/u, ''));
    if (ratio || (+a <= +b && !dayWordBefore && (isCountedAfter(after, ctx) || SCORE_BEFORE.test(before)))) {
      return outOf();
    }
    // "24/7" and "24/24" mean round the clock, not a date.
    if (+a === 24 && (+b === 7 || +b === 24)) return match;
    // "ngày 20/11 thôn tổ chức": after "ngày" it is a date even when a place word follows.
    // "Số nhà 12A, 12B, 14/2": the next of a list of house numbers is one too.
    const unlisted = before.replace(/(?:\d{1,4}[A-Z]?(?:\/\d{1,4}[A-Z]?)?\s*,\s*)+$/u, '');
    if (ADDRESS_BEFORE.test(before) || POLE_BEFORE.test(before) || RESIDENCE_BEFORE.test(before) || (AT_BEFORE.test(before) && STREET_NAME_AFTER.test(after)) || (isStreetThenUnit(after, ctx) && !DAY_WORD_BEFORE.test(before)) || (unlisted !== before && ADDRESS_BEFORE.test(unlisted)) || ((ADDRESS_AFTER.test(after) || isStreetSlot(after, ctx)) && !TIME_BEFORE_ADDRESS_WORD.test(before))) return match;
    if (!isDay(+a) || !isMonth(+b)) return match;
    // "đường 3/2", "Quảng trường 19/8": a street named after a date says it without "mồng".
    if (NAMED_FOR_DATE_BEFORE.test(before) || INSTITUTION_NAMED_BEFORE.test(before)) return ctx.slot(`${readInteger(a)} tháng ${monthName(+b, false)}`, 'number');
    const lunar = isLunar(all, offset + match.length) || namesItsLunarDay(+a, +b, after);
    return ctx.slot(readDate(+a, +b, null, before, lunar), 'number');
  });
  s = s.replace(DASH_DATE, (match, d: string, m: string, offset: number, all: string) => {
    const before = textBefore(all, offset);
    if (!isDay(+d) || !isMonth(+m) || !DASH_DATE_BEFORE.test(before) || DASH_DATE_AFTER.test(textAfter(all, offset + match.length))) return match;
    return ctx.slot(readDate(+d, +m, null, before, isLunar(all, offset + match.length)), 'number');
  });
  // "trẻ sinh từ T1/2024 - T6/2024": a month written T and its number, with its year.
  s = s.replace(T_MONTH_YEAR, (match, m: string, y: string) => (isMonth(+m) && isYear(+y) ? ctx.slot(`tháng ${monthName(+m, false)} năm ${readInteger(y)}`, 'number') : match));
  s = s.replace(MONTH_YEAR, (match, tháng: string | undefined, m: string, y: string, offset: number, all: string) => {
    if (!isYear(+y)) return match;
    // "số 12/2024", "Thông tư 01/2025" name a document: "mười hai năm hai nghìn…".
    const before = textBefore(all, offset);
    const slotBefore = /([\uE000-\uF8FF])\s*$/u.exec(before)?.[1];
    const afterDocumentWord = DOCUMENT_WORD_BEFORE.test(before) || (slotBefore !== undefined && DOCUMENT_WORD_BEFORE.test(ctx.spokenOf(slotBefore) ?? ''));
    if (m.length > 2 && (tháng !== undefined || !afterDocumentWord)) return match;
    if (!isMonth(+m) || afterDocumentWord) {
      return `${tháng ?? ''}${ctx.slot(`${readInteger(m)} năm ${readInteger(y)}`, 'number')}`;
    }
    return ctx.slot(`tháng ${monthName(+m, false)} năm ${readInteger(y)}`, 'number');
  });
  // "tháng 1, 2, 3/2026": each month of the list before the month and year is named like it.
  s = s.replace(MONTH_LIST, (match, word: string, months: string, _sep: string, slot: string) => {
    if (!/^tháng /u.test(ctx.spokenOf(slot) ?? '') || months.split(/\D+/).some((m) => m !== '' && !isMonth(+m))) return match;
    let first = true;
    const named = months.replace(/\d+/g, (m) => {
      const words = `${first ? '' : 'tháng '}${monthName(+m, false)}`;
      first = false;
      return ctx.slot(words, 'number');
    });
    return match.replace(`${word} ${months}`, `${word} ${named}`);
  });
  // "các ngày 1, 2 và 3/1/2026": each day of the list before the date is read as a day.
  s = s.replace(DAY_LIST, (match, w1: string | undefined, d1: string | undefined, _s1: string | undefined, t1: string | undefined, _w2: string | undefined, d2: string | undefined, _s2: string | undefined, t2: string | undefined) => {
    const days = (w1 === undefined ? d2 : d1)!;
    const date = (w1 === undefined ? t2 : t1)!;
    if (ctx.kindOf(date) !== 'number' || !/tháng/u.test(ctx.spokenOf(date) ?? '') || days.split(/\D+/).some((d) => d !== '' && !isDay(+d))) return match;
    return match.replace(days, days.replace(/\d+/g, (d) => ctx.slot(readDay(+d, ''), 'number')));
  });
  s = s.replace(PART_OF_DAY_PAIR, (match, word: string, d: string, date: string) =>
    ctx.kindOf(date) === 'number' && /^(?!tháng).+ tháng /u.test(ctx.spokenOf(date) ?? '') && isDay(+d)
      ? `${word} ${ctx.slot(readDay(+d, ''), 'number')}`
      : match,
  );
  s = s.replace(DAYS_BEFORE_MONTH, (match, word: string, d1: string, d2: string | undefined, month: string) => {
    const dayWord = /^(?:ngày|mồng|mùng)$/iu.test(word);
    // Without "ngày" only a month that cannot be a count makes a date: "2 - 3 tháng một lần" is how often.
    if (!isDay(+d1) || (d2 !== undefined && (!isDay(+d2) || +d2 <= +d1)) || (!dayWord && !/^(?:\d+|giêng|chạp)$/iu.test(month))) return match;
    if (d2 === undefined && dayWord) return match;
    const first = ctx.slot(/^ngày$/iu.test(word) || !dayWord ? readDay(+d1, '') : readInteger(d1), 'number');
    const range = d2 === undefined ? '' : ` đến ${ctx.slot(readDay(+d2, ''), 'number')}`;
    return `${word} ${first}${range}`;
  });
  s = s.replace(DAY_LIST_MONTH, (match, word: string, days: string) => {
    if (days.split(/\D+/).some((d) => d !== '' && !isDay(+d))) return match;
    // "mồng 4, 5 tháng Giêng": the word already says "mồng" before the first day.
    let first = true;
    return `${word} ${days.replace(/\d+/g, (d) => {
      const said = first && !/^ngày$/iu.test(word);
      first = false;
      return ctx.slot(said ? readInteger(d) : readDay(+d, ''), 'number');
    })}`;
  });
  s = s.replace(DAY_OF_MONTH, (match, word: string, d: string) => {
    if (!isDay(+d)) return match;
    const day = /^ngày$/iu.test(word) ? readDay(+d, '') : readInteger(d);
    return `${word} ${ctx.slot(day, 'number')}`;
  });
  // "Hạn cuối: 05 tháng 12 năm 2026": a day before its month and year is a date without the word "ngày".
  s = s.replace(WRITTEN_OUT_DATE, (match, d: string) => (isDay(+d) ? ctx.slot(readDay(+d, ''), 'number') : match));
  // "ngày 05 hằng tháng": a day of every month, "mồng năm" like a date.
  // A list of them ("các ngày 2, 7 âm lịch hằng tháng", "ngày 10 và 25 hằng tháng") reads each day alike.
  s = s.replace(MONTHLY_DAY, (match, word: string, days: string) => {
    if (days.split(/\D+/).some((d) => d !== '' && !isDay(+d))) return match;
    return `${word} ${days.replace(/\d+/g, (d) => ctx.slot(readDay(+d, ''), 'number'))}`;
  });
  // "lùi sang ngày 10", "vào ngày 5": a day of the month named alone is still a date.
  s = s.replace(LONE_DAY, (_m, words: string, d: string) => `${words} ${ctx.slot(readDay(+d, ''), 'number')}`);
  s = s.replace(DAY_OF_NAMED_MONTH, (match, word: string, d: string, offset: number, all: string) =>
    monthNamedBefore(all.slice(0, offset), ctx) ? `${word} ${ctx.slot(readDay(+d, ''), 'number')}` : match,
  );
  s = s.replace(DAYS_OF_NAMED_MONTH, (match, word: string, days: string, offset: number, all: string) =>
    monthNamedBefore(all.slice(0, offset), ctx) && days.split(/\D+/).every((d) => d === '' || isDay(+d))
      ? `${word} ${days.replace(/\d+/g, (d) => ctx.slot(readDay(+d, ''), 'number'))}`
      : match,
  );
  // "tháng 3 - 4": each month is named, "tháng ba đến tháng tư".
  s = s.replace(MONTH_RANGE, (match, word: string, m1: string, m2: string, offset: number, all: string) => {
    if (!isMonth(+m1) || !isMonth(+m2) || +m1 >= +m2) return match;
    const lunar = isLunar(all, offset + match.length);
    return ctx.slot(`${word.toLowerCase()} ${monthName(+m1, lunar)} đến tháng ${monthName(+m2, lunar)}`, 'number');
  });
  return s.replace(MONTH, (match, _word: string, m: string, offset: number, all: string) => {
    if (!isMonth(+m)) return match;
    return ctx.slot(`tháng ${monthName(+m, isLunar(all, offset + match.length))}`, 'number');
  });
}

// The minute mark is a written ' or the word "phút", consumed with the time.
const MINUTE_MARK = `(?:\\s?(['′’])|(?<=\\d)(p)(?![\\p{L}\\p{N}])|\\s+(phút)(?!\\p{L}))?`;
// "4,5 giờ", "1.5h": the digits after a decimal comma or dot are the number's fraction, no hour of a clock.
const CLOCK_H = new RegExp(`${WORD_START}(?<!\\d[.,])(\\d{1,2})\\s?(?:[hH]|[gG](?=\\d))(\\d{2})?${MINUTE_MARK}(?![\\p{L}\\p{N}])`, 'gu');
/** "02h45'12\"": an earthquake's time to the second, the minutes marked ' and the seconds " (or ''). */
const CLOCK_H_SECONDS = new RegExp(`${WORD_START}(\\d{1,2})\\s?[hH](\\d{2})\\s?['′’](\\d{2})\\s?(?:"|″|”|''|′′|’’)?(?![\\p{L}\\p{N}])`, 'gu');
/** "lúc 00 UTC", "18UTC ngày 5/11": a forecast's bare hour before its time zone is an hour of the clock. */
const HOUR_BEFORE_ZONE = /(?<![\p{L}\p{N}.,:/])(\d{1,2})\s?(?=(?:UTC|GMT)(?![\p{L}\p{N}]))/gu;
const CLOCK_DOTTED_WORD = /(?<![\p{L}\p{N}.,])(\d{1,2})\.(\d{2})\s+giờ(?!\p{L})/gu;
const CLOCK_DOTTED_H = /(?<![\p{L}\p{N}.,])(\d{1,2})[.,](\d{2})\s?[hH](?![\p{L}\p{N}])/gu;
const DECIMAL_HOURS = /(?<![\p{L}\p{N}.,])(\d{1,2})(?:,(\d{1,2})|\.(?=\d[hH])(\d))\s?[hH](?![\p{L}\p{N}])/gu;
const CLOCK_WORDS = new RegExp(`${WORD_START}(?<!\\d[.,])(\\d{1,2})\\s+giờ(?:\\s+(\\d{1,2})(?![\\p{L}\\p{N}]|[.,/]\\d)${MINUTE_MARK})?`, 'gu');
/** "5g" alone is five grams unless it stands where a time does: "lúc 5g sáng", "từ 7g đến 11g". */
const CLOCK_G = new RegExp(`${WORD_START}(\\d{1,2})g${WORD_END}`, 'gu');
/** "tối nay 19g họp", "sáng mai 7g tập trung": a part of the day (and its day) just before the hour marks it too. */
const TIME_WORD_BEFORE = /(?:(?<!\p{L})(?:lúc|từ|đến|tới|vào|trước|sau|hồi|(?:sáng|trưa|chiều|tối|đêm)(?:\s+(?:nay|mai|mốt|qua))?|hôm nay|ngày mai)\s*|\d\s?[hg]\d{0,2}\s*[-–]\s*)$/iu;
/** Words a deadline's day follows ("hạn chót nộp hồ sơ: 18.12"), or the chat's "tr" already read "trước". */
const DEADLINE_BEFORE = /(?<!\p{L})(?:trước|hạn(?!\s+mức)(?:\s+\p{Ll}+){0,4}|chậm nhất|muộn nhất|hết|kể từ)\s*[:,]?\s*$/iu;
const SLOT_BEFORE = new RegExp(`(${SLOT})\\s*$`, 'u');
function isDeadlineBefore(before: string, ctx: Context): boolean {
  const slot = SLOT_BEFORE.exec(before);
  return DEADLINE_BEFORE.test(before) || (slot !== null && ctx.spokenOf(slot[1]!) === 'trước');
}
const TIME_WORD_AFTER = /^\s*(?:sáng|trưa|chiều|tối|đêm|hôm|hằng ngày|hàng ngày|[-–]\s*\d{1,2}\s?[hg](?![\p{L}]))(?!\p{L})/iu;
const CLOCK_DOT = new RegExp(`${WORD_START}(\\d{1,2})\\.(\\d{2})${WORD_END}(?![.,]\\d)`, 'gu');
/** "7.30 - " before a range's other end; "đến 7g30" after its first, the clock there already read. */
const DOTTED_CLOCK_RANGE_START = /(?<![\p{L}\p{N}.,])\d{1,2}\.\d{2}\s*(?:[-–]|đến|tới)\s*$/u;
const CLOCK_RANGE_END = new RegExp(`^\\s*(?:[-–]|đến|tới)\\s*(${SLOT})`, 'u');
/** "07:30", "19:30'" (the minutes marked as "7h30'" marks them), "02:45:12". */
const CLOCK_COLON = new RegExp(`${WORD_START}(\\d{1,2}):(\\d{2})(?::(\\d{2})|\\s?(['′’](?![\\p{L}\\p{N}'′’])))?${WORD_END}`, 'gu');

/** "thời gian chờ phà 45'", "sau 15′": minutes marked alone, with no hour before them (a position's "17°15'" is read already). */
const BARE_MINUTES = /(?<![\p{L}\p{N}.,°º'′’]|[°º]\s)(\d{1,3})\s?(['′’])(?![\p{L}\p{N}'′’])/gu;
/**
 * A mark that closes a quote opened before it ("'Tổ 5'") is no minute. Marks after a digit are counted out: the minutes of
 * an earlier time ("từ 6:30' đến 11h, chiều từ 13:30'") are in the text until the whole pass is done.
 */
function closesQuote(before: string, mark: string): boolean {
  if (mark === "'") return (before.match(/(?<!\d\s?)'/gu)?.length ?? 0) % 2 === 1;
  return mark === '’' && before.lastIndexOf('‘') > before.lastIndexOf('’');
}

/** "7h30 AM", "8:00 PM": a twelve-hour clock's mark after the time is the part of the day. */
const MERIDIEM = new RegExp(`(${SLOT})\\s?([AaPp])\\.?[Mm]\\.?(?![\\p{L}\\p{N}])`, 'gu');
const BARE_MERIDIEM = new RegExp(`${WORD_START}(1[0-2]|0?[1-9])\\s?([AaPp])\\.?[Mm]\\.?(?![\\p{L}\\p{N}])`, 'gu');
const TWELVE_HOURS = Array.from({ length: 12 }, (_v, i) => readInteger(i + 1));

function partOfDay(spoken: string, pm: boolean): string | undefined {
  const hour = TWELVE_HOURS.indexOf(/^(.*?) giờ(?: |$)/u.exec(spoken)?.[1] ?? '') + 1;
  if (hour === 0) return undefined;
  if (!pm) return 'sáng';
  return hour === 12 ? 'trưa' : hour < 6 ? 'chiều' : 'tối';
}

function isClock(hour: number, minute: number): boolean {
  return hour <= 24 && minute <= 59;
}

/** 7h30, 7h30', 7g30, 8h, 07:30, 14 giờ 30 (phút). */
const PART_OF_DAY_RANGE = new RegExp(`(${SLOT})(\\s+(?:(?:đêm|sáng|trưa|chiều|tối)(?:\\s+(?:nay|mai|mốt|qua|hôm nay|hôm sau))?|hôm nay|ngày mai))\\s*[-–]\\s*(${SLOT})`, 'giu');

export function expandTimes(text: string, ctx: Context): string {
  const clock = (match: string, h: string, m?: string, tick?: string, p?: string, word?: string) => {
    const minute = m === undefined ? 0 : +m;
    // "sau 48h", "trong 72h": more hours than a day has is a length of time, "bốn mươi tám giờ".
    if (m === undefined && +h > 24 && /^\d{2}\s?[hH]$/u.test(match)) return ctx.slot(`${readInteger(h)} giờ`, 'number');
    if (!isClock(+h, minute)) return match;
    return ctx.slot(readClock(+h, minute, tick !== undefined || p !== undefined || word !== undefined), 'number');
  };
  let s = text.replace(CLOCK_G, (match, h: string, offset: number, all: string) => {
    if (+h > 24 || !(TIME_WORD_BEFORE.test(textBefore(all, offset)) || TIME_WORD_AFTER.test(textAfter(all, offset + match.length)))) return match;
    return ctx.slot(readClock(+h, 0, false), 'number');
  });
  // "lúc 7.30 giờ": the hour and its minutes typed with a dot, then the word for the hour.
  s = s.replace(CLOCK_DOTTED_WORD, (match, h: string, m: string, offset: number, all: string) =>
    isClock(+h, +m) && TIME_WORD_BEFORE.test(textBefore(all, offset)) ? ctx.slot(readClock(+h, +m, false), 'number') : match,
  );
  // "7.30h", "7,30h": the hour and its minutes typed with a dot or a comma before the hour mark.
  s = s.replace(CLOCK_DOTTED_H, (match, h: string, m: string) => (isClock(+h, +m) ? ctx.slot(readClock(+h, +m, false), 'number') : match));
  // "1,5h", "2.5h": hours with a fraction are a length of time ("một phẩy năm giờ").
  s = s.replace(DECIMAL_HOURS, (_m, whole: string, comma: string | undefined, dot: string | undefined) =>
    ctx.slot(`${readNumberToken(`${whole},${comma ?? dot}`)} giờ`, 'number'),
  );
  s = s.replace(HOUR_BEFORE_ZONE, (match, h: string) => (+h <= 24 ? `${ctx.slot(readClock(+h, 0, false), 'number')} ` : match));
  s = s.replace(CLOCK_H_SECONDS, (match, h: string, m: string, sec: string) =>
    isClock(+h, +m) && +sec < 60 ? ctx.slot(`${readClock(+h, +m, true)}${+sec > 0 ? ` ${readInteger(sec)} giây` : ''}`, 'number') : match,
  );
  s = s.replace(CLOCK_H, clock).replace(CLOCK_WORDS, clock);
  // "lúc 7.30 sáng": a dot between hours and minutes, only where a time stands.
  // "từ 7.30 - 11.00", "17.30 đến 7g30": either end of a range whose other end is a time is one too.
  const isTimeSlot = (slot: string) => ctx.kindOf(slot) === 'number' && /(?:^|\s)giờ(?:\s|$)/u.test(ctx.spokenOf(slot) ?? '');
  const dottedClock = (match: string, h: string, m: string, offset: number, all: string) => {
    const before = textBefore(all, offset);
    // "hạn chót 15.12", "nộp trước 5.12", "nộp tr 5.12": after a deadline a day and a month, unless the minutes are a
    // clock's ("trước 8.30", "trước 10.15" stay times).
    if (isDay(+h) && isMonth(+m) && (+m % 5 !== 0 || +h > 24) && isDeadlineBefore(before, ctx)) {
      return ctx.slot(readDate(+h, +m, null, before, false), 'number');
    }
    if (!isClock(+h, +m)) return match;
    const after = textAfter(all, offset + match.length);
    const dottedStart = DOTTED_CLOCK_RANGE_START.exec(before);
    const timeStart = dottedStart !== null && TIME_WORD_BEFORE.test(before.slice(0, dottedStart.index));
    const timeEnd = CLOCK_RANGE_END.exec(after);
    // "từ 05.12 đến 10.12.2026": before a date ending the range, a day and a month typed with a dot are its start.
    if (timeEnd !== null && ctx.kindOf(timeEnd[1]) === 'number' && /(?:^|\s)tháng\s/u.test(ctx.spokenOf(timeEnd[1]) ?? '') && isDay(+h) && isMonth(+m)) {
      return ctx.slot(readDate(+h, +m, null, before, false), 'number');
    }
    const isTime = TIME_WORD_BEFORE.test(before) || TIME_WORD_AFTER.test(after) || timeStart || (timeEnd !== null && isTimeSlot(timeEnd[1]));
    return isTime ? ctx.slot(readClock(+h, +m, false), 'number') : match;
  };
  // Twice: a range's start learns it is a time once its end ("- 17.00 hằng ngày") has been read.
  s = s.replace(CLOCK_DOT, dottedClock).replace(CLOCK_DOT, dottedClock);
  s = s.replace(CLOCK_COLON, (match, h: string, m: string, sec: string | undefined, mark: string | undefined, offset: number, all: string) => {
    if (!isClock(+h, +m) || (sec !== undefined && +sec > 59)) return match;
    if (mark !== undefined && closesQuote(all.slice(0, offset), mark)) return `${ctx.slot(readClock(+h, +m, false), 'number')}${match.slice(-1)}`;
    const words = readClock(+h, +m, sec !== undefined || mark !== undefined);
    return ctx.slot(sec !== undefined && +sec > 0 ? `${words} ${readInteger(sec)} giây` : words, 'number');
  });
  s = s.replace(BARE_MINUTES, (match, n: string, mark: string, offset: number, all: string) =>
    closesQuote(all.slice(0, offset), mark) ? match : ctx.slot(`${readInteger(n)} phút`, 'number'),
  );
  // "từ 22h đêm nay-5h sáng mai", "7h sáng - 11h trưa": a dash between two times, the first with its part of the day, is "đến".
  s = s.replace(PART_OF_DAY_RANGE, (match, first: string, part: string, second: string) =>
    isTimeSlot(first) && isTimeSlot(second) ? `${first}${part} đến ${second}` : match,
  );
  s = s.replace(BARE_MERIDIEM, (_m, h: string, mark: string) => `${ctx.slot(readClock(+h, 0, false), 'number')} ${mark}M`);
  return s.replace(MERIDIEM, (match, time: string, mark: string) => {
    const part = partOfDay(ctx.spokenOf(time) ?? '', /p/iu.test(mark));
    return part === undefined ? match : `${time} ${ctx.slot(part)}`;
  });
}

const ORDINAL = /([Tt]hứ|THỨ)\s+(\d{1,3})(?![\p{L}\p{N}]|[.,/]\d)/gu;
/** "đạt giải 1", "giải 2: 1 triệu": the prizes are "nhất", "nhì", "ba", "tư", as "giải Nhất" is written. */
/** "mỗi giải 2 triệu đồng" is a sum each prize gets. */
const PRIZE = /(?<![\p{L}])(?<!(?:mỗi|các)\s)([Gg]iải|GIẢI)\s+([1-4])(?![\p{L}\p{N}]|[.,/]\d|\s*(?:vụ|bài|câu|lần|trận|người|đội|ca|triệu|nghìn|ngàn|trăm|tỷ|đồng|tr|k|đ)(?!\p{L}))/giu;
const PRIZE_NAMES = ['', 'nhất', 'nhì', 'ba', 'tư'];
/** "ngã 4 Sòng": a crossroads is "ngã tư", as "thứ tư" is. */
const CROSSROADS = /(?<![\p{L}])([Nn]gã|NGÃ)\s+4(?![\p{L}\p{N}]|[.,/]\d)/gu;
/** Schedules write weekdays short: "T2, T4, T6". */
const SHORT_WEEKDAY = new RegExp(`${WORD_START}T([2-7])${WORD_END}`, 'gu');
/** "MBA T2", "TBA Thôn 3 T3": after a transformer or a substation's name, T and a digit number a transformer, no weekday. */
const TRANSFORMER_BEFORE = /(?:MBA|máy biến áp|TBA|trạm biến áp)(?:\s+(?:\p{Lu}\p{Ll}*|\d{1,3}))*\s*$/u;
/**
 * "tuyến T2 dài 820m", "gồm 3 tuyến: T1 dài 950m, T2 dài 820m": after a word naming works by their codes, or as the next
 * item of such a list, T and a digit is a code too ("lớp tiếng Anh T2, T4" keeps its weekdays).
 */
const isWorksCodeBefore = (before: string) => TRANSFORMER_BEFORE.test(before) || (!/tiếng\s+\p{L}+\s*$/iu.test(before) && isCodeWordBefore(before));
/** "TBA T1, T2 Phú Hòa": the next of a substation's transformers is one too. */
function isTransformerOrCode(before: string): boolean {
  return isWorksCodeBefore(before) || isListedAfterCodeWord(before, 'T', isWorksCodeBefore);
}
/** "sáng t7 này", "từ t2 đến t6": typed in lower case on a phone, a weekday only where one is spoken of. */
const LOWER_WEEKDAY = new RegExp(`${WORD_START}t([2-7])${WORD_END}`, 'gu');

const WEEKDAY_WORD = '(?:thứ\\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ nhật)';
/** "Thứ Hai - Thứ Sáu", "thứ Hai - Chủ nhật": a dash between weekdays written as words is "đến". */
const WEEKDAY_RANGE = new RegExp(`(?<![\\p{L}])(${WEEKDAY_WORD})\\s*[-–]\\s*(?=(?:${WEEKDAY_WORD}|CN)(?![\\p{L}]))`, 'giu');

/** "thứ 2, 4, 6 hằng tuần": a list of weekdays after one "thứ", each said as a weekday. */
/** "thứ 2-6", "thứ 2 - 7": one "thứ" before a span of weekdays says both ("thứ hai đến thứ sáu"). */
const WEEKDAY_SPAN = /([Tt]hứ|THỨ)\s+([2-7])\s*[-–]\s*([2-7])(?![\p{L}\p{N}]|[.,/]\d)/gu;
/** "T3,5,7", "t2, 4, 6": a weekday typed short and the next ones by their numbers only, as "thứ 3,5,7" is. */
const SHORT_WEEKDAY_LIST = /(?<![\p{L}\p{N}])[Tt]([2-7](?:\s*,\s*[2-7])+)(?![\p{L}\p{N}]|[.,/]\d)/gu;
const WEEKDAY_LIST = /([Tt]hứ|THỨ)\s+([2-7](?:\s*(?:,|và|hoặc)\s*[2-7])+)(?![\p{L}\p{N}]|[.,/]\d)/gu;

/** "t7 cn", "thứ 7 và cn": Sunday typed in lower case after another weekday. */
const LOWER_SUNDAY = /(?=cn)(?<=(?<![\p{L}\p{N}])(?:[Tt][2-7]|[Tt]hứ\s+(?:\d|\p{L}+))\s*(?:,|và|hoặc|[-–]|đến)?\s*)cn(?![\p{L}\p{N}])/gu;
/**
 * "sáng cn 14/12", "chiều mai cn", "cn tuần này": Sunday typed in lower case alone, where a part of the day is named before
 * it or a date or "này", "tới", "tuần" after it; elsewhere "cn" may be a worker (công nhân) or a branch and stays as typed.
 */
const LOWER_SUNDAY_ALONE = /(?<![\p{L}\p{N}])cn(?![\p{L}\p{N}])/gu;
const BEFORE_LOWER_SUNDAY = /(?<!\p{L})(?:(?:sáng|chiều|tối|trưa|đêm)(?:\s+(?:mai|nay))?|ngày|mai|tuần\s+(?:sau|tới|này))\s*$/iu;
const AFTER_LOWER_SUNDAY = /^\s*(?:(?:này|tới|tuần)(?!\p{L})|,?\s*\(?\s*\d{1,2}\s*\/\s*\d{1,2}(?!\d))/u;
/** "T2 - CN", "thứ 2 - CN": a dash from a weekday read as a number to Sunday is "đến" too. */
const DASH_TO_SUNDAY = new RegExp(`(${SLOT})\\s*[-–]\\s*(?=CN${WORD_END})`, 'gu');

/** "thứ 2" → "thứ hai" (weekday), "lần thứ 4" → "lần thứ tư", "thứ 1" → "thứ nhất". */
export function expandOrdinals(text: string, ctx: Context): string {
  return text
    // Written as the table's CN, so a weekday before it is still known by the word after it.
    .replace(LOWER_SUNDAY, 'CN')
    .replace(LOWER_SUNDAY_ALONE, (match, offset: number, all: string) => {
      const after = textAfter(all, offset + match.length, 20);
      const dateAfter = /^\s*(\S)/u.exec(after)?.[1];
      const isDate = dateAfter !== undefined && ctx.kindOf(dateAfter) === 'number' && /tháng/u.test(ctx.spokenOf(dateAfter) ?? '');
      return BEFORE_LOWER_SUNDAY.test(textBefore(all, offset, 20)) || AFTER_LOWER_SUNDAY.test(after) || isDate ? 'CN' : match;
    })
    .replace(WEEKDAY_RANGE, '$1 đến ')
    .replace(WEEKDAY_SPAN, (match, word: string, a: string, b: string) =>
      +a < +b ? `${word} ${ctx.slot(`${readOrdinal(+a)} đến thứ ${readOrdinal(+b)}`, 'number')}` : match,
    )
    .replace(SHORT_WEEKDAY_LIST, (match, days: string, offset: number, all: string) =>
      isTransformerOrCode(textBefore(all, offset, 120)) ? match : `thứ ${days}`,
    )
    .replace(WEEKDAY_LIST, (_m, word: string, days: string) =>
      `${word} ${days.replace(/\d/g, (d, offset: number) => ctx.slot(`${offset === 0 ? '' : 'thứ '}${readOrdinal(+d)}`, 'number'))}`,
    )
    .replace(ORDINAL, (_match, _word: string, n: string) => ctx.slot(`thứ ${readOrdinal(+n)}`, 'number'))
    .replace(CROSSROADS, (_m, word: string) => `${word} ${ctx.slot('tư', 'number')}`)
    .replace(PRIZE, (_m, word: string, n: string) => `${word} ${ctx.slot(PRIZE_NAMES[+n]!, 'number')}`)
    .replace(SHORT_MONTH, (match, n: string, offset: number, all: string) =>
      isShortMonth(+n, textBefore(all, offset, 30)) ? ctx.slot(`tháng ${monthName(+n, false)}`, 'number') : match,
    )
    .replace(SHORT_WEEKDAY, (match, n: string, offset: number, all: string) =>
      isTransformerOrCode(textBefore(all, offset, 120)) ? match : ctx.slot(`thứ ${readOrdinal(+n)}`, 'number'),
    )
    .replace(LOWER_WEEKDAY, (match, n: string, offset: number, all: string) => {
      const next = /^\s*(\p{L}+)/u.exec(textAfter(all, offset + match.length, 20))?.[1];
      const before = textBefore(all, offset, 30);
      // The date before or after, in brackets, is read by now: a slot whose words name a month.
      const dateInFront = /(\S)\s*\(\s*$/u.exec(before)?.[1] ?? '';
      const dateAfter = /^\s*\(\s*(\S)/u.exec(textAfter(all, offset + match.length, 10))?.[1] ?? '';
      const bracketed = BEFORE_BRACKETED_WEEKDAY.test(before) || [dateInFront, dateAfter].some((slot) => ctx.kindOf(slot) === 'number' && /tháng/u.test(ctx.spokenOf(slot) ?? ''));
      const contrasted = CONTRAST_BEFORE.test(before) && weekdaysWritten(ctx.sentence) >= 2;
      const weekday = (next !== undefined && AFTER_WEEKDAY.test(next)) || BEFORE_WEEKDAY.test(before) || BEFORE_LOWER_WEEKDAY.test(before) || bracketed || contrasted || WEEKDAY_RANGE_AFTER.test(textAfter(all, offset + match.length, 10)) || isLowerWeekdayByDefault(before, textAfter(all, offset + match.length, 10));
      return weekday ? ctx.slot(`thứ ${readOrdinal(+n)}`, 'number') : match;
    })
    .replace(DASH_TO_SUNDAY, (match, day: string) => (ctx.spokenOf(day)?.startsWith('thứ ') ? `${day} đến ` : match));
}
