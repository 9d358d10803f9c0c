// Commune-wide settings an admin can change at run time (kept in the database
// so every instance sees the same).
import type { Db } from './db/index.js';

export interface CommuneSettings {
  /** Let an officer's normal items air without the chairman's approval. */
  waiveApprovalForNormal: boolean;
  /** What saving an item that overlaps another in a zone does. */
  conflictMode: 'warn' | 'block';
  communeName: string;
  chairmanTitle: string;
  chairmanName: string;
  /** The voice speech uses when an item names none (an id or a failover chain; '' = LOA_VOICE). */
  defaultVoice: string;
}

export const DEFAULT_SETTINGS: CommuneSettings = {
  waiveApprovalForNormal: false,
  conflictMode: 'warn',
  communeName: 'Xã Bình Minh',
  chairmanTitle: 'Chủ tịch Ủy ban nhân dân xã',
  chairmanName: '',
  defaultVoice: '',
};

export class SettingsService {
  constructor(private readonly db: Db) {}

  async get(): Promise<CommuneSettings> {
    const rows = await this.db.selectFrom('settings').selectAll().where('key', 'like', 'commune.%').execute();
    const stored = Object.fromEntries(rows.map((r) => [r.key.slice('commune.'.length), JSON.parse(r.value)]));
    return { ...DEFAULT_SETTINGS, ...stored };
  }

  async update(patch: Partial<CommuneSettings>): Promise<CommuneSettings> {
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      const key = `commune.${k}`;
      const value = JSON.stringify(v);
      await this.db
        .insertInto('settings')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    }
    return this.get();
  }
}
