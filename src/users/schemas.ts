// What the account routes answer (src/users/routes.ts): sign-in, who is
// calling, accounts and API tokens.
import { z } from 'zod';
import { component } from '../http/openapi.js';
import { permissionsOf, ROLES } from '../access/roles.js';
import { isoTime, role } from '../http/schemas.js';

/** src/users/service.ts UserView (never the password). */
export const userSchema = component('User', z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role,
  /** The account's scope: a zone's subtree; null: the whole system. */
  zoneId: z.string().nullable(),
  createdAt: isoTime,
}));

/** Where the panel opens for the role. */
const home = z.string().startsWith('/');

/** Who is calling: the account or token, its role, scope and what it may do. */
export const meSchema = component('Me', z.object({
  actor: z.string(),
  role,
  userId: z.string().nullable(),
  zoneId: z.string().nullable(),
  /** Null for a bearer token. */
  username: z.string().nullable(),
  displayName: z.string().nullable(),
  permissions: z.array(z.enum([...new Set(ROLES.flatMap(permissionsOf))] as [string, ...string[]])),
  home,
  /** The commune's time zone (IANA), e.g. Asia/Ho_Chi_Minh. */
  timezone: z.string(),
  /** The panel's session echoes it in X-CSRF-Token; null for a bearer token. */
  csrfToken: z.string().nullable(),
}));

/** Who is signed in: nobody is an answer here (null), not a 401. */
export const sessionSchema = z.object({ me: meSchema.nullable() });

/** Signed in: the session cookie is set; unsafe requests echo csrfToken in X-CSRF-Token. */
export const loginSchema = z.object({ user: userSchema, csrfToken: z.string(), home });

/** src/access/tokens.ts TokenView (never the token). */
export const tokenSchema = component('Token', z.object({
  id: z.string(),
  name: z.string(),
  role,
  zoneId: z.string().nullable(),
  userId: z.string().nullable(),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable(),
}));

/** A new token with its value: shown this once, only its hash is kept. */
export const createdTokenSchema = tokenSchema.extend({ token: z.string() });
