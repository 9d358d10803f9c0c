// Honest statuses and recovery, end to end with reference agents (devices/):
//  - a broadcast an emergency cuts off on every live receiver ends in a final
//    status, and its delivery to an offline receiver says since when it is offline;
//  - POST /broadcasts/:id/stop silences it everywhere at once (receivers ack
//    `preempted`, the delivery names who stopped it, audited), and a receiver
//    that was offline never plays it later;
//  - POST /broadcasts/:id/replay-missed airs it again to exactly the receivers
//    that missed it, linked to the first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFleet } from '../helpers/agents.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
let fleet: TestFleet;
const secrets = new Map<string, string>();

// Long enough to be still on air when it is cut off (the `none` player keeps real time).
const NEWS =
  'Ủy ban nhân dân xã thông báo: thực hiện kế hoạch xây dựng mô hình chính quyền thân thiện vì nhân dân phục vụ, ' +
  'bộ phận một cửa của xã tiếp nhận hồ sơ của bà con vào tất cả các ngày làm việc trong tuần, từ bảy giờ sáng đến năm giờ chiều. ' +
  'Bà con có ý kiến, kiến nghị xin liên hệ trực tiếp với cán bộ tiếp dân để được hướng dẫn tận tình.';

async function startAgent(id: string): Promise<void> {
  await fleet.start(id, secrets.get(id)!);
  await waitFor(async () => (await t.api('GET', `/api/v1/receivers/${id}`)).body.online === true, 10_000, `${id} online`);
}

async function stopAgent(id: string): Promise<void> {
  await fleet.stop(id);
  await waitFor(async () => (await t.api('GET', `/api/v1/receivers/${id}`)).body.online === false, 10_000, `${id} offline`);
}

const view = async (id: string) => (await t.api('GET', `/api/v1/broadcasts/${id}`)).body;
const delivery = (b: any, receiverId: string) => b.deliveries.find((d: any) => d.receiverId === receiverId);
const statusIs = (id: string, statuses: string[], timeoutMs = 30_000) =>
  waitFor(async () => {
    const b = await view(id);
    return statuses.includes(b.status) ? b : null;
  }, timeoutMs, `broadcast ${id} ${statuses.join('/')}`);

/** A broadcast to the three receivers, once the two online ones have started playing it. */
async function onAir(title: string): Promise<string> {
  const res = await t.api('POST', '/api/v1/broadcasts', { title, text: NEWS, zoneIds: ['thon-dong', 'thon-tay'] });
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  await waitFor(async () => {
    const b = await view(id);
    return ['rx-d1', 'rx-d2'].every((r) => delivery(b, r)?.state === 'playing');
  }, 30_000, `${title} playing`);
  expect((await view(id)).status).toBe('dispatched');
  return id;
}

beforeAll(async () => {
  t = await startTestServer();
  // Real time, so that a broadcast is still on air when it is cut off.
  fleet = new TestFleet(t.server.receiverMqttUrl, { playbackSpeed: 1 });
  await t.api('POST', '/api/v1/zones', { id: 'xa-yen-phong', name: 'Xã Yên Phong' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-dong', name: 'Thôn Đông', parentId: 'xa-yen-phong' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-tay', name: 'Thôn Tây', parentId: 'xa-yen-phong' });
  for (const [id, zoneId] of [
    ['rx-d1', 'thon-dong'],
    ['rx-d2', 'thon-dong'],
    ['rx-t1', 'thon-tay'],
  ] as const) {
    const res = await t.api('POST', '/api/v1/receivers', { id, name: `Cụm loa ${id}`, zoneId });
    expect(res.status).toBe(201);
    secrets.set(id, res.body.secret);
  }
  for (const id of secrets.keys()) await startAgent(id);
});

afterAll(async () => {
  await fleet?.close();
  await t?.close();
});

describe('a broadcast cut off by an emergency', () => {
  it('ends in a final status, says which receiver is offline since when, and is replayed to exactly those who missed it', async () => {
    await stopAgent('rx-t1');
    const id = await onAir('Giờ tiếp dân của bộ phận một cửa');
    const waiting = (await t.api('GET', `/api/v1/broadcasts/${id}/deliveries?state=queued`)).body;
    expect(waiting).toMatchObject([{ receiverId: 'rx-t1', state: 'queued', offlineSince: expect.any(String) }]);
    expect(Date.parse(waiting[0].offlineSince)).toBeLessThanOrEqual(Date.now());
    expect((await t.api('GET', `/api/v1/broadcasts/${id}/deliveries?state=playing`)).body.every((d: any) => d.offlineSince === null)).toBe(true);

    const emergency = await t.api('POST', '/api/v1/emergency', { title: 'Báo cháy', text: 'Có cháy ở Thôn Đông, bà con tránh xa khu vực.', zoneIds: ['thon-dong'], repeat: 1 });
    expect(emergency.status).toBe(201);
    // Preempted everywhere it played: no longer "Đang phát", though rx-t1 never got it.
    const cut = await statusIs(id, ['failed']);
    expect(cut.counts).toEqual({ preempted: 2, queued: 1 });
    expect(delivery(cut, 'rx-d1').error).toMatch(/^preempted by /);
    for (const r of ['rx-d1', 'rx-d2']) expect(fleet.acks(r, id).map((a) => a.state)).toEqual(['received', 'downloaded', 'playing', 'preempted']);
    const list = (await t.api('GET', '/api/v1/broadcasts?status=failed')).body;
    expect(list.find((b: any) => b.id === id)).toMatchObject({ status: 'failed', counts: { preempted: 2, queued: 1 } });

    const replay = await t.api('POST', `/api/v1/broadcasts/${id}/replay-missed`);
    expect(replay.status).toBe(201);
    expect(replay.body).toMatchObject({ replayOf: id, receiverIds: ['rx-d1', 'rx-d2', 'rx-t1'], zoneIds: [], mediaSha256: cut.mediaSha256, priority: 'normal' });
    expect(replay.body.id).not.toBe(id);
    // rx-t1's wait on the first is over: it hears the replay, not both.
    expect(delivery(await view(id), 'rx-t1')).toMatchObject({ state: 'expired', error: `replayed in ${replay.body.id}` });

    await startAgent('rx-t1');
    const replayed = await statusIs(replay.body.id, ['done'], 60_000);
    expect(replayed.deliveries.map((d: any) => [d.receiverId, d.state])).toEqual([
      ['rx-d1', 'done'],
      ['rx-d2', 'done'],
      ['rx-t1', 'done'],
    ]);
    expect(fleet.acks('rx-t1', id)).toEqual([]);
    expect((await view(id)).status).toBe('failed');
  }, 120_000);
});

describe('stop on air', () => {
  it('stops it everywhere at once: receivers ack preempted, the deliveries say who stopped it, it is audited, and an offline receiver never plays it', async () => {
    await stopAgent('rx-t1');
    const id = await onAir('Thông báo lịch họp');
    // Not on air: nothing to stop; not over: nothing to replay yet.
    expect((await t.api('POST', `/api/v1/broadcasts/${id}/replay-missed`)).status).toBe(409);

    const officer = await t.tokenFor('officer');
    const stop = await t.api('POST', `/api/v1/broadcasts/${id}/stop`, undefined, officer);
    expect(stop.status).toBe(200);
    const stopped = await statusIs(id, ['stopped'], 20_000);
    expect(stopped).toMatchObject({ stoppedBy: 'token:test-officer', stoppedAt: expect.any(String), counts: { preempted: 3 } });
    for (const r of ['rx-d1', 'rx-d2']) {
      expect(delivery(stopped, r)).toMatchObject({ state: 'preempted', error: 'stopped by token:test-officer' });
      // The play command's own ack (the stop command is acked `done` too).
      const playCmd = fleet.acks(r, id).find((a) => a.state === 'playing')!.cmdId;
      const played = fleet.acks(r, id).filter((a) => a.cmdId === playCmd);
      expect(played.map((a) => a.state)).toEqual(['received', 'downloaded', 'playing', 'preempted']);
      expect(played.at(-1)!.error).toMatch(/^stopped by cmd-/);
    }
    expect(delivery(stopped, 'rx-t1')).toMatchObject({ state: 'preempted', error: 'stopped by token:test-officer' });
    const audit = (await t.api('GET', '/api/v1/audit')).body;
    expect(audit.find((e: any) => e.action === 'broadcast.stop' && e.subject === id)).toMatchObject({ actor: 'token:test-officer' });

    expect((await t.api('POST', `/api/v1/broadcasts/${id}/stop`)).status).toBe(409);

    // rx-t1 comes back: a later broadcast reaches it, the stopped one never does.
    await startAgent('rx-t1');
    const later = await t.api('POST', '/api/v1/broadcasts', { title: 'Kiểm tra', text: 'Kiểm tra hệ thống truyền thanh.', receiverIds: ['rx-t1'] });
    await statusIs(later.body.id, ['done']);
    expect(fleet.acks('rx-t1', id).filter((a) => a.state === 'playing')).toEqual([]);
    expect((await view(id)).status).toBe('stopped');

    // A stopped broadcast is replayed to everyone it reached.
    const replay = await t.api('POST', `/api/v1/broadcasts/${id}/replay-missed`);
    expect(replay.status).toBe(201);
    expect(replay.body).toMatchObject({ replayOf: id, receiverIds: ['rx-d1', 'rx-d2', 'rx-t1'] });
    expect((await t.api('GET', '/api/v1/audit')).body.find((e: any) => e.action === 'broadcast.replay-missed' && e.subject === replay.body.id)).toMatchObject({ details: { replayOf: id, receivers: 3 } });
    // Stopped once dispatched, so that it does not hold the receivers for the next test.
    await statusIs(replay.body.id, ['dispatched']);
    expect((await t.api('POST', `/api/v1/broadcasts/${replay.body.id}/stop`)).status).toBe(200);
    await statusIs(replay.body.id, ['stopped'], 20_000);
  }, 120_000);

  it('answers 409 with a message for what cannot be stopped or replayed, 404 for what does not exist', async () => {
    const later = await t.api('POST', '/api/v1/broadcasts', { title: 'Hẹn giờ', text: 'Thông báo hẹn giờ.', zoneIds: ['thon-dong'], startAt: new Date(Date.now() + 3_600_000).toISOString() });
    const notYet = await t.api('POST', `/api/v1/broadcasts/${later.body.id}/stop`);
    expect(notYet.status).toBe(409);
    expect(notYet.body.error).toMatch(/không đang phát.*hủy/);
    expect((await t.api('POST', `/api/v1/broadcasts/${later.body.id}/replay-missed`)).status).toBe(409);
    expect((await t.api('POST', '/api/v1/broadcasts/b-nope/stop')).status).toBe(404);
    expect((await t.api('POST', '/api/v1/broadcasts/b-nope/replay-missed')).status).toBe(404);

    const ok = await t.api('POST', '/api/v1/broadcasts', { title: 'Ngắn', text: 'Xin chào bà con.', receiverIds: ['rx-d1'] });
    await statusIs(ok.body.id, ['done']);
    const none = await t.api('POST', `/api/v1/broadcasts/${ok.body.id}/replay-missed`);
    expect(none.status).toBe(409);
    expect(none.body.error).toMatch(/Mọi cụm loa đã phát/);
    expect((await t.api('POST', `/api/v1/broadcasts/${ok.body.id}/stop`)).status).toBe(409);
  }, 60_000);
});
