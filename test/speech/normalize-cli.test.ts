// `loa normalize` reads text as the server would: with the abbreviations the
// commune's officers added to the lexicon, and without creating a database
// where there is none.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, sqliteFile } from '../../src/db/index.js';
import { Lexicon } from '../../src/speech/lexicon.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LINE = 'Xã đạt chuẩn mô hình KDCTM năm 2026.';

function loaNormalize(dataDir: string, args: string[] = []): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['bin/loa.js', 'normalize', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' } }, (err, stdout, stderr) =>
      err ? reject(err) : resolve({ stdout, stderr }),
    );
    child.stdin!.end(`${LINE}\n`);
  });
}

describe('loa normalize', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-normalize-'));
  });
  afterEach(() => fs.rm(dataDir, { recursive: true, force: true }));

  it('spells out an unknown abbreviation, warns on stderr, and creates no database', async () => {
    const { stdout, stderr } = await loaNormalize(dataDir);
    expect(stdout).toBe('xã đạt chuẩn mô hình ca dê xê tê em năm hai nghìn không trăm hai mươi sáu\n');
    expect(stderr).toMatch(/dòng 1: .*KDCTM/);
    await expect(fs.access(sqliteFile(dataDir))).rejects.toThrow();
  });

  it("uses the commune's lexicon from its database, unless --builtin", async () => {
    const database = await openDatabase({ dataDir });
    await new Lexicon(database.db).put({ term: 'KDCTM', spoken: 'khu dân cư thông minh', kind: 'abbreviation' }, 'test');
    await database.close();

    expect((await loaNormalize(dataDir)).stdout).toContain('mô hình khu dân cư thông minh năm');
    expect((await loaNormalize(dataDir, ['--builtin'])).stdout).toContain('mô hình ca dê xê tê em năm');
  });
});
