// An item of the district that plays in both communes is visible to each
// (it plays there), and its deliveries and counts were already cut to the
// reader's receivers; but its zoneIds and receiverIds named the other
// commune's hamlets and receivers, in the broadcast, the lists, coverage,
// the schedule and the calendar. Each commune now reads its own targets and
// the zones above it only; the district reads them all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, COMMUNES, DISTRICT, type Caller, type World } from './world.js';

let w: World;
const c = (name: string): Caller => w.callers[name]!;
const A0 = COMMUNES.A.hamlets[0].id;
const B0 = COMMUNES.B.hamlets[0].id;
let rxB1: string;
let broadcastId: string;
let scheduleId: string;
let districtWide: string;

beforeAll(async () => {
  w = await buildWorld();
  rxB1 = w.receivers.B[1]!;
  const startAt = new Date(Date.now() + 3600_000).toISOString();
  const targets = { zoneIds: [A0, B0], receiverIds: [rxB1] };
  const b = await c('admin-district').token('POST', '/api/v1/broadcasts', { title: 'Tin hai xã', text: 'Thông báo chung.', ...targets, startAt });
  expect(b.status).toBe(201);
  broadcastId = b.body.id;
  const s = await c('admin-district').token('POST', '/api/v1/schedules', { title: 'Lịch hai xã', text: 'Lịch chung.', ...targets, kind: 'once', at: new Date(Date.now() + 7200_000).toISOString() });
  expect(s.status).toBe(201);
  scheduleId = s.body.id;
  const d = await c('admin-district').token('POST', '/api/v1/broadcasts', { title: 'Tin toàn huyện', text: 'Thông báo của huyện.', zoneIds: [DISTRICT.id], startAt });
  districtWide = d.body.id;
});
afterAll(async () => {
  await w?.t.close();
});

const targetsOf = (x: { zoneIds: string[]; receiverIds?: string[] }) => ({ zoneIds: [...x.zoneIds].sort(), receiverIds: [...(x.receiverIds ?? [])].sort() });

describe('the targets of an item shared by two communes', () => {
  for (const [reader, zoneIds, receiverIds] of [
    ['officer-a', [A0], []],
    ['chairman-b', [B0], ['RX_B1']],
    ['admin-district', [A0, B0], ['RX_B1']],
  ] as const) {
    for (const via of ['session', 'token'] as const) {
      it(`${reader} reads ${zoneIds.join(', ')} (${via})`, async () => {
        const call = c(reader)[via];
        const expected = { zoneIds: [...zoneIds].sort(), receiverIds: receiverIds.map((r) => (r === 'RX_B1' ? rxB1 : r)) };
        expect(targetsOf((await call('GET', `/api/v1/broadcasts/${broadcastId}`)).body)).toEqual(expected);
        expect(targetsOf((await call('GET', '/api/v1/broadcasts')).body.find((b: { id: string }) => b.id === broadcastId))).toEqual(expected);
        expect(targetsOf((await call('GET', `/api/v1/broadcasts/${broadcastId}/coverage`)).body.broadcast)).toEqual(expected);
        expect(targetsOf((await call('GET', `/api/v1/schedules/${scheduleId}`)).body)).toEqual(expected);
        expect(targetsOf((await call('GET', '/api/v1/schedules')).body.find((s: { id: string }) => s.id === scheduleId))).toEqual(expected);
        const occurrences = (await call('GET', '/api/v1/occurrences')).body.filter((o: { scheduleId: string }) => o.scheduleId === scheduleId);
        expect(occurrences.length).toBeGreaterThan(0);
        for (const o of occurrences) expect([...o.zoneIds].sort()).toEqual(expected.zoneIds);
        // A district-wide item names the district: it plays in the commune because it is above it.
        expect((await call('GET', `/api/v1/broadcasts/${districtWide}`)).body.zoneIds).toEqual([DISTRICT.id]);
      });
    }
  }
});

describe('the calendar of one zone (GET /occurrences?zoneId=)', () => {
  it('holds what plays there: its own targets, a receiver in it, the zones above it; nothing of a sibling hamlet; only inside the scope', async () => {
    const at = new Date(Date.now() + 7200_000).toISOString();
    const wide = await c('admin-district').token('POST', '/api/v1/schedules', { title: 'Lịch toàn huyện', text: 'Lịch của huyện.', zoneIds: [DISTRICT.id], kind: 'once', at });
    expect(wide.status).toBe(201);
    const [A1, B1] = [COMMUNES.A.hamlets[1].id, COMMUNES.B.hamlets[1].id];
    const scheduleIds = async (caller: string, zoneId: string) => {
      const r = await c(caller).token('GET', `/api/v1/occurrences?zoneId=${zoneId}`);
      expect(r.status).toBe(200);
      return new Set(r.body.map((o: { scheduleId: string }) => o.scheduleId));
    };
    // The shared schedule targets A0, B0 and a receiver of B1.
    for (const [caller, zoneId, shared] of [
      ['admin-district', A0, true],
      ['admin-district', A1, false],
      ['admin-district', B1, true],
      ['officer-a', A0, true],
      ['officer-a', A1, false],
      ['admin-district', COMMUNES.A.id, true],
    ] as const) {
      const ids = await scheduleIds(caller, zoneId);
      expect(ids.has(scheduleId), `${caller} ${zoneId}`).toBe(shared);
      expect(ids.has(wide.body.id), `${caller} ${zoneId}`).toBe(true);
    }
    expect((await scheduleIds('admin-district', 'khong-co')).size).toBe(0);
    // Another commune's hamlet is out of scope, as for reports and deliveries.
    const refused = await c('officer-a').token('GET', `/api/v1/occurrences?zoneId=${B0}`);
    expect(refused).toMatchObject({ status: 403, body: { code: 'out_of_scope' } });
  });
});
