// Live sessions in the database: where each one's audio comes from, its
// state, and the recording kept when it ends.
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import type { LiveSessionRow, LiveState } from '../db/schema.js';

export class LiveStore {
  constructor(private readonly db: Db) {}

  async insert(row: LiveSessionRow): Promise<void> {
    await this.db.insertInto('live_sessions').values(row).execute();
  }

  get(id: string): Promise<LiveSessionRow | undefined> {
    return this.db.selectFrom('live_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byBroadcast(broadcastId: string): Promise<LiveSessionRow | undefined> {
    return this.db.selectFrom('live_sessions').selectAll().where('broadcast_id', '=', broadcastId).executeTakeFirst();
  }

  async onAir(id: string, at: string): Promise<void> {
    await this.db.updateTable('live_sessions').set({ state: 'on_air', started_at: at }).where('id', '=', id).where('state', '=', 'waiting').execute();
  }

  /** waiting/on_air → ended or failed, once. */
  async end(id: string, state: Extract<LiveState, 'ended' | 'failed'>, error: string | null): Promise<boolean> {
    const res = await this.db
      .updateTable('live_sessions')
      .set({ state, ended_at: nowIso(), error })
      .where('id', '=', id)
      .where('state', 'in', ['waiting', 'on_air'])
      .executeTakeFirst();
    return res.numUpdatedRows > 0n;
  }

  async setRecording(id: string, sha256: string | null, error?: string): Promise<void> {
    await this.db
      .updateTable('live_sessions')
      .set({ recording_sha256: sha256, ...(error !== undefined && { error }) })
      .where('id', '=', id)
      .execute();
  }

  /** Sessions a previous run left open: their audio died with it. */
  async closeOrphans(): Promise<LiveSessionRow[]> {
    const open = await this.db.selectFrom('live_sessions').selectAll().where('state', 'in', ['waiting', 'on_air']).execute();
    for (const s of open) await this.end(s.id, 'failed', 'máy chủ khởi động lại trong khi phát (the server restarted during the session)');
    return open;
  }
}
