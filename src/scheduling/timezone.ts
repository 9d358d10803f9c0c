// Wall-clock time in an IANA time zone → UTC instant, via Intl (the tz
// database shipped with Node's ICU). Never reads the process time zone, so a
// server running with TZ=UTC (or anything else) schedules the same instants.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    // Throws RangeError for an unknown zone, which is what callers should see.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

const DAY_MS = 86_400_000;
/** Offsets at UTC midnights, per zone: a year of a daily rule asks thousands of times for the same few. */
const midnights = new Map<string, Map<number, number>>();

/**
 * Offset of `tz` from UTC at instant `ms`, in milliseconds (UTC+7 → 25 200 000).
 * Between two UTC midnights with the same offset nothing changed (zones do not
 * change offset twice within a day), so only days with a transition ask Intl
 * for the exact instant.
 */
function utcOffsetMs(ms: number, tz: string): number {
  let known = midnights.get(tz);
  if (!known || known.size > 100_000) midnights.set(tz, (known = new Map()));
  const day = Math.floor(ms / DAY_MS);
  const at = (d: number) => {
    let v = known.get(d);
    if (v === undefined) known.set(d, (v = intlOffsetMs(d * DAY_MS, tz)));
    return v;
  };
  const start = at(day);
  return start === at(day + 1) ? start : intlOffsetMs(ms, tz);
}

function intlOffsetMs(ms: number, tz: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(ms)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  // Intl drops milliseconds; compare against the instant truncated to the second.
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The UTC instant at which the clocks in `tz` show y-m-d hh:mm.
 * Around DST changes it behaves like Temporal's "compatible" disambiguation:
 * a time repeated when clocks go back maps to its first occurrence; a time
 * skipped when clocks go forward maps to the same distance past the gap
 * (02:30 in a 02:00→03:00 gap → 03:30).
 */
export function zonedTimeToUtc(y: number, m: number, d: number, hh: number, mm: number, tz: string): Date {
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const check = new Date(wall);
  const valid =
    [y, m, d, hh, mm].every(Number.isInteger) &&
    hh >= 0 && hh <= 23 && mm >= 0 && mm <= 59 &&
    check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d;
  if (!valid) throw new RangeError(`invalid local time ${y}-${m}-${d} ${hh}:${mm}`);
  // The offsets a day either side bracket any transition near this wall time
  // (zones do not change offset twice within two days).
  const before = utcOffsetMs(wall - 86_400_000, tz);
  const after = utcOffsetMs(wall + 86_400_000, tz);
  // No transition near: the one offset is the answer.
  if (before === after) return new Date(wall - before);
  const candidates = [wall - before, wall - after].filter((t) => t + utcOffsetMs(t, tz) === wall);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // Skipped by a forward jump: read the wall time with the pre-jump offset.
  return new Date(wall - before);
}
