// Public types of the Vietnamese text normalizer.

/**
 * One officer-editable lexicon entry. `abbreviation` entries match
 * case-sensitively ("TU" but not "tu"); `pronunciation` entries match
 * case-insensitively ("Zalo", "ZALO", "zalo"). Both match whole words only and
 * override the built-in tables.
 */
export type LexiconEntry = {
  term: string;
  spoken: string;
  kind: 'abbreviation' | 'pronunciation';
};

export type NormalizeOptions = {
  lexicon?: LexiconEntry[];
};

/** Warnings carry a Vietnamese `message` for officers and an English `en`. */
export type NormalizeWarning =
  | { code: 'missing-diacritics'; message: string; en: string; ratio: number }
  | { code: 'ocr-noise'; message: string; en: string; terms: string[] }
  | { code: 'unknown-abbreviation'; message: string; en: string; term: string };

export type { UnreadableReason, UnreadableSentence } from './readability.js';
import type { UnreadableSentence } from './readability.js';

export type NormalizeResult = {
  /** Sentences joined by ". " (no final period), ready for a TTS voice. */
  spoken: string;
  /** One entry per source sentence, without its final period. */
  sentences: string[];
  warnings: NormalizeWarning[];
  /** Source sentences a voice cannot read right (no diacritics, OCR damage); empty for clean text. */
  unreadable: UnreadableSentence[];
};
