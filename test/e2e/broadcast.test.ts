// The foundation path end to end on real parts: embedded aedes, SQLite, the
// offline voice and ffmpeg, and real mqtt.js receiver agents from devices/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFleet } from '../helpers/agents.js';
import { startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
let fleet: TestFleet;
const secrets = new Map<string, string>();

beforeAll(async () => {
  t = await startTestServer();
  fleet = new TestFleet(t.server.receiverMqttUrl);
  await t.api('POST', '/api/v1/zones', { id: 'xa-test', name: 'Xã Thử' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-1', name: 'Thôn 1', parentId: 'xa-test' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-2', name: 'Thôn 2', parentId: 'xa-test' });
  for (const [id, zoneId] of [
    ['rx-a1', 'thon-1'],
    ['rx-a2', 'thon-1'],
    ['rx-b1', 'thon-2'],
  ]) {
    const res = await t.api('POST', '/api/v1/receivers', { id, name: id, zoneId });
    expect(res.status).toBe(201);
    secrets.set(id!, res.body.secret);
  }
  for (const [id, secret] of secrets) await fleet.start(id, secret);
  await waitFor(async () => (await t.api('GET', '/api/v1/receivers')).body.every((r: any) => r.online), 5000, 'all receivers online');
});

afterAll(async () => {
  await fleet?.close();
  await t?.close();
});

describe('one broadcast from text to the speakers of one hamlet', () => {
  it('plays on exactly the targeted zone, on time, and reports done', async () => {
    const startAt = new Date(Date.now() + 4000);
    const res = await t.api('POST', '/api/v1/broadcasts', {
      title: 'Lịch tiếp công dân',
      text: 'Ủy ban nhân dân xã thông báo lịch tiếp công dân vào sáng thứ hai hằng tuần.',
      zoneIds: ['thon-1'],
      priority: 'normal',
      startAt: startAt.toISOString(),
    });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    expect(res.body.mediaSha256).toMatch(/^[0-9a-f]{64}$/);

    const view = await waitFor(async () => {
      const b = (await t.api('GET', `/api/v1/broadcasts/${id}`)).body;
      return b.status === 'done' ? b : null;
    }, 15_000, 'broadcast done');
    expect(view.deliveries.map((d: any) => d.receiverId).sort()).toEqual(['rx-a1', 'rx-a2']);
    expect(view.deliveries.every((d: any) => d.state === 'done')).toBe(true);
    expect(view.counts).toEqual({ done: 2 });

    for (const rx of ['rx-a1', 'rx-a2']) {
      const states = fleet.acks(rx, id).map((a) => a.state);
      expect(states).toEqual(['received', 'downloaded', 'playing', 'done']);
      const playing = fleet.acks(rx, id).find((a) => a.state === 'playing')!;
      // At its time by the receiver's clock: never early; late only by what a busy machine's timers add (bench/ measures precision).
      const offset = Date.parse(playing.at) - startAt.getTime();
      expect(offset).toBeGreaterThanOrEqual(-20);
      expect(offset).toBeLessThanOrEqual(1000);
    }
    expect(fleet.acks('rx-b1', id)).toEqual([]);

    // The media the receivers fetched is served content-addressed and immutable.
    const media = await fetch(view.mediaUrl);
    expect(media.status).toBe(200);
    expect(media.headers.get('cache-control')).toContain('immutable');
  });
});

describe('presence', () => {
  it('goes offline within 2 s when the socket dies, and online again on reconnect', async () => {
    const agent = fleet.agents.get('rx-a2')!;
    // Kill the TCP link without a goodbye, as a power cut would.
    (agent as any).client.stream.destroy();
    const t0 = Date.now();
    await waitFor(async () => (await t.api('GET', '/api/v1/receivers/rx-a2')).body.online === false, 2000, 'offline');
    expect(Date.now() - t0).toBeLessThan(2000);
    await waitFor(async () => (await t.api('GET', '/api/v1/receivers/rx-a2')).body.online === true, 5000, 'online again');
    const rx = (await t.api('GET', '/api/v1/receivers/rx-a2')).body;
    expect(rx.lastSeenAt).toBeTruthy();
    expect(rx.fw).toBeTruthy();
  });
});

describe('offline catch-up', () => {
  it('a receiver back before expiresAt plays; one back after it does not, and its delivery says so', async () => {
    await fleet.stop('rx-b1');
    await waitFor(async () => (await t.api('GET', '/api/v1/receivers/rx-b1')).body.online === false, 3000, 'rx-b1 offline');

    const now = Date.now();
    const late = await t.api('POST', '/api/v1/broadcasts', {
      title: 'Thông báo ngắn',
      text: 'Thông báo thử nghiệm hệ thống.',
      zoneIds: ['thon-2'],
      startAt: new Date(now + 2500).toISOString(),
      expiresAt: new Date(now + 4000).toISOString(),
    });
    const ok = await t.api('POST', '/api/v1/broadcasts', {
      title: 'Thông báo họp thôn',
      text: 'Kính mời bà con đến họp thôn.',
      zoneIds: ['thon-2'],
      startAt: new Date(now + 2500).toISOString(),
      expiresAt: new Date(now + 60_000).toISOString(),
    });
    expect(late.status).toBe(201);
    expect(ok.status).toBe(201);

    // Back after the first has expired but before the second does.
    await waitFor(async () => (await t.api('GET', `/api/v1/broadcasts/${late.body.id}`)).body.deliveries[0]?.state === 'expired', 10_000, 'late delivery expired');
    await fleet.start('rx-b1', secrets.get('rx-b1')!);

    const played = await waitFor(async () => {
      const b = (await t.api('GET', `/api/v1/broadcasts/${ok.body.id}`)).body;
      return b.status === 'done' ? b : null;
    }, 15_000, 'caught-up broadcast done');
    expect(played.deliveries).toMatchObject([{ receiverId: 'rx-b1', state: 'done' }]);

    const expired = (await t.api('GET', `/api/v1/broadcasts/${late.body.id}`)).body;
    expect(expired.status).toBe('expired');
    expect(expired.deliveries[0]).toMatchObject({ receiverId: 'rx-b1', state: 'expired' });
    expect(expired.deliveries[0].error).toMatch(/expired/);
    expect(fleet.acks('rx-b1', late.body.id).some((a) => a.state === 'playing')).toBe(false);
  });
});
