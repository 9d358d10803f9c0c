// Units of measure, money and percentages after a number, and the ratio
// slash: "15%" → "mười lăm phần trăm", "60 km/h" → "sáu mươi ki lô mét một
// giờ", "50.000 đồng/hộ" → "năm mươi nghìn đồng một hộ".

import { type Context, SLOT, WORD_START } from './context.js';
import { readNumberToken } from './numbers.js';

/** Written after a number, with or without a space. Case matters: kV, MW. */
const UNITS: Readonly<Record<string, string>> = {
  '%': 'phần trăm',
  'km/h': 'ki lô mét một giờ',
  'm/s': 'mét một giây',
  'm3/s': 'mét khối một giây',
  'm³/s': 'mét khối một giây',
  km2: 'ki lô mét vuông',
  'km²': 'ki lô mét vuông',
  m2: 'mét vuông',
  'm²': 'mét vuông',
  m3: 'mét khối',
  'm³': 'mét khối',
  km: 'ki lô mét',
  cm: 'xăng ti mét',
  mm: 'mi li mét',
  m: 'mét',
  kg: 'ki lô gam',
  mg: 'mi li gam',
  g: 'gam',
  ha: 'héc ta',
  ml: 'mi li lít',
  l: 'lít',
  '°C': 'độ xê',
  'ºC': 'độ xê',
  oC: 'độ xê',
  '°': 'độ',
  kWh: 'ki lô oát giờ',
  kW: 'ki lô oát',
  kV: 'ki lô vôn',
  MW: 'mê ga oát',
  đ: 'đồng',
  '₫': 'đồng',
  VNĐ: 'đồng',
  VND: 'đồng',
  vnđ: 'đồng',
};
/** Colloquial multipliers, only when glued to the number: "2tr", "50k". */
const TIGHT_UNITS: Readonly<Record<string, string>> = { tr: 'triệu', k: 'nghìn' };
/** Units that also stand alone after a slash or a word: "đồng/m2", "độ °C". */
const STANDALONE = ['km/h', 'km2', 'km²', 'm2', 'm²', 'm3', 'm³', '°C', 'ºC'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const alternation = (keys: string[]) => [...keys].sort((a, b) => b.length - a.length).map(escape).join('|');
const NUMBER = '(\\d+(?:[.,]\\d+)*)';
const AFTER_UNIT = '(?![\\p{L}\\p{N}])';
const NUMBER_WITH_UNIT = new RegExp(
  `${WORD_START}${NUMBER}(?:\\s?(${alternation(Object.keys(UNITS))})|(${alternation(Object.keys(TIGHT_UNITS))}))${AFTER_UNIT}`,
  'gu',
);
const STANDALONE_UNIT = new RegExp(`(?<![\\p{L}\\p{N}])(${alternation(STANDALONE)})${AFTER_UNIT}`, 'gu');

export function expandUnits(text: string, ctx: Context): string {
  const s = text.replace(NUMBER_WITH_UNIT, (_m, n: string, unit: string | undefined, tight: string | undefined) => {
    const unitWords = unit !== undefined ? UNITS[unit] : TIGHT_UNITS[tight!];
    return ctx.slot(`${readNumberToken(n)} ${unitWords}`, 'number');
  });
  return s.replace(STANDALONE_UNIT, (unit: string) => ctx.slot(UNITS[unit], 'unit'));
}

/** What may follow "/" to mean "per": "lần/năm", "đồng/hộ", "đồng/kg". */
const PER: Readonly<Record<string, string>> = {
  kg: 'ki lô gam',
  ha: 'héc ta',
  km: 'ki lô mét',
  m: 'mét',
  h: 'giờ',
  l: 'lít',
  kWh: 'ki lô oát giờ',
};
const PER_WORDS = [
  'năm', 'tháng', 'quý', 'tuần', 'ngày', 'đêm', 'giờ', 'phút', 'giây', 'hộ', 'người', 'khẩu', 'lần', 'suất',
  'con', 'cây', 'sào', 'mẫu', 'tấn', 'lít', 'chuyến', 'lượt', 'học sinh', 'thửa', 'ca', 'buổi', 'kỳ', 'đợt',
  'bản', 'trang', 'hồ sơ',
];
const PER_PATTERN = new RegExp(
  `(?<=[\\p{L}\\uE000-\\uF8FF])\\s*\\/\\s*(${alternation([...PER_WORDS, ...Object.keys(PER)])})(?![\\p{L}\\p{N}])`,
  'gu',
);
const SLASH_BEFORE_SLOT = new RegExp(`(${SLOT}|\\p{L})\\s*\\/\\s*(?=(${SLOT}))`, 'gu');

/**
 * The slash: "per" before a unit or a per-word ("lần/năm" → "lần một năm"),
 * "trên" between two numbers ("45/100"), a pause before a counted noun
 * ("01 lần/01 năm" → "một lần một năm"). Other slashes become commas later.
 */
export function expandSlashes(text: string, ctx: Context): string {
  const s = text.replace(PER_PATTERN, (_m, word: string) => ` một ${PER[word] ?? word}`);
  return s.replace(SLASH_BEFORE_SLOT, (match, left: string, right: string) => {
    const rightKind = ctx.kindOf(right);
    if (rightKind === 'unit') return `${left} một `;
    if (rightKind !== 'number') return match;
    return ctx.kindOf(left) === 'number' ? `${left} trên ` : `${left} `;
  });
}
