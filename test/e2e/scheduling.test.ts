// Schedules through the API on the real server: approval, occurrences that
// air, emergencies that interrupt, quiet hours, the holiday calendar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFleet } from '../helpers/agents.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
let fleet: TestFleet;
let officer: string;
let chairman: string;
const TZ = 'Asia/Ho_Chi_Minh';
const localHHmm = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);

async function addReceiver(id: string, zoneId: string, playbackSpeed: number): Promise<void> {
  const { secret } = (await t.api('POST', '/api/v1/receivers', { id, name: id, zoneId })).body;
  await fleet.start(id, secret, { playbackSpeed });
}

const broadcast = async (id: string) => (await t.api('GET', `/api/v1/broadcasts/${id}`)).body;

beforeAll(async () => {
  t = await startTestServer({ LEAD_TIME_MS: '1500', RENDER_AHEAD_MIN: '1' });
  fleet = new TestFleet(t.server.receiverMqttUrl);
  officer = await t.tokenFor('officer');
  chairman = await t.tokenFor('chairman');
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-1', name: 'Thôn 1', parentId: 'xa' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-2', name: 'Thôn 2', parentId: 'xa' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-3', name: 'Thôn 3', parentId: 'xa' });
  await addReceiver('rx-1', 'thon-1', 20);
  await addReceiver('rx-2', 'thon-2', 1);
  await addReceiver('rx-3', 'thon-3', 20);
  await waitFor(async () => (await t.api('GET', '/api/v1/receivers')).body.every((r: any) => r.online), 5000, 'online');
});

afterAll(async () => {
  await fleet?.close();
  await t?.close();
});

describe('approval', () => {
  it("an officer's schedule waits for the chairman, is audited, and airs once approved", async () => {
    const at = new Date(Date.now() + 5000).toISOString();
    const created = await t.api('POST', '/api/v1/schedules', { title: 'Họp thôn', text: 'Kính mời bà con dự họp thôn.', zoneIds: ['thon-1'], kind: 'once', at }, officer);
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('draft');
    const id = created.body.id;
    expect((await t.api('POST', `/api/v1/schedules/${id}/approve`, {}, officer)).status).toBe(403);
    expect((await t.api('POST', `/api/v1/schedules/${id}/approve`, {}, chairman)).status).toBe(409); // not submitted yet
    expect((await t.api('POST', `/api/v1/schedules/${id}/submit`, {}, officer)).body.status).toBe('pending_approval');
    const approved = await t.api('POST', `/api/v1/schedules/${id}/approve`, {}, chairman);
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: 'token:test-chairman' });

    const audit = (await t.api('GET', '/api/v1/audit')).body as any[];
    expect(audit.find((e) => e.action === 'schedule.approve' && e.subject === id)).toMatchObject({ actor: 'token:test-chairman' });

    const occ = await waitFor(async () => {
      const list = (await t.api('GET', `/api/v1/occurrences?from=${new Date(Date.now() - 60_000).toISOString()}`)).body as any[];
      return list.find((o) => o.scheduleId === id && o.state === 'done');
    }, 15_000, 'occurrence done');
    expect((await broadcast(occ.broadcastId)).deliveries).toMatchObject([{ receiverId: 'rx-1', state: 'done' }]);

    // A change after approval needs approval again.
    const changed = await t.api('PUT', `/api/v1/schedules/${id}`, { title: 'Họp thôn (đổi giờ)', text: 'Kính mời bà con dự họp thôn.', zoneIds: ['thon-1'], kind: 'once', at: new Date(Date.now() + 3_600_000).toISOString() }, officer);
    expect(changed.body.status).toBe('pending_approval');
  });

  it("an officer's one-off broadcast is held until approved", async () => {
    const created = await t.api('POST', '/api/v1/broadcasts', { title: 'Thông báo', text: 'Thông báo lịch tiêm chủng.', zoneIds: ['thon-3'] }, officer);
    expect(created.body.status).toBe('pending_approval');
    await new Promise((r) => setTimeout(r, 600));
    expect((await broadcast(created.body.id)).deliveries).toEqual([]);
    expect((await t.api('POST', `/api/v1/broadcasts/${created.body.id}/approve`, {}, chairman)).body.status).toBe('scheduled');
    await waitFor(async () => (await broadcast(created.body.id)).status === 'done', 15_000, 'approved broadcast done');
  });
});

describe('speaking rate', () => {
  it('a schedule keeps the rate it was written with and its occurrence is spoken at it', async () => {
    const text = 'Kính mời bà con thôn 3 đến nhà văn hóa lúc 19 giờ để họp bàn kế hoạch làm đường giao thông nông thôn.';
    const at = new Date(Date.now() + 4000).toISOString();
    const made = [];
    for (const rate of [undefined, 1.8]) {
      const res = await t.api('POST', '/api/v1/schedules', { title: `Họp thôn ${rate ?? 1}`, text, ...(rate && { rate }), zoneIds: ['thon-3'], kind: 'once', at });
      expect(res.status).toBe(201);
      expect(res.body.rate).toBe(rate ?? null);
      made.push(res.body.id as string);
    }
    expect((await t.api('POST', '/api/v1/schedules', { title: 'x', text, rate: 5, zoneIds: ['thon-3'], kind: 'once', at })).status).toBe(400);
    const sizes = [];
    for (const id of made) {
      const occ = await waitFor(async () => {
        const list = (await t.api('GET', `/api/v1/occurrences?from=${new Date(Date.now() - 60_000).toISOString()}`)).body as any[];
        return list.find((o) => o.scheduleId === id && o.broadcastId);
      }, 20_000, 'occurrence dispatched');
      const media = await fetch(`${t.baseUrl}/media/${(await broadcast(occ.broadcastId)).mediaSha256}.mp3`);
      sizes.push((await media.arrayBuffer()).byteLength);
    }
    // Constant-bitrate MP3: the faster reading is the shorter file.
    expect(sizes[1]!).toBeLessThan(sizes[0]! * 0.8);
    expect((await t.api('GET', `/api/v1/schedules/${made[1]}`)).body.rate).toBe(1.8);
  });
});

describe('emergency', () => {
  it('interrupts a playing normal item at once; the receiver acks preempted', async () => {
    const normal = await t.api('POST', '/api/v1/broadcasts', {
      title: 'Tuyên truyền',
      text: 'Thực hiện mô hình chính quyền thân thiện, vì Nhân dân phục vụ, cán bộ công chức xã luôn lắng nghe, luôn giải thích, luôn hướng dẫn và luôn giúp đỡ người dân khi đến liên hệ công tác.',
      zoneIds: ['thon-2'],
    });
    expect(normal.status).toBe(201);
    await waitFor(() => fleet.allAcks(normal.body.id).some((a) => a.state === 'playing'), 10_000, 'normal playing');
    const officerCannot = await t.api('POST', '/api/v1/emergency', { text: 'x' }, await t.tokenFor('technician'));
    expect(officerCannot.status).toBe(403);
    const t0 = Date.now();
    const em = await t.api('POST', '/api/v1/emergency', { title: 'Bão số 3', text: 'Khẩn cấp. Bão đang đến gần, bà con không ra khơi.', zoneIds: ['thon-2'], repeat: 1 }, officer);
    expect(em.status).toBe(201);
    expect(em.body.priority).toBe('emergency');
    expect(em.body.status).not.toBe('pending_approval');
    await waitFor(() => fleet.allAcks(normal.body.id).some((a) => a.state === 'preempted'), 5000, 'normal preempted');
    const playing = await waitFor(() => fleet.allAcks(em.body.id).find((a) => a.state === 'playing'), 5000, 'emergency playing');
    expect(Date.parse(playing!.at) - t0).toBeLessThan(3000);
    await waitFor(async () => (await broadcast(normal.body.id)).deliveries[0]?.state === 'preempted', 5000, 'delivery preempted');
    const audit = (await t.api('GET', '/api/v1/audit')).body as any[];
    expect(audit.some((e) => e.action === 'broadcast.emergency' && e.subject === em.body.id)).toBe(true);
  });
});

describe('quiet hours', () => {
  it('hold back normal items; emergencies air', async () => {
    const now = new Date();
    const res = await t.api('PATCH', '/api/v1/zones/thon-3', { quietHours: { from: localHHmm(new Date(now.getTime() - 60_000)), to: localHHmm(new Date(now.getTime() + 10 * 60_000)) } });
    expect(res.status).toBe(200);
    const normal = await t.api('POST', '/api/v1/broadcasts', { title: 'Đêm', text: 'Thông báo thường.', zoneIds: ['thon-1', 'thon-3'] });
    const done = await waitFor(async () => {
      const b = await broadcast(normal.body.id);
      return b.deliveries.length === 2 && b.deliveries.every((d: any) => ['done', 'skipped'].includes(d.state)) ? b : null;
    }, 15_000, 'normal settled');
    expect(done.deliveries).toMatchObject([
      { receiverId: 'rx-1', state: 'done' },
      { receiverId: 'rx-3', state: 'skipped' },
    ]);
    expect(fleet.acks('rx-3', normal.body.id)).toEqual([]);
    const em = await t.api('POST', '/api/v1/emergency', { title: 'Cháy', text: 'Khẩn cấp, có cháy.', zoneIds: ['thon-3'], repeat: 1 });
    await waitFor(async () => (await broadcast(em.body.id)).status === 'done', 15_000, 'emergency done in quiet hours');
    await t.api('PATCH', '/api/v1/zones/thon-3', { quietHours: null });
  });
});

describe('calendar', () => {
  it('lists the holidays of a year with Vietnamese lunar dates', async () => {
    const list = (await t.api('GET', '/api/v1/calendar/holidays?year=2027')).body as any[];
    expect(list.find((h) => h.id === 'tet-nguyen-dan')).toMatchObject({ date: '2027-02-06' });
    expect(list.find((h) => h.id === 'giao-thua')).toMatchObject({ date: '2027-02-05' });
    expect(list.find((h) => h.id === 'quoc-khanh')).toMatchObject({ date: '2027-09-02', name: expect.any(String) });
    expect((await t.api('GET', '/api/v1/calendar/holidays?year=abc')).status).toBe(400);
  });
});

describe('on time everywhere', () => {
  it("estimates each receiver's clock offset from ping (on connect, or asked for) and flags one that is off", async () => {
    await t.api('POST', '/api/v1/zones', { id: 'thon-lech', name: 'Thôn lệch giờ', parentId: 'xa' });
    const { secret } = (await t.api('POST', '/api/v1/receivers', { id: 'rx-skewed', name: 'lệch', zoneId: 'thon-lech' })).body;
    await fleet.start('rx-skewed', secret, { clock: () => Date.now() + 2000 });
    // No ping asked for: the server pings a receiver as it comes online.
    expect((await t.api('POST', '/api/v1/receivers/rx-1/commands', { type: 'ping' })).status).toBe(202);
    const rx = await waitFor(async () => {
      const r = (await t.api('GET', '/api/v1/receivers/rx-skewed')).body;
      return r.clockOffsetMs !== null ? r : null;
    }, 5000, 'offset recorded');
    expect(Math.abs(rx.clockOffsetMs - 2000)).toBeLessThan(200);
    expect(rx.clockWarning).toBe(true);
    const good = await waitFor(async () => {
      const r = (await t.api('GET', '/api/v1/receivers/rx-1')).body;
      return r.clockOffsetMs !== null ? r : null;
    }, 5000, 'offset recorded');
    expect(Math.abs(good.clockOffsetMs)).toBeLessThan(200);
    expect(good.clockWarning).toBe(false);
  });
});

describe('conflicts and commune settings', () => {
  it('shows an overlap in the same zone (or its parent), and blocks it when the commune says so', async () => {
    const at = new Date(Date.now() + 2 * 3_600_000).toISOString();
    const first = await t.api('POST', '/api/v1/schedules', { title: 'Tin sáng', text: 'Bản tin buổi sáng của xã.', zoneIds: ['thon-1'], kind: 'once', at });
    expect(first.body.conflicts).toEqual([]);
    const overlapping = await t.api('POST', '/api/v1/schedules', { title: 'Tin chồng', text: 'Bản tin khác.', zoneIds: ['xa'], kind: 'once', at });
    expect(overlapping.status).toBe(201);
    expect(overlapping.body.conflicts).toMatchObject([{ scheduleId: first.body.id, title: 'Tin sáng', at }]);
    const elsewhere = await t.api('POST', '/api/v1/schedules', { title: 'Thôn khác', text: 'Bản tin.', zoneIds: ['thon-3'], kind: 'once', at: new Date(Date.now() + 5 * 3_600_000).toISOString() });
    expect(elsewhere.body.conflicts).toEqual([]);

    expect((await t.api('PATCH', '/api/v1/settings', { conflictMode: 'block' }, officer)).status).toBe(403);
    expect((await t.api('PATCH', '/api/v1/settings', { conflictMode: 'block' })).body.conflictMode).toBe('block');
    const blocked = await t.api('POST', '/api/v1/schedules', { title: 'Bị chặn', text: 'Bản tin.', zoneIds: ['thon-1'], kind: 'once', at });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error).toMatch(/Tin sáng/);
    await t.api('PATCH', '/api/v1/settings', { conflictMode: 'warn' });
  });

  it("lets the commune waive approval for an officer's normal items, not for priority ones", async () => {
    await t.api('PATCH', '/api/v1/settings', { waiveApprovalForNormal: true });
    const at = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const normal = await t.api('POST', '/api/v1/schedules', { title: 'Thường', text: 'Tin thường.', zoneIds: ['thon-3'], kind: 'once', at }, officer);
    expect(normal.body.status).toBe('approved');
    const priority = await t.api('POST', '/api/v1/schedules', { title: 'Ưu tiên', text: 'Tin ưu tiên.', zoneIds: ['thon-3'], kind: 'once', at, priority: 'priority' }, officer);
    expect(priority.body.status).toBe('draft');
    await t.api('PATCH', '/api/v1/settings', { waiveApprovalForNormal: false });
  });
});

describe('calendar view', () => {
  it('projects approved and pending schedules past the written-down horizon, for a month view', async () => {
    const rule = { freq: 'weekly', weekdays: [1], times: ['07:00'] };
    const approved = await t.api('POST', '/api/v1/schedules', { title: 'Tin thứ hai', text: 'Bản tin đầu tuần.', zoneIds: ['thon-3'], kind: 'rule', rule });
    const from = new Date();
    const to = new Date(from.getTime() + 31 * 86_400_000);
    const items = (await t.api('GET', `/api/v1/occurrences?from=${from.toISOString()}&to=${to.toISOString()}`)).body as any[];
    const mine = items.filter((o) => o.scheduleId === approved.body.id);
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(mine.some((o) => o.state === 'projected')).toBe(true);
    expect(new Set(mine.map((o) => o.id)).size).toBe(mine.length);
    expect((await t.api('GET', `/api/v1/occurrences?from=${from.toISOString()}&to=${new Date(from.getTime() + 90 * 86_400_000).toISOString()}`)).status).toBe(400);
  });
});
