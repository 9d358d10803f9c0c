// Bulletins inside one server, end to end on real parts (broker, SQLite or
// PostgreSQL, ffmpeg, the offline voice, mqtt.js receiver agents): two
// communes under one district, each level from the sender to the speakers.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFleet } from '../helpers/agents.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
let fleet: TestFleet;
// District accounts send; each commune's accounts handle their own inbox.
let officer: string;
let chairman: string;
let officerA: string;
let chairmanA: string;
let officerB: string;

const RECEIVERS = [
  ['rx-a1', 'thon-a1'],
  ['rx-a2', 'thon-a2'],
  ['rx-b1', 'thon-b1'],
] as const;

/** Speech rendered ahead through the render jobs; its sha256. */
async function render(text: string): Promise<string> {
  const job = await t.api('POST', '/api/v1/speech/render', { text });
  expect(job.status).toBe(202);
  const done = await waitFor(async () => {
    const j = (await t.api('GET', job.body.statusUrl)).body;
    if (j.state === 'failed') throw new Error(j.error);
    return j.mediaSha256 ?? null;
  }, 60_000, 'speech rendered');
  return done as string;
}

/** rx's acks of one broadcast, each with its place (`seq`) among all of rx's acks: the order of two broadcasts' acks. */
const acksOf = (rx: string, broadcastId: string) =>
  fleet
    .acks(rx)
    .map((ack, seq) => ({ ack, seq }))
    .filter((a) => a.ack.broadcastId === broadcastId);
const firstAck = (rx: string, broadcastId: string, state: string) => acksOf(rx, broadcastId).find((a) => a.ack.state === state);

beforeAll(async () => {
  t = await startTestServer();
  fleet = new TestFleet(t.server.receiverMqttUrl, { playbackSpeed: 4 });
  for (const z of [
    { id: 'huyen', name: 'Huyện Thử', kind: 'district' },
    { id: 'xa-a', name: 'Xã Bình Minh', parentId: 'huyen', kind: 'commune' },
    { id: 'xa-b', name: 'Xã An Phú', parentId: 'huyen', kind: 'commune' },
    { id: 'thon-a1', name: 'Thôn Đông', parentId: 'xa-a' },
    { id: 'thon-a2', name: 'Thôn Tây', parentId: 'xa-a' },
    { id: 'thon-b1', name: 'Ấp Một', parentId: 'xa-b' },
  ]) {
    expect((await t.api('POST', '/api/v1/zones', z)).status).toBe(201);
  }
  for (const [id, zoneId] of RECEIVERS) {
    const res = await t.api('POST', '/api/v1/receivers', { id, name: id, zoneId });
    expect(res.status).toBe(201);
    await fleet.start(id, res.body.secret);
  }
  await t.syncBroker();
  await waitFor(async () => (await t.api('GET', '/api/v1/receivers')).body.every((r: any) => r.online), 15_000, 'receivers online');
  const token = (name: string, role: 'officer' | 'chairman', zoneId: string) => t.server.tokens.create(name, role, null, undefined, zoneId);
  officer = await token('huyen-officer', 'officer', 'huyen');
  chairman = await token('huyen-chairman', 'chairman', 'huyen');
  officerA = await token('xa-a-officer', 'officer', 'xa-a');
  chairmanA = await token('xa-a-chairman', 'chairman', 'xa-a');
  officerB = await token('xa-b-officer', 'officer', 'xa-b');
}, 60_000);

afterAll(async () => {
  await fleet?.close();
  await t?.close();
});

describe('normal: each commune decides', () => {
  it('is placed in one commune and declined in the other, and the sender sees both', async () => {
    const sent = await t.api(
      'POST',
      '/api/v1/bulletins',
      {
        title: 'Mô hình Chính quyền thân thiện',
        text: 'Ủy ban nhân dân huyện đề nghị các xã tuyên truyền mô hình Chính quyền thân thiện: bốn xin, bốn luôn, năm không.',
        level: 'normal',
        zoneIds: ['huyen'],
      },
      chairman,
    );
    expect(sent.status).toBe(201);
    const id = sent.body.id as string;
    expect(sent.body.communes.map((c: any) => [c.zoneId, c.state])).toEqual([
      ['xa-a', 'received'],
      ['xa-b', 'received'],
    ]);

    // Each commune's inbox holds its own copy only.
    for (const [tok, zone] of [
      [officerA, 'xa-a'],
      [officerB, 'xa-b'],
    ] as const) {
      const inbox = await t.api('GET', '/api/v1/bulletins?inbox=true', undefined, tok);
      expect(inbox.status).toBe(200);
      expect(inbox.body.filter((i: any) => i.id === id).map((i: any) => [i.zoneId, i.state, i.fromUpstream])).toEqual([[zone, 'received', false]]);
    }
    // A commune account cannot act for the other commune, nor send bulletins itself.
    expect((await t.api('POST', `/api/v1/bulletins/${id}/decline`, { zoneId: 'xa-b', reason: 'không' }, officerA)).status).toBe(403);
    expect((await t.api('POST', '/api/v1/bulletins', { title: 'Thử', text: 'Thử', level: 'normal', zoneIds: ['xa-a'] }, officerA)).status).toBe(403);

    // Commune A's officer places it in one hamlet, through the commune's own approval.
    const startAt = new Date(Date.now() + 4000).toISOString();
    const placed = await t.api('POST', `/api/v1/bulletins/${id}/place`, { startAt, zoneIds: ['thon-a1'] }, officerA);
    expect(placed.status).toBe(200);
    const a = placed.body.communes.find((c: any) => c.zoneId === 'xa-a');
    expect(a.state).toBe('placed');
    expect(a.placedAt).toBe(startAt);
    expect(a.broadcastStatus).toBe('pending_approval');
    // Commune A sees only itself in the bulletin.
    expect(placed.body.communes.map((c: any) => c.zoneId)).toEqual(['xa-a']);
    expect((await t.api('POST', `/api/v1/broadcasts/${a.broadcastId}/approve`, {}, chairmanA)).status).toBe(200);

    // Placing it twice, or in a hamlet of another commune, is refused.
    const twice = await t.api('POST', `/api/v1/bulletins/${id}/place`, { zoneId: 'xa-a', startAt }, officerA);
    expect(twice.status).toBe(409);
    // In Vietnamese words, not the state's name.
    expect(twice.body.error).toBe('Bản tin ở xã này đã ở trạng thái «đã xếp lịch»');
    // Another commune's hamlet is out of scope like anywhere in the API, and its name is not given away.
    const elsewhere = await t.api('POST', `/api/v1/bulletins/${id}/place`, { zoneId: 'xa-b', startAt, zoneIds: ['thon-a1'] }, officerB);
    expect(elsewhere).toMatchObject({ status: 403, body: { code: 'out_of_scope', zoneId: 'thon-a1' } });
    expect(elsewhere.body.error).not.toContain('Thôn Đông');
    // The district sees both communes: there the hamlet is only in the wrong commune.
    const wrongCommune = await t.api('POST', `/api/v1/bulletins/${id}/place`, { zoneId: 'xa-b', startAt, zoneIds: ['thon-a1'] }, officer);
    expect(wrongCommune).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
    expect((await t.api('POST', `/api/v1/bulletins/${id}/place`, { zoneId: 'xa-b', startAt, zoneIds: ['thon-nowhere'] }, officerB)).body.code).toBe('invalid_request');
    // Declining needs a reason.
    const noReason = await t.api('POST', `/api/v1/bulletins/${id}/decline`, { reason: ' ' }, officerB);
    expect(noReason.status).toBe(400);
    const declined = await t.api('POST', `/api/v1/bulletins/${id}/decline`, { reason: 'Xã đã phát nội dung này tuần trước' }, officerB);
    expect(declined.status).toBe(200);

    const view = await waitFor(async () => {
      const v = (await t.api('GET', `/api/v1/bulletins/${id}`, undefined, chairman)).body;
      return v.communes.find((c: any) => c.zoneId === 'xa-a').state === 'aired' ? v : null;
    }, 30_000, 'aired in commune A');
    const b = view.communes.find((c: any) => c.zoneId === 'xa-b');
    expect(b).toMatchObject({ state: 'declined', reason: 'Xã đã phát nội dung này tuần trước', broadcastId: null });
    expect(view.states).toEqual({ aired: 1, declined: 1 });
    // Only the hamlet chosen heard it.
    expect(view.counts).toEqual({ done: 1 });
    expect(firstAck('rx-a1', a.broadcastId, 'done')).toBeTruthy();
    expect(acksOf('rx-a2', a.broadcastId)).toEqual([]);
    expect(acksOf('rx-b1', a.broadcastId)).toEqual([]);
    // The commune sees it as "Bản tin cấp trên" in its broadcasts.
    const broadcast = (await t.api('GET', `/api/v1/broadcasts/${a.broadcastId}`)).body;
    expect(broadcast.category).toBe('ban-tin-cap-tren');
  }, 60_000);
});

describe('priority: first in the programme', () => {
  it('a commune item due at the same time plays after it', async () => {
    // Both are written before either is dispatched (lead time 2 s), as a bulletin sent ahead is:
    // their audio is made first, so a slow render on a busy machine cannot let the commune's item go out alone.
    const ownAudio = await render('Xã Bình Minh thông báo lịch tiếp công dân sáng thứ hai hằng tuần.');
    const bulletinAudio = await render('Trung tâm y tế huyện đề nghị người dân diệt lăng quăng, bọ gậy, ngủ màn để phòng chống dịch sốt xuất huyết.');
    const startAt = new Date(Date.now() + 6000).toISOString();
    const own = await t.api('POST', '/api/v1/broadcasts', { title: 'Lịch tiếp công dân', mediaSha256: ownAudio, zoneIds: ['xa-a'], priority: 'normal', startAt }, chairmanA);
    expect(own.status).toBe(201);
    const sent = await t.api('POST', '/api/v1/bulletins', {
      title: 'Phòng chống dịch sốt xuất huyết',
      mediaSha256: bulletinAudio,
      level: 'priority',
      zoneIds: ['xa-a', 'xa-b'],
      startAt,
    }, chairman);
    expect(sent.status).toBe(201);
    expect(sent.body.communes.every((c: any) => c.state === 'placed' && c.placedAt === startAt)).toBe(true);
    const airingA = sent.body.communes.find((c: any) => c.zoneId === 'xa-a').broadcastId as string;
    // The commune sees it in its calendar (its broadcasts), marked as from above.
    const inCalendar = (await t.api('GET', `/api/v1/broadcasts/${airingA}`)).body;
    expect(inCalendar).toMatchObject({ priority: 'priority', category: 'ban-tin-cap-tren', startAt });
    expect(['scheduled', 'dispatching', 'dispatched']).toContain(inCalendar.status);

    const view = await waitFor(async () => {
      const v = (await t.api('GET', `/api/v1/bulletins/${sent.body.id}`)).body;
      return v.states.aired === 2 ? v : null;
    }, 40_000, 'priority bulletin aired in both communes');
    expect(view.counts).toEqual({ done: 3 });
    const ownDone = await waitFor(async () => {
      const b = (await t.api('GET', `/api/v1/broadcasts/${own.body.id}`)).body;
      return b.status === 'done' ? b : null;
    }, 40_000, 'the commune item done');
    for (const rx of ['rx-a1', 'rx-a2']) {
      const bulletinEnd = firstAck(rx, airingA, 'done')!;
      const ownStart = firstAck(rx, own.body.id, 'playing')!;
      expect(ownStart.seq).toBeGreaterThan(bulletinEnd.seq);
      expect(acksOf(rx, own.body.id).some((a) => a.ack.state === 'preempted')).toBe(false);
    }
    // Queued behind: its start moved past the bulletin's end.
    expect(Date.parse(ownDone.startAt)).toBeGreaterThan(Date.parse(startAt));
  }, 90_000);
});

describe('emergency: at once, interrupting', () => {
  it('preempts an item playing in the commune and airs on every receiver under the targets', async () => {
    const long = (await fs.readFile('/work/shared/seeds/003_2317b636d7fc6780.txt', 'utf8')).slice(0, 1200);
    const own = await t.api('POST', '/api/v1/broadcasts', { title: 'Kế hoạch Chính quyền thân thiện', text: long, zoneIds: ['xa-a', 'xa-b'], priority: 'normal' });
    expect(own.status).toBe(201);
    await waitFor(() => firstAck('rx-a1', own.body.id, 'playing'), 60_000, 'the commune item playing');

    // A district officer's emergency does not wait for approval.
    const sent = await t.api('POST', '/api/v1/bulletins', { title: 'Cảnh báo lũ quét', text: 'Khẩn cấp: lũ quét trên sông, người dân ven sông di chuyển ngay lên vùng cao.', level: 'emergency', zoneIds: ['xa-a', 'xa-b'] }, officer);
    expect(sent.status).toBe(201);
    expect(sent.body.status).toBe('sent');
    const view = await waitFor(async () => {
      const v = (await t.api('GET', `/api/v1/bulletins/${sent.body.id}`)).body;
      return v.states.aired === 2 ? v : null;
    }, 40_000, 'emergency aired in both communes');
    expect(view.counts).toEqual({ done: 3 });
    expect(firstAck('rx-a1', own.body.id, 'preempted')).toBeTruthy();
  }, 120_000);
});

describe('withdrawn by the sender', () => {
  it('nothing of it airs where it has not aired: the waiting airing is cancelled, the inbox item cannot be placed; who may, with a reason', async () => {
    const startAt = new Date(Date.now() + 3_600_000).toISOString();
    const priority = await t.api('POST', '/api/v1/bulletins', { title: 'Lịch cắt điện', text: 'Điện lực huyện thông báo lịch cắt điện ngày mai từ 7 giờ đến 11 giờ.', level: 'priority', zoneIds: ['xa-a'], startAt }, chairman);
    expect(priority.status).toBe(201);
    const airing = priority.body.communes[0].broadcastId as string;
    expect((await t.api('GET', `/api/v1/broadcasts/${airing}`)).body.status).toBe('scheduled');
    const normal = await t.api('POST', '/api/v1/bulletins', { title: 'Tuyên truyền', text: 'Tuyên truyền mô hình Chính quyền thân thiện.', level: 'normal', zoneIds: ['huyen'] }, officer);
    expect(normal.body.status).toBe('pending_approval');
    expect((await t.api('POST', `/api/v1/bulletins/${normal.body.id}/approve`, {}, chairman)).status).toBe(200);

    // Not the communes, not another officer of the district, and never without a reason.
    const officer2 = await t.server.tokens.create('huyen-officer-2', 'officer', null, undefined, 'huyen');
    expect((await t.api('POST', `/api/v1/bulletins/${priority.body.id}/withdraw`, { reason: 'nhầm' }, chairmanA)).status).toBe(403);
    expect((await t.api('POST', `/api/v1/bulletins/${priority.body.id}/withdraw`, { reason: 'nhầm' }, officer2)).status).toBe(403);
    expect((await t.api('POST', `/api/v1/bulletins/${priority.body.id}/withdraw`, { reason: ' ' }, chairman)).status).toBe(400);

    const withdrawn = await t.api('POST', `/api/v1/bulletins/${priority.body.id}/withdraw`, { reason: 'Điện lực đã hoãn lịch cắt điện' }, chairman);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawnBy: 'token:huyen-chairman', withdrawReason: 'Điện lực đã hoãn lịch cắt điện' });
    expect(withdrawn.body.communes[0]).toMatchObject({ zoneId: 'xa-a', state: 'withdrawn', reason: 'Điện lực đã hoãn lịch cắt điện' });
    expect((await t.api('GET', `/api/v1/broadcasts/${airing}`)).body.status).toBe('cancelled');
    // Twice is a conflict; the audit says who and why.
    expect((await t.api('POST', `/api/v1/bulletins/${priority.body.id}/withdraw`, { reason: 'lại' }, chairman)).status).toBe(409);
    const audit = (await t.api('GET', '/api/v1/audit?action=bulletin.withdraw')).body as any[];
    expect(audit.find((e) => e.subject === priority.body.id)).toMatchObject({ actor: 'token:huyen-chairman' });

    // The officer who sent the normal one withdraws it: the communes see it withdrawn and cannot place it.
    expect((await t.api('POST', `/api/v1/bulletins/${normal.body.id}/withdraw`, { reason: 'Nội dung chưa đúng' }, officer)).status).toBe(200);
    const inbox = (await t.api('GET', '/api/v1/bulletins?inbox=true', undefined, officerA)).body as any[];
    expect(inbox.find((i) => i.id === normal.body.id)).toMatchObject({ status: 'withdrawn', state: 'withdrawn', withdrawReason: 'Nội dung chưa đúng' });
    const place = await t.api('POST', `/api/v1/bulletins/${normal.body.id}/place`, { startAt: new Date(Date.now() + 60_000).toISOString() }, officerA);
    expect(place).toMatchObject({ status: 409, body: { code: 'withdrawn' } });

    // One not yet approved is simply cancelled.
    const draft = await t.api('POST', '/api/v1/bulletins', { title: 'Nháp', text: 'Thông báo nháp.', level: 'priority', zoneIds: ['xa-b'], startAt }, officer);
    // Approval is the district's too: the chairman of the one commune it goes to is not its approver.
    const chairmanB = await t.server.tokens.create('xa-b-chairman', 'chairman', null, undefined, 'xa-b');
    expect((await t.api('POST', `/api/v1/bulletins/${draft.body.id}/approve`, {}, chairmanB)).status).toBe(403);
    expect((await t.api('POST', `/api/v1/bulletins/${draft.body.id}/withdraw`, { reason: 'x' }, chairmanB)).status).toBe(403);
    const cancelled = await t.api('POST', `/api/v1/bulletins/${draft.body.id}/withdraw`, { reason: 'Không gửi nữa' }, officer);
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    expect((await t.api('POST', `/api/v1/bulletins/${draft.body.id}/approve`, {}, chairman)).status).toBe(409);
  });

  it('an emergency on air is stopped on every receiver', async () => {
    const long = (await fs.readFile('/work/shared/seeds/003_2317b636d7fc6780.txt', 'utf8')).slice(0, 900);
    const sent = await t.api('POST', '/api/v1/bulletins', { title: 'Cảnh báo nhầm', text: long, level: 'emergency', zoneIds: ['xa-b'] }, chairman);
    expect(sent.status).toBe(201);
    const airing = sent.body.communes[0].broadcastId as string;
    const playing = await waitFor(() => firstAck('rx-b1', airing, 'playing'), 60_000, 'the emergency playing');
    const withdrawn = await t.api('POST', `/api/v1/bulletins/${sent.body.id}/withdraw`, { reason: 'Cảnh báo phát nhầm' }, chairman);
    expect(withdrawn.status).toBe(200);
    await waitFor(() => firstAck('rx-b1', airing, 'preempted'), 15_000, 'the receiver stopped');
    // The play never finished (the stop command itself is acked done).
    expect(acksOf('rx-b1', airing).filter((a) => a.ack.cmdId === playing!.ack.cmdId && a.ack.state === 'done')).toEqual([]);
    const view = (await t.api('GET', `/api/v1/bulletins/${sent.body.id}`)).body;
    expect(view.communes[0]).toMatchObject({ state: 'withdrawn', broadcastStatus: expect.stringMatching(/stopped|dispatched/) });
  }, 90_000);
});

describe('the sender', () => {
  it("a district officer's priority bulletin waits for the district chairman; a commune chairman cannot approve it", async () => {
    const sent = await t.api('POST', '/api/v1/bulletins', { title: 'Lịch tiêm chủng', text: 'Lịch tiêm chủng mở rộng tháng này.', level: 'priority', zoneIds: ['xa-b'], startAt: new Date(Date.now() + 3_600_000).toISOString() }, officer);
    expect(sent.status).toBe(201);
    expect(sent.body.status).toBe('pending_approval');
    expect(sent.body.communes[0].broadcastId).toBeNull();
    expect((await t.api('POST', `/api/v1/bulletins/${sent.body.id}/approve`, {}, officer)).status).toBe(403);
    expect((await t.api('POST', `/api/v1/bulletins/${sent.body.id}/approve`, {}, chairmanA)).status).toBe(403);
    const approved = await t.api('POST', `/api/v1/bulletins/${sent.body.id}/approve`, {}, chairman);
    expect(approved.status).toBe(200);
    expect(approved.body.communes[0].state).toBe('placed');
    const listed = await t.api('GET', '/api/v1/bulletins', undefined, chairman);
    expect(listed.body.some((b: any) => b.id === sent.body.id)).toBe(true);
    // Commune A's accounts do not see commune B's bulletin.
    expect((await t.api('GET', '/api/v1/bulletins', undefined, chairmanA)).body.some((b: any) => b.id === sent.body.id)).toBe(false);
    expect((await t.api('GET', `/api/v1/bulletins/${sent.body.id}`, undefined, officerA)).status).toBe(404);
  });

  it('bad input is a 4xx that names the problem', async () => {
    const base = { title: 'Thử', text: 'Nội dung', level: 'normal', zoneIds: ['xa-a'] };
    for (const [body, status, match] of [
      [{ ...base, level: 'urgent' }, 400, /level/],
      [{ ...base, zoneIds: [] }, 400, /zone/],
      [{ ...base, zoneIds: ['thon-a1'] }, 400, /thôn/],
      [{ ...base, zoneIds: ['khong-co'] }, 400, /khong-co/],
      [{ ...base, text: undefined }, 400, /Cần nội dung hoặc tệp âm thanh/],
      [{ ...base, expiresAt: '2020-01-01T00:00:00Z' }, 400, /đã qua/],
    ] as const) {
      const res = await t.api('POST', '/api/v1/bulletins', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error).toMatch(match);
    }
    expect((await t.api('GET', '/api/v1/bulletins/bl-none')).status).toBe(404);
    expect((await t.api('POST', '/api/v1/bulletins', base, (await t.tokenFor('technician')))).status).toBe(403);
  });
});
