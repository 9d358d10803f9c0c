import { describe, expect, it } from 'vitest';
import { lunarToSolar, MAX_YEAR, MIN_YEAR, solarToLunar, tetDate } from '../../src/scheduling/lunar.js';

// Tết Nguyên Đán as celebrated in Vietnam, 1960–2050, written from published
// calendars (not from this code's output). It equals the Chinese New Year
// except where marked; those years were checked against new-moon times from
// Meeus's full series (ch. 49): each new moon falls 16:14–16:29 UTC, i.e.
// before midnight in UTC+7 but after it in UTC+8, with ≥ 30 minutes' margin.
//
// 1960–1967: North Vietnam still used the Chinese (UTC+8) calendar, so these
// are the Chinese dates. A proleptic UTC+7 calendar would put Tết 1965 on
// 1 February; it was celebrated on 2 February.
// 1968–1975: the North used UTC+7 (decision 121-CP, 08/08/1967) while the
// South kept UTC+8 — the South had Tết on 30/1/1968 and 17/2/1969. The table
// follows the northern calendar, national since 1976.
const TET: ReadonlyArray<readonly [number, string]> = [
  [1960, '01-28'], [1961, '02-15'], [1962, '02-05'], [1963, '01-25'], [1964, '02-13'],
  [1965, '02-02'], [1966, '01-21'], [1967, '02-09'],
  [1968, '01-29'], // China 01-30: new moon 16:29 UTC (Tết Mậu Thân, the Tết Offensive)
  [1969, '02-16'], // China 02-17: new moon 16:25 UTC
  [1970, '02-06'], [1971, '01-27'], [1972, '02-15'], [1973, '02-03'], [1974, '01-23'],
  [1975, '02-11'], [1976, '01-31'], [1977, '02-18'], [1978, '02-07'], [1979, '01-28'],
  [1980, '02-16'], [1981, '02-05'], [1982, '01-25'], [1983, '02-13'], [1984, '02-02'],
  [1985, '01-21'], // China 02-20: the 1984 solstice fell at 23:23 UTC+7 / 00:23 UTC+8, so the months shift and the leap month moves
  [1986, '02-09'], [1987, '01-29'], [1988, '02-17'], [1989, '02-06'], [1990, '01-27'],
  [1991, '02-15'], [1992, '02-04'], [1993, '01-23'], [1994, '02-10'], [1995, '01-31'],
  [1996, '02-19'], [1997, '02-07'], [1998, '01-28'], [1999, '02-16'], [2000, '02-05'],
  [2001, '01-24'], [2002, '02-12'], [2003, '02-01'], [2004, '01-22'], [2005, '02-09'],
  [2006, '01-29'],
  [2007, '02-17'], // China 02-18: new moon 16:14 UTC
  [2008, '02-07'], [2009, '01-26'], [2010, '02-14'], [2011, '02-03'], [2012, '01-23'],
  [2013, '02-10'], [2014, '01-31'], [2015, '02-19'], [2016, '02-08'], [2017, '01-28'],
  [2018, '02-16'], [2019, '02-05'], [2020, '01-25'], [2021, '02-12'], [2022, '02-01'],
  [2023, '01-22'], [2024, '02-10'], [2025, '01-29'], [2026, '02-17'], [2027, '02-06'],
  [2028, '01-26'], [2029, '02-13'],
  [2030, '02-02'], // China 02-03: new moon 16:07 UTC
  [2031, '01-23'], [2032, '02-11'], [2033, '01-31'], [2034, '02-19'], [2035, '02-08'],
  [2036, '01-28'], [2037, '02-15'], [2038, '02-04'], [2039, '01-24'], [2040, '02-12'],
  [2041, '02-01'], [2042, '01-22'], [2043, '02-10'], [2044, '01-30'], [2045, '02-17'],
  [2046, '02-06'], [2047, '01-26'], [2048, '02-14'], [2049, '02-02'], [2050, '01-23'],
];

const iso = (d: { year: number; month: number; day: number }) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

describe('Tết Nguyên Đán', () => {
  it('the table covers every year 1960–2050 once', () => {
    expect(TET.map(([y]) => y)).toEqual(Array.from({ length: 91 }, (_, i) => 1960 + i));
  });

  it.each(TET)('Tết %i is %s', (year, monthDay) => {
    expect(iso(tetDate(year))).toBe(`${year}-${monthDay}`);
    const [m, d] = monthDay.split('-').map(Number);
    expect(solarToLunar(year, m, d)).toEqual({ year, month: 1, day: 1, leap: false });
  });

  it('differs from the Chinese (UTC+8) calendar where Vietnam is known to', () => {
    expect(tetDate(1968)).toEqual({ year: 1968, month: 1, day: 29 });
    expect(tetDate(1985)).toEqual({ year: 1985, month: 1, day: 21 });
    expect(tetDate(2007)).toEqual({ year: 2007, month: 2, day: 17 });
    // The day China calls Tết 2007 is mùng 2 in Vietnam.
    expect(solarToLunar(2007, 2, 18)).toEqual({ year: 2007, month: 1, day: 2, leap: false });
  });
});

describe('giao thừa: the last day of the lunar year', () => {
  it('is lunar 12/29 before Tết 2025 and 2026, which had no "30 Tết"', () => {
    expect(solarToLunar(2026, 2, 16)).toEqual({ year: 2025, month: 12, day: 29, leap: false });
    expect(lunarToSolar(2025, 12, 30)).toBeNull();
    expect(solarToLunar(2025, 1, 28)).toEqual({ year: 2024, month: 12, day: 29, leap: false });
  });

  it('is lunar 12/30 before Tết 2024', () => {
    expect(solarToLunar(2024, 2, 9)).toEqual({ year: 2023, month: 12, day: 30, leap: false });
    expect(lunarToSolar(2023, 12, 30)).toEqual({ year: 2024, month: 2, day: 9 });
  });
});

describe('lunar dates of holidays', () => {
  it.each([
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('Giỗ Tổ Hùng Vương (10/3) %i is %s', (year, date) => {
    expect(iso(lunarToSolar(year, 3, 10)!)).toBe(date);
  });

  it.each([
    [2023, '2023-09-29'],
    [2024, '2024-09-17'],
    [2025, '2025-10-06'],
  ])('Tết Trung thu (15/8) %i is %s', (year, date) => {
    expect(iso(lunarToSolar(year, 8, 15)!)).toBe(date);
  });
});

describe('leap months', () => {
  const leapMonthOf = (year: number) => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].filter((m) => lunarToSolar(year, m, 1, true));

  it('2023 had a leap month 2 (22/3–19/4/2023)', () => {
    expect(leapMonthOf(2023)).toEqual([2]);
    expect(lunarToSolar(2023, 2, 1, true)).toEqual({ year: 2023, month: 3, day: 22 });
    expect(solarToLunar(2023, 4, 19)).toEqual({ year: 2023, month: 2, day: 29, leap: true });
    expect(solarToLunar(2023, 4, 20)).toEqual({ year: 2023, month: 3, day: 1, leap: false });
  });

  it('2025 had a leap month 6 (from 25/7/2025)', () => {
    expect(leapMonthOf(2025)).toEqual([6]);
    expect(lunarToSolar(2025, 6, 1, true)).toEqual({ year: 2025, month: 7, day: 25 });
    expect(solarToLunar(2025, 7, 24)).toEqual({ year: 2025, month: 6, day: 30, leap: false });
  });

  it('1985 (Vietnam) had leap month 2 where China had leap month 10 of 1984', () => {
    expect(leapMonthOf(1984)).toEqual([]);
    expect(leapMonthOf(1985)).toEqual([2]);
  });

  it('a common year has none, and a leap flag on the wrong month is rejected', () => {
    expect(leapMonthOf(2024)).toEqual([]);
    expect(leapMonthOf(2026)).toEqual([]);
    expect(lunarToSolar(2023, 3, 1, true)).toBeNull();
  });
});

describe('whole supported range', () => {
  it(`every day ${MIN_YEAR}–${MAX_YEAR} follows the previous one and converts back`, () => {
    let prev = solarToLunar(MIN_YEAR, 1, 1);
    for (let t = Date.UTC(MIN_YEAR, 0, 2); t < Date.UTC(MAX_YEAR + 1, 0, 1); t += 86_400_000) {
      const d = new Date(t);
      const solar = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
      const cur = solarToLunar(solar.year, solar.month, solar.day);
      if (cur.day === 1) {
        // New month: 29 or 30 days behind us, then the leap copy of the same
        // month or the next month (12 → 1 starts a new year).
        expect([29, 30], iso(solar)).toContain(prev.day);
        const next =
          cur.leap
            ? { year: prev.year, month: prev.month }
            : { year: prev.month === 12 ? prev.year + 1 : prev.year, month: (prev.month % 12) + 1 };
        expect({ year: cur.year, month: cur.month }, iso(solar)).toEqual(next);
      } else {
        expect({ ...cur, day: cur.day - 1 }, iso(solar)).toEqual(prev);
      }
      expect(lunarToSolar(cur.year, cur.month, cur.day, cur.leap), iso(solar)).toEqual(solar);
      prev = cur;
    }
  });

  it('puts the eve of a month on day 30, not "day 0" of the next (bug in the reference code)', () => {
    expect(solarToLunar(2054, 5, 7)).toEqual({ year: 2054, month: 3, day: 30, leap: false });
    expect(solarToLunar(2054, 5, 8)).toEqual({ year: 2054, month: 4, day: 1, leap: false });
    expect(solarToLunar(2062, 4, 9)).toEqual({ year: 2062, month: 2, day: 30, leap: false });
  });

  it('uses UTC+8 months before the 1967 reform', () => {
    // New moons at 16:35 and 16:54 UTC: the next day in UTC+8, the same day in UTC+7.
    expect(solarToLunar(1965, 2, 1)).toEqual({ year: 1964, month: 12, day: 30, leap: false });
    expect(solarToLunar(1961, 5, 14)).toEqual({ year: 1961, month: 3, day: 30, leap: false });
  });
});

describe('input checks', () => {
  it('rejects impossible solar dates and unsupported years', () => {
    expect(() => solarToLunar(2025, 2, 29)).toThrow(RangeError);
    expect(() => solarToLunar(2025, 13, 1)).toThrow(RangeError);
    expect(() => solarToLunar(MIN_YEAR - 1, 12, 31)).toThrow(RangeError);
    expect(() => tetDate(MAX_YEAR + 1)).toThrow(RangeError);
  });

  it('returns null for lunar dates that do not exist', () => {
    expect(lunarToSolar(2025, 13, 1)).toBeNull();
    expect(lunarToSolar(2025, 1, 31)).toBeNull();
    expect(lunarToSolar(2025, 1, 0)).toBeNull();
  });
});
