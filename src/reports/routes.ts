// GET /reports/played (the as-played log) and /reports/monthly (the monthly
// summary), as JSON or, with format=csv, as a spreadsheet download.
import { Router, type Request, type Response } from 'express';
import { scopeOf, type ScopeAccess } from '../access/scope.js';
import { z } from 'zod';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import { EARLIEST_TIME, LATEST_TIME, PRIORITIES, zoneIdSchema } from '../mqtt/protocol.js';
import { zonedTimeToUtc } from '../scheduling/timezone.js';
import { localTime, toCsv } from './csv.js';
import { categoryLabel, deliveryLabel, priorityLabel } from './labels.js';
import type { ReportStore } from './store.js';
import { describeRoutes } from '../http/openapi.js';
import { monthlyReportSchema, playedReportSchema } from './schemas.js';

/** The JSON log is for a screen; the CSV export has no cap. */
const SCREEN_ROWS = 2000;

const localDate = /^(\d{4})-(\d{2})-(\d{2})$/;
/**
 * Reports cover what receivers can have played: the protocol's years (2000
 * to 2099). Outside them a date is a typo, and years below 100 are not even
 * read as written (Date.UTC takes 0099 for 1999; the month's bounds threw).
 */
const inReportYears = (t: number) => t >= EARLIEST_TIME && t < LATEST_TIME;
const dateOrTime = z
  .string()
  .refine((s) => localDate.test(s) || !Number.isNaN(Date.parse(s)), 'must be YYYY-MM-DD or an ISO time')
  .refine((s) => {
    const m = localDate.exec(s);
    return m ? Number(m[1]) >= 2000 && Number(m[1]) <= 2099 : Number.isNaN(Date.parse(s)) || inReportYears(Date.parse(s));
  }, 'must be a date from 2000 to 2099');

const playedQuery = z.object({
  from: dateOrTime.optional(),
  to: dateOrTime.optional(),
  zoneId: zoneIdSchema.optional(),
  priority: z.enum(PRIORITIES).optional(),
  category: z.string().max(50).optional(),
  format: z.enum(['json', 'csv']).default('json'),
  decimal: z.enum(['point', 'comma']).default('point'),
});

const monthlyQuery = z.object({
  month: z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM, a month from 2000 to 2099'),
  zoneId: zoneIdSchema.optional(),
  format: z.enum(['json', 'csv']).default('json'),
  decimal: z.enum(['point', 'comma']).default('point'),
});

/** Communes running their own server, linked to this one: what they reported, beside this server's own zones (src/bulletins/). */
export interface LinkedReports {
  played(f: { from: Date; to: Date; zoneId?: string; limit: number }): Promise<object[]>;
  month(f: { from: Date; to: Date; zoneId?: string }): Promise<object[]>;
}

export function reportRoutes(store: ReportStore, guard: Guard, timezone: string, scopes: ScopeAccess, linked?: LinkedReports): Router {
  /** The zone asked for (it must be in the caller's scope), else the caller's whole scope. */
  const zoneFor = async (req: Request, zoneId: string | undefined) => {
    if (zoneId) await scopes.requireZones(scopeOf(req), [zoneId]);
    return zoneId ?? scopeOf(req).zoneId ?? undefined;
  };
  /** A bare date is a local calendar day; `end` makes it include that whole day. */
  const instant = (s: string, end: boolean): Date => {
    const m = localDate.exec(s);
    if (!m) return new Date(s);
    const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (end ? 1 : 0)));
    return zonedTimeToUtc(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), 0, 0, timezone);
  };
  const local = (iso: string | null) => localTime(iso, timezone);
  const r = Router();

  r.get('/reports/played', guard('reports:read'), async (req, res) => {
    const q = parseBody(playedQuery, req.query);
    const to = q.to ? instant(q.to, true) : new Date();
    const from = q.from ? instant(q.from, false) : new Date(to.getTime() - 7 * 24 * 3600_000);
    const zoneId = await zoneFor(req, q.zoneId);
    const rows = await store.played({ from, to, zoneId, priority: q.priority, category: q.category, limit: q.format === 'json' ? SCREEN_ROWS : undefined });
    if (q.format === 'json') {
      res.json({ from: from.toISOString(), to: to.toISOString(), rows, truncated: rows.length === SCREEN_ROWS, linked: linked ? await linked.played({ from, to, zoneId, limit: SCREEN_ROWS }) : [] });
      return;
    }
    sendCsv(
      res,
      // Named by the days it covers: `to` is exclusive, so its last day is a millisecond earlier.
      `nhat-ky-phat-${local(from.toISOString()).slice(0, 10)}_${local(new Date(to.getTime() - 1).toISOString()).slice(0, 10)}.csv`,
      toCsv(
        ['Giờ phát theo lịch', 'Bản tin', 'Mức độ', 'Loại', 'Thôn/xóm', 'Cụm loa', 'Trạng thái', 'Bắt đầu phát', 'Kết thúc', 'Thời lượng (giây)', 'Lý do', 'Mã bản tin', 'Mã cụm loa'],
        rows.map((x) => [
          local(x.startAt),
          x.title,
          priorityLabel(x.priority),
          categoryLabel(x.category),
          x.hamletName,
          x.receiverName,
          deliveryLabel(x.state),
          local(x.playingAt),
          local(x.finishedAt),
          x.durationMs === null ? null : Math.round(x.durationMs / 1000),
          x.error,
          x.broadcastId,
          x.receiverId,
        ]),
        { decimalComma: q.decimal === 'comma' },
      ),
    );
  });

  r.get('/reports/monthly', guard('reports:read'), async (req, res) => {
    const q = parseBody(monthlyQuery, req.query);
    const zoneId = await zoneFor(req, q.zoneId);
    const s = await store.monthly(q.month, zoneId);
    if (q.format === 'json') {
      res.json({ ...s, linked: linked ? await linked.month({ from: new Date(s.from), to: new Date(s.to), zoneId }) : [] });
      return;
    }
    const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
    sendCsv(
      res,
      `tong-hop-${q.month}.csv`,
      toCsv(
        ['Tháng', 'Thôn/xóm', 'Loại', 'Số bản tin', 'Số phút phát', 'Lượt gửi tới cụm loa', 'Lượt phát thành công', 'Tỷ lệ thành công (%)'],
        [
          ...s.rows.map((x) => [q.month, x.hamletName, categoryLabel(x.category), x.broadcasts, x.minutes, x.deliveries, x.done, pct(x.successRate)]),
          ...s.byHamlet.map((x) => [q.month, x.hamletName, 'Tất cả', x.broadcasts, x.minutes, x.deliveries, x.done, pct(x.successRate)]),
          [q.month, 'Toàn xã', 'Tất cả', s.totals.broadcasts, s.totals.minutes, s.totals.deliveries, s.totals.done, pct(s.totals.successRate)],
        ],
        { decimalComma: q.decimal === 'comma' },
      ),
    );
  });
  describeRoutes(r, {
    'GET /reports/played': { query: playedQuery, response: playedReportSchema, produces: 'text/csv' },
    'GET /reports/monthly': { query: monthlyQuery, response: monthlyReportSchema, produces: 'text/csv' },
  });
  return r;
}

function sendCsv(res: Response, filename: string, body: string): void {
  res
    .type('text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="${filename}"`)
    .set('Cache-Control', 'no-store')
    .send(body);
}
