// A commune's own lexicon entries: they read its announcements (over the
// shared ones), not another commune's; a commune's officer edits only them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
let officerA: string;
let officerB: string;
let communeASha = '';
beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'huyen', name: 'Huyện Ý Yên' });
  await t.api('POST', '/api/v1/zones', { id: 'xa-a', name: 'Xã Yên Phong', parentId: 'huyen' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-a1', name: 'Thôn Đông', parentId: 'xa-a' });
  await t.api('POST', '/api/v1/zones', { id: 'xa-b', name: 'Xã Bình Minh', parentId: 'huyen' });
  officerA = (await t.api('POST', '/api/v1/tokens', { name: 'Cán bộ xã A', role: 'officer', zoneId: 'xa-a' })).body.token;
  officerB = (await t.api('POST', '/api/v1/tokens', { name: 'Cán bộ xã B', role: 'officer', zoneId: 'xa-b' })).body.token;
});
afterAll(async () => {
  await t?.close();
});

const reads = async (text: string, token: string, zoneId?: string) => (await t.api('POST', '/api/v1/speech/normalize', { text, ...(zoneId && { zoneId }) }, token)).body.spoken;

describe("a commune's lexicon", () => {
  it("reads that commune's announcements only, over the shared entries", async () => {
    expect((await t.api('PUT', '/api/v1/lexicon', { term: 'TU', spoken: 'tỉnh ủy', kind: 'abbreviation' })).body.zoneId).toBeNull();
    const put = await t.api('PUT', '/api/v1/lexicon', { term: 'TU', spoken: 'thành ủy', kind: 'abbreviation' }, officerA);
    expect(put.status).toBe(200);
    expect(put.body.zoneId).toBe('xa-a');
    expect(await reads('Ban Thường vụ TU.', officerA)).toBe('ban thường vụ thành ủy');
    expect(await reads('Ban Thường vụ TU.', officerB)).toBe('ban thường vụ tỉnh ủy');
    // A hamlet of the commune hears it too.
    expect(await reads('Ban Thường vụ TU.', officerA, 'thon-a1')).toBe('ban thường vụ thành ủy');
    const listed = (await t.api('GET', '/api/v1/lexicon', undefined, officerA)).body as any[];
    // The commune's list is what it hears: its own entry over the shared one.
    expect(listed.filter((e) => e.term === 'TU').map((e) => [e.zoneId, e.spoken])).toEqual([['xa-a', 'thành ủy']]);
    expect(((await t.api('GET', '/api/v1/lexicon', undefined, officerB)).body as any[]).filter((e) => e.term === 'TU')).toHaveLength(1);
  });

  it("speaks a broadcast to the commune with its entries", async () => {
    const res = await t.api('POST', '/api/v1/broadcasts', { title: 'TU', text: 'Ban Thường vụ TU thông báo.', zoneIds: ['thon-a1'] }, officerA);
    expect(res.status).toBe(201);
    // Renders are stored by what was spoken: the same words written out give the same audio.
    const job = (await t.api('POST', '/api/v1/speech/render', { text: 'Ban thường vụ thành ủy thông báo.' })).body.jobId;
    const done = await waitFor(async () => {
      const j = (await t.api('GET', `/api/v1/speech/jobs/${job}`)).body;
      return j.state === 'done' || j.state === 'failed' ? j : null;
    }, 60_000, 'render');
    expect(done.mediaSha256).toBe(res.body.mediaSha256);
    const shared = (await t.api('POST', '/api/v1/broadcasts', { title: 'TU', text: 'Ban Thường vụ TU thông báo.', zoneIds: ['xa-b'] })).body;
    expect(shared.mediaSha256).not.toBe(res.body.mediaSha256);
    communeASha = res.body.mediaSha256;
  });

  it("reads a schedule aimed at a commune's receivers only with that commune's entries", async () => {
    expect((await t.api('POST', '/api/v1/receivers', { id: 'rx-a1', name: 'Loa thôn Đông', zoneId: 'thon-a1' })).status).toBe(201);
    const at = new Date(Date.now() + 4000).toISOString();
    const s = await t.api('POST', '/api/v1/schedules', { title: 'TU', text: 'Ban Thường vụ TU thông báo.', receiverIds: ['rx-a1'], kind: 'once', at });
    expect(s.status).toBe(201);
    const from = new Date(Date.now() - 60_000).toISOString();
    const occ = await waitFor(async () => {
      const list = (await t.api('GET', `/api/v1/occurrences?from=${from}`)).body as any[];
      return list.find((o) => o.scheduleId === s.body.id && o.broadcastId) ?? null;
    }, 60_000, 'the occurrence dispatched');
    expect((await t.api('GET', `/api/v1/broadcasts/${occ.broadcastId}`)).body.mediaSha256).toBe(communeASha);
  });

  it("keeps each commune's officer to its own entries", async () => {
    expect((await t.api('PUT', '/api/v1/lexicon', { term: 'XYZ', spoken: 'x', zoneId: 'xa-a' }, officerB)).status).toBe(403);
    expect((await t.api('GET', '/api/v1/lexicon?zoneId=xa-a', undefined, officerB)).status).toBe(403);
    expect((await t.api('DELETE', '/api/v1/lexicon/TU?zoneId=xa-a', undefined, officerB)).status).toBe(403);
    // B's delete lands on B's own entries, where there is no TU: the shared one stays.
    expect((await t.api('DELETE', '/api/v1/lexicon/TU', undefined, officerB)).status).toBe(404);
    expect((await t.api('DELETE', '/api/v1/lexicon/TU', undefined, officerA)).status).toBe(204);
    expect(await reads('Ban Thường vụ TU.', officerA)).toBe('ban thường vụ tỉnh ủy');
    expect((await t.api('PUT', '/api/v1/lexicon', { term: 'A', spoken: 'a', zoneId: 'no-such-zone' })).status).toBe(400);
  });
});
