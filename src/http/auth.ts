// Bearer-token authentication and the per-route permission check.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { roleMay, type Permission } from '../access/roles.js';
import type { Principal, TokenService } from '../access/tokens.js';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export type Guard = (permission: Permission) => RequestHandler;

/** Resolves the caller once per request; `guard(p)` then demands permission p. */
export function authenticate(tokens: TokenService): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (m) req.principal = (await tokens.resolve(m[1]!)) ?? undefined;
    next();
  };
}

export const guard: Guard = (permission) => (req, res, next) => {
  if (!req.principal) {
    res.status(401).json({ error: 'Cần đăng nhập (missing or invalid bearer token)', code: 'unauthenticated' });
    return;
  }
  if (!roleMay(req.principal.role, permission)) {
    res.status(403).json({ error: `Vai trò "${req.principal.role}" không được phép: ${permission}`, code: 'forbidden', permission });
    return;
  }
  next();
};
