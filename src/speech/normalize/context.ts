// Per-sentence state shared by the expansion passes. Every pass replaces what
// it has read with a one-character placeholder ("slot", a Private Use Area
// code point) holding the spoken words, so later passes never re-read words
// an earlier pass produced (a date's "tháng tư" must not be taken for a
// month again) and can still see where numbers stand (ranges, ratios).

import type { Lexicon } from './abbreviations.js';
import type { NormalizeWarning } from './types.js';

/** number: a quantity, time or date, so "A - B" between two reads "A đến B". */
export type SlotKind = 'text' | 'number' | 'unit';

const FIRST_SLOT = 0xe000;
const LAST_SLOT = 0xf8ff;
/** Regex source for one slot character. */
export const SLOT = '[\\uE000-\\uF8FF]';
/** Regex sources for "not inside a word or a number". */
export const WORD_START = '(?<![\\p{L}\\p{N}])';
export const WORD_END = '(?![\\p{L}\\p{N}])';

export class Context {
  private readonly spoken: string[] = [];
  private readonly kinds: SlotKind[] = [];
  /** The sentence was typed in capitals: set by the pass that lowers its function words, read by the passes after. */
  shouted = false;

  constructor(
    readonly lexicon: Lexicon,
    readonly warn: (warning: NormalizeWarning) => void,
    /** The sentence before, as written: what it speaks of can decide an abbreviation ("Bão số 3 … . BCH xã …"). */
    readonly previousSentence = '',
    /** This sentence as written, before any pass put words of its own in it. */
    readonly sentence = '',
  ) {}

  /** Stores spoken words and returns the placeholder to put in the text. */
  slot(spoken: string, kind: SlotKind = 'text'): string {
    const index = this.spoken.length;
    // 6,400 slots per sentence; past that (never in real text) inline the words.
    if (FIRST_SLOT + index > LAST_SLOT) return ` ${spoken} `;
    this.spoken.push(spoken.toLowerCase());
    this.kinds.push(kind);
    return String.fromCharCode(FIRST_SLOT + index);
  }

  /** The words behind a placeholder. */
  spokenOf(slot: string): string | undefined {
    return this.spoken[slot.charCodeAt(0) - FIRST_SLOT];
  }

  kindOf(slot: string): SlotKind | undefined {
    return this.kinds[slot.charCodeAt(0) - FIRST_SLOT];
  }

  /** Puts the spoken words back in place of their placeholders. */
  restore(text: string): string {
    return text.replace(new RegExp(SLOT, 'gu'), (slot) => ` ${this.spoken[slot.charCodeAt(0) - FIRST_SLOT]} `);
  }
}

/**
 * The text just before `offset`, for "what stands before" checks. Bounded, so
 * a long sentence full of matches is not rescanned from its start each time.
 */
export function textBefore(all: string, offset: number, max = 120): string {
  return all.slice(Math.max(0, offset - max), offset);
}

/** The text just after `end`, bounded like textBefore. */
export function textAfter(all: string, end: number, max = 120): string {
  return all.slice(end, end + max);
}

/** Removes placeholder code points that arrive in the input itself. */
export function stripSlotCharacters(text: string): string {
  return text.replace(new RegExp(SLOT, 'gu'), ' ');
}
