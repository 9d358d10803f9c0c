// Compiled normalizers kept by key (a zone with lexicon additions, or the
// shared part), each tagged with the version of the entries it was compiled
// from; used on the main thread for short texts and in each normalizer worker.
import { createNormalizer, type LexiconEntry, type Normalizer } from './normalize/index.js';

/** What a normalizer is compiled from. `version` changes whenever `entries` do. */
export interface NormalizerSource {
  key: string;
  version: string;
  entries: readonly LexiconEntry[];
}

/** ~0.2 MB and ~3 ms each: a province's communes with additions fit, and one evicted is compiled again when next asked for. */
const MAX_COMPILED = 64;

export class CompiledNormalizers {
  private readonly byKey = new Map<string, { version: string; normalizer: Normalizer }>();

  /** The normalizer compiled from this version, if kept. */
  get(key: string, version: string): Normalizer | undefined {
    const kept = this.byKey.get(key);
    if (kept?.version !== version) return undefined;
    // The least recently used goes first.
    this.byKey.delete(key);
    this.byKey.set(key, kept);
    return kept.normalizer;
  }

  /** Compiles and keeps it in place of the key's older version. */
  compile({ key, version, entries }: NormalizerSource): Normalizer {
    const normalizer = createNormalizer({ lexicon: [...entries] });
    this.byKey.delete(key);
    this.byKey.set(key, { version, normalizer });
    if (this.byKey.size > MAX_COMPILED) this.byKey.delete(this.byKey.keys().next().value!);
    return normalizer;
  }

  for(source: NormalizerSource): Normalizer {
    return this.get(source.key, source.version) ?? this.compile(source);
  }
}
