// Document numbers: "947/KH-UBND" → "chín trăm bốn mươi bảy kế hoạch ủy ban
// nhân dân", "54/2025/QĐ-UBND" → "năm mươi tư năm hai nghìn không trăm hai
// mươi lăm quyết định ủy ban nhân dân", Party style "137-KH/HU". The number is
// read as a cardinal, the year with "năm", the codes expanded.

import { readAcronym } from './abbreviations.js';
import { type Context, WORD_START, textBefore } from './context.js';
import { readDigits, readInteger } from './numbers.js';
import { acronymLetterName, spellLetters } from './syllables.js';

const CODE = '\\p{Lu}[\\p{L}&]*';
/** "Nghị quyết 30a/2008/NQ-CP", "Mẫu số 04a/ĐK": a number may carry a sub-letter. */
// Not the end of an amount: "20.000đ/HS" is a price per pupil.
const DOCUMENT_NUMBER = new RegExp(`${WORD_START}(?<![.,])(\\d+)([a-zA-Z])?(?:\\/(\\d{4}))?[/-](${CODE}(?:[-/]${CODE})*)(?!\\p{L})`, 'gu');

/** Codes are acronyms ("KH", "TTg"), not a capitalised word as in "2024-Tết". */
function isCode(part: string, ctx: Context): boolean {
  return ctx.lexicon.abbreviations.has(part) || (part.match(/\p{Lu}/gu) ?? []).length >= 2;
}

/**
 * After the issuing body, a code names the office that drafted the document:
 * "345/UBND-KT" is the economy office (kinh tế), not "ký thay".
 */
export const OFFICES: Readonly<Record<string, string>> = {
  KT: 'kinh tế',
  VX: 'văn xã',
  NC: 'nội chính',
  TH: 'tổng hợp',
  NV: 'nội vụ',
  TC: 'tài chính',
  TP: 'tư pháp',
  NN: 'nông nghiệp',
  ĐC: 'địa chính',
  KTHT: 'kinh tế hạ tầng',
  VHTT: 'văn hóa thông tin',
  TCKH: 'tài chính kế hoạch',
  TNMT: 'tài nguyên môi trường',
  ĐĐ: 'đất đai',
  GT: 'giao thông',
  XD: 'xây dựng',
};
/**
 * After a health body, its offices and departments: "2345/SYT-NVY" is the sở's office of medical affairs (nghiệp vụ y),
 * "88/BYT-DP" the ministry's preventive department (dự phòng), "9/BYT-QLD" its drug administration (quản lý dược,
 * no electricity).
 */
const HEALTH_ISSUERS = /^(?:BYT|SYT|TTYT|KSBT|TTKSBT|CDC|TYT|BV|BVĐK)$/u;
const HEALTH_OFFICES: Readonly<Record<string, string>> = {
  NVY: 'nghiệp vụ y',
  NVD: 'nghiệp vụ dược',
  KHTC: 'kế hoạch tài chính',
  KHNV: 'kế hoạch nghiệp vụ',
  DP: 'dự phòng',
  QLD: 'quản lý dược',
  MT: 'môi trường',
  YTCC: 'y tế công cộng',
  KCB: 'khám chữa bệnh',
  BMTE: 'bà mẹ trẻ em',
};
/**
 * After an education body, its offices: "2136/SGDĐT-CTTT" is the sở's office of political education (chính trị tư tưởng),
 * "1520/SGDĐT-GDTrH" its secondary schooling (giáo dục trung học), "12/SGDĐT-KHTC" its planning and finance.
 */
const EDUCATION_ISSUERS = /^(?:BGDĐT|SGDĐT|PGDĐT|GDĐT)$/u;
const EDUCATION_OFFICES: Readonly<Record<string, string>> = {
  CTTT: 'chính trị tư tưởng',
  GDTrH: 'giáo dục trung học',
  KHTC: 'kế hoạch tài chính',
  CTHSSV: 'công tác học sinh sinh viên',
};
/** Kinds of documents whose code reads otherwise elsewhere: "CĐ" is a công điện here, a cao đẳng in "Trường CĐ". */
/** "125/TL-VPĐK": a land registry's extract (trích lục) of a map or a file, no provincial road. */
// A programme's "CTr" typed in capitals ("15-CTR/ĐU") is no solid waste in a document's kind.
/** The kinds of paper a number with a sub-letter may head ("12k/QĐ" would be one; "100k/VĐV" is a sum per athlete). */
const PAPER_KINDS = /^(?:QĐ|KH|TB|NQ|CV|GM|BC|TTr|CT|HD|HĐ|KL|QC|PA|TTg|TT|NĐ|BB|GP|GXN|ĐK)$/u;
const DOCUMENT_KINDS: Readonly<Record<string, string>> = { CĐ: 'công điện', TL: 'trích lục', CTR: 'chương trình' };
/** A công điện against storms and floods comes from the ban chỉ huy, not the ban chấp hành. */
const COMMAND_AFTER = /^(?:CĐ)$/u;
/** Ministries that issue circulars, whose code reads otherwise elsewhere: "08/2024/TT-BTC" is the Bộ Tài chính, not a ban tổ chức. */
const MINISTRIES: Readonly<Record<string, string>> = { BTC: 'bộ tài chính' };
/** Also any department (sở) by its code: "890/STNMT-ĐĐ", "45/SGTVT-QLGT". */
const ISSUERS = /^(?:UBND|HĐND|VP|VPĐU|ĐU|HU|TU|QU|MTTQ|UBMTTQ|BCĐ|BCH|CAX|CAH|CA|BTTTT|S\p{Lu}{2,})$/u;

/**
 * A court's numbers: "thụ lý số 12/2025/TLST-DS" (thụ lý sơ thẩm dân sự), "Bản án số 05/2025/DS-ST", "Quyết định số
 * 20/2025/QĐST-HNGĐ", "Thông báo số 45/2025/TB-TLVA". Beside a court's step, DS is the dân sự of the case (dân số
 * elsewhere), HS its hình sự (a học sinh elsewhere), KDTM its kinh doanh thương mại.
 */
const COURT_STEPS: Readonly<Record<string, string>> = {
  TLST: 'thụ lý sơ thẩm',
  TLPT: 'thụ lý phúc thẩm',
  TLVA: 'thụ lý vụ án',
  QĐST: 'quyết định sơ thẩm',
  QĐPT: 'quyết định phúc thẩm',
  QĐXXST: 'quyết định đưa vụ án ra xét xử sơ thẩm',
  QĐXXPT: 'quyết định đưa vụ án ra xét xử phúc thẩm',
  QĐCNHGT: 'quyết định công nhận hòa giải thành',
  QĐCNTTLH: 'quyết định công nhận thuận tình ly hôn',
  CNTTLH: 'công nhận thuận tình ly hôn',
  GTT: 'giấy triệu tập',
  // "Thông báo số 08/TB-TA": the court (tòa án) that issued it.
  TA: 'tòa án',
  DSST: 'dân sự sơ thẩm',
  DSPT: 'dân sự phúc thẩm',
  HSST: 'hình sự sơ thẩm',
  HSPT: 'hình sự phúc thẩm',
  ST: 'sơ thẩm',
  PT: 'phúc thẩm',
};
const CASE_TYPES: Readonly<Record<string, string>> = {
  DS: 'dân sự',
  HS: 'hình sự',
  HC: 'hành chính',
  KDTM: 'kinh doanh thương mại',
  LĐ: 'lao động',
  HNGĐ: 'hôn nhân gia đình',
};
/** The court's steps that name no case type of their own: "ST" beside "DS", never alone. */
const COURT_ONLY = /^(?:TLST|TLPT|TLVA|QĐST|QĐPT|QĐXXST|QĐXXPT|QĐCNHGT|QĐCNTTLH|CNTTLH|GTT|TA|DSST|DSPT|HSST|HSPT)$/u;
function isCourtNumber(parts: readonly string[]): boolean {
  return parts.some((p) => COURT_ONLY.test(p) || (COURT_STEPS[p] !== undefined && parts.some((q) => CASE_TYPES[q] !== undefined)));
}

/** A Party document's issuer after its slash ("12-TB/CB"): the cell (chi bộ), no cadre (cán bộ). */
const PARTY_ISSUERS: Readonly<Record<string, string>> = { CB: 'chi bộ' };

/** "Quy định số 144-QĐ/TW": the Party's QĐ is a quy định when the text names it so (a quyết định otherwise). */
const REGULATION_BEFORE = /quy định(?:\s+số)?\s*$/iu;

/** A form named by its code: "Mẫu số 04/ĐK", "phiếu 01/ĐTDN"; its number keeps the zero it is written with. */
const FORM_BEFORE = /(?<!\p{L})(?:mẫu|phiếu|biểu|biểu mẫu|tờ khai)(?:\s+số)?\s*:?\s*$/iu;
/** "Mẫu số 01", "biểu 02a": a form's number standing alone keeps its zero too, as "Mẫu số 04/ĐK" does; so do the forms listed after it ("biểu mẫu số 01, 02, 03"). */
const FORM_NUMBER = /(?<=(?<!\p{L})(?:mẫu|phiếu|biểu|biểu mẫu|tờ khai)(?:\s+số)?\s*:?\s*)(0\d)([a-z])?((?:\s*(?:,|và|hoặc)\s*0\d[a-z]?)*)(?![\p{L}\p{N}]|[.,/-][\p{L}\p{N}])/giu;
const LISTED_FORM = /(0\d)([a-z])?/giu;
/** A census of household businesses: its form "02/CT" is the one for the cá thể (individual) businesses. */
const BUSINESS_TALK = /hộ kinh doanh|kinh doanh cá thể|cá thể|cơ sở sản xuất|điều tra kinh tế|tổng điều tra/iu;

/** "Mảnh trích đo số 05-2025", "biên bản số 12-2025": a number and its year joined by a dash, as "số 05/2025" is, no range. */
const NUMBER_OF_YEAR = /(?<=(?<!\p{L})[Ss]ố\s+)(\d{1,4})-((?:19|20)\d{2})(?![\p{L}\p{N}]|[.,/-]\d)/gu;

/** "234/qđ-ubnd", "12/tb-ubnd": a document's codes typed in lower case on a phone, each a known abbreviation. */
const LOWER_CODES = new RegExp(`(?<=${WORD_START}(?<![.,])\\d+[a-z]?(?:\\/\\d{4})?\\/)\\p{Ll}{2,5}(?:-\\p{Ll}{2,5})+(?!\\p{L})`, 'gu');

/** "100/2019/ND-CP", "1256/QD-UBND": a code typed with a plain D for its Đ, known only with the Đ, is that code. */
function withoutPlainD(part: string, ctx: Context): string {
  if (!part.includes('D') || ctx.lexicon.abbreviations.has(part)) return part;
  // Any one D, or all of them, may stand for the Đ: "HDND" is HĐND, "QD" is QĐ.
  const candidates = [part.replace(/D/gu, 'Đ'), ...[...part.matchAll(/D/gu)].map((d) => `${part.slice(0, d.index)}Đ${part.slice(d.index! + 1)}`)];
  return candidates.find((c) => ctx.lexicon.abbreviations.has(c)) ?? part;
}

export function expandDocumentNumbers(text: string, ctx: Context): string {
  const typed = text.replace(LOWER_CODES, (codes: string) => (codes.split('-').every((c) => ctx.lexicon.abbreviations.has(c.toUpperCase())) ? codes.toUpperCase() : codes));
  const form = (n: string, letter: string | undefined) => ctx.slot(`${readDigits(n)}${letter ? ` ${acronymLetterName(letter)}` : ''}`, 'number');
  const forms = typed.replace(FORM_NUMBER, (_m, n: string, letter: string | undefined, listed: string) =>
    `${form(n, letter)}${listed.replace(LISTED_FORM, (_l, m: string, l: string | undefined) => form(m, l))}`,
  );
  return forms.replace(NUMBER_OF_YEAR, (_m, n: string, year: string) => ctx.slot(`${readInteger(n)} năm ${readInteger(year)}`, 'number')).replace(DOCUMENT_NUMBER, (match, n: string, letter: string | undefined, year: string | undefined, codes: string, offset: number, all: string) => {
    const parts = codes.split(/[-/]/);
    // "lệ phí 100k/VĐV", "vé 50k/HS": thousands per a person named in capitals, no document's sub-letter "k".
    if (/^[kK]$/u.test(letter ?? '') && year === undefined && parts.length === 1 && DOCUMENT_KINDS[parts[0]] === undefined &&
      !ISSUERS.test(parts[0]) && !PAPER_KINDS.test(parts[0]) && !/(?<!\p{L})số\s*$/iu.test(textBefore(all, offset, 10))) return match;
    const court = isCourtNumber(parts);
    if (!parts.every((part) => (court && (COURT_STEPS[part] ?? CASE_TYPES[part])) || isCode(part, ctx))) return match;
    // Party style joins the number with a dash and puts the issuer after a slash: "12-TB/CB".
    const partyStyle = match[n.length + (letter?.length ?? 0) + (year === undefined ? 0 : 5)] === '-' && codes.includes('/');
    const form = FORM_BEFORE.test(textBefore(all, offset, 30));
    const words = [form && /^0\d/u.test(n) ? readDigits(n) : readInteger(n)];
    if (letter !== undefined) words.push(acronymLetterName(letter));
    if (year !== undefined) words.push('năm', readInteger(year));
    parts.forEach((part, i) => {
      const office =
        i > 0 && HEALTH_ISSUERS.test(parts[i - 1]) && HEALTH_OFFICES[part]
          ? HEALTH_OFFICES[part]
          : i > 0 && EDUCATION_ISSUERS.test(parts[i - 1]) && EDUCATION_OFFICES[part]
            ? EDUCATION_OFFICES[part]
            : i > 0 && ISSUERS.test(parts[i - 1])
              ? OFFICES[part]
              : undefined;
      // "45/QĐ-CT": after the kind of document, CT is the chủ tịch who signed it ("05-CT/TW" is a chỉ thị).
      const regulation = i === 0 && part === 'QĐ' && REGULATION_BEFORE.test(textBefore(all, offset)) ? 'quy định' : undefined;
      const kind = regulation ?? (i === 0 ? DOCUMENT_KINDS[part] : part === 'CT' ? 'chủ tịch' : undefined);
      const command = part === 'BCH' && parts.slice(0, i).some((p) => COMMAND_AFTER.test(p)) ? 'ban chỉ huy' : undefined;
      // A circular (TT) or a document numbered by year is a ministry's.
      const ministry = i > 0 && (parts[0] === 'TT' || year !== undefined) ? MINISTRIES[part] : undefined;
      // "phiếu 02/CT": a form's code is no chỉ thị; in a census of businesses it is the cá thể's form, spelled elsewhere.
      const formCode = form && part === 'CT' ? (BUSINESS_TALK.test(all) ? 'cá thể' : spellLetters(part)) : undefined;
      const partyIssuer = partyStyle && i > 0 ? PARTY_ISSUERS[part] : undefined;
      const courtWord = court ? (COURT_STEPS[part] ?? CASE_TYPES[part]) : undefined;
      words.push(courtWord ?? formCode ?? office ?? kind ?? command ?? ministry ?? partyIssuer ?? readAcronym(withoutPlainD(part, ctx), ctx.lexicon, ctx.warn));
    });
    return ctx.slot(words.join(' '));
  });
}
