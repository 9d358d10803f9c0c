import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.js';
import { AuditLog } from '../../src/access/audit.js';
import { TokenService } from '../../src/access/tokens.js';
import type { MakeDb } from './harness.js';

export function tokenStoreSuite(makeDb: MakeDb): void {
  describe('API tokens', () => {
    let db: Db;
    let tokens: TokenService;
    beforeEach(async () => {
      db = await makeDb();
      tokens = new TokenService(db);
    });

    it('resolves a created token to its principal, stores only its hash, and counts as a number', async () => {
      const token = await tokens.create('Cán bộ VH-TT', 'officer');
      expect(await tokens.resolve(token)).toEqual({ actor: 'token:Cán bộ VH-TT', role: 'officer', userId: null, zoneId: null });
      expect(await tokens.resolve('loa_not-a-token')).toBeNull();
      const row = await db.selectFrom('api_tokens').selectAll().executeTakeFirstOrThrow();
      expect(row.token_hash).not.toContain(token);
      expect(row.last_used_at).toBeTruthy();
      // count(*) is a bigint on PostgreSQL: it must still come back as a number.
      expect(await tokens.count()).toBe(1);
    });

    it('ensures a given token exactly once', async () => {
      expect(await tokens.ensure('init-admin-token-0123456789', 'init-admin', 'admin')).toBe(true);
      expect(await tokens.ensure('init-admin-token-0123456789', 'init-admin', 'admin')).toBe(false);
      expect(await tokens.count()).toBe(1);
      expect((await tokens.resolve('init-admin-token-0123456789'))?.role).toBe('admin');
    });
  });
}

export function auditStoreSuite(makeDb: MakeDb): void {
  describe('audit log', () => {
    it('lists the newest first with details round-tripped, honouring the limit', async () => {
      const audit = new AuditLog(await makeDb());
      await audit.record('token:admin', 'receiver.create', 'rx-001', { zoneId: 'thon-1', lat: 21.03 });
      await audit.record('user:chutich', 'broadcast.approve', 'b-1');
      await audit.record('token:admin', 'receiver.rotate-secret', 'rx-001', { note: 'mất máy, cấp lại' });
      const all = await audit.list();
      expect(all.map((e) => e.action)).toEqual(['receiver.rotate-secret', 'broadcast.approve', 'receiver.create']);
      expect(all[2]).toMatchObject({ actor: 'token:admin', subject: 'rx-001', details: { zoneId: 'thon-1', lat: 21.03 } });
      expect(all[1]!.details).toBeNull();
      expect(all[0]!.details).toEqual({ note: 'mất máy, cấp lại' });
      expect(await audit.list(1)).toHaveLength(1);
    });
  });
}
