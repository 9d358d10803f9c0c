// Vietnamese text normalizer: announcement text in, the words a TTS voice
// should speak out.
//
// Output: lower-case Vietnamese words with their diacritics. Commas are kept
// as pauses (";", ":", brackets and spaced dashes become commas too);
// sentences are joined by ". "; the final period is dropped; a final "?" or
// "!" is kept for intonation. Headings ("I.", "2.1.", "a)") are read with a
// pause after them.

export type { LexiconEntry, NormalizeOptions, NormalizeResult, NormalizeWarning, UnreadableReason, UnreadableSentence } from './types.js';
export { createNormalizer, normalize, normalizeLine, type Normalizer } from './normalizer.js';
export { splitSentences } from './sentences.js';
export { runNormalizeCli, type NormalizeCliOptions, type NormalizeCliSummary } from './cli.js';
export { BUILTIN_ABBREVIATIONS, BUILTIN_PRONUNCIATIONS } from './abbreviations.js';
