// Per-commune settings and greeting templates: each commune's own, inherited
// down its tree, edited only by its own admin (templates: admin or chairman).
import { describe, expect, it } from 'vitest';
import { COMMUNES, worldForFile } from './world.js';

const w = worldForFile();
const c = w.caller;
const A = COMMUNES.A;
const B = COMMUNES.B;

describe('settings per commune', () => {
  it('each commune sets its own; hamlets inherit; nobody sets the other commune’s', async () => {
    const a = await c('admin-a').session('PATCH', '/api/v1/settings', { communeName: 'Xã Bình Minh', chairmanName: 'Nguyễn Văn An', waiveApprovalForNormal: true, alertOfflineMinutes: 30 });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ zoneId: A.id, chairmanName: 'Nguyễn Văn An' });
    const b = await c('admin-b').token('PATCH', '/api/v1/settings', { communeName: 'Xã Yên Phong', chairmanName: 'Trần Thị Bình' });
    expect(b.body).toMatchObject({ zoneId: B.id, communeName: 'Xã Yên Phong', waiveApprovalForNormal: false });
    // A hamlet inherits its commune's; the other commune does not see them.
    expect((await c('officer-a').token('GET', `/api/v1/settings?zoneId=${A.hamlets[0].id}`)).body).toMatchObject({ communeName: 'Xã Bình Minh', chairmanName: 'Nguyễn Văn An', alertOfflineMinutes: 30 });
    expect((await c('officer-b').token('GET', '/api/v1/settings')).body).toMatchObject({ communeName: 'Xã Yên Phong', chairmanName: 'Trần Thị Bình', alertOfflineMinutes: 10 });
    expect((await c('officer-b').token('GET', `/api/v1/settings?zoneId=${A.id}`)).status).toBe(403);
    expect((await c('admin-a').session('PATCH', `/api/v1/settings?zoneId=${B.id}`, { chairmanName: 'x' })).status).toBe(403);
    expect((await c('admin-a').token('PATCH', '/api/v1/settings', { zoneId: B.id, chairmanName: 'x' })).status).toBe(403);
    expect((await c('officer-a').session('PATCH', '/api/v1/settings', { chairmanName: 'x' })).status).toBe(403);
    expect((await c('admin-a').session('PATCH', '/api/v1/settings', { alertOfflineMinutes: 0 })).status).toBe(400);
    // The waiver holds in A only: A's officer's normal item airs unapproved, B's waits.
    const startAt = new Date(Date.now() + 3600_000).toISOString();
    expect((await c('officer-a').token('POST', '/api/v1/broadcasts', { title: 'Tin', text: 'Thông báo.', zoneIds: [A.hamlets[0].id], startAt })).body.status).toBe('scheduled');
    expect((await c('officer-b').token('POST', '/api/v1/broadcasts', { title: 'Tin', text: 'Thông báo.', zoneIds: [B.hamlets[0].id], startAt })).body.status).toBe('pending_approval');
    // The change is audited with before and after, in A's log only.
    const audit = (await c('admin-a').token('GET', '/api/v1/audit?action=settings.update')).body as { zoneId: string; before: any; after: any }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ zoneId: A.id, before: { chairmanName: '' }, after: { chairmanName: 'Nguyễn Văn An' } });
  });
});

describe('going back to an inherited value', () => {
  it('a hamlet that set its own value follows its commune again once it inherits it; only its own admin may', async () => {
    const h = A.hamlets[0].id;
    await c('admin-a').token('PATCH', '/api/v1/settings', { alertOfflineMinutes: 30 });
    const own = await c('admin-a').token('PATCH', `/api/v1/settings?zoneId=${h}`, { alertOfflineMinutes: 45, alertFailStreak: 5 });
    expect(own.body).toMatchObject({ alertOfflineMinutes: 45, alertFailStreak: 5 });
    expect(own.body.ownKeys.sort()).toEqual(['alertFailStreak', 'alertOfflineMinutes']);
    expect((await c('admin-a').token('PATCH', `/api/v1/settings?zoneId=${h}`, { alertOfflineMinutes: 20, inherit: ['alertOfflineMinutes'] })).status).toBe(400);
    expect((await c('admin-a').token('PATCH', `/api/v1/settings?zoneId=${h}`, { inherit: ['noSuchSetting'] })).status).toBe(400);
    expect((await c('admin-b').token('PATCH', `/api/v1/settings?zoneId=${h}`, { inherit: ['alertOfflineMinutes'] })).status).toBe(403);
    const back = await c('admin-a').session('PATCH', `/api/v1/settings?zoneId=${h}`, { inherit: ['alertOfflineMinutes'] });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ zoneId: h, alertOfflineMinutes: 30, alertFailStreak: 5, ownKeys: ['alertFailStreak'] });
    // It follows the commune from now on.
    await c('admin-a').token('PATCH', '/api/v1/settings', { alertOfflineMinutes: 25 });
    expect((await c('officer-a').token('GET', `/api/v1/settings?zoneId=${h}`)).body.alertOfflineMinutes).toBe(25);
    // The commune itself goes back to the server's value; B never moved.
    expect((await c('admin-a').token('PATCH', '/api/v1/settings', { inherit: ['alertOfflineMinutes'] })).body.alertOfflineMinutes).toBe(10);
    expect((await c('officer-b').token('GET', '/api/v1/settings')).body.alertOfflineMinutes).toBe(10);
  });
});

describe('greeting templates per commune', () => {
  it('a template filled for commune A names A and A’s chairman; A’s own wording stays A’s', async () => {
    await c('admin-a').token('PATCH', '/api/v1/settings', { communeName: 'Xã Bình Minh', chairmanName: 'Nguyễn Văn An' });
    await c('admin-b').token('PATCH', '/api/v1/settings', { communeName: 'Xã Yên Phong', chairmanName: 'Trần Thị Bình' });
    const pa = (await c('officer-a').token('GET', '/api/v1/templates/chuc-tet-duong-lich/preview?date=2027-01-01')).body.text as string;
    expect(pa).toContain('Xã Bình Minh');
    expect(pa).toContain('Nguyễn Văn An');
    expect(pa).not.toContain('Yên Phong');
    const pb = (await c('officer-b').session('GET', '/api/v1/templates/chuc-tet-duong-lich/preview?date=2027-01-01')).body.text as string;
    expect(pb).toContain('Xã Yên Phong');
    expect(pb).toContain('Trần Thị Bình');

    const own = 'Năm mới {nam}, {chuc_danh} {ho_ten} chúc bà con {ten_xa} một năm được mùa.';
    expect((await c('officer-a').token('PUT', '/api/v1/templates/chuc-tet-duong-lich', { text: own })).status).toBe(403);
    expect((await c('chairman-a').token('PUT', `/api/v1/templates/chuc-tet-duong-lich?zoneId=${B.id}`, { text: own })).status).toBe(403);
    const put = await c('chairman-a').session('PUT', '/api/v1/templates/chuc-tet-duong-lich', { text: own });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ zoneId: A.id, text: own });
    const listA = (await c('officer-a').token('GET', '/api/v1/templates')).body as { id: string; text: string; zoneId: string | null }[];
    expect(listA.find((t) => t.id === 'chuc-tet-duong-lich')).toMatchObject({ text: own, zoneId: A.id });
    expect(listA.length).toBeGreaterThanOrEqual(5);
    const listB = (await c('officer-b').token('GET', '/api/v1/templates')).body as { id: string; text: string; zoneId: string | null }[];
    expect(listB.find((t) => t.id === 'chuc-tet-duong-lich')!.zoneId).toBeNull();
    expect((await c('officer-a').token('GET', `/api/v1/templates/chuc-tet-duong-lich/preview?date=2027-01-01&zoneId=${A.hamlets[1].id}`)).body.text).toBe(
      'Năm mới 2027, Chủ tịch Ủy ban nhân dân xã Nguyễn Văn An chúc bà con Xã Bình Minh một năm được mùa.',
    );
    expect((await c('officer-a').token('PUT', '/api/v1/templates/khong-co', { text: 'x' })).status).toBe(403);
    expect((await c('admin-a').token('PUT', '/api/v1/templates/khong-co', { text: 'x' })).status).toBe(404);
  });
});

describe('default quiet hours per commune', () => {
  it('a new hamlet starts with its commune’s default quiet hours, the other commune’s do not', async () => {
    expect((await c('admin-a').token('PATCH', '/api/v1/settings', { defaultQuietHours: { from: '22:00', to: '05:00' } })).status).toBe(200);
    const a = await c('technician-a').token('POST', '/api/v1/zones', { id: 'thon-moi-a', name: 'Thôn Mới', parentId: A.id });
    expect(a.body.quietHours).toEqual({ from: '22:00', to: '05:00' });
    const b = await c('technician-b').session('POST', '/api/v1/zones', { id: 'thon-moi-b', name: 'Thôn Mới', parentId: B.id });
    expect(b.status).toBe(201);
    expect(b.body.quietHours).toBeNull();
  });
});
