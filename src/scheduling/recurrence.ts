// What a schedule says, and the instants it stands for. Every rule is read in
// the commune's local time (COMMUNE_TZ), never the server's, so moving the
// server or running it in UTC shifts nothing.
import nodeCron from 'node-cron';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { expandHolidayRule, holidayRuleSchema } from './holidays.js';
import { zonedTimeToUtc } from './timezone.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm (24-hour local time)');
const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

export const ruleSchema = z.strictObject({
  freq: z.enum(['daily', 'weekly', 'monthly']),
  times: z.array(hhmm).min(1).max(24),
  /** ISO weekdays, 1 = Monday (thứ hai) … 7 = Sunday (Chủ nhật). */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).optional(),
  monthDay: z.number().int().min(1).max(31).optional(),
  from: ymd.optional(),
  until: ymd.optional(),
  except: z.array(ymd).max(366).optional(),
});
export type Rule = z.infer<typeof ruleSchema>;

export const cronSchema = z
  .string()
  .trim()
  .min(9)
  .max(100)
  .refine((c) => nodeCron.validate(c), { error: 'is not a valid cron expression (node-cron syntax, seconds optional)', abort: true })
  // Loudspeakers air by the minute: a seconds field of several values fires
  // within one minute again and again (every second: 86 400 items a day).
  .refine((c) => nodeCron.parse(c).second.length === 1, 'lịch phát tính theo phút: biểu thức cron không được phát quá một lần mỗi phút, trường giây (nếu có) phải là một số, ví dụ "0 30 6 * * *" (the cron fires more than once a minute: schedules are minute-grained, give the seconds field as one number, e.g. "0 30 6 * * *")');

export const specSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('once'), at: z.iso.datetime({ offset: true }) }),
  z.strictObject({ kind: z.literal('cron'), cron: cronSchema }),
  z.strictObject({ kind: z.literal('rule'), rule: ruleSchema }),
  z.strictObject({ kind: z.literal('holiday'), holiday: holidayRuleSchema }),
]);
export type ScheduleSpec = z.infer<typeof specSchema>;

interface LocalDay {
  y: number;
  m: number;
  d: number;
  /** ISO weekday, 1 = Monday. */
  isoWeekday: number;
  iso: string;
}

/** The local calendar days that overlap [from, to), with a day's margin either side. */
function localDays(from: Date, to: Date, tz: string): LocalDay[] {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
  const first = fmt.format(new Date(from.getTime() - 86_400_000));
  const last = fmt.format(new Date(to.getTime() + 86_400_000));
  const out: LocalDay[] = [];
  for (let t = Date.parse(first + 'T00:00:00Z'); ; t += 86_400_000) {
    const day = new Date(t);
    const iso = day.toISOString().slice(0, 10);
    if (iso > last) break;
    out.push({ y: day.getUTCFullYear(), m: day.getUTCMonth() + 1, d: day.getUTCDate(), isoWeekday: ((day.getUTCDay() + 6) % 7) + 1, iso });
  }
  return out;
}

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

function expandRule(rule: Rule, from: Date, to: Date, tz: string): Date[] {
  const except = new Set(rule.except ?? []);
  const out: Date[] = [];
  for (const day of localDays(from, to, tz)) {
    if ((rule.from && day.iso < rule.from) || (rule.until && day.iso > rule.until) || except.has(day.iso)) continue;
    if (rule.freq === 'weekly' && !(rule.weekdays ?? [1]).includes(day.isoWeekday)) continue;
    // "Monthly on the 31st" airs on the last day of shorter months.
    if (rule.freq === 'monthly' && day.d !== Math.min(rule.monthDay ?? 1, daysInMonth(day.y, day.m))) continue;
    if (rule.freq === 'daily' && rule.weekdays && !rule.weekdays.includes(day.isoWeekday)) continue;
    for (const t of rule.times) {
      const [hh, mm] = t.split(':').map(Number) as [number, number];
      out.push(zonedTimeToUtc(day.y, day.m, day.d, hh, mm, tz));
    }
  }
  return out;
}

function expandCron(expr: string, from: Date, to: Date, tz: string): Date[] {
  const f = nodeCron.parse(expr);
  const numbers = (xs: (number | string)[]) => xs.filter((x): x is number => typeof x === 'number');
  const anyDom = f.dayOfMonth.length >= 31;
  const anyDow = new Set(numbers(f.dayOfWeek).map((d) => d % 7)).size >= 7;
  const dows = new Set(numbers(f.dayOfWeek).map((d) => d % 7));
  const out: Date[] = [];
  for (const day of localDays(from, to, tz)) {
    if (!f.month.includes(day.m)) continue;
    const domHit = numbers(f.dayOfMonth).includes(day.d);
    const dowHit = dows.has(day.isoWeekday % 7);
    // Classic cron: when both day fields are restricted, either may match.
    const dayOk = anyDom && anyDow ? true : anyDom ? dowHit : anyDow ? domHit : domHit || dowHit;
    if (!dayOk) continue;
    for (const hh of f.hour) {
      // One zone look-up per hour, not per minute (offsets change on the hour):
      // a schedule every minute is expanded over days in conflict checks.
      const hour = zonedTimeToUtc(day.y, day.m, day.d, hh, 0, tz).getTime();
      for (const mm of f.minute) {
        const base = hour + mm * 60_000;
        // The days either side are only a margin for the zone's offset: skip their minutes outside the window.
        if (base + 60_000 <= from.getTime() || base >= to.getTime()) continue;
        // Once a minute at most: a schedule stored before crons firing more often were refused airs at its first second only.
        out.push(new Date(base + f.second[0]! * 1000));
      }
    }
  }
  return out;
}

/** Every instant of the schedule in [from, to), sorted, without duplicates. */
export function expandSpec(spec: ScheduleSpec, from: Date, to: Date, tz: string): Date[] {
  if (to <= from) throw new AppError('the window must end after it starts');
  let all: Date[];
  switch (spec.kind) {
    case 'once':
      all = [new Date(spec.at)];
      break;
    case 'rule':
      all = expandRule(spec.rule, from, to, tz);
      break;
    case 'cron':
      all = expandCron(spec.cron, from, to, tz);
      break;
    case 'holiday':
      return expandHolidayRule(spec.holiday, from, to, tz);
  }
  const seen = new Set<number>();
  return all
    .filter((d) => d >= from && d < to && !seen.has(d.getTime()) && seen.add(d.getTime()))
    .sort((a, b) => a.getTime() - b.getTime());
}
