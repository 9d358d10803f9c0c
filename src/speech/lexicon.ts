// The lexicon officers edit (UBND → "ủy ban nhân dân", a name → how it is
// said), kept in the database: shared entries (lexicon) and a commune's own
// (lexicon_zone, migration 012), which win inside that commune. Speech
// normalizes synchronously, so the compiled normalizers are kept in memory
// and rebuilt on every change (and every 30 s, for changes made on another
// instance).
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import { AppError } from '../errors.js';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import type { AuditLog } from '../access/audit.js';
import { scopeOf, type ScopeAccess } from '../access/scope.js';
import { createNormalizer, type LexiconEntry, type Normalizer } from './normalize/index.js';

interface LexiconTable {
  term: string;
  spoken: string;
  kind: 'abbreviation' | 'pronunciation';
  updated_by: string;
  updated_at: string;
}

interface LexiconZoneTable extends LexiconTable {
  zone_id: string;
}

/** An entry as the API shows it: zoneId null for a shared one. */
export type LexiconItem = LexiconTable & { zoneId: string | null };

const REFRESH_MS = 30_000;

export class Lexicon {
  private readonly db;
  private normalizer: Normalizer = createNormalizer();
  private loadedAt = 0;
  // Per zone: its normalizer (shared entries, then its lineage's, nearest last so it wins).
  private readonly byZone = new Map<string, { normalizer: Normalizer; at: number }>();

  constructor(
    db: Db,
    /** A zone and its ancestors, nearest first (ZoneService.lineage). */
    private readonly lineage: (zoneId: string) => Promise<string[]> = async (id) => [id],
  ) {
    this.db = db.withTables<{ lexicon: LexiconTable; lexicon_zone: LexiconZoneTable }>();
  }

  async load(): Promise<void> {
    this.normalizer = createNormalizer({ lexicon: await this.normalizerEntries() });
    this.loadedAt = Date.now();
    this.byZone.clear();
  }

  /** The normalizer for text heard in a zone: its commune's entries over the shared ones. */
  async forZone(zoneId: string): Promise<Normalizer> {
    const hit = this.byZone.get(zoneId);
    if (hit && Date.now() - hit.at < REFRESH_MS) return hit.normalizer;
    const lineage = await this.lineage(zoneId);
    const own = lineage.length ? await this.db.selectFrom('lexicon_zone').selectAll().where('zone_id', 'in', lineage).execute() : [];
    const nearestLast = [...own].sort((a, b) => lineage.indexOf(b.zone_id) - lineage.indexOf(a.zone_id));
    // A zone with no entries of its own shares the compiled shared normalizer (remembered too: renders ask per zone).
    const normalizer = own.length === 0 ? this.current() : createNormalizer({ lexicon: [...(await this.normalizerEntries()), ...nearestLast.map(({ term, spoken, kind }) => ({ term, spoken, kind }))] });
    this.byZone.set(zoneId, { normalizer, at: Date.now() });
    return normalizer;
  }

  /** Shared entries and those of a zone's lineage, each saying whose it is. */
  async items(zoneId: string | null): Promise<LexiconItem[]> {
    const shared = (await this.entries()).map((e) => ({ ...e, zoneId: null }));
    if (zoneId === null) return shared;
    const lineage = await this.lineage(zoneId);
    const own = await this.db.selectFrom('lexicon_zone').selectAll().where('zone_id', 'in', lineage).orderBy('term').execute();
    return [...shared, ...own.map(({ zone_id, ...e }) => ({ ...e, zoneId: zone_id }))];
  }

  /** The normalizer with the commune's lexicon; refreshes in the background when stale. */
  current(): Normalizer {
    if (Date.now() - this.loadedAt > REFRESH_MS) {
      this.loadedAt = Date.now();
      void this.load().catch(() => {});
    }
    return this.normalizer;
  }

  /** The entries as the normalizer takes them (also what `loa normalize` reads with). */
  async normalizerEntries(): Promise<LexiconEntry[]> {
    return (await this.entries()).map(({ term, spoken, kind }) => ({ term, spoken, kind }));
  }

  async entries(): Promise<LexiconTable[]> {
    return this.db.selectFrom('lexicon').selectAll().orderBy('term').execute();
  }

  async put(entry: LexiconEntry, actor: string, zoneId: string | null = null): Promise<void> {
    const row = { ...entry, updated_by: actor, updated_at: nowIso() };
    if (zoneId !== null) {
      await this.db
        .insertInto('lexicon_zone')
        .values({ ...row, zone_id: zoneId })
        .onConflict((oc) => oc.columns(['zone_id', 'term']).doUpdateSet({ spoken: row.spoken, kind: row.kind, updated_by: actor, updated_at: row.updated_at }))
        .execute();
      return this.load();
    }
    await this.db
      .insertInto('lexicon')
      .values(row)
      .onConflict((oc) => oc.column('term').doUpdateSet({ spoken: row.spoken, kind: row.kind, updated_by: actor, updated_at: row.updated_at }))
      .execute();
    await this.load();
  }

  async remove(term: string, zoneId: string | null = null): Promise<void> {
    const res =
      zoneId === null
        ? await this.db.deleteFrom('lexicon').where('term', '=', term).executeTakeFirst()
        : await this.db.deleteFrom('lexicon_zone').where('zone_id', '=', zoneId).where('term', '=', term).executeTakeFirst();
    if (res.numDeletedRows === 0n) throw new AppError(`"${term}" is not in the lexicon`, 404);
    await this.load();
  }
}

const zoneIdField = z.string().min(1).max(64);
const entrySchema = z.object({
  term: z.string().trim().min(1).max(100),
  spoken: z.string().trim().min(1).max(500),
  kind: z.enum(['abbreviation', 'pronunciation']).default('abbreviation'),
  /** A commune's own entry; null or omitted: shared (a scoped account's entries are its zone's). */
  zoneId: zoneIdField.nullable().optional(),
});

export function lexiconRoutes(lexicon: Lexicon, audit: AuditLog, guard: Guard, scopes?: ScopeAccess): Router {
  const r = Router();
  // The zone a request speaks for: the one it names (inside the caller's
  // scope), else the caller's own; a scoped account never edits the shared entries.
  const zoneFor = async (req: Parameters<typeof scopeOf>[0], named: string | null | undefined): Promise<string | null> => {
    const scope = scopeOf(req);
    const zoneId = named ?? scope.zoneId;
    if (zoneId !== null && scopes) {
      await scopes.scopeFor(zoneId);
      await scopes.requireZones(scope, [zoneId]);
    }
    return zoneId;
  };
  r.post('/speech/normalize', guard('speech:render'), async (req, res) => {
    const body = parseBody(z.object({ text: z.string().max(100_000, 'text is longer than 100000 characters'), zoneId: zoneIdField.optional() }), req.body);
    const zoneId = await zoneFor(req, body.zoneId);
    const { spoken, sentences, warnings, unreadable } = (zoneId ? await lexicon.forZone(zoneId) : lexicon.current()).normalize(body.text);
    res.json({ spoken, sentences, warnings, unreadable });
  });
  r.get('/lexicon', guard('speech:render'), async (req, res) => {
    const { zoneId } = parseBody(z.object({ zoneId: zoneIdField.optional() }), req.query);
    res.json(await lexicon.items(await zoneFor(req, zoneId)));
  });
  r.put('/lexicon', guard('lexicon:write'), async (req, res) => {
    const { zoneId: named, ...entry } = parseBody(entrySchema, req.body);
    const zoneId = await zoneFor(req, named);
    await lexicon.put(entry, req.principal!.actor, zoneId);
    await audit.record(req.principal!, 'lexicon.put', entry.term, { ...entry, zoneId });
    res.json({ ...entry, zoneId });
  });
  r.delete('/lexicon/:term', guard('lexicon:write'), async (req, res) => {
    const term = String(req.params.term);
    const zoneId = await zoneFor(req, parseBody(z.object({ zoneId: zoneIdField.optional() }), req.query).zoneId);
    await lexicon.remove(term, zoneId);
    await audit.record(req.principal!, 'lexicon.remove', term, { zoneId });
    res.status(204).end();
  });
  return r;
}
