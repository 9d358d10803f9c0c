// Zones form a tree: (province → district →) commune → hamlet (thôn, xóm,
// ấp, tổ dân phố) → cluster.
// The tree is small and read on every receiver connect, so it is cached and
// reloaded after each change here. Changes made through other instances
// sharing the database: each HTTP request checks the zones' revision once
// (a request sent here right after a change there sees it), and outside
// requests the tree is read again every second, or at once when asked for a
// zone it does not hold.
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import type { Zone, ZoneKind } from '../db/schema.js';
import { AppError } from '../errors.js';
import { firstInRequest } from '../db/request-scope.js';

const CACHE_MS = 1_000;

/** What a zone created under a parent is, unless told. */
const CHILD_KIND: Record<ZoneKind, ZoneKind> = { province: 'district', district: 'commune', commune: 'hamlet', hamlet: 'cluster', cluster: 'cluster' };
/** Vietnamese order ("Thôn Đông" before "Thôn Tây", "Ấp" after "An"), numbers by value ("Thôn 2" before "Thôn 10"). */
export const viCollator = new Intl.Collator('vi', { numeric: true });

/** Each zone followed by the zones below it, siblings in Vietnamese order: every picker shows the tree as it is. */
function treeOrder(rows: Zone[]): Zone[] {
  const children = new Map<string | null, Zone[]>();
  const ids = new Set(rows.map((z) => z.id));
  for (const z of rows) {
    const parent = z.parent_id !== null && ids.has(z.parent_id) ? z.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), z]);
  }
  const out: Zone[] = [];
  const walk = (parent: string | null) => {
    for (const z of (children.get(parent) ?? []).sort((a, b) => viCollator.compare(a.name, b.name) || viCollator.compare(a.id, b.id))) {
      out.push(z);
      walk(z.id);
    }
  };
  walk(null);
  return out;
}

export class ZoneService {
  private cache: { at: number; revision: number; byId: Map<string, Zone> } | null = null;

  /** Told once a zone is gone (what it owned elsewhere goes with it: src/app.ts). */
  private readonly removedListeners: Array<(zoneId: string) => Promise<void>> = [];

  constructor(private readonly db: Db) {}

  onRemoved(listener: (zoneId: string) => Promise<void>): void {
    this.removedListeners.push(listener);
  }

  /** The tree, reloaded if stale, changed elsewhere, or lacking one of `ids`. */
  private async tree(ids: readonly (string | null | undefined)[] = []): Promise<Map<string, Zone>> {
    const cache = this.cache;
    let revision: number | undefined;
    if (cache && Date.now() - cache.at < CACHE_MS) {
      const missing = ids.filter((id): id is string => !!id && !cache.byId.has(id));
      if (firstInRequest('zones')) revision = await this.revision();
      const changed = revision !== undefined && revision !== cache.revision;
      // A made-up id costs one look-up by key, not a reload.
      if (!changed && (missing.length === 0 || !(await this.db.selectFrom('zones').select('id').where('id', 'in', missing).executeTakeFirst()))) return cache.byId;
    }
    // Read before the rows: a change in between makes the next request reload.
    revision ??= await this.revision();
    const rows = await this.db.selectFrom('zones').selectAll().execute();
    this.cache = { at: Date.now(), revision, byId: new Map(treeOrder(rows).map((z) => [z.id, z])) };
    return this.cache.byId;
  }

  private async revision(): Promise<number> {
    const row = await this.db.selectFrom('revisions').select('n').where('name', '=', 'zones').executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Every write bumps the revision, so that other instances reload. */
  private async changed(): Promise<void> {
    await this.db.updateTable('revisions').set((eb) => ({ n: eb('n', '+', 1) })).where('name', '=', 'zones').execute();
    this.cache = null;
  }

  async list(): Promise<Zone[]> {
    return [...(await this.tree()).values()];
  }

  async get(id: string): Promise<Zone | undefined> {
    return (await this.tree([id])).get(id);
  }

  async create(input: { id: string; name: string; parentId?: string | null; kind?: ZoneKind }): Promise<Zone> {
    const byId = await this.tree([input.id, input.parentId]);
    if (byId.has(input.id)) throw new AppError(`zone ${input.id} already exists`, 409);
    const parent = input.parentId ? byId.get(input.parentId) : undefined;
    if (input.parentId && !parent) throw new AppError(`parent zone ${input.parentId} does not exist`);
    const kind: ZoneKind = input.kind ?? (!parent ? 'commune' : CHILD_KIND[parent.kind]);
    const zone: Zone = {
      id: input.id,
      name: input.name,
      parent_id: parent?.id ?? null,
      kind,
      quiet_from: null,
      quiet_to: null,
      created_at: nowIso(),
    };
    await this.db.insertInto('zones').values(zone).execute();
    await this.changed();
    return zone;
  }

  /** Renames a zone or moves it (with everything below it) under another parent; never under itself. */
  async update(id: string, patch: { name?: string; parentId?: string | null }): Promise<Zone> {
    const byId = await this.tree([id, patch.parentId]);
    const zone = byId.get(id);
    if (!zone) throw new AppError(`zone ${id} does not exist`, 404);
    if (patch.parentId !== undefined && patch.parentId !== zone.parent_id) {
      if (patch.parentId !== null && !byId.has(patch.parentId)) throw new AppError(`parent zone ${patch.parentId} does not exist`);
      if (patch.parentId !== null && (await this.lineage(patch.parentId)).includes(id)) {
        throw new AppError(`zone ${id} cannot move under ${patch.parentId}: that is inside it`, 409);
      }
    }
    const set = { ...(patch.name !== undefined && { name: patch.name }), ...(patch.parentId !== undefined && { parent_id: patch.parentId }) };
    // Quiet hours alone come through here too: nothing of the zone's own to write then.
    if (Object.keys(set).length === 0) return zone;
    await this.db.updateTable('zones').set(set).where('id', '=', id).execute();
    await this.changed();
    return (await this.get(id))!;
  }

  /** Deletes a zone nothing depends on: no zones or receivers below it, no live schedule or pending broadcast aimed at it. */
  async remove(id: string): Promise<void> {
    const byId = await this.tree([id]);
    const zone = byId.get(id);
    if (!zone) throw new AppError(`zone ${id} does not exist`, 404);
    const children = [...byId.values()].filter((z) => z.parent_id === id).length;
    if (children) throw new AppError(`khu vực ${zone.name} còn ${children} khu vực con: xóa hoặc chuyển chúng trước (zone ${id} still has ${children} zones below it)`, 409, 'zone_not_empty');
    const receivers = Number((await this.db.selectFrom('receivers').select((eb) => eb.fn.countAll<number>().as('n')).where('zone_id', '=', id).executeTakeFirstOrThrow()).n);
    if (receivers) throw new AppError(`khu vực ${zone.name} còn ${receivers} cụm loa: chuyển hoặc xóa chúng trước (zone ${id} still has ${receivers} receivers)`, 409, 'zone_not_empty');
    const schedules = await this.db.selectFrom('schedules').select(['title', 'zone_ids_json']).where('status', 'in', ['draft', 'pending_approval', 'approved']).execute();
    const aimed = schedules.find((s) => (JSON.parse(s.zone_ids_json) as string[]).includes(id));
    if (aimed) throw new AppError(`lịch phát "${aimed.title}" vẫn phát tới ${zone.name} (a schedule still targets zone ${id})`, 409, 'zone_in_use');
    const pending = await this.db
      .selectFrom('broadcast_targets')
      .innerJoin('broadcasts', 'broadcasts.id', 'broadcast_targets.broadcast_id')
      .select('broadcasts.title')
      .where('broadcast_targets.zone_id', '=', id)
      .where('broadcasts.status', 'in', ['draft', 'pending_approval', 'scheduled', 'dispatching', 'dispatched'])
      .executeTakeFirst();
    if (pending) throw new AppError(`bản tin "${pending.title}" vẫn phát tới ${zone.name} (a broadcast still targets zone ${id})`, 409, 'zone_in_use');
    // What aired there stays in the as-played record and the reports (Thông tư 39 asks for it): a zone with a history is kept.
    const aired = await this.db.selectFrom('broadcast_targets').select('broadcast_id').where('zone_id', '=', id).limit(1).executeTakeFirst();
    if (aired) throw new AppError(`${zone.name} đã có bản tin trong nhật ký phát thanh, cần giữ cho báo cáo: không xóa được, hãy đổi tên hoặc để trống (zone ${id} has broadcasts in its history, which the reports keep: rename it or leave it empty)`, 409, 'zone_has_history');
    // Accounts and tokens keep their scope by id: left on a deleted zone, they
    // would take over whatever zone is made later with the same id, anywhere.
    const count = async (table: 'users' | 'api_tokens') => Number((await this.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('zone_id', '=', id).executeTakeFirstOrThrow()).n);
    const scoped = (await count('users')) + (await count('api_tokens'));
    if (scoped) throw new AppError(`khu vực ${zone.name} là phạm vi của ${scoped} tài khoản hoặc mã truy cập: chuyển hoặc xóa chúng trước (zone ${id} is the scope of ${scoped} accounts or API tokens)`, 409, 'zone_in_use');
    const link = await this.db.selectFrom('downstreams').select('zone_id').where('zone_id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    if (link) throw new AppError(`khu vực ${zone.name} còn mã liên kết xã chưa thu hồi: thu hồi nó trước (zone ${id} has a downstream link)`, 409, 'zone_in_use');
    // What the zone set for itself goes with it: a zone made later with the
    // same id, anywhere in the tree, starts clean (amplifier hours cascade).
    // The lexicon's revision tells every instance to read it again.
    await this.db
      .withTables<{ zone_settings: { zone_id: string }; lexicon_zone: { zone_id: string }; greeting_templates: { zone_key: string } }>()
      .transaction()
      .execute(async (tx) => {
        await tx.deleteFrom('zone_settings').where('zone_id', '=', id).execute();
        const lexicon = await tx.deleteFrom('lexicon_zone').where('zone_id', '=', id).executeTakeFirst();
        if (lexicon.numDeletedRows > 0n) await tx.updateTable('revisions').set((eb) => ({ n: eb('n', '+', 1) })).where('name', '=', 'lexicon').execute();
        await tx.deleteFrom('greeting_templates').where('zone_key', '=', id).execute();
        await tx.deleteFrom('zones').where('id', '=', id).execute();
      });
    await this.changed();
    for (const l of this.removedListeners) await l(id);
  }

  async setQuietHours(id: string, quiet: { from: string; to: string } | null): Promise<Zone> {
    if (!(await this.get(id))) throw new AppError(`zone ${id} does not exist`, 404);
    await this.db.updateTable('zones').set({ quiet_from: quiet?.from ?? null, quiet_to: quiet?.to ?? null }).where('id', '=', id).execute();
    await this.changed();
    return (await this.get(id))!;
  }

  /** Zones whose own quiet hours (local time, may span midnight) cover this instant. */
  async quietAt(at: Date, timezone: string): Promise<Set<string>> {
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
    const out = new Set<string>();
    for (const z of (await this.tree()).values()) {
      if (!z.quiet_from || !z.quiet_to) continue;
      const inside = z.quiet_from <= z.quiet_to ? local >= z.quiet_from && local < z.quiet_to : local >= z.quiet_from || local < z.quiet_to;
      if (inside) out.add(z.id);
    }
    return out;
  }

  /** The zone and its ancestors, nearest first: the zones a receiver there listens to. */
  async lineage(zoneId: string): Promise<string[]> {
    const byId = await this.tree([zoneId]);
    const out: string[] = [];
    for (let z = byId.get(zoneId); z && !out.includes(z.id); z = z.parent_id ? byId.get(z.parent_id) : undefined) {
      out.push(z.id);
    }
    return out;
  }

  /** Every zone at or below the given ones. */
  async subtree(zoneIds: readonly string[]): Promise<Set<string>> {
    const byId = await this.tree(zoneIds);
    const out = new Set<string>();
    const children = new Map<string, string[]>();
    for (const z of byId.values()) {
      if (z.parent_id) children.set(z.parent_id, [...(children.get(z.parent_id) ?? []), z.id]);
    }
    const stack = zoneIds.filter((id) => byId.has(id));
    while (stack.length) {
      const id = stack.pop()!;
      if (out.has(id)) continue;
      out.add(id);
      stack.push(...(children.get(id) ?? []));
    }
    return out;
  }

  /** Drops zones already covered by a targeted ancestor, so no receiver gets a command twice. */
  async minimalCover(zoneIds: readonly string[]): Promise<string[]> {
    const wanted = new Set(zoneIds);
    const out: string[] = [];
    for (const id of wanted) {
      const ancestors = (await this.lineage(id)).slice(1);
      if (!ancestors.some((a) => wanted.has(a))) out.push(id);
    }
    return out;
  }
}
