// Telephone numbers are read digit by digit, with a pause (comma) wherever
// the writer grouped the digits: "0912 345 678" → "không chín một hai, ba bốn
// năm, sáu bảy tám". Covers mobile and landline numbers (10–11 digits from
// 0, or +84), 1800/1900 hotlines and, after a word like "gọi", 111–115.

import { type Context, WORD_END, WORD_START, textBefore, textAfter } from './context.js';
import { readDigits } from './numbers.js';

/** A national number, optionally with its area code in brackets: "(0239) 3856 123", or the country's "(+84) 912345678". */
/** Digits hidden as "x" in a number posted publicly ("0961 xxx 789", "0232.3512.xxx") count and are said as the letter. */
// Never from inside a number's thousands ("500.000-1.000.000 đồng": the "000-1.000.000" after the dot is no phone).
const PHONE_CHAIN = new RegExp(`${WORD_START}(?<!\\d[.,])(?:\\(0\\d{2,3}\\)\\s?|\\(\\+84\\)\\s?|\\+84[ .]?|0)\\d+(?:[ .-](?:\\d+|[xX]{2,}(?=[ .-]\\d|[^\\p{L}\\p{N}]|$)))*`, 'gu');
const HOTLINE = new RegExp(`${WORD_START}1[89]00(?:[ .]?\\d{2,3}){2}${WORD_END}`, 'gu');
/** Emergency numbers, alone or listed: "113", "113/114/115", "113, 114, 115". */
const SHORT_NUMBERS = new RegExp(`${WORD_START}11[1-5](?:\\s*[/,]\\s*11[1-5])*${WORD_END}(?![.,]\\d)`, 'gu');
/** Other service numbers of three to five digits ("tổng đài 1022"), only right after a calling word. */
const SERVICE_NUMBER = new RegExp(`${WORD_START}1\\d{2,4}${WORD_END}(?![.,]\\d)`, 'gu');
/** A calling word a little before, which may name the line: "Tổng đài quốc gia bảo vệ trẻ em 111". */
// "kêu gọi 156 phương tiện" summons boats, no call.
// A service named before its number in a list: "cứu thương: 115", "Đội PCCC: 114".
const CALL_CONTEXT = /(?:(?<!kêu\s)gọi|tổng đài|đường dây nóng|hotline|hót lai|đầu số|điện thoại|cấp cứu|cứu thương|cứu hỏa|cứu hoả|chữa cháy|báo cháy|phòng cháy|PCCC|CNCH|công an|cảnh sát|CSGT|khẩn cấp)[^.\d]{0,40}$/iu;
/** "113 công an, 114 cứu hỏa": an emergency number named by its service. */
const SERVICE_AFTER = /^\s*[:(–-]?\s*(?:công an|cảnh sát|cứu hỏa|cứu hoả|chữa cháy|cứu nạn|cứu hộ|cấp cứu|y tế|tìm kiếm)(?!\p{L})/iu;
const CALL_WORD_RIGHT_BEFORE = /(?:(?<!kêu\s)gọi|tổng đài|đường dây nóng|hotline|hót lai|đầu số|số điện thoại|điện thoại|ĐT|SĐT)\s*(?:(?:tới|đến|vào)\s+)?(?:số\s*)?[:]?\s*$/iu;

/** "Trực cấp cứu 24/7: 0239.3.855.115 hoặc 115": the other number to call, after a calling word and a first number. */
/** Reported to a number: "báo về Ban Chỉ huy xã qua số 0238.3821.115 hoặc 112". */
const OTHER_CALL = /(?:(?<!kêu\s)gọi|tổng đài|đường dây nóng|hotline|hót lai|điện thoại|SĐT|cấp cứu|liên hệ|(?<!\p{L})(?:qua|theo) số)[^.;]{0,80}(?:hoặc|hay)\s*(?:gọi\s*)?$/iu;
/** "Số điện thoại đường dây nóng về …: 111": the number announced after a colon. */
const CALL_WORDS = /(?:gọi|tổng đài|đường dây nóng|hotline|hót lai|số điện thoại|điện thoại)/iu;
/** A count, not a number to call: "113 hộ", "115 người", "dập tắt 114 đám cháy". */
const COUNTED_AFTER = /^\s*(?:hộ|người|phương tiện|tàu|thuyền|lao động|nhân khẩu|khẩu|con|cái|chiếc|ha|tấn|triệu|nghìn|tỷ|%|m|km|kg|học sinh|cháu|trẻ|lượt|ca|trường hợp|cuộc|đơn|tin|vụ|lần|đám|đối tượng|điểm|buổi|cán bộ|chiến sĩ)(?!\p{L})/iu;

function readGroups(groups: string[]): string {
  return groups
    .map((g) => (g === '+84' ? 'cộng tám bốn' : /^[xX]+$/.test(g) ? [...g].map(() => 'ích').join(' ') : /^\*+$/.test(g) ? [...g].map(() => 'sao').join(' ') : readDigits(g)))
    .join(', ');
}

/**
 * The longest run of whole digit groups that makes a 10- or 11-digit
 * national number, so "0912 345 678 và" stops before "và" and a following
 * year is not swallowed.
 */
function takePhone(match: string): { groups: string[]; length: number } | null {
  let digits = 0;
  let best: { groups: string[]; length: number } | null = null;
  const groups: string[] = [];
  for (const part of match.matchAll(/\+84|\d+|[xX]+/g)) {
    groups.push(part[0]);
    // "+84" stands for the leading 0.
    digits += part[0] === '+84' ? 1 : part[0].length;
    if (digits === 10 || digits === 11) best = { groups: [...groups], length: part.index! + part[0].length };
    if (digits > 11) break;
  }
  return best;
}

/** A country's calling code standing alone: "đầu số +84", said digit by digit as in a number ("cộng tám bốn"). */
const COUNTRY_CODE = /(?<=(?:đầu số|mã quốc gia|mã vùng)\s*(?:\+\d{1,3}\s*(?:,|hoặc|và)\s*)*)\+(\d{1,3})(?![\d.]|\s\d)/giu;

/** Text-message short codes: "gửi 8088", "đầu số 8079", "nhắn tin đến 1900…", a carrier's three-digit one "DK ST90 gửi 191". */
const SHORT_CODE = new RegExp(`${WORD_START}[1-9]\\d{2,3}${WORD_END}(?![.,]\\d)`, 'gu');
const SHORT_CODE_BEFORE = /(?:đầu số|gửi|gửi đến|gửi tới|nhắn tin đến|nhắn tin tới|nhắn đến|soạn tin)\s*$/iu;

/**
 * "05.11.2025 16:45:20": a date of a day before the tenth, typed with dots or dashes, opens with a zero too; so does a
 * range of days before such a date ("từ ngày 08-12.12.2026").
 */
const DOTTED_DATE = /^0[1-9](?:[-–](?:0?[1-9]|[12]\d|3[01]))?([.-])(?:0?[1-9]|1[0-2])\1(?:19|20)\d{2}(?!\d)/u;

/**
 * "0912xxx456", a citizen's "042xxxxxx123": a number posted with its middle hidden by x's typed against the digits;
 * nine to twelve characters in all, read as the three groups they make.
 */
// Also hidden by asterisks ("0912***456", said "sao"), and an account's or a card's number ("1234xxxx5678") after its word.
const GLUED_MASK = /(?<![\p{L}\p{N}.,])(\d{2,6})([xX]{2,}|\*{2,})(\d{2,6})(?![\p{L}\p{N}]|[.,]\d)/gu;
const MASKED_NUMBER_BEFORE = /(?:tài khoản|TK|STK|thẻ|CCCD|CMND|căn cước|số)\s*:?\s*$/iu;

export function expandPhones(text: string, ctx: Context): string {
  let s = text.replace(GLUED_MASK, (match: string, head: string, mask: string, tail: string, offset: number, all: string) => {
    const phoneLike = head.startsWith('0') && match.length >= 9 && match.length <= 12;
    const named = match.length >= 8 && match.length <= 19 && MASKED_NUMBER_BEFORE.test(textBefore(all, offset, 30));
    return phoneLike || named ? ctx.slot(readGroups([head, mask, tail])) : match;
  });
  s = s.replace(PHONE_CHAIN, (match: string) => {
    if (DOTTED_DATE.test(match)) return match;
    const phone = takePhone(match);
    if (phone) return ctx.slot(readGroups(phone.groups)) + match.slice(phone.length);
    // "VD: 042 095 001 234": twelve digits from 0 in groups are a citizen's number (căn cước), read as grouped, as a phone is.
    const groups = match.split(/[ .-]/u);
    return groups.length >= 3 && groups.every((g) => /^\d{2,4}$/u.test(g)) && groups.join('').length === 12 ? ctx.slot(readGroups(groups)) : match;
  });
  s = s.replace(HOTLINE, (match: string) => ctx.slot(readGroups(match.split(/[ .]/))));
  s = s.replace(COUNTRY_CODE, (_m, code: string) => ctx.slot(`cộng ${readDigits(code)}`));
  // "Gọi 114 khi có cháy, 113 khi …": once one emergency number is called, the next ones in the sentence are too.
  let called = false;
  s = s.replace(SHORT_NUMBERS, (match: string, offset: number, all: string) => {
    const after = textAfter(all, offset + match.length);
    const listed = called && !COUNTED_AFTER.test(after);
    // "Hotline" has been read by then: its words stand in the text before (numbers read before stay one slot each).
    const raw = textBefore(all, offset);
    const before = ctx.restore(raw).replace(/\s+/gu, ' ');
    const announced = /:\s*$/u.test(before) && CALL_WORDS.test(before);
    const calledFor = (CALL_CONTEXT.test(raw) || CALL_CONTEXT.test(before) || OTHER_CALL.test(before)) && !COUNTED_AFTER.test(after);
    if (!(listed || announced || calledFor || SERVICE_AFTER.test(after))) return match;
    called = true;
    return ctx.slot(readGroups(match.split(/\s*[/,]\s*/)));
  });
  s = s.replace(SERVICE_NUMBER, (match: string, offset: number, all: string) =>
    CALL_WORD_RIGHT_BEFORE.test(textBefore(all, offset)) || CALL_WORD_RIGHT_BEFORE.test(ctx.restore(textBefore(all, offset)).replace(/\s+/gu, ' '))
      ? ctx.slot(readDigits(match))
      : match,
  );
  return s.replace(SHORT_CODE, (match: string, offset: number, all: string) => {
    // "gửi 8088" after a message syntax; "gửi 1000 hồ sơ" stays a count.
    const before = textBefore(all, offset);
    if (!SHORT_CODE_BEFORE.test(before) || (/gửi\s*$/iu.test(before) && !/cú pháp|tin nhắn|nhắn tin|soạn/iu.test(before))) return match;
    // "đã gửi 150 tin nhắn": three digits before what they count are a count, no code.
    if (match.length === 3 && /^\s+\p{L}/u.test(textAfter(all, offset + match.length)) && !/^\s+(?:để|hoặc|và|miễn phí|nhé|nha)(?!\p{L})/iu.test(textAfter(all, offset + match.length))) return match;
    return ctx.slot(readDigits(match));
  });
}
