// The lists that grow with the fleet, paged: receivers (filters, keyset
// cursor, Link and X-Total-Count), the fleet summary, alerts, broadcasts
// with counts instead of deliveries, a broadcast's deliveries and coverage.
// Real server and real receiver agents, on both backends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestFleet } from '../helpers/agents.js';
import { ADMIN_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/server.js';

let t: TestServer;
let fleet: TestFleet;

/** 24 receivers: 10 in Thôn Đông (4 of them in its cluster), 10 in Thôn Tây, 4 straight in the commune. */
const RECEIVERS = [
  ...Array.from({ length: 6 }, (_, i) => ({ id: `dong-${i}`, name: `Loa Đông ${i}`, zoneId: 'thon-dong' })),
  ...Array.from({ length: 4 }, (_, i) => ({ id: `dong-cum-${i}`, name: `Loa Đông cụm ${i}`, zoneId: 'cum-dong' })),
  ...Array.from({ length: 10 }, (_, i) => ({ id: `tay-${String(i).padStart(2, '0')}`, name: `Loa Tây ${i}`, zoneId: 'thon-tay' })),
  ...Array.from({ length: 4 }, (_, i) => ({ id: `xa-${i}`, name: `Loa UBND ${i}`, zoneId: 'xa' })),
];
const ONLINE = ['dong-0', 'dong-cum-1', 'tay-03'];
const ALL_IDS = RECEIVERS.map((r) => r.id).sort();

interface Page {
  status: number;
  body: any;
  next: string | null;
  total: number | null;
}

async function get(p: string, token: string | null = ADMIN_TOKEN): Promise<Page> {
  const res = await fetch(t.baseUrl + p, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const link = res.headers.get('link');
  const next = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]! : null;
  const total = res.headers.get('x-total-count');
  return { status: res.status, body: await res.json(), next, total: total === null ? null : Number(total) };
}

/** Follows rel="next" from `first` until the last page; every page must say the same total. */
async function walk(first: string): Promise<{ items: any[]; pages: number; totals: (number | null)[] }> {
  const items: any[] = [];
  const totals: (number | null)[] = [];
  let pages = 0;
  for (let p: string | null = first; p; pages++) {
    const page = await get(p);
    expect(page.status, p).toBe(200);
    items.push(...page.body);
    totals.push(page.total);
    p = page.next;
    expect(pages).toBeLessThan(50);
  }
  return { items, pages, totals };
}

beforeAll(async () => {
  t = await startTestServer();
  fleet = new TestFleet(t.server.receiverMqttUrl);
  await t.api('POST', '/api/v1/zones', { id: 'xa', name: 'Xã Bình Minh' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-dong', name: 'Thôn Đông', parentId: 'xa' });
  await t.api('POST', '/api/v1/zones', { id: 'cum-dong', name: 'Cụm Đông', parentId: 'thon-dong' });
  await t.api('POST', '/api/v1/zones', { id: 'thon-tay', name: 'Thôn Tây', parentId: 'xa' });
  const secrets = new Map<string, string>();
  for (const r of RECEIVERS) {
    const res = await t.api('POST', '/api/v1/receivers', r);
    expect(res.status).toBe(201);
    secrets.set(r.id, res.body.secret);
  }
  for (const id of ONLINE) await fleet.start(id, secrets.get(id)!);
  await waitFor(async () => (await get('/api/v1/receivers?online=true')).total === ONLINE.length, 5000, 'agents online');
});

afterAll(async () => {
  await fleet?.close();
  await t?.close();
});

describe('GET /api/v1/receivers', () => {
  it('pages by id with a next link until every receiver came exactly once, and counts them all', async () => {
    const first = await get('/api/v1/receivers?limit=7');
    expect(first.body).toHaveLength(7);
    expect(first.next).toBe(`/api/v1/receivers?limit=7&after=${first.body[6].id}`);
    const { items, pages, totals } = await walk('/api/v1/receivers?limit=7');
    expect(pages).toBe(4);
    expect(items.map((r) => r.id)).toEqual(ALL_IDS);
    expect(new Set(totals)).toEqual(new Set([RECEIVERS.length]));
    // The view is the issue-#2 shape, without secrets.
    expect(items[0]).toMatchObject({ id: 'dong-0', name: 'Loa Đông 0', zoneId: 'thon-dong', online: true, volume: 70 });
    expect(Object.keys(items[0]).sort()).toEqual(
      ['ampPolicy', 'clockOffsetMs', 'clockWarning', 'createdAt', 'fw', 'id', 'lastSeenAt', 'lat', 'lon', 'name', 'online', 'playing', 'power', 'powerSet', 'telemetry', 'telemetryAt', 'volume', 'volumeSet', 'zoneId'].sort(),
    );
  });

  it('returns 500 by default and no next link when everything fits', async () => {
    const all = await get('/api/v1/receivers');
    expect(all.body.map((r: any) => r.id)).toEqual(ALL_IDS);
    expect(all.next).toBeNull();
    expect(all.total).toBe(RECEIVERS.length);
    // A page that ends exactly at the last receiver has no next page either.
    expect((await get(`/api/v1/receivers?limit=${RECEIVERS.length}`)).next).toBeNull();
    expect((await get(`/api/v1/receivers?after=${ALL_IDS.at(-1)}`)).body).toEqual([]);
  });

  it('filters by zone with the zones below it, as a broadcast to that zone reaches them', async () => {
    const dong = await walk('/api/v1/receivers?zoneId=thon-dong&limit=3');
    expect(dong.items.map((r) => r.id)).toEqual(RECEIVERS.filter((r) => r.zoneId === 'thon-dong' || r.zoneId === 'cum-dong').map((r) => r.id).sort());
    expect(dong.totals[0]).toBe(10);
    expect((await get('/api/v1/receivers?zoneId=cum-dong')).total).toBe(4);
    expect((await get('/api/v1/receivers?zoneId=xa')).total).toBe(RECEIVERS.length);
    expect(await get('/api/v1/receivers?zoneId=no-such-zone')).toMatchObject({ status: 200, body: [], total: 0, next: null });
  });

  it('filters by online state, and by a search over id and name that ignores case and diacritics', async () => {
    expect((await get('/api/v1/receivers?online=true')).body.map((r: any) => r.id)).toEqual([...ONLINE].sort());
    const offline = await walk('/api/v1/receivers?online=false&limit=5');
    expect(offline.items.map((r) => r.id)).toEqual(ALL_IDS.filter((id) => !ONLINE.includes(id)));
    expect(offline.totals[0]).toBe(RECEIVERS.length - ONLINE.length);

    const dong = await get('/api/v1/receivers?q=%C4%90%C3%94NG'); // "ĐÔNG"
    expect(dong.total).toBe(10);
    expect((await get('/api/v1/receivers?q=dong%20cum')).body.map((r: any) => r.id)).toEqual(['dong-cum-0', 'dong-cum-1', 'dong-cum-2', 'dong-cum-3']);
    expect((await get('/api/v1/receivers?q=TAY-0')).total).toBe(10);
    expect((await get('/api/v1/receivers?q=ubnd%203')).body.map((r: any) => r.id)).toEqual(['xa-3']);
    // LIKE's wildcards are plain characters in a search.
    expect((await get('/api/v1/receivers?q=%25')).total).toBe(0);
    expect((await get('/api/v1/receivers?q=_')).total).toBe(0);
    // An empty search box filters nothing.
    expect((await get('/api/v1/receivers?q=')).total).toBe(RECEIVERS.length);
    // Filters combine, and the next link keeps them.
    const combined = await get('/api/v1/receivers?zoneId=thon-tay&online=false&q=loa&limit=4');
    expect(combined.total).toBe(9);
    expect(combined.next).toBe(`/api/v1/receivers?zoneId=thon-tay&online=false&q=loa&limit=4&after=${combined.body[3].id}`);
    expect((await walk(combined.next!)).items.map((r) => r.id)).toEqual(['tay-05', 'tay-06', 'tay-07', 'tay-08', 'tay-09']);
  });

  it('refuses bad parameters with a 400 naming them', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=ten', 'limit'],
      ['limit=2.5', 'limit'],
      ['online=yes', 'online'],
      ['after=no%20spaces', 'after'],
      ['zoneId=%2F..', 'zoneId'],
      [`q=${'x'.repeat(101)}`, 'q'],
      ['limit=1&limit=2', 'limit'],
    ]) {
      const res = await get(`/api/v1/receivers?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body, query).toMatchObject({ code: 'invalid_request', error: expect.stringContaining(`${field}:`) });
    }
  });

  it('is for every signed-in role, and nobody else', async () => {
    for (const role of ['admin', 'officer', 'chairman', 'technician'] as const) {
      const res = await get('/api/v1/receivers?limit=1', await t.tokenFor(role));
      expect(res.status, role).toBe(200);
      expect(res.total).toBe(RECEIVERS.length);
    }
    expect((await get('/api/v1/receivers', null)).status).toBe(401);
    expect((await get('/api/v1/fleet/summary', null)).status).toBe(401);
  });
});

describe('GET /api/v1/fleet/summary and alerts', () => {
  it('counts receivers and those online in all and per zone, each zone counting those below it', async () => {
    const { body } = await get('/api/v1/fleet/summary', await t.tokenFor('officer'));
    expect(body).toMatchObject({ total: 24, online: 3 });
    const zone = (id: string) => body.zones.find((z: any) => z.zoneId === id);
    expect(zone('xa')).toEqual({ zoneId: 'xa', total: 24, online: 3 });
    expect(zone('thon-dong')).toEqual({ zoneId: 'thon-dong', total: 10, online: 2 });
    expect(zone('cum-dong')).toEqual({ zoneId: 'cum-dong', total: 4, online: 1 });
    expect(zone('thon-tay')).toEqual({ zoneId: 'thon-tay', total: 10, online: 1 });
  });

  it('limits the alerts and says how many there are', async () => {
    const alerts = await get('/api/v1/fleet/alerts?offlineMinutes=0&limit=5');
    expect(alerts.body).toHaveLength(5);
    expect(alerts.total).toBe(RECEIVERS.length - ONLINE.length);
    expect(alerts.body[0]).toEqual({ kind: 'offline', receiverId: 'dong-1', receiverName: 'Loa Đông 1', lastSeenAt: null });
    expect((await get('/api/v1/fleet/alerts?limit=0')).status).toBe(400);
  });
});

describe('broadcasts', () => {
  const created: string[] = [];
  let dispatched: string;

  beforeAll(async () => {
    const officer = await t.tokenFor('officer');
    const base = Date.now() + 24 * 3600_000;
    // Seven for tomorrow, an hour apart, given out of order; the officer's wait for approval.
    for (const [i, token] of [3, 0, 6, 1, 5, 2, 4].map((i) => [i, i % 2 ? officer : ADMIN_TOKEN] as const)) {
      const res = await fetch(`${t.baseUrl}/api/v1/broadcasts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Bản tin ${i}`, text: 'Xin chào bà con.', zoneIds: ['thon-tay'], startAt: new Date(base + i * 3600_000).toISOString() }),
      });
      expect(res.status).toBe(201);
      created[i] = ((await res.json()) as { id: string }).id;
    }
    // One that airs now to the whole commune: three receivers play it, the others miss it.
    const now = Date.now();
    const res = await t.api('POST', '/api/v1/broadcasts', { title: 'Họp xã', text: 'Xin chào bà con.', zoneIds: ['xa'], startAt: new Date(now + 2500).toISOString(), expiresAt: new Date(now + 5000).toISOString() });
    expect(res.status).toBe(201);
    dispatched = res.body.id;
    await waitFor(async () => (await get(`/api/v1/broadcasts/${dispatched}`)).body.status === 'partial', 20_000, 'broadcast finished');
  });

  it('lists counts and totals instead of deliveries, newest first, and pages to older ones until exhausted', async () => {
    const first = await get('/api/v1/broadcasts?limit=3');
    expect(first.body.map((b: any) => b.title)).toEqual(['Bản tin 6', 'Bản tin 5', 'Bản tin 4']);
    expect(first.next).toBe(`/api/v1/broadcasts?limit=3&before=${created[4]}`);
    expect(first.body[0]).not.toHaveProperty('deliveries');
    expect(first.body[0]).toMatchObject({ id: created[6], zoneIds: ['thon-tay'], receiverIds: [], counts: {}, total: 0, status: 'scheduled' });
    const { items, pages } = await walk('/api/v1/broadcasts?limit=3');
    expect(pages).toBe(3);
    expect(items.map((b) => b.id)).toEqual([...[6, 5, 4, 3, 2, 1, 0].map((i) => created[i]), dispatched]);
    const played = items.at(-1);
    expect(played).toMatchObject({ title: 'Họp xã', status: 'partial', total: 24, counts: { done: 3, expired: 21 } });
    // The default page is 50.
    expect((await get('/api/v1/broadcasts')).body).toHaveLength(8);
  });

  it('filters by status, one or several', async () => {
    const pending = await get('/api/v1/broadcasts?status=pending_approval', await t.tokenFor('chairman'));
    expect(pending.body.map((b: any) => b.title)).toEqual(['Bản tin 5', 'Bản tin 3', 'Bản tin 1']);
    expect(pending.next).toBeNull();
    const some = await walk('/api/v1/broadcasts?status=partial,pending_approval&limit=2');
    expect(some.items.map((b) => b.title)).toEqual(['Bản tin 5', 'Bản tin 3', 'Bản tin 1', 'Họp xã']);
  });

  it('refuses bad parameters with a 400', async () => {
    for (const query of ['limit=0', 'limit=501', 'status=bogus', 'status=done,bogus', 'before=b-no-such-broadcast']) {
      const res = await get(`/api/v1/broadcasts?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.code, query).toBe('invalid_request');
    }
  });

  it("keeps the full view with every delivery and its counts", async () => {
    const { body } = await get(`/api/v1/broadcasts/${dispatched}`);
    expect(body.deliveries.map((d: any) => d.receiverId)).toEqual(ALL_IDS);
    expect(body.counts).toEqual({ done: 3, expired: 21 });
    expect(body.total).toBe(24);
    const played = body.deliveries.find((d: any) => d.receiverId === 'dong-0');
    expect(Object.keys(played)).toEqual(['receiverId', 'state', 'updatedAt', 'error', 'receivedAt', 'downloadedAt', 'playingAt', 'finishedAt']);
    expect(played).toMatchObject({ state: 'done', error: null });
    expect(played.playingAt).toEqual(expect.any(String));
    expect(body.deliveries.find((d: any) => d.receiverId === 'xa-0')).toMatchObject({ state: 'expired', error: expect.stringMatching(/offline/), playingAt: null });
    expect((await get('/api/v1/broadcasts/b-no-such-broadcast')).status).toBe(404);
  });

  it("pages a broadcast's deliveries with the receivers' names, filtered by state and zone", async () => {
    const { items, totals } = await walk(`/api/v1/broadcasts/${dispatched}/deliveries?limit=5`);
    expect(items.map((d) => d.receiverId)).toEqual(ALL_IDS);
    expect(totals[0]).toBe(24);
    expect(items.find((d) => d.receiverId === 'dong-cum-2')).toMatchObject({ receiverName: 'Loa Đông cụm 2', zoneId: 'cum-dong', state: 'expired' });

    const done = await get(`/api/v1/broadcasts/${dispatched}/deliveries?state=done`);
    expect(done.body.map((d: any) => d.receiverId)).toEqual([...ONLINE].sort());
    expect(done.total).toBe(3);
    const missedInDong = await walk(`/api/v1/broadcasts/${dispatched}/deliveries?state=expired,failed&zoneId=thon-dong&limit=4`);
    expect(missedInDong.items.map((d) => d.receiverId)).toEqual(['dong-1', 'dong-2', 'dong-3', 'dong-4', 'dong-5', 'dong-cum-0', 'dong-cum-2', 'dong-cum-3']);
    expect(missedInDong.totals[0]).toBe(8);

    for (const query of ['state=bogus', 'limit=1001', 'after=%20', 'zoneId=%2F']) {
      expect((await get(`/api/v1/broadcasts/${dispatched}/deliveries?${query}`)).status, query).toBe(400);
    }
    expect((await get('/api/v1/broadcasts/b-no-such-broadcast/deliveries')).status).toBe(404);
  });

  it('counts coverage per hamlet and state, a cluster counting in its hamlet', async () => {
    const { status, body } = await get(`/api/v1/broadcasts/${dispatched}/coverage`, await t.tokenFor('officer'));
    expect(status).toBe(200);
    expect(body.broadcast).toMatchObject({ id: dispatched, title: 'Họp xã', status: 'partial', counts: { done: 3, expired: 21 }, total: 24 });
    expect(body.broadcast).not.toHaveProperty('deliveries');
    expect(body.zones).toEqual([
      { zoneId: 'thon-dong', name: 'Thôn Đông', counts: { done: 2, expired: 8 }, total: 10 },
      { zoneId: 'thon-tay', name: 'Thôn Tây', counts: { done: 1, expired: 9 }, total: 10 },
      // Receivers straight in the commune have no hamlet above them.
      { zoneId: 'xa', name: 'Xã Bình Minh', counts: { expired: 4 }, total: 4 },
    ]);
    const waiting = await get(`/api/v1/broadcasts/${created[0]}/coverage`);
    expect(waiting.body).toMatchObject({ broadcast: { id: created[0], total: 0, counts: {} }, zones: [] });
    expect((await get('/api/v1/broadcasts/b-no-such-broadcast/coverage')).status).toBe(404);
    expect((await get(`/api/v1/broadcasts/${dispatched}/coverage`, null)).status).toBe(401);
  });
});
