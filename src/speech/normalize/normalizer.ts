// Ties the passes together: diagnostics on the whole text, sentence
// splitting, per-sentence expansion.

import { buildLexicon, withDefinedAbbreviations } from './abbreviations.js';
import { Context } from './context.js';
import { diagnose } from './diagnostics.js';
import { expandSentence, repairSpacing } from './expand.js';
import { findUnreadable } from './readability.js';
import { splitSentences } from './sentences.js';
import type { NormalizeOptions, NormalizeResult, NormalizeWarning } from './types.js';

/** Sentences joined on one line: ". " between them, none after the last. */
function joinSentences(sentences: string[]): string {
  return sentences.map((s, i) => (i < sentences.length - 1 && !/[?!]$/.test(s) ? `${s}.` : s)).join(' ');
}

export type Normalizer = {
  normalize(text: string): NormalizeResult;
  normalizeLine(line: string): string;
};

/** Compiles the lexicon once, for callers that normalize many texts or lines. */
export function createNormalizer(opts: NormalizeOptions = {}): Normalizer {
  const builtLexicon = buildLexicon(opts.lexicon);
  const normalize = (text: string): NormalizeResult => {
    const lexicon = withDefinedAbbreviations(text, builtLexicon);
    const warnings: NormalizeWarning[] = diagnose(text, lexicon);
    const reported = new Set<string>();
    const warn = (w: NormalizeWarning) => {
      // One warning per unknown term is enough for the officer.
      const key = w.code === 'unknown-abbreviation' ? w.term : w.code;
      if (reported.has(key)) return;
      reported.add(key);
      warnings.push(w);
    };
    const source = splitSentences(text);
    const sentences = source.map((sentence, i) => expandSentence(sentence, new Context(lexicon, warn, source[i - 1]))).filter(Boolean);
    // Checked as it will be read (spacing typos put right), reported as the officer typed it.
    const unreadable = findUnreadable(source.map((s) => repairSpacing(s.normalize('NFC'))), lexicon).map((u) => ({ ...u, sentence: source[u.index]! }));
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
