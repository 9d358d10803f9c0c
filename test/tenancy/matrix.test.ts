// The scope matrix (issue #12): two communes under one district; officer,
// chairman, technician and admin of each, a district admin and a
// whole-system admin, each by session and by token. Nothing of one commune
// is visible or changeable from the other — lists, single items, SSE, CSV,
// audit — and every write aimed outside the scope is refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/server.js';
import { openEventStream } from '../helpers/event-stream.js';
import { COMMUNES, DISTRICT, ROLES4, worldForFile, type Caller, type CommuneKey } from './world.js';

const w = worldForFile();
const made: Record<CommuneKey, { broadcast: string; pending: string; schedule: string; job: string }> = {} as never;
const c = w.caller;
const other = (k: CommuneKey): CommuneKey => (k === 'A' ? 'B' : 'A');
const zonesOf = (k: CommuneKey) => [COMMUNES[k].id, ...COMMUNES[k].hamlets.map((h) => h.id)];

// After the world's own beforeAll (hooks run in the order they are registered).
beforeAll(async () => {
  for (const k of ['A', 'B'] as const) {
    const l = k.toLowerCase();
    const zoneIds = [COMMUNES[k].id];
    // One that is dispatched now (deliveries, coverage, report rows), one waiting, one schedule.
    const b = await c(`chairman-${l}`).token('POST', '/api/v1/broadcasts', { title: `Tin ${k}`, text: 'Thông báo lịch tiếp công dân.', zoneIds });
    const p = await c(`officer-${l}`).token('POST', '/api/v1/broadcasts', { title: `Chờ duyệt ${k}`, text: 'Thông báo.', zoneIds, startAt: new Date(Date.now() + 7200_000).toISOString() });
    const s = await c(`officer-${l}`).token('POST', '/api/v1/schedules', { title: `Lịch ${k}`, text: 'Lịch họp.', zoneIds, kind: 'once', at: new Date(Date.now() + 7200_000).toISOString() });
    await c(`officer-${l}`).token('POST', `/api/v1/schedules/${s.body.id}/submit`, {});
    const j = await c(`officer-${l}`).token('POST', '/api/v1/speech/render', { text: `Nghe thử ${k}.` });
    made[k] = { broadcast: b.body.id, pending: p.body.id, schedule: s.body.id, job: j.body.jobId };
  }
  await waitFor(async () => {
    for (const k of ['A', 'B'] as const) if ((await w.t.api('GET', `/api/v1/broadcasts/${made[k].broadcast}/deliveries`)).body.length !== 2) return false;
    return true;
  }, 20_000, 'both broadcasts dispatched');
});

const ids = (list: { id: string }[]) => list.map((x) => x.id);

for (const k of ['A', 'B'] as const) {
  const o = other(k);
  for (const role of ROLES4) {
    const name = `${role}-${k.toLowerCase()}`;
    describe(`${name} (commune ${k})`, () => {
      for (const via of ['session', 'token'] as const) {
        it(`sees nothing of commune ${o} (${via})`, async () => {
          const call = c(name)[via];
          const theirs = new Set([...zonesOf(o), ...w.receivers[o]]);
          expect(ids((await call('GET', '/api/v1/zones')).body).sort()).toEqual(zonesOf(k).sort());
          expect(ids((await call('GET', '/api/v1/receivers')).body).sort()).toEqual([...w.receivers[k]].sort());
          expect((await call('GET', `/api/v1/receivers/${w.receivers[o][0]}`)).status).toBe(403);
          const summary = (await call('GET', '/api/v1/fleet/summary')).body;
          expect(summary.total).toBe(w.receivers[k].length);
          expect(summary.zones.some((z: { zoneId: string }) => theirs.has(z.zoneId))).toBe(false);
          const alerts = (await call('GET', '/api/v1/fleet/alerts')).body as { receiverId: string }[];
          expect(alerts.map((a) => a.receiverId).sort()).toEqual([...w.receivers[k]].sort());

          const list = ids((await call('GET', '/api/v1/broadcasts')).body);
          expect(list).toContain(made[k].broadcast);
          expect(list).not.toContain(made[o].broadcast);
          expect(list).not.toContain(made[o].pending);
          for (const p of ['', '/deliveries', '/coverage']) expect((await call('GET', `/api/v1/broadcasts/${made[o].broadcast}${p}`)).status).toBe(404);
          expect((await call('GET', `/api/v1/broadcasts/${made[k].broadcast}/deliveries`)).body).toHaveLength(2);
          const schedules = ids((await call('GET', '/api/v1/schedules')).body);
          expect(schedules).toEqual([made[k].schedule]);
          expect((await call('GET', `/api/v1/schedules/${made[o].schedule}`)).status).toBe(404);
          const from = new Date(Date.now() - 60_000).toISOString();
          const occ = (await call('GET', `/api/v1/occurrences?from=${from}`)).body as { scheduleId: string }[];
          expect(occ.map((x) => x.scheduleId)).not.toContain(made[o].schedule);

          if (role === 'technician') {
            expect((await call('GET', '/api/v1/reports/played')).status).toBe(403);
          } else {
            const played = (await call('GET', '/api/v1/reports/played')).body.rows as { receiverId: string; broadcastId: string }[];
            expect(played.map((r) => r.receiverId).sort()).toEqual([...w.receivers[k]].sort());
            const csv = (await call('GET', '/api/v1/reports/played?format=csv')).body as string;
            expect(csv).toContain(w.receivers[k][0]);
            for (const rx of w.receivers[o]) expect(csv).not.toContain(rx);
            expect(csv).not.toContain(made[o].broadcast);
            expect((await call('GET', `/api/v1/reports/played?zoneId=${COMMUNES[o].id}`)).status).toBe(403);
            // The commune's month (UTC+7): from 17:00 UTC on a month's last day it is already the next one there.
            const month = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
            const monthly = (await call('GET', `/api/v1/reports/monthly?month=${month}`)).body;
            expect(monthly.totals.deliveries).toBe(w.receivers[k].length);
            expect((await call('GET', `/api/v1/reports/monthly?month=${month}&zoneId=${COMMUNES[o].id}`)).status).toBe(403);
          }
          // The server's own counters span every commune; another commune's render job does not exist here.
          expect((await call('GET', '/api/v1/system/mqtt')).status).toBe(403);
          expect((await call('GET', '/api/v1/system/instance')).status).toBe(403);
          if (role !== 'technician') {
            expect((await call('GET', `/api/v1/speech/jobs/${made[o].job}`)).status).toBe(404);
            expect((await call('GET', `/api/v1/speech/jobs/${made[k].job}`)).status).toBe(200);
          }
          if (role === 'admin' || role === 'chairman') {
            const audit = (await call('GET', '/api/v1/audit?limit=1000')).body as { zoneId: string; subject: string }[];
            expect(audit.length).toBeGreaterThan(0);
            expect(audit.some((e) => theirs.has(e.zoneId) || e.subject === made[o].broadcast)).toBe(false);
          }
          if (role === 'admin') {
            const users = (await call('GET', '/api/v1/users')).body as { username: string }[];
            expect(users.every((u) => u.username.endsWith(`-${k.toLowerCase()}`))).toBe(true);
            const tokens = (await call('GET', '/api/v1/tokens')).body as { zoneId: string }[];
            expect(tokens.every((t) => t.zoneId === COMMUNES[k].id)).toBe(true);
          }
        });

        it(`changes nothing of commune ${o} (${via})`, async () => {
          const call = c(name)[via];
          const zone = COMMUNES[o].id;
          const hamlet = COMMUNES[o].hamlets[0].id;
          const rx = w.receivers[o][0]!;
          const at = new Date(Date.now() + 3600_000).toISOString();
          const writes: [string, string, unknown][] = [
            ['POST', '/api/v1/zones', { id: `cum-${name}-${via}`, name: 'Cụm', parentId: hamlet }],
            ['PATCH', `/api/v1/zones/${hamlet}`, { quietHours: { from: '22:00', to: '05:00' } }],
            ['POST', '/api/v1/receivers', { id: `rx-${name}-${via}`, name: 'x', zoneId: hamlet }],
            ['PATCH', `/api/v1/receivers/${rx}`, { volume: 5 }],
            ['POST', `/api/v1/receivers/${rx}/secret`, {}],
            ['POST', `/api/v1/receivers/${rx}/commands`, { type: 'reboot' }],
            ['POST', `/api/v1/receivers/${rx}/test-tone`, {}],
            ['POST', '/api/v1/broadcasts', { title: 'x', text: 'x', zoneIds: [zone] }],
            ['POST', '/api/v1/broadcasts', { title: 'x', text: 'x', receiverIds: [rx], startAt: at }],
            ['POST', '/api/v1/emergency', { text: 'x', zoneIds: [zone] }],
            ['POST', '/api/v1/schedules', { title: 'x', text: 'x', zoneIds: [hamlet], kind: 'once', at }],
            ['PATCH', `/api/v1/settings?zoneId=${zone}`, { chairmanName: 'x' }],
            ['PUT', `/api/v1/templates/chuc-tet-duong-lich?zoneId=${zone}`, { text: 'x' }],
            ['POST', '/api/v1/users', { username: `u-${name}-${via}`, role: 'officer', password: 'mat-khau-dai-hon', zoneId: zone }],
            ['POST', '/api/v1/tokens', { name: 'x', role: 'officer', zoneId: zone }],
          ];
          for (const [method, path, body] of writes) {
            const r = await call(method, path, body);
            expect(r.status, `${method} ${path}`).toBe(403);
          }
          // Items of the other commune, by id, do not exist for this caller (or the role may not act at all).
          const byId: [string, string, unknown][] = [
            ['POST', `/api/v1/broadcasts/${made[o].pending}/approve`, {}],
            ['POST', `/api/v1/broadcasts/${made[o].pending}/reject`, { reason: 'không' }],
            ['POST', `/api/v1/broadcasts/${made[o].pending}/cancel`, {}],
            ['PUT', `/api/v1/schedules/${made[o].schedule}`, { title: 'x', text: 'x', zoneIds: [COMMUNES[k].id], kind: 'once', at }],
            ['DELETE', `/api/v1/schedules/${made[o].schedule}`, undefined],
            ['POST', `/api/v1/schedules/${made[o].schedule}/approve`, {}],
          ];
          for (const [method, path, body] of byId) {
            const r = await call(method, path, body);
            expect([403, 404], `${method} ${path}: ${r.status}`).toContain(r.status);
          }
          expect((await w.t.api('GET', `/api/v1/broadcasts/${made[o].pending}`)).body.status).toBe('pending_approval');
          expect((await w.t.api('GET', `/api/v1/schedules/${made[o].schedule}`)).body).toMatchObject({ status: 'pending_approval', title: `Lịch ${o}` });
          expect((await w.t.api('GET', `/api/v1/receivers/${rx}`)).body.volume).not.toBe(5);
        });
      }
    });
  }
}

describe('above the communes', () => {
  it('the district admin and the whole-system admin see both communes', async () => {
    for (const name of ['admin-district', 'admin-system']) {
      for (const via of ['session', 'token'] as const) {
        const list = ids((await c(name)[via]('GET', '/api/v1/broadcasts')).body);
        expect(list).toEqual(expect.arrayContaining([made.A.broadcast, made.B.broadcast, made.A.pending, made.B.pending]));
        expect(ids((await c(name)[via]('GET', '/api/v1/receivers')).body).sort()).toEqual([...w.receivers.A, ...w.receivers.B].sort());
        expect((await c(name)[via]('GET', '/api/v1/fleet/summary')).body.total).toBe(4);
        for (const k of ['A', 'B'] as const) expect((await c(name)[via]('GET', `/api/v1/speech/jobs/${made[k].job}`)).status).toBe(200);
      }
    }
    expect((await c('admin-district').token('GET', '/api/v1/system/mqtt')).status).toBe(403);
    expect((await c('admin-system').token('GET', '/api/v1/system/mqtt')).body).toHaveProperty('embeddedBroker');
    expect(ids((await c('admin-district').token('GET', '/api/v1/zones')).body)).not.toContain('nowhere');
    expect((await c('admin-district').token('POST', '/api/v1/zones', { id: 'huyen-khac', name: 'Huyện khác' })).status).toBe(403);
    expect((await c('admin-system').token('POST', '/api/v1/zones', { id: 'huyen-khac', name: 'Huyện khác', kind: 'district' })).status).toBe(201);
  });
});

describe('an item that plays in both communes', () => {
  it("each commune sees its own receivers' deliveries and counts of it, the district sees all", async () => {
    const made = await c('admin-district').token('POST', '/api/v1/broadcasts', { title: 'Tin của huyện', text: 'Thông báo của huyện.', zoneIds: [DISTRICT.id] });
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    await waitFor(async () => (await w.t.api('GET', `/api/v1/broadcasts/${id}`)).body.deliveries.length === 4, 20_000, 'the district item dispatched');
    for (const k of ['A', 'B'] as const) {
      const call = c(`officer-${k.toLowerCase()}`).token;
      const one = (await call('GET', `/api/v1/broadcasts/${id}`)).body;
      expect(one.deliveries.map((d: { receiverId: string }) => d.receiverId).sort()).toEqual([...w.receivers[k]].sort());
      expect(one.total).toBe(w.receivers[k].length);
      const listed = ((await call('GET', '/api/v1/broadcasts')).body as { id: string; total: number }[]).find((b) => b.id === id);
      expect(listed?.total).toBe(w.receivers[k].length);
      const coverage = (await call('GET', `/api/v1/broadcasts/${id}/coverage`)).body;
      expect(coverage.broadcast.total).toBe(w.receivers[k].length);
    }
    const all = (await c('admin-district').token('GET', `/api/v1/broadcasts/${id}`)).body;
    expect(all.total).toBe(4);
    expect(all.deliveries).toHaveLength(4);
  });
});

/** The event stream as `who`'s panel session reads it. */
const openEvents = (who: Caller, path: string) => openEventStream(w.t.baseUrl + path, { cookie: who.cookie });

describe('server-sent events', () => {
  it('a commune’s stream carries its own receivers and deliveries only', async () => {
    const events = await openEvents(c('technician-a'), '/api/v1/events');
    // B's receiver changes first, then A's: once A's arrives, B's would have too.
    await w.t.api('PATCH', `/api/v1/receivers/${w.receivers.B[0]}`, { name: 'Loa B đổi tên' });
    await w.t.api('PATCH', `/api/v1/receivers/${w.receivers.A[0]}`, { name: 'Loa A đổi tên' });
    await w.t.api('POST', '/api/v1/broadcasts', { title: 'Hai xã', text: 'Thông báo chung.', zoneIds: [COMMUNES.B.id] });
    const a = await w.t.api('POST', '/api/v1/broadcasts', { title: 'Xã A', text: 'Thông báo xã A.', zoneIds: [COMMUNES.A.id] });
    await waitFor(() => events.text().includes('Loa A đổi tên') && events.text().includes(a.body.id), 20_000, 'A events');
    const all = events.text();
    expect(all).not.toContain('Loa B đổi tên');
    for (const rx of w.receivers.B) expect(all).not.toContain(rx);
    await events.close();
  });

  it('a district account that picked commune A gets A’s stream only (the picker narrows the stream too)', async () => {
    const events = await openEvents(c('admin-district'), `/api/v1/events?narrow=${COMMUNES.A.id}`);
    await w.t.api('PATCH', `/api/v1/receivers/${w.receivers.B[1]}`, { name: 'Loa B chọn lọc' });
    await w.t.api('PATCH', `/api/v1/receivers/${w.receivers.A[1]}`, { name: 'Loa A chọn lọc' });
    await waitFor(() => events.text().includes('Loa A chọn lọc'), 20_000, 'A events');
    expect(events.text()).not.toContain('Loa B chọn lọc');
    await events.close();
    // Narrowing never widens: commune B's officer cannot pick commune A.
    expect((await fetch(`${w.t.baseUrl}/api/v1/events?narrow=${COMMUNES.A.id}`, { headers: { cookie: c('officer-b').cookie } })).status).toBe(403);
  });
});
