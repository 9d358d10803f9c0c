// Quiet hours are a commune decision (chairman or admin, not the technician),
// and they hold back only normal items: an approved priority item and an
// emergency air in a quiet hamlet, on a real receiver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFleet } from '../helpers/agents.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
let fleet: TestFleet;
const tokens: Record<'officer' | 'chairman' | 'technician', string> = { officer: '', chairman: '', technician: '' };
const TZ = 'Asia/Ho_Chi_Minh';
const localHHmm = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
// The whole day but one minute, the way the attack set it.
const allDay = { from: '00:00', to: '23:59' };
const aroundNow = () => ({ from: localHHmm(new Date(Date.now() - 60_000)), to: localHHmm(new Date(Date.now() + 10 * 60_000)) });

beforeAll(async () => {
  t = await startTestServer({ LEAD_TIME_MS: '1000' });
  fleet = new TestFleet(t.server.receiverMqttUrl);
  for (const role of ['officer', 'chairman', 'technician'] as const) tokens[role] = await t.tokenFor(role);
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã Bình Minh' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-dong', name: 'Thôn Đông', parentId: 'xa' });
  const { secret } = (await t.api('POST', '/api/v1/receivers', { id: 'rx-dong', name: 'Thôn Đông – cụm loa 1', zoneId: 'thon-dong' })).body;
  await fleet.start('rx-dong', secret);
  await waitFor(async () => (await t.api('GET', '/api/v1/receivers/rx-dong')).body.online, 5000, 'online');
});

afterAll(async () => {
  await fleet?.close();
  await t?.close();
});

const zone = async () => ((await t.api('GET', '/api/v1/zones')).body as any[]).find((z) => z.id === 'thon-dong');
const settled = (id: string) =>
  waitFor(async () => {
    const b = (await t.api('GET', `/api/v1/broadcasts/${id}`)).body;
    return ['done', 'partial', 'failed', 'expired', 'cancelled'].includes(b.status) ? b : null;
  }, 20_000, `broadcast ${id} settled`);

describe('who sets quiet hours', () => {
  it('the technician and the officer may not; the chairman and the admin may', async () => {
    for (const role of ['technician', 'officer'] as const) {
      const res = await t.api('PATCH', '/api/v1/zones/thon-dong', { quietHours: allDay }, tokens[role]);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'forbidden', permission: 'zones:quiet-hours' });
      expect(res.body.error).toMatch(/không được phép/);
    }
    expect((await zone()).quietHours).toBeNull();
    const byChairman = await t.api('PATCH', '/api/v1/zones/thon-dong', { quietHours: allDay }, tokens.chairman);
    expect(byChairman.status).toBe(200);
    expect(byChairman.body.quietHours).toEqual(allDay);
    expect((await t.api('PATCH', '/api/v1/zones/thon-dong', { quietHours: null })).status).toBe(200);
    expect((await zone()).quietHours).toBeNull();
  });
});

describe('what quiet hours hold back', () => {
  it('a normal item is skipped; an approved priority item and an emergency air', async () => {
    expect((await t.api('PATCH', '/api/v1/zones/thon-dong', { quietHours: aroundNow() }, tokens.chairman)).status).toBe(200);

    const normal = await t.api('POST', '/api/v1/broadcasts', { title: 'Tin thường', text: 'Thông báo lịch tiêm phòng cho trâu bò.', zoneIds: ['thon-dong'] }, tokens.chairman);
    expect(normal.status).toBe(201);
    const n = await settled(normal.body.id);
    expect(n.deliveries).toMatchObject([{ receiverId: 'rx-dong', state: 'skipped' }]);

    // The officer's priority item waits for the chairman, then airs despite the quiet hours.
    const priority = await t.api('POST', '/api/v1/broadcasts', { title: 'Lịch cắt điện', text: 'Thông báo cắt điện ngày mai từ bảy giờ sáng.', zoneIds: ['thon-dong'], priority: 'priority' }, tokens.officer);
    expect(priority.status).toBe(201);
    expect(priority.body.status).toBe('pending_approval');
    expect((await t.api('POST', `/api/v1/broadcasts/${priority.body.id}/approve`, {}, tokens.chairman)).status).toBe(200);
    const p = await settled(priority.body.id);
    expect(p.deliveries).toMatchObject([{ receiverId: 'rx-dong', state: 'done' }]);
    expect(fleet.acks('rx-dong', priority.body.id).some((a) => a.state === 'playing')).toBe(true);

    const em = await t.api('POST', '/api/v1/emergency', { title: 'Bão', text: 'Khẩn cấp, bão đang đến.', zoneIds: ['thon-dong'], repeat: 1 }, tokens.officer);
    expect(em.status).toBe(201);
    const e = await settled(em.body.id);
    expect(e.deliveries).toMatchObject([{ receiverId: 'rx-dong', state: 'done' }]);

    expect(fleet.acks('rx-dong', normal.body.id)).toEqual([]);
    await t.api('PATCH', '/api/v1/zones/thon-dong', { quietHours: null });
  });
});
