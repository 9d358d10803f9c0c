// Named holidays (schedules/holidays.json) and holiday-anchored times:
// "mùng 1 to mùng 3 Tết at 06:00 and 17:00" = tet-nguyen-dan, offsets 0..2,
// times 06:00 and 17:00, in the commune's local time.
import { z } from 'zod';
import { AppError } from '../errors.js';
import holidaysFile from '../../schedules/holidays.json' with { type: 'json' };
import { lunarToSolar, MAX_YEAR, MIN_YEAR, type SolarDate } from './lunar.js';
import { zonedTimeToUtc } from './timezone.js';

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const idSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'holiday ids are lowercase-kebab-case');
const names = { id: idSchema, name: z.string().min(1), nameEn: z.string().min(1) };

// Each kind is bounded so that a holiday falls exactly once in every
// Gregorian year: lunar months 1–10 run from late January to mid-December
// (month 11 can straddle New Year), day 30 does not exist in every month, and
// ±7 days from such a date stays inside the year.
const holidaySchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...names, kind: z.literal('solar'), month: z.int().min(1).max(12), day: z.int().min(1).max(31) }).refine(
    // A non-leap year, so 29 February is rejected.
    (h) => new Date(Date.UTC(2001, h.month - 1, h.day)).getUTCDate() === h.day,
    { message: 'no such day in a common year' },
  ),
  z.strictObject({ ...names, kind: z.literal('lunar'), month: z.int().min(1).max(10), day: z.int().min(1).max(29) }),
  z.strictObject({ ...names, kind: z.literal('offset'), of: idSchema, days: z.int().min(-7).max(7) }),
]);

export const holidaysFileSchema = z
  .object({ holidays: z.array(holidaySchema) })
  .superRefine(({ holidays }, ctx) => {
    const kinds = new Map<string, string>();
    for (const h of holidays) {
      if (kinds.has(h.id)) ctx.addIssue({ code: 'custom', message: `duplicate holiday id ${h.id}` });
      kinds.set(h.id, h.kind);
    }
    for (const h of holidays) {
      if (h.kind === 'offset' && kinds.get(h.of) !== 'lunar') {
        ctx.addIssue({ code: 'custom', message: `${h.id}: "of" must name a lunar holiday, got ${h.of}` });
      }
    }
  });

type Holiday = z.infer<typeof holidaySchema>;

const HOLIDAYS: readonly Holiday[] = (() => {
  const r = holidaysFileSchema.safeParse(holidaysFile);
  if (!r.success) throw new Error(`schedules/holidays.json is invalid:\n${z.prettifyError(r.error)}`);
  return r.data.holidays;
})();
const BY_ID = new Map(HOLIDAYS.map((h) => [h.id, h]));

export interface HolidayOccurrence {
  id: string;
  name: string;
  nameEn: string;
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new AppError(`year must be an integer from ${MIN_YEAR} to ${MAX_YEAR}`, 400, 'year_out_of_range');
  }
}

function holidayById(id: string): Holiday {
  const h = BY_ID.get(id);
  if (!h) throw new AppError(`unknown holiday ${id}`, 400, 'unknown_holiday');
  return h;
}

function addDays(d: SolarDate, days: number): SolarDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function isoDate(d: SolarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

function occurrence(h: Holiday, year: number): SolarDate {
  switch (h.kind) {
    case 'solar':
      return { year, month: h.month, day: h.day };
    case 'lunar': {
      const d = lunarToSolar(year, h.month, h.day);
      // Unreachable with the schema's bounds (months 1–10, days 1–29 always exist).
      if (!d) throw new Error(`lunar ${h.day}/${h.month} does not exist in ${year}`);
      return d;
    }
    case 'offset':
      return addDays(occurrence(holidayById(h.of), year), h.days);
  }
}

/** Every holiday falling in Gregorian year `year`, by date. */
export function holidaysForYear(year: number): HolidayOccurrence[] {
  checkYear(year);
  return HOLIDAYS.map((h) => ({ id: h.id, name: h.name, nameEn: h.nameEn, date: isoDate(occurrence(h, year)) })).sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
}

/** The date (YYYY-MM-DD) of holiday `id` in Gregorian year `year`. */
export function holidayDate(id: string, year: number): string {
  checkYear(year);
  return isoDate(occurrence(holidayById(id), year));
}

const timeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:mm (00:00–23:59)');
// A month either side of a holiday covers "the week before Tết" style rules
// and keeps every occurrence within a year of its holiday.
const offsetSchema = z.int().min(-31).max(31);

export const holidayAnchorSchema = z.strictObject({ holidayId: idSchema, offsetDays: offsetSchema, time: timeSchema });
export type HolidayAnchor = z.infer<typeof holidayAnchorSchema>;

export const holidayRuleSchema = z.strictObject({
  holidayId: idSchema,
  offsets: z.array(offsetSchema).min(1),
  times: z.array(timeSchema).min(1),
});
export type HolidayRule = z.infer<typeof holidayRuleSchema>;

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, code: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError(z.prettifyError(r.error), 400, code);
  return r.data;
}

function anchorInstant(holidayId: string, offsetDays: number, time: string, year: number, tz: string): Date {
  const d = addDays(occurrence(holidayById(holidayId), year), offsetDays);
  const [hh, mm] = time.split(':').map(Number);
  return zonedTimeToUtc(d.year, d.month, d.day, hh, mm, tz);
}

/** The UTC instant of `time` (local to `tz`) on the day `offsetDays` after holiday `holidayId` of year `year`. */
export function resolveHolidayAnchor(anchor: HolidayAnchor, year: number, tz = DEFAULT_TIME_ZONE): Date {
  const a = parseOrThrow(holidayAnchorSchema, anchor, 'invalid_holiday_anchor');
  checkYear(year);
  return anchorInstant(a.holidayId, a.offsetDays, a.time, year, tz);
}

/**
 * Every instant of `rule` (each offset × each time, local to `tz`) in
 * [fromUtc, toUtc), ascending, across as many years as the window spans.
 */
export function expandHolidayRule(rule: HolidayRule, fromUtc: Date, toUtc: Date, tz = DEFAULT_TIME_ZONE): Date[] {
  const r = parseOrThrow(holidayRuleSchema, rule, 'invalid_holiday_rule');
  holidayById(r.holidayId);
  const from = fromUtc.getTime();
  const to = toUtc.getTime();
  if (Number.isNaN(from) || Number.isNaN(to)) throw new AppError('invalid time window', 400, 'invalid_window');
  if (from >= to) return [];
  checkYear(fromUtc.getUTCFullYear());
  checkYear(new Date(to - 1).getUTCFullYear());
  // Occurrences lie within a year of their holiday (offsets ≤ 31 days, UTC
  // offsets < 1 day), so one extra year on each side covers the window; at
  // the ends of the supported range that extra year is skipped.
  const firstYear = Math.max(MIN_YEAR, fromUtc.getUTCFullYear() - 1);
  const lastYear = Math.min(MAX_YEAR, new Date(to - 1).getUTCFullYear() + 1);
  const instants = new Set<number>();
  for (let year = firstYear; year <= lastYear; year++) {
    for (const offset of r.offsets) {
      for (const time of r.times) {
        const t = anchorInstant(r.holidayId, offset, time, year, tz).getTime();
        if (t >= from && t < to) instants.add(t);
      }
    }
  }
  return [...instants].sort((a, b) => a - b).map((t) => new Date(t));
}
