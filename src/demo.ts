// First run: a demo district of two communes, so a newcomer hears the whole
// path in minutes and sees where one commune's boundary lies. Xã Bình Minh
// is the commune of seed plan 003 ("Chính quyền thân thiện" 2026–2030), Xã
// Yên Phong (Huyện Ý Yên) that of seed plan 001; their hamlets carry the
// kinds of names communes use.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { RunningServer } from './app.js';
import type { Role } from './db/schema.js';
import { newSecret } from './access/secrets.js';

export const DEMO_DISTRICT = { id: 'huyen-y-yen', name: 'Huyện Ý Yên' };
export const DEMO_COMMUNE = { id: 'xa-binh-minh', name: 'Xã Bình Minh' };
// Made-up coordinates a kilometre or so apart, so the technician's plan of
// the commune has something to draw.
export const DEMO_HAMLETS = [
  { id: 'thon-dong', name: 'Thôn Đông', lat: 21.012, lon: 105.842 },
  { id: 'thon-tay', name: 'Thôn Tây', lat: 21.01, lon: 105.818 },
  { id: 'xom-bac', name: 'Xóm Bắc', lat: 21.024, lon: 105.83 },
  { id: 'ap-my-hoa', name: 'Ấp Mỹ Hòa', lat: 20.998, lon: 105.832 },
];
/** The second commune, in the same district. */
export const DEMO_COMMUNE_B = { id: 'xa-yen-phong', name: 'Xã Yên Phong' };
export const DEMO_HAMLETS_B = [
  { id: 'thon-phong-lac', name: 'Thôn Phong Lạc', lat: 20.33, lon: 106.02 },
  { id: 'thon-dong-lac', name: 'Thôn Đồng Lạc', lat: 20.326, lon: 106.03 },
  { id: 'xom-trai', name: 'Xóm Trại', lat: 20.336, lon: 106.025 },
];
/** Per commune: its name and chairman as the greetings say them. */
const DEMO_SETTINGS = [
  { zoneId: DEMO_COMMUNE.id, communeName: 'Xã Bình Minh', chairmanName: 'Nguyễn Văn An' },
  { zoneId: DEMO_COMMUNE_B.id, communeName: 'Xã Yên Phong', chairmanName: 'Trần Thị Bình' },
];
/**
 * A whole-system admin, then one account per role in each commune (scoped
 * to it), so each person's view, and its boundary, can be tried at once.
 */
export const DEMO_USERS: { username: string; displayName: string; role: Role; zoneId: string | null }[] = [
  { username: 'admin', displayName: 'Quản trị hệ thống', role: 'admin', zoneId: null },
  { username: 'canbo', displayName: 'Cán bộ văn hóa – thông tin xã Bình Minh', role: 'officer', zoneId: DEMO_COMMUNE.id },
  { username: 'chutich', displayName: 'Chủ tịch UBND xã Bình Minh', role: 'chairman', zoneId: DEMO_COMMUNE.id },
  { username: 'kythuat', displayName: 'Kỹ thuật viên xã Bình Minh', role: 'technician', zoneId: DEMO_COMMUNE.id },
  { username: 'quantri', displayName: 'Quản trị xã Bình Minh', role: 'admin', zoneId: DEMO_COMMUNE.id },
  { username: 'canbo.yp', displayName: 'Cán bộ văn hóa – thông tin xã Yên Phong', role: 'officer', zoneId: DEMO_COMMUNE_B.id },
  { username: 'chutich.yp', displayName: 'Chủ tịch UBND xã Yên Phong', role: 'chairman', zoneId: DEMO_COMMUNE_B.id },
  { username: 'kythuat.yp', displayName: 'Kỹ thuật viên xã Yên Phong', role: 'technician', zoneId: DEMO_COMMUNE_B.id },
  { username: 'quantri.yp', displayName: 'Quản trị xã Yên Phong', role: 'admin', zoneId: DEMO_COMMUNE_B.id },
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

/** Seeds the demo district when the database has no zones yet; returns null otherwise. */
export async function seedDemo(server: RunningServer): Promise<DemoResult | null> {
  if ((await server.zones.list()).length > 0) return null;
  await server.zones.create({ ...DEMO_DISTRICT, kind: 'district' });
  const credentials: { id: string; secret: string; mqttUrl: string }[] = [];
  const communes = [
    { ...DEMO_COMMUNE, hamlets: DEMO_HAMLETS },
    { ...DEMO_COMMUNE_B, hamlets: DEMO_HAMLETS_B },
  ];
  for (const c of communes) await server.zones.create({ id: c.id, name: c.name, parentId: DEMO_DISTRICT.id, kind: 'commune' });
  for (const s of DEMO_SETTINGS) await server.settings.update({ communeName: s.communeName, chairmanName: s.chairmanName }, s.zoneId);
  for (const h of communes.flatMap((c) => c.hamlets.map((h) => ({ ...h, communeId: c.id })))) {
    await server.zones.create({ id: h.id, name: h.name, parentId: h.communeId, kind: 'hamlet' });
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
