// Uploads and recordings belong to the scope of whoever made them: a commune
// can air its own and what a wider scope shared down to it, never another
// commune's recording. Speech renders and bundled audio have no owner: their
// content comes from text anyone in scope could have typed.
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import { AppError } from '../errors.js';
import type { Scope, ScopeAccess } from './scope.js';

interface MediaOwnerTable {
  sha256: string;
  /** The uploader's scope zone; '*' for the whole system. */
  zone_key: string;
  created_at: string;
}

const WHOLE = '*';
/** The owner of a deleted zone's upload that is still in use: a key no zone id can take ('~' is outside ZONE_ID_PATTERN), so no zone made later inherits it. */
const gone = (zoneId: string) => `~${zoneId}`.slice(0, 64);

export class MediaOwners {
  private readonly db;

  constructor(
    db: Db,
    private readonly scopes: ScopeAccess,
  ) {
    this.db = db.withTables<{ media_owners: MediaOwnerTable }>();
  }

  async record(scope: Scope, sha256: string): Promise<void> {
    await this.db
      .insertInto('media_owners')
      .values({ sha256, zone_key: scope.zoneId ?? WHOLE, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['sha256', 'zone_key']).doNothing())
      .execute();
  }

  /**
   * The zone is gone: its ownership goes, and each of its uploads that no
   * other scope owns is offered to `removeIfUnused` (the media store removes
   * the file and row unless a broadcast, schedule, bulletin or recording
   * uses it). One still in use is kept, as the history keeps it, owned by
   * the deleted zone under a key no zone can take: unowned, any commune could
   * air it, and under the old id a zone made later with that id would own it.
   * Returns the sha256s removed.
   */
  async forgetZone(zoneId: string, removeIfUnused: (sha256: string) => Promise<boolean>): Promise<string[]> {
    const owned = (await this.db.selectFrom('media_owners').select('sha256').where('zone_key', '=', zoneId).execute()).map((r) => r.sha256);
    const removed: string[] = [];
    for (const sha256 of owned) {
      const others = await this.db.selectFrom('media_owners').select('zone_key').where('sha256', '=', sha256).where('zone_key', '!=', zoneId).limit(1).executeTakeFirst();
      if (!others && !(await removeIfUnused(sha256))) {
        await this.db.updateTable('media_owners').set({ zone_key: gone(zoneId) }).where('sha256', '=', sha256).where('zone_key', '=', zoneId).execute();
        continue;
      }
      await this.db.deleteFrom('media_owners').where('sha256', '=', sha256).where('zone_key', '=', zoneId).execute();
      if (!others) removed.push(sha256);
    }
    return removed;
  }

  /** 403 unless the media is unowned, shared system-wide, or uploaded in or above the caller's scope. */
  async requireUsable(scope: Scope, sha256: string): Promise<void> {
    if (scope.zoneId === null) return;
    const owners = (await this.db.selectFrom('media_owners').select('zone_key').where('sha256', '=', sha256).execute()).map((r) => r.zone_key);
    if (owners.length === 0 || owners.includes(WHOLE)) return;
    if (await this.scopes.reaches(scope, owners, [])) return;
    throw new AppError('Tệp âm thanh này thuộc khu vực khác (the media was uploaded outside your scope)', 403, 'out_of_scope', { mediaSha256: sha256 });
  }
}
