// Holiday greeting templates (schedules/greetings.json): the chairman's words
// with the year, commune and his title and name filled in when they render.
import { z } from 'zod';
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

export function listTemplates(): GreetingTemplate[] {
  return templates;
}

export function templateById(id: string): GreetingTemplate | undefined {
  return templates.find((t) => t.id === id);
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
  return text.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all).replace(/\s+/g, ' ').replace(/\s+([,.])/g, '$1').trim();
}
