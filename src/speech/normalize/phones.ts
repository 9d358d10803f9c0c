// Telephone numbers are read digit by digit, with a pause (comma) wherever
// the writer grouped the digits: "0912 345 678" → "không chín một hai, ba bốn
// năm, sáu bảy tám". Covers mobile and landline numbers (10–11 digits from
// 0, or +84), 1800/1900 hotlines and, after a word like "gọi", 111–115.

import { type Context, WORD_END, WORD_START } from './context.js';
import { readDigits } from './numbers.js';

const PHONE_CHAIN = new RegExp(`${WORD_START}(?:\\+84[ .]?|0)\\d+(?:[ .-]\\d+)*`, 'gu');
const HOTLINE = new RegExp(`${WORD_START}1[89]00(?:[ .]?\\d{2,3}){2}${WORD_END}`, 'gu');
const SHORT_NUMBER = new RegExp(`${WORD_START}11[1-5]${WORD_END}`, 'gu');
const CALL_CONTEXT = /(?:gọi|tổng đài|đường dây nóng|hotline|đầu số|điện thoại|cấp cứu|cứu hỏa|cứu hoả|chữa cháy|báo cháy|công an|khẩn cấp)[^.\d]{0,12}$/iu;

function readGroups(groups: string[]): string {
  return groups.map((g) => (g === '+84' ? 'cộng tám bốn' : readDigits(g))).join(', ');
}

/**
 * The longest run of whole digit groups that makes a 10- or 11-digit
 * national number, so "0912 345 678 và" stops before "và" and a following
 * year is not swallowed.
 */
function takePhone(match: string): { groups: string[]; length: number } | null {
  const parts = match.match(/\+84|\d+|[ .-]/g)!;
  let digits = 0;
  let best: { groups: string[]; length: number } | null = null;
  let consumed = 0;
  const groups: string[] = [];
  for (const part of parts) {
    consumed += part.length;
    if (/^[ .-]$/.test(part)) continue;
    groups.push(part);
    // "+84" stands for the leading 0.
    digits += part === '+84' ? 1 : part.length;
    if (digits === 10 || digits === 11) best = { groups: [...groups], length: consumed };
    if (digits > 11) break;
  }
  return best;
}

export function expandPhones(text: string, ctx: Context): string {
  let s = text.replace(PHONE_CHAIN, (match: string) => {
    const phone = takePhone(match);
    if (!phone) return match;
    return ctx.slot(readGroups(phone.groups)) + match.slice(phone.length);
  });
  s = s.replace(HOTLINE, (match: string) => ctx.slot(readGroups(match.split(/[ .]/))));
  return s.replace(SHORT_NUMBER, (match: string, offset: number, all: string) =>
    CALL_CONTEXT.test(all.slice(0, offset)) ? ctx.slot(readDigits(match)) : match,
  );
}
