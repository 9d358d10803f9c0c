// Line filter behind `npx loa normalize`: one spoken line out for every line
// in, so the output can be pasted next to the input line by line. Warnings go
// to a separate stream, prefixed with the line number.

import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { createNormalizer } from './normalizer.js';
import type { LexiconEntry } from './types.js';

export type NormalizeCliOptions = {
  lexicon?: LexiconEntry[];
  /** Where warnings are written ("dòng 3: …"); dropped when absent. */
  stderr?: NodeJS.WritableStream;
};

export type NormalizeCliSummary = { lines: number; warnings: number };

export async function runNormalizeCli(
  stdin: NodeJS.ReadableStream,
  stdout: NodeJS.WritableStream,
  opts: NormalizeCliOptions = {},
): Promise<NormalizeCliSummary> {
  const normalizer = createNormalizer({ lexicon: opts.lexicon });
  const summary: NormalizeCliSummary = { lines: 0, warnings: 0 };
  for await (const line of createInterface({ input: stdin, crlfDelay: Infinity })) {
    summary.lines++;
    const result = normalizer.normalize(line);
    for (const w of result.warnings) {
      summary.warnings++;
      opts.stderr?.write(`dòng ${summary.lines}: ${w.message}\n`);
    }
    // A sentence the voice cannot read is reported with itself, so it can be found and fixed.
    for (const u of result.unreadable) {
      summary.warnings++;
      opts.stderr?.write(`dòng ${summary.lines}: «${u.sentence}» ${u.message}\n`);
    }
    if (!stdout.write(`${result.spoken}\n`)) await once(stdout, 'drain');
  }
  return summary;
}
