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
}

const CACHE_MS = 10_000;

export class TokenService {
  private cache = new Map<string, { at: number; principal: Principal | null }>();

  constructor(private readonly db: Db) {}

  async create(name: string, role: Role, userId: string | null = null, token = 'loa_' + newSecret(32)): Promise<string> {
    await this.db
      .insertInto('api_tokens')
      .values({ id: crypto.randomUUID(), name, role, user_id: userId, token_hash: hashSecret(token), created_at: nowIso(), last_used_at: null })
      .execute();
    return token;
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
    const principal = row ? { actor: `token:${row.name}`, role: row.role, userId: row.user_id } : null;
    if (row) await this.db.updateTable('api_tokens').set({ last_used_at: nowIso() }).where('id', '=', row.id).execute();
    this.cache.set(hash, { at: Date.now(), principal });
    return principal;
  }
}
