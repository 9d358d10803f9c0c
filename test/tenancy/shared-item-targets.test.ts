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
