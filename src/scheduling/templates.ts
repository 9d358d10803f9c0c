// Holiday greeting templates (schedules/greetings.json, then the database,
// per commune): the chairman's words with the year, commune and his title
// and name filled in when they render.
import { z } from 'zod';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import { AppError } from '../errors.js';
import greetingsFile from '../../schedules/greetings.json' with { type: 'json' };
import { holidayRuleSchema } from './holidays.js';
import { solarToLunar } from './lunar.js';

const templateSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  holiday: holidayRuleSchema,
  text: z.string().min(1),
});
export type GreetingTemplate = z.infer<typeof templateSchema>;

const templates = z.object({ templates: z.array(templateSchema) }).parse(greetingsFile).templates;

export function templateById(id: string): GreetingTemplate | undefined {
  return templates.find((t) => t.id === id);
}

interface GreetingTemplateTable {
  /** '' for the shared template; a zone id for that zone's own wording. */
  zone_key: string;
  id: string;
  name: string;
  holiday_json: string;
  text: string;
  updated_by: string;
  updated_at: string;
}

interface TemplateView extends GreetingTemplate {
  /** The zone whose wording this is; null: the shared one. */
  zoneId: string | null;
}

/**
 * Greeting templates in the database: the shared set (seeded from
 * schedules/greetings.json) and each commune's own wording of any of them;
 * a zone reads its nearest own wording, else the shared one.
 */
export class TemplateStore {
  private readonly db;

  constructor(
    db: Db,
    private readonly zones: { lineage(zoneId: string): Promise<string[]> },
  ) {
    this.db = db.withTables<{ greeting_templates: GreetingTemplateTable }>();
  }

  /** Adds shared templates the file has and the database does not (edits are kept). */
  async seed(): Promise<void> {
    const have = new Set((await this.db.selectFrom('greeting_templates').select('id').where('zone_key', '=', '').execute()).map((r) => r.id));
    for (const t of templates) {
      if (have.has(t.id)) continue;
      await this.db
        .insertInto('greeting_templates')
        .values({ zone_key: '', id: t.id, name: t.name, holiday_json: JSON.stringify(t.holiday), text: t.text, updated_by: 'system', updated_at: nowIso() })
        .onConflict((oc) => oc.columns(['zone_key', 'id']).doNothing())
        .execute();
    }
  }

  async list(zoneId: string | null): Promise<TemplateView[]> {
    const lineage = zoneId ? await this.zones.lineage(zoneId) : [];
    const rows = await this.db.selectFrom('greeting_templates').selectAll().where('zone_key', 'in', ['', ...lineage]).orderBy('id').execute();
    const rank = (k: string) => (k === '' ? lineage.length : lineage.indexOf(k));
    const best = new Map<string, GreetingTemplateTable>();
    for (const r of rows) {
      const b = best.get(r.id);
      if (!b || rank(r.zone_key) < rank(b.zone_key)) best.set(r.id, r);
    }
    return [...best.values()].map((r) => ({ id: r.id, name: r.name, holiday: JSON.parse(r.holiday_json), text: r.text, zoneId: r.zone_key || null }));
  }

  async get(id: string, zoneId: string | null): Promise<TemplateView | undefined> {
    return (await this.list(zoneId)).find((t) => t.id === id);
  }

  /** A zone's own wording of a template (zoneId null: the shared one). */
  async put(id: string, zoneId: string | null, patch: { name?: string; text: string }, actor: string): Promise<TemplateView> {
    const base = await this.get(id, zoneId);
    if (!base) throw new AppError(`Không có mẫu lời chúc ${id} (no such template)`, 404, 'not_found');
    const row = { zone_key: zoneId ?? '', id, name: patch.name ?? base.name, holiday_json: JSON.stringify(base.holiday), text: patch.text, updated_by: actor, updated_at: nowIso() };
    await this.db
      .insertInto('greeting_templates')
      .values(row)
      .onConflict((oc) => oc.columns(['zone_key', 'id']).doUpdateSet({ name: row.name, text: row.text, updated_by: actor, updated_at: row.updated_at }))
      .execute();
    return (await this.get(id, zoneId))!;
  }
}

const CAN = ['Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ', 'Canh', 'Tân', 'Nhâm', 'Quý'];
const CHI = ['Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi', 'Thân', 'Dậu', 'Tuất', 'Hợi'];

/** The can-chi name of a lunar year: 2026 → "Bính Ngọ". */
export function canChi(lunarYear: number): string {
  return `${CAN[(lunarYear + 6) % 10]} ${CHI[(lunarYear + 8) % 12]}`;
}

export interface GreetingContext {
  /** The local date the greeting airs, YYYY-MM-DD. */
  date: string;
  communeName: string;
  chairmanTitle: string;
  chairmanName: string;
}

/** Fills {nam}, {nam_am_lich}, {ten_xa}, {chuc_danh}, {ho_ten}. */
export function fillTemplate(text: string, ctx: GreetingContext): string {
  const [y, m, d] = ctx.date.split('-').map(Number) as [number, number, number];
  // The Tết greeting on the eve still names the coming year.
  const lunar = solarToLunar(y, m, d);
  const lunarYear = lunar.month === 12 && lunar.day >= 23 ? lunar.year + 1 : lunar.year;
  const values: Record<string, string> = {
    nam: String(y),
    nam_am_lich: canChi(lunarYear),
    ten_xa: ctx.communeName,
    chuc_danh: ctx.chairmanTitle,
    ho_ten: ctx.chairmanName,
  };
  // Only the placeholders above: "{constructor}" or "{toString}" stay as written, not Object's own members read aloud.
  return text.replace(/\{(\w+)\}/g, (all, key: string) => (Object.hasOwn(values, key) ? values[key]! : all)).replace(/\s+/g, ' ').replace(/\s+([,.])/g, '$1').trim();
}
