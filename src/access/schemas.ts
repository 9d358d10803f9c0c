// What the audit route answers (src/access/routes.ts, src/access/audit.ts).
import { z } from 'zod';
import { component } from '../http/openapi.js';
import { isoTime } from '../http/schemas.js';

/** One entry of the audit log; details, before and after are whatever the action recorded (null: nothing). */
export const auditEntrySchema = component('AuditEntry', z.object({
  id: z.int().min(1),
  at: isoTime,
  actor: z.string(),
  /** The actor's scope when it acted (null: whole system). */
  scopeZoneId: z.string().nullable(),
  /** The zone the change concerns (null: system-wide). */
  zoneId: z.string().nullable(),
  action: z.string(),
  subject: z.string().nullable(),
  details: z.unknown(),
  before: z.unknown(),
  after: z.unknown(),
}));
