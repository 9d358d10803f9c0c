// `loa user add --zone` and `loa token create --zone`: scoped accounts and
// tokens from the command line, refused for a zone that does not exist.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src/db/index.js';
import { TokenService } from '../../src/access/tokens.js';

const run = promisify(execFile);
let dataDir: string;
let database: OpenedDatabase;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-cli-zone-'));
  database = await openDatabase({ dataDir });
  const now = new Date().toISOString();
  await database.db.insertInto('zones').values({ id: 'xa-binh-minh', name: 'Xã Bình Minh', parent_id: null, kind: 'commune', quiet_from: null, quiet_to: null, created_at: now }).execute();
});
afterAll(async () => {
  await database?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const loa = (...args: string[]) => run(process.execPath, ['bin/loa.js', ...args], { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' } });

it('creates a scoped account and a scoped token; an unknown zone is refused', async () => {
  const { stdout } = await loa('user', 'add', '--username', 'canbo-bm', '--role', 'officer', '--password', 'mot-hai-ba-bon', '--zone', 'xa-binh-minh');
  expect(stdout).toContain('xa-binh-minh');
  const user = await database.db.selectFrom('users').selectAll().where('username', '=', 'canbo-bm').executeTakeFirstOrThrow();
  expect(user.zone_id).toBe('xa-binh-minh');

  const token = (await loa('token', 'create', '--role', 'technician', '--name', 'tram-bm', '--zone', 'xa-binh-minh')).stdout.trim();
  expect(await new TokenService(database.db).resolve(token)).toEqual({ actor: 'token:tram-bm', role: 'technician', userId: null, zoneId: 'xa-binh-minh' });
  // Without --zone: the whole system, as before.
  const wide = (await loa('token', 'create', '--role', 'admin', '--name', 'toan-he-thong')).stdout.trim();
  expect((await new TokenService(database.db).resolve(wide))?.zoneId).toBeNull();

  await expect(loa('user', 'add', '--username', 'x-y', '--role', 'officer', '--password', 'mot-hai-ba-bon', '--zone', 'xa-khong-co')).rejects.toThrow(/xa-khong-co/);
  await expect(loa('token', 'create', '--role', 'officer', '--zone')).rejects.toThrow(/--zone/);
});

it('issues, lists and revokes a linked commune’s token; the token is shown once with the settings, and audited', async () => {
  const { stdout } = await loa('downstream', 'create', '--zone', 'xa-binh-minh');
  const token = /UPSTREAM_TOKEN=(loa_up_\S+)/.exec(stdout)?.[1];
  const id = /mã kết nối (ds-[0-9a-f]+)/.exec(stdout)?.[1];
  expect(token).toBeTruthy();
  expect(stdout).toMatch(/UPSTREAM_URL=http/);
  const { DownstreamStore } = await import('../../src/bulletins/downstreams.js');
  const { ZoneService } = await import('../../src/zones/service.js');
  const store = new DownstreamStore(database.db, new ZoneService(database.db));
  expect(await store.authenticate(token!)).toEqual({ id, zoneId: 'xa-binh-minh' });
  expect((await loa('downstream', 'list')).stdout).toContain(`${id}\txa-binh-minh\tXã Bình Minh`);
  // The token itself is never stored or listed.
  expect((await loa('downstream', 'list')).stdout).not.toContain(token!);

  expect((await loa('downstream', 'revoke', id!)).stdout).toContain(id!);
  expect(await store.authenticate(token!)).toBeNull();
  await expect(loa('downstream', 'revoke', id!)).rejects.toThrow(/đã bị thu hồi/);
  await expect(loa('downstream', 'create', '--zone', 'xa-khong-co')).rejects.toThrow(/xa-khong-co/);
  await expect(loa('downstream', 'create')).rejects.toThrow(/usage/);
  const audit = await database.db.selectFrom('audit_log').select(['action', 'subject']).where('action', 'like', 'downstream.%').execute();
  expect(audit).toEqual(expect.arrayContaining([{ action: 'downstream.create', subject: id }, { action: 'downstream.revoke', subject: id }]));
});
