// Who is calling: a bearer token (automation, receivers' tooling) or a panel
// session cookie; then the per-route permission check, the same for both.
import crypto from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { roleMay, type Permission } from '../access/roles.js';
import type { Principal, TokenService } from '../access/tokens.js';
import type { Scope } from '../access/scope.js';
import type { SessionPrincipal, SessionService } from '../users/sessions.js';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    /** The caller's scope (src/access/scope.ts), set with the principal. */
    scope?: Scope;
    /** Set when the caller is signed in through the panel (cookie), not a bearer token. */
    panelSession?: { id: string; principal: SessionPrincipal };
  }
}

export type Guard = (permission: Permission) => RequestHandler;

export const SESSION_COOKIE = 'loa_sid';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function readCookie(req: Request, name: string): string | undefined {
  return readCookieHeader(req.headers.cookie, name);
}

/** The panel's session cookie (or another) from a raw Cookie header, e.g. a WebSocket upgrade's. */
export function readCookieHeader(header: string | undefined, name = SESSION_COOKIE): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined; // a mangled cookie is no session
      }
    }
  }
  return undefined;
}

/** httpOnly: page scripts never see it; SameSite=Lax: other sites' forms do not carry it. */
export function setSessionCookie(req: Request, res: Response, id: string): void {
  res.cookie(SESSION_COOKIE, id, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}

/** Resolves the caller once per request; `guard(p)` then demands permission p. */
export function authenticate(deps: { tokens: TokenService; sessions: SessionService }): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (m) {
      // Bearer calls carry their credential explicitly, so they need no CSRF token.
      req.principal = (await deps.tokens.resolve(m[1]!)) ?? undefined;
      if (req.principal) req.scope = { zoneId: req.principal.zoneId };
      return next();
    }
    const sid = readCookie(req, SESSION_COOKIE);
    const principal = sid ? await deps.sessions.resolve(sid) : null;
    if (!sid || !principal) return next();
    // A cookie rides along on requests other sites trigger; an unsafe one
    // must also prove it comes from our page by echoing the CSRF token.
    if (!SAFE_METHODS.has(req.method) && !sameToken(req.get(CSRF_HEADER), principal.csrfToken)) {
      res.status(403).json({ error: 'Phiên làm việc không hợp lệ, hãy tải lại trang (missing or wrong CSRF token)', code: 'csrf' });
      return;
    }
    req.principal = principal;
    req.scope = { zoneId: principal.zoneId };
    req.panelSession = { id: sid, principal };
    next();
  };
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

// The permission rides on the handler so the API description can say who may call each route.
export const guard: Guard = (permission) =>
  Object.assign(
    ((req, res, next) => {
      if (!req.principal) {
        res.status(401).json({ error: 'Cần đăng nhập (not signed in, or missing or invalid bearer token)', code: 'unauthenticated' });
        return;
      }
      if (!roleMay(req.principal.role, permission)) {
        res.status(403).json({ error: `Vai trò "${req.principal.role}" không được phép: ${permission} (the role "${req.principal.role}" lacks the permission ${permission})`, code: 'forbidden', permission });
        return;
      }
      next();
    }) as RequestHandler,
    { permission },
  );
