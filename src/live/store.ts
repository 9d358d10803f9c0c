// Live sessions in the database: where each one's audio comes from, its
// state, and the recording kept when it ends.
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import type { LiveSessionRow, LiveState } from '../db/schema.js';

/** Why a session whose instance died (crash, restart) failed: its error, and its broadcast's deliveries under way. */
export const ORPHANED = 'máy chủ giữ buổi phát đã dừng (the server holding the session stopped)';

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

  /** Open sessions whose instance stopped touching them before `staleBefore`: their audio died with it. */
  async closeOrphans(staleBefore: string, except: ReadonlySet<string>): Promise<LiveSessionRow[]> {
    const open = await this.db
      .selectFrom('live_sessions')
      .selectAll()
      .where('state', 'in', ['waiting', 'on_air'])
      .where((eb) => eb.or([eb('alive_at', 'is', null), eb('alive_at', '<', staleBefore)]))
      .execute();
    const closed: LiveSessionRow[] = [];
    for (const s of open) {
      if (except.has(s.id)) continue;
      if (await this.end(s.id, 'failed', ORPHANED)) closed.push(s);
    }
    return closed;
  }

  async touch(ids: readonly string[], at: string): Promise<void> {
    if (ids.length) await this.db.updateTable('live_sessions').set({ alive_at: at }).where('id', 'in', [...ids]).execute();
  }

  /** Another instance asks the one running the session to stop it. */
  async requestStop(id: string, actor: string): Promise<void> {
    await this.db.updateTable('live_sessions').set({ stop_requested_by: actor }).where('id', '=', id).where('state', 'in', ['waiting', 'on_air']).execute();
  }

  /** Of these sessions, the ones somebody asked to stop, and who. */
  async stopRequests(ids: readonly string[]): Promise<Array<{ id: string; by: string }>> {
    if (!ids.length) return [];
    const rows = await this.db.selectFrom('live_sessions').select(['id', 'stop_requested_by']).where('id', 'in', [...ids]).where('stop_requested_by', 'is not', null).execute();
    return rows.map((r) => ({ id: r.id, by: r.stop_requested_by! }));
  }
}
