// A text read twice in a row (a broadcast's unreadable check, then its
// render) is read once; a change to the lexicon is read at once all the same.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { Lexicon } from '../../src/speech/lexicon.js';

const TEXT = 'Xã đạt chuẩn mô hình KDCTM năm 2026. '.repeat(40);

describe('lexicon readings', () => {
  let dataDir: string;
  let database: Awaited<ReturnType<typeof openDatabase>>;
  let lexicon: Lexicon;
  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-readings-'));
    database = await openDatabase({ dataDir });
    lexicon = new Lexicon(database.db);
    await lexicon.load();
  });
  afterEach(async () => {
    await lexicon.close();
    await database.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('gives the same reading of the same text, and a new one once an entry is added', async () => {
    const first = await lexicon.normalize(TEXT);
    expect(first.spoken).toContain('ca dê xê tê em');
    expect(await lexicon.normalize(TEXT)).toBe(first);

    await lexicon.put({ term: 'KDCTM', spoken: 'khu dân cư thông minh', kind: 'abbreviation' }, 'test');
    const after = await lexicon.normalize(TEXT);
    expect(after).not.toBe(first);
    expect(after.spoken).toContain('khu dân cư thông minh');
    expect(await lexicon.normalize(`${TEXT} Xin cảm ơn.`)).not.toBe(after);
  });
});
