// `loa backup` then `loa restore` after the data is gone: everything is back.
// SQLite through the CLI (while the database is open and its last writes are
// still in the WAL); PostgreSQL through pg_dump/pg_restore when available.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifySecret } from '../../src/access/secrets.js';
import { TokenService } from '../../src/access/tokens.js';
import { LocalMediaStore } from '../../src/audio/media-store.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type OpenedDatabase } from '../../src/db/index.js';
import { silentLogger } from '../../src/log.js';
import { backup, restore } from '../../src/ops/backup.js';
import { ReceiverService } from '../../src/receivers/service.js';
import { ZoneService } from '../../src/zones/service.js';
import { createTestDatabase, postgresAvailable } from '../helpers/postgres.js';

const run = promisify(execFile);
const loa = (args: string[], env: Record<string, string>) => run(process.execPath, ['bin/loa.js', ...args], { env: { ...process.env, ...env } });
const pgDumpFound = await run('pg_dump', ['--version']).then(() => true, () => false);
const pgReady = pgDumpFound && (await postgresAvailable());
if (!pgDumpFound) console.warn('\n  ⚠ PostgreSQL backup test SKIPPED: no pg_dump (apt-get install postgresql-client).\n');

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-backup-test-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

/** A commune with a receiver, a token, an uploaded MP3 and a kept recording original. */
async function seed(database: OpenedDatabase, dataDir: string) {
  await fs.mkdir(dataDir, { recursive: true });
  const zones = new ZoneService(database.db);
  await zones.create({ id: 'xa', name: 'Xã Bình Minh' });
  await zones.create({ id: 'thon-1', name: 'Thôn 1', parentId: 'xa' });
  const { secret } = await new ReceiverService(database.db, zones, { timezone: 'Asia/Ho_Chi_Minh', log: silentLogger }).create({ id: 'rx-001', name: 'Cụm 1', zoneId: 'thon-1' });
  const token = await new TokenService(database.db).create('cán bộ', 'officer');
  const audio = crypto.randomBytes(20_000);
  const upload = path.join(dataDir, 'upload.mp3');
  await fs.writeFile(upload, audio);
  const media = await new LocalMediaStore({ db: database.db, dataDir }).put(upload, { source: 'upload', durationMs: 1000 });
  await fs.mkdir(path.join(dataDir, 'recordings'), { recursive: true });
  await fs.writeFile(path.join(dataDir, 'recordings', 'original.webm'), 'webm bytes');
  return { secret, token, audio, sha256: media.sha256 };
}

async function expectBack(database: OpenedDatabase, dataDir: string, seeded: Awaited<ReturnType<typeof seed>>) {
  const rx = await database.db.selectFrom('receivers').selectAll().where('id', '=', 'rx-001').executeTakeFirstOrThrow();
  expect(verifySecret(seeded.secret, rx.secret_hash)).toBe(true);
  expect((await new TokenService(database.db).resolve(seeded.token))?.role).toBe('officer');
  expect((await new ZoneService(database.db).lineage('thon-1'))).toEqual(['thon-1', 'xa']);
  expect(await new LocalMediaStore({ db: database.db, dataDir }).get(seeded.sha256)).toMatchObject({ bytes: 20_000 });
  expect(await fs.readFile(path.join(dataDir, 'media', `${seeded.sha256}.mp3`))).toEqual(seeded.audio);
  expect(await fs.readFile(path.join(dataDir, 'recordings', 'original.webm'), 'utf8')).toBe('webm bytes');
}

describe('SQLite', () => {
  it('backs up online with the CLI, and restores into an emptied DATA_DIR', async () => {
    const dataDir = path.join(dir, 'data');
    const env = { DATA_DIR: dataDir };
    const database = await openDatabase({ dataDir });
    const seeded = await seed(database, dataDir);
    // Still open: the rows just written sit in the WAL, not yet in the main file.
    expect((await fs.stat(path.join(dataDir, 'loa-lang.sqlite-wal'))).size).toBeGreaterThan(0);
    const file = path.join(dir, 'backups', 'loa.tar');
    const { stdout } = await loa(['backup', '--out', file], env);
    expect(stdout).toMatch(/sqlite database \+ media, recordings/);
    await database.close();

    await fs.rm(dataDir, { recursive: true });
    await expect(loa(['restore'], env)).rejects.toThrow(/usage: loa restore --from FILE/);
    expect((await loa(['restore', '--from', file], env)).stdout).toMatch(/restored the sqlite database of .* and 2 media files/);

    const restored = await openDatabase({ dataDir });
    try {
      await expectBack(restored, dataDir, seeded);
    } finally {
      await restored.close();
    }
  });

  it('refuses what is not a backup, or a backup of the other database kind', async () => {
    const notBackup = path.join(dir, 'x.tar');
    await fs.writeFile(path.join(dir, 'hello.txt'), 'hi');
    await run('tar', ['-cf', notBackup, '-C', dir, 'hello.txt']);
    const config = loadConfig({ DATA_DIR: path.join(dir, 'data') });
    await expect(restore(config, notBackup)).rejects.toThrow(/not a Loa Làng backup/);
    const database = await openDatabase({ dataDir: config.dataDir });
    await database.close();
    const file = path.join(dir, 'sqlite.tar');
    await backup(config, file);
    await expect(restore({ ...config, databaseUrl: 'postgres://nobody@127.0.0.1/none' }, file)).rejects.toThrow(/holds a sqlite database but this server uses postgres/);
  });
});

describe.skipIf(!pgReady)('PostgreSQL', () => {
  it('backs up with pg_dump and restores with pg_restore into an emptied database', async () => {
    const testDb = await createTestDatabase();
    try {
      const config = loadConfig({ DATA_DIR: path.join(dir, 'data'), DATABASE_URL: testDb.url });
      let database = await openDatabase({ dataDir: config.dataDir, databaseUrl: testDb.url });
      const seeded = await seed(database, config.dataDir);
      const file = path.join(dir, 'pg.tar');
      expect(await backup(config, file)).toMatchObject({ database: 'postgres', dirs: ['media', 'recordings'] });
      await sql`drop schema public cascade`.execute(database.db);
      await sql`create schema public`.execute(database.db);
      await database.close();
      await fs.rm(config.dataDir, { recursive: true });

      expect(await restore(config, file)).toMatchObject({ database: 'postgres', files: 2 });
      database = await openDatabase({ dataDir: config.dataDir, databaseUrl: testDb.url });
      try {
        await expectBack(database, config.dataDir, seeded);
      } finally {
        await database.close();
      }
    } finally {
      await testDb.drop();
    }
  });
});
