// First run: a demo commune so a newcomer hears the whole path in minutes.
// Xã Bình Minh is the commune of seed plan 003 ("Chính quyền thân thiện"
// 2026–2030); its hamlets carry the kinds of names communes use.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { RunningServer } from './app.js';

export const DEMO_COMMUNE = { id: 'xa-binh-minh', name: 'Xã Bình Minh' };
export const DEMO_HAMLETS = [
  { id: 'thon-dong', name: 'Thôn Đông' },
  { id: 'thon-tay', name: 'Thôn Tây' },
  { id: 'xom-bac', name: 'Xóm Bắc' },
  { id: 'ap-my-hoa', name: 'Ấp Mỹ Hòa' },
];
const RECEIVERS_PER_HAMLET = 2;

export interface DemoResult {
  adminToken: string;
  receiversFile: string;
}

/** Seeds the demo commune when the database has no zones yet; returns null otherwise. */
export async function seedDemo(server: RunningServer): Promise<DemoResult | null> {
  if ((await server.zones.list()).length > 0) return null;
  await server.zones.create({ ...DEMO_COMMUNE, kind: 'commune' });
  const credentials: { id: string; secret: string; mqttUrl: string }[] = [];
  for (const h of DEMO_HAMLETS) {
    await server.zones.create({ ...h, parentId: DEMO_COMMUNE.id, kind: 'hamlet' });
    for (let i = 1; i <= RECEIVERS_PER_HAMLET; i++) {
      const { receiver, secret } = await server.receivers.create({ id: `${h.id}-loa-${i}`, name: `${h.name} – cụm loa ${i}`, zoneId: h.id });
      credentials.push({ id: receiver.id, secret, mqttUrl: server.mqttUrl });
    }
  }
  const dataDir = server.config.dataDir;
  const receiversFile = path.join(dataDir, 'demo-receivers.json');
  await fs.writeFile(receiversFile, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  const adminToken = await server.tokens.create('demo-admin', 'admin');
  await fs.writeFile(path.join(dataDir, 'admin-token.txt'), adminToken + '\n', { mode: 0o600 });
  return { adminToken, receiversFile };
}
