// Append-only record of who did what: approvals, emergencies, provisioning.
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';

export class AuditLog {
  constructor(private readonly db: Db) {}

  async record(actor: string, action: string, subject: string | null, details?: object): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({ at: nowIso(), actor, action, subject, details_json: details ? JSON.stringify(details) : null })
      .execute();
  }

  async list(limit = 100): Promise<{ at: string; actor: string; action: string; subject: string | null; details: unknown }[]> {
    const rows = await this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ at: r.at, actor: r.actor, action: r.action, subject: r.subject, details: r.details_json ? JSON.parse(r.details_json) : null }));
  }
}
