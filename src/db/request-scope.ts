// Each HTTP request runs in its own scope, so that a cache shared by all
// requests can be checked against the database once per request: a request
// sent to this instance right after another instance changed something sees
// the change, while work outside requests (dispatch, broker callbacks) keeps
// to the cache's own lifetime.
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<Set<string>>();

/** Runs `fn` (the rest of a request) in a fresh scope. */
export function inRequestScope<T>(fn: () => T): T {
  return scope.run(new Set(), fn);
}

/** True the first time `key` is asked for in the current request; false after, and outside requests. */
export function firstInRequest(key: string): boolean {
  const seen = scope.getStore();
  if (!seen || seen.has(key)) return false;
  seen.add(key);
  return true;
}
