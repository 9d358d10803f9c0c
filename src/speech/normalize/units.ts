// Units of measure, money and percentages after a number, and the ratio
// slash: "15%" → "mười lăm phần trăm", "60 km/h" → "sáu mươi ki lô mét một
// giờ", "50.000 đồng/hộ" → "năm mươi nghìn đồng một hộ".

import { type Context, SLOT, WORD_START, textAfter, textBefore } from './context.js';
import { readDegrees, readNumberToken, readQuantity } from './numbers.js';
import { isVietnameseSyllable } from './syllables.js';
import { table } from './table.js';

/** Written after a number, with or without a space. Case matters: kV, MW. */
const UNITS: Readonly<Record<string, string>> = {
  '%': 'phần trăm',
  '‰': 'phần nghìn',
  // Salinity typed where the per-mille sign is not on the keyboard: "độ mặn 4%o".
  '%o': 'phần nghìn',
  'km/h': 'ki lô mét một giờ',
  'Km/h': 'ki lô mét một giờ',
  // The pressure at a storm's centre.
  hPa: 'héc tô pát xcan',
  // And in millibars, as older bulletins give it: "960mb", "995 mbar" ("mb" elsewhere is data, see PRESSURE_BEFORE).
  mbar: 'mi li ba',
  mb: 'mi li ba',
  'm/s': 'mét một giây',
  'm3/s': 'mét khối một giây',
  'm³/s': 'mét khối một giây',
  km2: 'ki lô mét vuông',
  cm2: 'xăng ti mét vuông',
  // A cable's cross-section: "dây 3x4mm2".
  mm2: 'mi li mét vuông',
  'mm²': 'mi li mét vuông',
  'cm²': 'xăng ti mét vuông',
  cm3: 'xăng ti mét khối',
  'cm³': 'xăng ti mét khối',
  // Blood counts per cubic millimetre: "tiểu cầu 45.000/mm3".
  mm3: 'mi li mét khối',
  'mm³': 'mi li mét khối',
  cc: 'xê xê',
  'km²': 'ki lô mét vuông',
  m2: 'mét vuông',
  'm²': 'mét vuông',
  m3: 'mét khối',
  'm³': 'mét khối',
  km: 'ki lô mét',
  // Running metres of a dyke, an embankment or a canal in damage reports: "sạt lở 350md", "kè 1.200 md".
  md: 'mét dài',
  cm: 'xăng ti mét',
  mm: 'mi li mét',
  m: 'mét',
  kg: 'ki lô gam',
  mg: 'mi li gam',
  g: 'gam',
  // Grams as pesticide doses are often typed: "20gr/bình 16 lít".
  gr: 'gam',
  ha: 'héc ta',
  ml: 'mi li lít',
  l: 'lít',
  '°C': 'độ xê',
  '°N': 'độ vĩ bắc',
  '°E': 'độ kinh đông',
  '°B': 'độ vĩ bắc',
  '°Đ': 'độ kinh đông',
  'ºC': 'độ xê',
  oC: 'độ xê',
  '°': 'độ',
  kWh: 'ki lô oát giờ',
  kHz: 'ki lô héc',
  mmHg: 'mi li mét thủy ngân',
  // Test results health bulletins quote: blood sugar, cholesterol.
  mmol: 'mi li mol',
  'µmol': 'mi crô mol',
  'μmol': 'mi crô mol',
  mL: 'mi li lít',
  dL: 'đề xi lít',
  dl: 'đề xi lít',
  L: 'lít',
  ppm: 'phần triệu',
  // A dose of vitamin A: "liều 100.000 đv".
  đv: 'đơn vị',
  'µg': 'mi crô gam',
  'μg': 'mi crô gam',
  // Micrograms typed on a keyboard without µ: "400mcg acid folic".
  mcg: 'mi crô gam',
  'l/s': 'lít một giây',
  GB: 'gi ga bai',
  MB: 'mê ga bai',
  Mbps: 'mê ga bít trên giây',
  dB: 'đề xi ben',
  kVA: 'ki lô vôn am pe',
  // A substation's rating in the large and capacitor banks' reactive power: "MBA 25MVA", "tụ bù 3x20kVAr".
  MVA: 'mê ga vôn am pe',
  kVAr: 'ki lô vôn am pe phản kháng',
  kVAR: 'ki lô vôn am pe phản kháng',
  MHz: 'mê ga héc',
  Hz: 'héc',
  kW: 'ki lô oát',
  // Rooftop solar is sold by its peak power.
  kWp: 'ki lô oát pic',
  Wp: 'oát pic',
  MWp: 'mê ga oát pic',
  kV: 'ki lô vôn',
  V: 'vôn',
  W: 'oát',
  MW: 'mê ga oát',
  // A boat's or a tractor's engine power.
  CV: 'sức ngựa',
  HP: 'sức ngựa',
  đ: 'đồng',
  // In a notice typed in capitals: "15.000Đ/CON".
  Đ: 'đồng',
  '₫': 'đồng',
  VNĐ: 'đồng',
  USD: 'đô la mỹ',
  $: 'đô la mỹ',
  VND: 'đồng',
  vnđ: 'đồng',
  'tr.đ': 'triệu đồng',
  'Tr.đ': 'triệu đồng',
  trđ: 'triệu đồng',
  'tr.đồng': 'triệu đồng',
  // A reservoir's volume in millions of cubic metres: "420 tr.m3".
  'tr.m3': 'triệu mét khối',
  'tr.m³': 'triệu mét khối',
  // Thousands of đồng, as accounts write them: "12.500 ng.đ".
  'ng.đ': 'nghìn đồng',
  ngđ: 'nghìn đồng',
  // "3,5 tr/m2": millions typed apart from the number.
  tr: 'triệu',
};
/** The units written glued to a number, for the checks that tell them from OCR damage ("250kVA"). */
export const UNIT_SYMBOLS: readonly string[] = Object.keys(UNITS);
/** Colloquial multipliers and minutes, only when glued to the number: "2tr", "50k", "30p". */
/** And seconds: "đèn xanh 45s". */
const TIGHT_UNITS: Readonly<Record<string, string>> = { tr: 'triệu', k: 'nghìn', p: 'phút', ph: 'phút', s: 'giây' };
/** Units that also stand alone after a slash or a word: "đồng/m2", "độ °C". */
/** Also a blood count per cubic millimetre: "45.000/mm3". */
const STANDALONE = ['km/h', 'km2', 'km²', 'm2', 'm²', 'm3', 'm³', 'mm3', 'mm³', '°C', 'ºC'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const alternation = (keys: string[]) => [...keys].sort((a, b) => b.length - a.length).map(escape).join('|');
const NUMBER = '(\\d+(?:[.,]\\d+)*)';
const AFTER_UNIT = '(?![\\p{L}\\p{N}])';
const NUMBER_WITH_UNIT = new RegExp(
  `${WORD_START}${NUMBER}(?:\\s?(${alternation(Object.keys(UNITS))})|(${alternation(Object.keys(TIGHT_UNITS))}))${AFTER_UNIT}`,
  'gu',
);
const THOUSANDS_OF_K = /^(?:\d{4,}|\d{1,3}(?:\.\d{3})+)$/u;
/** "gói 500mb", "file 20mb": a lower-case "mb" is megabytes unless a pressure is spoken of before it. */
const PRESSURE_BEFORE = /(?:áp suất|khí áp|tâm bão|áp thấp|(?<!\p{L})bão)(?!\p{L})/iu;
/** "1,26 triệu kWh", "3 nghìn ha": a unit after a number and its scale word. */
const SCALED_UNIT = new RegExp(
  `${WORD_START}${NUMBER}\\s+(nghìn|ngàn|triệu|tỷ|tỉ)\\s*(${alternation(Object.keys(UNITS).filter((u) => !/^(?:[mglLVW°]|cc)$/u.test(u)))})${AFTER_UNIT}`,
  'gu',
);
const STANDALONE_UNIT = new RegExp(`(?<![\\p{L}\\p{N}])(${alternation(STANDALONE)})${AFTER_UNIT}`, 'gu');

const COORDINATE_RANGE = new RegExp(`(${SLOT})\\s*[-–]\\s*(${SLOT})`, 'gu');

/** "mỗi ha", "trên mỗi ha", "mỗi km đường": a unit without a number before it. */
/** Also a share's points "tăng 3,2 điểm %" (điểm phần trăm). */
const LONE_UNIT = /(?<=(?:[Mm]ỗi|[Tt]rên)\s*)(?:ha|km|m2|m²|m3|m³|kg)(?![\p{L}\p{N}])|(?<=\/\s*)ha(?![\p{L}\p{N}])|(?<=(?<!\p{L})điểm\s?)%/gu;

/** "1tỷ250 triệu", "1tỷ2": billions and then millions; without "triệu" after, the digits are hundreds of millions. */
const BILLIONS_AND = new RegExp(`${WORD_START}(\\d{1,3})\\s?t[ỷỉ](\\d{1,3})(\\s*triệu)?(?![\\p{L}\\p{N}])`, 'gu');
/** "1tr2", "2tr5", "1tr250": millions and then the hundreds of thousands, as people write prices; "45tr500k" counts the thousands. */
const MILLIONS_AND = new RegExp(`${WORD_START}(\\d{1,3})tr(\\d{1,3})(k)?(?![\\p{L}\\p{N}])`, 'gu');
/** "12k5", "20k5": thousands and then hundreds, as prices are written on a phone. */
const THOUSANDS_AND = new RegExp(`${WORD_START}(\\d{1,3})k(\\d{1,3})(?![\\p{L}\\p{N}])`, 'gu');

/**
 * A height "1m60", "dưới 1m2": metres and centimetres; "5m3", "9m2" (no one is that tall) are cubic and square metres,
 * and so is the end of a decimal area "35,2m2".
 */
const HEIGHT = new RegExp(`${WORD_START}(?<!\\d[.,])(?:(1)m(\\d{1,2})|(\\d)m(\\d{1,2}))(?![\\p{L}\\p{N}])`, 'gu');
/**
 * "mực nc … là 3m2", "ngập sâu 2m3": where a water's level, a depth or a height is spoken of, "3m2" is metres and
 * decimetres too, unless an area or a volume is named on the way.
 */
const LEVEL_BEFORE =
  /(?<!\p{L})(?:(?:mực nước|mực nc|đỉnh lũ|đỉnh triều)(?!\p{L})[^.;,]{0,30}|(?:ngập|sâu|cao|dâng|rút|sóng|lên)(?:\s+(?:sâu|cao|thêm|khoảng|tới|đến|gần|trên|dưới|hơn))*\s+)$/iu;
const AREA_OR_VOLUME = /(?<!\p{L})(?:diện tích|dung tích|thể tích|khối lượng|rộng)(?!\p{L})/iu;

/** "4g/1m3 nước", "mỗi 1m2": a rate's or an each's "1m3", "1m2" is a cubic or a square metre, never a height. */
const PER_UNIT_BEFORE = /(?:\/|(?<!\p{L})mỗi)\s*$/iu;
/** "1m3 nước", "1m3 đất đá", "1m2 sàn": a material measured is a volume or an area. */
const MATERIAL_AFTER = /^\s*(?:nước|đất|đá|cát|sỏi|bê tông|gỗ|rác|bùn|phân|khí|sàn|tường|mái|kính)(?!\p{L})/iu;

/** "con cá 1kg2", "bao 2kg500": kilograms and then the rest, "một ki lô gam hai", as a height "1m60" is said. */
const KILOS_AND = new RegExp(`${WORD_START}(?<!\\d[.,])(\\d{1,2})kg(\\d{1,3})(?![\\p{L}\\p{N}])`, 'gu');

/** "vé 20K/lượt", "ủng hộ 100K": a capital K glued to a sum is thousands too, unless it is a house's, a class's or a race's letter. */
const THOUSANDS_K = new RegExp(`${WORD_START}(\\d{1,3})K(?![\\p{L}\\p{N}])`, 'gu');
const LETTERED_BEFORE = /(?<!\p{L})(?:số|nhà|lô|lớp|phòng|căn|ki ốt|kiốt|khu|dãy|tổ|xóm|ấp|đội|chạy|cự ly|giải)\s*$/iu;
/** Words a sum follows: "giá", "nộp", "ủng hộ", "còn". */
const PRICE_WORDS = '(?<!\\p{L})(?:giá|bán|mua|nộp|thu|góp|ủng hộ|còn|hết|trả|chi|thêm|bớt|phí|đóng)';
/** "thực hiện 5K", "thông điệp 2K": the health slogans, not a sum, unless a price is spoken of. */
const PRICE_BEFORE = new RegExp(`${PRICE_WORDS}\\s*$`, 'iu');
/** "giá 20 k một bó", "nộp 50 k": thousands typed with a space before the k, right after a price's word. */
const SPACED_THOUSANDS_K = new RegExp(`(?<=${PRICE_WORDS}\\s+)(\\d{1,3})\\s[kK](?![\\p{L}\\p{N}])`, 'giu');

/** "biển hạn chế tải trọng 5T", "tổng trọng lượng trên 10T": T after a number is a tonne where loads are spoken of. */
const TONNES = new RegExp(`${WORD_START}(\\d+(?:[.,]\\d+)?)\\s?T(?![\\p{L}\\p{N}])`, 'gu');
/** Also an axle's load: "trục đơn 10T, trục kép 18T". */
const LOAD_BEFORE = /(?:(?:tải trọng|trọng tải|tải|xe|quá tải|hạn chế|KLTB|TLTB|KLCC|(?<!\p{L})trục)[^.;]{0,12}|(?:trọng lượng|khối lượng|sức chở|chở)[^.;,]{0,20})$/iu;

/** "thép Φ12", "cống Ø600": the diameter sign, "phi". */
const DIAMETER = /(?<![\p{L}\p{N}])[ΦØøφϕ]\s?(?=\d)/gu;

/** "$500": the dollar sign before the amount is read after it. */
const DOLLARS_BEFORE = /(?<![\p{L}\p{N}])\$\s?(\d+(?:[.,]\d+)*)(?![\p{L}\p{N}])/gu;

/**
 * A position in degrees and minutes: "17°15'N", "107°30'E", "17°15'30\"N" ("mười bảy độ mười lăm phút vĩ bắc"), and
 * without its letter where a word names the side or the line ("17°30' vĩ Bắc", "kinh tuyến trục 108°15'").
 */
const DEGREES_MINUTES = /(?<![\p{L}\p{N}])(\d{1,3})°\s?(\d{1,2})\s?['′’](?:\s?(\d{1,2}(?:[.,]\d+)?)\s?(?:["″”]|''))?(?:\s?([NSEWBĐ]))?(?![\p{L}\p{N}])/gu;
const HEMISPHERES: Readonly<Record<string, string>> = { N: 'vĩ bắc', B: 'vĩ bắc', S: 'vĩ nam', E: 'kinh đông', Đ: 'kinh đông', W: 'kinh tây' };

/** "Urê 46%N", "lân 16%P2O5", "Urê 46 %N": a fertiliser's share glued to the element it is a share of. */
const SHARE_OF_ELEMENT = /(?<=\d ?)%(?=\p{Lu})/gu;

/**
 * "Lượng mưa (mm)", "Mực nước (m)", "Lưu lượng (m3/s)", "Độ mặn (‰)", "Nhiệt độ (oC)": a table's heading names its column's
 * unit in a bracket after the word (or after what was read, "Lượng mưa 24h (mm)"), with no number; the unit is said.
 */
const HEADING_SYMBOLS = ['mm', 'cm', 'm', 'km', 'm3', 'm³', 'm3/s', 'm³/s', 'm/s', 'km/h', '°C', 'oC', '‰', '%', 'hPa', 'ha', 'kg'];
const HEADING_UNITS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(HEADING_SYMBOLS.map((symbol) => [symbol, UNITS[symbol]!])),
  'triệu m3': `triệu ${UNITS.m3}`,
  'triệu m³': `triệu ${UNITS.m3}`,
  'độ C': UNITS['°C']!,
  'g/l': `${UNITS.g} một ${UNITS.l}`,
  'mg/l': `${UNITS.mg} một ${UNITS.l}`,
};
const HEADING_UNIT = new RegExp(
  `(?<=(?:\\p{L}|${SLOT})\\s{0,2})\\(\\s*(${Object.keys(HEADING_UNITS).sort((a, b) => b.length - a.length).map((u) => u.replace(/[/]/g, '\\/')).join('|')})\\s*\\)`,
  'gu',
);

export function expandUnits(text: string, ctx: Context): string {
  const s = text
    .replace(HEADING_UNIT, (_m, unit: string) => `(${ctx.slot(HEADING_UNITS[unit]!)})`)
    .replace(SHARE_OF_ELEMENT, '% ')
    .replace(DEGREES_MINUTES, (_m, deg: string, min: string, sec: string | undefined, side: string | undefined) =>
      ctx.slot(`${readNumberToken(deg)} độ ${readNumberToken(min)} phút${sec ? ` ${readQuantity(sec)} giây` : ''}${side ? ` ${HEMISPHERES[side]}` : ''}`),
    )
    .replace(DIAMETER, () => `${ctx.slot('phi')} `)
    .replace(DOLLARS_BEFORE, (_m, n: string) => ctx.slot(`${readQuantity(n)} đô la mỹ`, 'number'))
    .replace(TONNES, (match, n: string, offset: number, all: string) =>
      LOAD_BEFORE.test(textBefore(all, offset, 40)) ? ctx.slot(`${readQuantity(n)} tấn`, 'number') : match,
    )
    .replace(HEIGHT, (match, one: string | undefined, oneRest: string | undefined, metres: string | undefined, rest: string | undefined, offset: number, all: string) =>
      ((oneRest === '2' || oneRest === '3') && (PER_UNIT_BEFORE.test(textBefore(all, offset, 10)) || MATERIAL_AFTER.test(textAfter(all, offset + match.length, 12)))) ||
      ((rest === '2' || rest === '3') && !(LEVEL_BEFORE.test(textBefore(all, offset, 40)) && !AREA_OR_VOLUME.test(textBefore(all, offset, 40))))
        ? match
        : ctx.slot(`${readNumberToken(one ?? metres!)} mét ${readNumberToken(oneRest ?? rest!)}`, 'number'),
    )
    .replace(SPACED_THOUSANDS_K, (_m, n: string) => ctx.slot(`${readNumberToken(n)} nghìn`, 'number'))
    .replace(THOUSANDS_K, (match, n: string, offset: number, all: string) => {
      const before = textBefore(all, offset, 20);
      const slogan = (n === '2' || n === '5') && !PRICE_BEFORE.test(before) && !/^\s*\//u.test(textAfter(all, offset + match.length, 5));
      return slogan || LETTERED_BEFORE.test(before) ? match : ctx.slot(`${readNumberToken(n)} nghìn`, 'number');
    })
    .replace(KILOS_AND, (_m, kilos: string, rest: string) => ctx.slot(`${readNumberToken(kilos)} ki lô gam ${readNumberToken(rest)}`, 'number'))
    .replace(BILLIONS_AND, (_m, billions: string, rest: string, millionsWord: string | undefined) => {
      const millions = millionsWord ? Number(rest) : Number(rest.padEnd(3, '0'));
      return ctx.slot(`${readNumberToken(billions)} tỷ ${readNumberToken(String(millions))} triệu`, 'number');
    })
    .replace(MILLIONS_AND, (_m, millions: string, rest: string, k: string | undefined) => {
      const thousands = Number(k ? rest : rest.padEnd(3, '0'));
      return ctx.slot(`${readNumberToken(millions)} triệu ${readNumberToken(String(thousands))} nghìn`, 'number');
    })
    .replace(THOUSANDS_AND, (_m, thousands: string, rest: string) =>
      ctx.slot(`${readNumberToken(thousands)} nghìn ${readNumberToken(String(Number(rest.padEnd(3, '0'))))}`, 'number'),
    )
    .replace(SCALED_UNIT, (_m, n: string, scale: string, unit: string) => ctx.slot(`${readQuantity(n)} ${scale} ${UNITS[unit]}`, 'number'))
    .replace(NUMBER_WITH_UNIT, (_m, n: string, unit: string | undefined, tight: string | undefined, offset: number, all: string) => {
      if (unit === 'mb' && !PRESSURE_BEFORE.test(textBefore(all, offset, 80))) return ctx.slot(`${readQuantity(n)} ${UNITS.MB}`, 'number');
      // "1500k", "1.500k": a thousand thousands or more typed in "k" is a sum said in millions.
      if (tight === 'k' && THOUSANDS_OF_K.test(n)) return ctx.slot(readNumberToken(`${n.replace(/\./gu, '')}000`), 'number');
      const unitWords = unit !== undefined ? UNITS[unit] : TIGHT_UNITS[tight!];
      // A position "16,2°N - 113,5°E" is two coordinates, not a range.
      const position = /vĩ bắc|kinh đông/u.test(unitWords);
      return ctx.slot(`${position ? readDegrees(n) : readQuantity(n)} ${unitWords}`, position ? 'text' : 'number');
    });
  return s
    // "vùng 20°N - 22°N": a band between two latitudes (or longitudes) is a range, unlike a position "16,2°N - 113,5°E".
    .replace(COORDINATE_RANGE, (match, a: string, b: string) => {
      const direction = (slot: string) => /độ (?:vĩ bắc|kinh đông)$/u.exec(ctx.spokenOf(slot) ?? '')?.[0];
      if (direction(a) && direction(a) === direction(b)) return `${a} đến ${b}`;
      // A position: latitude, then longitude, with the pause the dash stands for.
      return direction(a) && direction(b) ? `${a}, ${b}` : match;
    })
    .replace(STANDALONE_UNIT, (unit: string) => ctx.slot(UNITS[unit], 'unit'))
    .replace(LONE_UNIT, (unit: string) => ctx.slot(unit === 'ha' ? 'héc ta' : UNITS[unit], 'unit'));
}

/** What may follow "/" to mean "per": "lần/năm", "đồng/hộ", "đồng/kg". */
const PER: Readonly<Record<string, string>> = table({
  kg: 'ki lô gam',
  ha: 'héc ta',
  km: 'ki lô mét',
  m: 'mét',
  h: 'giờ',
  l: 'lít',
  L: 'lít',
  // A viral load or a count in a sample: "dưới 200 bản sao/ml", "20 khuẩn lạc/ml".
  ml: 'mi li lít',
  mL: 'mi li lít',
  dl: 'đề xi lít',
  dL: 'đề xi lít',
  kWh: 'ki lô oát giờ',
  // Rooftop solar priced per peak kilowatt: "12-15 triệu đồng/kWp".
  kWp: 'ki lô oát pic',
  kW: 'ki lô oát',
  // A water plant's output "m3/ngđ": per day and night.
  ngđ: 'ngày đêm',
  // A wage typed on a phone, "lương 7-9tr/th": per month.
  th: 'tháng',
  'ng.đ': 'ngày đêm',
  // Written out with the dot the works' papers put between them: "3.000m³/ngày.đêm".
  'ngày.đêm': 'ngày đêm',
});
/** The per-units' shorthands ("tr/th", "m3/ngđ"), which the noise check takes as words after their slash. */
export const PER_SHORTHANDS: ReadonlySet<string> = new Set(Object.keys(PER));
const PER_WORDS = [
  'năm', 'tháng', 'quý', 'tuần', 'ngày', 'đêm', 'giờ', 'phút', 'giây', 'hộ', 'người', 'khẩu', 'lần', 'suất',
  'con', 'cây', 'sào', 'mẫu', 'tấn', 'lít', 'chuyến', 'lượt', 'học sinh', 'thửa', 'ca', 'buổi', 'kỳ', 'đợt',
  'bản', 'trang', 'hồ sơ', 'vụ',
];
/** Case apart: a notice in capitals writes "200K/HỘ/NĂM". */
const PER_PATTERN = new RegExp(
  `(?<=[\\p{L}\\uE000-\\uF8FF])\\s*\\/\\s*(${alternation([...PER_WORDS, ...Object.keys(PER)])})(?![\\p{L}\\p{N}])`,
  'giu',
);
/** Counted things a price or amount is given for, when a quantity stands just before: "50 triệu đồng/mô hình". */
const COUNTED_PER_WORDS = [
  'em', 'cháu', 'trẻ', 'học viên', 'hội viên', 'đoàn viên', 'đảng viên', 'lô', 'bao', 'xe', 'chiếc', 'cái', 'bộ', 'căn', 'phòng',
  'mô hình', 'dự án', 'công trình', 'gia đình', 'thẻ', 'sổ', 'phần', 'bình', 'thùng', 'chai', 'hộp', 'gói', 'liều', 'mũi', 'vé',
  'lớp', 'đơn vị', 'thôn', 'xã', 'điểm', 'trường', 'cơ sở', 'doanh nghiệp', 'sản phẩm', 'nhà', 'bữa', 'ngày công', 'công',
  'lao động', 'nhân khẩu', 'đầu người', 'thành viên', 'công nhân', 'sinh viên', 'năm học', 'khóa', 'khoá', 'lượt người', 'bệnh nhân',
];
const COUNTED_PER_PATTERN = new RegExp(
  `(?<=[\\p{L}\\uE000-\\uF8FF])\\s*\\/\\s*(${alternation(COUNTED_PER_WORDS)})(?![\\p{L}\\p{N}])`,
  'gu',
);
const SLOT_CHAR = new RegExp(SLOT, 'u');
const EITHER_OR = /(?<![\p{L}])(và|hoặc)\s*\/\s*(hoặc|và)(?![\p{L}])/giu;

/** A quantity among the last words before `offset`: "50 triệu đồng" before "/mô hình". */
function quantityBefore(text: string, offset: number, ctx: Context): boolean {
  const words = text.slice(Math.max(0, offset - 60), offset).split(/\s+/).filter(Boolean).slice(-3);
  return words.some((w) => [...w].some((c) => SLOT_CHAR.test(c) && ctx.kindOf(c) !== 'text'));
}

const SLASH_BEFORE_SLOT = new RegExp(`(${SLOT}|\\p{L})\\s*\\/\\s*(?=(${SLOT}))`, 'gu');
const NUMBER_WORDS = new Set('không một hai ba bốn năm sáu bảy tám chín mười mươi mốt tư lăm linh lẻ trăm nghìn ngàn triệu tỷ phẩy'.split(' '));

/** "một trăm mi li mét" ends with a unit, "hai mươi tư" and "bảy giờ" with none that measures an amount. */
function hasUnit(spoken: string): boolean {
  const last = spoken.split(' ').pop() ?? '';
  return !NUMBER_WORDS.has(last) && last !== 'giờ' && last !== 'phút';
}

/** A base counts are given per: "100", "1.000 m²", "10 ha". */
const ROUND_BASE = /^(?:mười|một trăm|một nghìn|mười nghìn|một trăm nghìn)(?: (?!(?:không|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|mươi|mốt|tư|lăm|linh|lẻ|trăm|nghìn|phẩy)(?!\S))\S.*)?$/u;

/** The far end of a span already read as one: " đến <slot>". */
const RANGE_END_AFTER = new RegExp(`^\\s*đến\\s*(${SLOT})`, 'u');

/** A unit written apart after the number it measures: "20 lít nước". */
const SPACED_UNIT_AFTER = /^\s*(?:lít|l|ml|kg|g|m2|m²|m3|m³|mét|ha|sào)(?![\p{L}\p{N}])/u;

/** A number and the scale word of a sum written out after it: "50 nghìn", "300 ngàn", "2 triệu đồng". */
const SPELLED_SUM_BEFORE = new RegExp(`${SLOT}\\s*(?:nghìn|ngàn|triệu|tỷ)(?:\\s+đồng)?$|${SLOT}\\s*đồng$`, 'u');

/** The thing after "/1": a word, or a chat word read already ("200k/1 ng"). */
const THING_AFTER = new RegExp(`^\\s+(?:\\p{L}|${SLOT})`, 'u');

const PRICE_PER = new RegExp(`(?<![\\p{L}])(đồng|ĐỒNG|${SLOT})\\s*\\/\\s*(\\p{L}+)(?![\\p{L}\\p{N}])`, 'gu');

/** "2.000 con/lứa", "0,2kg kali/gốc": so many of a thing (a word, or one the tables read) for each of another. */
// In a notice typed in capitals too: "2.000 CON/LỨA".
const COUNT_PER = new RegExp(`(${SLOT})((?:\\s*(?:\\p{Ll}+(?!\\p{Ll})|\\p{Lu}+(?!\\p{L})|${SLOT})){1,3})\\s*\\/\\s*(\\p{Ll}+|\\p{Lu}+)(?![\\p{L}\\p{N}])`, 'gu');
/** Nouns a slash joins as alternatives, not as "per": "xã/phường", "ông/bà", "nam/nữ". */
const ALTERNATIVES = new Set(
  // Foods a nutrition talk gives one or the other of: "1 thìa mỡ/dầu", "50g thịt/cá/trứng".
  'xã phường thị trấn thôn tổ xóm bản ấp khu huyện quận tỉnh ông bà anh chị em cô chú bác nam nữ cha mẹ vợ chồng con cháu mỡ dầu thịt cá trứng tôm cua đậu sữa bột cháo cơm'.split(' '),
);

/** A sentence about a ratio: "tỷ lệ nam/nữ", "tỷ số giới tính khi sinh 112 bé trai/100 bé gái". */
export const RATIO_TALK = /(?<!\p{L})(?:tỷ|tỉ)\s+(?:lệ|số)(?!\p{L})/iu;
const WORD_SLASH_WORD = /(?<=\p{L})\s*\/\s*(?=\p{L})/gu;

/** Whether `after` (the text after what the slash names) opens on a quantity in the unit `left` is given in. */
function comparedLevel(left: string, after: string, ctx: Context): boolean {
  // Its plus sign ("+32,50m") has been read "cộng" by then.
  const named = new RegExp(`^\\s*(?:\\+|cộng)?\\s*(${SLOT})`, 'u').exec(after)?.[1];
  const unit = (spoken: string) => spoken.split(' ').pop();
  return named !== undefined && ctx.kindOf(named) === 'number' && hasUnit(ctx.spokenOf(named) ?? '') && unit(ctx.spokenOf(named) ?? '') === unit(ctx.spokenOf(left) ?? '');
}

/**
 * The slash: "per" before a unit or a per-word ("lần/năm" → "lần một năm"),
 * "trên" between two numbers ("45/100"), a pause before a counted noun
 * ("01 lần/01 năm" → "một lần một năm"). Other slashes become commas later.
 */
export function expandSlashes(text: string, ctx: Context): string {
  const s = text
    .replace(EITHER_OR, '$1 $2')
    // "vụ án/vụ việc": a case, no crop season.
    .replace(PER_PATTERN, (match, word: string, offset: number, all: string) =>
      /^vụ$/iu.test(word) && /^\s+(?:việc|án)(?!\p{L})/iu.test(all.slice(offset + match.length)) ? match : ` một ${PER[word] ?? PER[word.toLowerCase()] ?? word}`,
    )
    .replace(COUNTED_PER_PATTERN, (match, word: string, offset: number, all: string) => {
      // "3 thôn/xã/phường": a chain of places is a list of alternatives, not a per.
      const left = /\p{L}+$/u.exec(all.slice(0, offset))?.[0] ?? '';
      if (ALTERNATIVES.has(left) && ALTERNATIVES.has(word) && /^\s*\/\s*\p{L}/u.test(all.slice(offset + match.length))) return match;
      // "2 triệu đồng/tháng/cháu": a per after a per.
      return quantityBefore(all, offset, ctx) || /(?<!\p{L})một \p{L}+$/u.test(textBefore(all, offset, 20)) ? ` một ${word}` : match;
    })
    .replace(PRICE_PER, (match, left: string, word: string, offset: number, all: string) => {
      // "200 triệu đồng/máy", "7.000 m3/vụ", "100.000 đ/VĐV": an amount for each of any counted thing.
      // "5tr/mộ", "350k/người": a sum written short ends on its scale word, no unit.
      const spoken = ctx.spokenOf(left) ?? '';
      const amount = left.toLowerCase() === 'đồng' || (ctx.kindOf(left) === 'number' && (hasUnit(spoken) || /(?:nghìn|triệu|tỷ)$/u.test(spoken)));
      if (!amount) return match;
      // "15.000Đ/CON" in a notice typed in capitals: the word after the slash is a word all the same.
      if ((/^\p{Ll}+$/u.test(word) || (/^\p{Lu}+$/u.test(word) && !ctx.lexicon.abbreviations.has(word))) && isVietnameseSyllable(word.toLowerCase())) return `${left} một ${word}`;
      const abbreviation = ctx.lexicon.abbreviations.get(word);
      // "+31,45m/MNDBT +32,50m": a level over the level an abbreviation names, given in the same unit, is compared ("trên").
      if (abbreviation && comparedLevel(left, all.slice(offset + match.length), ctx)) return `${left} trên ${ctx.slot(abbreviation)}`;
      return abbreviation ? `${left} một ${ctx.slot(abbreviation)}` : match;
    })
    .replace(COUNT_PER, (match, count: string, words: string, word: string) => {
      // "2.000 con/lứa", "5kg phân chuồng/hố": so many of a thing for each of another; "3 xã/phường", "5 ông/bà" name alternatives.
      const noun = words.trim().split(/\s+/u).pop()!.toLowerCase();
      // "0,5kg NPK + 0,2kg kali/gốc": the count may stand nearer the slash than where the match begins.
      // "từ 13h hnay sẽ yếu/đục": a clock time counts nothing, the slash there joins two states.
      const isCount = (c: string) => ctx.kindOf(c) === 'number' && !/(?<!\p{L})giờ(?!\p{L})/u.test(ctx.spokenOf(c) ?? '');
      const counted = isCount(count) || [...words].some(isCount);
      const lower = word.toLowerCase();
      if (!counted || !isVietnameseSyllable(lower) || (word !== lower && ctx.lexicon.abbreviations.has(word)) || (ALTERNATIVES.has(noun) && ALTERNATIVES.has(lower))) return match;
      return `${count}${words} một ${word}`;
    });
  // "tỷ lệ nam/nữ": one measure over another.
  const ratios = s.replace(WORD_SLASH_WORD, (match, offset: number, all: string) =>
    RATIO_TALK.test(textBefore(all, offset, 80)) ? ' trên ' : match,
  );
  return ratios.replace(SLASH_BEFORE_SLOT, (match, left: string, right: string, offset: number, all: string) => {
    const rightKind = ctx.kindOf(right);
    if (rightKind === 'unit') return `${left} một `;
    // "100.000 đ/VĐV": an amount for each of a thing named by an abbreviation; "200k/hs" a sum written short before one.
    const leftSpoken = ctx.spokenOf(left) ?? '';
    if (rightKind === 'text' && ctx.kindOf(left) === 'number' && (hasUnit(leftSpoken) || /(?:nghìn|triệu|tỷ)$/u.test(leftSpoken)) && /^\p{L}/u.test(ctx.spokenOf(right) ?? '')) {
      // "+31,45m/MNDBT +32,50m": a level over the level an abbreviation names, given in the same unit, is compared ("trên").
      if (comparedLevel(left, all.slice(offset + match.length + right.length), ctx)) return `${left} trên `;
      return `${left} một `;
    }
    // "50 nghìn/ng", "300 ngàn/ng": a sum with its scale word written out, for each of a thing a chat word names.
    if (rightKind === 'text' && PER_WORDS.includes(ctx.spokenOf(right) ?? '') && SPELLED_SUM_BEFORE.test(textBefore(all, offset + left.length, 30))) return `${left} một `;
    if (rightKind !== 'number') return match;
    // "100mm/3h", "200 mm/24 giờ": an amount within so many hours.
    if (ctx.kindOf(left) === 'number' && / giờ$/u.test(ctx.spokenOf(right) ?? '') && hasUnit(ctx.spokenOf(left) ?? '')) return `${left} trong `;
    // "giá 85k/1kg", "15.000đ/1 con": a price for one of a measure is said as any price per is, the "một" its own.
    const perOne = /^một \p{L}/u.test(ctx.spokenOf(right) ?? '') || (ctx.spokenOf(right) === 'một' && THING_AFTER.test(all.slice(offset + match.length + right.length)));
    if ((ctx.kindOf(left) === 'number' || leftSpoken === 'đồng') && /(?:nghìn|triệu|tỷ|đồng)$/u.test(leftSpoken) && perOne) return `${left} `;
    if (ctx.kindOf(left) === 'number') return `${left} trên `;
    if (RATIO_TALK.test(textBefore(all, offset, 80))) return `${left} trên `;
    // "6,78 tỷ/8,5 tỷ đồng": the same measure on both sides is a ratio.
    const leftWord = /\p{L}+$/u.exec(textBefore(all, offset + left.length, 30))?.[0];
    const rightWord = /^\s*\/\s*[\uE000-\uF8FF]\s*(\p{L}+)/u.exec(textAfter(all, offset + left.length, 40))?.[1];
    if (leftWord && leftWord === rightWord) return `${left} trên `;
    // "01 lần/01 năm": per one; "5 - 7 hang/100m²": per a round base, "trên"; "120 hộ/480 khẩu": a second count, after a pause.
    const spoken = ctx.spokenOf(right) ?? '';
    // "phun 1 lít/4m²", "1 lít dung dịch/4m2", "1 gói/20 lít nước": an amount of a thing (named in up to three words) over a
    // measured one, "một lít trên bốn mét vuông".
    const amountWord = new RegExp(`(${SLOT})(?:\\s*\\p{L}+){1,3}$`, 'u').exec(textBefore(all, offset + left.length, 40));
    // "giật mình ≥ 2 lần/30 phút": so many times within a span of time, "trên ba mươi phút".
    // "1 lít dung dịch/3-5m²", "1 gói/16-20 lít nước": a span of the measure carries its unit on its far end.
    const afterSlot = all.slice(offset + match.length + right.length);
    const span = RANGE_END_AFTER.exec(afterSlot);
    const afterRight = span ? afterSlot.slice(span[0].length) : afterSlot;
    const measured = hasUnit(span ? ctx.spokenOf(span[1]) ?? '' : spoken) || / (?:phút|giờ)$/u.test(spoken) || /^\s*(?:phút|giờ|tiếng)(?!\p{L})/u.test(afterRight) || SPACED_UNIT_AFTER.test(afterRight);
    if (amountWord && ctx.kindOf(amountWord[1]) === 'number' && spoken !== 'một' && measured) return `${left} trên `;
    if (spoken === 'một') return `${left} `;
    return ROUND_BASE.test(spoken) ? `${left} trên ` : `${left}, `;
  });
}
