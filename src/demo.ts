// First run: a demo commune so a newcomer hears the whole path in minutes.
// Xã Bình Minh is the commune of seed plan 003 ("Chính quyền thân thiện"
// 2026–2030); its hamlets carry the kinds of names communes use.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { RunningServer } from './app.js';
import type { Role } from './db/schema.js';
import { newSecret } from './access/secrets.js';

export const DEMO_COMMUNE = { id: 'xa-binh-minh', name: 'Xã Bình Minh' };
// Made-up coordinates a kilometre or so apart, so the technician's plan of
// the commune has something to draw.
export const DEMO_HAMLETS = [
  { id: 'thon-dong', name: 'Thôn Đông', lat: 21.012, lon: 105.842 },
  { id: 'thon-tay', name: 'Thôn Tây', lat: 21.01, lon: 105.818 },
  { id: 'xom-bac', name: 'Xóm Bắc', lat: 21.024, lon: 105.83 },
  { id: 'ap-my-hoa', name: 'Ấp Mỹ Hòa', lat: 20.998, lon: 105.832 },
];
/** One panel account per role, so each person's view can be tried at once. */
export const DEMO_USERS: { username: string; displayName: string; role: Role }[] = [
  { username: 'admin', displayName: 'Quản trị hệ thống', role: 'admin' },
  { username: 'canbo', displayName: 'Cán bộ văn hóa – thông tin', role: 'officer' },
  { username: 'chutich', displayName: 'Chủ tịch UBND xã', role: 'chairman' },
  { username: 'kythuat', displayName: 'Kỹ thuật viên', role: 'technician' },
];
const RECEIVERS_PER_HAMLET = 2;

export interface DemoResult {
  /** Holds the admin API token (0600). */
  adminTokenFile: string;
  receiversFile: string;
  /** Accounts created now; their passwords are only in usersFile (0600). */
  users: { username: string; role: Role }[];
  usersFile: string;
}

/** Seeds the demo commune when the database has no zones yet; returns null otherwise. */
export async function seedDemo(server: RunningServer): Promise<DemoResult | null> {
  if ((await server.zones.list()).length > 0) return null;
  await server.zones.create({ ...DEMO_COMMUNE, kind: 'commune' });
  const credentials: { id: string; secret: string; mqttUrl: string }[] = [];
  for (const h of DEMO_HAMLETS) {
    await server.zones.create({ id: h.id, name: h.name, parentId: DEMO_COMMUNE.id, kind: 'hamlet' });
    for (let i = 1; i <= RECEIVERS_PER_HAMLET; i++) {
      const { receiver, secret } = await server.receivers.create({
        id: `${h.id}-loa-${i}`,
        name: `${h.name} – cụm loa ${i}`,
        zoneId: h.id,
        lat: h.lat + (i - 1.5) * 0.002,
        lon: h.lon + (i - 1.5) * 0.003,
      });
      credentials.push({ id: receiver.id, secret, mqttUrl: server.mqttUrl });
    }
  }
  const dataDir = server.config.dataDir;
  const receiversFile = path.join(dataDir, 'demo-receivers.json');
  await writeSecret(receiversFile, JSON.stringify(credentials, null, 2) + '\n');
  const adminToken = await server.tokens.create('demo-admin', 'admin');
  const adminTokenFile = path.join(dataDir, 'admin-token.txt');
  await writeSecret(adminTokenFile, adminToken + '\n');
  const users: (DemoResult['users'][number] & { password: string })[] = [];
  const existing = new Set((await server.users.list()).map((u) => u.username));
  for (const u of DEMO_USERS) {
    // LOA_INIT_ADMIN_PASSWORD may have made "admin" already.
    if (existing.has(u.username)) continue;
    const password = newSecret(9);
    await server.users.create({ ...u, password });
    users.push({ username: u.username, role: u.role, password });
  }
  const usersFile = path.join(dataDir, 'demo-users.txt');
  await writeSecret(usersFile, users.map((u) => `${u.username}\t${u.role}\t${u.password}`).join('\n') + '\n');
  return { adminTokenFile, receiversFile, users: users.map(({ username, role }) => ({ username, role })), usersFile };
}

/** Owner-only, also when a file of that name was left by an earlier run with other permissions. */
async function writeSecret(file: string, content: string): Promise<void> {
  await fs.writeFile(file, content, { mode: 0o600 });
  await fs.chmod(file, 0o600);
}
