// What a commune owns besides its zones: its additions to the lexicon (the
// shared part is everyone's), and the audio it uploaded.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ffmpegCli } from '../audio/ffmpeg-cli.js';
import { describe, expect, it } from 'vitest';
import { COMMUNES, worldForFile } from './world.js';

const w = worldForFile();
const c = w.caller;
const A = COMMUNES.A;
const B = COMMUNES.B;

describe('lexicon per commune', () => {
  it('a commune’s additions read its text only; the shared part reads everyone’s', async () => {
    expect((await w.t.api('PUT', '/api/v1/lexicon', { term: 'HTX', spoken: 'hợp tác xã' })).body.zoneId).toBeNull();
    const put = await c('officer-a').session('PUT', '/api/v1/lexicon', { term: 'BM', spoken: 'Bình Minh' });
    expect(put.status).toBe(200);
    expect(put.body.zoneId).toBe(A.id);
    expect((await c('officer-b').token('PUT', '/api/v1/lexicon', { term: 'BM', spoken: 'Ban mai' })).body.zoneId).toBe(B.id);
    expect((await c('officer-a').token('PUT', '/api/v1/lexicon', { term: 'YP', spoken: 'Yên Phong', zoneId: B.id })).status).toBe(403);

    const listA = (await c('officer-a').token('GET', '/api/v1/lexicon')).body as { term: string; spoken: string; zoneId: string | null }[];
    expect(listA.find((e) => e.term === 'BM')).toMatchObject({ spoken: 'Bình Minh', zoneId: A.id });
    expect(listA.find((e) => e.term === 'HTX')).toMatchObject({ zoneId: null });
    const listB = (await c('chairman-b').session('GET', '/api/v1/lexicon')).body as { term: string; spoken: string }[];
    expect(listB.find((e) => e.term === 'BM')!.spoken).toBe('Ban mai');

    const read = async (who: string, zoneId?: string) =>
      (await c(who).token('POST', '/api/v1/speech/normalize', { text: 'HTX BM họp.', ...(zoneId && { zoneId }) })).body.spoken as string; // spoken text is lower case
    expect(await read('officer-a')).toContain('bình minh');
    expect(await read('officer-a', A.hamlets[0].id)).toContain('bình minh');
    expect(await read('officer-a')).toContain('hợp tác xã');
    expect(await read('officer-b')).toContain('ban mai');
    expect(await read('officer-b')).not.toContain('bình minh');

    expect((await c('officer-b').token('DELETE', `/api/v1/lexicon/BM?zoneId=${A.id}`)).status).toBe(403);
    expect((await c('officer-a').token('DELETE', '/api/v1/lexicon/HTX')).status).toBe(404);
    expect((await c('officer-a').token('DELETE', '/api/v1/lexicon/BM')).status).toBe(204);
    expect(await read('officer-a')).not.toContain('bình minh');
    expect(await read('officer-b')).toContain('ban mai');
  });
});

describe('uploads belong to the uploader’s scope', () => {
  it('commune B cannot air a recording commune A uploaded; A and the district can', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loa-owner-'));
    const file = path.join(dir, 'tone.wav');
    await ffmpegCli(['-f', 'lavfi', '-i', 'sine=f=440:d=2', file]);
    const form = new FormData();
    form.append('file', new Blob([await fs.readFile(file)], { type: 'audio/wav' }), 'tone.wav');
    const up = await fetch(w.t.baseUrl + '/api/v1/media', { method: 'POST', headers: { authorization: `Bearer ${c('officer-a').bearer}` }, body: form });
    expect(up.status).toBe(201);
    const { sha256 } = (await up.json()) as { sha256: string };
    await fs.rm(dir, { recursive: true, force: true });
    const startAt = new Date(Date.now() + 3600_000).toISOString();
    const asB = await c('officer-b').token('POST', '/api/v1/broadcasts', { title: 'Nhạc', mediaSha256: sha256, zoneIds: [B.id], startAt });
    expect(asB.status).toBe(403);
    expect(asB.body.mediaSha256).toBe(sha256);
    expect((await c('officer-b').token('POST', '/api/v1/schedules', { title: 'Nhạc', mediaSha256: sha256, zoneIds: [B.id], kind: 'once', at: startAt })).status).toBe(403);
    expect((await c('officer-a').session('POST', '/api/v1/broadcasts', { title: 'Nhạc', mediaSha256: sha256, zoneIds: [A.id], startAt })).status).toBe(201);
    expect((await c('admin-district').token('POST', '/api/v1/broadcasts', { title: 'Nhạc', mediaSha256: sha256, zoneIds: [A.id], startAt })).status).toBe(201);
    // A bulletin is held to the same rule: another district's sender may not air it.
    await w.t.api('POST', '/api/v1/zones', { id: 'huyen-khac', name: 'Huyện Khác', kind: 'district' });
    await w.t.api('POST', '/api/v1/zones', { id: 'xa-khac', name: 'Xã Khác', parentId: 'huyen-khac', kind: 'commune' });
    const other = await w.t.server.tokens.create('chairman-huyen-khac', 'chairman', null, undefined, 'huyen-khac');
    const bulletin = { title: 'Nhạc', mediaSha256: sha256, level: 'priority', zoneIds: ['xa-khac'], startAt };
    const refused = await w.t.api('POST', '/api/v1/bulletins', bulletin, other);
    expect(refused).toMatchObject({ status: 403, body: { code: 'out_of_scope', mediaSha256: sha256 } });
    expect((await c('chairman-district').token('POST', '/api/v1/bulletins', { ...bulletin, zoneIds: [A.id] })).status).toBe(201);
  });
});
