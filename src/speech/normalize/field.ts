// Shapes communes write every week that the general passes misread: road
// kilometre markers and road codes, temperatures below zero, "TT" whose
// meaning depends on what follows, "Cổng TTĐT", and a spaced hyphen joining
// two fields of administration ("kinh tế - xã hội"), which is one name, not
// a pause. They run before the general passes.

import { type Context, SLOT, WORD_END, WORD_START, textBefore, textAfter } from './context.js';
import { readDigits, readInteger, readNumberToken } from './numbers.js';
import { OFFICES } from './documents.js';
import { parseRoman } from './roman.js';
import { MIDDLE_NAME, MIDDLE_NAME_CAPS, SURNAME } from './names.js';
import { letterName, spellLetters } from './syllables.js';
import { AFTER_QUARTER, BEFORE_QUARTER, CLOSING_PARTICLE, HOUSE_NUMBER, LETTER_NAMED_BEFORE, QUAKE_TALK, STEP_LABEL, WIND_LEVEL_BEFORE, isStepLabel } from './tokens.js';

/** "QL1A", "QL 14", "ĐT.741", "TL 8B", "ĐT. 741": road class, number, optional letter. */
const ROAD_CLASSES: Readonly<Record<string, string>> = {
  QL: 'quốc lộ',
  ĐT: 'đường tỉnh',
  TL: 'tỉnh lộ',
  ĐH: 'đường huyện',
  HL: 'hương lộ',
  ĐX: 'đường xã',
};
const ROAD = new RegExp(
  `${WORD_START}((?:[Đđ]ường|ĐƯỜNG)\\s+)?(QL|ĐT|TL|ĐH|HL|ĐX)(?:\\.\\s?|\\s)?(\\d{1,4})(?:([A-Z])${WORD_END}|${WORD_END}(?![.,-]?\\d|\\s\\d{3,}(?![\\p{L}\\d])))`,
  'gu',
);
/** "trên QL và ĐT", "các tuyến QL, ĐT, ĐH": road classes listed bare, without numbers, each said by its name ("ĐT" alone is no telephone there). */
const BARE_ROAD_CLASSES = /(?<![\p{L}\p{N}])(?:QL|ĐT|TL|ĐH|ĐX)(?:\s*(?:,|và|hoặc|\/)\s*(?:QL|ĐT|TL|ĐH|ĐX))+(?![\p{L}\p{N}]|\s*\.?\s*\d)/gu;
/**
 * Seeds are named with letters and numbers like roads: "giống lúa ĐH12", "giống ngô LVN10", after another variety in
 * the list ("giống … BC15, ĐT100") and anywhere in a list a "giống … :" opens ("Giống bổ sung: Hương thơm số 1, ĐH12").
 */
const VARIETY_BEFORE =
  /(?<!\p{L})giống(?:\s+(?:lúa|ngô|lạc|đậu|sắn|keo|cây))?(?:(?:\s*[,:]?\s+[\p{L}\d]+){0,2}\s*[,:]?\s*(?:\p{Lu}{1,4}[\s.-]?\d{1,4}\p{Lu}?\s*(?:,|và|hoặc)\s*)*|(?:\s+[\p{L}\d]+){0,5}\s*:(?:[^.;:]{0,60}(?:,|\svà|\shoặc))?\s*)$/iu;
/** "trên ĐT.741": a word of place goes before a road, never before a variety. */
const ROAD_AFTER_PLACE_WORD = /(?<!\p{L})(?:trên|qua|dọc|ven|tuyến|cạnh|gần)\s*$/iu;
/** "Km 15+200", "Km15+200", "km 3 + 50": a kilometre post plus metres, in a design to the decimetre ("Km 1+050,5"). */
const KM_POST = new RegExp(`${WORD_START}[Kk][Mm]\\s?(\\d{1,4})\\s?\\+\\s?(\\d{1,3}(?:,\\d{1,2})?)${WORD_END}`, 'gu');
/** Dyke chainage "K15+200": said with the letter, "ca mười lăm cộng hai trăm". */
const K_POST = new RegExp(`${WORD_START}K(\\d{1,4})\\s?\\+\\s?(\\d{1,3}(?:,\\d{1,2})?)${WORD_END}`, 'gu');
/** "Km 15", "km 2 QL8" standing as a place ("tại Km 15"), not a distance after a number. */
/** "sắn KM94, KM140": cassava varieties are coded KM, spelled, no kilometre post. */
const CASSAVA_BEFORE = /(?<!\p{L})sắn(?:\s*[,:]?\s+[\p{L}\d-]+){0,2}\s*[,:]?\s*$/iu;
/** "người/km2" after a slash is a square kilometre, no post; "km4 km6 km9" lists posts (a number glued to "km" is no distance). */
const KM_PLACE = new RegExp(`${WORD_START}(?<!(?<![\\p{L}\\d.,])\\d+(?:[.,]\\d+)*\\s?|\\/\\s?)[Kk][Mm]\\s?(\\d{1,4})${WORD_END}`, 'gu');

const LOAD_STANDARD_BEFORE = /(?:tải trọng|tiêu chuẩn|hoạt tải)(?:\s+thiết kế)?\s*:?\s*$/iu;
/** Road signs by their code: "biển P.101", "biển số W.227", "biển R.302a" (the letter said by its name, the number as one). */
const ROAD_SIGN = /(?<=(?:[Bb]iển|[Bb]iển báo|[Bb]iển số|[Bb]iển báo số|[Bb]iển hiệu lệnh)\s+)([PRWIS])\.?(\d{3})([a-h])?(?![\p{L}\p{N}])/gu;
/** "biển báo P.106a "Cấm xe ô tô tải", P.127 …", "biển W.207a và W.245a": the next codes of a list of signs are signs too. */
const LISTED_ROAD_SIGN = /(?<=(?<![\p{L}\p{N}])[PRWIS]\.?\d{3}[a-h]?(?:\s*["“][^"”]{1,40}["”])?\s*(?:,|và|hoặc)\s*)([PRWIS])\.?(\d{3})([a-h])?(?![\p{L}\p{N}])/gu;
const SIGN_WORD_BEFORE = /(?<!\p{L})[Bb]iển(?!\p{L})/u;

/** Expressways by their code: "cao tốc CT.01", "tuyến CT.02" ("xê tê không một"), no chỉ thị. */
const EXPRESSWAY = /(?<=(?:[Cc]ao tốc|[Tt]uyến|[Đđ]ường)\s+)CT\.?\s?(\d{1,2})(?![\p{L}\p{N}]|[./-]\d)/gu;

function readRoadSign(letter: string, n: string, sub: string | undefined): string {
  return `${letter === 'W' ? 'vê kép' : letterName(letter)} ${readInteger(n)}${sub ? ` ${letterName(sub)}` : ''}`;
}

/**
 * "nút giao ĐH.35 x ĐX.12", "ngã tư Trần Phú x Nguyễn Du": a times sign between two roads is where they cross (giao),
 * no product.
 */
const ROAD_CROSSING =
  /(?<=(?<![\p{L}\p{N}])(?:QL|ĐT|TL|ĐH|HL|ĐX|CT)(?:\.\s?|\s)?\d{1,4}[A-Z]?\s+|(?<!\p{L})(?:[Nn]út giao|[Nn]gã (?:ba|tư|năm)|[Gg]iao lộ)\s+\p{Lu}[\p{L}\s.]{1,30}\s)[x×](?=\s+(?:(?:QL|ĐT|TL|ĐH|HL|ĐX|CT)(?:\.\s?|\s)?\d|\p{Lu}\p{Ll}))/gu;

function expandRoads(text: string, ctx: Context): string {
  return text
    .replace(ROAD_CROSSING, () => ctx.slot('giao'))
    .replace(EXPRESSWAY, (_m, n: string) => ctx.slot(`xê tê ${n.startsWith('0') ? readDigits(n) : readInteger(n)}`))
    .replace(LISTED_ROAD_SIGN, (match, letter: string, n: string, sub: string | undefined, offset: number, all: string) =>
      SIGN_WORD_BEFORE.test(textBefore(all, offset, 150)) ? ctx.slot(readRoadSign(letter, n, sub)) : match,
    )
    .replace(ROAD_SIGN, (_m, letter: string, n: string, sub: string | undefined) => ctx.slot(readRoadSign(letter, n, sub)))
    .replace(KM_POST, (_m, km: string, m: string) => ctx.slot(`ki lô mét ${readInteger(km)} cộng ${readNumberToken(m)}`, 'number'))
    .replace(K_POST, (_m, k: string, m: string) => ctx.slot(`ca ${readInteger(k)} cộng ${readNumberToken(m)}`, 'number'))
    .replace(KM_PLACE, (match, km: string, offset: number, all: string) => {
      const before = textBefore(all, offset, 40);
      const variety = match.startsWith('KM') && (VARIETY_BEFORE.test(before) || CASSAVA_BEFORE.test(before));
      return ctx.slot(`${variety ? 'ca em' : 'ki lô mét'} ${readInteger(km)}`, 'number');
    })
    .replace(ROAD, (match, street: string | undefined, cls: string, n: string, letter: string | undefined, offset: number, all: string) => {
      // "ĐT 0912…" is a telephone number, not a road ("đường ĐT.01" is one).
      if (cls === 'ĐT' && n.startsWith('0') && !street) return match;
      // "giống cây trồng trên ĐT.741" is still a road: a place word or a dot goes before a road, never before a variety.
      const placed = ROAD_AFTER_PLACE_WORD.test(textBefore(all, offset, 20)) || match[cls.length] === '.';
      if (!street && !placed && VARIETY_BEFORE.test(textBefore(all, offset))) {
        // Spelled there: "ĐT100" is no telephone either ("đê tê một trăm").
        return cls === 'ĐT' || cls === 'ĐH' ? `${ctx.slot(spellLetters(cls))}${match.slice(cls.length)}` : match;
      }
      // "tải trọng thiết kế HL93": a bridge's design load, spelled, no hương lộ.
      if (!street && cls === 'HL' && LOAD_STANDARD_BEFORE.test(textBefore(all, offset, 30))) return ctx.slot(`${spellLetters(cls)} ${readInteger(n)}`);
      // "Đường tỉnh ĐT.550", "Quốc lộ QL1A": the class is said once.
      const said = new RegExp(`${ROAD_CLASSES[cls]}\\s*$`, 'iu').test(textBefore(all, offset, 30));
      // Road numbers are names: "quốc lộ một a", "đường tỉnh bảy trăm bốn mươi mốt".
      const number = n.startsWith('0') ? readDigits(n) : readInteger(n);
      const road = `${said ? '' : `${ROAD_CLASSES[cls]} `}${number}${letter ? ` ${letterName(letter)}` : ''}`;
      // "đường ĐT.488" is read "đường tỉnh …", not "đường đường tỉnh …".
      const prefix = street && !ROAD_CLASSES[cls].startsWith('đường') ? `${street}` : '';
      // A road is a name, not a quantity: "QL1A - ĐT741" is a junction, not a range.
      return `${prefix}${ctx.slot(road)}`;
    })
    .replace(BARE_ROAD_CLASSES, (list: string) => list.replace(/QL|ĐT|TL|ĐH|ĐX/gu, (cls: string) => ctx.slot(ROAD_CLASSES[cls]!)));
}

/** "động đất M3.6", "Mw 5,1", "ML3.2": a magnitude's scale spelled, its value a decimal whichever mark was typed. */
const MAGNITUDE = /(?<![\p{L}\p{N}])(M[LWw]?)\s?(\d)(?:[.,](\d{1,2}))?(?![\p{L}\p{N}]|[.,]\d)/gu;
/** "GMT+7", "UTC +07": a time zone and its offset, the sign said. */
const TIME_ZONE = /(?<![\p{L}\p{N}])(GMT|UTC)\s?([+−-])\s?(\d{1,2})(?![\p{L}\p{N}]|[.,:]\d)/gu;

function expandQuakeReports(text: string, ctx: Context): string {
  const zoned = text.replace(TIME_ZONE, (_m, zone: string, sign: string, n: string) =>
    ctx.slot(`${spellLetters(zone)} ${sign === '+' ? 'cộng' : 'trừ'} ${readInteger(n)}`),
  );
  if (!QUAKE_TALK.test(zoned)) return zoned;
  return zoned.replace(MAGNITUDE, (_m, scale: string, whole: string, frac: string | undefined) =>
    ctx.slot(`${spellLetters(scale)} ${readNumberToken(frac ? `${whole},${frac}` : whole)}`, 'number'),
  );
}

/** A temperature unit right after the number, or a sentence about the weather. */
const TEMPERATURE_UNIT = /^\s*(?:°|º|độ|ĐỘ|oC(?![\p{L}]))/u;
const TEMPERATURE_TALK = /nhiệt độ|rét|lạnh|băng giá|sương muối|°|º|độ\s*C|(?<![\p{L}-])NĐ\s*:?\s*(?:thấp nhất|cao nhất|trung bình|ngoài trời)/iu;
const MINUS_NUMBER = /(^|[\s(,:;])[-−–](\d+(?:[.,]\d+)?)/gu;
/** "xuống – 2 độ C": a sign typed apart from the number, after a word that leads to a temperature. */
const SPACED_MINUS = /(?<=(?:^|[^\p{L}])(?:xuống|dưới|còn|khoảng|chỉ|đạt|là|ở mức|nhiệt độ)\s)[-−–]\s(?=\d+(?:[.,]\d+)?\s*(?:°|º|độ|oC(?![\p{L}])))/giu;

/** "(-33,3%)", "(+12%)": a change against last year, its sign read before the percentage. */
/** Also a reservoir's level above sea level in brackets: "mực nước dâng bình thường (+24,4m)". */
/**
 * And a price's change: "urê 11.500đ/kg (+500đ)"; a count's, alone in its bracket: "5 ca (+3)", "(+9 ca so với cùng kỳ)"
 * (a country's code before a telephone number "(+84) 912…" is no change). And a reservoir's level over its normal level,
 * both signed: "mực nước +45,2m/+46,0m"; or given as "H=+30,5m". A level's change alone in its bracket too: "xuống thấp
 * (-0,5m so với TBNN)".
 */
const SIGNED_PERCENT =
  /(?<=[(,:;=]\s*)(?:([-−+])(?=\d+(?:[.,]\d+)*\s*(?:%|đ(?!\p{L})|đồng(?!\p{L})))|(\+)(?=\d+(?:[.,]\d+)?\s*m(?![\p{L}\p{N}])))|(?<=\d\s?m\s?\/\s?)\+(?=\d+(?:[.,]\d+)?\s*m(?![\p{L}\p{N}]))|(?<=\(\s*)[-−+](?=\d+(?:[.,]\d+)?(?:\s?(?:m|cm|mm)(?![\p{L}\p{N}]))?(?:\s+\p{L}+){0,5}\s*\)(?!\s*\d))/gu;

/** "đáy kênh ở cao độ -1,2 m", "mực nước -0,5m": a level below the datum, its minus read "âm". */
const NEGATIVE_LEVEL =
  /(?<=(?<!\p{L})(?:cao độ|cao trình|mực nước|độ sâu|cốt)(?:\s+\p{L}+){0,6}\s*:?\s+)[-−](?=\d+(?:[.,]\d+)?\s?m(?![\p{L}\p{N}]))/giu;

/** "T-score từ -2,5 đến -1": a minus touching a number right after the words of a range is its sign, no dash. */
const NEGATIVE_BOUND = /(?<=(?<!\p{L})(?:từ|đến|tới)\s)[-−](?=\d+(?:[.,]\d+)?(?![\p{N}.,\/]))/giu;

/** "10-12 0C", "dưới 8 0C": where temperatures are spoken of, a degree sign lost its raising in a copied document and became a zero. */
const DEGREE_AS_ZERO = /(?<=\d\s)0\s?C(?![\p{L}\p{N}])/gu;
/** "nhiệt độ cao nhất 38C", "xuống 7C": the degree sign left out, after a temperature's words (a plate "29C-123.45" has its number after). */
const BARE_CELSIUS = /(?<=(?<![\p{L}\p{N}.,])\d{1,2}(?:[.,]\d)?)\s?C(?![\p{L}\p{N}])(?!\s*[-–.]?\s*\d)/gu;
const TEMPERATURE_BEFORE = /(?:nhiệt độ|rét|lạnh|nắng|nóng|ấm|°|º|độ\s*C)(?!\p{L})/iu;
/** "Trời nóng, lớp 9C nghỉ", "xe 29C": a class's or a plate's letter stays. */
const LETTERED_NUMBER_BEFORE = /(?<!\p{L})(?:lớp|xe|biển|BKS|phòng|số|tổ|khối|đội|lô|khu|dãy)\s*\d+$/iu;

/** "dưới -2°C" → "dưới âm hai độ xê": the sign is read, not dropped as a dash. */
function expandNegativeTemperatures(text: string, ctx: Context): string {
  const signed = text
    .replace(DEGREE_AS_ZERO, (zero) => (TEMPERATURE_TALK.test(text) || /nắng|nóng|ấm/iu.test(text) ? '°C' : zero))
    .replace(BARE_CELSIUS, (c: string, offset: number, all: string) => (TEMPERATURE_BEFORE.test(textBefore(all, offset, 60)) && !LETTERED_NUMBER_BEFORE.test(textBefore(all, offset, 20)) ? '°C' : c))
    .replace(SIGNED_PERCENT, (sign: string) => `${ctx.slot(sign === '+' ? 'cộng' : 'âm')} `)
    .replace(NEGATIVE_LEVEL, () => `${ctx.slot('âm')} `)
    .replace(NEGATIVE_BOUND, () => `${ctx.slot('âm')} `);
  if (!TEMPERATURE_TALK.test(signed)) return signed;
  return signed.replace(SPACED_MINUS, '-').replace(MINUS_NUMBER, (match, before: string, n: string, offset: number, all: string) => {
    const after = textAfter(all, offset + match.length);
    // In a range "từ 2 - 5 độ" the dash is "đến": only a sign right before the number, with a unit or among temperatures.
    if (!TEMPERATURE_UNIT.test(after) && !/^\s*(?:đến|tới|và|,|\)|[-–]\s*\d)/u.test(after)) return match;
    if (/\d\s*$/u.test(textBefore(all, offset)) && before.trim() === '') return match;
    return `${before}${ctx.slot(`âm ${readNumberToken(n)}`, 'number')}`;
  });
}

/** Bodies a "TT" (thường trực, standing committee) is part of, in lists of recipients. */
// In capitals too: "TT ĐẢNG ỦY, TT HĐND".
const STANDING_BODY = /^\s+(?:Đảng\s+ủy|Đảng\s+uỷ|Huyện\s+ủy|Tỉnh\s+ủy|Thành\s+ủy|HĐND|UBND|MTTQ|UBMTTQ|Hội\s+đồng|Ủy\s+ban|Uỷ\s+ban|Mặt\s+trận|ĐU|HU|TU|BCĐ|Ban\s|ĐẢNG\s+ỦY|HUYỆN\s+ỦY|TỈNH\s+ỦY|THÀNH\s+ỦY|HỘI\s+ĐỒNG|ỦY\s+BAN|MẶT\s+TRẬN|BAN\s)/u;
/** "tt huyện ủy, tt hđnd huyện": typed in lower case, before a standing body, the standing members. */
const LOWER_STANDING = /(?<![\p{L}\p{N}])tt(?=\s+(?:đảng ủy|đảng uỷ|huyện ủy|huyện uỷ|tỉnh ủy|tỉnh uỷ|thành ủy|hđnd|ubnd|mttq|ubmttq|đu)(?!\p{L}))/gu;
/** "TT Y tế huyện", "TT Văn hóa - Thể thao", "TT GDNN-GDTX": a centre (trung tâm). */
export const CENTRE_AFTER =
  /^\s+(?:[Yy] tế|[Vv]ăn hóa|[Vv]ăn hoá|VH|[Dd]ạy nghề|GDNN|GDTX|[Gg]iáo dục|[Hh]ành chính công|[Pp]hục vụ|PVHCC|[Hh]ọc tập|[Cc]hính trị|[Bb]ồi dưỡng|[Kk]huyến nông|[Dd]ịch vụ|[Pp]hát triển|[Tt]ruyền thông|[Qq]uan trắc|[Kk]iểm soát|[Nn]ước sạch|[Cc]ứu hộ|[Cc]ông nghệ|[Tt]hể dục|[Tt]hể thao|[Bb]ảo trợ|[Dd]ự báo|KTTV|[Kk]hí tượng|[Tt]hủy văn|[Tt]hương mại|[Xx]úc tiến|[Gg]iống|[Nn]ghiên cứu|[Đđ]iều hành|[Pp]hát thanh|[Tt]rợ giúp|[Hh]ỗ trợ|[Dd]ân số|[Đđ]ăng kiểm|[Kk]ỹ thuật|[Kk]hoa học|[Kk]huyến công|[Ll]ưu trữ|[Hh]uấn luyện|[Gg]iám định|[Tt]in học|[Nn]goại ngữ|[Đđ]iều dưỡng|[Cc]ai nghiện|[Cc]ông tác xã hội|[Qq]uỹ đất|[Tt]hông tin|[Nn]ông nghiệp|[Dd]iễn tập|CDC|KSBT)(?![\p{L}])/u;
const DOCUMENT_AFTER = /^\s+(?:số\s+)?\d/u;
const PLACE_AFTER = /^\s+\p{Lu}\p{Ll}/u;
const TT = new RegExp(`${WORD_START}TT${WORD_END}(?![.&-])`, 'gu');
/** A hamlet's heads besides its chief: the cell's secretary, the Front's committee head. */
const HAMLET_POSTS = '(?:BTCB|BTCĐ|TBCTMT|BCTMT|[Bb]í thư chi bộ|[Tt]rưởng ban công tác [Mm]ặt trận)';
const HAMLET_POST_BEFORE = new RegExp(`(?<![\\p{L}])${HAMLET_POSTS}\\s*,\\s*$`, 'u');
/** "TT thôn", "tt các xóm", "TT Thôn Đông": before a kind of hamlet, in either case. */
export const HAMLET_AFTER = /^\s+(?:các\s+)?(?:thôn|xóm|ấp|bản|buôn|làng|khóm|khu phố|tổ dân phố|TDP|KP)(?![\p{L}])/iu;
const HAMLET_POST_AFTER = new RegExp(`^\\s*,\\s*${HAMLET_POSTS}(?![\\p{L}])`, 'u');

/** "TT Đảng ủy" thường trực, "TT 39/2020/…" thông tư, "TT Phú Mỹ" thị trấn; "VH-TT" văn hóa thông tin. */
function expandTT(text: string, ctx: Context): string {
  return text
    .replace(/(?<![\p{L}\p{N}])VH\s?-\s?TT(?![\p{L}\p{N}&])/gu, () => ctx.slot('văn hóa thông tin'))
    .replace(/(?<![\p{L}\p{N}])CSGT\s?[-–]\s?TT(?![\p{L}\p{N}&])/gu, () => ctx.slot('cảnh sát giao thông trật tự'))
    // "CỔNG TTĐT XÃ" in a notice typed in capitals too.
    .replace(/(?<![\p{L}\p{N}])([Cc]ổng|CỔNG)\s+(?:TTĐT|thông tin điện tử)(?![\p{L}\p{N}])/gu, (_m, cong: string) => `${cong} ${ctx.slot('thông tin điện tử')}`)
    // "… và loa TT.": at a sentence's end too, where "TT." would be a town.
    .replace(/(?<=(?<!\p{L})(?:[Đđ]ài|ĐÀI|[Ll]oa|LOA)\s+)TT(?=\.(?!\s?\p{Lu}\p{Ll}))/gu, () => ctx.slot('truyền thanh'))
    // "TT.HĐND", "TT.ĐU": the standing members, joined to their body by a dot (no town, "TT. Phú Lộc").
    .replace(/(?<![\p{L}\p{N}])TT\.\s?(?=(?:HĐND|UBND|ĐU|MTTQ|UBMTTQ|HU|TU)(?![\p{L}]))/gu, () => `${ctx.slot('thường trực')} `)
    .replace(LOWER_STANDING, () => ctx.slot('thường trực'))
    .replace(TT, (match, offset: number, all: string) => {
      // "Đài TT xã", "loa TT": the commune's loudspeaker station and its loudspeakers (truyền thanh).
      if (/(?<!\p{L})(?:[Đđ]ài|ĐÀI|[Ll]oa|LOA)\s+$/u.test(textBefore(all, offset, 10))) return ctx.slot('truyền thanh');
      const after = textAfter(all, offset + match.length);
      if (STANDING_BODY.test(after)) return ctx.slot('thường trực');
      if (CENTRE_AFTER.test(after)) return ctx.slot('trung tâm');
      // "BTCB kiêm TT": the secretary who also heads the hamlet (trưởng thôn); so does a TT listed beside the hamlet's other
      // heads, "các đ/c BTCB, TT, TBCTMT".
      if (/(?<!\p{L})kiêm\s+$/u.test(textBefore(all, offset, 10))) return ctx.slot('trưởng thôn');
      if (HAMLET_POST_BEFORE.test(textBefore(all, offset, 30)) || HAMLET_POST_AFTER.test(after)) return ctx.slot('trưởng thôn');
      // "TT thôn", "TT các xóm", "TT ấp 3": the head (trưởng) of the hamlet named after it, no circular.
      if (HAMLET_AFTER.test(after)) return ctx.slot('trưởng');
      // "điển hình TT", "lao động TT": advanced (tiên tiến), as a model or a title.
      if (/(?<!\p{L})(?:điển hình|[Ll]ao động|[Tt]ập thể)\s+$/u.test(textBefore(all, offset, 20))) return ctx.slot('tiên tiến');
      // "TT sâu cuốn lá", "TT rầy": the pest's adults (trưởng thành) in a crop bulletin.
      if (/^\s+(?:sâu|rầy|bướm|ngài)(?!\p{L})/u.test(after)) return ctx.slot('trưởng thành');
      // "vị trí TT bão", "TT ATNĐ": the centre (tâm) of a storm or a depression.
      if (/^\s+(?:bão|cơn bão|áp thấp|ATNĐ|vùng áp thấp|xoáy thuận)(?!\p{L})/u.test(after)) return ctx.slot('tâm');
      // "đ/c PCT TT", "Phó CT TT": the deputy who stands in for the head (thường trực).
      if (/(?<![\p{L}\p{N}])(?:PCT|PBT|[Pp]hó\s+(?:CT|[Cc]hủ tịch|[Bb]í thư))\s+$/u.test(textBefore(all, offset, 20))) return ctx.slot('thường trực');
      if (DOCUMENT_AFTER.test(after)) return ctx.slot('thông tư');
      if (PLACE_AFTER.test(after)) return ctx.slot('thị trấn');
      return match;
    });
}

/** Fields of administration that pair up in names of offices and goals. */
const FIELDS = [
  'kinh tế', 'xã hội', 'văn hóa', 'văn hoá', 'thông tin', 'thể thao', 'du lịch', 'giáo dục', 'đào tạo', 'y tế', 'dân số',
  'tài chính', 'kế hoạch', 'tài nguyên', 'môi trường', 'nông nghiệp', 'lao động', 'thương binh', 'quốc phòng', 'an ninh',
  'chính trị', 'tư pháp', 'hộ tịch', 'địa chính', 'xây dựng', 'đô thị', 'hạ tầng', 'văn phòng', 'thống kê', 'khoa học',
  'công nghệ', 'kỹ thuật', 'công thương', 'giao thông', 'vận tải', 'nội vụ', 'thi đua', 'khen thưởng', 'gia đình',
  'truyền thông', 'pháp luật', 'trật tự', 'an toàn', 'dân tộc', 'tôn giáo', 'nông thôn', 'thủy lợi', 'thuỷ lợi', 'kinh doanh',
  'lịch sử', 'sản xuất', 'tư tưởng', 'tuyên giáo', 'dân vận', 'kiểm tra', 'giám sát', 'thương mại', 'dịch vụ', 'công nghiệp',
  'phát thanh', 'truyền hình', 'thủy sản', 'thuỷ sản', 'lâm nghiệp', 'chăn nuôi', 'thú y', 'trồng trọt', 'hành chính', 'tổng hợp',
  'tổ chức', 'cán bộ', 'kế toán', 'ngân sách', 'khuyến nông', 'nước sạch', 'vệ sinh', 'cải cách', 'tài nguyên nước',
  'nông', 'lâm', 'ngư', 'diêm',
];
const FIELD = `(?:${FIELDS.join('|')})`;
const FIELD_PAIR = new RegExp(`(?<![\\p{L}])(${FIELD})\\s+[-–]\\s+(${FIELD})(?![\\p{L}])`, 'giu');

/** Directions and countries that pair up in names: "cao tốc Bắc - Nam", "hữu nghị Việt - Lào". */
// In capitals too: "CAO TỐC BẮC - NAM".
const DIRECTION = '(?:Bắc|Nam|Đông|Tây|BẮC|NAM|ĐÔNG|TÂY)';
const COUNTRY = '(?:Việt Nam|Việt|Lào|Trung Quốc|Trung|Nhật Bản|Nhật|Hàn Quốc|Hàn|Nga|Mỹ|Hoa Kỳ|Pháp|Đức|Anh|Úc|Thái Lan|Thái|Cu Ba|Cuba|Campuchia|Cam-pu-chia|Xô)';
const NAME_PAIR = new RegExp(`(?<![\\p{L}])(${DIRECTION}|${COUNTRY})\\s+[-–]\\s+(${DIRECTION}|${COUNTRY})(?![\\p{L}])`, 'gu');

/** The crop seasons: "vụ Đông - Xuân", "mùa Hè - Thu", "vụ Thu - Đông". */
const SEASON_PAIR = /(?<![\p{L}])(Đông|Hè|Thu|đông|hè|thu)\s+[-–]\s+(Xuân|Thu|Đông|xuân|thu|đông)(?![\p{L}])/gu;

/** "kinh tế - xã hội", "Phòng Văn hóa - Xã hội", "nông - lâm - ngư nghiệp", "Bắc - Nam": one compound, read without a pause. */
function joinFieldPairs(text: string): string {
  // Twice, for chains of three ("Văn hóa - Thể thao - Du lịch").
  return text
    .replace(SEASON_PAIR, (match, a: string, b: string) => (/^(?:đông xuân|hè thu|thu đông)$/u.test(`${a} ${b}`.toLowerCase()) ? `${a} ${b}` : match)).replace(FIELD_PAIR, '$1 $2').replace(FIELD_PAIR, '$1 $2').replace(NAME_PAIR, (match, a: string, b: string) => {
    const direction = new RegExp(`^${DIRECTION}$`, 'u');
    // Two directions or two countries; "Nam - Lào" mixes them and is left alone.
    return direction.test(a) === direction.test(b) ? `${a} ${b}` : match;
  });
}

/**
 * Abbreviations whose meaning follows from the next word: "BCH Quân sự" is
 * the ban chỉ huy (BCH alone is the ban chấp hành), "BĐ III" a flood alarm level.
 */
// Typed in lower case on a phone too: "bch quân sự xã".
const BCH_COMMAND = new RegExp(`${WORD_START}(?:BCH|bch)(?=(?:\\s+|\\s*[.-]\\s*)(?:[Qq]uân sự|QUÂN SỰ|QS|qs|[Pp]hòng chống|PCTT|pctt|PCCC|pccc|PTDS|[Pp]hòng cháy|[Pp]hòng thủ|[Tt]iền phương)(?![\\p{L}]))`, 'gu');
/**
 * "BCH xã yêu cầu các hộ sơ tán": in a sentence about a disaster, or right after one, BCH alone is the ban chỉ huy of
 * the response too ("BCH Đoàn" stays a ban chấp hành).
 */
// A duty order's "trực 100% quân số", "ứng trực" speaks of a command too.
const DISASTER_TALK = /(?<!\p{L})(?:bão|lũ|lụt|ngập|sạt lở|sơ tán|di dời|thiên tai|PCTT|cứu hộ|cứu nạn|ứng cứu|áp thấp|ATNĐ|triều cường|lốc|cháy rừng|mưa lớn|thủy điện|hồ chứa|hạn hán|xâm nhập mặn|rét hại|nắng nóng|động đất|quân số|ứng trực|vùng trũng|trũng thấp|tránh trú|chằng chống|TKCN|cấm biển|nước dâng|mưa to|mưa đá|dông|giông|SCH|sở chỉ huy|PCCR)(?!\p{L})/iu;
// A conference's "Hội nghị BCH xã mở rộng" is the executive committee's, whatever the sentence before spoke of.
const BCH_ALONE = new RegExp(`${WORD_START}(?<!(?:[Hh]ội nghị|HỘI NGHỊ)\\s+)BCH${WORD_END}(?!\\s+(?:[Đđ]oàn|[Đđ]ảng|[Hh]ội|[Cc]hi|[Cc]ông đoàn|[Ll]iên đoàn|CĐ|ĐTN|HLHPN|HND|HCCB|MTTQ)(?!\\p{L}))`, 'gu');
const BAN_CH = /(?<![\p{L}\p{N}])(?:Ban|BAN|ban)\s+CH(?![\p{L}\p{N}])/gu;
/** "uống Vit A", "Vit.D3": a vitamin shortened before its letter, as health stations write it. */
const VITAMIN_SHORT = /(?<![\p{L}\p{N}])(?:Vit|vit|VIT)\.?\s?(?=[ABCDEK]\d{0,2}(?![\p{L}\p{N}])(?!\s+\p{Lu}\p{Ll}))/gu;
/** "tiêm Viêm não NB mũi 1": the vaccine's disease shortened after its first words, Nhật Bản. */
const JAPANESE_ENCEPHALITIS = /(?<=(?<!\p{L})(?:[Vv]iêm não|VIÊM NÃO)\s+)NB(?![\p{L}\p{N}])/gu;
/** "Công ty CP" is a joint-stock company (cổ phần); "NĐ-CP" stays the government. */
const JOINT_STOCK = /(?<=(?:[Cc]ông ty|[Cc][Tt]y|CTY)\s+)CP(?![\p{L}\p{N}])/gu;
/** "tại HT UBND xã", "ở HT thôn 3": a meeting's hall (hội trường), not the "HT" of "Phòng KT - HT" (hạ tầng); "HT (các) trường THCS" is the head teacher (hiệu trưởng). */
const HALL = /(?<=(?<!\p{L})(?:tại|ở)\s+)HT(?![\p{L}\p{N}])|(?<![\p{L}\p{N}]|[-–&/]\s*)HT(?=\s+(?:UBND|HĐND|UB|Đảng ủy|ĐU|xã|thôn|xóm|khối|TDP|huyện|phường|NVH|tầng)(?![\p{L}]))/gu;
const HEAD_TEACHER = /(?<![\p{L}\p{N}])HT(?=\s+(?:các\s+)?(?:[Tt]rường|THCS|THPT|TH)(?![\p{L}]))/gu;
/** "cám CP", "thức ăn chăn nuôi CP": the feed maker, spelled; "dầu DO", "dầu FO": the grade of fuel oil, spelled. */
const FEED_MAKER = /(?<=(?:[Cc]ám|[Tt]hức ăn(?: chăn nuôi)?|[Gg]iống)(?:\s+(?:heo|lợn|gà|vịt|cá|tôm|bò))?\s+)CP(?![\p{L}\p{N}])/gu;
const FUEL_GRADE = /(?<=[Dd]ầu\s+)(DO|FO)(?![\p{L}\p{N}])/gu;
/** "CC Tư pháp - Hộ tịch", "CC Địa chính": before the field a commune's officer holds, CC is a công chức. */
const CIVIL_SERVANT = /(?<![\p{L}\p{N}])CC(?=\s+(?:[Tt]ư pháp|TP|TP-HT|[Đđ]ịa chính|ĐC|ĐC-XD|ĐC-NN|[Vv]ăn hóa|[Vv]ăn hoá|VH|VH-XH|VHXH|[Tt]ài chính|TC|TC-KT|[Kk]ế toán|[Vv]ăn phòng|VP|VP-TK|[Vv]ăn phòng - [Tt]hống kê|[Cc]hỉ huy trưởng|[Qq]uân sự|[Xx]ây dựng|[Nn]ội vụ|[Mm]ột cửa)(?![\p{L}]))/gu;
/** "Cô giáo CN lớp 5A", "thầy CN": after a teacher CN is the class's form teacher (chủ nhiệm), no Sunday. */
const FORM_TEACHER = /(?<=(?<!\p{L})(?:[Gg]iáo viên|GV|[Cc]ô giáo|[Tt]hầy giáo|[Cc]ô|[Tt]hầy)\s+)CN(?![\p{L}\p{N}])/gu;
/** "CN UBKT", "CN HTX", "CN CLB": before the body it chairs CN is its chairman (chủ nhiệm). */
const CHAIR_OF = /(?<![\p{L}\p{N}])CN(?=\s+(?:UBKT|HTX|CLB|[Hh]ợp tác xã|[Cc]âu lạc bộ|[Ủủ]y ban [Kk]iểm tra)(?![\p{L}]))/gu;
/** "KTT HTX", "KTT Công ty": before the body whose books they keep KTT is the chief accountant (kế toán trưởng). */
const CHIEF_ACCOUNTANT = /(?<![\p{L}\p{N}])KTT(?=\s+(?:HTX|[Hh]ợp tác xã|[Cc]ông ty|[Đđ]ơn vị|UBND|QTD|QTDND|[Qq]uỹ|[Tt]rường|xã)(?![\p{L}]))/gu;
/** "TP Tư pháp huyện": before an office's field TP is its head (trưởng phòng), no city. */
const OFFICE_HEAD = /(?<![\p{L}\p{N}])TP(?=\s+(?:[Tt]ư pháp|[Nn]ội vụ|[Tt]ài chính|TC-KH|TCKH|[Kk]inh tế|KT-HT|KTHT|[Vv]ăn hóa|VH-TT|VHTT|VH-XH|LĐTB&XH|LĐTBXH|[Ll]ao động|GD&ĐT|GDĐT|[Gg]iáo dục|TN&MT|TNMT|[Tt]ài nguyên|NN&PTNT|NN-PTNT|[Nn]ông nghiệp|[Yy] tế|QLĐT|[Qq]uản lý đô thị|[Dd]ân tộc|[Tt]hanh tra)(?![\p{L}]))/gu;
/** "tờ BĐ số 12", "tờ bđ số 9" typed on a phone: a cadastral sheet (tờ bản đồ), no flood alarm. */
const MAP_SHEET = /(?<=(?<!\p{L})(?:[Tt]ờ|TỜ)\s+)(?:BĐ|bđ|Bđ)(?![\p{L}\p{N}])/gu;
/** "thuế SDĐ phi NN", "đất NN", "khuyến NN", "HTX NN": after these words NN is agriculture (nông nghiệp); before its kind too ("NN CNC", "NN hữu cơ"). */
const AGRICULTURE = /(?<=(?<!\p{L})(?:[Pp]hi|[Đđ]ất|SDĐ|[Kk]huyến|[Nn]gành|[Ss]ản xuất|[Kk]inh tế|HTX|[Hh]ợp tác xã|HTX DV|HTXDV|HTX dịch vụ)\s+)NN(?![\p{L}\p{N}&-])|(?<![\p{L}\p{N}])NN(?=\s+(?:CNC|ƯDCNC|[Cc]ông nghệ cao|[Hh]ữu cơ|[Ss]ạch|[Tt]uần hoàn|[Ss]inh thái)(?![\p{L}]))/gu;
const ALARM_LEVEL = new RegExp(`${WORD_START}BĐ\\s*([IV]{1,3}|[1-3])${WORD_END}`, 'gu');

/**
 * "vùng QH Đồng Trộ", "QH sử dụng đất", "QH chi tiết 1/500", "đường QH 13m", "đất thuộc QH mở rộng đường", "vướng QH": in land and
 * building talk QH is the plan (quy hoạch); "đại biểu QH", "QH khóa XV" stay the assembly.
 */
const PLANNING = new RegExp(
  `(?:(?<=(?:[Vv]ùng|[Kk]hu|[Tt]heo|[Pp]hù hợp(?: với)?|[Đđ]ất|[Đđ]iều chỉnh|[Pp]hân khu|[Ll]ập|[Đđ]ồ án|[Bb]ản đồ|[Tt]rong|[Nn]goài|[Cc]ông bố|[Cc]ắm mốc|[Mm]ốc|[Đđ]ường|[Mm]ặt cắt|[Cc]hỉ giới|[Ll]ộ giới|[Tt]huộc|[Vv]ướng|[Dd]ính|[Nn]ằm trong)\\s+)QH${WORD_END}|${WORD_START}QH(?=\\s+(?:[Ss]ử dụng đất|SDĐ|[Cc]hi tiết|[Cc]hung|[Xx]ây dựng|[Pp]hân khu|[Nn]ông thôn|NTM|[Kk]hu dân cư|KDC|[Đđ]ất|[Tt]ổng thể|[Mm]ở rộng|[Tt]reo|[Gg]iao thông|1\\/\\d)(?![\\p{L}])))`,
  'gu',
);
/** "Hội đồng BT, HT & TĐC", "phương án BT, HT": the land-recovery board's bồi thường, hỗ trợ (và tái định cư); BT alone is not bồi thường. */
const COMPENSATION = /(?<![\p{L}\p{N}])BT\s*[,-]?\s*HT(?:\s*(?:&|và|[,-])\s*TĐC)?(?![\p{L}\p{N}])/gu;
/** "HĐBT, HT&TĐC", "công tác HT và TĐC": before resettlement HT is the support (hỗ trợ) too. */
const SUPPORT = /(?<![\p{L}\p{N}])HT(?=\s*(?:&|và|[,-])\s*TĐC(?![\p{L}\p{N}]))/gu;
/** "Trưởng ban CTMT thôn": the hamlet's front work committee (công tác mặt trận), not a programme. */
const FRONT_WORK = /(?<=(?:[Bb]an|BAN)\s+)CTMT(?![\p{L}\p{N}])/gu;
/** "5 giải KK", "giải Nhất, Nhì, Ba, KK": a consolation prize (khuyến khích), in talk of prizes. */
const CONSOLATION = /(?<=(?<!\p{L})[Gg]iải(?:\s+(?:Nhất|Nhì|Ba|nhất|nhì|ba|A|B|C))?(?:\s*,\s*(?:\d+\s+(?:giải\s+)?)?(?:Nhất|Nhì|Ba|nhất|nhì|ba))*\s*(?:,|và)?\s*)KK(?![\p{L}\p{N}])/gu;
/** "Phật đản PL 2569": the Buddhist era (Phật lịch) before its year. */
const BUDDHIST_ERA = /(?<![\p{L}\p{N}])PL\s?\.?\s?(?=2[5-6]\d\d(?!\d))/gu;
/** "điểm TB", "mức sống TB", "lương TB", "nhiệt độ TB", "năng suất lúa TB", "học lực TB": after a measure (and what it measures) TB is an average (trung bình), no notice. */
const MEAN = /(?<=(?<!\p{L})(?:[Đđ]iểm|[Nn]hiệt độ|[Nn]ăng suất|[Ss]ản lượng|[Tt]hu nhập|[Ll]ượng mưa|[Đđ]ộ ẩm|[Mm]ức|[Gg]iá|[Ll]ương|[Dd]iện tích|[Đđ]ộ tuổi|[Xx]ếp loại|[Hh]ọc lực|[Hh]ạnh kiểm|HL|HK|[Ll]oại|[Bb]ình quân|[Cc]hiều cao|[Cc]ân nặng|[Tt]rọng lượng|[Tt]uổi thọ|[Kk]há|[Yy]ếu)(?:\s+(?:sống|lúa|ngô|lạc|sắn|khoai|đậu|rau|chè|cà phê|mía|cả năm|năm|tháng|ngày|môn))?\s*(?:,|và|\/)?\s*)TB(?![\p{L}\p{N}/-])/gu;
/** "phụ trách khối KT", "lĩnh vực KT, VH-XH": a field of work KT is the economy (kinh tế), no signature's ký thay. */
// Its full stop may end the text: "đ/c PCT phụ trách khối KT.".
const ECONOMY = /(?<=(?<!\p{L})(?:[Kk]hối|[Ll]ĩnh vực|[Pp]hát triển|[Nn]gành)\s+)KT(?![\p{L}\p{N}&-])(?!\.\s*\S)/gu;
/** "KT cuối kỳ I", "KT giữa HK": before a term's test KT is kiểm tra, no signature's ký thay. */
const SCHOOL_TEST = /(?<![\p{L}\p{N}])KT(?=\s+(?:cuối|giữa|học kỳ|HK|định kỳ|thường xuyên|đánh giá)(?![\p{L}]))/gu;
/** "TS lớp 6", "thi TS vào lớp 10", "kế hoạch TS": a school's intake (tuyển sinh), no doctor (tiến sĩ). */
const INTAKE =
  /(?<![\p{L}\p{N}])TS(?=\s+(?:lớp|vào|đầu cấp|năm học|trực tuyến)(?![\p{L}]))|(?<=(?<!\p{L})(?:[Kk]ỳ thi|[Tt]hi|[Cc]ông tác|[Kk]ế hoạch|KH|[Hh]ồ sơ|[Cc]hỉ tiêu|[Pp]hương án)\s+)TS(?![\p{L}\p{N}])/gu;
/** "QSH nhà ở và TS khác gắn liền với đất", "kê khai TS", "đấu giá TS": property (tài sản), no doctor (tiến sĩ). */
const ASSET =
  /(?<![\p{L}\p{N}])TS(?=\s+(?:khác\s+)?gắn liền|\s+(?:trên đất|thế chấp|bảo đảm|công)(?![\p{L}]))|(?<=(?<!\p{L})(?:[Kk]ê khai|[Đđ]ấu giá|[Kk]iểm đếm|[Bb]ồi thường|[Mm]inh bạch|[Tt]hẩm định giá|nhà ở và)\s+)TS(?![\p{L}\p{N}])/gu;
/** "TB Dân vận", "TB Tuyên giáo Đảng ủy": before a board's name TB is its head (trưởng ban); "TB Kiểm tra", "TB Tổ chức …" may be notices. */
/** Dotted as a title is ("TB. MTTQ thôn", "TB.BCĐ"), before the front too: a notice is never dotted so. */
const BOARD_HEAD = /(?<![\p{L}\p{N}])TB(?=\s+(?:Dân vận|Tuyên giáo|Pháp chế|KT-NS|VH-XH|CTMT|Công tác Mặt trận|Thanh tra nhân dân|TTND|BQL|Đại diện)(?![\p{L}]))|(?<![\p{L}\p{N}])TB\.(?=\s?(?:MTTQ|Mặt trận)(?![\p{L}]))/gu;
/** "HK Tốt", "HL Giỏi": a pupil's conduct (hạnh kiểm) and learning (học lực) before their grade. */
const GRADE_AFTER = '\\s+(?:Tốt|Khá|Giỏi|Trung bình|TB|Yếu|Kém|Đạt|Chưa đạt|tốt|khá|giỏi|trung bình|yếu|kém|đạt|chưa đạt)(?![\\p{L}])';
const CONDUCT = new RegExp(`(?<![\\p{L}\\p{N}])HK(?=${GRADE_AFTER})`, 'gu');
const LEARNING = new RegExp(`(?<![\\p{L}\\p{N}])HL(?=${GRADE_AFTER})`, 'gu');
/** "HKI", "HK II", "HK1 năm học 2025-2026": a school term (học kỳ) and its number; "tổng kết hk1" typed on a phone. */
const TERM_OF_SCHOOL = /(?<![\p{L}\p{N}])(?:HK|hk|Hk)\s?(II|I|[12])(?![\p{L}\p{N}])/gu;
/**
 * "Thôn 2 vs Thôn 5" in a fixture: one side meets the other (gặp); elsewhere "vs" stays the chat's "với", so too after a
 * verb that takes "với" ("giao lưu vs thôn Bắc Sơn", "thi đấu vs").
 */
const VERSUS = /(?<=\S\s+)(?<!(?<!\p{L})(?:giao lưu|thi đấu|đấu|đá|phối hợp|kết hợp|làm việc|họp|cùng)\s+)(?:vs|VS|Vs)\.?(?=\s+\S)/gu;
const MATCH_TALK = /(?<!\p{L})(?:chung kết|bán kết|tứ kết|trận|thi đấu|vòng|bảng [A-D]|bóng đá|bóng chuyền|cầu lông|bóng bàn|kéo co|đội)(?!\p{L})/iu;
/** "liên hệ Ms Hoa", "Mr. Tuấn": a sales habit before a given name, said as the Vietnamese title (chị, anh). */
const ENGLISH_TITLE = /(?<![\p{L}\p{N}])(Mr|Ms|Mrs|Miss)\.?\s+(?=\p{Lu}\p{Ll})/gu;
/** "vắc xin UV", "tiêm UV cho PNCT": in talk of shots UV is tetanus (uốn ván), no committee member (ủy viên). */
/** "cân, đo cho TE dưới 5 tuổi", "Tháng hành động vì TE": in talk of children TE is trẻ em; "NPK 20-20-15+TE" stays spelled. */
const CHILD = /(?<![\p{L}\p{N}])(?<!\+\s*)TE(?![\p{L}\p{N}])/gu;
const CHILD_TALK = /(?<!\p{L})(?:tuổi|trẻ|tiêm|uống|sữa|suy dinh dưỡng|SDD|bà mẹ|BM|học sinh|HS|thiếu nhi|mầm non|sơ sinh|vì|quyền|bảo vệ|chăm sóc)(?!\p{L})/u;
/** "Tổ BV ANTT", "BV rừng": before what is guarded BV is bảo vệ, no hospital. */
const GUARD = /(?<![\p{L}\p{N}])BV(?=\s+(?:ANTT|ANCS|TTATXH|TTXH|[Aa]n ninh|[Rr]ừng|[Tt]ổ quốc|TQ|[Mm]ôi trường|MT|[Tt]hực vật|[Cc]hủ quyền)(?![\p{L}]))/gu;
/** "Đội CS PCCC&CNCH", "CS GT", "CS KV": before the police's branch CS is cảnh sát, no basis (cơ sở) or policy (chính sách). */
/** Its branch written short is read with it ("CS GT" cảnh sát giao thông): GT, HS alone are no branch. */
const POLICE = /(?<![\p{L}\p{N}])CS(?:\s+(GT|KV|HS|CĐ|ĐT)|(?=\s+(?:PCCC|PC&CC|CNCH|[Gg]iao thông|[Kk]hu vực|[Hh]ình sự|[Cc]ơ động|[Đđ]iều tra|[Pp]hòng cháy)))(?![\p{L}\p{N}])/gu;
const POLICE_BRANCHES: Readonly<Record<string, string>> = { GT: 'giao thông', KV: 'khu vực', HS: 'hình sự', CĐ: 'cơ động', ĐT: 'điều tra' };
/** "các CS SX, KD", "CS kinh doanh", "CS thờ tự": before what is run there CS is a premises (cơ sở). */
/** "5 hộ CS", "gia đình CS", "đối tượng CS": the households of the state's beneficiaries (chính sách), whom a list counts apart. */
const POLICY_HOUSEHOLD = /(?<=(?<!\p{L})(?:hộ|gia đình|GĐ|đối tượng|diện)\s+)CS(?![\p{L}\p{N}&])/gu;
const PREMISES = /(?<![\p{L}\p{N}])CS(?=\s+(?:SX|KD|SXKD|SX-KD|[Ss]ản xuất|[Kk]inh doanh|[Cc]hế biến|[Gg]iết mổ|[Cc]hăn nuôi|[Tt]hờ tự|[Tt]ôn giáo|[Ll]ưu trú|[Kk]hám|[Gg]iáo dục|[Dd]ịch vụ|DV)(?![\p{L}]))/gu;
/** "BHXH TN", "BHXH BB": social insurance's two kinds, voluntary (tự nguyện) and compulsory (bắt buộc). */
const INSURANCE_KIND = /(?<=(?<![\p{L}\p{N}])(?:BHXH|bhxh)\s+)(TN|BB|tn|bb)(?![\p{L}\p{N}])/gu;
/** "các ĐT CT-XH", "MTTQ và các ĐT": beside the Front or before "chính trị - xã hội" ĐT is the mass bodies (đoàn thể). */
const MASS_BODIES =
  /(?<![\p{L}\p{N}])ĐT(?=\s+(?:CT-XH|CTXH|[Cc]hính trị)(?![\p{L}]))|(?<=(?<!\p{L})(?:MTTQ|UBMTTQ|[Mm]ặt trận(?: [Tt]ổ quốc)?|[Bb]an,?\s*ngành)\s*(?:,|và)\s*(?:các\s+)?)ĐT(?![\p{L}\p{N}])/gu;
/** "đạt chuẩn NTM NC", "thôn NTM KM": the new countryside's advanced (nâng cao) and model (kiểu mẫu) levels. */
const COUNTRYSIDE_LEVEL = /(?<=(?<![\p{L}\p{N}])NTM\s+)(NC|KM)(?![\p{L}\p{N}])/gu;
/** "PH lưu ý", "mời PH họp": where pupils and school are talked of, PH is their parents (phụ huynh), not the "độ pH". */
const PARENTS = /(?<!(?:[Đđ]ộ|ĐỘ|[Cc]hỉ số)\s+)(?<![\p{L}\p{N}])PH(?![\p{L}\p{N}])/gu;
/** "SH chi bộ", "miễn SH đảng": a meeting of a Party cell or a club (sinh hoạt); "xe SH" stays the motorbike. */
const MEETING_OF = /(?<![\p{L}\p{N}])SH(?=\s+(?:chi bộ|[Đđ]ảng|định kỳ|thường kỳ|chuyên đề|chi đoàn|chi hội|câu lạc bộ|CLB|hè|tập thể|đoàn)(?!\p{L}))|(?<=(?<!\p{L})miễn\s+)SH(?![\p{L}\p{N}])/gu;
/** "tuyển 50 CN may", "cần 20 CN": a count of workers (công nhân) to hire; "CN 21/12" stays Sunday. */
const FACTORY_HANDS = /(?<=(?<!\p{L})(?:[Tt]uyển|[Tt]uyển dụng|[Cc]ần)\s+(?:\d+\s+)?)CN(?![\p{L}\p{N}])(?!\s*\d)/gu;
/** "bán hàng qua FB, Zalo": Facebook in capitals, as "fb" is on a phone; a web address "fb.com" is spelled where it stands. */
const FACEBOOK = /(?<![\p{L}\p{N}.\/@])FB(?![\p{L}\p{N}]|\.\p{L})/gu;
/** "giờ BT 2.887đ/kWh, giờ CĐ …, giờ TĐ …": a tariff's hours, normal (bình thường), peak (cao điểm), off-peak (thấp điểm). */
const TARIFF_HOURS = /(?<=(?<!\p{L})[Gg]iờ\s+)(BT|CĐ|TĐ)(?![\p{L}\p{N}])/gu;
const TARIFF_HOUR_NAMES: Readonly<Record<string, string>> = { BT: 'bình thường', CĐ: 'cao điểm', TĐ: 'thấp điểm' };
/**
 * "mặt đường BT", "cống BT D800", "cột BT", "đổ BT": after a road's surface or a cast work, BT is concrete (bê tông), no
 * secretary; so it is before a concrete's kind or grade ("BT tươi mác 250", "BT M200").
 */
const CONCRETE =
  /(?<=(?<!\p{L})(?:[Mm]ặt đường|[Đđ]ường|[Cc]ống|[Cc]ột|[Cc]ọc|[Tt]ấm|[Dd]ầm|[Mm]ương|[Kk]ênh|[Rr]ãnh|[Ss]ân|[Ss]àn|[Nn]ền|[Tt]ường|[Kk]è|[Tt]rụ|[Đđ]an|[Đđ]ổ|[Tt]rộn|[Mm]óng)\s+)BT(?![\p{L}\p{N}])(?!\s*[,-]?\s*HT(?![\p{L}\p{N}]))|(?<![\p{L}\p{N}])BT(?=\s+(?:tươi|mác|M\d{2,3}|cốt thép|xi măng|thương phẩm|lót|nhựa|ly tâm)(?![\p{L}\p{N}]))/gu;
/** "các đ/c ĐV", "cho đ/c BT": after "đồng chí" ĐV is a Party member (đảng viên), BT the cell's secretary (bí thư). */
const COMRADE_POST = /(?<=(?<!\p{L})(?:[Đđ]\/[Cc]|[Đđ]ồng chí)\s+)(ĐV|BT)(?![\p{L}\p{N}])/gu;
/** "nộp ĐP quý 4": dues paid are the Party's (đảng phí); "NSĐP" stays the local budget. */
const PARTY_DUES = /(?<=(?<!\p{L})(?:nộp|đóng|thu)\s+)ĐP(?![\p{L}\p{N}])/gu;
/** "kg/sào BB", "1 sào TB = 500m²": after the sào, the region whose sào it is (Bắc Bộ 360m², Trung Bộ 500m², Nam Bộ). */
const SAO_REGION = /(?<=(?<!\p{L})[Ss]ào\s+)(BB|TB|NB)(?![\p{L}\p{N}])/gu;
const SAO_REGIONS: Readonly<Record<string, string>> = { BB: 'bắc bộ', TB: 'trung bộ', NB: 'nam bộ' };
/** "đăng ký 2 nguyện vọng (NV1, NV2)": in talk of admissions NV and a number is a numbered wish (nguyện vọng). */
const ADMISSION_WISH = /(?<![\p{L}\p{N}])NV(\d{1,2})(?![\p{L}\p{N}])/gu;
const ADMISSION_TALK = /nguyện vọng|tuyển sinh|xét tuyển|trúng tuyển|lớp 10|đại học|cao đẳng|điểm chuẩn/iu;
/** "LĐ UBND xã", "LĐ phòng": before a body LĐ is its leaders (lãnh đạo); after "người", "XK", "hợp đồng", "số", "nguồn" it is labour (lao động). */
const LEADERS =
  /(?<!(?:[Nn]gười|XK|[Xx]uất khẩu|số|[Nn]guồn|[Ll]ực lượng|\d)\s+)(?<![\p{L}\p{N}])LĐ(?=\s+(?:UBND|HĐND|ĐU|Đảng ủy|Đảng uỷ|Huyện ủy|MTTQ|xã|huyện|tỉnh|phòng|Phòng|Sở|sở|cơ quan|đơn vị|HTX|Công an|CA|Ban|ban|thôn|trường|Trường)(?![\p{L}]))/gu;
const LABOUR = /(?<=(?<!\p{L})(?:[Nn]gười|XK|[Xx]uất khẩu|[Hh]ợp đồng|[Tt]ai nạn|[Tt]hị trường|[Ss]ức|[Nn]gày|[Cc]ông|số|[Nn]guồn|[Ll]ực lượng)\s+)LĐ(?![\p{L}\p{N}])/gu;
/** "DS Nguyễn Thị Hoa", "ĐD Trần Văn Nam": before a person's full name DS is a pharmacist, ĐD a nurse; "CTV DS Lan" stays dân số. */
// "ĐD trưởng khoa" is the head nurse.
const HEALTH_TITLE = /(?<!(?:CTV|[Cc]ộng tác viên|[Cc]án bộ|CB)\s+)(?<![\p{L}\p{N}])(DS|ĐD)(?!\s+(?:Thôn|Xóm|Tổ|Khu|Ấp|Bản|Xã|Huyện|Tỉnh|Phường|Hộ|Hội|Ban|Trạm|Trường)(?!\p{L}))(?=\s+\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}*(?![\p{L}]))|(?<![\p{L}\p{N}])(ĐD)(?=\s+trưởng(?!\p{L}))/gu;
/**
 * "XN máu", "kết quả XN": a test (xét nghiệm) in a clinic's talk; "XN Gạch Tuynel", "XN Thủy nông" before a name stay a
 * works (xí nghiệp).
 */
const LAB_TEST =
  /(?<![\p{L}\p{N}])XN(?=\s+(?:máu|nước tiểu|nhanh|PCR|HIV|sàng lọc|viêm gan|đường huyết|mỡ máu|chức năng|COVID|lao|đờm|phân)(?![\p{L}]))|(?<=(?<!\p{L})(?:[Ll]àm|[Kk]ết quả|KQ|[Pp]hiếu|[Pp]hòng|[Ll]ấy mẫu|[Đđ]ược|[Cc]hờ|[Mm]ẫu)\s+)XN(?![\p{L}\p{N}])/gu;
const WORKS = /(?<![\p{L}\p{N}])XN(?=\s+\p{Lu}\p{Ll})/gu;
/** "Ban PC HĐND": the council's legal committee (pháp chế). */
const LEGAL_BOARD = /(?<=(?<!\p{L})(?:[Bb]an|BAN)\s+)PC(?![\p{L}\p{N}])/gu;
/** "có KN, TC", "KN/TC": a complaint and a denunciation (khiếu nại, tố cáo) side by side; each alone is ambiguous. */
const COMPLAINTS = /(?<![\p{L}\p{N}])KN(\s*(?:,|và|\/)\s*)TC(?![\p{L}\p{N}])/gu;
/**
 * "các KH vay vốn", "mời các KH đến nhận tiền", "210 KH": in talk of loans, bills and supply, KH after "các", "quý" or a
 * count, or doing what customers do ("KH liên hệ", "KH vay"), or where they live in a cut's notice ("TBA Cẩm Thành 4 (KH
 * thôn Tân Hòa)"), or moving to or using a service ("KH chuyển sang cáp quang", "KH đang dùng MyTV") is the customers (khách hàng); "KH số 125", "theo KH của UBND" stay the plan.
 */
const CUSTOMERS_IN_MONEY_TALK =
  /(?<=(?<!\p{L})(?:[Cc]ác|[Nn]hững|[Qq]uý|[Mm]ời|cho|với|\d)\s+)KH(?![\p{L}\p{N}])(?!\s*(?:số|\d|\/|-|của|về(?!\p{L})))|(?<![\p{L}\p{N}])KH(?=\s+(?:liên hệ|vay|có nhu cầu|thanh toán|nộp|gửi tiền|thôn|xóm|tổ|khu vực|ấp|bản|chuyển sang|đăng ký dịch vụ|lắp đặt|đang dùng|đang sử dụng|không phải trả|phải trả|được miễn)(?!\p{L}))/gu;
/** "triển khai các KH", "ban hành 5 KH": plans are carried out, drawn up, approved; "KH về …" is about something. */
const PLAN_VERB_BEFORE = /(?<!\p{L})(?:triển khai|xây dựng|ban hành|thực hiện|lập|phê duyệt|theo|rà soát|điều chỉnh)\s+(?:các|những|\d+)\s+$/iu;
/** "khoảng 320 KH", "gần 1.200 KH": plans are counted exactly; an approximate count is of customers, in any talk. */
const APPROXIMATE_COUNT_BEFORE = /(?<!\p{L})(?:khoảng|gần|chừng|ước tính|ước)\s+\d{1,3}(?:\.\d{3})*\s+$/iu;
/**
 * "NĐ thấp nhất 8-10 độ", "NĐ ngoài trời 39°C": before a temperature's qualifier or degrees, NĐ is the temperature
 * (nhiệt độ), no decree ("NĐ 168/2024", "NĐ-CP").
 */
const TEMPERATURE_TYPED =
  /(?<![\p{L}\p{N}-])NĐ(?=\s*:?\s*(?:(?:thấp nhất|cao nhất|trung bình|ban ngày|ban đêm|ngoài trời|không khí|phổ biến|có nơi|dao động|giảm|tăng|xuống|hạ)(?!\p{L})|(?:từ\s+)?[-−]?\d{1,2}(?:[,.]\d)?\s*(?:[-–]\s*[-−]?\d{1,2}(?:[,.]\d)?\s*)?(?:°|º|độ|oC)))/gu;
/**
 * "MN sông Lam lên nhanh", "MN hồ 30,2m", "MN: 5,2m": before a river, a lake or a flood's crest, MN is the water level
 * (mực nước), no kindergarten ("trường MN", "lớp MN" keep mầm non).
 */
const WATER_LEVEL_TYPED =
  /(?=MN)(?<![\p{L}\p{N}])(?<!(?:[Tt]rường|TRƯỜNG|[Ll]ớp|[Bb]ậc|[Cc]ấp|GV|[Gg]iáo viên|[Hh]ọc sinh|[Tt]rẻ|[Đđ]iểm|[Pp]hân hiệu|[Kk]hối|[Nn]hóm|TH|THCS)\s)MN(?=\s*:?\s*(?:sông|hồ|suối|biển|triều|hạ lưu|thượng lưu|hạ du|các sông|các hồ|đỉnh lũ)(?!\p{L}))/gu;
/** Before a rise, a place or a time, only where metres or floods are spoken of and no school is ("cô giáo MN đang dạy"). */
const WATER_LEVEL_AT =
  /(?=MN)(?<![\p{L}\p{N}])MN(?=\s*:?\s*(?:(?:tại|lúc|hiện tại|ở|đang|lên|xuống|rút|dâng)(?!\p{L})|[+-]?\d+(?:[.,]\d+)?\s?m(?![\p{L}\p{N}])))/gu;
const METRES_GIVEN = /\d\s?m(?![\p{L}\p{N}])/u;
/** "LM 24h qua: …", "LM phổ biến 50-100mm", "LM (mm):": before the span or the amounts of a rain LM is its amount (lượng mưa). */
const RAINFALL_TYPED =
  /(?<![\p{L}\p{N}])LM(?=\s*:?\s*(?:\d+\s*(?:h|giờ|ngày)(?![\p{L}])|\d+(?:[.,]\d+)?\s?mm(?![\p{L}])|\(mm\)|(?:phổ biến|đo được|lớn nhất|cao nhất|trung bình|tích lũy|tích luỹ|đợt|từ|tại|ngày|đêm|trong)(?!\p{L})))/gu;
const SCHOOL_WORDS = /(?<!\p{L})(?:trường|lớp|học sinh|mầm non|trẻ|giáo viên|nhập học|tuyển sinh)(?!\p{L})/iu;
/**
 * "cách Q.Ngãi 180km", "T.Hóa", "N.An": a province with its first word cut to an initial and a dot. A quận's, a huyện's
 * or a phường's initial before a name goes on with more of the name ("Q. Bình Thạnh", "H. Yên Thành"), so none follows.
 */
const PROVINCES_CUT: Readonly<Record<string, string>> = {
  'Q.Ngãi': 'Quảng Ngãi', 'Q.Nam': 'Quảng Nam', 'Q.Trị': 'Quảng Trị', 'Q.Bình': 'Quảng Bình', 'Q.Ninh': 'Quảng Ninh',
  'T.Hóa': 'Thanh Hóa', 'T.Hoá': 'Thanh Hoá', 'N.An': 'Nghệ An', 'H.Tĩnh': 'Hà Tĩnh', 'Đ.Nẵng': 'Đà Nẵng',
  'B.Định': 'Bình Định', 'P.Yên': 'Phú Yên', 'K.Hòa': 'Khánh Hòa', 'K.Hoà': 'Khánh Hoà', 'N.Thuận': 'Ninh Thuận',
  'B.Thuận': 'Bình Thuận', 'H.Phòng': 'Hải Phòng', 'T.Bình': 'Thái Bình', 'N.Định': 'Nam Định', 'N.Bình': 'Ninh Bình',
  'L.Cai': 'Lào Cai', 'L.Châu': 'Lai Châu', 'Đ.Biên': 'Điện Biên', 'Y.Bái': 'Yên Bái', 'L.Sơn': 'Lạng Sơn',
  'C.Bằng': 'Cao Bằng', 'T.Nguyên': 'Thái Nguyên', 'G.Lai': 'Gia Lai', 'K.Tum': 'Kon Tum', 'Đ.Lắk': 'Đắk Lắk',
  'L.Đồng': 'Lâm Đồng', 'Đ.Nai': 'Đồng Nai', 'Đ.Tháp': 'Đồng Tháp', 'A.Giang': 'An Giang', 'K.Giang': 'Kiên Giang',
  'C.Thơ': 'Cần Thơ', 'S.Trăng': 'Sóc Trăng', 'B.Liêu': 'Bạc Liêu', 'C.Mau': 'Cà Mau', 'V.Long': 'Vĩnh Long',
  'T.Vinh': 'Trà Vinh', 'B.Tre': 'Bến Tre',
};
const PROVINCE_CUT = new RegExp(`(?<![\\p{L}\\p{N}.])(?:${Object.keys(PROVINCES_CUT).map((k) => k.replace('.', '\\.')).join('|')})(?![\\p{L}\\p{N}])(?!\\s+\\p{Lu})`, 'gu');
/** "Tr.thôn các thôn", "Tr.ấp": a hamlet's head (trưởng) typed short. */
const HEAD_OF_HAMLET = /(?<![\p{L}\p{N}.])[Tt]r\.\s?(?=(?:thôn|xóm|ấp|bản|khối|tổ)(?!\p{L}))/gu;
/** "TĐ Hủa Na xả lũ", "các TĐ tăng xả": where water is let out or held, TĐ is a hydropower plant (thủy điện). */
const HYDROPOWER = /(?<![\p{L}\p{N}&-])TĐ(?![\p{L}\p{N}&-])/gu;
const HYDRO_TALK = /(?<!\p{L})(?:xả|lũ|hồ|mực nước|hạ du|hạ lưu|thượng lưu|đập|tích nước|phát điện|cửa van|m3\/s|m³\/s)(?!\p{L})/iu;
/** "huy động LL, PT tại chỗ", "LL xung kích": a disaster board's forces (lực lượng) and means (phương tiện) typed short. */
const MEANS_TYPED = /(?<=(?<![\p{L}\p{N}])(?:LL|[Ll]ực lượng|[Vv]ật tư)\s*(?:,|và)\s*)PT(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])PT(?=\s+tại chỗ(?!\p{L}))/gu;
const FORCES_TYPED =
  /(?<![\p{L}\p{N}])LL(?=\s+(?:xung kích|tại chỗ|công an|quân sự|dân quân|vũ trang|cứu hộ|cứu nạn|chức năng|y tế|biên phòng|thanh niên|đoàn viên|bộ đội|ứng trực|trực|hỗ trợ|tình nguyện)(?!\p{L})|\s*(?:,|và)\s*(?:PT|phương tiện)(?![\p{L}\p{N}]))|(?<=(?<!\p{L})(?:[Hh]uy động|[Bb]ố trí|[Đđ]iều động|[Tt]ăng cường)\s+)LL(?![\p{L}\p{N}])/gu;
/** A count of customers whose notice names them in full once too: "Số khách hàng bị ảnh hưởng: 1.245 KH". */
const CUSTOMER_TALK = /(?<!\p{L})(?:khách hàng|vay|vốn|dư nợ|nợ|tiền|điện|TBA|MBA|ĐZ|ĐL|công tơ|đồng hồ nước|cáp quang|thuê bao|internet|nhà mạng|VNPT|Viettel|gói cước|nước sạch|ngân hàng|NHCSXH|giao dịch|tài khoản|hóa đơn|thanh toán|cước|lãi suất|gửi tiết kiệm)(?!\p{L})/iu;
/** "SL đất tại thôn 3", "nguy cơ SL", "lũ quét, SL": a landslide (sạt lở) typed short, no count (số lượng). */
const LANDSLIDE_TYPED =
  /(?=SL)(?:(?<![\p{L}\p{N}])SL(?=\s+(?:đất|bờ sông|bờ suối|bờ biển|taluy|ta luy|núi|đồi|mái|kè)(?!\p{L}))|(?<=(?<!\p{L})(?:nguy cơ|[Đđ]iểm|[Vv]ùng|[Kk]hu vực|KV|lũ quét|LQ)(?:\s?,|\s và)?\s)SL(?![\p{L}\p{N}]))/gu;
/** "nguy cơ LQ, SLĐ": in talk of floods and rain LQ is a flash flood (lũ quét); elsewhere it may be "liên quan". */
const FLASH_FLOOD = /(?<![\p{L}\p{N}])LQ(?![\p{L}\p{N}])/gu;
const FLOOD_TALK = /(?<!\p{L})(?:lũ|mưa|sạt lở|SLĐ|SL|ngập|thượng nguồn|nước dâng|thiên tai|PCTT|bão)(?!\p{L})/iu;
/** The response's motto "4TC", "bốn TC": on the spot (tại chỗ), four times over, in talk of disasters or mottos ("còn 4 TC chưa đạt" are criteria). */
const ON_THE_SPOT = /(?<![\p{L}\p{N}])(4|bốn)\s*TC(?![\p{L}\p{N}])/gu;
/** "nơi KCB BĐ": where an insured person is first treated (ban đầu), no flood level or map. */
// "nơi ĐKKCB BĐ": the same after the registration's own abbreviation.
const FIRST_CARE = /(?<=(?<![\p{L}\p{N}])(?:ĐK)?KCB\s+)BĐ(?![\p{L}\p{N}])/gu;
/**
 * "số ca mắc BTN", "phòng, chống BTN", "giám sát BTN": after words of cases and their control BTN is a communicable
 * disease (bệnh truyền nhiễm); a road's "thảm BTN", "mặt đường BTN" stays asphalt concrete.
 */
const COMMUNICABLE =
  /(?<=(?<!\p{L})(?:mắc|chống|giám sát|các|dịch|tình hình|ca|báo cáo)\s+)BTN(?![\p{L}\p{N}])/gu;
/** "15 BN mắc SXH", "các BN", "BN được BHYT chi trả", "BN có thẻ BHYT đi KCB": in a clinic's talk BN is a patient (bệnh nhân). */
const PATIENT =
  /(?<=(?<!\p{L})(?:[Cc]ác|[Nn]hững|[Mm]ỗi|cho|\d)\s+)BN(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])BN(?=\s+(?:mắc|được|nhập viện|điều trị|tử vong|nặng|nhẹ|dương tính|chuyển viện|xuất viện|có|đi|đến|cần|phải|nằm|dùng|uống)(?!\p{L}))/gu;
const PATIENT_TALK = /(?<!\p{L})(?:bệnh|viện|TYT|TTYT|BV|khám|điều trị|BHYT|KCB|ca mắc|dịch|SXH|TCM|sởi)(?!\p{L})/u;
/** "Khu DL sinh thái", "HTX DL", "phát triển DL cộng đồng": in talk of tourism DL is du lịch; "ngày 5/1 DL" stays dương lịch. */
const TOURISM =
  /(?<=(?<!\p{L})(?:[Kk]hu|HTX|[Tt]ổng cục|[Ss]ở|[Kk]hách|[Đđ]iểm|[Nn]gành|[Pp]hát triển|[Hh]oạt động|[Cc]ông ty|[Tt]uyến|[Ll]àng|[Dd]ịch vụ|DV|[Ss]ản phẩm|[Mm]ùa|[Kk]ích cầu)\s+)DL(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])DL(?=\s+(?:sinh thái|cộng đồng|văn hóa|tâm linh|nông nghiệp|trải nghiệm|biển|homestay|nông thôn)(?!\p{L}))/gu;
/** "bầu HĐQT và BKS", "BKS HTX": beside a board or a cooperative BKS is its supervisory board (ban kiểm soát), no plate. */
const SUPERVISORY_BOARD =
  /(?<=(?<!\p{L})(?:HĐQT|HĐTV|[Hh]ội đồng quản trị|[Bb]ầu|[Tt]rưởng|[Tt]hành viên)\s*(?:,|và)?\s*)BKS(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])BKS(?=\s+(?:HTX|QTDND|QTD|[Qq]uỹ|[Hh]ợp tác xã|nhiệm kỳ)(?!\p{L}))/gu;
/** "Đoàn TTr huyện", "Chánh TTr": the inspectorate (thanh tra); a bill (tờ trình) goes with its number ("TTr số 45"). */
const INSPECTORATE =
  /(?<=(?<!\p{L})(?:[Đđ]oàn|[Cc]hánh|[Cc]ơ quan)\s+)TTr(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])TTr(?=\s+(?:huyện|tỉnh|Sở|sở|Bộ|bộ|Chính phủ|viên)(?!\p{L}))/gu;
/** "tiêm đủ mũi mr", "vắc xin bcg": a vaccine's letters typed in lower case on a phone are still its letters. */
/** Also beside measles ("tiêm sởi + mr") and after "uống" ("uống bopv"). */
const VACCINE_TYPED_LOW = /(?<=(?<!\p{L})(?:[Mm]ũi|[Vv]ắc xin|vx|VX|[Tt]iêm|[Uu]ống|sởi\s*(?:[+,&]|và))\s*)(?:mr|bcg|opv|bopv|ipv|vgb|dpt|vnnb)(?![\p{L}\p{N}])/gu;
/**
 * "Lê Văn An - CV Phòng Nội vụ", "CB, CV trực Tết", "CV phụ trách": after a person's name or beside the staff, CV is a
 * specialist (chuyên viên); "theo CV số 123" stays a letter (công văn).
 */
const SPECIALIST =
  /(?<=\p{Lu}\p{Ll}+\s*[-–,]\s*)CV(?=\s+(?:Phòng|Văn phòng|VP|Sở|Ban|Trung tâm|phụ trách|chính|cao cấp)(?!\p{L}))|(?<=(?<!\p{L})(?:CB|CC|[Cc]án bộ|[Cc]ông chức)\s*(?:,|và)\s*)CV(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])CV(?=\s+(?:phụ trách|chính|cao cấp)(?!\p{L}))/gu;
/** "CH CCB thôn 2", "CH ND": before an association CH is its hamlet branch (chi hội). */
const BRANCH_OF_ASSOCIATION = /(?<![\p{L}\p{N}])CH(?:\s+(ND|PN|NCT|CTĐ|KH)(?![\p{L}\p{N}])|(?=\s+(?:CCB|[Cc]ựu chiến binh|[Nn]ông dân|[Pp]hụ nữ|[Nn]gười cao tuổi|[Cc]hữ thập đỏ|[Kk]huyến học)(?![\p{L}])))/gu;
/** "ĐV CĐ", "ĐV CĐCS": a trade union's member, its CĐ no college. */
const UNION_MEMBER = /(?<![\p{L}\p{N}])ĐV\s+(CĐCS|CĐ)(?![\p{L}\p{N}])/gu;
/** "bệnh ĐO lá", "ĐO cổ bông": rice blast (đạo ôn) in capitals, no word "đo"; "RN, RLT": the brown planthopper (rầy nâu). */
const BLAST = /(?<=(?<!\p{L})[Bb]ệnh\s+)ĐO(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])ĐO(?=\s+(?:lá|cổ bông|cổ lá|cổ gié)(?!\p{L}))/gu;
const BROWN_PLANTHOPPER = /(?<![\p{L}\p{N}])RN(?=\s*(?:,|và)\s*RLT(?![\p{L}\p{N}])|\s+(?:gây hại|mật độ|lứa|cám)(?!\p{L}))|(?<=(?<![\p{L}\p{N}])RLT\s*(?:,|và)\s*)RN(?![\p{L}\p{N}])/gu;
/** "TB hạng 2/4": a war invalid (thương binh) by the grade of his injury, no notice. */
const INVALID_GRADE = /(?<![\p{L}\p{N}])TB(?=\s+hạng(?!\p{L}))/gu;
/** "đủ ĐK vay vốn", "cơ sở đủ ĐK ATTP": after "đủ", "đáp ứng" ĐK is the conditions (điều kiện), no registration. */
const CONDITIONS = /(?<=(?<!\p{L})(?:[Đđ]ủ|[Đđ]áp ứng|[Kk]hông đủ)\s+)ĐK(?![\p{L}\p{N}])/gu;
/** "Ban QL chợ", "công tác QL đất đai": without a road's number QL is management (quản lý), no highway. */
const MANAGEMENT =
  /(?<=(?<!\p{L})(?:[Bb]an|BAN|[Cc]ông tác|[Cc]án bộ|[Cc]ông chức|[Pp]hòng|[Đđ]ội|[Tt]ăng cường)\s+)QL(?!\s*\.?\s*\d)(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])QL(?=\s+(?:chợ|nhà nước|đô thị|dự án|thị trường|đất đai|rừng|HTX|hồ sơ|văn bản|an toàn|chất lượng)(?!\p{L}))/gu;
/** "thi tuyển CC cấp xã", "tuyển dụng VC giáo dục": after hiring, CC and VC are civil servants and public employees. */
const HIRED_STAFF = /(?<=(?<!\p{L})(?:[Tt]hi tuyển|[Tt]uyển dụng|[Xx]ét tuyển|[Tt]iếp nhận|[Nn]âng ngạch|[Tt]uyển)\s+)(CC|VC)(?![\p{L}\p{N}])/gu;
/** "phong trào TĐ yêu nước": emulation (thi đua); "thành tích XS": excellent (xuất sắc). */
const EMULATION = /(?<=(?<!\p{L})(?:[Pp]hong trào|[Cc]ông tác|[Kk]hối)\s+)TĐ(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])TĐ(?=\s+(?:yêu nước|khen thưởng|KT)(?!\p{L}))/gu;
const EXCELLENT = /(?<=(?<!\p{L})(?:[Tt]hành tích|[Hh]oàn thành|[Ll]ao động|[Hh]ọc sinh|[Xx]uất)\s+)XS(?![\p{L}\p{N}])/gu;
/** "qua BĐ xã", "điểm BĐ": the post office (bưu điện) that pays pensions; "BĐ 2", "tờ BĐ" are read before. */
const POST_OFFICE =
  /(?<![\p{L}\p{N}])BĐ(?=\s+(?:xã|huyện|tỉnh|VHX|văn hóa xã)(?!\p{L}))|(?<=(?<!\p{L})(?:[Đđ]iểm|[Qq]ua|[Nn]hân viên)\s+)BĐ(?![\p{L}\p{N}])(?!\s*(?:[IV]+|\d))/gu;
/** "Tổ BC số 3": the election's team (tổ bầu cử); a team makes no report (báo cáo) by that name. */
const ELECTION_TEAM = /(?<=(?<!\p{L})(?:[Tt]ổ|TỔ)\s+)BC(?![\p{L}\p{N}])/gu;
/** "BBC số 1", "BBC đơn vị số 2": in talk of an election the board of a constituency (ban bầu cử), no broadcaster. */
const ELECTION_BOARD = /(?<![\p{L}\p{N}])BBC(?![\p{L}\p{N}])/gu;
const ELECTION_TALK = /bầu cử|ứng cử|cử tri|UBBC|ĐVBC|KVBP|TBC|BBC\s+(?:số|đơn vị)(?!\p{L})/u;
/**
 * "gọi dt cho a Sơn", "dt: 0912 345 678": typed without the bar of its Đ, dt is the telephone (điện thoại) after a word
 * that calls or before a number led by a zero ("DT 0,5ha" is an area, read before).
 */
const TELEPHONE_DT = /(?<=(?<!\p{L})(?:gọi|số|qua|liên hệ|lh|bằng|nghe)\s+)dt(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])(?:dt|Dt|DT)(?=\s*:?\s*0\d{2,3}[\s.]?\d)/gu;
/** "tiêm phòng UV", "huyết thanh SAT UV": tetanus (uốn ván); so with its dose, "tiêm UV2+" (the second shot and more). */
const TETANUS = /(?<=(?<!\p{L})(?:[Vv]ắc xin|VX|[Tt]iêm(?:\s+(?:phòng|ngừa|chủng))?|[Pp]hòng|[Nn]gừa|[Mm]ũi|[Hh]uyết thanh|SAT)\s+)UV(?=\d?(?![\p{L}\p{N}]))/gu;
/*
 * In a chat the officer's a, c, e are the pronouns anh, chị, em, and a village head's t is tôi, where a person is spoken
 * to or of ("vitamin e", "điểm e khoản 2", "lô e" stay letters). Six places say so, tried in one pass:
 */
/**
 * After a verb that goes to a person: "giúp e", "ib e gửi stk", "cho e hỏi", "… nha a", before a telephone too ("a/c gọi
 * e 09.1234.5678", "lh c 0388 456 789", "có gì ib t", "gọi t 0912…"); "giùm e", "dùm c" as "giúp e"; reassured or asked
 * why: "ko sao e nhé", "sao c chưa nộp"; asked at a question's end: "được ko e?", "xong chưa a?"; before a comma and the
 * pronoun again ("xong rồi nha a, a lên xã nhận"), though a lone letter after the comma is otherwise a list's ("a, b").
 */
const PRONOUN_AFTER_VERB = /(?<=(?<!\p{L})(?:giúp|giùm|dùm|sao|không|ko|chưa|cho|với|vs|ib|inbox|nhắn|gọi|alo|zalo|báo|hỏi|liên hệ|lh|gặp|nhờ|gửi|ạ|chỉ|bảo|hướng dẫn|tư vấn|đón|chờ|đợi|mời|cảm ơn|ok|oke|tks|thanks|chào|dạ|vâng|nha|nhé|nhe|nhá|(?:báo|gọi|nhắn|hỏi) lại)\s+)[aect](?=\s*$|\s*[.!?;:]|\s*,(?!\s*(?![aec]\s+\p{Ll})[a-zđ](?!\p{L}))|\s+(?:gửi|xin|sẽ|đã|đang|cảm ơn|báo|nhờ|mong|ạ|nhé|nha|với|vs|để|trước|trc|sau|qua|ngay|luôn|hỏi|biết|được|muốn|cần|đăng ký|mượn)(?!\p{L})|\s+(?:số\s+)?0\d)/u;
/**
 * Before what the person does: "e muốn tách thửa", "c hỏi thôn mình", "a tổng hợp gửi xã", "e chào cả nhà", "a ơi", "e báo
 * điện lực rồi"; what a health worker gives a child: "e cho uống hạ sốt", "c cho bé bú"; what the person is told to bring
 * or fill in: "c mang sổ + CCCD lên xã", "a đem bản gốc", "e điền tờ khai".
 */
const PRONOUN_BEFORE_VERB = /(?<!\p{N}\s*)(?<![\p{L}\p{N}\/.&'’-])[aec](?=\s+(?:sẽ|đã|đang|xin|gửi|cảm ơn|nhờ|mong|thay mặt|là|làm|đi|về|lên|xuống|qua|thu|có|không|ko|chưa|cũng|cx|vẫn|bận|nhắc|báo cáo|báo|thông báo|hỏi|muốn|cần|thấy|vừa|mới|nhận|đề nghị|kiểm tra|trực|định|để|xếp|sắp xếp|bán|mua|đăng|nhắn|gọi|ghi|tổng hợp|hướng dẫn|nộp|chào|ơi|xử lý|giải quyết|lo|hỗ trợ|giúp|trả lời|check|liên hệ|ký|duyệt|chuyển|xem|coi|bố trí|điều động|chỉ đạo|nào|mang|đem|cầm|điền|chụp|photo|hẹn|cho(?=\s+(?:bé|con|cháu|uống|ăn)(?!\p{L})))(?!\p{L}))/u;
/** After a day, a time of day or a "thì", "rồi", "để" that leads to what the officer does: "mai a bàn giao", "chiều e in cho", "để e lập ds". */
const PRONOUN_AFTER_TIME = /(?<=(?<!\p{L})(?:mai|nay|qua|lát|sáng|trưa|chiều|tối|thì|nên|nhưng|rồi|để|giúp)\s+)[aec](?=\s+\p{Ll}+(?!\S*\d))/u;
/** Opening a message in capitals: "E xin thông báo", "A nhắc lại"; told what to write or bring: "E ghi: 45/2 Lê Lợi …", "C mang sổ lên". */
const PRONOUN_OPENING = /(?=[AEC]\s)(?<=^[\s\p{P}\p{S}]*)[AEC](?=\s+(?:xin|gửi|cảm ơn|nhờ|mong|thay mặt|nhắc|báo|thông báo|hỏi|nhắn|đăng|tổng hợp|sẽ|đã|đang|vừa|mới|cũng|chào|ghi|điền|mang|đem|nộp|chụp|liên hệ|hẹn)(?!\p{L}))/u;
/** Thanked or agreed with: "ok c,", "dạ, cảm ơn a,", "ok a, e đã báo". */
const PRONOUN_THANKED = /(?<=(?<!\p{L})(?:ok|oke|vâng|dạ|chào|cảm ơn|tks|thanks)\s+)[aec](?=\s*,)/u;
/**
 * Spoken to as a clause closes, between any word and the closing particle: "thu hồi luôn e nhé", "xong rồi c ạ", "nộp
 * sớm a nha", after an abbreviation too ("ko cần GPXD e nhé"); "vitamin c nhé", "lô e nhé" stay letters.
 */
const PRONOUN_BEFORE_PARTICLE = new RegExp(`(?<=[\\p{L}\\uE000-\\uF8FF]\\s+)[aec](?=\\s+${CLOSING_PARTICLE}\\s*(?:$|[.!?,;]))`, 'u');
const CHAT_PRONOUN = new RegExp([PRONOUN_AFTER_VERB, PRONOUN_BEFORE_VERB, PRONOUN_AFTER_TIME, PRONOUN_OPENING, PRONOUN_THANKED, PRONOUN_BEFORE_PARTICLE].map((r) => r.source).join('|'), 'gu');
/** "Mai a Hùng đi huyện", "gọi c Lan", "e Tuấn": the officer's a, c, e before a given name are anh, chị, em ("đ/c Hùng", a point "điểm a Khoản 2" stay). */
/** A number after the name is no telephone unless led by a zero: "a Sơn 0975 432 198". */
const CHAT_TITLE = /(?<![\p{L}\p{N}\/.&'’-])([aec])(?=\s+\p{Lu}\p{Ll}*(?![\p{L}\p{N}])(?!\s*(?!0\d{2})\d))/gu;
const POINT_AFTER = /^\s+(?:Khoản|Điều|Mục|Chương|Phần|Điểm|Tiết|Phụ lục|Lô|Khu)(?!\p{L})/u;
const PRONOUNS: Readonly<Record<string, string>> = { a: 'anh', e: 'em', c: 'chị', t: 'tôi' };
/** "nhà e ở cuối ngõ", "con c đi học chưa", a message's first "Con e bị sốt", "của a nhé", "cháu nhà e 16 tháng", "bé nhà c 15kg": after a home or kin the chat's a, c, e is whose it is (anh, chị, em). */
const CHAT_POSSESSOR = /(?<=(?<!\p{L})(?:[Nn]hà|[Cc]ủa|[Cc]on|[Vv]ợ|[Cc]hồng|[Bb]ố|[Mm]ẹ)\s+)[aec](?=\s+\p{Ll}|\s+\d{1,2}\s*(?:tháng|tuổi|ngày|tuần|kg)(?!\p{L})|\s*[.!?]|\s*,(?!\s*[a-zđ](?!\p{L}))|\s*$)/gu;
/**
 * "a e nào có đất …", "a c e thôn mình": the chat's "ae", "ace" typed letter by letter, before the words that follow;
 * before a group's abbreviation too ("a e DQ thường trực", "a e BCH").
 */
const CHAT_GROUP = /(?<![\p{L}\p{N}\/.&'’-])[Aa]\s+(c\s+)?e(?=\s+(?:\p{Ll}|\p{Lu}{2,}(?![\p{L}\p{N}])))/gu;
/** "a chị nào có đất …", "a em thôn mình": the chat's lone "a" before kin written out is anh. */
const CHAT_ELDER = /(?<![\p{L}\p{N}\/.&'’-])[Aa](?=\s+(?:chị|em)(?!\p{L}))/gu;
/**
 * "bc lưu ý", "mời bc thôn mình", "bc ơi": in a hamlet's chat "bc" before what people are asked to do, or after an
 * invitation, is the folk (bà con): "bc sắp xếp công việc nha", "rồi bc ơi"; "gửi bc về xã", "bc tháng 11" stay the report
 * (báo cáo).
 */
const CHAT_FOLKS = /(?<![\p{L}\p{N}\/.&'’-])(?<!(?<!\p{L})(?:[Gg]ửi|[Nn]ộp|[Ll]àm|[Vv]iết|[Xx]em|[Dd]uyệt)\s+)[Bb]c(?=\s+(?:lưu ý|chú ý|nhớ|ơi|nha|nhé|ai|nào|mình|thôn|xóm|ấp|khối|bản|khẩn trương|vui lòng|hãy|mang|tham gia|ko|không|k|chưa|có nhu cầu|cần|nên|tranh thủ|đến|tới|ra|đi|sắp xếp|thông cảm|chủ động|trữ|theo dõi|cảnh giác|cẩn thận|yên tâm|hạn chế|tránh|đừng)(?!\p{L})|\s*!)|(?<=(?<!\p{L})(?:[Mm]ời|[Kk]ính mời|[Cc]ác|[Tt]oàn thể|[Kk]ính gửi|[Tt]hưa|[Tt]hông báo (?:đến|tới|cho)|[Gg]ửi tới|[Cc]ảm ơn|rồi|[Nn]hắc|báo cho|giúp)\s+)bc(?![\p{L}\p{N}])(?!\s+(?:về|kết quả|tháng|quý|năm|số|tổng kết|sơ kết)(?!\p{L}))/gu;
/** "cán bộ KL", "Hạt KL huyện", "lực lượng KL": the forest rangers (kiểm lâm), no conclusion (kết luận). */
/** Also "KL địa bàn xã": the ranger posted to a commune (KLĐB written apart). */
const RANGER = /(?<=(?<!\p{L})(?:[Cc]án bộ|[Hh]ạt|HẠT|[Ll]ực lượng|[Cc]hi cục|[Tt]rạm|[Đđ]ội|[Cc]ông chức)\s+)KL(?![\p{L}\p{N}&-])|(?<![\p{L}\p{N}])KL(?=\s+địa bàn(?!\p{L}))/gu;
/** "VT, PT theo phương châm 4 tại chỗ", "VT-PT": supplies and vehicles (vật tư, phương tiện) named as a pair, no clerk's office ("Lưu: VT, …" stays the footer). */
const SUPPLIES_AND_VEHICLES = /(?<![\p{L}\p{N}])(?<!(?<!\p{L})(?:[Ll]ưu|LƯU)\s*:?\s*)VT(\s*,\s*|\s*-\s*|\s*&\s*|\s+và\s+)PT(?![\p{L}\p{N}])/gu;
/** "quá hạn ĐK", "đưa xe đi ĐK", "trạm ĐK": in talk of cars ĐK is the roadworthiness test (đăng kiểm), no registration. */
const INSPECTION = /(?<=(?<!\p{L})(?:[Qq]uá hạn|[Hh]ạn|[Đđ]i|[Tt]rạm|[Tt]rung tâm|[Tt]em|[Cc]hu kỳ|[Pp]hí|[Ll]ịch)\s+)ĐK(?![\p{L}\p{N}])(?!\s+(?:hồ sơ|kết hôn|khai sinh|khai tử|thường trú|tạm trú|xét tuyển|dự thi|nhập học|tuyển sinh|nghĩa vụ|NVQS|học|thi)(?!\p{L}))/gu;
const CAR_TALK = /(?<!\p{L})(?:ô tô|xe tải|xe khách|xe con|phương tiện|chủ xe|xe cơ giới)(?!\p{L})/iu;
/** "mã KH", "KH sử dụng điện": a power or water company's customer (khách hàng), no plan. */
/** Also before a customer's code, capitals and digits run together: "của KH PB12345678", "KH PE0400012345"; and fed
 * from a piece of the grid, "KH sau TBA Đức Lạng 3", "các KH thuộc lộ 471": a plan hangs off no substation. */
const CUSTOMER = /(?<=(?<!\p{L})[Mm]ã\s+)KH(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])KH(?=\s+(?:sử dụng|dùng)\s+(?:điện|nước)(?!\p{L})|\s+(?:sau|thuộc|trên|dưới|nhận điện từ|dùng điện từ)\s+(?:TBA|[Tt]rạm|[Ll]ộ|XT|ĐZ|[Đđ]ường dây|[Nn]hánh|NR|MC|[Mm]áy cắt|DCL|LBS|FCO|[Rr]ecloser|[Tt]rụ|[Cc]ột)(?![\p{L}\p{N}])|\s*:?\s*[A-Z]{1,3}\d{6,}(?![\p{L}\p{N}]))/gu;
/** "8 THT", "xây dựng 15 CHND, 8 THT": groups counted where no shot or herd is spoken of are tổ hợp tác. */
const COUNTED_GROUP = /(?<=\d\s*)THT(?![\p{L}\p{N}])/gu;
/**
 * "lập biên bản 46 TH vi phạm", "ghi nhận 12 TH mắc SXH", "tạm giữ 11 PT", "không có TH tử vong": counted in a tally of offences or cases, TH
 * is so many cases (trường hợp), no primary schools, and PT so many vehicles (phương tiện).
 */
const COUNTED_CASE = /(?<=\d\s*|(?<!\p{L})(?:[Cc]ó|[Cc]ác|[Nn]hững|[Mm]ỗi)\s+)(TH|PT)(?![\p{L}\p{N}])/gu;
const CASE_TALK = /(?<!\p{L})(?:vi phạm|biên bản|xử phạt|phạt tiền|tạm giữ|nhắc nhở|tước|nồng độ cồn|tử vong|mắc|dương tính|ca bệnh)(?!\p{L})/iu;
const HERD_TALK = /(?<!\p{L})(?:tiêm|vắc xin|liều|bệnh|dịch|LMLM|trâu|bò|lợn|gia súc)(?!\p{L})/iu;
/** "KTS Nguyễn Văn A": before a name KTS is an architect (kiến trúc sư), not the digital economy. */
const ARCHITECT = /(?<![\p{L}\p{N}])KTS(?=\s+\p{Lu}\p{Ll})/gu;
/** "lên ca xã", "báo ca huyện": typed in lower case on a phone, ca before the level is the police (công an). */
/** "sổ hk", "tách HK": after the book or its moves, hk is the household register (hộ khẩu), no school term (học kỳ). */
const HOUSEHOLD_REGISTER = /(?<=(?<!\p{L})(?:[Ss]ổ|[Tt]ách|[Nn]hập|[Cc]ắt)\s+)(?:hk|HK)(?![\p{L}\p{N}])/gu;
/**
 * "đề nghị GĐ đưa con đến", "thăm GĐ chính sách", "các GĐ có con em", "mời GĐ các tân binh": before a family's own words or after those that
 * count families, GĐ is a family (gia đình); a head of a body keeps giám đốc ("GĐ Sở", "Phó GĐ", "các GĐ HTX").
 */
const FAMILY =
  /(?<![\p{L}\p{N}&.\/-])GĐ(?=\s+(?:ông|bà|anh|chị|cụ|có|đưa|đã|chưa|phải|cần|hãy|tự|chính sách|văn hóa|văn hoá|liệt sĩ|thương binh|bệnh binh|người có công|nghèo|cận nghèo|khó khăn|quân nhân|học sinh|trẻ|mình|nào|các\s+(?:tân binh|quân nhân|cháu|em|học sinh|liệt sĩ|thương binh))(?!\p{L}))|(?<=(?<!\p{L})(?:[Cc]ác|[Mm]ỗi|[Tt]ừng|[Nn]hững|[Hh]ộ|[Đđ]ề nghị|[Tt]hăm|[Mm]ời)\s+)GĐ(?![\p{L}\p{N}])(?!\s+\p{Lu})/gu;
/**
 * "DS các hộ được cấp GCN", "DS: …": before those it lists, DS is a list (danh sách); the population's workers ("CTV DS
 * các thôn", "cán bộ DS") keep dân số.
 */
const LIST_OF =
  /(?<!(?:CTV|[Cc]ộng tác viên|[Cc]án bộ|[Cc]ông tác|[Cc]huyên trách|[Bb]an|[Tt]rung tâm|[Cc]hi cục|[Yy] tế|[Pp]hòng)\s*)(?<![\p{L}\p{N}])DS(?=\s+(?:các|những|hộ|cử tri|học sinh|thí sinh|người|đối tượng|trẻ|công dân|thành viên|tân binh|quân nhân|ứng cử viên)(?!\p{L})|\s*:)/gu;
/**
 * "khám sk", "giữ gìn sk", "sk yếu", "giấy khám SK": health (sức khỏe) as a hamlet's chat types it, by the words around it ("sk hôm nay" is an
 * event). After those words in capitals too: "khám SK NVQS", "Khám SK định kỳ" (and a chat in lower case whose "nvqs" beside
 * it was put in capitals).
 */
const HEALTH_TYPED =
  /(?<=(?<!\p{L})(?:[Kk]hám|giữ gìn|giữ|[Cc]hăm sóc|bảo vệ|tình hình|kiểm tra|nâng cao|sổ|giấy|chúc|nhiều|lo|theo dõi|tư vấn|rèn luyện|về)\s+)(?:sk|SK)(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])(?:sk|SK)(?=\s+(?:tốt|yếu|ổn|kém|không tốt|ko tốt|sinh sản|cộng đồng|định kỳ)(?!\p{L}))/gu;
/** "ung thư CTC", "K CTC": after the cancer, CTC is the cervix (cổ tử cung). */
const CERVIX = /(?<=(?<!\p{L})(?:[Uu]ng thư|UNG THƯ|K)\s+)(?:CTC|ctc)(?![\p{L}\p{N}])/gu;
/** "ko tự ý cho uống ks", "lạm dụng KS": a medicine taken, bought or prescribed is an antibiotic (kháng sinh), no engineer. */
const ANTIBIOTIC = /(?<=(?<!\p{L})(?:[Uu]ống|[Dd]ùng|[Mm]ua|[Kk]ê|[Tt]iêm|[Ll]ạm dụng|[Tt]huốc|[Kk]ê đơn|[Bb]án)\s+)(?:ks|KS)(?![\p{L}\p{N}])(?!\.?\s*\p{Lu}\p{Ll})/gu;
/**
 * "SA thai 2D", "SA ổ bụng", "kết quả SA": before what is scanned, or after a scan's words, SA is an ultrasound (siêu
 * âm); "SA PA" and a lone "SA" stay.
 */
const ULTRASOUND =
  /(?<![\p{L}\p{N}])SA(?=\s+(?:thai|ổ bụng|bụng|tim|tuyến giáp|tuyến vú|vú|gan|mật|thận|tử cung|phụ khoa|tiền liệt tuyến|mạch máu|màu|Doppler|\d[DdĐđ])(?![\p{L}\p{N}]))|(?<=(?<!\p{L})(?:[Ll]àm|[Kk]ết quả|[Mm]áy|[Pp]hòng)\s+)SA(?![\p{L}\p{N}])/gu;
/** "SKSS cho VTN/TN", "VTN và TN": beside the teenagers TN is the young (thanh niên). */
const YOUTH_BESIDE_TEENS = /(?<=(?<![\p{L}\p{N}])VTN\s*(?:\/|,|-|và)\s*)TN(?![\p{L}\p{N}])/gu;
/**
 * "a Nam cb LĐTBXH", "mai có cb xã xuống": before the post or the level a chat's "cb" is an officer (cán bộ); "bà con cb
 * giấy tờ", "ae cb dụng cụ", "nhớ cb nhé": before what is got ready, or after who gets it ready, it is chuẩn bị. The post
 * decides first ("ae cb xã" are officers), then what is got ready, then who asks for the officer ("gặp cb", "hỏi cb").
 */
const STAFF_BEFORE_POST =
  /(?<![\p{L}\p{N}])cb(?=\s+(?:xã|thôn|phường|huyện|tỉnh|địa chính|tư pháp|văn hóa|văn phòng|thú y|khuyến nông|y tế|chuyên trách|phụ trách|ngân hàng|công an|thuế|điện lực|bảo hiểm|kiểm lâm|môi trường|mặt trận|chính sách|lao động|dân số|\p{Lu}{2,})(?![\p{L}\p{N}]))/gu;
const PREPARE_OBJECT =
  /(?<![\p{L}\p{N}])cb(?=\s+(?:giấy tờ|hồ sơ|đồ|đồ dùng|dụng cụ|sẵn|sẵn sàng|trước|tinh thần|lương thực|thực phẩm|đầy đủ|kỹ|chu đáo|xong|áo mưa|đèn|bao|bạt|thuốc|tiền|bàn ghế|ghế|chỗ|phương án|vật tư|cuốc|xẻng|nội dung|bài)(?![\p{L}\p{N}]))/gu;
const STAFF_ASKED = /(?<=(?<!\p{L})(?:các|gặp|hỏi|liên hệ|lh|báo|nhờ|mời|có|là|cử)\s+)cb(?![\p{L}\p{N}])/gu;
const PREPARE_TYPED =
  /(?<![\p{L}\p{N}])cb(?=\s+(?:nhé|nha|đi|thôi)(?![\p{L}\p{N}])|\s*[,.!?]|\s*$)|(?<=(?<!\p{L})(?:bà con|ae|anh em|mọi người|mn|mng|các hộ|phải|cần|nhớ|lo|đã|sẽ|đang|hãy|chủ động|kịp thời|khẩn trương|tranh thủ|để|còn|chưa)\s+)cb(?![\p{L}\p{N}])/gu;
/** "Bí thư CĐ thôn", "sinh hoạt CĐ", "CĐ thôn 3": a hamlet's youth cell (chi đoàn), no college (cao đẳng). */
const YOUTH_CELL =
  /(?<=(?<!\p{L})(?:[Bb]í thư|BT|[Pp]hó [Bb]í thư|PBT|[Ss]inh hoạt|SH)\s+)CĐ(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])CĐ(?=\s+(?:thôn|xóm|ấp|bản|khu phố|tổ dân phố|TDP)(?![\p{L}]))/gu;
/** "sinh hoạt CB thôn 4", "Bí thư CB thôn": a Party cell (chi bộ) met or led; "CB thôn" alone stays the hamlet's officer. */
const PARTY_CELL = /(?<=(?<!\p{L})(?:[Bb]í thư|[Pp]hó [Bb]í thư|[Ss]inh hoạt)\s+)CB(?![\p{L}\p{N}])/gu;
/** "ĐV dự bị", "ĐV chính thức": only a Party member (đảng viên) is on probation or full. */
const PARTY_MEMBER = /(?<![\p{L}\p{N}])ĐV(?=\s+(?:dự bị|chính thức)(?!\p{L}))/gu;
/** "Ban TC Đảng ủy", "Ban TC Huyện ủy": the Party's organisation board (ban tổ chức). */
const ORGANISATION_BOARD = /(?<=(?<!\p{L})[Bb]an\s+)TC(?=\s+(?:Đảng ủy|Đảng uỷ|ĐU|Huyện ủy|Tỉnh ủy|Thành ủy|Trung ương|TW)(?![\p{L}]))/gu;
/**
 * "thẻ BHYT mã HN", "mã đối tượng CN": a health-insurance card's group is two capitals, spelled ("hát en"), no Hà Nội or
 * Sunday; only just after "mã" where the card is spoken of.
 */
const CARD_GROUP = /(?<=(?:BHYT|[Bb]ảo hiểm y tế|[Tt]hẻ)[^.;:]{0,20}(?<!\p{L})mã(?:\s+đối tượng)?\s+)(?!QR)\p{Lu}{2}(?=\d|\s*$|\s*[,.;)]|\s+(?!\p{Lu}))/gu;
/** "khu DC mới", "khu DC số 3": after "khu", DC is where people live (dân cư). */
const RESIDENTIAL = /(?<=(?<!\p{L})[Kk]hu\s+)DC(?![\p{L}\p{N}])/gu;
/**
 * "thẻ CC", "đổi sang thẻ CC": the identity card (thẻ căn cước) that took the CCCD's place; so before its twelve digits,
 * grouped or not ("số CC 042.079.003.118", "CC: 042079003118").
 */
const ID_CARD = /(?<=(?<!\p{L})(?:[Tt]hẻ|THẺ)\s+)CC(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])CC(?=\s*:?\s*0\d{2}(?:[\s.]?\d){9}(?![\p{N}]|[.,]\d))/gu;
/** "T/m Ban chấp hành Đoàn xã": a signature block's "thay mặt" typed in mixed case before the body's name ("2 T/m" is a load). */
const SIGNED_FOR = /(?<![\p{L}\p{N}])(?<!\d\s?)T\/m(?=\s+\p{Lu})/gu;
/** "CTV BCH QS xã", "đ/c CTV QS": in the commune's military command CTV is its political officer (chính trị viên), no collaborator. */
const POLITICAL_OFFICER = /(?<![\p{L}\p{N}])CTV(?=\s+(?:QS|BCH\s*QS|BCHQS|Ban CHQS|[Bb]an [Cc]hỉ huy [Qq]uân sự|[Qq]uân sự)(?![\p{L}\p{N}]))/gu;
/** "giấy gọi NN", "tạm hoãn gọi NN", "chỉ tiêu giao quân NN": a recruit's enlistment (nhập ngũ), no farming (nông nghiệp). */
const ENLISTMENT = /(?<=(?<!\p{L})(?:[Gg]ọi|[Gg]iao quân|[Ss]ẵn sàng|[Tt]ân binh|[Cc]hỉ tiêu)\s+)NN(?![\p{L}\p{N}&-])/gu;
/** "18 công dân (17 QĐ, 01 CA)", "nhập ngũ CA 2, QĐ 25": the army (quân đội) the recruits are split with the police, no decision. */
const ARMY_BESIDE_POLICE =
  /(?<![\p{L}\p{N}])QĐ(?=(?:\s*\d{1,3})?\s*(?:[,;&\/–-]|và)\s*(?:\d{1,3}\s+)?(?:CA|CAND|[Cc]ông an)(?![\p{L}\p{N}]))|(?<=(?<![\p{L}\p{N}])(?:CA|CAND|[Cc]ông an)(?:\s*\d{1,3})?\s*(?:[,;&\/–-]|và)\s*(?:\d{1,3}\s+)?)QĐ(?![\p{L}\p{N}])/gu;
/** "thực hiện NV tham gia CAND": the duty (nghĩa vụ) of serving in the police. */
const POLICE_DUTY = /(?<![\p{L}\p{N}])NV(?=\s+tham gia\s+(?:CAND|[Cc]ông an)(?!\p{L}))/gu;
/** "quân nhân XN", "QN XN về địa phương": a soldier discharged (xuất ngũ). */
const DISCHARGED = /(?<=(?<!\p{L})(?:[Qq]uân nhân|QN|[Bb]ộ đội)\s+)XN(?![\p{L}\p{N}])/gu;
/** "ai chưa có cv 125", "gửi cv số 45": before its number a chat's "cv" is a letter (công văn); alone it may be work (công việc) and stays. */
const LETTER_TYPED = /(?<![\p{L}\p{N}])cv(?=\s+(?:số\s+)?\d)/gu;
/** "kb zalo", "kb fb với a": before the app a chat's "kb" is making friends (kết bạn); alone it may be "không biết" and stays. */
const BEFRIEND = /(?<![\p{L}\p{N}])kb(?=\s+(?:zalo|Zalo|zl|fb|FB|facebook|Facebook)(?![\p{L}\p{N}]))/gu;
/** "lệ phí TB", "nộp phí TB nhà đất": the fee on a change of owner (trước bạ), no notice. */
const REGISTRATION_FEE = /(?<=(?<!\p{L})(?:[Ll]ệ phí|[Pp]hí|[Tt]huế)\s+)TB(?![\p{L}\p{N}])/gu;
/** "giờ HC", "ngoài giờ hc": the office's hours (giờ hành chính). */
const OFFICE_HOURS = /(?<=(?<!\p{L})[Gg]iờ\s+)(?:HC|hc)(?![\p{L}\p{N}])/gu;
/** "giấy CN hộ nghèo", "Giấy CN QSDĐ": after the paper CN is what it certifies (chứng nhận), no Sunday. */
const CERTIFICATE_CN = /(?<=(?<!\p{L})(?:[Gg]iấy|GIẤY)\s+)CN(?![\p{L}\p{N}])(?!\s*\d)/gu;
/** "tiêm 5 mũi (N0, N3, N7, N14, N28)": a course's days, "ngày không, ngày ba …", where shots are spoken of and the days are listed. */
const DOSE_DAY = /(?<![\p{L}\p{N}])N(?=\d{1,2}(?![\p{L}\p{N}]|[.,]\d))/gu;
const DOSE_TALK = /(?<!\p{L})(?:tiêm|mũi|liều|phác đồ|vắc xin|VX)(?!\p{L})/iu;
/**
 * "cần máu nhóm O+", "AB-", "nhóm O Rh(-)": in talk of blood a group's letters with a sign are the group and its
 * rhesus, "o dương", "a bê âm", "e rờ hát âm" ("Rh" said by its letters, also alone: "người có nhóm máu Rh âm"). A
 * bare sign must touch the letters ("nhóm O - 250ml" is a dash).
 */
const BLOOD_GROUP = /(?<![\p{L}\p{N}])(AB|A|B|O|Rh)(?:\s?\(\s*([+\-−])\s*\)|([+\-−]))?(?![\p{L}\p{N}+\-−])/gu;
const BLOOD_TALK = /(?<!\p{L})(?:máu|Rh)(?!\p{L})/u;
const BLOOD_LETTERS: Readonly<Record<string, string>> = { AB: 'a bê', A: 'a', B: 'bê', O: 'o', Rh: 'e rờ hát' };
/** A child's growth indices "cân nặng/tuổi", "chiều cao/tuổi", "cân nặng/chiều cao": one measure against another, "theo". */
const GROWTH_INDEX = /(?<=(?<!\p{L})(?:[Cc]ân nặng|[Cc]hiều cao))\s*\/\s*(?=(?:tuổi|chiều cao)(?!\p{L}))/gu;
/**
 * "test nhanh NS1 (+)", "HBsAg (-)": a sign in brackets after what a test looked for is its result, said without a pause.
 * So is a sign typed onto the marker itself ("(IgM+)", "NS1+", "HBsAg-"); "A+", "O-" stay blood groups.
 */
export const TEST_MARKERS = 'Ig[AEGM]|NS1|HBsAg|HBeAg|AFB|HIV|HCV|PCR';
const TEST_SIGN = new RegExp(`(?<=[\\p{L}\\p{N}])\\s*\\(\\s*([+-])\\s*\\)|(?<=(?<![\\p{L}\\p{N}])(?:${TEST_MARKERS}))([+-])(?![\\p{L}\\p{N}+-])`, 'gu');
/** "anti-HCV", "xét nghiệm HBV, HCV": in talk of hepatitis and its tests HCV is the virus, spelled, no gold medal. */
const HEPATITIS_VIRUS = /(?<![\p{L}\p{N}])HCV(?![\p{L}\p{N}])/gu;
const HEPATITIS_TALK = /viêm gan|xét nghiệm|anti-|(?<!\p{L})(?:HBV|HIV|HBsAg|virus|vi rút)(?!\p{L})/iu;
/** Also the smear of a tuberculosis patient ("lao phổi AFB(+)") and a carrier's test ("HIV (+)", "HBsAg (-)"). */
const TEST_TALK = /(?<!\p{L})(?:test|xét nghiệm|kết quả|mẫu|dương tính|âm tính|AFB|HIV|HBsAg|NS1|Ig[AEGM]|lao phổi)(?!\p{L})/iu;
/** "hướng ĐN", "gió ĐB cấp 3", "phía TB": after a direction's word, two initials are the compass points, no delegates or notice. */
/** And the monsoon's: "Gió mùa ĐB tăng cường". And the three-letter points a storm moves along: "theo hướng TTB" (tây tây bắc), "hướng BTB", "hướng ĐĐB". */
const COMPASS = /(?<=(?<!\p{L})(?:[Hh]ướng|HƯỚNG|[Gg]ió|GIÓ|[Gg]ió mùa|GIÓ MÙA|[Pp]hía|PHÍA)\s+)(ĐN|ĐB|TN|TB|TTB|BTB|BĐB|ĐĐB|ĐĐN|NĐN|NTN|TTN)(?![\p{L}\p{N}])/gu;
const COMPASS_POINTS: Readonly<Record<string, string>> = {
  ĐN: 'đông nam',
  ĐB: 'đông bắc',
  TN: 'tây nam',
  TB: 'tây bắc',
  TTB: 'tây tây bắc',
  BTB: 'bắc tây bắc',
  BĐB: 'bắc đông bắc',
  ĐĐB: 'đông đông bắc',
  ĐĐN: 'đông đông nam',
  NĐN: 'nam đông nam',
  NTN: 'nam tây nam',
  TTN: 'tây tây nam',
};
/** "giá 850tr có tl": after a price the chat's "tl" is open to bargaining (thương lượng), no reply (trả lời). */
/** In capitals too, "còn", in brackets ("giá 1ty250 có TL", "850tr (TL)"), "TL nhẹ", or right after the sum ("1,35 tỷ TL");
 * never before a number (tỉnh lộ 8). */
const NEGOTIABLE = /(?<=(?<!\p{L})(?:giá|tr|tỷ|triệu)[^.;!?]{0,40}(?:(?<!\p{L})(?:có|còn)\s+|\(\s*))(?:tl|TL)(?![\p{L}\p{N}])(?!\s*\.?\d)|(?<![\p{L}\p{N}])(?:tl|TL)(?=\s+nhẹ(?!\p{L}))|(?<=\d\s*(?:tr|tỷ|ty|triệu)\s+)(?:tl|TL)(?![\p{L}\p{N}])(?!\s*\.?\d)/gu;
/**
 * "mang thẻ bh", "đóng bh": after a card or a payment the chat's "bh" is insurance (bảo hiểm), no "bao giờ"; typed in
 * capitals too, "thẻ BH", "đóng BH cho cả nhà" ("BH-HG-UV" stays the shot).
 */
const INSURANCE_TYPED = /(?<=(?<!\p{L})(?:[Tt]hẻ|[Đđ]óng|[Mm]ua|[Tt]ham gia|[Gg]ia hạn|[Ss]ổ)\s+)(?:bh|BH)(?![\p{L}\p{N}]|-\p{L})/gu;
/** Also after the officer's name: "gặp a Bình ca xã"; after a going ("ra ca xã làm cccd"); opening a message ("Ca xã thông báo"). */
const POLICE_TYPED = /(?<=(?<!\p{L})(?:(?:lên|ra|về|xuống|vào|qua|sang|bên|chỗ|báo|gọi|đến|tới|của|tại|ở|nhờ|với|cho|và|hoặc|gặp)|(?:anh|chị|chú|a|c|[\uE000-\uF8FF])\s+\p{Lu}\p{Ll}*)\s+)ca(?=\s+(?:xã|huyện|tỉnh|phường|thị trấn)(?!\p{L}))|(?<=^\s*)Ca(?=\s+(?:xã|huyện|phường|thị trấn)(?!\p{L}))/gu;
/** "gia đình TB, LS", "TB và BB": beside the fallen and the sick soldiers TB is a wounded one (thương binh), no notice. */
const WOUNDED = /(?<![\p{L}\p{N}])TB(\s*(?:,|và|-|\/)\s*)(LS|BB|liệt sĩ|bệnh binh)(?![\p{L}\p{N}])/gu;
/** "thân nhân LS", "gia đình TB, LS", "mộ LS": a fallen soldier (liệt sĩ) where kin or graves are spoken of. */
const MARTYR = /(?<=(?<!\p{L})(?:[Tt]hân nhân|[Gg]ia đình|[Mm]ộ|[Hh]ài cốt|[Tt]hờ cúng|[Cc]on|[Vv]ợ|[Cc]ha mẹ|[Bb]ố mẹ|[Nn]ghĩa trang|[Đđ]ài tưởng niệm|TB,|TB và|thương binh,|thương binh và)\s+)LS(?![\p{L}\p{N}])/gu;
/** "Quyết toán NSX năm 2024", "nguồn NSX": after budget words NSX is the commune's budget (ngân sách xã), no production date. */
const COMMUNE_BUDGET = /(?<=(?<!\p{L})(?:[Qq]uyết toán|[Dd]ự toán|[Tt]hu|[Cc]hi|[Nn]guồn|[Vv]ốn|[Kk]inh phí|[Tt]ừ)\s+)NSX(?![\p{L}\p{N}])(?!\s*:)/gu;
/** "về MT và ATTP", "ô nhiễm MT": the environment (môi trường) beside food safety or after its verbs. */
const ENVIRONMENT = /(?<![\p{L}\p{N}])MT(?=\s*(?:và|,|&)\s*(?:ATTP|VSATTP|ATVSTP)(?![\p{L}]))|(?<=(?<!\p{L})(?:[Ôô] nhiễm|[Bb]ảo vệ|[Vv]ệ sinh|[Cc]ảnh quan|(?:ATTP|VSATTP|ATVSTP)\s*(?:và|,|&))\s*)MT(?![\p{L}\p{N}&-])/gu;
/** "BCT Mặt trận thôn": the hamlet's front work committee (ban công tác), no ministry of trade. */
const FRONT_WORK_BOARD = /(?<![\p{L}\p{N}])BCT(?=\s+(?:[Mm]ặt trận|MẶT TRẬN|MT|MTTQ)(?![\p{L}]))/gu;
/** "Ban CT MTTQ xã", "Ban CT Mặt trận thôn": spaced, the same board; the Front's board is no chairman (chủ tịch). */
const FRONT_WORK_CT = /(?<=(?<!\p{L})(?:[Bb]an|BAN)\s+)CT(?=\s+(?:[Mm]ặt trận|MẶT TRẬN|MT|MTTQ)(?![\p{L}]))/gu;
/**
 * "THT trồng rau an toàn", "các HTX, THT": a farmers' cooperative group (tổ hợp tác); "tiêm phòng LMLM, THT cho trâu bò"
 * stays the cattle disease (tụ huyết trùng).
 */
const COOPERATIVE_GROUP =
  /(?<![\p{L}\p{N}])THT(?=\s+(?:trồng|chăn nuôi|nuôi|sản xuất|SX|dịch vụ|làm|thu gom|khai thác|đánh bắt|chế biến|rau|nấm|có\s+\d+\s+thành viên|thành viên)(?!\p{L}))|(?<=(?<![\p{L}])(?:HTX|[Hh]ợp tác xã)\s*(?:,|và|\/|-|&)\s*(?:\d+\s+)?)THT(?![\p{L}\p{N}])|(?<=(?<!\p{L})(?:[Tt]hành lập|[Cc]ác)\s+)THT(?![\p{L}\p{N}])/gu;
/** "người có công với CM", "lão thành CM": the revolution (cách mạng); a centimetre is written "cm". */
const REVOLUTION = /(?<=(?:[Vv]ới|[Cc]ó công|[Ll]ão thành|[Cc]uộc|[Hh]oạt động|[Tt]ham gia|[Tt]iền khởi nghĩa|[Cc]ơ sở|[Cc]ăn cứ|[Dd]i tích|[Tt]ruyền thống)\s+)CM(?![\p{L}\p{N}])/gu;
/** "ko cần CM tài chính", "CM thư", "CM nguồn gốc đất": before what is proved, CM is proof (chứng minh). */
const PROOF = /(?<![\p{L}\p{N}])CM(?=\s+(?:tài chính|thư|nhân dân|nguồn gốc|năng lực|thu nhập|nhân thân)(?!\p{L}))/gu;
/** "ĐV": a member of the Party (đảng viên) where the Party is spoken of, of the Youth Union (đoàn viên) where it is. */
// Also "các đv" typed on a phone.
const MEMBER = /(?<![\p{L}\p{N}])(?:ĐV|đv)(?![\p{L}\p{N}])/gu;
/** "các CQ, ĐV", "cơ quan, ĐV", "ban, ngành, ĐV": beside the offices ĐV is a unit (đơn vị), nobody's membership. */
const UNIT_BEFORE = /(?<!\p{L})(?:CQ|[Cc]ơ quan|ngành|[Đđ]oàn thể)\s*(?:,|và|-|\/)\s*$/u;
/** "HN, HCN": beside the near-poor households HN is the poor ones (hộ nghèo), not Hà Nội. */
const POOR_HOUSEHOLDS = /(?<![\p{L}\p{N}])HN(?=\s*(?:,|và|&|-)\s*(?:\d[\d.]*\s+)?HCN(?![\p{L}\p{N}]))|(?<=(?<![\p{L}\p{N}])HCN\s*(?:,|và|&|-)\s*(?:\d[\d.]*\s+)?)HN(?![\p{L}\p{N}])/gu;
/** "Tỷ lệ HN giảm còn 1,8%, HCN còn 3,2%": where poverty is spoken of, HN anywhere in the sentence is the poor households. */
const POOR_ALONE = /(?<![\p{L}\p{N}])HN(?![\p{L}\p{N}])/gu;
/** "…, Q.Đống Đa, HN": closing an address after a comma, HN is the capital (Hà Nội). */
const CAPITAL_CITY = /(?<=,\s*)HN(?=\s*[.;)]?\s*$)/gu;
const ADDRESS_TALK = /(?<!\p{L})(?:(?:quận|phường|huyện|xã|ngõ|ngách|phố|đường)(?!\p{L})|[PQ]\.)/iu;
const POVERTY_TALK = /(?<!\p{L})(?:HCN|cận nghèo|thoát nghèo|giảm nghèo|tái nghèo|nghèo đa chiều)(?!\p{L})/u;
/** "F7, Q. Gò Vấp", "f.12, q.3": Saigon's chat writes a ward (phường) with an F, before its district. */
const WARD_F = /(?<![\p{L}\p{N}])[Ff]\.?\s?(?=\d{1,2}\s*,\s*(?:[Qq]\.|Q\d|[Qq]uận)\s?\S)/gu;
/** "P3, Q10", "P.3, Q3", "F7, Q10": a ward and its urban district written short, side by side in an address. */
const WARD_AND_DISTRICT = /(?<![\p{L}\p{N}])[PF]\.?\s?(\d{1,2})\s*,\s*Q\.?\s?(\d{1,2})(?![\p{L}\p{N}]|[.,]\d)/gu;
/** "SN 1968" is sinh năm (a birth year follows), "SN 12/3/2025" sinh ngày (a whole date), "SN 18" số nhà. */
const SN = new RegExp(`${WORD_START}SN(?=\\s*[:.]?\\s*(\\d+)(\\/\\d{1,2}\\/(?:19|20)\\d\\d(?!\\d))?)`, 'gu');
/** "bé sn tháng 10", "các cháu sn 2020": typed in lower case on a phone, sn before a time of birth is "sinh" (a year: "sinh năm"). */
/** "sn ngày" only before a full date: "sn ngày mai" is a birthday (sinh nhật). */
const BORN_TYPED = /(?<![\p{L}\p{N}])sn(?=\s+(?:tháng|năm)(?!\p{L})|\s+ngày\s+\d{1,2}\/\d{1,2}\/\d{4}(?!\d)|\s*((?:19|20)\d\d)(?![\p{N}]))/gu;
/** In an address, after a comma: "P. Bắc Hà", "Q.1", "X. Yên Phong", "H. Can Lộc". */
const ADDRESS_UNITS: Readonly<Record<string, string>> = { P: 'phường', Q: 'quận', X: 'xã', H: 'huyện', T: 'tỉnh', p: 'phường', q: 'quận', x: 'xã', h: 'huyện', t: 'tỉnh' };
/** "ở Q.7, Q.8", "tại P.14": a numbered district or ward wherever it stands (a room "P.201" has three digits, read before). */
const NUMBERED_UNIT = /(?<![\p{L}\p{N}.])([PQ])\.\s?(?=\d{1,2}(?![\p{N}]|[.,]\d))/gu;
/**
 * Typed in lower case too ("xã Cẩm Lạc, h. Cẩm Xuyên, t. Hà Tĩnh"), on a phone with no comma after a numbered hamlet or
 * group ("tổ 3 p.Bắc Lý", "khu phố 4, 5, 6 P. Tân Phong") or glued to the name after any word ("đường Trần Phú p.Bắc Lý"); T. only after a district
 * ("H.Cẩm Xuyên, T.Hà Tĩnh"). A lower-case ward or district after a comma may be numbered too ("p.13, q.3"). After "tại", "ở"
 * before a name: "trụ sở tại P. An Hòa, Q. Ninh Kiều", on a phone "nhà e ở p. Tân Hòa"; after the words of a merger: "thành lập
 * từ P. Bắc Hà, …", "gồm P. Nam Hà" (a deputy's title "P. Giám đốc" stays); where a cut falls: "khu vực P. Bắc Hà", "trên
 * địa bàn P. Tân Giang"; the first of a list of the same level ("ngừng cấp điện P. Hưng Dũng, P. Trung Đô").
 */
const ADDRESS_UNIT =
  /(?<=(?:^|[,;:(]|\s[-–])\s*)([PQXH])\.\s?(?=\p{Lu}|\d)|(?<=(?<!\p{L})(?:tại|ở|từ|gồm|thuộc|sang|và|khu vực|địa bàn)\s+)([PQXHpqxh])\.\s?(?=\p{Lu}\p{Ll})(?!(?:Giám|Trưởng|Chủ|Bí|Phó|Chánh|Tổng)(?!\p{L}))|(?<=,\s*)([pq])\.\s?(?=\d{1,2}(?![\p{N}]|[.,]\d))|(?:(?<=,\s*|(?<!\p{L})(?:thôn|xóm|tổ|đội|khu|ấp|bản|khối|khóm|phố|KP|TDP)\s+\d{1,3}(?:\s*(?:,|và)\s*\d{1,3}){0,8}\s+)([pqxhPQXH])\.\s?|(?<=\p{L}\s)([pqxh])\.)(?=\p{Lu}\p{Ll})|(?<=(?:[Hh]\.|[Hh]uyện|[Tt]hị xã|TX\.?|TP\.?|[Tt]hành phố)\s*\p{Lu}[^,;:]{1,30},\s*)([Tt])\.\s?(?=\p{Lu}\p{Ll})|(?<![\p{L}\p{N}])([PQXH])\.\s?(?=\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+){0,3}\s*(?:,|và)\s*\7\.\s?\p{Lu})/gu;
/** "thôn 3 x Cẩm Lạc, h Cẩm Xuyên": typed on a phone, a bare x or h after a hamlet or a comma stands for xã or huyện. */
/** "xóm 4, xã thạch kim, h. lộc hà", "p. an hòa, q. ninh kiều": all in lower case, after a comma, before a name that ends its part. */
const LOWER_ADDRESS_UNIT = /(?<=[,:;(]\s*)([pqxht])\.\s?(?=\p{Ll}{1,7}(?:\s+\p{Ll}{1,7}){0,3}\s*(?:[,.;)]|$))/gu;
/** "45 Ng Văn Cừ, p Hưng Bình", ", q Bình Thạnh": a ward or a district so too, after a comma. */
const BARE_ADDRESS_UNIT = /(?<=(?:(?<!\p{L})(?:thôn|xóm|tổ|đội|khu|ấp|bản|khối)\s+\d{1,3}|,)\s*)([xh])(?=\s+\p{Lu}\p{Ll})|(?<=,\s*)([pq])(?=\s+\p{Lu}\p{Ll})/gu;
/** "Đc: 45 Lê Lợi", "Đc nhận hàng:", "đc thường trú thôn 7": the chat's đc before what an address is for is địa chỉ, not được. */
/** Typed without the bar of its Đ too where only an address fits, before a colon: "dc: thôn 3", "dc thửa đất: …". */
const ADDRESS_TYPED =
  /(?<![\p{L}\p{N}\/])(?:[Đđ]c(?=\s*:|\s+(?:nhận hàng|giao hàng|thường trú|tạm trú|hiện tại|hiện nay)(?!\p{L})|\s+(?:cũ|mới|thửa đất)\s*:)|[Dd]c(?=\s*:|\s+thửa đất\s*:))/gu;
/**
 * "cán bộ đc xã", "cb đc phường", "công chức đc - xd": typed in lower case, đc after the officer and before the level
 * (or the building's "xd") is the land office's (địa chính), as in capitals; "cán bộ đc giao …" stays được.
 */
const LAND_OFFICE_AFTER = String.raw`(?=\s+(?:xã|phường|thị trấn|huyện|tỉnh)(?!\p{L})|\s*-\s*(?:xd|XD|xây dựng)(?!\p{L})|\s*[,.!?]|\s*$)`;
const LAND_OFFICER_TYPED = new RegExp(
  `(?<=(?<!\\p{L})(?:[Cc]án bộ|[Cc]ông chức|cc|CC)\\s+)[Đđd]c${LAND_OFFICE_AFTER}|(?<![\\p{L}\\p{N}])(?:cb|CB)\\s+[Đđd]c${LAND_OFFICE_AFTER}`,
  'gu',
);
/**
 * "K12/34 Hoàng Diệu", "số 17 K45 Trần Cao Vân": Đà Nẵng and Huế number their lanes (kiệt) with a K before the street's
 * name, a branch after a slash.
 */
const LANE_K = /(?<![\p{L}\p{N}])K(?=\d{1,4}[A-Z]?(?:\/\d{1,4}[A-Z]?)+\s+\p{Lu}\p{Ll})|(?<=(?<!\p{L})(?:[Ss]ố|[Ss]ố nhà)\s+\d{1,4}[A-Z]?\s+)K(?=\d{1,4}\s+\p{Lu}\p{Ll})/gu;
/** "nộp tại BP một cửa", "bp tiếp nhận": before the desk it names, BP is a bộ phận (BPMC written apart). */
/** "BP MC xã", "Bộ phận MC": the one-stop desk's MC (một cửa), no master of ceremonies. */
const ONE_STOP_MC = /(?<![\p{L}\p{N}])(?:BP|bp)\s+MC(?![\p{L}\p{N}])|(?<=(?<!\p{L})(?:[Bb]ộ phận|BỘ PHẬN)\s+)MC(?![\p{L}\p{N}])/gu;
// Also before the desk's initials: "BP TN&TKQ".
const DESK = /(?<![\p{L}\p{N}])(?:BP|bp)(?=\s+(?:một cửa|1 cửa|tiếp nhận|tiếp dân|văn thư|kế toán|TN&TKQ|TN&KQ|TN&TrKQ|TNTKQ)(?![\p{L}\p{N}]))/gu;
/** "tp Tam Kỳ", "tx.Ba Đồn", "Tx.Hương Trà": a city or a town typed in lower case before its name. */
/** Also before the city's initials in lower case: "tp hcm". */
/** And before a city's initials in capitals: "tp HCM", "tp BMT". */
const LOWER_TOWN = /(?<![\p{L}\p{N}])([Tt]p|[Tt]x)\.?\s*(?=\p{Lu}\p{Ll}|hcm(?![\p{L}\p{N}]))|(?<![\p{L}\p{N}])([Tt]p)\.?\s*(?=(?:HCM|HN|BMT)(?![\p{L}\p{N}]))/gu;
/** "P.201 nhà B3": a P. before three digits or more is a room (phòng); wards are numbered lower. */
/** After a road sign's word it is the sign's code: "biển cấm P.102", "biển báo cấm P.106a". */
/**
 * "P.họp tầng 2", "P. Tiếp dân", "P.Tư pháp", "P.TN&MT": before a room's use or an office's field, P. is a room or a
 * department (phòng), no ward; a ward's name is read by ADDRESS_UNIT after.
 */
const OFFICE_ROOM =
  /(?<![\p{L}\p{N}])P\.\s?(?=(?:họp|tiếp dân|tiếp công dân|làm việc|khách|truyền thống|một cửa|[Tt]ư pháp|[Tt]iếp dân|[Tt]iếp công dân|[Nn]ội vụ|[Kk]inh tế|[Tt]ài chính|[Yy] tế|[Gg]iáo dục|[Vv]ăn hóa - [Xx]ã hội|[Vv]ăn hóa và [Tt]hông tin|[Tt]ài nguyên|TN&MT|TNMT|LĐTBXH|LĐ-TB&XH|GD&ĐT|GDĐT|NN&PTNT|VH-TT|VHTT|VH-XH|VHXH|KT-HT|KTHT|TC-KH|TCKH|QLĐT)(?![\p{L}\p{N}&-]))/gu;
const ROOM = /(?<![\p{L}\p{N}])(?<!(?<!\p{L})biển(?:\s+\p{Ll}+){0,3}\s*)P\.\s?(?=\d{3,4}(?![\p{N}]|[.,]\d))/gu;
/**
 * "HS gồm", "nộp HS tại BPMC", "Lưu: VT, HS": among papers HS is a dossier (hồ sơ); a pupil (học sinh) elsewhere.
 * "HS nộp học phí" stays the pupil: only a dossier is handed in "tại", "về", "qua" a desk. Typed "hs" on a phone too
 * ("ai làm hs đăng ký"), and before how it stands: "hs đầy đủ r thì …", "hs vay vốn", "scan hs".
 */
const DOSSIER =
  /(?<=(?<!\p{L})(?:[Nn]ộp|[Ll]àm|[Gg]ửi|[Tt]iếp nhận|[Hh]oàn thiện|[Hh]oàn chỉnh|[Bb]ổ sung|[Tt]hẩm định|[Ll]ập|[Cc]huẩn bị|[Tt]hành phần|[Bb]ộ|[Xx]ét duyệt|[Ss]ố hóa|[Ss]can|[Pp]hoto|[Dd]uyệt|[Ss]ửa|[Ll]ưu\s*:?(?:\s*\p{Lu}{1,5}\s*,)*)\s+)(?:HS|hs)(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])(?:HS|hs)(?=\s*(?:gồm|hợp lệ|chưa hợp lệ|đề nghị|xin|nộp (?:tại|về|qua|trực tiếp|trực tuyến)|còn thiếu|đầy đủ|chưa đầy đủ|vay vốn|cấp đổi|cấp lại|trễ hạn|quá hạn|bị trả)(?!\p{L}))/gu;
/**
 * "cú pháp HS [mã hồ sơ] gửi 8088", "soạn tin DK gửi…": the keyword of a text message is spelled as it is typed; a word the
 * lexicon says (an app's name, "soạn VNEID …") as it says it.
 */
const SMS_KEYWORD = /(?<=(?:cú pháp|[Ss]oạn tin|[Ss]oạn)\s*:?\s*)\p{Lu}{2,6}(?![\p{L}\p{N}])/gu;
/** "liên hệ a Hùng", "gặp c Lan", "gọi e Tuấn": typed on a phone, a lone "a", "c" or "e" before a name is anh, chị or em. */
/** Also after a colon: "Liên hệ: a Hùng", and after the shorthand "lh a Hùng". */
/** And in brackets after a number to call: "Zalo 0987654321 (a Hùng)"; who receives or is sent a thing: "người nhận: c Hằng", "nộp a Tú". */
const INFORMAL_TITLE = /(?<=(?<!\p{L})(?:[Ll]iên hệ|lh|Lh|[Gg]ặp|[Gg]ọi|[Hh]ỏi|[Nn]hờ|[Bb]áo|cho|với|của|và|hoặc|[Nn]hắn|là|thì|[Nn]hận|[Gg]ửi|[Nn]ộp)\s*:?\s+|\d\s*\(\s*)([ace])(?=\s+\p{Lu}\p{Ll})/gu;
/** "đến hết Q3", "Q4/2025": in talk of time Q1-Q4 is a quarter (quý), written out for the quarter's own reading; "P.3, Q3" stays a district. */
const QUARTER = /(?<![\p{L}\p{N}])Q(?=[1-4](?![\p{L}\p{N}]))/gu;
/** "ck xong chụp màn hình gửi…": in talk of money "ck" is a transfer (chuyển khoản), elsewhere the husband of the shorthand table. */
const TRANSFER = /(?<![\p{L}\p{N}])(?:[Cc]k|CK)(?![\p{L}\p{N}])/gu;
/**
 * Chat shorthand typed in lower case that a capital or a neighbour would make something else, so read only where it can be
 * nothing else: "ms bị rầy" (mới; "Ms Hoa" is a title), "chưa bt" (biết; "sức khỏe bt" may be bình thường), "trg THCS"
 * (trường) and "trg tuần" (trong), "đỗ r," and "xong r thì" (rồi; no point's letter "điểm r").
 */
/** "mang theo cc", "bản sao cc", "làm cc gắn chip": typed in lower case beside papers, "cc" is the ID card (căn cước). */
const CHAT_ID_CARD = /(?<=(?<!\p{L})(?:mang theo|mang|bản sao|bản photo|photo|làm|cấp|cấp đổi|đổi|thẻ|chụp|số|và|hoặc|với|có)\s+)cc(?![\p{L}\p{N}@.])/gu;
const CHAT_NEW = /(?<=\p{Ll}\s+)ms(?=\s+\p{Ll})/gu;
// "ai bít nhà nào", "chưa bít": biết spelled as said, where no blocking ("bít lối", "bít tất") is spoken of; "ai bik",
// "bjk": teen spellings of biết that are no other word.
const CHAT_KNOW = /(?<=(?<!\p{L})(?:chưa|không|ko|k|đã|mới|ms|cần|muốn|cho|để|ai|có|đều)\s+)bt(?=\s+\p{Ll}|\s*[,.!?]|\s*$)|(?<=(?<!\p{L})(?:ai|chưa|không|ko|k|mới|ms|đều|cũng|cx|mình|em|e)\s+)bít(?=\s+(?:nhà|ai|gì|j|ở|đâu|là|thì|rõ|chỗ|số|tin|cách|được|đc|không|ko|chưa|chỉ|báo|giúp)(?!\p{L})|\s*[,.!?]|\s*$)|(?<![\p{L}\p{N}])(?:bik|bjk|bjt)(?![\p{L}\p{N}])/gu;
/** "Bn nào nhặt được", "các bn trẻ", "mn ơi, bn ơi": a friend (bạn) addressed; elsewhere "bn" asks how many (bao nhiêu). */
const CHAT_FRIEND = /(?<![\p{L}\p{N}])(?:(?<=(?<!\p{L})(?:[Cc]ác|[Mm]ấy|[Nn]hững|[Cc]hào|[Mm]ời)\s+)bn|[Bb]n(?=\s+(?:nào|ơi)(?!\p{L})))(?![\p{L}\p{N}])/gu;
const CHAT_SCHOOL = /(?<![\p{L}\p{N}])trg(?=\s+(?:THCS|THPT|TH|MN|PTDTBT|PTDTNT|mầm non|tiểu học|trung học|cấp|học|đại học|cao đẳng)(?!\p{L}))/gu;
const CHAT_IN = /(?<![\p{L}\p{N}])trg(?=\s+(?:tuần|tháng|ngày|năm|nhà|thôn|xóm|xã|khi|lúc|thời gian|vòng|đó|này|đợt|buổi|sáng|chiều|tối|nhóm|danh sách)(?!\p{L}))/gu;
/**
 * "nộp tr 31/12", "cho c Nga tr 28/12", "báo tr khi đi": "tr" after a word (no number, where it is triệu) before a day or a
 * time is trước; "lúc 12h tr" (trưa or trước) stays as typed.
 */
const CHAT_BEFORE = new RegExp(`(?<=(?<![\\p{L}\\p{N}])\\p{L}+\\s+)tr(?=\\s+(?:(?:ngày|hạn|khi|lúc|Tết|tết|thứ|t[2-7]|cn|CN)(?![\\p{L}\\p{N}])|\\d{1,2}(?:[/.]\\d|[hg](?!\\p{L}))|${SLOT}))`, 'gu');
/**
 * Also after a count, a share or a measure: "tiêm mũi 1 r", "thu đc 87% r", "lên 3m2 r"; after initials: "bé bị TCM r,"; and before the next clause's
 * first word, whoever it speaks to or of, or what follows: "về r mn ở yên", "lên r bà con kê đồ", "xong r e báo", "đóng
 * r ko cần đóng nữa". Written out as the word, so what reads a pronoun after "rồi" ("xong rồi e báo") sees it.
 */
const CHAT_DONE = /(?<=(?:(?<![\p{L}\p{N}])(?!(?:điểm|khoản|mục|tiết|lô|chữ)\s)\p{Ll}+|(?<![\p{L}\p{N}])\p{Lu}{2,6}|(?<!(?:điểm|khoản|mục|tiết|lô|chữ)\s+)(?<![\p{L}\p{N}.,])\d{1,3}(?:[.,]\d{1,2})?\s?(?:%|\p{Ll}{1,3}\d?)?)\s+)r(?=\s*[,.!?]|\s*$|\s+(?:thì|mà|nhé|nha|nhá|đó|ạ|nè|kìa|à|hả|nghen|và|còn|đấy|nhỉ|chưa|nên|lại|luôn|lun|nữa|giờ|bây giờ|xong|mn|mọi người|bà con|bc|ae|anh em|cả nhà|ai|mình|tôi|anh|chị|em|[ace]|ko|k|không|đừng)(?!\p{L}))/gu;
/**
 * "ngập hết thui", "gió to lúm": closing a clause, the chat's thui and lúm are thôi and lắm ("thui rơm", "lúm đồng tiền"
 * carry on and stay words, "tối thui", "đen thui" are pitch dark).
 */
const CHAT_ENDING = /(?<=\p{L}\s)(?<!(?:tối|đen)\s)(thui|lúm)(?=\s*[,.!?]|\s*$|\s+(?:nha|nhé|nhá|mà|ạ|à|luôn|lun|rồi|r|đó|đi|nè)(?!\p{L}))/gu;
/** "giật c12-13", "gió mạnh c8": a wind's level (cấp) typed as its initial glued to the number, after the wind's words. */
const CHAT_WIND_LEVEL = /(?<![\p{L}\p{N}])[cC](?=\s?\d{1,2}(?![\p{L}\p{N}]|[.,]\d))/gu;
/** "bây h", "mấy h", "từ sáng tới h": the hour typed short after "now", "what" and "until" (giờ); "lúc mấy h z": so (vậy) closing a question. */
const CHAT_HOUR = /(?<=(?<!\p{L})(?:[Bb]ây|[Mm]ấy|tới|đến)\s+)h(?![\p{L}\p{N}])/gu;
const CHAT_SO = new RegExp(`(?<=(?:\\p{Ll}|${SLOT})\\s+)z(?=\\s*[?!.,]|\\s*$|\\s+(?:nhỉ|ạ|à|hả|nhé|nha|thì)(?!\\p{L}))`, 'gu');
/**
 * "nộp danh sách hs về PGD", "PGD huyện kiểm tra trường": where only schools are spoken of, PGD is the education office
 * (phòng giáo dục); beside a bank, a loan or an account it is a bank's office (phòng giao dịch), as the table has it.
 */
const EDUCATION_OFFICE = /(?<![\p{L}\p{N}&])PGD(?![\p{L}\p{N}&])/gu;
const SCHOOL_TALK = /(?<!\p{L})(?:trường|học sinh|hs|giáo viên|gv|gvcn|phụ huynh|phhs|lớp|năm học|học kỳ|kỳ thi|thi thử|tuyển sinh|mầm non|tiểu học|thcs|thpt|bán trú)(?!\p{L})/iu;
const BANK_TALK = /(?<!\p{L})(?:[Nn]gân hàng|NH\p{Lu}*|\p{L}*[Bb]ank|BIDV|vay|vốn|tài khoản|STK|stk|lãi suất|tiết kiệm|chi nhánh)(?!\p{L})/u;
const MONEY_TALK = /(?<![\p{L}])(?:STK|stk|TK|tk|tài khoản|[Nn]gân hàng|\p{L}*[Bb]ank|tiền|ủng hộ|nộp|thanh toán|đồng|\d[\d.,]*\s*(?:k|đ|tr|triệu|nghìn))(?![\p{L}])/u;
/** "LH: 0912…", "LH a Tuấn": typed short, LH is liên hệ, written out so the title after it is read; "Hội LH Phụ nữ" is a liên hiệp. */
const CONTACT = /(?<![\p{L}\p{N}])LH(?![\p{L}\p{N}])/gu;
const UNION = /(?<![\p{L}\p{N}])LH(?=\s+(?:Phụ nữ|PN|Thanh niên|TN)(?![\p{L}]))/gu;
/** "a/c nào chưa nộp", "kính gửi ô/b": two titles typed short with a slash, read as "anh/chị" is. */
const TITLE_PAIR = /(?<![\p{L}\p{N}/])([AaCcÔô]\/[CcEeBb])(?![\p{L}\p{N}/])/gu;
const TITLE_PAIRS: Readonly<Record<string, string>> = { 'a/c': 'anh, chị', 'a/e': 'anh, em', 'c/e': 'chị, em', 'ô/b': 'ông, bà' };
/** "(a.Tuấn)", "c.Hoa", "e.Mai": a title shortened with a dot before a name. */
/** Not a point's letter in a citation: "điểm a. Khoản 2 Điều 5". */
const DOTTED_TITLE = /(?<!(?:điểm|tiết|[Đđ]iểm|[Tt]iết)\s)(?<![\p{L}\p{N}.])([ace])\.\s?(?=\p{Lu}\p{Ll})(?!(?:Khoản|Điều|Mục)\s)/gu;
const DOTTED_TITLES: Readonly<Record<string, string>> = { a: 'anh', c: 'chị', e: 'em' };
/** "0905.123.456 (A. Nam)", "liên hệ C. Lan": beside a number to call or after the word to call, a capital dotted title too. */
/** And the next one called after a bracketed number: "liên hệ A. Tuấn (0987.654.321) hoặc C. Mai"; in capitals "(A. NAM)", the name maybe lowered already as a word ("(A. tùng)"). */
const CONTACT_DOTTED_TITLE = /(?<=\d\s*\(\s*|\d\s*\)\s*(?:,|hoặc|và)\s*|(?<!\p{L})(?:[Ll]iên hệ|LIÊN HỆ|[Ll]h|LH|[Gg]ặp|GẶP|[Gg]ọi|GỌI)\s*:?\s+)([ACE])\.\s?(?=\p{Lu}\p{Ll}|\p{Lu}{2,}(?!\p{L})|\p{Ll}+\s*\))/gu;
/** "ngõ 168, đ. Nguyễn Du": a street (đường) shortened in an address, after a comma ("5 đ." may be money). */
/** Also after a house number, "25/7 đ. Lê Văn Sỹ", "ngõ 45/12 Đ. Láng" (a slashed one, or one after its word), in capitals too. */
const STREET = new RegExp(`(?<=(?:^|[,;:(])\\s*)đ\\.\\s?(?=\\p{Lu}\\p{Ll}|\\d)|(?<=(?:,\\s*|${HOUSE_NUMBER}\\s+))[đĐ]\\.\\s?(?=\\p{Lu}\\p{Ll})`, 'gu');
/** "km số 3 đường đi Khe Lim": a kilometre post named by its number. */
const KM_NUMBERED = /(?<![\p{L}\p{N}])[Kk][Mm](?=\s+số\s+\d)/gu;

/** Mass organisations by their short names: "Hội ND", "Hội PN", "Đoàn TN". */
// Also after its officers: "Chi hội trưởng PN", "Hội phó ND", "Bí thư Đoàn TN"; typed in lower case on a phone ("hội pn").
const ORGANISATION = /(?<=(?:[Hh]ội|HỘI|[Đđ]oàn|ĐOÀN)(?:\s+(?:trưởng|phó))?\s+)(ND|PN|TN|NCT|CTĐ|KH|nd|pn|tn|nct)(?![\p{L}\p{N}])/gu;
const ORGANISATIONS: Readonly<Record<string, string>> = {
  ND: 'nông dân',
  PN: 'phụ nữ',
  TN: 'thanh niên',
  NCT: 'người cao tuổi',
  CTĐ: 'chữ thập đỏ',
  // "Hội KH xã": the association for learning (khuyến học).
  KH: 'khuyến học',
};

/** "ĐH Đảng bộ" is a congress (đại hội), "ĐH Vinh" a university; "ĐH.21" a district road, read before. */
// Before no word (a comma, a bracket's end, the end) it is a degree only where a degree is talked of: "tốt nghiệp ĐH, CĐ",
// "Trình độ: ĐH", or beside a call-up's birth year in a list: "Lê Quốc Cường (2001, ĐH)", "(ĐH)", "ĐH/CĐ".
const DH = /(?<![\p{L}\p{N}])ĐH(?=\s+(\p{Lu}(?:\p{Ll}+|\p{Lu}*)|\p{Ll}+)|\s*[,;:)/]|\s*\.?\s*$)/gu;
const DEGREE_BRACKET = /\(\s*(?:(?:19|20)\d\d\s*[,;-]\s*)?$/u;
const DEGREE_AFTER = /^\s*[,/]\s*(?:CĐ|TC|THPT|cao đẳng|trung cấp)(?![\p{L}])/u;
/** "trình độ CĐ, ĐH", "tốt nghiệp ĐH": a degree. */
/** Also after passing into it: "HS đỗ ĐH", "thi vào ĐH", "trúng tuyển ĐH". */
const EDUCATION_BEFORE = /(?:[Tt]rình độ|[Tt]ốt nghiệp|bằng|[Vv]ăn bằng|sinh viên|học sinh|CĐ|cao đẳng|THPT|trung cấp|TC|(?<!\p{L})(?:thi đỗ|đỗ|đậu|thi vào|trúng tuyển|tuyển sinh|xét tuyển|học|lên|vào))[\s,/:]*(?:và\s+|hoặc\s+)?$/u;
/** "CB, CC, VC và người lao động": the kinds of public staff named in a list, each of which alone is ambiguous. */
/** Also joined by dashes: "CB-CC đóng góp 1 ngày lương". */
/** Or by spaces alone: "CB CC VC". */
const STAFF_LIST = /(?<![\p{L}\p{N}])(?:CB|CC|VC|NLĐ)(?:(?:\s*(?:,|và|\/|-)\s*|\s+)(?:CB|CC|VC|NLĐ))+(?![\p{L}\p{N}])/gu;
const STAFF_KINDS: Readonly<Record<string, string>> = { CB: 'cán bộ', CC: 'công chức', VC: 'viên chức', NLĐ: 'người lao động' };
// In capitals too: "ĐH CHI BỘ THÔN 3".
const CONGRESS_AFTER = /^(?:đảng|đoàn|chi|hội|công|đại|tdtt|thể|phụ|nông|cựu|mttq|mặt|lần)$/iu;

/** "đo HA", "chỉ số HA", "HA 140/90": blood pressure (huyết áp), not hectares. */
// Also listed with the other measures of a check-up: "đo chỉ số BMI, HA", "cân nặng, HA".
// And before a bound on a reading: "HA ≥ 140/90 mmHg", "HA trên 160 mmHg"; after "thuốc", "thấy", "bị", and before
// what it does ("HA về bình thường", "HA ổn định", "HA tăng cao").
/** "DPT-VGB-Hib1", "Hib3": the Hib part of the five-in-one glued to the dose's number, "híp một". */
const HIB_DOSE = /(?<![\p{L}\p{N}])Hib(?=\d(?![\p{L}\p{N}]))/gu;
/** "cân nặng dưới -2SD", "từ -2SD đến +2SD": a child's growth in standard deviations, its sign said ("âm hai ét dê"). */
const SD_SCORE = /(?<![\p{L}\p{N}])([-−+])\s?(\d)\s?SD(?![\p{L}\p{N}])/gu;
/** "Mạch 88 l/p", "nhịp thở 40 l/ph": a pulse or a breathing rate in times a minute (lần một phút), no litres. */
const BEATS_A_MINUTE = /(?<=(?<!\p{L})(?:[Mm]ạch|[Nn]hịp tim|[Nn]hịp thở|[Tt]ần số thở|[Nn]hịp)\s*:?\s*(?:[≥≤<>]\s*)?\d{2,3}(?:\s*[-–]\s*\d{2,3})?\s*)l\/ph?(?![\p{L}\p{N}])/gu;
const BLOOD_PRESSURE = /(?<=(?<!\p{L})(?:[Đđ]o|[Cc]hỉ số|[Tt]heo dõi|[Kk]iểm tra|[Tt]ăng|[Hh]ạ|[Cc]ao|[Mm]áy đo|[Tt]huốc|[Tt]hấy|[Bb]ị)\s+|(?<!\p{L})(?:BMI|[Cc]ân nặng|[Cc]hiều cao|[Mm]ạch|[Nn]hiệt độ|[Đđ]ường huyết)\s*(?:,|và)\s*)HA(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])HA(?=\s+(?:về|ổn định|không ổn định|bình thường|dao động|tâm thu|tâm trương|lên cao|hạ thấp|tăng cao|giảm)(?!\p{L}))|(?<![\p{L}\p{N}])HA(?=\s*(?:[:≥≤<>=]|từ|trên|dưới)?\s*\d{2,3}(?:\s*\/\s*\d{2,3}(?!\d)|\s*mmHg))/gu;
/** "H'Mông", "K'Ho", "M'Nông", "Cư M'gar": a people's or a place's name opening with a consonant and an apostrophe, said with "ơ" after it. */
const GLOTTAL_NAME = /(?<![\p{L}])([BDĐHKMNRSX])['’](?=\p{Lu}\p{Ll}|\p{Ll}{2})/gu;
/** "chỉ số UV", "tia UV": ultraviolet, not an ủy viên. */
const ULTRAVIOLET = /(?<=(?:[Cc]hỉ số|CHỈ SỐ|[Tt]ia|TIA|[Bb]ức xạ|BỨC XẠ|[Đđ]èn|ĐÈN|[Cc]hống|CHỐNG|[Kk]hử trùng bằng)\s+)UV(?![\p{L}\p{N}])/gu;
/** "tia cực tím (UV)": in talk of sunlight any UV is ultraviolet. */
const SUNLIGHT_TALK = /cực tím|tia UV|chỉ số UV|nắng|bức xạ/iu;
const ANY_UV = /(?<![\p{L}\p{N}])UV(?![\p{L}\p{N}])/gu;

/** "CT UBND xã", "đ/c CT HĐND": the chủ tịch of a body, not a chỉ thị. */
/** Also in a list of officers: "CT, các PCT UBND xã", "CT và PCT". */
/** And after a comrade: "đ/c CT", "đồng chí CT dự và chỉ đạo", "đ/c ct xã" typed on a phone; "ct UBND xã" typed so too; a deputy's "Phó CT TT UBND". */
const CHAIRMAN = new RegExp(`(?<=(?<!\\p{L})(?:[Đđ]\\/[Cc]|[Đđ]ồng chí|[Pp]hó)\\s+)(?:CT|ct)(?![\\p{L}\\p{N}])|${WORD_START}(?:CT|[Cc]t)(?=\\s*(?:,|và)\\s*(?:các\\s+)?PCT(?![\\p{L}])|(?:\\s+|\\.\\s?)(?:UBND|HĐND|UBMTTQ|MTTQ|HĐQT|HĐTV|ubnd|hđnd|mttq|Hội|Ủy ban|Uỷ ban|Hội đồng|Mặt trận|Công đoàn|CĐCS|CĐ|xã|huyện|tỉnh|phường|nước)(?![\\p{L}]))`, 'gu');

/**
 * CT before a person's full name is no chỉ thị: the chairman ("CT Nguyễn Văn Hùng chủ trì"), or after a boat named in the
 * same clause the boat's owner (chủ tàu: "Tàu QNa 91234 TS (CT: Phan Văn Long)"); after a comrade or a deputy ("đ/c CT
 * Nguyễn Văn A", "Phó CT") the chairman's pass reads it.
 */
const CT_BEFORE_NAME = new RegExp(`(?<!(?:[Đđ]\\/[Cc]|[Đđ]ồng chí|[Pp]hó|P\\.)\\s*)(?<![\\p{L}\\p{N}.])CT(?=\\s*:?\\s*${SURNAME}\\s+\\p{Lu}\\p{Ll})`, 'gu');
const BOAT_BEFORE = /(?<!\p{L})(?:tàu|thuyền|ghe)(?!\p{L})[^.;!?]{0,40}$/iu;
/** Titles in the leadership: "P.CT UBND" (phó), "Q. Trưởng phòng" (quyền), "BT Đảng ủy" (bí thư), "Ô. Nguyễn Văn Hùng" (ông). */
// In capitals too, as a signature is typed: "Q. CHỦ TỊCH", "Q. GIÁM ĐỐC".
export const TITLE_WORDS = '(?:Chủ tịch|CHỦ TỊCH|chủ tịch|CT|Giám đốc|GIÁM ĐỐC|giám đốc|GĐ|Trưởng|TRƯỞNG|trưởng|Hiệu trưởng|HIỆU TRƯỞNG|HT|Bí thư|BÍ THƯ|BT|Chánh|CHÁNH|Chi cục trưởng|CHI CỤC TRƯỞNG|Cục trưởng|Thủ trưởng|Trạm trưởng)(?![\\p{L}])';
const DEPUTY_OR_ACTING = new RegExp(`${WORD_START}([PQ])\\.\\s?(?=${TITLE_WORDS})(?:(CT|GĐ|HT|BT)(?![\\p{L}]))?`, 'gu');
const SHORT_TITLES: Readonly<Record<string, string>> = { CT: 'chủ tịch', GĐ: 'giám đốc', HT: 'hiệu trưởng', BT: 'bí thư' };
// Also joined by a dot: "CT.UBND", "BT.ĐU".
// Also before a lower-case "chi bộ" and before "kiêm" ("BT kiêm TT thôn": a secretary who also heads the hamlet).
const SECRETARY = new RegExp(`${WORD_START}BT(?=(?:\\s+|\\.\\s?)(?:Đảng ủy|Đảng uỷ|Đảng bộ|đảng ủy|ĐU|Chi bộ|chi bộ|CB|Đoàn|Chi đoàn|chi đoàn|Huyện ủy|Tỉnh ủy|Thành ủy|HU|TU|kiêm)(?![\\p{L}]))`, 'gu');
/** "45 Ng. Văn Cừ", "đường Ng. Huệ": a street sign's Nguyễn shortened before the rest of the name. */
const NGUYEN_SHORT = /(?<![\p{L}\p{N}])Ng\.\s?(?=\p{Lu}\p{Ll})/gu;
/**
 * "Ng Văn Hùng", "Ng.Thị Lan", "NG VĂN HÙNG": the commonest family name shortened in a list of people, before a middle name; "bản Ng
 * Ka" (no Kinh middle name after it) stays as written.
 */
const NGUYEN = new RegExp(
  `(?<![\\p{L}\\p{N}])Ng\\.?\\s?(?=${MIDDLE_NAME}\\s+\\p{Lu})|(?<![\\p{L}\\p{N}])NG\\.?\\s?(?=${MIDDLE_NAME_CAPS}\\s+\\p{Lu}{2})`,
  'gu',
);
/** Also the next of a list of people: "nhà ô Tư, bà Hoa, ô Lợi". */
const MISTER = new RegExp(`${WORD_START}(?:Ô\\.\\s?|(?=ô[.\\s])(?<=(?<!\\p{L})(?:[Nn]hà|[Hh]ộ|[Gg]ia đình|[Gg]ặp|[Mm]ời|[Tt]hăm|[Ll]iên hệ|[Ll]h|của|với|cho|là|và|hoặc|[Bb]à|[Đđ]ồng chí|[Đđ]\\/[Cc])\\s+|(?<!\\p{L})\\p{Lu}\\p{Ll}{0,8}\\s?,\\s?)ô(?:\\.\\s?|\\s+))(?=\\p{Lu}\\p{Ll})`, 'gu');
/** "Ô. Nguyễn Văn Nam, B. Lê Thị Hoa": before a full name, "B." is bà as "Ô." is ông (no one's given name is shortened so). */
const MADAM = new RegExp(`${WORD_START}(?<!(?:[Kk]hu|[Ll]ô|[Tt]òa|[Tt]oà|[Dd]ãy|[Kk]hối|[Tt]ổ|[Ll]ớp|[Ss]ố)\\s+)B\\.\\s?(?=${SURNAME}\\s+\\p{Lu}\\p{Ll})`, 'gu');
/** "DS. Lê Thị Hằng", "Ds Trần Văn Nam": before a full name DS is a pharmacist's title (dược sĩ), as BS is a doctor's; a population officer's "CB DS" stays. */
const PHARMACIST = new RegExp(`${WORD_START}(?<!(?:CB|CTV|[Cc]án bộ|[Cc]ộng tác viên|[Cc]huyên trách|[Cc]ông tác|[Bb]an)\\s+)(?:DS|Ds)(?:\\.\\s?|\\s+)(?=${SURNAME}\\s+\\p{Lu}\\p{Ll})`, 'gu');
/** "gặp ks Nguyễn Văn Hùng", "Ths. Lê Thị Hoa": before a full name the engineer's and the master's titles typed short (a hotel's "ks Mường Thanh" stays). */
const TITLE_TYPED_SHORT = new RegExp(`${WORD_START}(ks|Ks|ths|Ths)(?:\\.\\s?|\\s+)(?=${SURNAME}\\s+\\p{Lu}\\p{Ll})`, 'gu');
/** "đ.c Hoàng Văn Thái": a comrade typed with a dot for the slash, before a name. */
const COMRADE_DOTTED = new RegExp(`${WORD_START}[Đđ]\\.[Cc]\\.?\\s?(?=\\p{Lu}\\p{Ll})`, 'gu');
/** "ĐC: số 12, đường …": a label before an address is the địa chỉ, not the địa chính. */
/** Also the kind of address named before the colon: "đ/c nhận hàng: …", "đ/c thường trú", "đ/c cũ: …", "đ/c điểm tiêm: …" (never
 * "các đ/c nhà trường lưu ý:", the comrades); "đc: 56 Trần Phú" typed without its slash (no "được") before a colon. */
/** "đ/c nhận hồ sơ: bộ phận một cửa …": the place where a thing is handed in, named before a colon ("các đ/c nhận tài liệu" are comrades). */
const ADDRESS_LABEL = new RegExp(
  `(?<!(?:các|những|mời|cho)\\s+)${WORD_START}[Đđ]\\/[Cc](?=\\s+(?:nhận|nộp|gửi|tiếp nhận)\\s+[\\p{Ll}\\s]{1,25}:)|` +
  `(?<!(?:[Cc]ác|[Nn]hững)\\s+)${WORD_START}(?:ĐC|[Đđ]\\/[Cc]|(?:[Đđ]c(?=\\s*:)))(?=\\s*:\\s*(?:[Ss]ố|[Tt]hôn|[Xx]óm|[Tt]ổ|[Đđ]ường|[Pp]hố|[Kk]hu|[Ấấ]p|[Bb]ản|[Ll]ô|[Nn]gõ|[Nn]gách|[Hh]ẻm|[Kk]iệt|[Kk]hối|[Cc]ăn|[Nn]hà|[Tt]òa|[Tt]oà|\\d)|\\s+(?:nhận hàng|giao hàng|gửi hàng|thường trú|tạm trú|(?:cũ|mới|(?:điểm|nhà|trụ sở|cửa hàng|công ty|hội trường|kho|nơi)(?:\\s+\\p{L}+){0,4})\\s*:)(?!\\p{L}))`,
  'gu',
);
/**
 * "Số TK: 1234 5678 9012", "chủ TK: …", "em nào chưa có TK", "nộp vào TK", "ck vào tk của trường", "CK qua TK số …", "kích hoạt TK", "TK định danh", "TK ngân
 * hàng": the account (tài khoản), also typed in lower case, written out so the number after it is read as one. "vào TK 245"
 * is a forest's sub-compartment; "vào TK 3702 205 123456", a long number or one in groups, an account.
 */
const ACCOUNT =
  /(?<=(?<!\p{L})(?:[Ss]ố|[Cc]hủ|CHỦ|[Tt]ên|TÊN|[Kk]ích hoạt|[Mm]ở|[Tt]ạo|[Ll]ập|[Đđ]ăng ký|[Đđ]ăng nhập|(?:chưa|đã|không)\s+có|[Kk]hóa|[Kk]hoá|[Xx]ác thực|[Mm]ật khẩu)\s+)(?:TK|tk)(?![\p{L}\p{N}])|(?<=(?<!\p{L})(?:[Vv]ào|[Qq]ua)\s+)(?:TK|tk)(?![\p{L}\p{N}])(?!\s*\d{1,3}(?![\p{N}]|[\s.]\d))|(?<![\p{L}\p{N}])(?:TK|tk)(?=\s+(?:[Đđ]ịnh danh|VNeID|[Nn]gân hàng|NH|Zalo|DVC|[Dd]ịch vụ công|[Mm]ức\s*\d|số\s*:?\s*\d)(?![\p{L}]))/gu;
/** "Agribank CN Cẩm Xuyên", "Ngân hàng CSXH CN huyện", "Văn phòng ĐKĐĐ CN Cẩm Xuyên": after a bank, a firm or the land registry, CN before a place is its branch (chi nhánh), not Sunday. */
const BRANCH = /(?<=(?:[Bb]ank|BANK|BIDV|[Nn]gân hàng|NH\p{Lu}*|[Kk]ho bạc|KBNN|[Bb]ưu điện|[Cc]ông ty|[Cc]ty|VNPT|Viettel|EVN\p{Lu}*|[Đđ]iện lực|ĐKĐĐ|[Đđ]ăng ký đất đai)(?:\s+(?!CN(?!\p{L}))\p{Lu}[\p{L}&]*(?:\s+\p{Ll}+){0,3}){0,4}(?:\s+|\s*[-–,]\s*))CN(?=\s+(?:\p{Lu}\p{Ll}|huyện|tỉnh|thị xã|thành phố|TP|TX|quận|tại)(?!\p{L}*\s*\d))/gu;
/** "CN VPĐKĐĐ huyện", "CN NHCSXH huyện", "CN Văn phòng đăng ký đất đai": a branch named before the body it belongs to. */
/** "CN-TTCN", "CN, TTCN và dịch vụ", "ngành CN", "tỷ trọng CN - XD": beside small industry or a sector's word, CN is industry (công nghiệp), not Sunday. */
const INDUSTRY =
  /(?<![\p{L}\p{N}])(?<!(?:[Tt]hứ|T)\s*[2-7]\s*(?:,|và|[-–])\s*)CN(?=\s*(?:[-–,&]|và)\s*(?:TTCN|XD|DV|[Tt]iểu thủ công nghiệp)(?![\p{L}]))|(?<=(?:TTCN|[Nn]ông nghiệp|NN)\s*(?:[-–,&]|và)\s*)CN(?![\p{L}\p{N}])|(?<=(?<!\p{L})(?:[Nn]gành|[Tt]ỷ trọng|[Kk]hu vực|[Ss]ản xuất)\s+)CN(?=\s*(?:[-–,&]|và)\s*(?:TTCN|XD|[Xx]ây dựng|DV|[Dd]ịch vụ)(?![\p{L}]))/gu;
/** "cơ cấu NN - CN - DV": the economy's sectors listed, NN is farming (nông nghiệp). */
const FARMING_SECTOR = /(?<![\p{L}\p{N}])NN(?=\s*(?:[-–,&]|và)\s*(?:CN|TTCN|DV|LN|TS|[Cc]ông nghiệp|[Dd]ịch vụ)(?![\p{L}]))/gu;
/** "phương án BT, HTTĐC", "kinh phí BT GPMB": beside resettlement or clearance BT is compensation too (bồi thường; "BT, HT" above). */
const COMPENSATION_BESIDE =
  /(?<![\p{L}\p{N}])BT(?=\s*(?:[-–,&]|và)\s*(?:HTTĐC|TĐC|hỗ trợ|tái định cư)(?![\p{L}])|\s+GPMB(?![\p{L}]))|(?<=(?<!\p{L})(?:[Pp]hương án|[Kk]inh phí|[Tt]iền|[Đđ]ơn giá|[Gg]iá)\s+)BT(?!\s*[,-]?\s*HT(?![\p{L}\p{N}]))(?=\s*(?:[-–,&]|và|GPMB)(?![\p{L}]))/gu;
/** "Tiền BT được trừ", "nhận tiền BT": in talk of recovered land the money BT names is the compensation. */
/** So are its price and plan ("ý kiến về giá BT … BQL dự án"), where a project is spoken of and no concrete is poured. */
const COMPENSATION_MONEY = /(?<=(?<!\p{L})(?:[Tt]iền|[Gg]iá|[Đđ]ơn giá|[Pp]hương án|[Kk]inh phí)\s+)BT(?![\p{L}\p{N}])(?!\s*[,-]?\s*HT(?![\p{L}\p{N}]))/gu;
const PROJECT_TALK = /(?<!\p{L})dự án(?!\p{L})/iu;
const CONCRETE_TALK = /(?<!\p{L})(?:mác|tươi|thương phẩm|cốt thép|đổ|m3|m³)(?!\p{L})|(?<![\p{L}\p{N}])M\d{3}(?!\p{N})/iu;
const RECOVERY_TALK = /thu hồi|GPMB|giải phóng mặt bằng|bồi thường|tái định cư|TĐC|(?<!\p{L})(?:đất|SDĐ)(?!\p{L})/iu;
const BRANCH_OF = /(?<![\p{L}\p{N}])CN(?=\s+(?:VPĐKĐĐ|VPĐK|VP\s?ĐKĐĐ|ĐKĐĐ|[Vv]ăn phòng đăng ký|NHCSXH|NHNo|NHNN|[Nn]gân hàng|Agribank|Vietcombank|VietinBank|Vietinbank|BIDV|[Qq]uỹ|[Cc]ông ty|[Cc]ty)(?![\p{L}]))/gu;

/** "ai chưa đk thì đk gấp", "đk tiêm": typed on a phone, đk is mostly đăng ký; after "đủ", "có", "các" … it is the điều kiện of the shorthand table. */
/** "Xin tb: chợ nghỉ", "Tb: …" opening a notice: typed on a phone, tb is thông báo ("nhiệt độ tb" stays the average). */
/** Also "Tb khẩn:", "tb gấp:": a notice's urgency before its colon. */
// "đến khi có tb mới", "theo tb của xã": a notice, had, followed or new ("điểm tb" is the average, read by its own rule).
const NOTICE_TYPED = /(?<=(?<!\p{L})(?:[Xx]in|có|theo|nhận được)\s+)tb(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])tb(?=\s+(?:mới|khẩn|của)(?!\p{L}))|(?=[Tt]b)(?<=^[\s\p{P}\p{S}]*)(?:tb|Tb)(?=(?:\s+(?:khẩn|gấp|mới|quan trọng|khẩn cấp))?\s*[:!])/gu;
/** "Đoàn xã tb: tối t6 …", "Thôn 3 tb khẩn: …": a body's notice before its colon is thông báo too, once a measure's average is read. */
const NOTICE_AT_COLON = /(?<![\p{L}\p{N}])(?:tb|Tb)(?=(?:\s+(?:khẩn|gấp|mới|quan trọng|khẩn cấp))?\s*:)/gu;
/** "nhiệt độ tb 25 độ C", "năng suất TB đạt 6 tấn/ha", "ở mức TB": after a measure, tb is its average (trung bình). */
const AVERAGE = /(?<=(?<!\p{L})(?:nhiệt độ|lượng mưa|độ ẩm|năng suất|sản lượng|thu nhập|giá|mức|điểm|chiều cao|trọng lượng|cân nặng|mực nước|lưu lượng|tốc độ|độ mặn|tổng lượng mưa)(?:\s+(?:bình quân|cao nhất|thấp nhất|ngày|đêm|năm|tháng|lúa|ngô|lạc|sắn|chè|cà phê|cao su|hồ tiêu|mía|rau|cây trồng|đàn|lợn|bò|gà|học sinh|học kỳ|cả năm))?\s+)(?:tb|TB|Tb)(?![\p{L}\p{N}])/giu;
/** "ND: Triển khai …", "Thời gian: …; ND: …": ND as a label before its colon heads the content (nội dung), no farmers. */
// The letters looked for first (?=N): the look-behind over a run of marks, tried at each mark of a long run, was quadratic.
const CONTENT_LABEL = /(?=N[Dd])(?<=(?:^|[.;,]|\p{So})[\s\p{P}\p{S}]*)(?:ND|Nd)(?=\s*:)/gu;
/** "tăng 12% so với CK": against the same period (cùng kỳ) of the year before. */
const SAME_PERIOD = /(?<=(?<!\p{L})so với\s+)CK(?![\p{L}\p{N}])/gu;
/** "Trạm KN huyện", "cán bộ KN cơ sở": after a station, an officer or a programme of farming KN is agricultural extension (khuyến nông). */
const EXTENSION = /(?<=(?<!\p{L})(?:[Tt]rạm|[Cc]án bộ|[Cc]ông tác|[Tt]rung tâm|[Hh]ệ thống|CLB|[Cc]âu lạc bộ|[Cc]hương trình|[Mm]ô hình|[Tt]ổ|[Nn]hóm|[Cc]hi hội)\s+)KN(?![\p{L}\p{N}])/gu;
/**
 * "dk 22h bão vào", "bão dk đổ bộ vào Hà Tĩnh", "DK 20h": before a clock time or a storm's or a flood's doing, or after a
 * storm or a flood, dk is what is expected (dự kiến), no registering.
 */
const EXPECTED_TYPED =
  /(?<![\p{L}\p{N}])(?:(?<=(?<!\p{L})(?:[Bb]ão|BÃO|lũ|ATNĐ|áp thấp|[Nn]ước|đỉnh lũ|[Mm]ưa)\s)(?:dk|DK)|(?:dk|DK|Dk)(?=\s*\d{1,2}\s?(?:h|g|giờ)(?![\p{L}])|\s+(?:đổ bộ|vào bờ|vào đất liền|kéo dài|ảnh hưởng|đạt|sẽ)(?!\p{L})))(?![\p{L}\p{N}])/gu;
const REGISTER = /(?<![\p{L}\p{N}])(?:đk|dk|Đk)(?![\p{L}\p{N}])/gu;
/** "mỗi hộ 1 lđ", "cần 20 lđ", "huy động 2 ngày công lđ": after a count, lđ typed on a phone is a worker (lao động). */
const WORKERS_TYPED = /(?<=(?:(?<![\p{L}\p{N}.,])\d{1,4}|(?<!\p{L})ngày công)\s?)lđ(?![\p{L}\p{N}])/gu;
/** "lđ xã về dự", "xin ý kiến lđ UBND": before an office, lđ is its leaders (lãnh đạo). */
const LEADERS_TYPED = /(?<![\p{L}\p{N}])(?:lđ|Lđ)(?=\s+(?:xã|huyện|tỉnh|phường|UBND|ubnd|thôn|xóm|đảng ủy|Đảng ủy|phòng|trường|cơ quan|đơn vị|công an|CA)(?!\p{L}))/gu;
/** "đl báo cắt điện", "sdt đl Tân Phú": in talk of power, đl typed on a phone is the power company (điện lực). */
const POWER_COMPANY_TYPED = /(?<![\p{L}\p{N}])(?:đl|Đl|ĐL)(?![\p{L}\p{N}])/gu;
const POWER_TALK = /(?<!\p{L})(?:điện|đz|tba|mba|kv|kva|kwh|công tơ|biến áp|đường dây|cúp)(?!\p{L})|\d\s?(?:kv|kva|kwh)(?!\p{L})/iu;
const CONDITION_BEFORE = /(?<!\p{L})(?:đủ|có|các|những|mọi|về|theo|đáp ứng|thỏa mãn|hoàn cảnh)\s+$/iu;
/** "từ Hà Tĩnh - Quảng Trị": after "từ", a dash between two names is the span's "đến", not a pause. */
const NAME_SPAN = /(?=\s+[-–]\s)(?<=(?<!\p{L})[Tt]ừ\s+\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,3})\s+[-–]\s+(?=\p{Lu}\p{Ll})/gu;
/** "đường GT nông thôn", "vốn sự nghiệp GT": after a word of roads and their works, GT is giao thông. */
const TRAFFIC = /(?<=(?<!\p{L})(?:[Đđ]ường|[Ss]ự nghiệp|[Cc]ông trình|[Nn]gành|[Hh]ạ tầng|[Aa]n toàn|[Tt]ai nạn|[Ll]uật|[Kk]ết cấu|[Pp]hương tiện|[Ss]ở|[Bb]ộ|[Cc]ảnh sát)\s+)GT(?![\p{L}\p{N}])/gu;
/** "Đại hội Chi bộ, NK 2025-2027": before a year NK is the term (nhiệm kỳ); "NK4300" is a maize variety's code. */
const TERM = /(?<![\p{L}\p{N}])NK(?=\s+(?:19|20)\d{2}(?!\d))/gu;
/** "HĐ chuyển nhượng", "HĐ lao động", "HĐ công chứng số 2156": before the kind of deal or its number HĐ is a contract (hợp đồng). */
const CONTRACT = /(?<![\p{L}\p{N}])HĐ(?=\s+(?:chuyển nhượng|mua bán|tặng cho|thuê|lao động|giao khoán|thế chấp|ủy quyền|uỷ quyền|vay|góp vốn|dịch vụ|thi công|công chứng|đã ký|số\s*\d)(?!\p{L}))/gu;
/** "HĐ thi đua khen thưởng", "HĐ tư vấn", "HĐ bồi thường GPMB": before the work of a board HĐ is a council (hội đồng). */
const COUNCIL = /(?<![\p{L}\p{N}])HĐ(?=\s+(?:thi đua|TĐKT|xét|tư vấn|thẩm định|NVQS|nghĩa vụ quân sự|bồi thường|BT|BTHT|GPMB|quản trị|thành viên|giám khảo|tuyển dụng|kỷ luật|hòa giải|hoà giải|bầu cử|định giá|đánh giá|khoa học|nghiệm thu)(?!\p{L}))/gu;
/**
 * A forest's address "lô 2, khoảnh 5, tiểu khu 251", typed "lô 2, K5, TK 251": in forest talk TK before a number of up
 * to three digits is the sub-compartment (tiểu khu), no account (tài khoản, "số TK 1234567"); K right before it the
 * compartment (khoảnh).
 */
const FOREST_TALK = /(?<!\p{L})(?:rừng|khoảnh|lâm nghiệp|kiểm lâm|lâm phần|keo|thông|trồng cây|giao khoán)(?!\p{L})/iu;
const SUB_COMPARTMENT = /(?<![\p{L}\p{N}])(?<!(?:[Ss]ố|vào|[Kk]hoản|nhận)\s)TK\.?\s?(?=\d{1,3}(?![\p{L}\p{N}]|[.,]\d))/gu;
const COMPARTMENT = /(?<![\p{L}\p{N}])K(?=\d{1,2},?\s+(?:TK\.?\s?\d|tiểu khu))/gu;

/** "thời hạn SD: lâu dài", "mục đích SD", "SD đất": after these words, or before "đất", SD is the use (sử dụng) of land. */
const USE_OF_LAND = /(?<=(?<!\p{L})(?:[Tt]hời hạn|[Tt]hời điểm|[Nn]guồn gốc|[Mm]ục đích|[Hh]ình thức|[Qq]uyền)\s+)SD(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])SD(?=\s+đất(?!\p{L}))/gu;
/** "TL. CHỦ TỊCH", "TUQ. GIÁM ĐỐC" (put in lower case with the rest of a line in capitals): a signature on the head's order (thừa lệnh) or by his leave (thừa ủy quyền). */
const ON_ORDER = /(?<![\p{L}\p{N}])(TL|TUQ)\.\s?(?=(?:CHỦ TỊCH|[Cc]hủ tịch|GIÁM ĐỐC|[Gg]iám đốc|TRƯỞNG|[Tt]rưởng|CHÁNH|[Cc]hánh|BÍ THƯ|[Bb]í thư|BỘ TRƯỞNG|[Bb]ộ trưởng)(?!\p{L}))/gu;
/** "Thành phần: Như TP mời", "TP mời dự họp": in an invitation TP is its list of those invited (thành phần). */
/** Also the list's label itself, typed as "TP:" or "tp gồm:" ("lên tp" is the city). */
const INVITED = /(?<=(?<!\p{L})[Nn]hư\s+)TP(?![\p{L}\p{N}.])|(?<![\p{L}\p{N}])(?:TP|[Tt]p)(?=\s+mời(?!\p{L})|\s+gồm\s*:|\s*:\s*(?:[Đđ]\/[Cc]|[Đđ]ồng chí|các|toàn thể|trưởng|bí thư|đại diện|lãnh đạo|cán bộ|thành viên|[Tt]hường trực|[Cc]hủ tịch|[Pp]hó|BCH|BTV|\p{Ll}+\s+(?:thôn|xã|chi bộ|chi hội)(?!\p{L}))(?!\p{L}))/gu;
/** "HN trực tuyến", "HN tổng kết năm": before the kind of meeting HN is a conference (hội nghị). */
const CONFERENCE = /(?<![\p{L}\p{N}])HN(?=\s+(?:trực tuyến|tổng kết|sơ kết|triển khai|giao ban|cán bộ|BCH|toàn thể|cử tri|tiếp xúc|chuyên đề|lần thứ|quán triệt|học tập|đối thoại)(?!\p{L}))/gu;
/** "Đồn BP Cửa Nhượng", "Trạm BP": after a border post BP is biên phòng. */
const BORDER_GUARD = /(?<=(?<!\p{L})(?:[Đđ]ồn|[Tt]rạm|[Bb]ộ đội|[Ll]ực lượng|[Cc]hiến sĩ|[Cc]án bộ)\s+)BP(?![\p{L}\p{N}])/gu;
/** "Tổ XK thôn 4", "Đội XK PCTT", "thanh niên XK": after a squad XK is its shock force (xung kích), no export. */
const SHOCK_FORCE = /(?<=(?<!\p{L})(?:[Tt]ổ|[Đđ]ội|[Ll]ực lượng|LL|[Tt]hanh niên|[Dd]ân quân)\s+)XK(?![\p{L}\p{N}])/gu;
/** "tàu chở 12 LĐ", "tuyển 50 LĐ": after a count LĐ is workers (lao động); "LĐ UBND" stays for the leaders. */
const WORKERS = /(?<=(?<![\p{L}\p{N}])\d[\d.]*\s*)LĐ(?![\p{L}\p{N}-])/gu;
/** "NS tỉnh 20%", "NS xã": before the level of government NS is its budget (ngân sách); "NS lúa đạt …" a yield (năng suất). */
const YIELD = /(?<![\p{L}\p{N}])NS(?=\s+(?:lúa|ngô|lạc|sắn|khoai|rau|cây trồng|bình quân|trung bình|ước|đạt)(?!\p{L}))/gu;
// Also after what is done with a budget: "thu NS", "chi NS", "dự toán NS" (a yield is read first: "vụ Hè Thu NS lúa").
const BUDGET = /(?<![\p{L}\p{N}])NS(?=\s+(?:tỉnh|huyện|xã|thành phố|thị xã|TW|trung ương|địa phương|nhà nước|cấp)(?!\p{L}))|(?<=(?<!\p{L})(?:[Tt]hu|[Cc]hi|[Dd]ự toán|[Qq]uyết toán|[Nn]guồn|[Vv]ốn|[Tt]ổng thu|[Tt]ổng chi|[Kk]inh phí)\s+)NS(?![\p{L}\p{N}])/gu;
/** "SL: 20 viên", "SL 15 hộp": before a count of tablets, boxes or things SL is their number (số lượng). */
const QUANTITY = /(?<![\p{L}\p{N}])SL(?=\s*:?\s*\d{1,6}\s*(?:viên|vỉ|hộp|gói|lọ|chai|ống|liều|tuýp|cái|chiếc|bộ|suất|bao|thùng)(?!\p{L}))/gu;
/** "SL đạt 1.550 tấn", "SL lúa": before a crop or a weight SL is the output (sản lượng). */
const OUTPUT = /(?<![\p{L}\p{N}])(?:SL|sl)(?=\s+(?:lúa|ngô|lạc|sắn|lương thực|thịt|cá|thủy sản|cây trồng|bình quân)(?!\p{L})|(?:\s+(?:đạt|ước|ước đạt|khoảng|trên))?\s*:?\s*\d[\d.,]*\s*(?:tấn|tạ|kg|yến)(?![\p{L}\p{N}]))/gu;
/** "19/19 TC NTM", "TC số 17", "còn 4 TC chưa đạt": a new-countryside criterion (tiêu chí). */
/** "sổ TC", "phiếu TC", "buổi TC": the record and the session of a vaccination (tiêm chủng). */
const VACCINATION = /(?<=(?<!\p{L})(?:[Ss]ổ|[Pp]hiếu|[Ll]ịch|[Bb]uổi|[Đđ]iểm|[Ss]au|[Tt]rước|[Pp]hản ứng sau)\s+)TC(?=\s*(?:[,.;:)+]|$|\s+(?:cho|của|tại|và|hoặc|vắc|định|đầy|đúng|trẻ|tháng|tuần|ngày|\p{Lu}\p{Ll}))(?![\p{L}\p{N}]))|(?<![\p{L}\p{N}])TC(?=\s+mở rộng(?!\p{L}))/gu;
const CRITERION = /(?<![\p{L}\p{N}])TC(?=\s+(?:NTM|nông thôn mới|số\s+\d|chưa đạt|đã đạt|đạt chuẩn)(?![\p{L}]))|(?<=\d+\s*\/\s*\d+\s+)TC(?![\p{L}\p{N}])/gu;
/** "Tổng GT sản xuất": before production GT is the value (giá trị), no traffic. */
const VALUE = /(?<![\p{L}\p{N}])GT(?=\s+(?:sản xuất|SX|tăng thêm|xuất khẩu|hàng hóa|sản phẩm)(?!\p{L}))/gu;
/** "cây bạch đàn ĐK gốc 10-20cm", "ống ĐK 110mm": before a trunk or a measure ĐK is a diameter (đường kính), not đăng ký. */
const DIAMETER_WORD = /(?<![\p{L}\p{N}])ĐK(?=\s+(?:gốc|thân|ngang ngực|tán|ống|cống|ngoài|trong)(?!\p{L})|\s*:?\s*[<>≤≥]?\s*\d+(?:[.,]\d+)?\s*(?:cm|mm|m)(?![\p{L}\p{N}]))/gu;
/** "Cty TNHH XD&TM Phú Sơn", "TM-DV": joined to another field of business TM is trade (thương mại), not "thay mặt". */
const TRADE = /(?<=[&-]\s*)TM(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])TM(?=\s*[&-]\s*\p{Lu})/gu;
/** "Phòng KT&HT huyện", "Phòng VH&TT", "Phòng TP huyện": after "Phòng" short codes joined by "-" or "&" name the office's fields. */
const OFFICE_NAME = /(?<=(?<!\p{L})(?:[Pp]hòng|PHÒNG)\s+)\p{Lu}{2,4}(?:\s*[-&]\s*\p{Lu}{2,4})*(?![\p{L}\p{N}&-])/gu;
const OFFICE_FIELDS: Readonly<Record<string, string>> = {
  ...OFFICES,
  HT: 'hạ tầng',
  KH: 'kế hoạch',
  VH: 'văn hóa',
  TT: 'thông tin',
  XH: 'xã hội',
  YT: 'y tế',
  GD: 'giáo dục',
  VHXH: 'văn hóa xã hội',
  MT: 'môi trường',
  ĐT: 'đầu tư',
  TN: 'tài nguyên',
  DL: 'du lịch',
};
/** "Lưu: VT, KT.": a document's copies are kept by the clerk and the offices named by their codes (kinh tế, not ký thay); "LƯU:" lowered in capitals. */
const FILED_WITH = /(?<=(?<!\p{L})(?:Lưu|LƯU|lưu)\s*:?\s*(?:\p{Lu}{2,5}\s*[,;]\s*)*)\p{Lu}{2,5}(?=\s*(?:[,;.]|$))/gu;

/** "2,5 tỷ VNĐ": after a scale word the currency is just "đồng". */
const DONG_AFTER_SCALE = /(?<=(?:triệu|tỷ|tỉ|nghìn|ngàn)\s*)(?:VNĐ|VND|vnđ)(?![\p{L}\p{N}])/gu;

/** "CHT các hội đoàn thể", "CHT PN": before the associations CHT is the head of a hamlet's branch (chi hội trưởng), not a commander. */
const BRANCH_HEAD = /(?<![\p{L}\p{N}])CHT(?:\s+(PN|ND|NCT|CTĐ)(?![\p{L}\p{N}])|(?=\s+(?:các\s+)?(?:hội|chi hội|đoàn thể|CCB|[Pp]hụ nữ|[Nn]ông dân|[Cc]ựu chiến binh|[Nn]gười cao tuổi|[Cc]hữ thập đỏ)(?!\p{L})))/gu;
/** "hành lang ATLĐ 500kV": beside a power line ATLĐ is its safety (an toàn lưới điện), not safety at work. */
const POWER_LINE_SAFETY = /(?<=(?<!\p{L})[Hh]ành lang\s+)ATLĐ(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])ATLĐ(?=\s+(?:cao áp|cao thế|trung áp|hạ áp|lưới điện|đường dây|\d+\s?kV)(?![\p{L}]))/gu;

/** "thuộc XT 471 Tân Định", "XT473": before a feeder's number (35kV 37x, 22kV 47x, 6kV 67x, 10kV 97x) XT is the feeder (xuất tuyến). */
const FEEDER = /(?<![\p{L}\p{N}])XT(?=\s*[3469]7\d(?![\p{L}\p{N}]|[.,]\d))/gu;
/** "Lộ 971 TG Bình Minh", "trạm TG Cầu Kè": after a feeder or a station, TG names an intermediate substation (trung gian). */
const INTERMEDIATE_STATION = /(?<=(?<!\p{L})(?:[Ll]ộ|XT|[Xx]uất tuyến|[Tt]rạm|TBA|[Tt]rạm biến áp)\s+(?:\d{3}\s+)?)TG(?=\s+\p{Lu})/gu;
/** "xe máy BS 61-B1 123.45", "BS: 38C-123.45": before a vehicle's plate BS is its number (biển số), no doctor. */
const PLATE_NUMBER = /(?<![\p{L}\p{N}])BS(?=\s*:?\s*\d{2}\s?-?\s?[A-ZĐ]{1,2}\d?\s?[-\s.]\s?\d{3}\.?\d{2}(?![\p{L}\p{N}]))/gu;
/** "TBA 3P Ấp 2", "công tơ 1P": after a substation, a transformer or a meter, 1P and 3P are its phases (pha); so are
 * they before a rating, "TBA 1P-25kVA và 3P-160kVA". */
const PHASES =
  /(?:(?<=(?<!\p{L})(?:TBA|[Tt]rạm biến áp|MBA|[Mm]áy biến áp|[Cc]ông tơ|[Đđ]ồng hồ điện)\s+)|(?<![\p{L}\p{N}])(?=[13]P\s?[-–]?\s?\d{1,5}(?:[.,]\d+)?\s?[kKM]VA(?!\p{L})))([13])P(?![\p{L}\p{N}])/gu;
/** "aptomat 40A", "CB 2 pha 63A", "cầu dao 100A": a breaker's or a meter's current, in amperes (am pe), no letter A. */
/** "CB 2 pha 63A", "CB 40A": before its phases or its current (read already by AMPERES), CB is a circuit breaker, spelled (no cán bộ). */
const BREAKER = /(?<![\p{L}\p{N}])CB(?=\s+(?:(?:\d|một|hai|ba)\s+pha(?!\p{L})|[1-4]P(?![\p{L}\p{N}])|\d{1,4}\s?A(?![\p{L}\p{N}])|([\uE000-\uF8FF])))/gu;
const AMPERES =
  /(?<=(?<!\p{L})(?:[Aa]ptomat|[Aa]ttomat|[Áá]p tô mát|CB|MCB|MCCB|ELCB|RCBO|RCCB|[Cc]ầu dao|[Cc]ầu chì|[Cc]ông tơ|[Dd]òng điện(?: định mức)?)\s+(?:(?:\d|một|hai|ba)\s+pha\s+|[1-4]P\s+)?)(\d{1,4}(?:[.,]\d{1,2})?)\s?A(?![\p{L}\p{N}])/gu;
/** "TBA CC Bình Mỹ 3", "TBA CD": a public (công cộng) or a customer's own (chuyên dùng) substation. */
const SUBSTATION_KIND = /(?<=(?<!\p{L})(?:TBA|[Tt]rạm biến áp)\s+)(CC|CD)(?![\p{L}\p{N}])/gu;
/** "sau MC 471 E1.5": before a feeder's number MC is its circuit breaker (máy cắt). */
const FEEDER_BREAKER = /(?<![\p{L}\p{N}])MC(?=\s*[3469]7\d(?![\p{L}\p{N}]|[.,]\d))/gu;
/** "đến trụ 42/3 NR Tân Hòa", "khoảng cột 45-46 NR Kỳ Tân", "NR TBA Chợ": after a pole or before a substation NR is a line's branch (nhánh rẽ). */
const LINE_BRANCH = /(?<=(?<!\p{L})(?:[Tt]rụ|[Cc]ột)\s*(?:số\s*)?\d+(?:[\/-]\d+)*[A-Za-z]?\s+)NR(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])NR(?=\s+(?:TBA|[Tt]rạm biến áp)(?!\p{L}))/gu;

function expandContextualAbbreviations(text: string, ctx: Context): string {
  // Asked once: the blood group's letters are any lone A, B or O, too many to rescan the text at each.
  const bloodTalk = BLOOD_TALK.test(text);
  return text
    .replace(DONG_AFTER_SCALE, () => ctx.slot('đồng'))
    .replace(DEPUTY_OR_ACTING, (_m, letter: string, title: string | undefined) =>
      `${ctx.slot(`${letter === 'P' ? 'phó' : 'quyền'}${title ? ` ${SHORT_TITLES[title]}` : ''}`)} `,
    )
    .replace(SECRETARY, () => ctx.slot('bí thư'))
    .replace(MISTER, () => `${ctx.slot('ông')} `)
    .replace(MADAM, () => `${ctx.slot('bà')} `)
    .replace(PHARMACIST, () => `${ctx.slot('dược sĩ')} `)
    .replace(TITLE_TYPED_SHORT, (_m, title: string) => `${ctx.slot(title.toLowerCase() === 'ks' ? 'kỹ sư' : 'thạc sĩ')} `)
    .replace(NGUYEN_SHORT, () => `${ctx.slot('nguyễn')} `)
    .replace(COMRADE_DOTTED, () => `${ctx.slot('đồng chí')} `)
    .replace(ADDRESS_LABEL, () => ctx.slot('địa chỉ'))
    .replace(NAME_SPAN, ' đến ')
    .replace(NOTICE_TYPED, 'thông báo')
    .replace(AVERAGE, 'trung bình')
    .replace(NOTICE_AT_COLON, 'thông báo')
    .replace(CONTENT_LABEL, () => ctx.slot('nội dung'))
    .replace(EXTENSION, () => ctx.slot('khuyến nông'))
    .replace(INTERMEDIATE_STATION, () => ctx.slot('trung gian'))
    .replace(PLATE_NUMBER, () => ctx.slot('biển số'))
    .replace(FEEDER, () => `${ctx.slot('xuất tuyến')} `)
    .replace(FEEDER_BREAKER, 'máy cắt ')
    .replace(PHASES, (_m, n: string) => ctx.slot(n === '1' ? 'một pha' : 'ba pha'))
    .replace(AMPERES, (_m, n: string) => ctx.slot(`${readNumberToken(n)} am pe`, 'number'))
    .replace(BREAKER, (cb: string, read: string | undefined) => (read && !ctx.spokenOf(read)?.endsWith(' am pe') ? cb : ctx.slot('xê bê')))
    .replace(SUBSTATION_KIND, (kind: string) => ctx.slot(kind === 'CC' ? 'công cộng' : 'chuyên dùng'))
    .replace(LINE_BRANCH, () => ctx.slot('nhánh rẽ'))
    .replace(SAME_PERIOD, () => ctx.slot('cùng kỳ'))
    .replace(EXPECTED_TYPED, () => ctx.slot('dự kiến'))
    .replace(WORKERS_TYPED, () => ctx.slot('lao động'))
    .replace(LEADERS_TYPED, () => ctx.slot('lãnh đạo'))
    .replace(REGISTER, (typed: string, offset: number, all: string) => (CONDITION_BEFORE.test(textBefore(all, offset, 20)) ? typed : 'đăng ký'))
    .replace(POWER_COMPANY_TYPED, (typed: string, _offset: number, all: string) => (POWER_TALK.test(all) ? ctx.slot('điện lực') : typed))
    .replace(TERM, () => ctx.slot('nhiệm kỳ'))
    .replace(CONTRACT, () => ctx.slot('hợp đồng'))
    .replace(COUNCIL, () => ctx.slot('hội đồng'))
    .replace(USE_OF_LAND, () => ctx.slot('sử dụng'))
    .replace(COMPARTMENT, (typed: string, _offset: number, all: string) => (FOREST_TALK.test(all) ? `${ctx.slot('khoảnh')} ` : typed))
    .replace(SUB_COMPARTMENT, (typed: string, _offset: number, all: string) => (FOREST_TALK.test(all) ? `${ctx.slot('tiểu khu')} ` : typed))
    .replace(ON_ORDER, (_m, kind: string) => `${ctx.slot(kind === 'TL' ? 'thừa lệnh' : 'thừa ủy quyền')} `)
    .replace(INVITED, () => ctx.slot('thành phần'))
    .replace(CONFERENCE, () => ctx.slot('hội nghị'))
    .replace(BORDER_GUARD, () => ctx.slot('biên phòng'))
    .replace(SHOCK_FORCE, () => ctx.slot('xung kích'))
    .replace(WORKERS, () => ctx.slot('lao động'))
    .replace(YIELD, () => ctx.slot('năng suất'))
    .replace(BUDGET, () => ctx.slot('ngân sách'))
    .replace(OUTPUT, () => ctx.slot('sản lượng'))
    .replace(QUANTITY, () => ctx.slot('số lượng'))
    .replace(CRITERION, () => ctx.slot('tiêu chí'))
    .replace(VACCINATION, () => ctx.slot('tiêm chủng'))
    .replace(VALUE, () => ctx.slot('giá trị'))
    .replace(DIAMETER_WORD, () => ctx.slot('đường kính'))
    .replace(TRADE, () => ctx.slot('thương mại'))
    .replace(TRAFFIC, () => ctx.slot('giao thông'))
    .replace(BRANCH_HEAD, (_m, organisation: string | undefined) => ctx.slot(`chi hội trưởng${organisation ? ` ${ORGANISATIONS[organisation]}` : ''}`))
    .replace(POWER_LINE_SAFETY, () => ctx.slot('an toàn lưới điện'))
    .replace(OFFICE_NAME, (name: string) => {
      const fields = name.split(/\s*[-&]\s*/u);
      // A joined name the table knows keeps its reading ('TP-HT' is tư pháp hộ tịch).
      if (!fields.every((field) => Object.hasOwn(OFFICE_FIELDS, field)) || (fields.length > 1 && ctx.lexicon.abbreviations.has(name))) return name;
      const joiners = name.match(/[-&]/gu) ?? [];
      return ctx.slot(fields.map((field, i) => `${i > 0 && joiners[i - 1] === '&' ? 'và ' : ''}${OFFICE_FIELDS[field]}`).join(' '));
    })
    .replace(FILED_WITH, (code: string) => (OFFICES[code] ? ctx.slot(OFFICES[code]) : code))
    .replace(ACCOUNT, 'tài khoản')
    .replace(QUARTER, (q: string, offset: number, all: string) =>
      BEFORE_QUARTER.test(textBefore(all, offset, 20)) || AFTER_QUARTER.test(all.slice(offset + 2)) ? 'quý ' : q,
    )
    .replace(TELEPHONE_DT, () => ctx.slot('điện thoại'))
    .replace(TRANSFER, (ck: string) => (MONEY_TALK.test(text) ? 'chuyển khoản' : ck))
    .replace(EDUCATION_OFFICE, (pgd: string) => (SCHOOL_TALK.test(text) && !BANK_TALK.test(text) ? ctx.slot('phòng giáo dục') : pgd))
    .replace(CHAT_ID_CARD, () => ctx.slot('căn cước'))
    .replace(CHAT_NEW, () => ctx.slot('mới'))
    .replace(CHAT_KNOW, () => ctx.slot('biết'))
    .replace(CHAT_FRIEND, () => ctx.slot('bạn'))
    .replace(CHAT_SCHOOL, () => ctx.slot('trường'))
    .replace(CHAT_IN, () => ctx.slot('trong'))
    .replace(CHAT_BEFORE, () => ctx.slot('trước'))
    .replace(CHAT_DONE, 'rồi')
    .replace(CHAT_ENDING, (word: string) => ctx.slot(word === 'thui' ? 'thôi' : 'lắm'))
    .replace(CHAT_HOUR, () => ctx.slot('giờ'))
    .replace(CHAT_WIND_LEVEL, (c: string, offset: number, all: string) => (WIND_LEVEL_BEFORE.test(textBefore(all, offset, 12)) ? 'cấp ' : c))
    .replace(CHAT_SO, () => ctx.slot('vậy'))
    .replace(UNION, () => ctx.slot('liên hiệp'))
    .replace(CONTACT, 'liên hệ')
    .replace(TITLE_PAIR, (pair: string) => (TITLE_PAIRS[pair.toLowerCase()] ? ctx.slot(TITLE_PAIRS[pair.toLowerCase()]) : pair))
    .replace(BRANCH, () => ctx.slot('chi nhánh'))
    .replace(BRANCH_OF, () => ctx.slot('chi nhánh'))
    .replace(COMPENSATION_BESIDE, () => ctx.slot('bồi thường'))
    // "chi trả tiền BT đợt 2": money paid out or received is no boarding fee (bán trú), even with no land word said; so is
    // money paid in rounds ("tiền BT đợt 2 dự kiến cuối tháng 12 mới về a ạ").
    .replace(COMPENSATION_MONEY, (bt: string, offset: number, all: string) =>
      RECOVERY_TALK.test(text) || (PROJECT_TALK.test(text) && !CONCRETE_TALK.test(text)) || /(?<!\p{L})(?:chi trả|nhận|lĩnh)\s+tiền\s+$/iu.test(textBefore(all, offset, 30))
        || /^\s+đợt\s*\d/u.test(textAfter(all, offset + bt.length, 12))
        ? ctx.slot('bồi thường')
        : bt,
    )
    .replace(FARMING_SECTOR, () => ctx.slot('nông nghiệp'))
    .replace(INDUSTRY, () => ctx.slot('công nghiệp'))
    .replace(FRONT_WORK_CT, () => ctx.slot('công tác'))
    .replace(CT_BEFORE_NAME, (_ct: string, offset: number, all: string) => ctx.slot(BOAT_BEFORE.test(textBefore(all, offset, 60)) ? 'chủ tàu' : 'chủ tịch'))
    .replace(CHAIRMAN, () => ctx.slot('chủ tịch'))
    .replace(TETANUS, () => ctx.slot('uốn ván'))
    .replace(GUARD, () => ctx.slot('bảo vệ'))
    .replace(POLICE, (_m, branch: string | undefined) => ctx.slot(branch ? `cảnh sát ${POLICE_BRANCHES[branch]}` : 'cảnh sát'))
    .replace(PREMISES, () => ctx.slot('cơ sở'))
    .replace(POLICY_HOUSEHOLD, () => ctx.slot('chính sách'))
    .replace(INSURANCE_KIND, (kind: string) => ctx.slot(kind.toUpperCase() === 'TN' ? 'tự nguyện' : 'bắt buộc'))
    .replace(MASS_BODIES, () => ctx.slot('đoàn thể'))
    .replace(COUNTRYSIDE_LEVEL, (level: string) => ctx.slot(level === 'NC' ? 'nâng cao' : 'kiểu mẫu'))
    .replace(SAO_REGION, (region: string) => ctx.slot(SAO_REGIONS[region]))
    .replace(FACEBOOK, () => ctx.slot('phây búc'))
    .replace(COMRADE_POST, (post: string) => ctx.slot(post === 'ĐV' ? 'đảng viên' : 'bí thư'))
    .replace(PARTY_DUES, () => ctx.slot('đảng phí'))
    .replace(PARENTS, (ph: string) => (SCHOOL_TALK.test(text) ? ctx.slot('phụ huynh') : ph))
    .replace(MEETING_OF, () => ctx.slot('sinh hoạt'))
    .replace(FACTORY_HANDS, () => ctx.slot('công nhân'))
    .replace(ADMISSION_WISH, (wish: string, n: string) => (ADMISSION_TALK.test(text) ? ctx.slot(`nguyện vọng ${readInteger(n)}`) : wish))
    .replace(LEADERS, () => ctx.slot('lãnh đạo'))
    .replace(LABOUR, () => ctx.slot('lao động'))
    .replace(HEALTH_TITLE, (title: string) => ctx.slot(title === 'DS' ? 'dược sĩ' : 'điều dưỡng'))
    .replace(LAB_TEST, () => ctx.slot('xét nghiệm'))
    .replace(WORKS, () => ctx.slot('xí nghiệp'))
    .replace(LEGAL_BOARD, () => ctx.slot('pháp chế'))
    .replace(COMPLAINTS, (_m, between: string) => `${ctx.slot('khiếu nại')}${between.includes('và') ? ' và ' : ', '}${ctx.slot('tố cáo')}`)
    .replace(CUSTOMERS_IN_MONEY_TALK, (kh: string, offset: number, all: string) =>
      (CUSTOMER_TALK.test(text) || APPROXIMATE_COUNT_BEFORE.test(textBefore(all, offset, 30))) && !PLAN_VERB_BEFORE.test(textBefore(all, offset, 30)) ? ctx.slot('khách hàng') : kh,
    )
    .replace(TEMPERATURE_TYPED, () => ctx.slot('nhiệt độ'))
    .replace(PROVINCE_CUT, (cut: string) => PROVINCES_CUT[cut]!)
    .replace(HEAD_OF_HAMLET, () => 'trưởng ')
    .replace(WATER_LEVEL_TYPED, () => ctx.slot('mực nước'))
    .replace(RAINFALL_TYPED, () => ctx.slot('lượng mưa'))
    .replace(WATER_LEVEL_AT, (mn: string) => ((METRES_GIVEN.test(text) || FLOOD_TALK.test(text)) && !SCHOOL_WORDS.test(text) ? ctx.slot('mực nước') : mn))
    .replace(HYDROPOWER, (td: string) => (HYDRO_TALK.test(text) ? ctx.slot('thủy điện') : td))
    .replace(MEANS_TYPED, () => ctx.slot('phương tiện'))
    .replace(FORCES_TYPED, () => ctx.slot('lực lượng'))
    .replace(LANDSLIDE_TYPED, () => ctx.slot('sạt lở'))
    .replace(FLASH_FLOOD, (lq: string) => (FLOOD_TALK.test(text) ? ctx.slot('lũ quét') : lq))
    .replace(ON_THE_SPOT, (match: string, four: string) =>
      DISASTER_TALK.test(text) || /phương châm/iu.test(text) ? `${four} ${ctx.slot('tại chỗ')}` : match,
    )
    .replace(FIRST_CARE, () => ctx.slot('ban đầu'))
    .replace(COMMUNICABLE, () => ctx.slot('bệnh truyền nhiễm'))
    .replace(PATIENT, (bn: string) => (PATIENT_TALK.test(text) ? ctx.slot('bệnh nhân') : bn))
    .replace(TOURISM, () => ctx.slot('du lịch'))
    .replace(SUPERVISORY_BOARD, () => ctx.slot('ban kiểm soát'))
    .replace(INSPECTORATE, () => ctx.slot('thanh tra'))
    .replace(VACCINE_TYPED_LOW, (code: string) => {
      const known = ctx.lexicon.abbreviations.get(code === 'bopv' ? 'bOPV' : code.toUpperCase());
      return known ? ctx.slot(known) : code;
    })
    .replace(SPECIALIST, () => ctx.slot('chuyên viên'))
    .replace(BRANCH_OF_ASSOCIATION, (_m, organisation: string | undefined) => ctx.slot(`chi hội${organisation ? ` ${ORGANISATIONS[organisation]}` : ''}`))
    .replace(BLAST, () => ctx.slot('đạo ôn'))
    .replace(BROWN_PLANTHOPPER, () => ctx.slot('rầy nâu'))
    .replace(INVALID_GRADE, () => ctx.slot('thương binh'))
    .replace(CONDITIONS, () => ctx.slot('điều kiện'))
    .replace(MANAGEMENT, () => ctx.slot('quản lý'))
    .replace(HIRED_STAFF, (kind: string) => ctx.slot(kind === 'CC' ? 'công chức' : 'viên chức'))
    .replace(EMULATION, () => ctx.slot('thi đua'))
    .replace(EXCELLENT, () => ctx.slot('xuất sắc'))
    .replace(POST_OFFICE, () => ctx.slot('bưu điện'))
    .replace(ELECTION_TEAM, () => ctx.slot('bầu cử'))
    .replace(ELECTION_BOARD, (bbc: string) => (ELECTION_TALK.test(text) ? ctx.slot('ban bầu cử') : bbc))
    .replace(CHILD, (match: string) => (CHILD_TALK.test(text) ? ctx.slot('trẻ em') : match))
    .replace(SUNLIGHT_TALK.test(text) ? ANY_UV : ULTRAVIOLET, () => ctx.slot('u vê'))
    .replace(DH, (match, next: string | undefined, offset: number, all: string) =>
      next === undefined
        ? EDUCATION_BEFORE.test(textBefore(all, offset, 40)) ||
          DEGREE_BRACKET.test(textBefore(all, offset, 12)) ||
          DEGREE_AFTER.test(all.slice(offset + 2, offset + 20))
          ? ctx.slot('đại học')
          : match
        : CONGRESS_AFTER.test(next)
          ? ctx.slot('đại hội')
          : /^\p{Lu}/u.test(next) || EDUCATION_BEFORE.test(textBefore(all, offset, 40))
            ? ctx.slot('đại học')
            : match,
    )
    .replace(STAFF_LIST, (list: string) => list.replace(/\p{Lu}+/gu, (kind) => ctx.slot(STAFF_KINDS[kind])))
    .replace(ORGANISATION, (term: string) => ctx.slot(ORGANISATIONS[term.toUpperCase()]))
    .replace(SN, (_m, n: string, date: string | undefined) => ctx.slot(date && +n <= 31 ? 'sinh ngày' : /^(?:19|20)\d\d$/.test(n) ? 'sinh năm' : 'số nhà'))
    .replace(BORN_TYPED, (_m, year: string | undefined) => ctx.slot(year ? 'sinh năm' : 'sinh'))
    .replace(WARD_AND_DISTRICT, (_m, ward: string, district: string) => ctx.slot(`phường ${readInteger(ward)}, quận ${readInteger(district)}`))
    .replace(WARD_F, () => `${ctx.slot('phường')} `)
    .replace(ROOM, () => `${ctx.slot('phòng')} `)
    .replace(OFFICE_ROOM, () => `${ctx.slot('phòng')} `)
    .replace(ADDRESS_UNIT, (_m, ...units: (string | undefined)[]) => `${ctx.slot(ADDRESS_UNITS[units.slice(0, 7).find(Boolean)!]!)} `)
    .replace(LOWER_ADDRESS_UNIT, (_m, unit: string) => `${ctx.slot(ADDRESS_UNITS[unit]!)} `)
    .replace(BARE_ADDRESS_UNIT, (unit: string) => ctx.slot(ADDRESS_UNITS[unit]!))
    .replace(ADDRESS_TYPED, () => ctx.slot('địa chỉ'))
    .replace(LAND_OFFICER_TYPED, (m: string) => ctx.slot(/^cb/iu.test(m) ? 'cán bộ địa chính' : 'địa chính'))
    .replace(NUMBERED_UNIT, (_m, unit: string) => `${ctx.slot(ADDRESS_UNITS[unit])} `)
    .replace(LANE_K, () => `${ctx.slot('kiệt')} `)
    .replace(ONE_STOP_MC, (mc: string) => ctx.slot(/^[Bb]/u.test(mc) ? 'bộ phận một cửa' : 'một cửa'))
    .replace(DESK, () => ctx.slot('bộ phận'))
    .replace(LOWER_TOWN, (_m, unit: string | undefined) => `${ctx.slot(unit === undefined || unit.toLowerCase() === 'tp' ? 'thành phố' : 'thị xã')} `)
    .replace(SMS_KEYWORD, (keyword: string) => ctx.slot(ctx.lexicon.pronunciations.get(keyword.toLowerCase()) ?? spellLetters(keyword)))
    .replace(INFORMAL_TITLE, (letter: string) => ctx.slot(DOTTED_TITLES[letter]))
    .replace(DOTTED_TITLE, (_m, letter: string) => `${ctx.slot(DOTTED_TITLES[letter])} `)
    .replace(CONTACT_DOTTED_TITLE, (_m, letter: string) => `${ctx.slot(DOTTED_TITLES[letter.toLowerCase()])} `)
    .replace(STREET, () => `${ctx.slot('đường')} `)
    .replace(KM_NUMBERED, () => ctx.slot('ki lô mét'))
    .replace(POLITICAL_OFFICER, () => ctx.slot('chính trị viên'))
    // "Ban CH PCTT&TKCN", "Ban CH Đoàn": the board's word written out before its short letters is the BCH it stands for.
    .replace(BAN_CH, 'BCH')
    // "bch qs xã": the two letters of quân sự typed in lower case say their words only after the board's.
    .replace(/(?<![\p{L}\p{N}])(?:BCH|bch)\s+qs(?![\p{L}\p{N}])/gu, () => ctx.slot('ban chỉ huy quân sự'))
    .replace(BCH_COMMAND, () => ctx.slot('ban chỉ huy'))
    .replace(BLOOD_PRESSURE, () => ctx.slot('huyết áp'))
    .replace(BEATS_A_MINUTE, () => ctx.slot('lần một phút'))
    .replace(SD_SCORE, (_m, sign: string, n: string) => ctx.slot(`${sign === '+' ? 'cộng' : 'âm'} ${readInteger(n)} ét dê`, 'number'))
    .replace(HIB_DOSE, () => `${ctx.slot('híp')} `)
    .replace(GLOTTAL_NAME, (_m, consonant: string) => `${ctx.slot(`${consonant === 'K' ? 'c' : consonant.toLowerCase()}ơ`)} `)
    .replace(BCH_ALONE, (bch: string) => (DISASTER_TALK.test(text) || DISASTER_TALK.test(ctx.previousSentence) ? ctx.slot('ban chỉ huy') : bch))
    .replace(PLANNING, () => ctx.slot('quy hoạch'))
    .replace(FRONT_WORK, () => ctx.slot('công tác mặt trận'))
    .replace(FRONT_WORK_BOARD, () => ctx.slot('ban công tác'))
    .replace(WOUNDED, (_m, sep: string, other: string) => `${ctx.slot('thương binh')}${sep}${other === 'LS' ? ctx.slot('liệt sĩ') : other === 'BB' ? ctx.slot('bệnh binh') : other}`)
    .replace(MARTYR, () => ctx.slot('liệt sĩ'))
    .replace(COMMUNE_BUDGET, () => ctx.slot('ngân sách xã'))
    .replace(ENVIRONMENT, () => ctx.slot('môi trường'))
    .replace(POLICE_TYPED, () => ctx.slot('công an'))
    .replace(INSURANCE_TYPED, () => ctx.slot('bảo hiểm'))
    .replace(NEGOTIABLE, () => ctx.slot('thương lượng'))
    .replace(COMPASS, (points: string) => ctx.slot(COMPASS_POINTS[points]!))
    .replace(DOSE_DAY, (n: string) => (DOSE_TALK.test(text) && (text.match(DOSE_DAY) ?? []).length >= 2 ? `${ctx.slot('ngày')} ` : n))
    .replace(HEALTH_TYPED, () => ctx.slot('sức khỏe'))
    .replace(ULTRASOUND, () => ctx.slot('siêu âm'))
    .replace(ANTIBIOTIC, () => ctx.slot('kháng sinh'))
    .replace(CERVIX, () => ctx.slot('cổ tử cung'))
    .replace(YOUTH_BESIDE_TEENS, () => ctx.slot('thanh niên'))
    .replace(GROWTH_INDEX, () => ` ${ctx.slot('theo')} `)
    .replace(BLOOD_GROUP, (match, group: string, bracketed: string | undefined, bare: string | undefined, offset: number, all: string) => {
      const sign = bracketed ?? bare;
      // "điểm A+", "xếp loại A-": a mark, whatever else the sentence says of blood.
      if (!bloodTalk || (!sign && group !== 'Rh') || /(?<!\p{L})(?:điểm|loại|hạng)\s*$/iu.test(textBefore(all, offset, 12))) return match;
      return ctx.slot(sign ? `${BLOOD_LETTERS[group]} ${sign === '+' ? 'dương' : 'âm'}` : BLOOD_LETTERS[group]!);
    })
    .replace(STAFF_BEFORE_POST, () => ctx.slot('cán bộ'))
    .replace(PREPARE_OBJECT, () => ctx.slot('chuẩn bị'))
    .replace(STAFF_ASKED, () => ctx.slot('cán bộ'))
    .replace(PREPARE_TYPED, () => ctx.slot('chuẩn bị'))
    .replace(OFFICE_HOURS, () => ctx.slot('hành chính'))
    .replace(CERTIFICATE_CN, () => ctx.slot('chứng nhận'))
    .replace(YOUTH_CELL, () => ctx.slot('chi đoàn'))
    .replace(PARTY_CELL, () => ctx.slot('chi bộ'))
    .replace(PARTY_MEMBER, () => ctx.slot('đảng viên'))
    .replace(ORGANISATION_BOARD, () => ctx.slot('tổ chức'))
    .replace(CARD_GROUP, (group: string) => ctx.slot(spellLetters(group)))
    .replace(RESIDENTIAL, () => ctx.slot('dân cư'))
    .replace(ID_CARD, () => ctx.slot('căn cước'))
    .replace(SIGNED_FOR, () => ctx.slot('thay mặt'))
    .replace(ENLISTMENT, () => ctx.slot('nhập ngũ'))
    .replace(ARMY_BESIDE_POLICE, () => ctx.slot('quân đội'))
    .replace(POLICE_DUTY, () => ctx.slot('nghĩa vụ'))
    .replace(DISCHARGED, () => ctx.slot('xuất ngũ'))
    .replace(LETTER_TYPED, () => ctx.slot('công văn'))
    .replace(BEFRIEND, () => ctx.slot('kết bạn'))
    .replace(REGISTRATION_FEE, () => ctx.slot('trước bạ'))
    .replace(STEP_LABEL, (label: string, n: string, offset: number, all: string) => (isStepLabel(all, offset) ? ctx.slot(`bước ${readInteger(n)}`, 'number') : label))
    .replace(TEST_SIGN, (match, bracketed: string | undefined, typedOn: string | undefined, offset: number, all: string) => {
      const sign = bracketed ?? typedOn;
      if (!TEST_TALK.test(text)) return match;
      // "dương tính (+)": the sign restates the word just said, and is not said twice.
      if (/(?<!\p{L})(?:dương|âm) tính$/iu.test(all.slice(Math.max(0, offset - 12), offset))) return '';
      return ` ${ctx.slot(sign === '+' ? 'dương tính' : 'âm tính')}`;
    })
    .replace(HEPATITIS_VIRUS, (hcv: string) => (HEPATITIS_TALK.test(text) ? ctx.slot('hát xê vê') : hcv))
    .replace(LIST_OF, () => ctx.slot('danh sách'))
    .replace(HOUSEHOLD_REGISTER, () => ctx.slot('hộ khẩu'))
    .replace(FAMILY, () => ctx.slot('gia đình'))
    .replace(ARCHITECT, () => ctx.slot('kiến trúc sư'))
    .replace(ASSET, () => ctx.slot('tài sản'))
    .replace(CUSTOMER, () => ctx.slot('khách hàng'))
    .replace(TARIFF_HOURS, (hours: string) => ctx.slot(TARIFF_HOUR_NAMES[hours]!))
    .replace(CONCRETE, () => ctx.slot('bê tông'))
    .replace(COUNTED_CASE, (code: string) =>
      !CASE_TALK.test(text) ? code : ctx.slot(code === 'TH' ? 'trường hợp' : 'phương tiện'),
    )
    .replace(COUNTED_GROUP, (tht: string) => (HERD_TALK.test(text) ? tht : ctx.slot('tổ hợp tác')))
    .replace(INSPECTION, (dk: string) => (CAR_TALK.test(text) ? ctx.slot('đăng kiểm') : dk))
    .replace(RANGER, () => ctx.slot('kiểm lâm'))
    .replace(SUPPLIES_AND_VEHICLES, (_m, sep: string) => `${ctx.slot('vật tư')}${sep.includes(',') ? ', ' : sep.trim() === '-' ? ' ' : ' và '}${ctx.slot('phương tiện')}`)
    .replace(CHAT_GROUP, (match, sister: string | undefined, offset: number, all: string) =>
      LETTER_NAMED_BEFORE.test(textBefore(all, offset, 30)) ? match : ctx.slot(sister ? 'anh chị em' : 'anh em'),
    )
    .replace(CHAT_ELDER, (match: string, offset: number, all: string) => (LETTER_NAMED_BEFORE.test(textBefore(all, offset, 30)) ? match : ctx.slot('anh')))
    .replace(CHAT_FOLKS, () => ctx.slot('bà con'))
    .replace(CHAT_POSSESSOR, (match: string, offset: number, all: string) =>
      LETTER_NAMED_BEFORE.test(textBefore(all, offset, 30)) ? match : ctx.slot(PRONOUNS[match]),
    )
    .replace(CHAT_PRONOUN, (match: string, offset: number, all: string) =>
      LETTER_NAMED_BEFORE.test(textBefore(all, offset, 30)) ? match : ctx.slot(PRONOUNS[match.toLowerCase()]),
    )
    .replace(CHAT_TITLE, (match, _l: string, offset: number, all: string) =>
      LETTER_NAMED_BEFORE.test(textBefore(all, offset, 30)) || POINT_AFTER.test(textAfter(all, offset + 1, 20)) ? match : ctx.slot(PRONOUNS[match]),
    )
    .replace(NGUYEN, () => `${ctx.slot('nguyễn')} `)
    .replace(ENGLISH_TITLE, (_m, title: string) => `${ctx.slot(title === 'Mr' ? 'anh' : 'chị')} `)
    .replace(VERSUS, (vs: string) => (MATCH_TALK.test(text) ? ctx.slot('gặp') : vs))
    .replace(TERM_OF_SCHOOL, (_m, n: string) => ctx.slot(`học kỳ ${n === 'I' || n === '1' ? 'một' : 'hai'}`, 'number'))
    .replace(CONDUCT, () => ctx.slot('hạnh kiểm'))
    .replace(LEARNING, () => ctx.slot('học lực'))
    .replace(MEAN, () => ctx.slot('trung bình'))
    .replace(BOARD_HEAD, () => ctx.slot('trưởng ban'))
    .replace(SCHOOL_TEST, () => ctx.slot('kiểm tra'))
    .replace(ECONOMY, () => ctx.slot('kinh tế'))
    .replace(INTAKE, () => ctx.slot('tuyển sinh'))
    .replace(CONSOLATION, () => ctx.slot('khuyến khích'))
    .replace(BUDDHIST_ERA, () => `${ctx.slot('phật lịch')} `)
    .replace(COOPERATIVE_GROUP, () => ctx.slot('tổ hợp tác'))
    .replace(REVOLUTION, () => ctx.slot('cách mạng'))
    .replace(PROOF, () => ctx.slot('chứng minh'))
    .replace(POOR_HOUSEHOLDS, () => ctx.slot('hộ nghèo'))
    .replace(CAPITAL_CITY, (hn: string) => (ADDRESS_TALK.test(text) && !POVERTY_TALK.test(text) ? ctx.slot('hà nội') : hn))
    .replace(POOR_ALONE, (hn: string) => (POVERTY_TALK.test(text) ? ctx.slot('hộ nghèo') : hn))
    .replace(DOSSIER, () => ctx.slot('hồ sơ'))
    .replace(UNION_MEMBER, (_m, union: string) => ctx.slot(union === 'CĐ' ? 'đoàn viên công đoàn' : 'đoàn viên công đoàn cơ sở'))
    .replace(MEMBER, (match, offset: number, all: string) => {
      if (UNIT_BEFORE.test(textBefore(all, offset, 30))) return ctx.slot('đơn vị');
      // "ĐV công đoàn": a trade union's member ("ĐV CĐ" is read whole before).
      if (/^\s+[Cc]ông đoàn(?!\p{L})/u.test(textAfter(all, offset + match.length, 20))) return ctx.slot('đoàn viên');
      const party = /(?<!\p{L})(?:[Đđ]ảng|ĐẢNG|ĐU|chi bộ|Chi bộ)(?!\p{L})/u.test(all);
      // "đoàn kết", "đoàn kiểm tra" are no Youth Union.
      const union = /(?<!\p{L})(?:[Đđ]oàn|ĐOÀN|ĐTN)(?!\p{L}|\s+(?:kết|thể|công tác|kiểm tra|giám sát|đại biểu|khách|xe|tàu)(?!\p{L}))/u.test(all);
      return party === union ? match : ctx.slot(party ? 'đảng viên' : 'đoàn viên');
    })
    .replace(COMPENSATION, (match: string) => ctx.slot(/TĐC$/u.test(match) ? 'bồi thường, hỗ trợ và tái định cư' : 'bồi thường, hỗ trợ'))
    .replace(SUPPORT, () => ctx.slot('hỗ trợ'))
    .replace(JOINT_STOCK, () => ctx.slot('cổ phần'))
    .replace(JAPANESE_ENCEPHALITIS, () => ctx.slot('nhật bản'))
    .replace(VITAMIN_SHORT, () => `${ctx.slot('vi ta min')} `)
    .replace(HALL, () => ctx.slot('hội trường'))
    .replace(HEAD_TEACHER, () => ctx.slot('hiệu trưởng'))
    .replace(FEED_MAKER, () => ctx.slot('xê pê'))
    .replace(FUEL_GRADE, (grade: string) => ctx.slot(grade === 'DO' ? 'đê ô' : 'ép ô'))
    .replace(MAP_SHEET, () => ctx.slot('bản đồ'))
    .replace(CIVIL_SERVANT, () => ctx.slot('công chức'))
    .replace(FORM_TEACHER, () => ctx.slot('chủ nhiệm'))
    .replace(CHAIR_OF, () => ctx.slot('chủ nhiệm'))
    .replace(CHIEF_ACCOUNTANT, () => ctx.slot('kế toán trưởng'))
    .replace(OFFICE_HEAD, () => ctx.slot('trưởng phòng'))
    .replace(AGRICULTURE, () => ctx.slot('nông nghiệp'))
    .replace(ALARM_LEVEL, (match, level: string) => {
      const value = /\d/.test(level) ? Number(level) : parseRoman(level);
      return value === null ? match : ctx.slot(`báo động ${readInteger(value)}`, 'number');
    });
}

/**
 * Land-use codes of the cadastral maps: "mục đích sử dụng: ONT", "đất CLN".
 * Each names a kind of land ("đất ở tại nông thôn"); after the word "đất" it
 * is not said twice.
 */
export const LAND_USES: Readonly<Record<string, string>> = {
  ONT: 'đất ở tại nông thôn',
  ODT: 'đất ở tại đô thị',
  LUC: 'đất chuyên trồng lúa nước',
  LUK: 'đất trồng lúa nước còn lại',
  LUN: 'đất trồng lúa nương',
  LUA: 'đất trồng lúa',
  BHK: 'đất bằng trồng cây hằng năm khác',
  NHK: 'đất nương rẫy trồng cây hằng năm khác',
  HNK: 'đất trồng cây hằng năm khác',
  CLN: 'đất trồng cây lâu năm',
  RSX: 'đất rừng sản xuất',
  RPH: 'đất rừng phòng hộ',
  RDD: 'đất rừng đặc dụng',
  NTS: 'đất nuôi trồng thủy sản',
  NKH: 'đất nông nghiệp khác',
  TMD: 'đất thương mại dịch vụ',
  SKC: 'đất cơ sở sản xuất phi nông nghiệp',
  DGT: 'đất giao thông',
  DTL: 'đất thủy lợi',
  NTD: 'đất nghĩa trang nghĩa địa',
  SON: 'đất sông ngòi kênh rạch suối',
  MNC: 'đất có mặt nước chuyên dùng',
  // The statistics' group of unused land, beside "đất NN", "đất PNN".
  CSD: 'đất chưa sử dụng',
  BCS: 'đất bằng chưa sử dụng',
  DCS: 'đất đồi núi chưa sử dụng',
  LNQ: 'đất trồng cây ăn quả lâu năm',
  LNK: 'đất trồng cây lâu năm khác',
  DGD: 'đất xây dựng cơ sở giáo dục và đào tạo',
  DYT: 'đất xây dựng cơ sở y tế',
  DVH: 'đất xây dựng cơ sở văn hóa',
  DTT: 'đất xây dựng cơ sở thể dục thể thao',
  DSH: 'đất sinh hoạt cộng đồng',
  DCH: 'đất chợ',
  TSC: 'đất xây dựng trụ sở cơ quan',
  DNL: 'đất công trình năng lượng',
  DRA: 'đất bãi thải, xử lý chất thải',
  SKK: 'đất khu công nghiệp',
  SKN: 'đất cụm công nghiệp',
  DKV: 'đất khu vui chơi, giải trí công cộng',
  CQP: 'đất quốc phòng',
  CAN: 'đất an ninh',
  CNT: 'đất chăn nuôi tập trung',
  LMU: 'đất làm muối',
  NCS: 'đất núi đá không có rừng cây',
  PNK: 'đất phi nông nghiệp khác',
  DTS: 'đất xây dựng trụ sở của tổ chức sự nghiệp',
  DKH: 'đất xây dựng cơ sở khoa học và công nghệ',
  DXH: 'đất xây dựng cơ sở dịch vụ xã hội',
  DNG: 'đất xây dựng cơ sở ngoại giao',
  DSK: 'đất xây dựng công trình sự nghiệp khác',
  SKT: 'đất khu chế xuất',
  SKS: 'đất sử dụng cho hoạt động khoáng sản',
  SKX: 'đất sản xuất vật liệu xây dựng, làm đồ gốm',
  DDL: 'đất danh lam thắng cảnh',
  DBV: 'đất công trình bưu chính, viễn thông',
  DCK: 'đất công trình công cộng khác',
  TON: 'đất cơ sở tôn giáo',
  TIN: 'đất cơ sở tín ngưỡng',
};
/** Codes spelled as plain words ("BẢN TIN", "TIN BÃO … ĐẤT LIỀN"): a land code only right after "đất". */
const WORD_LIKE_LAND_USES = new Set(['CAN', 'TON', 'TIN']);
const LAND_CODES = Object.keys(LAND_USES).join('|');
/** "Đất ONT/CLN", "ODT+CLN": two kinds of land on one plot, each code read. */
const LAND_USE = new RegExp(`((?:[Đđ]ất|ĐẤT)\\s+)?${WORD_START}(${LAND_CODES})${WORD_END}(?![-.]\\p{L}|-\\d|\\/(?!(?:${LAND_CODES})${WORD_END})\\p{L})`, 'gu');
/** "Đất trồng cây hằng năm khác (BHK)": the code repeats the kind of land just said and is skipped. */
/** Also "Đất trồng lúa 2 vụ (LUC)": the crops a year counted in the kind's name. */
/** At least a word after "đất": "256,8m² đất (LUC)" names the kind only in its code, which is read ("đất chuyên trồng lúa nước"). */
const LAND_USE_REPEATED = new RegExp(`(?<=(?:[Đđ]ất|ĐẤT)\\s*\\p{L}(?:[\\p{L} ,]|\\d\\s+vụ){0,59}?)\\s*\\(\\s*(?:${Object.keys(LAND_USES).join('|')})\\s*\\)`, 'gu');
const LAND_USE_BRACKETED = new RegExp(`(?<!\\p{L})((?:[Đđ]ất|ĐẤT))\\s*\\(\\s*(${LAND_CODES})\\s*\\)`, 'gu');
/** Land talk, also an area written "DT 150m2" (a lot for auction: "DT 150m2 (ODT 100m2, CLN 50m2)"); in either case. */
export const LAND_TALK = /(?<!\p{L})(?:đất|thửa|sử dụng|bản đồ|quy hoạch|thu hồi|diện tích|chuyển mục đích|GCN|QSDĐ|sổ đỏ|DT(?=(?:\s+\p{Ll}+){0,3}\s*:?\s*\d))(?!\p{L})/iu;
/** "DT 250m2", "DT: 1.250 m²", "dt 200m2" typed on a phone: the area (diện tích) before an area. */
/** Also with what is measured between: "DT đo đạc: 1.234,5 m²", "DT đất ở 150m2". */
/** Or a range: "DT mỗi lô 140 - 200m²"; up to eight words between ("Tổng DT đất bị ảnh hưởng: 1,26ha", "Tổng DT đất
 * nông nghiệp bị thu hồi là 2,5ha"). */
/** Before the land it measures, with no number: "thu hồi 85% DT đất NN được giao", "DT thửa đất", "DT mặt bằng". */
const AREA = /(?<![\p{L}\p{N}])(?:DT|Dt|dt)(?=(?:\s+\p{L}+){0,8}\s*:?\s*\d[\d.,]*(?:\s?[-–]\s?\d[\d.,]*)?\s?(?:m2|m²|ha|km2|km²|sào)(?![\p{L}\p{N}])|\s+(?:đất|thửa|mặt bằng)(?!\p{L}))/gu;

/** "VT1 4.500.000đ/m2", "đất ở VT 2": in land talk a price's position (vị trí) along the road, no clerk's office (văn thư). */
const LAND_POSITION = /(?<![\p{L}\p{N}])VT\.?\s?(?=\d{1,2}(?![\p{L}\p{N}]|[.,]\d))/gu;

/** "tổng DTS 288m2" in a building permit: before an area DTS is the floor area (diện tích sàn), no land code ("đất DTS"). */
const FLOOR_AREA = /(?<![\p{L}\p{N}])(?<!(?:[Đđ]ất|ĐẤT)\s+)DTS(?=\s*:?\s*\d[\d.,]*\s?(?:m2|m²)(?![\p{L}\p{N}]))/gu;

/** "ONT 200m2; CLN 150m2", "ONT (200m2) + CLN (150,5m2)": a land code before (or after) an area is land talk by itself. */
const JOINED_CODES = new RegExp(`${WORD_START}(?:${LAND_CODES})\\s*[/+]\\s*(?:${LAND_CODES})${WORD_END}`, 'u');
/** "85,2m² LUC" in a compensation table's row: the code after the area it measures. */
/** Not a forest's ("45ha RSX" in the rangers' talk is the forest itself, rừng sản xuất, read from the abbreviations). */
const CODE_AFTER_AREA = new RegExp(`(?<![\\p{L}\\p{N}.,])\\d[\\d.,]*\\s?(?:m2|m²|ha)\\s+(?:${Object.keys(LAND_USES).filter((c) => !WORD_LIKE_LAND_USES.has(c) && !/^R/u.test(c)).join('|')})${WORD_END}`, 'u');
const CODE_BEFORE_AREA = new RegExp(`${WORD_START}(?:${Object.keys(LAND_USES).filter((c) => !WORD_LIKE_LAND_USES.has(c)).join('|')})\\s*[:(]?\\s*\\d[\\d.,]*\\s?(?:m2|m²|ha)(?![\\p{L}\\p{N}])`, 'u');

function expandLandUses(text: string, ctx: Context): string {
  // "DT: 36 m2" before an area names it in any notice (a stall for rent, a house), land talk or not.
  const areas = text.replace(AREA, () => ctx.slot('diện tích')).replace(FLOOR_AREA, () => ctx.slot('diện tích sàn'));
  if (!LAND_TALK.test(text) && !CODE_BEFORE_AREA.test(text) && !CODE_AFTER_AREA.test(text) && !JOINED_CODES.test(text)) return areas;
  return areas.replace(LAND_POSITION, () => `${ctx.slot('vị trí')} `).replace(LAND_USE_REPEATED, '')
    .replace(LAND_USE_BRACKETED, (_m, land: string, code: string) => `${land} ${ctx.slot(LAND_USES[code]!.replace(/^đất /u, ''))}`)
    .replace(LAND_USE, (_m, land: string | undefined, code: string) => {
      const words = LAND_USES[code];
      if (!land && WORD_LIKE_LAND_USES.has(code)) return code;
      return land ? `${land}${ctx.slot(words.replace(/^đất /u, ''))}` : ctx.slot(words);
    });
}

const SPACED_COMPOUND = /(?<![\p{L}\p{N}])\p{Lu}{2,}(?:\s+[-–]\s+\p{Lu}[\p{Lu}&]+)+(?![\p{L}\p{N}])/gu;

/** "CB ĐC - XD", "TT - TH": abbreviations typed apart whose joined form the lexicon knows are one office, not a pause. */
function joinSpacedCompounds(text: string, ctx: Context): string {
  return text.replace(SPACED_COMPOUND, (match) => {
    const joined = match.replace(/\s+[-–]\s+/gu, '-');
    return ctx.lexicon.abbreviations.has(joined) ? joined : match;
  });
}

/** Elements a water or soil test names, and their symbols: "asen (As)", "hàm lượng Fe, Mn" are spelled ("a ét"), no word. */
const ELEMENT_NAMES = ['sắt', 'mangan', 'asen', 'thạch tín', 'chì', 'thủy ngân', 'thuỷ ngân', 'kẽm', 'đồng', 'nhôm', 'crom', 'cadimi', 'niken', 'magie', 'magiê', 'canxi', 'natri', 'kali', 'clo', 'flo'];
const ELEMENT_SYMBOLS = 'Fe|Mn|As|Pb|Hg|Zn|Cu|Al|Cr|Cd|Ni|Mg|Ca|Na|Cl|K|F';
const TWO_LETTER_SYMBOLS = 'Fe|Mn|As|Pb|Hg|Zn|Cu|Al|Cr|Cd|Ni|Mg|Na|Cl';
const ELEMENT_SYMBOL = new RegExp(
  `(?<=(?<!\\p{L})(?:${ELEMENT_NAMES.flatMap((n) => [n, n.charAt(0).toUpperCase() + n.slice(1)]).join('|')})\\s*\\(\\s*)(?:${ELEMENT_SYMBOLS})(?=\\s*\\))` +
    `|(?<=(?<!\\p{L})(?:[Hh]àm lượng|[Cc]hỉ tiêu|[Nn]ồng độ|[Nn]hiễm)\\s+(?:(?:${TWO_LETTER_SYMBOLS})\\s*(?:,|và|\\/)\\s*){0,4})(?:${TWO_LETTER_SYMBOLS})(?![\\p{L}\\p{N}])`,
  'gu',
);

function expandElementSymbols(text: string, ctx: Context): string {
  return text.replace(ELEMENT_SYMBOL, (symbol: string) => ctx.slot(spellLetters(symbol.toUpperCase())));
}

export const FIELD_PASSES: ReadonlyArray<(text: string, ctx: Context) => string> = [
  expandElementSymbols,
  expandRoads,
  expandQuakeReports,
  expandNegativeTemperatures,
  joinSpacedCompounds,
  expandTT,
  expandContextualAbbreviations,
  expandLandUses,
  joinFieldPairs,
];
