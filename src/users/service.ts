// People who sign in to the control panel: one account per officer, chairman
// and technician, passwords hashed with Argon2id.
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import type { Role } from '../db/schema.js';
import { AppError } from '../errors.js';

export const MIN_PASSWORD_LENGTH = 8;
export const USERNAME_PATTERN = /^[a-z0-9._-]{2,64}$/;

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** Scope: the zone whose subtree the person works in; null = the whole system. */
  zoneId: string | null;
  createdAt: string;
}

type UserRow = { id: string; username: string; display_name: string; role: Role; password_hash: string | null; created_at: string; zone_id: string | null };

const toView = (u: UserRow): UserView => ({ id: u.id, username: u.username, displayName: u.display_name, role: u.role, zoneId: u.zone_id, createdAt: u.created_at });

// Verified when the username is unknown, so a wrong name takes as long as a
// wrong password and response times do not reveal which accounts exist.
const DUMMY_HASH = hash('loa-lang-no-such-user');

export class UserService {
  constructor(private readonly db: Db) {}

  /** Accounts whose scope lies in these zones (null: every account). */
  async list(zoneIds: Set<string> | null = null): Promise<UserView[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('username').execute();
    return rows.filter((u) => zoneIds === null || (u.zone_id !== null && zoneIds.has(u.zone_id))).map(toView);
  }

  async get(id: string): Promise<UserView | undefined> {
    const u = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return u && toView(u);
  }

  async require(id: string): Promise<UserView> {
    const u = await this.get(id);
    if (!u) throw new AppError(`Không có tài khoản ${id} (no such user)`, 404, 'not_found');
    return u;
  }

  async create(input: { username: string; displayName?: string; role: Role; password: string; zoneId?: string | null }): Promise<UserView> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME_PATTERN.test(username)) throw new AppError('Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch (username: a-z 0-9 . _ -, 2–64)', 400, 'invalid_request');
    checkPassword(input.password);
    const exists = await this.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
    if (exists) throw new AppError(`Tên đăng nhập "${username}" đã có (username taken)`, 409, 'conflict');
    const row: UserRow = {
      id: crypto.randomUUID(),
      username,
      display_name: input.displayName?.trim() || username,
      role: input.role,
      password_hash: await hash(input.password),
      created_at: nowIso(),
      zone_id: input.zoneId ?? null,
    };
    await this.db.insertInto('users').values(row).execute();
    return toView(row);
  }

  async update(id: string, patch: { displayName?: string; role?: Role; password?: string; zoneId?: string | null }): Promise<UserView> {
    const before = await this.require(id);
    if (patch.password !== undefined) checkPassword(patch.password);
    if (patch.role && patch.role !== 'admin' && before.role === 'admin') await this.keepOneAdmin(id);
    await this.db
      .updateTable('users')
      .set({
        ...(patch.displayName !== undefined && { display_name: patch.displayName.trim() || before.username }),
        ...(patch.role !== undefined && { role: patch.role }),
        ...(patch.zoneId !== undefined && { zone_id: patch.zoneId }),
        ...(patch.password !== undefined && { password_hash: await hash(patch.password) }),
      })
      .where('id', '=', id)
      .execute();
    return this.require(id);
  }

  async remove(id: string): Promise<void> {
    const user = await this.require(id);
    if (user.role === 'admin') await this.keepOneAdmin(id);
    await this.db.transaction().execute(async (tx) => {
      // Tokens issued to the person go with them.
      await tx.deleteFrom('api_tokens').where('user_id', '=', id).execute();
      await tx.deleteFrom('users').where('id', '=', id).execute();
    });
  }

  /** The user when the password matches, null otherwise (same cost either way). */
  async verifyLogin(username: string, password: string): Promise<UserView | null> {
    const u = await this.db.selectFrom('users').selectAll().where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
    if (!u?.password_hash) {
      await verify(await DUMMY_HASH, password).catch(() => false);
      return null;
    }
    return (await verify(u.password_hash, password).catch(() => false)) ? toView(u) : null;
  }

  /** LOA_INIT_ADMIN_PASSWORD: an "admin" account with this password, if there is no such account yet. */
  async ensureAdmin(password: string): Promise<boolean> {
    const exists = await this.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirst();
    if (exists) return false;
    await this.create({ username: 'admin', displayName: 'Quản trị', role: 'admin', password });
    return true;
  }

  private async keepOneAdmin(leaving: string): Promise<void> {
    const others = await this.db.selectFrom('users').select('id').where('role', '=', 'admin').where('id', '!=', leaving).executeTakeFirst();
    if (!others) throw new AppError('Phải còn ít nhất một tài khoản quản trị (the last admin cannot be removed or demoted)', 409, 'last_admin');
  }
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError(`Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự (password too short)`, 400, 'weak_password');
  }
}
