import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import {
  expandHolidayRule,
  holidayDate,
  holidaysFileSchema,
  holidaysForYear,
  resolveHolidayAnchor,
} from '../../src/scheduling/holidays.js';

const isoList = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('holidays.json schema', () => {
  const tet = { id: 'tet-nguyen-dan', name: 'Tết Nguyên Đán', nameEn: 'Lunar New Year', kind: 'lunar', month: 1, day: 1 };
  const valid = (...holidays: object[]) => holidaysFileSchema.safeParse({ holidays }).success;

  it('accepts solar, lunar and offset holidays', () => {
    expect(valid(tet, { id: 'giao-thua', name: 'Giao thừa', nameEn: 'Eve', kind: 'offset', of: 'tet-nguyen-dan', days: -1 })).toBe(true);
    expect(valid({ id: 'quoc-khanh', name: 'Quốc khánh', nameEn: 'National Day', kind: 'solar', month: 9, day: 2 })).toBe(true);
  });

  it('rejects holidays that would not fall exactly once a year', () => {
    expect(valid({ ...tet, month: 12, day: 30 })).toBe(false); // "30 Tết" does not exist every year
    expect(valid({ ...tet, month: 11, day: 15 })).toBe(false); // month 11 can straddle New Year
    expect(valid({ ...tet, id: 'x', kind: 'solar', month: 2, day: 29 })).toBe(false);
    const newYear = { id: 'x', name: 'x', nameEn: 'x', kind: 'solar', month: 1, day: 1 };
    const offset = { id: 'y', name: 'y', nameEn: 'y', kind: 'offset', of: 'tet-nguyen-dan', days: 2 };
    expect(valid(tet, offset)).toBe(true);
    expect(valid(newYear, { ...offset, of: 'x', days: -1 })).toBe(false); // 31 Dec of the year before
    expect(valid(tet, { ...offset, days: 30 })).toBe(false);
  });

  it('rejects duplicate ids, dangling references and misspelt fields', () => {
    expect(valid(tet, tet)).toBe(false);
    expect(valid({ id: 'y', name: 'y', nameEn: 'y', kind: 'offset', of: 'nowhere', days: 1 })).toBe(false);
    expect(valid({ ...tet, nameEN: 'typo' })).toBe(false);
  });
});

describe('holidaysForYear', () => {
  it('lists 2027 by date, lunar holidays converted', () => {
    expect(holidaysForYear(2027).map(({ id, date }) => [id, date])).toEqual([
      ['tet-duong-lich', '2027-01-01'],
      ['thanh-lap-dang', '2027-02-03'],
      ['giao-thua', '2027-02-05'], // lunar 12/29 Bính Ngọ
      ['tet-nguyen-dan', '2027-02-06'],
      ['mung-2-tet', '2027-02-07'],
      ['mung-3-tet', '2027-02-08'],
      ['gio-to-hung-vuong', '2027-04-16'],
      ['giai-phong-mien-nam', '2027-04-30'],
      ['quoc-te-lao-dong', '2027-05-01'],
      ['sinh-nhat-bac-ho', '2027-05-19'],
      ['quoc-khanh', '2027-09-02'],
      ['trung-thu', '2027-09-15'],
      ['nha-giao-viet-nam', '2027-11-20'],
      ['quan-doi-nhan-dan', '2027-12-22'],
    ]);
  });

  it('carries Vietnamese and English names', () => {
    const tet = holidaysForYear(2027).find((h) => h.id === 'tet-nguyen-dan');
    expect(tet).toEqual({ id: 'tet-nguyen-dan', name: 'Tết Nguyên Đán', nameEn: 'Lunar New Year (Tết)', date: '2027-02-06' });
    for (const h of holidaysForYear(2027)) {
      expect(h.name, h.id).toBe(h.name.normalize('NFC'));
      expect(h.nameEn.length, h.id).toBeGreaterThan(0);
    }
  });

  it('puts Tết before Party day when Tết is early (2025)', () => {
    const ids = holidaysForYear(2025).map((h) => h.id);
    expect(ids.slice(0, 6)).toEqual(['tet-duong-lich', 'giao-thua', 'tet-nguyen-dan', 'mung-2-tet', 'mung-3-tet', 'thanh-lap-dang']);
  });

  it('rejects years outside the calendar range as a user error', () => {
    expect(() => holidaysForYear(1800)).toThrow(AppError);
    expect(() => holidaysForYear(2025.5)).toThrow(AppError);
  });
});

describe('holidayDate', () => {
  it('giao thừa is the day before Tết, whether that is lunar 12/29 or 12/30', () => {
    expect(holidayDate('giao-thua', 2026)).toBe('2026-02-16'); // 12/29 Ất Tỵ: no "30 Tết"
    expect(holidayDate('tet-nguyen-dan', 2026)).toBe('2026-02-17');
    expect(holidayDate('giao-thua', 2024)).toBe('2024-02-09'); // 12/30 Quý Mão
  });

  it('lunar holidays', () => {
    expect(holidayDate('gio-to-hung-vuong', 2025)).toBe('2025-04-07');
    expect(holidayDate('gio-to-hung-vuong', 2026)).toBe('2026-04-26');
    expect(holidayDate('trung-thu', 2025)).toBe('2025-10-06');
    expect(holidayDate('mung-3-tet', 2025)).toBe('2025-01-31');
  });

  it('unknown ids are a user error', () => {
    expect(() => holidayDate('tet-tay', 2025)).toThrow(expect.objectContaining({ status: 400, code: 'unknown_holiday' }));
  });
});

describe('resolveHolidayAnchor', () => {
  it('is local time in Asia/Ho_Chi_Minh by default', () => {
    expect(resolveHolidayAnchor({ holidayId: 'tet-nguyen-dan', offsetDays: 0, time: '06:00' }, 2026).toISOString()).toBe(
      '2026-02-16T23:00:00.000Z',
    );
    // Giao thừa at midnight is 00:00 of Tết itself; 23:59 stays on the eve.
    expect(resolveHolidayAnchor({ holidayId: 'giao-thua', offsetDays: 0, time: '23:59' }, 2026).toISOString()).toBe(
      '2026-02-16T16:59:00.000Z',
    );
  });

  it('applies offsets across month boundaries and other zones', () => {
    expect(resolveHolidayAnchor({ holidayId: 'quoc-khanh', offsetDays: -3, time: '19:30' }, 2025).toISOString()).toBe(
      '2025-08-30T12:30:00.000Z',
    );
    expect(
      resolveHolidayAnchor({ holidayId: 'tet-nguyen-dan', offsetDays: 0, time: '06:00' }, 2026, 'America/Los_Angeles').toISOString(),
    ).toBe('2026-02-17T14:00:00.000Z');
  });

  it('rejects malformed anchors', () => {
    expect(() => resolveHolidayAnchor({ holidayId: 'tet-nguyen-dan', offsetDays: 0, time: '6:00' }, 2026)).toThrow(AppError);
    expect(() => resolveHolidayAnchor({ holidayId: 'tet-nguyen-dan', offsetDays: 0, time: '24:00' }, 2026)).toThrow(AppError);
    expect(() => resolveHolidayAnchor({ holidayId: 'tet-nguyen-dan', offsetDays: 1.5, time: '06:00' }, 2026)).toThrow(AppError);
  });
});

describe('expandHolidayRule', () => {
  const tetGreetings = { holidayId: 'tet-nguyen-dan', offsets: [0, 1, 2], times: ['06:00', '17:00'] };

  it('mùng 1 to mùng 3 Tết at 06:00 and 17:00, across two years', () => {
    const got = expandHolidayRule(tetGreetings, new Date('2025-06-01T00:00:00Z'), new Date('2027-06-01T00:00:00Z'));
    expect(isoList(got)).toEqual([
      '2026-02-16T23:00:00.000Z', // 06:00 mùng 1 (17/2/2026)
      '2026-02-17T10:00:00.000Z',
      '2026-02-17T23:00:00.000Z',
      '2026-02-18T10:00:00.000Z',
      '2026-02-18T23:00:00.000Z',
      '2026-02-19T10:00:00.000Z',
      '2027-02-05T23:00:00.000Z', // 06:00 mùng 1 (6/2/2027)
      '2027-02-06T10:00:00.000Z',
      '2027-02-06T23:00:00.000Z',
      '2027-02-07T10:00:00.000Z',
      '2027-02-07T23:00:00.000Z',
      '2027-02-08T10:00:00.000Z',
    ]);
  });

  it('is half-open [from, to) and deduplicates', () => {
    const first = new Date('2026-02-16T23:00:00Z');
    const last = new Date('2026-02-19T10:00:00Z');
    expect(expandHolidayRule(tetGreetings, first, last)).toHaveLength(5);
    expect(expandHolidayRule(tetGreetings, first, new Date(last.getTime() + 1))).toHaveLength(6);
    const doubled = { holidayId: 'tet-nguyen-dan', offsets: [0, 0], times: ['06:00', '06:00'] };
    expect(isoList(expandHolidayRule(doubled, new Date('2026-01-01Z'), new Date('2027-01-01Z')))).toEqual(['2026-02-16T23:00:00.000Z']);
    expect(expandHolidayRule(tetGreetings, last, first)).toEqual([]);
  });

  it('finds occurrences whose offset crosses New Year', () => {
    // "The evening before Tết Dương lịch": 31 December, anchored on 1 January of the next year.
    const eve = { holidayId: 'tet-duong-lich', offsets: [-1], times: ['20:00'] };
    expect(isoList(expandHolidayRule(eve, new Date('2026-12-01Z'), new Date('2027-01-01Z')))).toEqual(['2026-12-31T13:00:00.000Z']);
  });

  it('rejects bad rules and windows as user errors', () => {
    const from = new Date('2026-01-01Z');
    const to = new Date('2027-01-01Z');
    expect(() => expandHolidayRule({ ...tetGreetings, holidayId: 'nope' }, from, to)).toThrow(AppError);
    expect(() => expandHolidayRule({ ...tetGreetings, times: [] }, from, to)).toThrow(AppError);
    expect(() => expandHolidayRule({ ...tetGreetings, offsets: [40] }, from, to)).toThrow(AppError);
    expect(() => expandHolidayRule(tetGreetings, new Date('nope'), to)).toThrow(AppError);
    expect(() => expandHolidayRule(tetGreetings, new Date('1900-01-01Z'), to)).toThrow(AppError);
  });
});
