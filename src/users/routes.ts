// Sign-in, sign-out, "who am I", and the admin's account management.
import { Router, type Request } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { z } from 'zod';
import { permissionsOf, ROLES } from '../access/roles.js';
import type { AuditLog } from '../access/audit.js';
import { scopeOf, type ScopeAccess } from '../access/scope.js';
import type { TokenService } from '../access/tokens.js';
import { zoneIdSchema } from '../mqtt/protocol.js';
import { clearSessionCookie, setSessionCookie, type Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import { AppError } from '../errors.js';
import { homeOf } from '../panel/pages.js';
import type { SessionService } from './sessions.js';
import type { UserService } from './service.js';
import { describeRoutes } from '../http/openapi.js';
import { createdTokenSchema, loginSchema, meSchema, sessionSchema, tokenSchema, userSchema } from './schemas.js';

const role = z.enum(ROLES as [string, ...string[]]).transform((r) => r as (typeof ROLES)[number]);
const login = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(1000) });
const newUser = z.object({
  username: z.string().max(64),
  displayName: z.string().max(200).optional(),
  role,
  password: z.string().max(1000),
  /** Omitted: the creator's own scope. */
  zoneId: zoneIdSchema.nullish(),
});
const patchUser = z.object({
  displayName: z.string().max(200).optional(),
  role: role.optional(),
  password: z.string().max(1000).optional(),
  zoneId: zoneIdSchema.nullable().optional(),
}).refine((b) => Object.values(b).some((v) => v !== undefined), 'nothing to change: give displayName, role, password or zoneId');
const newToken = z.object({ name: z.string().trim().min(1).max(100), role, zoneId: zoneIdSchema.nullish() });

/** Failed sign-ins allowed per client address in each window. */
export const LOGIN_FAILURES_ALLOWED = 10;
const LOGIN_WINDOW_MS = 15 * 60_000;

export function authRoutes(deps: { users: UserService; sessions: SessionService; tokens: TokenService; scopes: ScopeAccess; audit: AuditLog; guard: Guard; timezone: string; limits: Store }): Router {
  const { users, sessions, tokens, scopes, audit, guard } = deps;
  /** The scope asked for (omitted: the caller's own); never wider than the caller's. */
  const grantable = async (req: Request, zoneId: string | null | undefined) => {
    const own = scopeOf(req);
    const wanted = zoneId === undefined ? own : await scopes.scopeFor(zoneId);
    if (!(await scopes.contains(own, wanted))) {
      throw new AppError(`Không thể cấp phạm vi rộng hơn phạm vi của mình (${wanted.zoneId ?? 'toàn hệ thống'}) (cannot grant a scope wider than your own)`, 403, 'out_of_scope', { zoneId: wanted.zoneId });
    }
    return wanted.zoneId;
  };
  /** An account the caller manages: in its subtree (404 otherwise, as if it did not exist). */
  const managed = async (req: Request, id: string) => {
    const user = await users.require(id);
    if (!(await scopes.contains(scopeOf(req), { zoneId: user.zoneId }))) throw new AppError(`Không có tài khoản ${id} (no such user)`, 404, 'not_found');
    return user;
  };
  const r = Router();
  // Only failures count, so a commune office behind one address is never
  // locked out by people signing in correctly; guessing is slowed to a crawl.
  const limiter = rateLimit({
    windowMs: LOGIN_WINDOW_MS,
    limit: LOGIN_FAILURES_ALLOWED,
    // Counted in the database: instances behind a load balancer count the same failures.
    store: deps.limits,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // X-Forwarded-For is ignored on purpose unless TRUST_PROXY says whose to believe.
    validate: { xForwardedForHeader: false },
    handler: (_req, res) => {
      res.status(429).json({ error: 'Đăng nhập sai quá nhiều lần, hãy thử lại sau ít phút (too many failed sign-ins)', code: 'rate_limited' });
    },
  });

  r.post('/auth/login', limiter, async (req, res) => {
    const body = parseBody(login, req.body);
    const user = await users.verifyLogin(body.username, body.password);
    if (!user) {
      await audit.record(`login:${body.username.slice(0, 64)}`, 'auth.login-failed', null, { ip: req.ip });
      res.status(401).json({ error: 'Sai tên đăng nhập hoặc mật khẩu (wrong username or password)', code: 'bad_credentials' });
      return;
    }
    if (req.panelSession) await sessions.revoke(req.panelSession.id);
    const session = await sessions.create(user.id);
    setSessionCookie(req, res, session.id);
    await audit.record(`user:${user.username}`, 'auth.login', user.id, { ip: req.ip }, { zoneId: user.zoneId });
    res.json({ user, csrfToken: session.csrfToken, home: homeOf(user.role) });
  });

  r.post('/auth/logout', async (req, res) => {
    if (req.panelSession) await sessions.revoke(req.panelSession.id);
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  const me = (req: Request) => {
    const p = req.principal!;
    const s = req.panelSession?.principal;
    return {
      actor: p.actor,
      role: p.role,
      userId: p.userId,
      /** The caller's scope: a zone's subtree, null = the whole system. */
      zoneId: p.zoneId,
      username: s?.username ?? null,
      displayName: s?.displayName ?? null,
      permissions: permissionsOf(p.role),
      home: homeOf(p.role),
      /** The commune's time zone: the panel shows and takes times in it. */
      timezone: deps.timezone,
      // Echoed in the X-CSRF-Token header of the panel's unsafe requests.
      csrfToken: s?.csrfToken ?? null,
    };
  };
  r.get('/me', guard('system:read'), (req, res) => {
    res.json(me(req));
  });
  // The panel asks on every page load whether anyone is signed in: "nobody"
  // is an answer here, not a 401 in the browser's console.
  r.get('/auth/session', (req, res) => {
    res.set('Cache-Control', 'no-store').json({ me: req.principal ? me(req) : null });
  });

  r.get('/users', guard('users:manage'), async (req, res) => {
    res.json(await users.list(await scopes.zoneIds(scopeOf(req))));
  });

  r.post('/users', guard('users:manage'), async (req, res) => {
    const body = parseBody(newUser, req.body);
    const zoneId = await grantable(req, body.zoneId);
    const user = await users.create({ ...body, zoneId });
    await audit.record(req.principal!, 'user.create', user.id, { username: user.username, role: user.role }, { zoneId, after: user });
    res.status(201).json(user);
  });

  r.patch('/users/:id', guard('users:manage'), async (req, res) => {
    const body = parseBody(patchUser, req.body);
    const id = req.params.id as string;
    const before = await managed(req, id);
    if (body.zoneId !== undefined) await grantable(req, body.zoneId);
    const user = await users.update(id, body);
    // New password, role or scope: sessions opened under the old ones end now.
    if (body.password !== undefined || user.role !== before.role || user.zoneId !== before.zoneId) await sessions.revokeUser(id, req.panelSession?.id);
    await audit.record(req.principal!, 'user.update', id, { role: user.role, passwordChanged: body.password !== undefined }, { zoneId: user.zoneId, before, after: user });
    res.json(user);
  });

  r.delete('/users/:id', guard('users:manage'), async (req, res) => {
    const id = req.params.id as string;
    if (id === req.principal!.userId) throw new AppError('Không thể tự xóa tài khoản đang dùng (you cannot remove yourself)', 409, 'self');
    const user = await managed(req, id);
    await users.remove(id);
    await audit.record(req.principal!, 'user.delete', id, { username: user.username }, { zoneId: user.zoneId, before: user });
    res.status(204).end();
  });

  // API tokens for automation: admin only, scoped like accounts, the value shown once.
  r.get('/tokens', guard('users:manage'), async (req, res) => {
    res.json(await tokens.list(await scopes.zoneIds(scopeOf(req))));
  });

  r.post('/tokens', guard('users:manage'), async (req, res) => {
    const body = parseBody(newToken, req.body);
    const zoneId = await grantable(req, body.zoneId);
    const token = await tokens.issue({ name: body.name, role: body.role, zoneId });
    const { token: _secret, ...view } = token;
    await audit.record(req.principal!, 'token.create', token.id, { name: token.name, role: token.role }, { zoneId, after: view });
    res.status(201).json(token);
  });

  r.delete('/tokens/:id', guard('users:manage'), async (req, res) => {
    const id = req.params.id as string;
    const token = await tokens.get(id);
    if (!token || !(await scopes.contains(scopeOf(req), { zoneId: token.zoneId }))) throw new AppError(`Không có mã truy cập ${id} (no such token)`, 404, 'not_found');
    await tokens.revoke(id);
    await audit.record(req.principal!, 'token.delete', id, { name: token.name }, { zoneId: token.zoneId, before: token });
    res.status(204).end();
  });
  describeRoutes(r, {
    'POST /auth/login': { body: login, response: loginSchema },
    'POST /auth/logout': { status: 204 },
    'GET /me': { response: meSchema },
    'GET /auth/session': { response: sessionSchema },
    'GET /users': { response: z.array(userSchema) },
    'POST /users': { body: newUser, response: userSchema, status: 201 },
    'PATCH /users/:id': { body: patchUser, response: userSchema },
    'DELETE /users/:id': { status: 204 },
    'GET /tokens': { response: z.array(tokenSchema) },
    'POST /tokens': { body: newToken, response: createdTokenSchema, status: 201 },
    'DELETE /tokens/:id': { status: 204 },
  });
  return r;
}
