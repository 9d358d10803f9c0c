import { afterEach, describe, expect, it } from 'vitest';
import { zonedTimeToUtc } from '../../src/scheduling/timezone.js';

const utc = (y: number, m: number, d: number, hh: number, mm: number, tz: string) => zonedTimeToUtc(y, m, d, hh, mm, tz).toISOString();

describe('zonedTimeToUtc', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  it('Asia/Ho_Chi_Minh is UTC+7 and crosses midnight and New Year correctly', () => {
    expect(utc(2026, 2, 17, 6, 0, 'Asia/Ho_Chi_Minh')).toBe('2026-02-16T23:00:00.000Z');
    expect(utc(2026, 2, 17, 17, 0, 'Asia/Ho_Chi_Minh')).toBe('2026-02-17T10:00:00.000Z');
    expect(utc(2026, 1, 1, 0, 0, 'Asia/Ho_Chi_Minh')).toBe('2025-12-31T17:00:00.000Z');
    expect(utc(2028, 2, 29, 6, 59, 'Asia/Ho_Chi_Minh')).toBe('2028-02-28T23:59:00.000Z');
  });

  it('handles fractional and negative offsets', () => {
    expect(utc(2025, 1, 1, 0, 0, 'Asia/Kolkata')).toBe('2024-12-31T18:30:00.000Z');
    expect(utc(2025, 1, 1, 0, 0, 'Asia/Kathmandu')).toBe('2024-12-31T18:15:00.000Z');
    expect(utc(2025, 1, 1, 0, 0, 'UTC')).toBe('2025-01-01T00:00:00.000Z');
    expect(utc(2025, 1, 1, 12, 0, 'America/Sao_Paulo')).toBe('2025-01-01T15:00:00.000Z');
  });

  it('follows daylight saving time', () => {
    expect(utc(2024, 1, 15, 12, 0, 'America/New_York')).toBe('2024-01-15T17:00:00.000Z');
    expect(utc(2024, 7, 1, 12, 0, 'America/New_York')).toBe('2024-07-01T16:00:00.000Z');
    expect(utc(2024, 7, 1, 12, 0, 'Europe/London')).toBe('2024-07-01T11:00:00.000Z');
    expect(utc(2024, 1, 1, 12, 0, 'Australia/Sydney')).toBe('2024-01-01T01:00:00.000Z');
  });

  it('maps a time skipped by spring-forward past the gap, and a repeated time to its first occurrence', () => {
    // 2024-03-10 02:00 EST → 03:00 EDT: 02:30 does not exist, read as 03:30 EDT.
    expect(utc(2024, 3, 10, 2, 30, 'America/New_York')).toBe('2024-03-10T07:30:00.000Z');
    // 2024-11-03 02:00 EDT → 01:00 EST: 01:30 happens twice; take the EDT one.
    expect(utc(2024, 11, 3, 1, 30, 'America/New_York')).toBe('2024-11-03T05:30:00.000Z');
    // Lord Howe shifts by 30 minutes.
    expect(utc(2024, 10, 6, 2, 15, 'Australia/Lord_Howe')).toBe('2024-10-05T15:45:00.000Z');
  });

  it('does not depend on the process time zone', () => {
    const expected = utc(2026, 2, 17, 6, 0, 'Asia/Ho_Chi_Minh');
    const expectedNy = utc(2024, 3, 10, 2, 30, 'America/New_York');
    const processOffsets = { UTC: 0, 'America/Los_Angeles': 480, 'Asia/Tokyo': -540, 'Asia/Ho_Chi_Minh': -420, 'Pacific/Kiritimati': -840 };
    for (const [tz, offset] of Object.entries(processOffsets)) {
      process.env.TZ = tz;
      expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset(), `process TZ ${tz} in effect`).toBe(offset);
      expect(utc(2026, 2, 17, 6, 0, 'Asia/Ho_Chi_Minh'), tz).toBe(expected);
      expect(utc(2024, 3, 10, 2, 30, 'America/New_York'), tz).toBe(expectedNy);
    }
  });

  it('rejects invalid wall times and zones', () => {
    expect(() => zonedTimeToUtc(2025, 2, 29, 6, 0, 'Asia/Ho_Chi_Minh')).toThrow(RangeError);
    expect(() => zonedTimeToUtc(2025, 1, 1, 24, 0, 'Asia/Ho_Chi_Minh')).toThrow(RangeError);
    expect(() => zonedTimeToUtc(2025, 1, 1, 6, 60, 'Asia/Ho_Chi_Minh')).toThrow(RangeError);
    expect(() => zonedTimeToUtc(2025, 1, 1, 6, 0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
