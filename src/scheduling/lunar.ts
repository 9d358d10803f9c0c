// Vietnamese lunisolar calendar (âm lịch), after Hồ Ngọc Đức's algorithm:
// new moons and the sun's longitude per Jean Meeus; a month starts on the local
// day of its new moon; month 11 is the one holding the winter solstice; in a
// 13-month year the leap month is the first after month 11 holding no
// principal solar term (trung khí).
//
// Vietnam computes it for UTC+7. Chinese-calendar libraries compute for UTC+8,
// so when a new moon or a solar term falls between 16:00 and 17:00 UTC the two
// calendars disagree and Tết moves (1968, 1969, 1985, 2007, 2030…).
//
// History: North Vietnam used the Chinese (UTC+8) calendar until Decision
// 121-CP of 08/08/1967 switched it to UTC+7; the South kept UTC+8 until 1975,
// after which the UTC+7 calendar is national. Dates before the reform are
// computed for UTC+8 so that 1930–1967 match what was actually observed (Tết
// 1965 was 2 Feb, not the 1 Feb a proleptic UTC+7 calendar gives); for
// 1968–1975 we follow the northern calendar, which became the national one.

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  /** true inside the intercalary (nhuận) month, which repeats `month`. */
  leap: boolean;
}

export interface SolarDate {
  year: number;
  month: number;
  day: number;
}

/**
 * Supported Gregorian years. Before 1929 the Chinese calendar used Beijing
 * mean time rather than UTC+8; after 2100 the ΔT fit drifts.
 */
export const MIN_YEAR = 1930;
export const MAX_YEAR = 2100;

/** Mean synodic month, days. */
const SYNODIC_MONTH = 29.530588853;
/** Julian date of the new moon of 1900-01-01, from which lunations k are counted. */
const NEW_MOON_EPOCH_JD = 2415021.076998695;
const DEG = Math.PI / 180;

/** Julian day number of a (Gregorian) date. */
function jdFromDate(y: number, m: number, d: number): number {
  const a = Math.floor((14 - m) / 12);
  const yy = y + 4800 - a;
  const mm = m + 12 * a - 3;
  return d + Math.floor((153 * mm + 2) / 5) + 365 * yy + Math.floor(yy / 4) - Math.floor(yy / 100) + Math.floor(yy / 400) - 32045;
}

function jdToDate(jd: number): SolarDate {
  const a = jd + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((b * 146097) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    year: b * 100 + d - 4800 + Math.floor(m / 10),
    month: m + 3 - 12 * Math.floor(m / 10),
    day: e - Math.floor((153 * m + 2) / 5) + 1,
  };
}

/** Julian date (UT) of the k-th new moon after 1900-01-01 (Meeus, low-precision series). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * DEG);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  const c1 =
    (0.1734 - 0.000393 * T) * Math.sin(M * DEG) +
    0.0021 * Math.sin(2 * M * DEG) -
    0.4068 * Math.sin(Mpr * DEG) +
    0.0161 * Math.sin(2 * Mpr * DEG) -
    0.0004 * Math.sin(3 * Mpr * DEG) +
    0.0104 * Math.sin(2 * F * DEG) -
    0.0051 * Math.sin((M + Mpr) * DEG) -
    0.0074 * Math.sin((M - Mpr) * DEG) +
    0.0004 * Math.sin((2 * F + M) * DEG) -
    0.0004 * Math.sin((2 * F - M) * DEG) -
    0.0006 * Math.sin((2 * F + Mpr) * DEG) +
    0.001 * Math.sin((2 * F - Mpr) * DEG) +
    0.0005 * Math.sin((2 * Mpr + M) * DEG);
  // ΔT (TT − UT) in days, a quadratic fit. Series and fit together stay within
  // ~3.5 minutes of Meeus's full new-moon series over 1959–2050.
  const deltaT = -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd + c1 - deltaT;
}

/** Sun's geometric ecliptic longitude in radians, in [0, 2π), at Julian date `jd` (within ~0.01° of the apparent one). */
function sunLongitude(jd: number): number {
  const T = (jd - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2; // mean anomaly
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2; // mean longitude
  const DL =
    (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(M * DEG) +
    (0.019993 - 0.000101 * T) * Math.sin(2 * M * DEG) +
    0.00029 * Math.sin(3 * M * DEG);
  const L = (L0 + DL) * DEG;
  return L - 2 * Math.PI * Math.floor(L / (2 * Math.PI));
}

/** Julian day number of the local day holding the k-th new moon. */
function newMoonDay(k: number, offsetHours: number): number {
  return Math.floor(newMoon(k) + 0.5 + offsetHours / 24);
}

/** The 30° sector (0–11) the sun is in at the local midnight that starts day `jdn`; sector 9 starts at the winter solstice. */
function sunSector(jdn: number, offsetHours: number): number {
  return Math.floor((sunLongitude(jdn - 0.5 - offsetHours / 24) / Math.PI) * 6);
}

/** First day of lunar month 11, the month holding the winter solstice of Gregorian year `y`. */
function lunarMonth11(y: number, offsetHours: number): number {
  // k: the last new moon before 31 December (2415021 = 1900-01-01, as in Hồ Ngọc Đức's original).
  const k = Math.floor((jdFromDate(y, 12, 31) - 2415021) / SYNODIC_MONTH);
  const nm = newMoonDay(k, offsetHours);
  // A month starting after the solstice is month 12: step back one.
  return sunSector(nm, offsetHours) >= 9 ? newMoonDay(k - 1, offsetHours) : nm;
}

/** In a 13-month year whose month 11 starts on `a11`, how many months after month 11 the leap month comes. */
function leapMonthOffset(a11: number, offsetHours: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let sector = sunSector(newMoonDay(k + i, offsetHours), offsetHours);
  let previous: number;
  // A month that starts in the same sector as the next one holds no principal term.
  do {
    previous = sector;
    i++;
    sector = sunSector(newMoonDay(k + i, offsetHours), offsetHours);
  } while (sector !== previous && i < 14);
  return i - 1;
}

function jdToLunar(jdn: number, offsetHours: number): LunarDate {
  const y = jdToDate(jdn).year;
  // Start from the mean lunation and correct it against the true new moons:
  // the original checks only k and k + 1, which puts a few days (2054-05-07,
  // 2062-04-09…) on "day 0" of the following month.
  let k = Math.floor((jdn - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH);
  while (newMoonDay(k + 1, offsetHours) <= jdn) k++;
  while (newMoonDay(k, offsetHours) > jdn) k--;
  const monthStart = newMoonDay(k, offsetHours);
  // a11..b11 is the "solstice year" (month 11 to month 11) holding the day.
  let a11 = lunarMonth11(y, offsetHours);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = y;
    a11 = lunarMonth11(y - 1, offsetHours);
  } else {
    year = y + 1;
    b11 = lunarMonth11(y + 1, offsetHours);
  }
  const diff = Math.floor((monthStart - a11) / 29);
  let month = diff + 11;
  let leap = false;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, offsetHours);
    if (diff >= leapDiff) {
      month = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (month > 12) month -= 12;
  // Months 11 and 12 before the new year still belong to the previous lunar year.
  if (month >= 11 && diff < 4) year -= 1;
  return { year, month, day: jdn - monthStart + 1, leap };
}

/** Julian day number of a lunar date, assuming it exists (lunarToSolar checks by converting back). */
function lunarToJd(lunarYear: number, lunarMonth: number, lunarDay: number, leap: boolean, offsetHours: number): number {
  const [a11, b11] =
    lunarMonth < 11
      ? [lunarMonth11(lunarYear - 1, offsetHours), lunarMonth11(lunarYear, offsetHours)]
      : [lunarMonth11(lunarYear, offsetHours), lunarMonth11(lunarYear + 1, offsetHours)];
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH);
  let off = (lunarMonth - 11 + 12) % 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, offsetHours);
    if (leap || off >= leapOff) off += 1;
  }
  return newMoonDay(k + off, offsetHours) + lunarDay - 1;
}

/** 1967-08-08, Decision 121-CP. The UTC+7 and UTC+8 calendars agree on every day from 1965-03-03 to 1967-11-30, so switching here leaves no seam. */
const REFORM_JDN = jdFromDate(1967, 8, 8);

function offsetHoursAt(jdn: number): number {
  return jdn < REFORM_JDN ? 8 : 7;
}

function checkYear(year: number, min = MIN_YEAR): void {
  if (!Number.isInteger(year) || year < min || year > MAX_YEAR) {
    throw new RangeError(`year ${year} is outside the supported range ${MIN_YEAR}–${MAX_YEAR}`);
  }
}

/** The Vietnamese lunar date of a Gregorian date. Throws RangeError for invalid dates or years out of range. */
export function solarToLunar(year: number, month: number, day: number): LunarDate {
  checkYear(year);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (!Number.isInteger(month) || !Number.isInteger(day) || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`invalid date ${year}-${month}-${day}`);
  }
  const jdn = jdFromDate(year, month, day);
  return jdToLunar(jdn, offsetHoursAt(jdn));
}

/** The Gregorian date of a Vietnamese lunar date, or null if that date does not exist (a 30th in a 29-day month, a leap month the year lacks…). */
export function lunarToSolar(lunarYear: number, lunarMonth: number, lunarDay: number, leap = false): SolarDate | null {
  // Lunar year MIN_YEAR − 1 still ends inside MIN_YEAR; the result is checked below.
  checkYear(lunarYear, MIN_YEAR - 1);
  if (!Number.isInteger(lunarMonth) || lunarMonth < 1 || lunarMonth > 12) return null;
  if (!Number.isInteger(lunarDay) || lunarDay < 1 || lunarDay > 30) return null;
  let jdn = lunarToJd(lunarYear, lunarMonth, lunarDay, leap, 7);
  if (jdn < REFORM_JDN) jdn = lunarToJd(lunarYear, lunarMonth, lunarDay, leap, 8);
  const solar = jdToDate(jdn);
  checkYear(solar.year);
  const back = jdToLunar(jdn, offsetHoursAt(jdn));
  if (back.year !== lunarYear || back.month !== lunarMonth || back.day !== lunarDay || back.leap !== leap) return null;
  return solar;
}

/** Tết Nguyên Đán (lunar 1/1) of lunar year `year`, which always falls in Gregorian year `year` (21 Jan – 20 Feb). */
export function tetDate(year: number): SolarDate {
  const tet = lunarToSolar(year, 1, 1);
  if (!tet) throw new Error(`no Tết computed for ${year}`); // every lunar year has a month 1
  return tet;
}
