// What the report routes answer as JSON (src/reports/routes.ts, store.ts);
// with format=csv they answer a spreadsheet instead.
import { z } from 'zod';
import { component } from '../http/openapi.js';
import { deliveryState, isoTime, priority } from '../http/schemas.js';
import { linkedMonthSchema, linkedPlayedSchema } from '../bulletins/schemas.js';

/** One delivery of the as-played log. */
const playedRow = z.object({
  broadcastId: z.string(),
  title: z.string(),
  priority,
  category: z.string().nullable(),
  startAt: isoTime,
  receiverId: z.string(),
  receiverName: z.string(),
  hamletId: z.string(),
  hamletName: z.string(),
  state: deliveryState,
  playingAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
  durationMs: z.int().min(0).nullable(),
  error: z.string().nullable(),
});

export const playedReportSchema = component('PlayedReport', z.object({
  from: isoTime,
  to: isoTime,
  rows: z.array(playedRow),
  /** The screen's cap was reached: the CSV export has every row. */
  truncated: z.boolean(),
  /** What linked communes' own servers reported. */
  linked: z.array(linkedPlayedSchema),
}));

const summaryLine = {
  broadcasts: z.int().min(0),
  minutes: z.number().min(0),
  deliveries: z.int().min(0),
  done: z.int().min(0),
  /** done / deliveries; null with no deliveries. */
  successRate: z.number().min(0).max(1).nullable(),
};

export const monthlyReportSchema = component('MonthlyReport', z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  from: isoTime,
  to: isoTime,
  totals: z.object(summaryLine),
  byHamlet: z.array(z.object({ hamletId: z.string(), hamletName: z.string(), ...summaryLine })),
  byCategory: z.array(z.object({ category: z.string().nullable(), ...summaryLine })),
  rows: z.array(z.object({ hamletId: z.string(), hamletName: z.string(), category: z.string().nullable(), ...summaryLine })),
  linked: z.array(linkedMonthSchema),
}));
