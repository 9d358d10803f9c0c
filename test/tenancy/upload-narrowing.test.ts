// The commune picker (X-Loa-Zone) narrowed the API routes only: uploads and
// recordings (POST /api/v1/media, /api/v1/recordings) are served before
// them, so a district account that picked commune A made a recording owned
// by the whole district, which commune B could then air. The picker now
// narrows those routes too: the recording is commune A's.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ffmpegCli } from '../audio/ffmpeg-cli.js';

let t: TestServer;
let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-narrow-upload-'));
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'huyen', name: 'Huyện', kind: 'district' });
  for (const id of ['xa-a', 'xa-b']) await t.api('POST', '/api/v1/zones', { id, name: id, parentId: 'huyen', kind: 'commune' });
});
afterAll(async () => {
  await t?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

it('a district chairman who picked commune A records for commune A: commune B cannot air it, A can', async () => {
  const district = await t.server.tokens.create('chairman-huyen', 'chairman', null, undefined, 'huyen');
  const file = path.join(tmp, 'greeting.wav');
  await ffmpegCli(['-y', '-f', 'lavfi', '-i', 'sine=f=523:d=1', file]);
  const form = new FormData();
  form.append('file', new Blob([await fs.readFile(file)], { type: 'audio/wav' }), 'greeting.wav');
  const up = await fetch(`${t.baseUrl}/api/v1/recordings`, { method: 'POST', headers: { authorization: `Bearer ${district}`, 'x-loa-zone': 'xa-a' }, body: form });
  expect(up.status).toBe(201);
  const { sha256 } = (await up.json()) as { sha256: string };
  const owners = await t.server.database.db.withTables<{ media_owners: { sha256: string; zone_key: string } }>().selectFrom('media_owners').select('zone_key').where('sha256', '=', sha256).execute();
  expect(owners.map((o) => o.zone_key)).toEqual(['xa-a']);
  const startAt = new Date(Date.now() + 3_600_000).toISOString();
  const officerB = await t.server.tokens.create('officer-b', 'officer', null, undefined, 'xa-b');
  const asB = await t.api('POST', '/api/v1/broadcasts', { title: 'Lời chúc', mediaSha256: sha256, zoneIds: ['xa-b'], startAt }, officerB);
  expect(asB.status).toBe(403);
  const officerA = await t.server.tokens.create('officer-a', 'officer', null, undefined, 'xa-a');
  expect((await t.api('POST', '/api/v1/broadcasts', { title: 'Lời chúc', mediaSha256: sha256, zoneIds: ['xa-a'], startAt }, officerA)).status).toBe(201);
  // The picker still only narrows: a zone outside the account is refused.
  await t.api('POST', '/api/v1/zones', { id: 'huyen-khac', name: 'Huyện khác', kind: 'district' });
  const outside = await fetch(`${t.baseUrl}/api/v1/recordings`, { method: 'POST', headers: { authorization: `Bearer ${district}`, 'x-loa-zone': 'huyen-khac' }, body: form });
  expect(outside.status).toBe(403);
});
