// The audit log shows a reader the entries about zones of its scope. Live
// broadcasts and bulletins were recorded with no zone at all, so only a
// whole-system admin could read them: a commune's chairman never saw his
// officer speak live (which needs no approval precisely because "the chairman
// sees every live broadcast in the audit log"), nor his commune placing or
// declining a district bulletin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, COMMUNES, type Caller, type World } from './world.js';

let w: World;
const c = (name: string): Caller => w.callers[name]!;
const A = COMMUNES.A;
type Entry = { action: string; subject: string; zoneId: string | null; scopeZoneId: string | null };
const audit = async (name: string, action: string) => (await c(name).token('GET', `/api/v1/audit?action=${action}&limit=1000`)).body as Entry[];

beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => {
  await w?.t.close();
});

describe('audit entries carry the zone they concern', () => {
  it("an officer's live broadcast is in his commune's audit log, for its chairman and admin, not in the other commune's", async () => {
    const live = await c('officer-a').token('POST', '/api/v1/live', { title: 'Thông báo trực tiếp', zoneIds: [A.hamlets[0].id] });
    expect(live.status).toBe(201);
    expect((await c('officer-a').token('POST', `/api/v1/live/${live.body.id}/stop`, {})).status).toBe(200);
    for (const reader of ['chairman-a', 'admin-a', 'chairman-district']) {
      const entries = (await audit(reader, 'live.')).filter((e) => e.subject === live.body.id);
      expect(entries.map((e) => e.action).sort(), reader).toEqual(['live.start', 'live.stop']);
      expect(entries.every((e) => e.zoneId === A.hamlets[0].id)).toBe(true);
    }
    expect((await audit('chairman-a', 'live.start')).find((e) => e.subject === live.body.id)?.scopeZoneId).toBe(A.id);
    for (const reader of ['chairman-b', 'admin-b']) expect(await audit(reader, 'live.'), reader).toEqual([]);
  });

  it("a district bulletin and the commune's decision on it are in the logs of the zones they concern", async () => {
    const sent = await c('admin-district').token('POST', '/api/v1/bulletins', { title: 'Lịch tiêm chủng', text: 'Lịch tiêm chủng mở rộng tháng này.', level: 'normal', zoneIds: [A.id] });
    expect(sent.status).toBe(201);
    expect((await c('officer-a').token('POST', `/api/v1/bulletins/${sent.body.id}/decline`, { reason: 'Đã thông báo tuần trước' })).status).toBe(200);
    for (const reader of ['chairman-a', 'admin-a', 'chairman-district']) {
      const entries = (await audit(reader, 'bulletin.')).filter((e) => e.subject === sent.body.id);
      expect(entries.map((e) => e.action).sort(), reader).toEqual(['bulletin.create', 'bulletin.decline']);
    }
    for (const reader of ['chairman-b', 'admin-b']) expect(await audit(reader, 'bulletin.'), reader).toEqual([]);
  });
});
