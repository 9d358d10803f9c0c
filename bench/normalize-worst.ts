// The normalizer on the inputs that once made its work grow faster than their
// length (test/adversarial/normalize-worst-case.test.ts): milliseconds to read
// each at 10,000, 40,000 and 100,000 characters (the longest text the API
// takes), beside ordinary bulletin text of the same lengths. Time in proportion
// to length is the goal: 100,000 characters should take about ten times 10,000.
//
//   npx tsx bench/normalize-worst.ts     (prints a Markdown table for docs/benchmarks.md)
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { normalize } from '../src/speech/normalize/index.js';

const dir = new URL('../test/speech/', import.meta.url);
const bulletins = readdirSync(dir)
  .filter((f) => /^normalize-bulletins.*\.tsv$/.test(f))
  .sort()
  .flatMap((f) => readFileSync(new URL(f, dir), 'utf8').split('\n'))
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => l.split('\t')[1])
  .join(' ');

const fill = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
const KINDS: Record<string, (n: number) => string> = {
  'bulletin text (the corpus)': (n) => bulletins.slice(0, n),
  'the same without full stops': (n) => bulletins.slice(0, n).replace(/[.!?;:]/g, ' '),
  'one hashtag': (n) => `#${'a'.repeat(n - 1)}`,
  '"Ông Văn " repeated': (n) => fill('Ông Văn ', n),
  '"Đắk " repeated': (n) => fill('Đắk ', n),
  '"1." repeated': (n) => fill('1.', n),
  '"Km1+" repeated': (n) => fill('Km1+', n),
  'one "word" of "người"': (n) => fill('người', n),
  'spaces': (n) => `a${' '.repeat(n - 2)}b`,
  'emoji': (n) => fill('😀', n),
  '"@" repeated': (n) => fill('@', n),
  '"?" repeated': (n) => fill('?', n),
};
const SIZES = [10_000, 40_000, 100_000];

normalize('khởi động');
console.log(`\`npx tsx bench/normalize-worst.ts\` — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}.\n`);
console.log(`| input | ${SIZES.map((n) => `${n.toLocaleString('en')} chars, ms`).join(' | ')} | 100k ÷ 10k |`);
console.log(`| --- | ${SIZES.map(() => '---:').join(' | ')} | ---: |`);
for (const [name, make] of Object.entries(KINDS)) {
  const ms = SIZES.map((n) => {
    const text = make(n);
    const started = performance.now();
    normalize(text);
    return performance.now() - started;
  });
  console.log(`| ${name} | ${ms.map((m) => m.toFixed(0)).join(' | ')} | ${(ms[2]! / ms[0]!).toFixed(1)}× |`);
}
