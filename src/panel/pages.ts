// The panel's pages and who may open them. Each page is a server route that
// checks the role before the page is sent, like every API route does.
import type { Permission } from '../access/roles.js';
import type { Role } from '../db/schema.js';

export interface PanelPage {
  /** Path prefix: '/officer' also covers '/officer/calendar'. */
  path: string;
  permission: Permission;
}

export const PAGES: readonly PanelPage[] = [
  { path: '/officer', permission: 'panel:officer' },
  { path: '/chairman', permission: 'panel:chairman' },
  { path: '/technician', permission: 'panel:technician' },
  // Coverage of each broadcast: for those who send and approve them.
  { path: '/broadcasts', permission: 'reports:read' },
  // Bulletins from above: sent and followed by districts and provinces, placed or declined by communes.
  { path: '/bulletins', permission: 'reports:read' },
  { path: '/reports', permission: 'reports:read' },
  { path: '/emergency', permission: 'broadcasts:emergency' },
  { path: '/live', permission: 'live:start' },
  { path: '/users', permission: 'users:manage' },
  // The audit log of one's own scope.
  { path: '/audit', permission: 'audit:read' },
  { path: '/setup', permission: 'panel:setup' },
  // Saved schedules, opened from the calendar or the list: read, changed, withdrawn, cancelled.
  { path: '/schedules', permission: 'reports:read' },
  // The commune's settings: admins edit them, the other roles read them.
  { path: '/settings', permission: 'system:read' },
];

const HOME: Record<Role, string> = { admin: '/users', officer: '/officer', chairman: '/chairman', technician: '/technician' };

export function homeOf(role: Role): string {
  return HOME[role];
}
