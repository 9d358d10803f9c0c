// Vietnamese number words: cardinals, digit strings, decimals, ordinals.
// Rules an announcer follows: "mười" for 10–19 but "mươi" from 20; "mốt" for
// a final 1 and "tư" for a final 4 after "mươi"; "lăm" for a final 5 after
// any ten; "linh" when the tens are zero; "không trăm" inside a larger number.

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
const BILLION = 1_000_000_000n;

/** Reads 1..999; `full` forces "không trăm" because a higher group precedes. */
function readGroup(n: number, full: boolean): string[] {
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor(n / 10) % 10;
  const units = n % 10;
  const words: string[] = [];
  if (full || hundreds > 0) words.push(DIGITS[hundreds], 'trăm');
  if (tens === 0) {
    if (units > 0) {
      if (words.length > 0) words.push('linh');
      words.push(DIGITS[units]);
    }
  } else if (tens === 1) {
    words.push('mười');
    if (units === 5) words.push('lăm');
    else if (units > 0) words.push(DIGITS[units]);
  } else {
    words.push(DIGITS[tens], 'mươi');
    if (units === 1) words.push('mốt');
    else if (units === 4) words.push('tư');
    else if (units === 5) words.push('lăm');
    else if (units > 0) words.push(DIGITS[units]);
  }
  return words;
}

/** n > 0. Above a billion the count of "tỷ" is itself read recursively. */
function readPositive(n: bigint, full: boolean): string[] {
  if (n >= BILLION) {
    const words = [...readPositive(n / BILLION, full), 'tỷ'];
    const rest = n % BILLION;
    if (rest > 0n) words.push(...readPositive(rest, true));
    return words;
  }
  const groups: Array<[number, string]> = [
    [Number(n / 1_000_000n), 'triệu'],
    [Number((n / 1000n) % 1000n), 'nghìn'],
    [Number(n % 1000n), ''],
  ];
  const words: string[] = [];
  let started = full;
  for (const [value, scale] of groups) {
    if (value === 0) continue; // an all-zero group is skipped, not read "không trăm"
    words.push(...readGroup(value, started));
    if (scale) words.push(scale);
    started = true;
  }
  return words;
}

export function readInteger(value: bigint | number | string): string {
  const n = BigInt(value);
  if (n < 0n) throw new RangeError(`readInteger: negative ${value}`);
  return n === 0n ? 'không' : readPositive(n, false).join(' ');
}

/** "0987" → "không chín tám bảy". */
export function readDigits(digits: string): string {
  return [...digits].filter((c) => c >= '0' && c <= '9').map((c) => DIGITS[Number(c)]).join(' ');
}

/** The part after "phẩy": leading zeros one by one, the rest as a number. */
function readFraction(frac: string): string {
  const zeros = frac.match(/^0*/)![0].length;
  const rest = frac.slice(zeros);
  const words = Array<string>(zeros).fill('không');
  if (rest) words.push(rest.length <= 3 ? readInteger(rest) : readDigits(rest));
  return words.join(' ');
}

/** Ordinal after "thứ": 1 → "nhất", 4 → "tư", otherwise the cardinal. */
export function readOrdinal(n: number): string {
  if (n === 1) return 'nhất';
  if (n === 4) return 'tư';
  return readInteger(n);
}

/**
 * Reads a number as written in Vietnamese text: "." groups thousands
 * ("1.500.000"), "," is the decimal point ("2,5"). Counts written with a
 * leading zero ("09 ấp") are read by value; long ungrouped strings and
 * zero-led codes of 4+ digits are read digit by digit, as people read them.
 */
export function readNumberToken(token: string): string {
  const grouped = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?$/.exec(token);
  const plain = /^(\d+)(?:,(\d+))?$/.exec(token);
  if (grouped || plain) {
    const [, intText, frac] = (grouped ?? plain)!;
    const digits = intText.replace(/\./g, '');
    const isCode = !grouped && (digits.length >= 10 || (digits.length >= 4 && digits.startsWith('0')));
    const intWords = isCode ? readDigits(digits) : readInteger(digits);
    return frac === undefined ? intWords : `${intWords} phẩy ${readFraction(frac)}`;
  }
  if (/^\d+(?:\.\d+)+$/.test(token)) {
    // Section numbers and versions ("1.2", "4.0") are read with "chấm"; a part led by a zero after the first is a code's
    // serial, said digit by digit ("mã 1.001193" a procedure's code, "một chấm không không một một chín ba").
    return token.split('.').map((part, i) => (i > 0 && part.length > 1 && part.startsWith('0') ? readDigits(part) : readInteger(part))).join(' chấm ');
  }
  // A list written without spaces ("1,2,3").
  return token.split(/[.,]/).filter(Boolean).map((part) => readInteger(part)).join(', ');
}

/**
 * A quantity before a unit or "triệu"/"tỷ": "2.5 ha" and "1.5 triệu" were
 * typed with a dot for the decimal comma, since no thousands group has one
 * or two digits.
 */
export function readQuantity(token: string): string {
  const dotted = /^(\d+)\.(\d{1,2})$/.exec(token);
  return dotted ? readNumberToken(`${dotted[1]},${dotted[2]}`) : readNumberToken(token);
}

/**
 * A latitude or a longitude typed with a dot, as the Institute of Geophysics writes them: "14.851 độ vĩ Bắc",
 * "108.276°E". No position has thousands of degrees, so the dot is the decimal point.
 */
export function readDegrees(token: string): string {
  const dotted = /^(\d{1,3})\.(\d+)$/.exec(token);
  return dotted && Number(dotted[1]) <= 180 ? readNumberToken(`${dotted[1]},${dotted[2]}`) : readQuantity(token);
}
