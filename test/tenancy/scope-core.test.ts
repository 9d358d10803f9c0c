// The scope model itself: accounts and tokens carry a zone, /me says which,
// a scoped admin manages only its subtree and never grants a wider scope,
// and zones, receivers and the audit log stop at the boundary.
import { describe, expect, it } from 'vitest';
import { COMMUNES, DISTRICT, PASSWORD, worldForFile } from './world.js';

const w = worldForFile();

const A = COMMUNES.A;
const B = COMMUNES.B;

describe('scope of accounts and tokens', () => {
  it('GET /me names the scope for sessions and tokens', async () => {
    for (const via of ['session', 'token'] as const) {
      expect((await w.callers['officer-a']![via]('GET', '/api/v1/me')).body.zoneId).toBe(A.id);
      expect((await w.callers['admin-district']![via]('GET', '/api/v1/me')).body.zoneId).toBe(DISTRICT.id);
      expect((await w.callers['admin-system']![via]('GET', '/api/v1/me')).body.zoneId).toBeNull();
    }
    // The unscoped init token keeps the whole system.
    expect((await w.t.api('GET', '/api/v1/me')).body.zoneId).toBeNull();
  });

  it('a commune admin lists and manages only its own accounts', async () => {
    const adminA = w.callers['admin-a']!;
    const names = (await adminA.session('GET', '/api/v1/users')).body.map((u: { username: string }) => u.username).sort();
    expect(names).toEqual(['admin-a', 'chairman-a', 'officer-a', 'technician-a']);
    const district = (await w.callers['admin-district']!.token('GET', '/api/v1/users')).body.map((u: { username: string }) => u.username);
    expect(district).toContain('officer-b');
    expect(district).toContain('chairman-district');
    expect(district).not.toContain('admin-system');
    const bUser = (await w.t.api('GET', '/api/v1/users')).body.find((u: { username: string }) => u.username === 'officer-b');
    expect((await adminA.session('PATCH', `/api/v1/users/${bUser.id}`, { displayName: 'x' })).status).toBe(404);
    expect((await adminA.token('DELETE', `/api/v1/users/${bUser.id}`)).status).toBe(404);
  });

  it('never grants a wider scope than its own', async () => {
    const adminA = w.callers['admin-a']!;
    for (const zoneId of [DISTRICT.id, B.id, null]) {
      const r = await adminA.session('POST', '/api/v1/users', { username: `x-${String(zoneId)}`, role: 'officer', password: PASSWORD, zoneId });
      expect(r.status, String(zoneId)).toBe(403);
      expect(r.body.code).toBe('out_of_scope');
    }
    const r = await adminA.token('POST', '/api/v1/tokens', { name: 'wide', role: 'admin', zoneId: null });
    expect(r.status).toBe(403);
    // Omitted: the creator's own scope; a hamlet of its own is narrower, so fine.
    const own = await adminA.session('POST', '/api/v1/users', { username: 'canbo-moi', role: 'officer', password: PASSWORD });
    expect(own.status).toBe(201);
    expect(own.body.zoneId).toBe(A.id);
    const hamlet = await adminA.session('POST', '/api/v1/users', { username: 'truong-thon', role: 'officer', password: PASSWORD, zoneId: A.hamlets[0].id });
    expect(hamlet.body.zoneId).toBe(A.hamlets[0].id);
    // Moving an account of its own out of its scope is refused too.
    expect((await adminA.session('PATCH', `/api/v1/users/${own.body.id}`, { zoneId: B.id })).status).toBe(403);
    expect((await adminA.session('POST', '/api/v1/users', { username: 'y', role: 'officer', password: PASSWORD, zoneId: 'no-such-zone' })).status).toBe(400);
  });

  it('tokens: admin only, shown once, listed and revoked within the scope', async () => {
    expect((await w.callers['officer-a']!.token('POST', '/api/v1/tokens', { name: 'x', role: 'officer' })).status).toBe(403);
    const adminA = w.callers['admin-a']!;
    const created = await adminA.session('POST', '/api/v1/tokens', { name: 'tu-dong-a', role: 'officer' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'tu-dong-a', role: 'officer', zoneId: A.id });
    expect(created.body.token).toMatch(/^loa_/);
    const listed = (await adminA.session('GET', '/api/v1/tokens')).body;
    expect(listed.every((t: { zoneId: string }) => t.zoneId === A.id)).toBe(true);
    expect(listed.some((t: { token?: string }) => 'token' in t)).toBe(false);
    const bToken = (await w.t.api('GET', '/api/v1/tokens')).body.find((t: { name: string }) => t.name === 'tok-officer-b');
    expect((await adminA.session('DELETE', `/api/v1/tokens/${bToken.id}`)).status).toBe(404);
    // The new token works, then stops at once when revoked.
    const me = () => fetch(w.t.baseUrl + '/api/v1/me', { headers: { authorization: `Bearer ${created.body.token}` } });
    expect((await me()).status).toBe(200);
    expect((await adminA.session('DELETE', `/api/v1/tokens/${created.body.id}`)).status).toBe(204);
    expect((await me()).status).toBe(401);
  });
});

describe('zones and receivers stop at the boundary', () => {
  it('lists only the subtree', async () => {
    for (const via of ['session', 'token'] as const) {
      const zones = (await w.callers['technician-a']![via]('GET', '/api/v1/zones')).body.map((z: { id: string }) => z.id).sort();
      expect(zones).toEqual([A.id, ...A.hamlets.map((h) => h.id)].sort());
      const rx = (await w.callers['officer-a']![via]('GET', '/api/v1/receivers')).body.map((r: { id: string }) => r.id).sort();
      expect(rx).toEqual([...w.receivers.A].sort());
    }
    const all = (await w.callers['admin-district']!.token('GET', '/api/v1/receivers')).body.map((r: { id: string }) => r.id);
    expect(all.sort()).toEqual([...w.receivers.A, ...w.receivers.B].sort());
  });

  it('naming a zone or receiver of the other commune is a 403 that names it', async () => {
    const techA = w.callers['technician-a']!;
    const rxB = w.receivers.B[0]!;
    for (const via of ['session', 'token'] as const) {
      const get = await techA[via]('GET', `/api/v1/receivers/${rxB}`);
      expect(get.status).toBe(403);
      expect(get.body.receiverId).toBe(rxB);
      expect(get.body.error).toContain(rxB);
      expect((await techA[via]('GET', `/api/v1/receivers?zoneId=${B.id}`)).status).toBe(403);
      expect((await techA[via]('PATCH', `/api/v1/receivers/${rxB}`, { volume: 10 })).status).toBe(403);
      expect((await techA[via]('POST', `/api/v1/receivers/${rxB}/commands`, { type: 'ping' })).status).toBe(403);
      expect((await techA[via]('POST', `/api/v1/receivers/${rxB}/secret`)).status).toBe(403);
      const moved = await techA[via]('PATCH', `/api/v1/receivers/${w.receivers.A[0]}`, { zoneId: B.hamlets[0].id });
      expect(moved.status).toBe(403);
      expect(moved.body.zoneId).toBe(B.hamlets[0].id);
      const created = await techA[via]('POST', '/api/v1/receivers', { id: `rx-${via}-x`, name: 'x', zoneId: B.hamlets[0].id });
      expect(created.status).toBe(403);
      expect(created.body.error).toContain(B.hamlets[0].name);
      expect((await techA[via]('POST', '/api/v1/zones', { id: `cum-${via}`, name: 'Cụm', parentId: B.hamlets[0].id })).status).toBe(403);
      expect((await techA[via]('POST', '/api/v1/zones', { id: `xa-${via}`, name: 'Xã mới' })).status).toBe(403);
      expect((await techA[via]('PATCH', `/api/v1/zones/${B.id}`, { quietHours: null })).status).toBe(403);
    }
    // Inside its own commune the same calls work.
    expect((await techA.token('GET', `/api/v1/receivers/${w.receivers.A[0]}`)).status).toBe(200);
    expect((await techA.token('POST', '/api/v1/zones', { id: 'cum-dong-1', name: 'Cụm 1', parentId: A.hamlets[0].id })).status).toBe(201);
  });
});

describe('audit log by scope', () => {
  it('a commune reads its own entries, not the other commune’s', async () => {
    // A volume is kept for a receiver that is offline (a ping would be refused), and audited either way.
    expect((await w.callers['technician-b']!.token('POST', `/api/v1/receivers/${w.receivers.B[0]}/commands`, { type: 'volume', level: 50 })).status).toBe(202);
    const a = (await w.callers['admin-a']!.session('GET', '/api/v1/audit?limit=1000')).body as { zoneId: string; actor: string }[];
    expect(a.length).toBeGreaterThan(0);
    const inA = new Set([A.id, ...A.hamlets.map((h) => h.id), 'cum-dong-1']);
    expect(a.every((e) => inA.has(e.zoneId))).toBe(true);
    expect(a.some((e) => e.actor.includes('-b'))).toBe(false);
    const b = (await w.callers['chairman-b']!.token('GET', '/api/v1/audit?action=receiver.command.volume')).body as { subject: string; actor: string; scopeZoneId: string }[];
    expect(b.map((e) => e.subject)).toContain(w.receivers.B[0]);
    expect(b.find((e) => e.subject === w.receivers.B[0])!.scopeZoneId).toBe(B.id);
    expect((await w.callers['chairman-b']!.token('GET', `/api/v1/audit?zoneId=${A.id}`)).status).toBe(403);
    expect((await w.callers['officer-b']!.token('GET', '/api/v1/audit')).status).toBe(403);
  });
});
