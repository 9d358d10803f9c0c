// A year of schedules across Tết, read in the commune's time zone whatever
// the process time zone is.
import { afterEach, describe, expect, it } from 'vitest';
import { expandSpec } from '../../src/scheduling/recurrence.js';
import { canChi, fillTemplate } from '../../src/scheduling/templates.js';

const TZ = 'Asia/Ho_Chi_Minh';
const local = (d: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(d);
const y2027 = [new Date('2026-12-31T17:00:00Z'), new Date('2027-12-31T17:00:00Z')] as const; // local 2027-01-01 00:00 .. 2028-01-01 00:00
const originalTz = process.env.TZ;

afterEach(() => {
  process.env.TZ = originalTz;
});

describe.each(['UTC', 'America/New_York', 'Asia/Ho_Chi_Minh'])('with the server in %s', (serverTz) => {
  it('daily at 06:00 and 17:00 gives 730 local instants in 2027, all at those local times', () => {
    process.env.TZ = serverTz;
    const all = expandSpec({ kind: 'rule', rule: { freq: 'daily', times: ['06:00', '17:00'] } }, ...y2027, TZ);
    expect(all).toHaveLength(730);
    expect(new Set(all.map((d) => local(d).slice(11)))).toEqual(new Set(['06:00:00', '17:00:00']));
    expect(local(all[0]!)).toBe('2027-01-01 06:00:00');
    expect(all[0]!.toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });

  it('weekly on Monday and Friday, with a date range and exception dates (Tết week off)', () => {
    process.env.TZ = serverTz;
    const rule = { freq: 'weekly' as const, times: ['07:30'], weekdays: [1, 5], from: '2027-01-01', until: '2027-03-31', except: ['2027-02-05', '2027-02-08'] };
    const all = expandSpec({ kind: 'rule', rule }, ...y2027, TZ);
    const days = all.map((d) => local(d).slice(0, 10));
    expect(days).not.toContain('2027-02-05');
    expect(days).not.toContain('2027-02-08');
    expect(days).toContain('2027-02-12');
    expect(days.every((d) => [1, 5].includes(new Date(d + 'T00:00:00Z').getUTCDay()))).toBe(true);
    expect(days.at(-1)! <= '2027-03-31').toBe(true);
    // 13 Mondays + 13 Fridays in Q1 2027, less the two exceptions.
    expect(all).toHaveLength(24);
  });

  it('monthly on the 31st airs on the last day of shorter months', () => {
    process.env.TZ = serverTz;
    const all = expandSpec({ kind: 'rule', rule: { freq: 'monthly', monthDay: 31, times: ['08:00'] } }, ...y2027, TZ);
    expect(all.map((d) => local(d).slice(0, 10))).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31', '2027-06-30', '2027-07-31', '2027-08-31', '2027-09-30', '2027-10-31', '2027-11-30', '2027-12-31']);
  });

  it('cron with seconds, weekdays only, in local time', () => {
    process.env.TZ = serverTz;
    const all = expandSpec({ kind: 'cron', cron: '15 30 6 * * 1-5' }, new Date('2027-02-01T00:00:00+07:00'), new Date('2027-02-08T00:00:00+07:00'), TZ);
    expect(all.map(local)).toEqual(['2027-02-01 06:30:15', '2027-02-02 06:30:15', '2027-02-03 06:30:15', '2027-02-04 06:30:15', '2027-02-05 06:30:15']);
  });

  it('mùng 1 to mùng 3 Tết at 06:00 and 17:00, and giao thừa, across two Tết', () => {
    process.env.TZ = serverTz;
    const window = [new Date('2026-01-01T00:00:00Z'), new Date('2028-01-01T00:00:00Z')] as const;
    const tet = expandSpec({ kind: 'holiday', holiday: { holidayId: 'tet-nguyen-dan', offsets: [0, 1, 2], times: ['06:00', '17:00'] } }, ...window, TZ);
    expect(tet.map(local)).toEqual([
      '2026-02-17 06:00:00', '2026-02-17 17:00:00', '2026-02-18 06:00:00', '2026-02-18 17:00:00', '2026-02-19 06:00:00', '2026-02-19 17:00:00',
      '2027-02-06 06:00:00', '2027-02-06 17:00:00', '2027-02-07 06:00:00', '2027-02-07 17:00:00', '2027-02-08 06:00:00', '2027-02-08 17:00:00',
    ]);
    const eve = expandSpec({ kind: 'holiday', holiday: { holidayId: 'giao-thua', offsets: [0], times: ['23:55'] } }, ...window, TZ);
    expect(eve.map(local)).toEqual(['2026-02-16 23:55:00', '2027-02-05 23:55:00']);
  });
});

describe('greeting templates', () => {
  it('fill the year, its can-chi name, the commune and the chairman', () => {
    expect(canChi(2026)).toBe('Bính Ngọ');
    expect(canChi(2027)).toBe('Đinh Mùi');
    expect(canChi(1985)).toBe('Ất Sửu');
    const text = fillTemplate('Xuân {nam_am_lich} {nam}, {chuc_danh} {ho_ten} chúc Nhân dân {ten_xa}.', {
      date: '2027-02-06',
      communeName: 'xã Bình Minh',
      chairmanTitle: 'Chủ tịch UBND xã',
      chairmanName: 'Nguyễn Văn An',
    });
    expect(text).toBe('Xuân Đinh Mùi 2027, Chủ tịch UBND xã Nguyễn Văn An chúc Nhân dân xã Bình Minh.');
    // On giao thừa (still the old lunar year) the greeting names the coming year.
    expect(fillTemplate('{nam_am_lich}', { date: '2027-02-05', communeName: '', chairmanTitle: '', chairmanName: '' })).toBe('Đinh Mùi');
  });
});
