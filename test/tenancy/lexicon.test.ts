// The lexicon: a shared part every commune reads, and each commune's own
// additions, read by its hamlets and by no other commune.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, COMMUNES, type Caller, type World } from './world.js';

let w: World;
const A = COMMUNES.A;
const B = COMMUNES.B;
const c = (name: string): Caller => w.callers[name]!;

beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => {
  await w?.t.close();
});

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
