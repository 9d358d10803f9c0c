// Ties the passes together: diagnostics on the whole text, sentence
// splitting, per-sentence expansion.

import { buildLexicon, withDefinedAbbreviations } from './abbreviations.js';
import { Context } from './context.js';
import { diagnose } from './diagnostics.js';
import { expandSentence, repairSpacing } from './expand.js';
import { recaseLowerCase } from './lowercase.js';
import { findUnreadable } from './readability.js';
import { cleanSource, splitCleaned } from './sentences.js';
import type { NormalizeOptions, NormalizeResult, NormalizeWarning } from './types.js';

/** Sentences joined on one line: ". " between them, none after the last. */
function joinSentences(sentences: string[]): string {
  return sentences.map((s, i) => (i < sentences.length - 1 && !/[?!]$/.test(s) ? `${s}.` : s)).join(' ');
}

/**
 * A sentence longer than this is read in pieces cut after a comma or a space, and a run of letters longer than any
 * word is cut too: some passes cost more than their text's length, and one unpunctuated "sentence" of 100,000
 * characters held the event loop for minutes. No sentence a commune writes comes near it (the corpus's longest is
 * about 220 characters).
 */
const MAX_PIECE = 600;
/** Many passes look back over a word from each of its letters. */
const LONGER_THAN_A_WORD = /\p{L}{65,}/gu;
const A_WORD_LONG = /\p{L}{1,64}/gu;
export function piecesOf(sentence: string): string[] {
  const pieces: string[] = [];
  let rest = sentence.replace(LONGER_THAN_A_WORD, (run) => run.match(A_WORD_LONG)!.join(' '));
  while (rest.length > MAX_PIECE) {
    const window = rest.slice(0, MAX_PIECE);
    let cut = Math.max(window.lastIndexOf(', '), window.lastIndexOf('; ')) + 1;
    if (cut < MAX_PIECE / 2) cut = window.lastIndexOf(' ');
    if (cut < MAX_PIECE / 2) cut = MAX_PIECE;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  pieces.push(rest);
  return pieces;
}

export type Normalizer = {
  normalize(text: string): NormalizeResult;
  normalizeLine(line: string): string;
};

/** Compiles the lexicon once, for callers that normalize many texts or lines. */
export function createNormalizer(opts: NormalizeOptions = {}): Normalizer {
  const builtLexicon = buildLexicon(opts.lexicon);
  const normalize = (text: string): NormalizeResult => {
    // A notice typed all in lower case takes its capitals back before it is judged and cut into sentences, as its stops
    // and its abbreviations are told by them.
    const typed = recaseLowerCase(text);
    const lexicon = withDefinedAbbreviations(typed, builtLexicon);
    // Cleaned once, for the diagnostics and the sentences alike.
    const cleaned = cleanSource(typed);
    const warnings: NormalizeWarning[] = diagnose(cleaned, lexicon);
    const reported = new Set<string>();
    const warn = (w: NormalizeWarning) => {
      // One warning per unknown term is enough for the officer.
      const key = w.code === 'unknown-abbreviation' ? w.term : w.code;
      if (reported.has(key)) return;
      reported.add(key);
      warnings.push(w);
    };
    const source = splitCleaned(cleaned);
    const pieces = source.map((sentence) => piecesOf(sentence));
    const sentences = pieces
      .map((ofSentence, i) =>
        ofSentence
          .map((piece, j) => expandSentence(piece, new Context(lexicon, warn, j === 0 ? source[i - 1] : ofSentence[j - 1], piece)))
          .filter(Boolean)
          .join(', '),
      )
      .filter(Boolean);
    // Checked as it will be read (spacing typos put right), reported as the officer typed it.
    const repaired = pieces.map((ofSentence) => ofSentence.map(repairSpacing).join(''));
    const unreadable = findUnreadable(repaired, lexicon).map((u) => ({ ...u, sentence: source[u.index]! }));
    return { spoken: joinSentences(sentences), sentences, warnings, unreadable };
  };
  return {
    normalize,
    // A line holds no line break by definition; its sentences stay on it.
    normalizeLine: (line) => normalize(line.replace(/[\r\n]+/g, ' ')).spoken,
  };
}

let builtinOnly: Normalizer | undefined;

/** Without a lexicon the compiled built-in tables are shared between calls. */
function normalizerFor(opts: NormalizeOptions): Normalizer {
  if (opts.lexicon?.length) return createNormalizer(opts);
  builtinOnly ??= createNormalizer();
  return builtinOnly;
}

export function normalize(text: string, opts: NormalizeOptions = {}): NormalizeResult {
  return normalizerFor(opts).normalize(text);
}

export function normalizeLine(line: string, opts: NormalizeOptions = {}): string {
  return normalizerFor(opts).normalizeLine(line);
}
