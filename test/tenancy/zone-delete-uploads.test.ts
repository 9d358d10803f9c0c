// Deleting a zone left its uploads behind: the files in the media folder,
// their media rows and the rows saying the zone owned them (a zone made
// later with the same id would have owned them again). Uploads of the
// deleted zone that nothing uses now go with it; one a broadcast still uses
// stays (the as-played record keeps it) under an owner no zone can be, and
// one another commune uploaded too stays theirs.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ffmpegCli } from '../audio/ffmpeg-cli.js';

let t: TestServer;
let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-zone-uploads-'));
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'huyen', name: 'Huyện', kind: 'district' });
  for (const id of ['xa-a', 'xa-b']) expect((await t.api('POST', '/api/v1/zones', { id, name: id, parentId: 'huyen', kind: 'commune' })).status).toBe(201);
});
afterAll(async () => {
  await t?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

const tokens = new Map<string, { id: string; token: string }>();
/** Uploads a tone with an officer's token scoped to one commune: the upload is that commune's. */
async function upload(hz: number, zone: string, kind: 'media' | 'recordings' = 'media'): Promise<string> {
  if (!tokens.has(zone)) tokens.set(zone, await t.server.tokens.issue({ name: `officer-${zone}`, role: 'officer', zoneId: zone }));
  const file = path.join(tmp, `tone-${hz}.wav`);
  await ffmpegCli(['-y', '-f', 'lavfi', '-i', `sine=f=${hz}:d=1`, file]);
  const form = new FormData();
  form.append('file', new Blob([await fs.readFile(file)], { type: 'audio/wav' }), `tone-${hz}.wav`);
  const res = await fetch(`${t.baseUrl}/api/v1/${kind}`, { method: 'POST', headers: { authorization: `Bearer ${tokens.get(zone)!.token}` }, body: form });
  expect(res.status).toBe(201);
  return ((await res.json()) as { sha256: string }).sha256;
}

const owners = async (sha: string) => (await t.server.database.db.withTables<{ media_owners: { sha256: string; zone_key: string } }>().selectFrom('media_owners').select('zone_key').where('sha256', '=', sha).execute()).map((r) => r.zone_key).sort();
const mediaRow = (sha: string) => t.server.database.db.selectFrom('media').select(['sha256', 'original_path']).where('sha256', '=', sha).executeTakeFirst();
const served = async (sha: string) => (await fetch(`${t.baseUrl}/media/${sha}.mp3`)).status;
const onDisk = (sha: string) => fs.stat(path.join(t.dataDir, 'media', `${sha}.mp3`)).then(() => true, () => false);

it('a deleted zone\'s unused uploads go (files and rows); one in use and one another commune owns too stay', async () => {
  const unused = await upload(440, 'xa-a');
  const recording = await upload(550, 'xa-a', 'recordings');
  const used = await upload(660, 'xa-a');
  const shared = await upload(770, 'xa-a');
  expect(await upload(770, 'xa-b')).toBe(shared);
  const original = (await mediaRow(recording))!.original_path!;
  expect(original).toBeTruthy();
  await fs.stat(original);
  // The district airs commune A's upload in commune B: B's history keeps it.
  const aired = await t.api('POST', '/api/v1/broadcasts', { title: 'Nhạc hiệu', mediaSha256: used, zoneIds: ['xa-b'], startAt: new Date(Date.now() + 3_600_000).toISOString() });
  expect(aired.status).toBe(201);
  for (const sha of [unused, recording, used, shared]) {
    expect(await served(sha)).toBe(200);
    expect(await owners(sha)).toContain('xa-a');
  }

  // Its officer's token goes first (a zone that is someone's scope is not deleted).
  await t.server.tokens.revoke(tokens.get('xa-a')!.id);
  expect((await t.api('DELETE', '/api/v1/zones/xa-a')).status).toBe(204);

  for (const sha of [unused, recording]) {
    expect(await mediaRow(sha)).toBeUndefined();
    expect(await onDisk(sha)).toBe(false);
    expect(await served(sha)).toBe(404);
    expect(await owners(sha)).toEqual([]);
  }
  await expect(fs.stat(original)).rejects.toThrow();
  // In use: kept, file, row and an owner no zone can be (unowned, any commune could air it).
  expect(await served(used)).toBe(200);
  expect(await mediaRow(used)).toBeTruthy();
  expect(await owners(used)).toEqual(['~xa-a']);
  // Commune B's too: kept, and B's alone now.
  expect(await served(shared)).toBe(200);
  expect(await owners(shared)).toEqual(['xa-b']);

  // A zone made again with the same id starts with nothing of the old one's.
  expect((await t.api('POST', '/api/v1/zones', { id: 'xa-a', name: 'Xã A mới', parentId: 'huyen', kind: 'commune' })).status).toBe(201);
  const again = await t.api('POST', '/api/v1/broadcasts', { title: 'x', mediaSha256: unused, zoneIds: ['xa-a'], startAt: new Date(Date.now() + 3_600_000).toISOString() });
  expect(again.status).toBeGreaterThanOrEqual(400);
  // Nor the upload the old one still had in use: the new commune's officer may not air it, nor commune B's.
  const officerNew = await t.server.tokens.create('officer-xa-a-new', 'officer', null, undefined, 'xa-a');
  const officerB = await t.server.tokens.create('officer-xa-b', 'officer', null, undefined, 'xa-b');
  for (const [token, zone] of [[officerNew, 'xa-a'], [officerB, 'xa-b']] as const) {
    const reuse = await t.api('POST', '/api/v1/broadcasts', { title: 'x', mediaSha256: used, zoneIds: [zone], startAt: new Date(Date.now() + 3_600_000).toISOString() }, token);
    expect(reuse).toMatchObject({ status: 403, body: { code: 'out_of_scope' } });
  }
});
