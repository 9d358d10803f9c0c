// Who may do what. Every route names one permission; the server checks it
// against the caller's role (the panel hides what a role may not do, but the
// server is what enforces it).
import type { Role } from '../db/schema.js';

export const ROLES: readonly Role[] = ['admin', 'officer', 'chairman', 'technician'];

const ALL = ROLES;
const PERMISSIONS = {
  'zones:read': ALL,
  'zones:write': ['admin', 'technician'],
  // When a hamlet hears nothing is the commune's decision, not a technician's.
  'zones:quiet-hours': ['admin', 'chairman'],
  'receivers:read': ALL,
  'receivers:write': ['admin', 'technician'],
  'receivers:command': ['admin', 'technician'],
  'broadcasts:read': ALL,
  'broadcasts:create': ['admin', 'officer', 'chairman'],
  'broadcasts:approve': ['admin', 'chairman'],
  'broadcasts:emergency': ['admin', 'officer', 'chairman'],
  // Speaking live needs no chairman's approval: the officer is at the microphone now (docs/live.md).
  'live:start': ['admin', 'officer', 'chairman'],
  'media:read': ALL,
  'media:upload': ['admin', 'officer', 'chairman'],
  'speech:render': ['admin', 'officer', 'chairman'],
  'lexicon:write': ['admin', 'officer'],
  'schedules:write': ['admin', 'officer', 'chairman'],
  'reports:read': ['admin', 'officer', 'chairman'],
  'users:manage': ['admin'],
  // The greetings speak in the chairman's name.
  'templates:write': ['admin', 'chairman'],
  'audit:read': ['admin', 'chairman'],
  'system:read': ALL,
  // Panel pages that belong to one role's work (admin may open all).
  'panel:officer': ['admin', 'officer'],
  'panel:chairman': ['admin', 'chairman'],
  'panel:technician': ['admin', 'technician'],
  // Zones and receivers: the technician sets them up, the chairman keeps quiet hours.
  'panel:setup': ['admin', 'technician', 'chairman'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleMay(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** The roles a permission is given to (for the API description). */
export function rolesWith(permission: Permission): Role[] {
  return [...(PERMISSIONS[permission] as readonly Role[])];
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleMay(role, p));
}
