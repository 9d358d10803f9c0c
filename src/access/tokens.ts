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

interface TokenView {
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
const MAX_TOKEN_CHARS = 512;
// Real tokens are few (people, automation); anyone can make up unknown ones,
// so those get a small cache of their own and never push real ones out.
const KNOWN_MAX = 1000;
const UNKNOWN_MAX = 256;

/** A Map kept in least-recently-used order, dropping the oldest beyond `max`. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    this.map.delete(key);
    this.map.set(key, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  clear(): void {
    this.map.clear();
  }
  get size(): number {
    return this.map.size;
  }
}

export class TokenService {
  /** When each token's last use was written. */
  private readonly used = new Lru<number>(KNOWN_MAX);
  private readonly unknown = new Lru<number>(UNKNOWN_MAX);

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

  /** Entries held by the resolve cache (both kinds), for tests and metrics. */
  cacheSize(): number {
    return this.used.size + this.unknown.size;
  }

  async resolve(token: string): Promise<Principal | null> {
    // Longer than any token we issue: refused without hashing or a query.
    if (token.length > MAX_TOKEN_CHARS) return null;
    const hash = hashSecret(token);
    const now = Date.now();
    const miss = this.unknown.get(hash);
    if (miss !== undefined && now - miss < CACHE_MS) return null;
    // Looked up every time: a token revoked through another instance sharing
    // the database is refused at once. Only the last-used write is spared.
    const row = await this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
    if (!row) {
      this.used.delete(hash);
      this.unknown.set(hash, now);
      return null;
    }
    const written = this.used.get(hash);
    if (written === undefined || now - written >= CACHE_MS) {
      await this.db.updateTable('api_tokens').set({ last_used_at: nowIso() }).where('id', '=', row.id).execute();
      this.used.set(hash, now);
    }
    this.unknown.delete(hash);
    return { actor: `token:${row.name}`, role: row.role, userId: row.user_id, zoneId: row.zone_id };
  }

}
