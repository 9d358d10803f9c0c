// Every word the panel shows exists in Vietnamese and in English: each
// t('key') in web/js, and the keys built from a prefix and a value.
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const WEB = path.resolve(import.meta.dirname, '../../web/js');
let STRINGS: Record<string, [string, string]>;
let sources = '';

beforeAll(async () => {
  // i18n.js remembers the language in localStorage, which Node lacks.
  (globalThis as any).localStorage = { getItem: () => null, setItem: () => {} };
  ({ STRINGS } = await import(pathToFileURL(path.join(WEB, 'i18n.js')).href));
  for (const f of await fs.readdir(WEB, { recursive: true })) if (f.endsWith('.js')) sources += await fs.readFile(path.join(WEB, f), 'utf8');
});

describe('panel dictionary', () => {
  it('has both languages, non-empty, for every key', () => {
    for (const [key, pair] of Object.entries(STRINGS)) {
      expect(pair, key).toHaveLength(2);
      expect(pair[0].trim(), key).not.toBe('');
      expect(pair[1].trim(), key).not.toBe('');
    }
  });

  it('defines each key once (a second definition silently replaces the first)', async () => {
    const src = await fs.readFile(path.join(WEB, 'i18n.js'), 'utf8');
    const keys = [...src.matchAll(/^\s+'?([A-Za-z0-9_-]+)'?: \[/gm)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(100);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('knows every key the pages use', () => {
    const used = [...sources.matchAll(/\bt\('([A-Za-z0-9_-]+)'[,)]/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(100);
    expect(used.filter((k) => !(k in STRINGS))).toEqual([]);
    const nav = [...sources.matchAll(/\['\/[a-z/]*', '(nav\w+)'/g)].map((m) => m[1]!);
    expect(nav.filter((k) => !(k in STRINGS))).toEqual([]);
  });

  it('knows the keys built from states, priorities, roles and categories', () => {
    const families: Record<string, string[]> = {
      role_: ['admin', 'officer', 'chairman', 'technician'],
      prio_: ['normal', 'priority', 'emergency'],
      st_: ['draft', 'pending_approval', 'approved', 'rejected', 'archived', 'scheduled', 'dispatching', 'dispatched', 'done', 'partial', 'failed', 'expired', 'cancelled', 'stopped'],
      dl_: ['queued', 'received', 'downloaded', 'playing', 'done', 'failed', 'preempted', 'expired', 'rejected', 'skipped'],
      occ_: ['planned', 'rendering', 'ready', 'dispatched', 'done', 'partial', 'missed', 'cancelled'],
      cat_: ['thong-bao', 'tuyen-truyen', 'thu-tuc-hanh-chinh', 'loi-chuc', 'khan-cap'],
      when_: ['now', 'once', 'rule', 'holiday'],
      gwhen_: ['holiday', 'once', 'now'],
      freq_: ['daily', 'weekly', 'monthly'],
      wd: ['1', '2', '3', '4', '5', '6', '7'],
      offset: ['-1', '0', '1', '2'],
      signal: ['1', '2', '3', '4'],
    };
    const missing = Object.entries(families).flatMap(([prefix, values]) => values.map((v) => prefix + v).filter((k) => !(k in STRINGS)));
    expect(missing).toEqual([]);
  });
});
