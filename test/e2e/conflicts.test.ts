// Conflicts over the whole span of a schedule and for one-off broadcasts, on
// the real server through the API, on both backends: a weekly rule against a
// one-off five days out (far past the 48 h of written occurrences), one-off
// against one-off, a zone against its parent and child, the commune's block
// mode; and a bound on the work for dense rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let t: TestServer;
const TZ = 'Asia/Ho_Chi_Minh';
const DAY = 86_400_000;

/** The local weekday (1 = Monday) and HH:mm of an instant in the commune. */
function local(at: Date): { weekday: number; hhmm: string; date: string } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', weekday: 'short' }).formatToParts(at).map((p) => [p.type, p.value]));
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1;
  return { weekday, hhmm: `${parts.hour}:${parts.minute}`, date: `${parts.day}/${parts.month}/${parts.year}` };
}

/** A whole minute `days` ahead, at a minute of its own so the tests' items do not meet by chance. */
function minuteAhead(days: number, minute: number): Date {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(d.getUTCHours(), minute, 0, 0);
  return d;
}

const setMode = async (conflictMode: 'warn' | 'block') => expect((await t.api('PATCH', '/api/v1/settings', { conflictMode })).status).toBe(200);

beforeAll(async () => {
  t = await startTestServer();
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã Tân Hòa' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-1', name: 'Thôn Đông', parentId: 'xa' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-2', name: 'Thôn Tây', parentId: 'xa' });
  await t.api('POST', '/api/v1/zones', { id: 'xom-1a', name: 'Xóm Bến', parentId: 'thon-1' });
  await t.api('POST', '/api/v1/receivers', { id: 'rx-dong', name: 'Loa đầu thôn Đông', zoneId: 'thon-1' });
});

afterAll(async () => {
  await setMode('warn').catch(() => {});
  await t?.close();
});

describe('a weekly rule against a one-off five days out', () => {
  const at = minuteAhead(5, 7);
  let ruleId: string;

  it('a one-off broadcast names the rule, the hamlet and the time', async () => {
    const { weekday, hhmm, date } = local(at);
    const rule = await t.api('POST', '/api/v1/schedules', { title: 'Bản tin thời sự tuần', text: 'Bản tin thời sự của xã phát vào mỗi tuần.', zoneIds: ['thon-1'], kind: 'rule', rule: { freq: 'weekly', weekdays: [weekday], times: [hhmm] } });
    expect(rule.status).toBe(201);
    expect(rule.body.conflicts).toEqual([]);
    ruleId = rule.body.id;

    const oneOff = await t.api('POST', '/api/v1/broadcasts', { title: 'Lịch tiêm phòng', text: 'Trạm y tế xã thông báo lịch tiêm phòng cho trẻ em.', zoneIds: ['thon-1'], startAt: at.toISOString() });
    expect(oneOff.status).toBe(201);
    expect(oneOff.body.conflicts).toHaveLength(1);
    const c = oneOff.body.conflicts[0];
    expect(c).toMatchObject({ scheduleId: ruleId, title: 'Bản tin thời sự tuần', at: at.toISOString(), zoneId: 'thon-1', zoneName: 'Thôn Đông' });
    expect(c.message).toContain('Thôn Đông');
    expect(c.message).toContain(`${hhmm} ${date}`);
    expect(c.message).toContain('Bản tin thời sự tuần');
    // The broadcast was made all the same (warn mode) and shows as itself.
    expect((await t.api('GET', `/api/v1/broadcasts/${oneOff.body.id}`)).body.title).toBe('Lịch tiêm phòng');
  });

  it('a one-off schedule five days out sees the rule too, and a later rule sees the broadcast', async () => {
    const once = await t.api('POST', '/api/v1/schedules', { title: 'Họp dân', text: 'Mời bà con dự họp.', zoneIds: ['thon-1'], kind: 'once', at: at.toISOString() });
    expect(once.status).toBe(201);
    expect(once.body.conflicts.map((c: any) => c.scheduleId ?? c.broadcastId)).toContain(ruleId);
    expect(once.body.conflicts.some((c: any) => c.broadcastId && c.title === 'Lịch tiêm phòng')).toBe(true);
    await t.api('DELETE', `/api/v1/schedules/${once.body.id}`);
    // Editing the rule is checked against the others, not against itself.
    const { weekday, hhmm } = local(at);
    const edited = await t.api('PUT', `/api/v1/schedules/${ruleId}`, { title: 'Bản tin thời sự tuần', text: 'Bản tin thời sự của xã.', zoneIds: ['thon-1'], kind: 'rule', rule: { freq: 'weekly', weekdays: [weekday], times: [hhmm] } });
    expect(edited.status).toBe(200);
    expect(edited.body.conflicts.map((c: any) => c.scheduleId ?? c.broadcastId)).not.toContain(ruleId);
    expect(edited.body.conflicts).toMatchObject([{ title: 'Lịch tiêm phòng', zoneName: 'Thôn Đông' }]);
  });

  it('block mode refuses both with 409 and the details; an emergency is never blocked', async () => {
    await setMode('block');
    try {
      const before = (await t.api('GET', '/api/v1/broadcasts')).body.length;
      const blocked = await t.api('POST', '/api/v1/broadcasts', { title: 'Thu gom rác', text: 'Thông báo lịch thu gom rác.', zoneIds: ['thon-1'], startAt: new Date(at.getTime() + 500).toISOString() });
      expect(blocked.status).toBe(409);
      expect(blocked.body.code).toBe('conflict');
      expect(blocked.body.error).toMatch(/^Trùng giờ ở Thôn Đông lúc .* với "/);
      expect(blocked.body.conflicts.map((c: any) => c.title).sort()).toEqual(['Bản tin thời sự tuần', 'Lịch tiêm phòng']);
      expect((await t.api('GET', '/api/v1/broadcasts')).body.length).toBe(before);

      const { weekday, hhmm } = local(at);
      const rule = await t.api('POST', '/api/v1/schedules', { title: 'Nhạc sáng', text: 'Chương trình ca nhạc.', zoneIds: ['thon-1'], kind: 'rule', rule: { freq: 'daily', times: [hhmm] } });
      expect(rule.status).toBe(409);
      expect(rule.body.error).toContain('Thôn Đông');
      expect(rule.body.conflicts.length).toBeGreaterThan(0);
      // Elsewhere it goes through.
      expect((await t.api('POST', '/api/v1/schedules', { title: 'Nhạc sáng', text: 'Chương trình ca nhạc.', zoneIds: ['thon-2'], kind: 'rule', rule: { freq: 'weekly', weekdays: [weekday], times: [hhmm] } })).status).toBe(201);
      expect((await t.api('POST', '/api/v1/broadcasts', { title: 'Khẩn', text: 'Thông báo khẩn.', zoneIds: ['thon-1'], priority: 'emergency', startAt: at.toISOString() })).status).toBe(201);
    } finally {
      await setMode('warn');
    }
  });
});

describe('one-off against one-off', () => {
  it('two broadcasts overlap in the same hamlet, not in the next one', async () => {
    const at = minuteAhead(3, 23);
    const first = await t.api('POST', '/api/v1/broadcasts', { title: 'Cúp điện', text: 'Điện lực thông báo lịch cắt điện.', zoneIds: ['thon-2'], startAt: at.toISOString() });
    expect(first.body.conflicts).toEqual([]);
    // Starts while the first still plays.
    const second = await t.api('POST', '/api/v1/broadcasts', { title: 'Nộp thuế', text: 'Thông báo nộp thuế đất.', zoneIds: ['thon-2'], startAt: new Date(at.getTime() + 500).toISOString() });
    expect(second.body.conflicts).toMatchObject([{ broadcastId: first.body.id, title: 'Cúp điện', zoneName: 'Thôn Tây', at: at.toISOString() }]);
    const elsewhere = await t.api('POST', '/api/v1/broadcasts', { title: 'Nộp thuế', text: 'Thông báo nộp thuế đất.', zoneIds: ['thon-1'], startAt: new Date(at.getTime() + 500).toISOString() });
    expect(elsewhere.body.conflicts).toEqual([]);
    const later = await t.api('POST', '/api/v1/broadcasts', { title: 'Nộp thuế', text: 'Thông báo nộp thuế đất.', zoneIds: ['thon-2'], startAt: new Date(at.getTime() + 10 * 60_000).toISOString() });
    expect(later.body.conflicts).toEqual([]);
  });
});

describe('a zone and its parent or child are the same place', () => {
  it('the commune against a hamlet, a cluster against its hamlet, a receiver against its hamlet', async () => {
    const at = minuteAhead(9, 41);
    const hamlet = await t.api('POST', '/api/v1/schedules', { title: 'Tiêm phòng gia súc', text: 'Thông báo tiêm phòng cho gia súc.', zoneIds: ['thon-1'], kind: 'once', at: at.toISOString() });
    expect(hamlet.status).toBe(201);
    const commune = await t.api('POST', '/api/v1/broadcasts', { title: 'Toàn xã', text: 'Thông báo của Ủy ban nhân dân xã.', zoneIds: ['xa'], startAt: at.toISOString() });
    expect(commune.body.conflicts).toMatchObject([{ scheduleId: hamlet.body.id, zoneId: 'thon-1', zoneName: 'Thôn Đông' }]);
    const cluster = await t.api('POST', '/api/v1/broadcasts', { title: 'Xóm Bến', text: 'Thông báo của xóm.', zoneIds: ['xom-1a'], startAt: at.toISOString() });
    expect(cluster.body.conflicts.map((c: any) => [c.title, c.zoneName]).sort()).toEqual([
      ['Tiêm phòng gia súc', 'Xóm Bến'],
      ['Toàn xã', 'Xóm Bến'],
    ]);
    const receiver = await t.api('POST', '/api/v1/broadcasts', { title: 'Một loa', text: 'Thử loa.', receiverIds: ['rx-dong'], startAt: at.toISOString() });
    expect(receiver.body.conflicts.map((c: any) => c.title).sort()).toEqual(['Tiêm phòng gia súc', 'Toàn xã']);
    expect(receiver.body.conflicts[0].zoneName).toBe('Thôn Đông');
  });
});

describe('bounded work', () => {
  it('a year of a daily rule against many items, and a cron every second, answer in well under seconds', async () => {
    const at = minuteAhead(20, 53);
    const { hhmm } = local(at);
    // 60 approved daily schedules at other minutes in the same hamlet (written
    // straight to the database: through the API each would check the others);
    // none meets the new one.
    const now = new Date().toISOString();
    // Their hours are never the new one's (its minute-53 time and 22:30), whatever the time of day the test runs.
    const busy = new Set([Number(hhmm.slice(0, 2)), 22]);
    const [h1, h2] = [3, 4, 10, 11, 15, 16].filter((h) => !busy.has(h)).map((h) => String(h).padStart(2, '0'));
    await t.server.database.db
      .insertInto('schedules')
      .values(
        Array.from({ length: 60 }, (_, i) => {
          const m = String(i).padStart(2, '0');
          return {
            id: `s-many-${m}`, title: `Tin ${m}`, text: 'Tin ngắn.', media_sha256: null, voice: null, template_id: null, priority: 'normal' as const, category: null,
            kind: 'rule' as const, spec_json: JSON.stringify({ kind: 'rule', rule: { freq: 'daily', times: [`${h1}:${m}`, `${h2}:${m}`] } }),
            zone_ids_json: '["thon-2"]', receiver_ids_json: '[]', repeat: 1, status: 'approved' as const, created_by: 'test', approved_by: 'test', approved_at: now, reject_reason: null, created_at: now, updated_at: now,
          };
        }),
      )
      .execute();
    // And a cron every second, waiting for approval (approved, the engine would write 172 800 occurrences for 48 h):
    // the API refuses one now, a database from before may still hold it.
    await t.server.database.db
      .insertInto('schedules')
      .values({
        id: 's-dense', title: 'Mỗi giây', text: 'Thử.', media_sha256: null, voice: null, template_id: null, priority: 'normal', category: null,
        kind: 'cron', spec_json: JSON.stringify({ kind: 'cron', cron: '* * * * * *' }),
        zone_ids_json: '["thon-2"]', receiver_ids_json: '[]', repeat: 1, status: 'pending_approval', created_by: 'test', approved_by: null, approved_at: null, reject_reason: null, created_at: now, updated_at: now,
      })
      .execute();
    const started = Date.now();
    const daily = await t.api('POST', '/api/v1/schedules', { title: 'Hằng ngày', text: 'Bản tin.', zoneIds: ['thon-2'], kind: 'rule', rule: { freq: 'daily', times: [hhmm, '22:30'] } });
    const took = Date.now() - started;
    expect(daily.status).toBe(201);
    // Only the cron meets it (the other dailies are at other hours).
    expect(daily.body.conflicts.map((c: any) => c.title)).toEqual(['Mỗi giây']);
    // Unbounded, a year of a per-second cron is 31 million instants: minutes. Generous for a loaded machine.
    expect(took).toBeLessThan(10_000);
    await t.api('DELETE', '/api/v1/schedules/s-dense');
  });
});
