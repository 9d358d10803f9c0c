// Where a text is normalized (src/speech/normalize-threads.ts): milliseconds
// to read it on the main thread, which holds the event loop that long, and in
// a warm worker thread, which holds it for the round trip only; and a worker's
// cold start. Medians of 9 runs. Sets IN_THREAD_CHARS.
//
//   npx tsx bench/normalize-threads.ts     (prints a Markdown table for docs/benchmarks.md)
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { CompiledNormalizers } from '../src/speech/compiled-normalizers.js';
import { NORMALIZE_WORKER } from '../src/speech/normalize-threads.js';
import type { NormalizeReply, NormalizeRequest } from '../src/speech/normalize-worker.js';
import { WorkerPool } from '../src/threads/pool.js';
import { longVietnameseText } from '../test/helpers/long-text.js';

const source = { key: '', version: 'bench', entries: [] };
const here = new CompiledNormalizers();
const pool = new WorkerPool<NormalizeRequest, NormalizeReply>({ entry: NORMALIZE_WORKER, label: 'normalizer', maxWorkers: 1, idleMs: 60_000 });
const inWorker = (text: string) => pool.run(async (ask) => (await ask({ key: '', version: 'bench', text })) ?? (await ask({ key: '', version: 'bench', text, entries: [] })));
const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
const timed = async (f: () => unknown) => {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
};

const cold = await timed(() => inWorker('Họp lúc 7h.'));
here.for(source).normalize(longVietnameseText(5_000));
await inWorker(longVietnameseText(5_000));
console.log(`\`npx tsx bench/normalize-threads.ts\` — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}.\n`);
console.log('| characters | main thread, ms | worker, ms | worker: event-loop delay max, ms |');
console.log('| ---: | ---: | ---: | ---: |');
for (const n of [100, 300, 1_000, 2_000, 10_000, 100_000]) {
  const text = longVietnameseText(n);
  const a: number[] = [];
  for (let i = 0; i < 9; i++) a.push(await timed(() => here.for(source).normalize(text)));
  // A fresh monitor once the loop is idle again: its first sample would count the runs above.
  await new Promise((r) => setTimeout(r, 50));
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const b: number[] = [];
  for (let i = 0; i < 9; i++) b.push(await timed(() => inWorker(text)));
  loop.disable();
  console.log(`| ${n.toLocaleString('en')} | ${median(a).toFixed(1)} | ${median(b).toFixed(1)} | ${(loop.max / 1e6).toFixed(0)} |`);
}
console.log(`\nA worker's cold start (under tsx, which compiles the normalizer's modules first), with its first short text: ${cold.toFixed(0)} ms.`);
await pool.close();
