// Two communes under one district, each with its four accounts, a district
// admin and chairman, and a whole-system admin: the callers of the scope
// matrix, each as a panel session and as an API token of the same scope.
import { afterAll, beforeAll } from 'vitest';
import { request, startTestServer, type TestServer } from '../helpers/server.js';
import { apiSession } from '../panel/helpers.js';
import type { Role } from '../../src/db/schema.js';

export const PASSWORD = 'mat-khau-thu-nghiem';
export const DISTRICT = { id: 'huyen-y-yen', name: 'Huyện Ý Yên' };
export const COMMUNES = {
  A: { id: 'xa-binh-minh', name: 'Xã Bình Minh', hamlets: [{ id: 'thon-dong', name: 'Thôn Đông' }, { id: 'thon-tay', name: 'Thôn Tây' }] },
  B: { id: 'xa-yen-phong', name: 'Xã Yên Phong', hamlets: [{ id: 'xom-trai', name: 'Xóm Trại' }, { id: 'thon-vinh', name: 'Thôn Vĩnh' }] },
} as const;
export type CommuneKey = keyof typeof COMMUNES;
export const ROLES4: Role[] = ['officer', 'chairman', 'technician', 'admin'];

export interface Caller {
  name: string;
  role: Role;
  zoneId: string | null;
  /** Calls as the panel would (session cookie + CSRF) or with a bearer token. */
  session(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
  token(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
  bearer: string;
  cookie: string;
}

export interface World {
  t: TestServer;
  callers: Record<string, Caller>;
  /** Receivers by commune. */
  receivers: Record<CommuneKey, string[]>;
}

export async function buildWorld(env: Record<string, string> = {}): Promise<World> {
  const t = await startTestServer(env);
  const ok = async (method: string, p: string, body: unknown) => {
    const r = await t.api(method, p, body);
    if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  await ok('POST', '/api/v1/zones', { ...DISTRICT, kind: 'district' });
  const receivers: World['receivers'] = { A: [], B: [] };
  for (const key of ['A', 'B'] as const) {
    const c = COMMUNES[key];
    await ok('POST', '/api/v1/zones', { id: c.id, name: c.name, parentId: DISTRICT.id });
    for (const h of c.hamlets) {
      await ok('POST', '/api/v1/zones', { id: h.id, name: h.name, parentId: c.id });
      const id = `${h.id}-loa-1`;
      await ok('POST', '/api/v1/receivers', { id, name: `${h.name} – cụm loa 1`, zoneId: h.id });
      receivers[key].push(id);
    }
  }
  const accounts: { name: string; role: Role; zoneId: string | null }[] = [
    ...(['A', 'B'] as const).flatMap((k) => ROLES4.map((role) => ({ name: `${role}-${k.toLowerCase()}`, role, zoneId: COMMUNES[k].id }))),
    { name: 'admin-district', role: 'admin', zoneId: DISTRICT.id },
    { name: 'chairman-district', role: 'chairman', zoneId: DISTRICT.id },
    { name: 'admin-system', role: 'admin', zoneId: null },
  ];
  const callers: Record<string, Caller> = {};
  for (const a of accounts) {
    await ok('POST', '/api/v1/users', { username: a.name, role: a.role, password: PASSWORD, zoneId: a.zoneId });
    const { cookie, call } = await apiSession(t.baseUrl, a.name, PASSWORD);
    const bearer = (await ok('POST', '/api/v1/tokens', { name: `tok-${a.name}`, role: a.role, zoneId: a.zoneId })).token as string;
    callers[a.name] = {
      ...a,
      bearer,
      cookie,
      session: call,
      token: (m, p, b) => request(t.baseUrl, m, p, { authorization: `Bearer ${bearer}` }, b),
    };
  }
  return { t, callers, receivers };
}

/**
 * The world for the calling file: built before its tests, closed after them.
 * Its fields are read through getters, so only inside tests and later hooks.
 */
export function worldForFile(env: Record<string, string> = {}): World & { caller(name: string): Caller } {
  let built: World | undefined;
  beforeAll(async () => {
    built = await buildWorld(env);
  });
  afterAll(async () => {
    await built?.t.close();
  });
  const get = (): World => {
    if (!built) throw new Error('the world is not built yet: read it inside a test or a hook');
    return built;
  };
  return {
    get t() {
      return get().t;
    },
    get callers() {
      return get().callers;
    },
    get receivers() {
      return get().receivers;
    },
    caller: (name) => get().callers[name]!,
  };
}
