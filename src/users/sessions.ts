// Panel sessions: a random id in an httpOnly cookie, only its hash in the
// database. The CSRF token is derived from the id, so it needs no storage and
// only someone holding the cookie's value (the signed-in page) can know it.
import crypto from 'node:crypto';
import type { Db } from '../db/index.js';
import type { Role } from '../db/schema.js';
import type { Principal } from '../access/tokens.js';
import { hashSecret, newSecret } from '../access/secrets.js';

// sessions is created by migration 004_panel; its row type lives with the
// only code that uses it.
interface SessionTable {
  id_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

/** A session ends after this long without a request (sliding). */
export const SESSION_IDLE_MS = 12 * 3600_000;
/** The expiry is pushed forward at most this often, not on every request. */
const EXTEND_EVERY_MS = 60_000;

export interface SessionPrincipal extends Principal {
  userId: string;
  username: string;
  displayName: string;
  csrfToken: string;
}

export function csrfTokenFor(sessionId: string): string {
  return crypto.createHash('sha256').update(`loa-csrf\0${sessionId}`).digest('base64url');
}

export class SessionService {
  private readonly db;

  constructor(db: Db) {
    this.db = db.withTables<{ sessions: SessionTable }>();
  }

  async create(userId: string): Promise<{ id: string; csrfToken: string }> {
    const id = newSecret(32);
    const now = Date.now();
    await this.db
      .insertInto('sessions')
      .values({ id_hash: hashSecret(id), user_id: userId, created_at: new Date(now).toISOString(), expires_at: new Date(now + SESSION_IDLE_MS).toISOString() })
      .execute();
    // Opportunistic clean-up keeps the table small without a timer.
    await this.db.deleteFrom('sessions').where('expires_at', '<', new Date(now).toISOString()).execute();
    return { id, csrfToken: csrfTokenFor(id) };
  }

  async resolve(id: string): Promise<SessionPrincipal | null> {
    const idHash = hashSecret(id);
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.expires_at', 'users.id', 'users.username', 'users.display_name', 'users.role', 'users.zone_id'])
      .where('sessions.id_hash', '=', idHash)
      .executeTakeFirst();
    const now = Date.now();
    if (!row || Date.parse(row.expires_at) <= now) return null;
    if (Date.parse(row.expires_at) - now < SESSION_IDLE_MS - EXTEND_EVERY_MS) {
      await this.db.updateTable('sessions').set({ expires_at: new Date(now + SESSION_IDLE_MS).toISOString() }).where('id_hash', '=', idHash).execute();
    }
    return {
      actor: `user:${row.username}`,
      role: row.role as Role,
      userId: row.id,
      zoneId: row.zone_id,
      username: row.username,
      displayName: row.display_name,
      csrfToken: csrfTokenFor(id),
    };
  }

  async revoke(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', hashSecret(id)).execute();
  }

  /** Signs a person out everywhere (password or role changed), except the session making the change. */
  async revokeUser(userId: string, keepId?: string): Promise<void> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepId) q = q.where('id_hash', '!=', hashSecret(keepId));
    await q.execute();
  }
}
