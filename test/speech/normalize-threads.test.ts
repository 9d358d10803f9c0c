// The normalizer's worker threads read a text exactly as the main thread
// does, with a commune's own lexicon entries, and compile a version of the
// entries once: a worker asked for a version it lacks says so, and is sent
// the entries then.
import { afterAll, describe, expect, it } from 'vitest';
import { createNormalizer, type LexiconEntry } from '../../src/speech/normalize/index.js';
import { IN_THREAD_CHARS, NORMALIZE_WORKER, NormalizerThreads } from '../../src/speech/normalize-threads.js';
import type { NormalizeReply, NormalizeRequest } from '../../src/speech/normalize-worker.js';
import { WorkerPool } from '../../src/threads/pool.js';

// A commune in the Highlands reads its people's words ("kpan", a long bench; "knah", a gong) as it says them.
const COMMUNE: LexiconEntry[] = [
  { term: 'kpan', spoken: 'ghế dài', kind: 'pronunciation' },
  { term: 'knah', spoken: 'cồng', kind: 'pronunciation' },
  { term: 'BM', spoken: 'Bình Minh', kind: 'abbreviation' },
];
const SENTENCES = [
  'UBND xã BM thông báo: từ 7h30 ngày 15/6, Trạm Y tế xã tiêm vắc-xin sởi cho trẻ từ 1 đến 5 tuổi.',
  'Mang kpan, knah lên nhà rông.',
  'Mọi thắc mắc xin liên hệ số điện thoại 0912 345 678 hoặc ông Nguyễn Văn An, thôn 3.',
  'Họp T6 dân phố vào tối nay. Kinh gui ba con nhan dan trong xa ve viec tiem phong.',
];

const threads = new NormalizerThreads();
const pool = new WorkerPool<NormalizeRequest, NormalizeReply>({ entry: NORMALIZE_WORKER, label: 'normalizer', maxWorkers: 1, idleMs: 60_000 });
afterAll(async () => {
  await threads.close();
  await pool.close();
});

describe('the normalizer in a worker thread', () => {
  it.each([
    ['the shared part', []],
    ['a commune’s entries', COMMUNE],
  ] as const)('reads each sentence as the main thread does, with %s', async (_what, entries) => {
    const here = createNormalizer({ lexicon: [...entries] });
    for (const text of SENTENCES) {
      const there = await pool.run(async (ask) => (await ask({ key: 'xa', version: `v${entries.length}`, text })) ?? (await ask({ key: 'xa', version: `v${entries.length}`, text, entries: [...entries] })));
      expect(there, text).toEqual(here.normalize(text));
    }
    // The commune's entries were used: its words read, and no longer taken for OCR damage.
    if (entries.length) expect(here.normalize(SENTENCES[1]!)).toMatchObject({ spoken: 'mang ghế dài, cồng lên nhà rông', unreadable: [] });
  });

  it('is sent the entries only for a version it has not compiled', async () => {
    const text = SENTENCES[1]!;
    expect(await pool.run((ask) => ask({ key: 'xa-moi', version: 'a', text }))).toBeNull();
    const first = await pool.run((ask) => ask({ key: 'xa-moi', version: 'a', text, entries: COMMUNE }));
    expect(first?.spoken).toBe('mang ghế dài, cồng lên nhà rông');
    // Kept: asked again without the entries, it reads with them.
    expect(await pool.run((ask) => ask({ key: 'xa-moi', version: 'a', text }))).toEqual(first);
    // A new version of the same zone's entries is one it lacks.
    expect(await pool.run((ask) => ask({ key: 'xa-moi', version: 'b', text }))).toBeNull();
    const changed = await pool.run((ask) => ask({ key: 'xa-moi', version: 'b', text, entries: COMMUNE.filter((e) => e.term !== 'knah') }));
    expect(changed?.spoken).toBe('mang ghế dài, knah lên nhà rông');
  });

  it('reads a text too long for the main thread there, as the main thread would', async () => {
    let text = SENTENCES.join(' ');
    while (text.length < IN_THREAD_CHARS * 3) text += ` ${SENTENCES.join(' ')}`;
    const source = { key: 'xa', version: 'v1', entries: COMMUNE };
    expect(await threads.normalize(text, source)).toEqual(createNormalizer({ lexicon: COMMUNE }).normalize(text));
    // Short, read in place: the same reading.
    expect(await threads.normalize(SENTENCES[1]!, source)).toEqual(createNormalizer({ lexicon: COMMUNE }).normalize(SENTENCES[1]!));
  });
});
