// Two instances behind one PostgreSQL: what one instance takes away, the other
// refuses at once. A bearer token revoked through instance A was still taken
// by instance B for up to ten seconds (B's resolve cache); a panel session
// ended or an account removed through A must not live on through B either.
import { afterAll, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../helpers/postgres.js';
import { mosquittoAvailable } from '../helpers/mosquitto.js';
import { startCluster, type Cluster } from './instances.js';

const TOKEN = 'revocation-admin-token-012345';
const available = mosquittoAvailable() && (await postgresAvailable());
let cluster: Cluster | null = null;

afterAll(async () => {
  await cluster?.close();
});

async function call(base: string, method: string, p: string, opts: { token?: string; cookie?: string; csrf?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.csrf) headers['x-csrf-token'] = opts.csrf;
  const res = await fetch(base + p, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, setCookie: res.headers.get('set-cookie') };
}

describe.skipIf(!available)('two instances, one database: taken away on one, refused on the other', () => {
  it('a revoked token, an ended session and a removed account stop working on the other instance at once', async () => {
    cluster = await startCluster('revocation', { LOA_INIT_ADMIN_TOKEN: TOKEN });
    const [a, b] = cluster.instances.map((i) => i.base) as [string, string];
    expect((await call(a, 'POST', '/api/v1/zones', { token: TOKEN, body: { id: 'xa', name: 'Xã', kind: 'commune' } })).status).toBe(201);

    // A token, used on B (B now holds it in its cache), revoked through A.
    const issued = await call(a, 'POST', '/api/v1/tokens', { token: TOKEN, body: { name: 'ky-thuat', role: 'technician', zoneId: 'xa' } });
    expect(issued.status).toBe(201);
    expect((await call(b, 'GET', '/api/v1/zones', { token: issued.body.token })).status).toBe(200);
    expect((await call(a, 'DELETE', `/api/v1/tokens/${issued.body.id}`, { token: TOKEN })).status).toBe(204);
    expect((await call(b, 'GET', '/api/v1/zones', { token: issued.body.token })).status).toBe(401);

    // A panel session opened on B, signed out through A.
    expect((await call(a, 'POST', '/api/v1/users', { token: TOKEN, body: { username: 'canbo', password: 'mat-khau-dai-hon', role: 'officer', zoneId: 'xa' } })).status).toBe(201);
    const signIn = async () => {
      const login = await call(b, 'POST', '/api/v1/auth/login', { body: { username: 'canbo', password: 'mat-khau-dai-hon' } });
      expect(login.status).toBe(200);
      return { cookie: login.setCookie!.split(';')[0]!, csrf: login.body.csrfToken as string };
    };
    const first = await signIn();
    expect((await call(b, 'GET', '/api/v1/zones', first)).status).toBe(200);
    expect((await call(a, 'POST', '/api/v1/auth/logout', first)).status).toBe(204);
    expect((await call(b, 'GET', '/api/v1/zones', first)).status).toBe(401);

    // The account removed through A: its session on B ends with it.
    const second = await signIn();
    expect((await call(b, 'GET', '/api/v1/zones', second)).status).toBe(200);
    const users = (await call(a, 'GET', '/api/v1/users', { token: TOKEN })).body as { id: string; username: string }[];
    const canbo = users.find((u) => u.username === 'canbo')!;
    expect((await call(a, 'DELETE', `/api/v1/users/${canbo.id}`, { token: TOKEN })).status).toBe(204);
    expect((await call(b, 'GET', '/api/v1/zones', second)).status).toBe(401);
  }, 120_000);
});
