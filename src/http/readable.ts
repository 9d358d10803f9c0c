// The unreadable-text guard every route that takes announcement text shares:
// sentences a voice would misread (no diacritics, OCR damage) go out only
// once the officer has confirmed each of them. What is unreadable is the
// speech normalizer's call, handed in by the composition root.
import { z } from 'zod';
import { AppError } from '../errors.js';

/** A sentence the voice cannot read right. */
export interface UnreadableSentence {
  index: number;
  sentence: string;
  reason: string;
  terms: string[];
  message: string;
  en: string;
}

/**
 * `confirmUnreadable`: true confirms every flagged sentence; a list confirms
 * the sentences it names (as written). Clean text needs neither.
 */
export const confirmUnreadableSchema = z.union([z.boolean(), z.array(z.string().max(100_000)).max(1000)]).optional();

/** The unreadable sentences of a text as the zone it is for reads it (null: no one zone holds its targets). */
export type FindUnreadable = (text: string, zoneId: string | null) => Promise<UnreadableSentence[]>;

/** Throws a 422 with the sentences still to fix or confirm. `zoneId`: the zone the item is for. */
export async function requireReadable(text: string | undefined, confirmed: boolean | string[] | undefined, find: FindUnreadable | undefined, zoneId: string | null): Promise<void> {
  if (!text || !find) return;
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ');
  const ok = new Set((Array.isArray(confirmed) ? confirmed : []).map(norm));
  // Read even when every sentence is confirmed: the reading refuses what no voice can read at all (400 unbroken_text) here, not in the render.
  const found = await find(text, zoneId);
  if (confirmed === true) return;
  const open = found.filter((u) => !ok.has(norm(u.sentence)));
  if (open.length === 0) return;
  throw new AppError(
    `Có ${open.length} câu giọng đọc không đọc đúng được (mất dấu hoặc lỗi nhận dạng chữ): hãy sửa lại, hoặc xác nhận bằng confirmUnreadable (${open.length} sentence(s) the voice cannot read right: fix them, or confirm them with confirmUnreadable)`,
    422,
    'unreadable_text',
    { unreadable: open },
  );
}
