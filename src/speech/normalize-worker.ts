// Runs in a worker thread (started by normalize-threads.ts): normalizing a
// long text is seconds of uninterrupted CPU (100,000 characters, the API's
// limit, take 2–3 s), which on the main thread would hold up acks, dispatch
// and every HTTP answer meanwhile.
import { serveRequests } from '../threads/serve.js';
import { CompiledNormalizers } from './compiled-normalizers.js';
import type { LexiconEntry, NormalizeResult } from './normalize/index.js';

export interface NormalizeRequest {
  key: string;
  version: string;
  text: string;
  /** Sent only when this worker answered that it lacks the version. */
  entries?: LexiconEntry[];
}

/** null: this worker has no normalizer of that version; ask again with the entries. */
export type NormalizeReply = NormalizeResult | null;

const compiled = new CompiledNormalizers();

serveRequests<NormalizeRequest, NormalizeReply>(({ key, version, text, entries }) => {
  const normalizer = entries ? compiled.compile({ key, version, entries }) : compiled.get(key, version);
  return normalizer ? normalizer.normalize(text) : null;
});
