// API tokens for automation and the panel: stored hashed, shown once.
import crypto from 'node:crypto';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import type { Role } from '../db/schema.js';
import { hashSecret, newSecret } from './secrets.js';

export interface Principal {
  /** Who, for the audit log: "token:<name>" or "user:<username>". */
  actor: string;
  role: Role;
  userId: string | null;
  /** The scope's zone; null = the whole system (src/access/scope.ts). */
  zoneId: string | null;
}

export interface TokenView {
  id: string;
  name: string;
  role: Role;
  zoneId: string | null;
  userId: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

const tokenView = (r: { id: string; name: string; role: Role; user_id: string | null; zone_id: string | null; created_at: string; last_used_at: string | null }): TokenView => ({
  id: r.id,
  name: r.name,
  role: r.role,
  zoneId: r.zone_id,
  userId: r.user_id,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

const CACHE_MS = 10_000;

export class TokenService {
  private cache = new Map<string, { at: number; principal: Principal | null }>();

  constructor(private readonly db: Db) {}

  async create(name: string, role: Role, userId: string | null = null, token = 'loa_' + newSecret(32), zoneId: string | null = null): Promise<string> {
    return (await this.issue({ name, role, userId, zoneId, token })).token;
  }

  /** A new token; its value is returned this once, only its hash is kept. */
  async issue(input: { name: string; role: Role; zoneId: string | null; userId?: string | null; token?: string }): Promise<TokenView & { token: string }> {
    const token = input.token ?? 'loa_' + newSecret(32);
    const row = { id: crypto.randomUUID(), name: input.name, role: input.role, user_id: input.userId ?? null, zone_id: input.zoneId, token_hash: hashSecret(token), created_at: nowIso(), last_used_at: null };
    await this.db.insertInto('api_tokens').values(row).execute();
    return { ...tokenView(row), token };
  }

  /** Tokens whose scope lies in these zones (null: every token). */
  async list(zoneIds: Set<string> | null): Promise<TokenView[]> {
    const rows = await this.db.selectFrom('api_tokens').select(['id', 'name', 'role', 'user_id', 'zone_id', 'created_at', 'last_used_at']).orderBy('created_at').execute();
    return rows.filter((r) => zoneIds === null || (r.zone_id !== null && zoneIds.has(r.zone_id))).map(tokenView);
  }

  async get(id: string): Promise<TokenView | undefined> {
    const row = await this.db.selectFrom('api_tokens').select(['id', 'name', 'role', 'user_id', 'zone_id', 'created_at', 'last_used_at']).where('id', '=', id).executeTakeFirst();
    return row && tokenView(row);
  }

  async revoke(id: string): Promise<void> {
    await this.db.deleteFrom('api_tokens').where('id', '=', id).execute();
    // A revoked token stops working now, not when its cache entry ages out.
    this.cache.clear();
  }

  /** LOA_INIT_ADMIN_TOKEN: make sure an admin token with this value exists. */
  async ensure(token: string, name: string, role: Role): Promise<boolean> {
    const hash = hashSecret(token);
    const found = await this.db.selectFrom('api_tokens').select('id').where('token_hash', '=', hash).executeTakeFirst();
    if (found) return false;
    await this.create(name, role, null, token);
    return true;
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('api_tokens').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async resolve(token: string): Promise<Principal | null> {
    const hash = hashSecret(token);
    const hit = this.cache.get(hash);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.principal;
    const row = await this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
    const principal = row ? { actor: `token:${row.name}`, role: row.role, userId: row.user_id, zoneId: row.zone_id } : null;
    if (row) await this.db.updateTable('api_tokens').set({ last_used_at: nowIso() }).where('id', '=', row.id).execute();
    this.cache.set(hash, { at: Date.now(), principal });
    return principal;
  }
}
