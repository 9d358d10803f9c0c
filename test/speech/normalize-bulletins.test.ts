// Commune bulletin sentences (issue 15): storm warnings, road works,
// vaccination days, addresses, land notices, administrative notices, meeting
// invitations, farming advice, "Chính quyền thân thiện". Each line of
// normalize-bulletins*.tsv must be read exactly as the announcer reads it, and
// none of these clean sentences may be reported as unreadable.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/speech/normalize/index.js';
import type { NormalizeResult } from '../../src/speech/normalize/types.js';

type Row = { file: string; line: number; category: string; input: string; expected: string };

function readRows(file: string): Row[] {
  const text = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
  return text.split('\n').flatMap((row, i) => {
    if (!row.trim() || row.startsWith('#')) return [];
    const [category, input, expected, ...extra] = row.split('\t');
    if (!category || !input || expected === undefined || extra.length > 0) {
      throw new Error(`${file}:${i + 1}: expected 3 tab-separated columns`);
    }
    return [{ file, line: i + 1, category, input, expected }];
  });
}

const files = readdirSync(new URL('.', import.meta.url)).filter((f) => /^normalize-bulletins.*\.tsv$/.test(f)).sort();
const rows = files.flatMap(readRows);

// Each row is normalized once: its reading is checked row by row, its warnings all together (thousands of rows; twice the
// work took the last check past its time on a loaded machine). A row has no line break, so normalize(input).spoken is
// normalizeLine(input).
const results = new Map<Row, NormalizeResult>();
function resultOf(row: Row): NormalizeResult {
  let r = results.get(row);
  if (!r) results.set(row, (r = normalize(row.input)));
  return r;
}

// Synchronous tests run back to back on microtasks alone: the worker's
// messages to vitest go unanswered until the loop turns, and one that waits
// over 60 s is reported as an error ("Timeout calling onTaskUpdate"). The
// corpus is thousands of rows (~30 s, twice that on a loaded machine), so it
// lets the loop turn every half second.
let turned = Date.now();
async function letTheLoopTurn(): Promise<void> {
  if (Date.now() - turned < 500) return;
  await new Promise((resolve) => setImmediate(resolve));
  turned = Date.now();
}

describe('bulletin corpus', () => {
  it('holds at least 250 sentences across the bulletin categories', () => {
    expect(rows.length).toBeGreaterThanOrEqual(250);
    const categories = new Set(rows.map((r) => r.category));
    for (const c of ['weather', 'road', 'health', 'address', 'land', 'admin', 'meeting', 'agri', 'cqtt', 'contact', 'money', 'loanword']) {
      expect(categories).toContain(c);
    }
    // The same sentence twice would count twice.
    expect(new Set(rows.map((r) => r.input)).size).toBe(rows.length);
  });

  it.each(rows.map((r) => [`${r.file}:${r.line} ${r.category}: ${r.input}`, r] as const))('%s', async (_name, row) => {
    await letTheLoopTurn();
    expect(resultOf(row).spoken).toBe(row.expected);
  });

  it('flags none of these sentences as unreadable and warns only about unknown abbreviations', () => {
    const read = rows.map((r) => ({ input: r.input, ...resultOf(r) }));
    expect(read.filter((r) => r.unreadable.length > 0).map((r) => r.input)).toEqual([]);
    const warnings = read.flatMap((r) => r.warnings.filter((w) => w.code !== 'unknown-abbreviation').map((w) => ({ input: r.input, ...w })));
    expect(warnings).toEqual([]);
  });
});
