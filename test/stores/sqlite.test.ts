// The store suites on SQLite: a fresh database file for each test.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src/db/index.js';
import { storeSuites } from './all.js';

let dir: string;
let opened: OpenedDatabase | null = null;
let n = 0;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-stores-sqlite-'));
});
afterEach(async () => {
  await opened?.close();
  opened = null;
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

storeSuites(async () => {
  opened = await openDatabase({ dataDir: dir, sqliteFile: path.join(dir, `store-${++n}.sqlite`) });
  return opened.db;
});
