// Append-only record of who did what: approvals, emergencies, provisioning,
// every change with before/after. Each entry carries the actor's scope and
// the zone it concerns, so a commune's chairman reads his commune's entries
// and nobody else's.
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import type { Principal } from './tokens.js';

interface AuditContext {
  /** The zone the change concerns; omitted: the actor's own scope. null: system-wide. */
  zoneId?: string | null;
  before?: unknown;
  after?: unknown;
}

interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  /** The actor's scope when it acted (null: whole system). */
  scopeZoneId: string | null;
  zoneId: string | null;
  action: string;
  subject: string | null;
  details: unknown;
  before: unknown;
  after: unknown;
}

interface AuditFilter {
  /** Only entries about these zones (the reader's scope); null: all. */
  zoneIds: Set<string> | null;
  actor?: string;
  /** An action or its prefix ("broadcast." for every broadcast action). */
  action?: string;
  /** ISO instants, from inclusive, to exclusive. */
  from?: string;
  to?: string;
  /** Entries before this id (paging, newest first). */
  before?: number;
  limit: number;
}

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));
const parse = (s: string | null): unknown => (s ? JSON.parse(s) : null);

export class AuditLog {
  constructor(private readonly db: Db) {}

  /** `who` is the caller (its scope is recorded) or, for the server's own doings, a name such as "system". */
  async record(who: string | Principal, action: string, subject: string | null, details?: object, ctx: AuditContext = {}): Promise<void> {
    const actor = typeof who === 'string' ? who : who.actor;
    const scopeZoneId = typeof who === 'string' ? null : who.zoneId;
    await this.db
      .insertInto('audit_log')
      .values({
        at: nowIso(),
        actor,
        action,
        subject,
        details_json: details ? JSON.stringify(details) : null,
        scope_zone_id: scopeZoneId,
        zone_id: ctx.zoneId !== undefined ? ctx.zoneId : scopeZoneId,
        before_json: json(ctx.before),
        after_json: json(ctx.after),
      })
      .execute();
  }

  async list(filter: AuditFilter | number = 100): Promise<AuditEntry[]> {
    const f: AuditFilter = typeof filter === 'number' ? { zoneIds: null, limit: filter } : filter;
    if (f.zoneIds !== null && f.zoneIds.size === 0) return [];
    let q = this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(f.limit);
    if (f.zoneIds !== null) q = q.where('zone_id', 'in', [...f.zoneIds]);
    if (f.actor) q = q.where('actor', '=', f.actor);
    if (f.action) q = f.action.endsWith('.') ? q.where('action', 'like', `${f.action}%`) : q.where('action', '=', f.action);
    if (f.from) q = q.where('at', '>=', f.from);
    if (f.to) q = q.where('at', '<', f.to);
    if (f.before !== undefined) q = q.where('id', '<', f.before);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      actor: r.actor,
      scopeZoneId: r.scope_zone_id,
      zoneId: r.zone_id,
      action: r.action,
      subject: r.subject,
      details: parse(r.details_json),
      before: parse(r.before_json),
      after: parse(r.after_json),
    }));
  }
}
