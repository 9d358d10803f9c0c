// Settings an admin can change at run time, kept in the database so every
// instance sees the same. A province server holds many communes: each zone
// may set its own values (zone_settings), inherited down the tree; what no
// zone sets comes from the server-wide row (settings, key "commune.*"), then
// the defaults.
import type { Db } from './db/index.js';

interface QuietHours {
  from: string;
  to: string;
}

export interface CommuneSettings {
  /** Let an officer's normal items air without the chairman's approval. */
  waiveApprovalForNormal: boolean;
  /** What saving an item that overlaps another in a zone does. */
  conflictMode: 'warn' | 'block';
  communeName: string;
  chairmanTitle: string;
  chairmanName: string;
  /** The voice speech uses when an item names none ('' = the server's VOICE). */
  defaultVoice: string;
  /** Quiet hours a new hamlet of the commune starts with (null: none). */
  defaultQuietHours: QuietHours | null;
  /** When the technician is alerted: offline this long, or this many missed broadcasts in a row. */
  alertOfflineMinutes: number;
  alertFailStreak: number;
  /** Who gets the alerts of receivers here by e-mail (empty: nobody, or the server's ALERT_EMAIL_TO when no zone sets it). */
  alertEmails: string[];
  /** Where the alerts of receivers here are posted ('' = none, or the server's ALERT_WEBHOOK_URL when no zone sets it). */
  alertWebhookUrl: string;
}

export const DEFAULT_SETTINGS: CommuneSettings = {
  waiveApprovalForNormal: false,
  conflictMode: 'warn',
  communeName: 'Xã Bình Minh',
  chairmanTitle: 'Chủ tịch Ủy ban nhân dân xã',
  chairmanName: '',
  defaultVoice: '',
  defaultQuietHours: null,
  alertOfflineMinutes: 10,
  alertFailStreak: 3,
  alertEmails: [],
  alertWebhookUrl: '',
};

/** The zone tree as settings need it: a zone and its ancestors, nearest first. */
interface ZoneLineage {
  lineage(zoneId: string): Promise<string[]>;
}

interface ZoneSettingsTable {
  zone_id: string;
  key: string;
  value: string;
}

export class SettingsService {
  private readonly db;

  constructor(
    db: Db,
    private readonly zones?: ZoneLineage,
    /** The server's own defaults (ALERT_OFFLINE_MIN, ALERT_FAIL_STREAK, ALERT_EMAIL_TO, ALERT_WEBHOOK_URL) in place of the built-in ones. */
    private readonly defaults: Partial<CommuneSettings> = {},
  ) {
    this.db = db.withTables<{ zone_settings: ZoneSettingsTable }>();
  }

  /** The settings that hold in a zone (null or omitted: server-wide). */
  async get(zoneId: string | null = null): Promise<CommuneSettings> {
    return (await this.getMany(zoneId ? [zoneId] : [])).get(zoneId ?? '')!;
  }

  /** The settings that hold in each of these zones, read at once (a fleet's alerts); '' holds the server-wide ones. */
  async getMany(zoneIds: readonly string[]): Promise<Map<string, CommuneSettings>> {
    const rows = await this.db.selectFrom('settings').selectAll().where('key', 'like', 'commune.%').execute();
    const server: Record<string, unknown> = { ...DEFAULT_SETTINGS, ...this.defaults, ...Object.fromEntries(rows.map((r) => [r.key.slice('commune.'.length), JSON.parse(r.value)])) };
    const out = new Map<string, CommuneSettings>([['', server as unknown as CommuneSettings]]);
    if (!zoneIds.length || !this.zones) return out;
    const lineages = new Map<string, string[]>();
    for (const z of zoneIds) lineages.set(z, await this.zones.lineage(z));
    const all = [...new Set([...lineages.values()].flat())];
    const own = all.length ? await this.db.selectFrom('zone_settings').selectAll().where('zone_id', 'in', all).execute() : [];
    for (const [zoneId, lineage] of lineages) {
      const merged = { ...server };
      // Root first, so the nearest zone's value wins.
      for (const z of [...lineage].reverse()) for (const r of own) if (r.zone_id === z) merged[r.key] = JSON.parse(r.value);
      out.set(zoneId, merged as unknown as CommuneSettings);
    }
    return out;
  }

  /** What a zone sets itself (not inherited). */
  async own(zoneId: string): Promise<Partial<CommuneSettings>> {
    const rows = await this.db.selectFrom('zone_settings').selectAll().where('zone_id', '=', zoneId).execute();
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]));
  }

  /** The zone whose own value of `key` holds in a zone: itself or the nearest above that sets it; null: the server-wide value (or the default). */
  async setBy(key: keyof CommuneSettings, zoneId: string | null): Promise<string | null> {
    if (!zoneId || !this.zones) return null;
    const lineage = await this.zones.lineage(zoneId);
    const rows = await this.db.selectFrom('zone_settings').select('zone_id').where('key', '=', key).where('zone_id', 'in', [...lineage, '']).execute();
    return lineage.find((z) => rows.some((r) => r.zone_id === z)) ?? null;
  }

  /** Writes server-wide (zoneId null or omitted) or for one zone and the zones below it. */
  async update(patch: Partial<CommuneSettings>, zoneId: string | null = null): Promise<CommuneSettings> {
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      const value = JSON.stringify(v);
      if (zoneId) {
        await this.db
          .insertInto('zone_settings')
          .values({ zone_id: zoneId, key: k, value })
          .onConflict((oc) => oc.columns(['zone_id', 'key']).doUpdateSet({ value }))
          .execute();
      } else {
        const key = `commune.${k}`;
        await this.db
          .insertInto('settings')
          .values({ key, value })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
          .execute();
      }
    }
    return this.get(zoneId);
  }

  /** Drops what a zone (or, with none, the server) sets itself, so it follows the zone above (or the defaults) again. */
  async inherit(keys: readonly (keyof CommuneSettings)[], zoneId: string | null = null): Promise<CommuneSettings> {
    if (keys.length && zoneId) await this.db.deleteFrom('zone_settings').where('zone_id', '=', zoneId).where('key', 'in', [...keys]).execute();
    if (keys.length && !zoneId) await this.db.deleteFrom('settings').where('key', 'in', keys.map((k) => `commune.${k}`)).execute();
    return this.get(zoneId);
  }
}

/**
 * A webhook URL often carries its own secret (a Telegram or Zalo bot token in
 * the path or query), and the server-wide one comes from ALERT_WEBHOOK_URL:
 * read whole only by an admin over the zone that set it, to everyone else
 * its origin alone ("https://api.telegram.org/…": a webhook is set, and where).
 */
export function redactWebhookUrl(url: string): string {
  if (!url) return url;
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '…';
  }
}
