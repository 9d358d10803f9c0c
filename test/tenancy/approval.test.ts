// Approval nobody can bypass (issue #12): the three bypasses reproduced from
// outside, as regression tests, and approval by the right level.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFleet } from '../helpers/agents.js';
import { waitFor } from '../helpers/server.js';
import { buildWorld, COMMUNES, DISTRICT, PASSWORD, type Caller, type World } from './world.js';

let w: World;
let fleet: TestFleet;
/** The one receiver with an agent running, in commune A. */
let rx: string;
const A = COMMUNES.A;
const B = COMMUNES.B;
const c = (name: string): Caller => w.callers[name]!;

beforeAll(async () => {
  // Occurrences are rendered a minute ahead, so an edit lands inside the render window.
  w = await buildWorld({ LEAD_TIME_MS: '1500', RENDER_AHEAD_MIN: '1', EMERGENCY_WINDOW_MIN: '5' });
  fleet = new TestFleet(w.t.server.receiverMqttUrl);
  rx = w.receivers.A[0]!;
  const { secret } = (await w.t.api('POST', `/api/v1/receivers/${rx}/secret`)).body;
  await fleet.start(rx, secret);
  await waitFor(async () => (await w.t.api('GET', `/api/v1/receivers/${rx}`)).body.online, 10_000, 'receiver online');
});

afterAll(async () => {
  await fleet?.close();
  await w?.t.close();
});

const occurrenceRows = (scheduleId: string) => w.t.server.database.db.selectFrom('occurrences').selectAll().where('schedule_id', '=', scheduleId).execute();
const broadcastsOf = async (scheduleId: string) => {
  const rows = await occurrenceRows(scheduleId);
  const ids = rows.map((o) => o.id);
  return ids.length ? w.t.server.database.db.selectFrom('broadcasts').selectAll().where('occurrence_id', 'in', ids).execute() : [];
};

describe('bypass 1: editing an approved schedule inside the render window', () => {
  it('does not air the old audio, and airs the new one only after approval', async () => {
    const hamlet = A.hamlets[0].id;
    const t1 = new Date(Date.now() + 12_000);
    const created = await c('chairman-a').token('POST', '/api/v1/schedules', { title: 'Họp thôn', text: 'Kính mời bà con thôn Đông dự họp lúc mười chín giờ.', zoneIds: [hamlet], kind: 'once', at: t1.toISOString() });
    expect(created.body.status).toBe('approved');
    const id = created.body.id as string;
    // Rendered ahead: the old audio is ready to go.
    const ready = await waitFor(async () => (await occurrenceRows(id)).find((o) => o.state === 'ready'), 20_000, 'occurrence ready');
    const oldMedia = ready!.media_sha256!;

    const t2 = new Date(t1.getTime() + 14_000);
    const edited = await c('officer-a').session('PUT', `/api/v1/schedules/${id}`, { title: 'Họp thôn (đổi nội dung)', text: 'Kính mời bà con thôn Đông dự họp lúc hai mươi giờ, mang theo sổ hộ khẩu.', zoneIds: [hamlet], kind: 'once', at: t2.toISOString() });
    expect(edited.status).toBe(200);
    expect(edited.body.status).toBe('pending_approval');
    expect((await occurrenceRows(id)).filter((o) => ['planned', 'rendering', 'ready'].includes(o.state))).toEqual([]);

    // The old time passes: nothing airs, neither old audio nor new.
    await waitFor(() => Date.now() > t1.getTime() + 2500, 20_000, 'old time passed');
    expect(await broadcastsOf(id)).toEqual([]);
    expect(fleet.acks(rx).filter((a) => a.broadcastId?.startsWith('b-o'))).toEqual([]);

    // Approved: written and rendered again from the new version, and it airs.
    const approved = await c('chairman-a').session('POST', `/api/v1/schedules/${id}/approve`, {});
    expect(approved.status).toBe(200);
    const b = await waitFor(async () => (await broadcastsOf(id))[0], 20_000, 'occurrence dispatched');
    expect(b!.title).toBe('Họp thôn (đổi nội dung)');
    expect(b!.media_sha256).not.toBe(oldMedia);
    expect(b!.start_at).toBe(t2.toISOString());
    await waitFor(() => fleet.acks(rx, b!.id).some((a) => a.state === 'done'), 25_000, 'new audio played');
    expect(fleet.acks(rx).filter((a) => a.state === 'playing').map((a) => a.broadcastId)).toEqual([b!.id]);
  });
});

describe('bypass 2: "emergency" on an ordinary item', () => {
  it("an officer's emergency an hour ahead waits for approval and does not air, by either route", async () => {
    const at = new Date(Date.now() + 3600_000).toISOString();
    const schedule = await c('officer-a').token('POST', '/api/v1/schedules', { title: 'Khẩn', text: 'Thông báo khẩn.', zoneIds: [A.id], priority: 'emergency', kind: 'once', at });
    expect(schedule.status).toBe(201);
    expect(schedule.body.status).toBe('draft');
    expect(await occurrenceRows(schedule.body.id)).toEqual([]);
    const submitted = await c('officer-a').token('POST', `/api/v1/schedules/${schedule.body.id}/submit`, {});
    expect(submitted.body.status).toBe('pending_approval');
    expect(await occurrenceRows(schedule.body.id)).toEqual([]);

    const later = await c('officer-a').session('POST', '/api/v1/broadcasts', { title: 'Khẩn', text: 'Thông báo khẩn.', zoneIds: [A.id], priority: 'emergency', startAt: at });
    expect(later.status).toBe(201);
    expect(later.body.status).toBe('pending_approval');
    const audit = (await c('admin-a').session('GET', `/api/v1/audit?actor=user:officer-a`)).body as { action: string; subject: string }[];
    expect(audit.find((e) => e.subject === later.body.id)?.action).toBe('broadcast.create');
  });

  it('an emergency that plays now needs no approval by any route and is audited as an emergency with the person', async () => {
    const now = await c('officer-a').session('POST', '/api/v1/broadcasts', { title: 'Cháy rừng', text: 'Khẩn cấp. Cháy rừng ở đồi thông, bà con tránh xa.', zoneIds: [A.hamlets[1].id], priority: 'emergency' });
    expect(now.status).toBe(201);
    expect(now.body.status).not.toBe('pending_approval');
    const em = await c('officer-a').token('POST', '/api/v1/emergency', { title: 'Lũ', text: 'Khẩn cấp. Nước sông lên nhanh.', zoneIds: [A.hamlets[1].id], repeat: 1 });
    expect(em.status).toBe(201);
    const audit = (await c('chairman-a').token('GET', '/api/v1/audit?action=broadcast.emergency')).body as { actor: string; subject: string; zoneId: string }[];
    expect(audit.find((e) => e.subject === now.body.id)).toMatchObject({ actor: 'user:officer-a', zoneId: A.hamlets[1].id });
    expect(audit.find((e) => e.subject === em.body.id)).toMatchObject({ actor: 'token:tok-officer-a' });
    // The other commune's emergency is not the officer's to send.
    const other = await c('officer-a').token('POST', '/api/v1/emergency', { text: 'x', zoneIds: [B.id] });
    expect(other.status).toBe(403);
    expect(other.body.zoneId).toBe(B.id);
  });
});

describe('bypass 3: rejection', () => {
  it('needs a reason (400 without one, for broadcasts and schedules)', async () => {
    const b = await c('officer-a').token('POST', '/api/v1/broadcasts', { title: 'Tiêm chủng', text: 'Lịch tiêm chủng.', zoneIds: [A.id], startAt: new Date(Date.now() + 3600_000).toISOString() });
    expect(b.body.status).toBe('pending_approval');
    for (const body of [{}, { reason: '' }, { reason: '   ' }]) {
      const r = await c('chairman-a').session('POST', `/api/v1/broadcasts/${b.body.id}/reject`, body);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatch(/lý do/);
    }
    expect((await c('chairman-a').session('GET', `/api/v1/broadcasts/${b.body.id}`)).body.status).toBe('pending_approval');
    const ok = await c('chairman-a').session('POST', `/api/v1/broadcasts/${b.body.id}/reject`, { reason: 'Sai ngày tiêm' });
    expect(ok.body.status).toBe('cancelled');

    const s = await c('officer-a').token('POST', '/api/v1/schedules', { title: 'Họp', text: 'Họp.', zoneIds: [A.id], kind: 'once', at: new Date(Date.now() + 7200_000).toISOString() });
    await c('officer-a').token('POST', `/api/v1/schedules/${s.body.id}/submit`, {});
    expect((await c('chairman-a').token('POST', `/api/v1/schedules/${s.body.id}/reject`, { reason: '' })).status).toBe(400);
    const rejected = await c('chairman-a').token('POST', `/api/v1/schedules/${s.body.id}/reject`, { reason: 'Trùng lịch họp' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: 'Trùng lịch họp' });
    // Edited, it waits for approval again without the old reason hanging on it.
    const edited = await c('officer-a').token('PUT', `/api/v1/schedules/${s.body.id}`, { title: 'Họp (đổi giờ)', text: 'Họp.', zoneIds: [A.id], kind: 'once', at: new Date(Date.now() + 9000_000).toISOString() });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'pending_approval', rejectReason: null });
  });
});

describe('approval by the right level', () => {
  it('a district-wide item waits for a district chairman; a commune chairman cannot approve it', async () => {
    await w.t.api('POST', '/api/v1/users', { username: 'officer-district', role: 'officer', password: PASSWORD, zoneId: DISTRICT.id });
    const login = await fetch(w.t.baseUrl + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'officer-district', password: PASSWORD }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = await login.json();
    const post = (p: string, body: unknown) => fetch(w.t.baseUrl + p, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const startAt = new Date(Date.now() + 3600_000).toISOString();
    const wide = await post('/api/v1/broadcasts', { title: 'Toàn huyện', text: 'Thông báo của Ủy ban nhân dân huyện.', zoneIds: [DISTRICT.id], startAt });
    expect(wide.body.status).toBe('pending_approval');
    // Two communes at once is district-wide too.
    const both = await post('/api/v1/broadcasts', { title: 'Hai xã', text: 'Thông báo chung hai xã.', zoneIds: [A.id, B.id], startAt });
    for (const id of [wide.body.id, both.body.id]) {
      const no = await c('chairman-a').token('POST', `/api/v1/broadcasts/${id}/approve`, {});
      expect(no.status).toBe(403);
      // The district (above him) may be named; the other commune never is (test/tenancy/decide-shared-item.test.ts).
      expect(no.body.code).toBe('out_of_scope');
      if (no.body.zoneId !== undefined) expect(no.body.zoneId).toBe(DISTRICT.id);
      expect(JSON.stringify(no.body)).not.toContain(B.id);
      expect((await c('chairman-b').session('POST', `/api/v1/broadcasts/${id}/approve`, {})).status).toBe(403);
      expect((await c('chairman-a').token('GET', `/api/v1/broadcasts/${id}`)).body.status).toBe('pending_approval');
      const yes = await c('chairman-district').session('POST', `/api/v1/broadcasts/${id}/approve`, {});
      expect(yes.status).toBe(200);
      expect(yes.body).toMatchObject({ status: 'scheduled', approvedBy: 'user:chairman-district' });
    }
    // The same for a schedule.
    const s = await post('/api/v1/schedules', { title: 'Lịch huyện', text: 'Lịch của huyện.', zoneIds: [DISTRICT.id], kind: 'once', at: startAt });
    await post(`/api/v1/schedules/${s.body.id}/submit`, {});
    expect((await c('chairman-a').session('POST', `/api/v1/schedules/${s.body.id}/approve`, {})).status).toBe(403);
    expect((await c('chairman-district').token('POST', `/api/v1/schedules/${s.body.id}/approve`, {})).body.status).toBe('approved');
  });

  it('an officer cancels or archives only his own item before approval; after that the chairman decides', async () => {
    const startAt = new Date(Date.now() + 3600_000).toISOString();
    const mine = await c('officer-a').token('POST', '/api/v1/broadcasts', { title: 'Của tôi', text: 'Thông báo.', zoneIds: [A.id], startAt });
    const approved = await c('officer-a').token('POST', '/api/v1/broadcasts', { title: 'Đã duyệt', text: 'Thông báo.', zoneIds: [A.id], startAt });
    await c('chairman-a').token('POST', `/api/v1/broadcasts/${approved.body.id}/approve`, {});
    const others = await c('chairman-a').token('POST', '/api/v1/broadcasts', { title: 'Của chủ tịch', text: 'Thông báo.', zoneIds: [A.id], startAt });
    expect((await c('officer-a').session('POST', `/api/v1/broadcasts/${approved.body.id}/cancel`, {})).status).toBe(403);
    expect((await c('officer-a').session('POST', `/api/v1/broadcasts/${others.body.id}/cancel`, {})).status).toBe(403);
    expect((await c('officer-a').token('POST', `/api/v1/broadcasts/${mine.body.id}/cancel`, {})).body.status).toBe('cancelled');
    expect((await c('chairman-a').session('POST', `/api/v1/broadcasts/${approved.body.id}/cancel`, {})).body.status).toBe('cancelled');
    // Not the other commune's chairman.
    const bItem = await c('chairman-b').token('POST', '/api/v1/broadcasts', { title: 'Xã B', text: 'Thông báo.', zoneIds: [B.id], startAt });
    expect((await c('chairman-a').token('POST', `/api/v1/broadcasts/${bItem.body.id}/cancel`, {})).status).toBe(404);

    const s = await c('officer-a').token('POST', '/api/v1/schedules', { title: 'Lịch', text: 'Lịch.', zoneIds: [A.id], kind: 'once', at: startAt });
    await c('officer-a').token('POST', `/api/v1/schedules/${s.body.id}/submit`, {});
    await c('chairman-a').token('POST', `/api/v1/schedules/${s.body.id}/approve`, {});
    expect((await c('officer-a').token('DELETE', `/api/v1/schedules/${s.body.id}`)).status).toBe(403);
    expect((await c('chairman-a').token('DELETE', `/api/v1/schedules/${s.body.id}`)).body.status).toBe('archived');
    const draft = await c('officer-a').token('POST', '/api/v1/schedules', { title: 'Nháp', text: 'Nháp.', zoneIds: [A.id], kind: 'once', at: startAt });
    // The token and the session are different authors: each withdraws its own.
    expect((await c('officer-a').session('DELETE', `/api/v1/schedules/${draft.body.id}`)).status).toBe(403);
    expect((await c('officer-a').token('DELETE', `/api/v1/schedules/${draft.body.id}`)).body.status).toBe('archived');
  });
});
