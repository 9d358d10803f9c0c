// Accounts, sessions and who may open what, at the HTTP level: cookie flags,
// only a hash stored, CSRF on unsafe cookie requests (bearer exempt), login
// rate limiting, user management, and every role kept out of the others'
// pages and APIs.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer } from '../../src/app.js';
import { openDatabase } from '../../src/db/index.js';
import { LOGIN_FAILURES_ALLOWED } from '../../src/users/routes.js';
import { ADMIN_TOKEN } from '../helpers/server.js';
import { apiSession, PASSWORD, startCommune, USERS, type Commune, type RoleName } from './helpers.js';

let c: Commune;
const base = () => c.t.baseUrl;

beforeAll(async () => {
  c = await startCommune({ online: [] });
});
afterAll(async () => {
  await c?.close();
});

describe('sign-in and sessions', () => {
  it('sets an httpOnly SameSite cookie and keeps only a hash of the session id', async () => {
    const res = await fetch(base() + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: USERS.officer, password: PASSWORD }) });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^loa_sid=[\w-]{40,};/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const sid = /^loa_sid=([^;]+)/.exec(setCookie)![1]!;
    const rows = await c.t.server.database.db.withTables<{ sessions: { id_hash: string } }>().selectFrom('sessions').select('id_hash').execute();
    expect(rows.map((r) => r.id_hash)).toContain('sha256:' + crypto.createHash('sha256').update(sid).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(sid);
    const body = await res.json();
    expect(body).toMatchObject({ home: '/officer', user: { username: USERS.officer, role: 'officer' } });
    expect(body.user.passwordHash ?? body.user.password_hash).toBeUndefined();
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    for (const [username, password] of [[USERS.officer, 'sai-mat-khau'], ['nobody', PASSWORD]]) {
      const res = await fetch(base() + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      expect(res.status).toBe(401);
      expect((await res.json()).code).toBe('bad_credentials');
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  it('answers /me for the cookie, demands the CSRF token on unsafe requests, and signs out', async () => {
    const s = await apiSession(base(), USERS.chairman);
    const me = await s.call('GET', '/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'chairman', username: USERS.chairman, home: '/chairman', csrfToken: s.csrfToken, timezone: 'Asia/Ho_Chi_Minh' });
    expect(me.body.permissions).toContain('broadcasts:approve');
    expect((await s.call('GET', '/api/v1/auth/session')).body).toEqual({ me: me.body });

    const noToken = await s.call('POST', '/api/v1/auth/logout', undefined, { csrf: false });
    expect(noToken.status).toBe(403);
    expect(noToken.body.code).toBe('csrf');
    const wrongToken = await fetch(base() + '/api/v1/auth/logout', { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken.replace(/^./, (x) => (x === 'A' ? 'B' : 'A')) } });
    expect(wrongToken.status).toBe(403);
    expect((await s.call('GET', '/api/v1/me')).status).toBe(200);

    expect((await s.call('POST', '/api/v1/auth/logout')).status).toBe(204);
    expect((await s.call('GET', '/api/v1/me')).status).toBe(401);
    // The panel's own question on every page load answers "nobody" without a 401.
    const session = await s.call('GET', '/api/v1/auth/session');
    expect(session).toMatchObject({ status: 200, body: { me: null } });
  });

  it('exempts bearer-token calls from CSRF', async () => {
    const res = await c.t.api('POST', '/api/v1/zones', { id: 'thon-moi', name: 'Thôn Mới', parentId: 'xa-binh-minh' });
    expect(res.status).toBe(201);
  });

  it('ends the other sessions of a person whose password the admin changes', async () => {
    const admin = await apiSession(base(), USERS.admin);
    const tech = await apiSession(base(), USERS.technician);
    const id = (await admin.call('GET', '/api/v1/users')).body.find((u: any) => u.username === USERS.technician).id;
    expect((await admin.call('PATCH', `/api/v1/users/${id}`, { password: 'mat-khau-moi-2' })).status).toBe(200);
    expect((await tech.call('GET', '/api/v1/me')).status).toBe(401);
    await expect(apiSession(base(), USERS.technician)).rejects.toThrow(/401/);
    await apiSession(base(), USERS.technician, 'mat-khau-moi-2');
    expect((await admin.call('PATCH', `/api/v1/users/${id}`, { password: PASSWORD })).status).toBe(200);
  });
});

describe('user management', () => {
  it('lets the admin add, change and remove accounts, within limits', async () => {
    const admin = await apiSession(base(), USERS.admin);
    const created = await admin.call('POST', '/api/v1/users', { username: 'kythuat2', displayName: 'Kỹ thuật viên 2', role: 'technician', password: 'mot-hai-ba-bon' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'kythuat2', role: 'technician' });
    expect((await admin.call('POST', '/api/v1/users', { username: 'kythuat2', role: 'technician', password: 'mot-hai-ba-bon' })).status).toBe(409);
    expect((await admin.call('POST', '/api/v1/users', { username: 'ngan', role: 'officer', password: 'ngan' })).body.code).toBe('weak_password');
    expect((await admin.call('POST', '/api/v1/users', { username: 'Có Dấu', role: 'officer', password: 'mot-hai-ba-bon' })).status).toBe(400);
    expect((await admin.call('POST', '/api/v1/users', { username: 'x1', role: 'mayor', password: 'mot-hai-ba-bon' })).status).toBe(400);

    const tech2 = await apiSession(base(), 'kythuat2', 'mot-hai-ba-bon');
    expect((await admin.call('PATCH', `/api/v1/users/${created.body.id}`, { role: 'officer' })).body.role).toBe('officer');
    // A new role ends the sessions opened under the old one.
    expect((await tech2.call('GET', '/api/v1/me')).status).toBe(401);
    expect((await admin.call('DELETE', `/api/v1/users/${created.body.id}`)).status).toBe(204);
    await expect(apiSession(base(), 'kythuat2', 'mot-hai-ba-bon')).rejects.toThrow(/401/);

    const me = (await admin.call('GET', '/api/v1/me')).body;
    expect((await admin.call('DELETE', `/api/v1/users/${me.userId}`)).body.code).toBe('self');
    // The last admin can be neither demoted nor removed (through a bearer token here).
    expect((await c.t.api('PATCH', `/api/v1/users/${me.userId}`, { role: 'officer' })).body.code).toBe('last_admin');
    expect((await c.t.api('DELETE', `/api/v1/users/${me.userId}`)).body.code).toBe('last_admin');
  });

  it('audits sign-ins and account changes', async () => {
    const log = (await c.t.api('GET', '/api/v1/audit?limit=500')).body as { action: string; actor: string }[];
    expect(log.some((e) => e.action === 'auth.login' && e.actor === `user:${USERS.officer}`)).toBe(true);
    expect(log.some((e) => e.action === 'auth.login-failed')).toBe(true);
    expect(log.some((e) => e.action === 'user.create' && e.actor === `user:${USERS.admin}`)).toBe(true);
  });
});

describe('every role is kept to its own pages and APIs', () => {
  // page → roles that may open it
  const PAGES: Record<string, RoleName[]> = {
    '/officer': ['admin', 'officer'],
    '/officer/calendar': ['admin', 'officer'],
    '/chairman': ['admin', 'chairman'],
    '/chairman/approvals': ['admin', 'chairman'],
    '/technician': ['admin', 'technician'],
    '/broadcasts': ['admin', 'officer', 'chairman'],
    '/reports': ['admin', 'officer', 'chairman'],
    '/emergency': ['admin', 'officer', 'chairman'],
    '/users': ['admin'],
  };

  it('sends a stranger to the sign-in page', async () => {
    const home = await fetch(base() + '/');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('/js/main.js');
    for (const page of Object.keys(PAGES)) {
      const res = await fetch(base() + page, { redirect: 'manual' });
      expect(res.status, page).toBe(302);
      expect(res.headers.get('location')).toBe(`/?next=${encodeURIComponent(page)}`);
    }
  });

  it('serves each page only to its roles (403 for the others) and sends signed-in people home from /', async () => {
    for (const role of Object.keys(USERS) as RoleName[]) {
      const s = await apiSession(base(), USERS[role]);
      for (const [page, roles] of Object.entries(PAGES)) {
        const res = await s.call('GET', page);
        expect(res.status, `${role} ${page}`).toBe(roles.includes(role) ? 200 : 403);
        if (!roles.includes(role)) expect(res.body).toContain('Không có quyền truy cập');
      }
      const home = await s.call('GET', '/');
      expect(home.status).toBe(302);
      expect(home.headers.get('location')).toBe({ admin: '/users', officer: '/officer', chairman: '/chairman', technician: '/technician' }[role]);
    }
  });

  it('answers 403 to API calls outside the role, through the session cookie', async () => {
    const officer = await apiSession(base(), USERS.officer);
    const chairman = await apiSession(base(), USERS.chairman);
    const tech = await apiSession(base(), USERS.technician);
    const news = { title: 'Thông báo', text: 'Xin chào bà con.', zoneIds: ['thon-dong'], priority: 'normal' };
    const schedule = { ...news, kind: 'once', at: new Date(Date.now() + 3600_000).toISOString() };
    const forbidden: [typeof officer, string, string, unknown?][] = [
      [tech, 'POST', '/api/v1/broadcasts', news],
      [tech, 'POST', '/api/v1/schedules', schedule],
      [tech, 'POST', '/api/v1/emergency', { text: 'Cháy!' }],
      [tech, 'GET', '/api/v1/reports/played'],
      [tech, 'GET', '/api/v1/reports/monthly?month=2026-01'],
      [tech, 'GET', '/api/v1/users'],
      [tech, 'POST', '/api/v1/recordings'],
      [officer, 'POST', '/api/v1/receivers/thon-dong-1/commands', { type: 'reboot' }],
      [officer, 'POST', '/api/v1/receivers/thon-dong-1/test-tone'],
      [officer, 'POST', '/api/v1/broadcasts/any/approve'],
      [officer, 'POST', '/api/v1/schedules/any/approve'],
      [officer, 'GET', '/api/v1/users'],
      [chairman, 'POST', '/api/v1/receivers/thon-dong-1/commands', { type: 'volume', level: 10 }],
      [chairman, 'PATCH', '/api/v1/receivers/thon-dong-1', { volume: 10 }],
      [chairman, 'POST', '/api/v1/users', { username: 'x', role: 'admin', password: 'mot-hai-ba-bon' }],
    ];
    for (const [s, method, p, body] of forbidden) {
      const res = await s.call(method, p, body);
      expect(res.status, `${(await s.call('GET', '/api/v1/me')).body.role} ${method} ${p}`).toBe(403);
      expect(res.body.code).toBe('forbidden');
    }
    // …while each role's own calls go through.
    expect((await tech.call('GET', '/api/v1/fleet/alerts')).status).toBe(200);
    expect((await officer.call('GET', '/api/v1/reports/played')).status).toBe(200);
    expect((await chairman.call('GET', '/api/v1/schedules')).status).toBe(200);
    // The event stream never ends: look at its headers only.
    const events = new AbortController();
    const stream = await fetch(base() + '/api/v1/events', { headers: { cookie: tech.cookie }, signal: events.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    events.abort();
  });

  it('serves Preact and htm from the server itself (no CDN)', async () => {
    const html = await (await fetch(base() + '/')).text();
    expect(html).not.toMatch(/https?:\/\//);
    for (const f of ['preact.mjs', 'hooks.mjs', 'htm.mjs']) {
      const res = await fetch(`${base()}/vendor/${f}`);
      expect(res.status, f).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
    }
  });
});

describe('first accounts', () => {
  it('LOA_INIT_ADMIN_PASSWORD creates the "admin" account once', async () => {
    const dataDir = c.t.dataDir + '-init';
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', MQTT_PORT: '0', MQTT_HOST: '127.0.0.1', DATA_DIR: dataDir, LOA_DEMO: '0', LOA_INIT_ADMIN_PASSWORD: 'khoi-tao-123' });
    const server = await startServer(config, createLogger('silent'));
    try {
      const s = await apiSession(`http://127.0.0.1:${server.httpPort}`, 'admin', 'khoi-tao-123');
      expect((await s.call('GET', '/api/v1/me')).body.role).toBe('admin');
      expect(await server.users.ensureAdmin('khac-hoan-toan')).toBe(false);
    } finally {
      await server.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });

  it('`loa user add` creates an account from the command line', async () => {
    const dataDir = c.t.dataDir + '-cli';
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['bin/loa.js', 'user', 'add', '--username', 'canbo2', '--role', 'officer', '--password', 'mot-hai-ba-bon', '--name', 'Cán bộ 2'], {
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    });
    expect(stdout).toContain('canbo2');
    const database = await openDatabase({ dataDir });
    try {
      const row = await database.db.selectFrom('users').selectAll().where('username', '=', 'canbo2').executeTakeFirstOrThrow();
      expect(row).toMatchObject({ role: 'officer', display_name: 'Cán bộ 2' });
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
    } finally {
      await database.close();
    }
    await expect(run(process.execPath, ['bin/loa.js', 'user', 'add', '--username', 'x', '--role', 'mayor', '--password', 'mot-hai-ba-bon'], { env: { ...process.env, DATA_DIR: dataDir } })).rejects.toThrow(/--role/);
    await fs.rm(dataDir, { recursive: true, force: true });
  });
});

// Last: it spends this address's sign-in budget.
describe('login rate limit', () => {
  it(`refuses sign-ins after ${LOGIN_FAILURES_ALLOWED} failures, even with the right password`, async () => {
    const attempt = (password: string) =>
      fetch(base() + '/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: USERS.officer, password }) });
    // Earlier tests already failed a few times from this address.
    let status = 401;
    for (let i = 0; i <= LOGIN_FAILURES_ALLOWED && status === 401; i++) status = (await attempt('sai-' + i)).status;
    expect(status).toBe(429);
    const res = await attempt(PASSWORD);
    expect(res.status).toBe(429);
    expect((await res.json()).code).toBe('rate_limited');
    // Bearer-token automation is not affected.
    expect((await c.t.api('GET', '/api/v1/me', undefined, ADMIN_TOKEN)).status).toBe(200);
  });
});
