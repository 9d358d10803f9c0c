// The lexicon officers edit (UBND → "ủy ban nhân dân", a name → how it is
// said), kept in the database: a shared part every commune reads, and each
// commune's own additions (read by its hamlets too; the nearest zone's entry
// for a term wins). The entries of the shared part and of each zone with
// additions are kept in memory, read again on every change (and every 30 s,
// or at once when the revision moved, for changes made on another instance);
// texts are normalized off the event loop when long (normalize-threads.ts).
import crypto from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import { AppError } from '../errors.js';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import type { AuditLog } from '../access/audit.js';
import { scopeOf, type ScopeAccess } from '../access/scope.js';
import { zoneIdSchema } from '../mqtt/protocol.js';
import type { LexiconEntry, NormalizeResult } from './normalize/index.js';
import type { NormalizerSource } from './compiled-normalizers.js';
import { NormalizerThreads } from './normalize-threads.js';
import { describeRoutes } from '../http/openapi.js';
import { lexiconEntrySchema, lexiconPutSchema, normalizedSchema } from './schemas.js';

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

/** An entry as the API shows it: `zoneId` null for the shared part. */
interface LexiconView extends LexiconTable {
  zoneId: string | null;
}

const REFRESH_MS = 30_000;
const RECENT_READINGS = 16;

/**
 * The most characters without a space the normalizer takes. 20 000 copies of
 * "ắ" once held the event loop (acks, dispatch, every HTTP answer) for almost
 * three minutes; the normalizer now reads long runs in time in proportion to
 * them (src/speech/normalize/normalizer.ts piecesOf), and this refuses what no
 * voice can read anyway with a clear answer. No word, number or code is this
 * long, and a web address pasted whole (a form's link, about 100) fits.
 */
export const MAX_UNBROKEN_CHARS = 300;
const UNBROKEN = new RegExp(`\\S{${MAX_UNBROKEN_CHARS + 1},}`, 'u');

/** 400 for a text holding a run longer than MAX_UNBROKEN_CHARS, before any rule runs on it. */
export function requireBreakable(text: string): void {
  const run = UNBROKEN.exec(text)?.[0];
  if (run === undefined) return;
  const shown = `${[...run].slice(0, 24).join('')}…`;
  throw new AppError(
    `Nội dung có một chuỗi ${[...run].length} ký tự liền nhau không có dấu cách ("${shown}"), dài quá ${MAX_UNBROKEN_CHARS} ký tự: không đọc được, hãy thêm dấu cách (the text has a run of ${[...run].length} characters without a space, over ${MAX_UNBROKEN_CHARS}: no voice can read it; add spaces)`,
    400,
    'unbroken_text',
  );
}

/** The shared part's key: no zone id is empty. */
const SHARED = '';

/** Versioned by a digest of its entries, not by the lexicon's revision: a zone moved under another commune changes its entries without a new revision. */
function sourceOf(key: string, entries: LexiconEntry[]): NormalizerSource {
  return { key, version: crypto.createHash('sha256').update(JSON.stringify(entries)).digest('base64url'), entries };
}

export class Lexicon {
  private readonly db;
  private shared: NormalizerSource = sourceOf(SHARED, []);
  /** Zones with additions of their own (or above them) → what their normalizer is compiled from. */
  private byZone = new Map<string, NormalizerSource>();
  private parents = new Map<string, string | null>();
  private loadedAt = 0;
  private loadedRevision = -1;
  private readonly threads = new NormalizerThreads();
  /**
   * The last readings, by source version and text: a broadcast's text is read
   * for its unreadable check and again for its render, a long one in a worker.
   */
  private readonly recent = new Map<string, Promise<NormalizeResult>>();

  constructor(db: Db) {
    this.db = db.withTables<{ lexicon: LexiconTable; lexicon_zone: LexiconZoneTable }>();
  }

  async load(): Promise<void> {
    const revision = await this.revision();
    const zones = await this.db.selectFrom('zones').select(['id', 'parent_id']).execute();
    this.parents = new Map(zones.map((z) => [z.id, z.parent_id]));
    const shared = sourceOf(SHARED, await this.normalizerEntries());
    const withAdditions = await this.db.selectFrom('lexicon_zone').select('zone_id').distinct().execute();
    // One per zone with additions; a zone below it finds it by walking up in sourceFor().
    const byZone = new Map<string, NormalizerSource>();
    for (const { zone_id } of withAdditions) byZone.set(zone_id, sourceOf(zone_id, await this.normalizerEntries(zone_id)));
    this.shared = shared;
    this.byZone = byZone;
    this.loadedAt = Date.now();
    this.loadedRevision = revision;
  }

  /** Stops the normalizer's worker threads. */
  close(): Promise<void> {
    return this.threads.close();
  }

  /**
   * Reads the lexicon again if it changed through another instance sharing
   * the database (one look-up by key): called before every reading, so that
   * a term added there is read right here at once.
   */
  private async fresh(): Promise<void> {
    if ((await this.revision()) !== this.loadedRevision) await this.load();
  }

  private async revision(): Promise<number> {
    return Number((await this.db.selectFrom('revisions').select('n').where('name', '=', 'lexicon').executeTakeFirst())?.n ?? 0);
  }

  private async changed(): Promise<void> {
    await this.db.updateTable('revisions').set((eb) => ({ n: eb('n', '+', 1) })).where('name', '=', 'lexicon').execute();
    await this.load();
  }

  /**
   * Normalizes a text as a zone reads it (its commune's additions over the
   * shared part; null: the shared part alone), with the lexicon as it is now
   * in the database. 400 `unbroken_text` for a run no voice can read, before
   * any rule runs on it.
   */
  async normalize(text: string, zoneId: string | null = null): Promise<NormalizeResult> {
    requireBreakable(text);
    await this.fresh();
    const source = await this.sourceFor(zoneId);
    const key = `${source.key}\u0000${source.version}\u0000${text}`;
    let reading = this.recent.get(key);
    if (reading) {
      this.recent.delete(key);
    } else {
      reading = this.threads.normalize(text, source);
      reading.catch(() => this.recent.delete(key));
    }
    this.recent.set(key, reading);
    if (this.recent.size > RECENT_READINGS) this.recent.delete(this.recent.keys().next().value!);
    return reading;
  }

  private async sourceFor(zoneId: string | null): Promise<NormalizerSource> {
    // A zone made since the last load (a new hamlet) would read with the shared part alone until the next.
    if (zoneId !== null && !this.parents.has(zoneId)) await this.load();
    else if (Date.now() - this.loadedAt > REFRESH_MS) {
      this.loadedAt = Date.now();
      void this.load().catch(() => {});
    }
    for (let z = zoneId, hops = 0; z && hops < 64; z = this.parents.get(z) ?? null, hops++) {
      const source = this.byZone.get(z);
      if (source) return source;
    }
    return this.shared;
  }

  /** The entries as the normalizer takes them (also what `loa normalize` reads with). */
  async normalizerEntries(zoneId: string | null = null): Promise<LexiconEntry[]> {
    return (await this.entries(zoneId)).map(({ term, spoken, kind }) => ({ term, spoken, kind }));
  }

  /** The shared entries, with the additions of the zone and the zones above it (the nearest wins). */
  async entries(zoneId: string | null = null): Promise<LexiconView[]> {
    const shared = await this.db.selectFrom('lexicon').selectAll().orderBy('term').execute();
    const byTerm = new Map<string, LexiconView>(shared.map((e) => [e.term, { ...e, zoneId: null }]));
    if (zoneId) {
      const lineage: string[] = [];
      for (let z: string | null = zoneId; z && !lineage.includes(z); z = this.parents.get(z) ?? (await this.parentOf(z))) lineage.push(z);
      const own = await this.db.selectFrom('lexicon_zone').selectAll().where('zone_id', 'in', lineage).execute();
      for (const z of [...lineage].reverse()) {
        for (const { zone_id, ...e } of own) if (zone_id === z) byTerm.set(e.term, { ...e, zoneId: zone_id });
      }
    }
    return [...byTerm.values()].sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  }

  async zoneExists(zoneId: string): Promise<boolean> {
    return (await this.db.selectFrom('zones').select('id').where('id', '=', zoneId).executeTakeFirst()) !== undefined;
  }

  private async parentOf(zoneId: string): Promise<string | null> {
    return (await this.db.selectFrom('zones').select('parent_id').where('id', '=', zoneId).executeTakeFirst())?.parent_id ?? null;
  }

  /** Into the shared part (zoneId null) or as a zone's own addition. */
  async put(entry: LexiconEntry, actor: string, zoneId: string | null = null): Promise<void> {
    const row = { ...entry, updated_by: actor, updated_at: nowIso() };
    const set = { spoken: row.spoken, kind: row.kind, updated_by: actor, updated_at: row.updated_at };
    if (zoneId) {
      await this.db
        .insertInto('lexicon_zone')
        .values({ ...row, zone_id: zoneId })
        .onConflict((oc) => oc.columns(['zone_id', 'term']).doUpdateSet(set))
        .execute();
    } else {
      await this.db
        .insertInto('lexicon')
        .values(row)
        .onConflict((oc) => oc.column('term').doUpdateSet(set))
        .execute();
    }
    await this.changed();
  }

  async remove(term: string, zoneId: string | null = null): Promise<void> {
    const res = zoneId
      ? await this.db.deleteFrom('lexicon_zone').where('zone_id', '=', zoneId).where('term', '=', term).executeTakeFirst()
      : await this.db.deleteFrom('lexicon').where('term', '=', term).executeTakeFirst();
    if (res.numDeletedRows === 0n) throw new AppError(`"${term}" is not in the lexicon`, 404);
    await this.changed();
  }
}

const entrySchema = z.object({
  term: z.string().trim().min(1).max(100),
  spoken: z.string().trim().min(1).max(500),
  kind: z.enum(['abbreviation', 'pronunciation']).default('abbreviation'),
});

export function lexiconRoutes(lexicon: Lexicon, audit: AuditLog, guard: Guard, scopes: ScopeAccess): Router {
  const r = Router();
  /**
   * Whose part of the lexicon: ?zoneId= (or "zoneId" in the body) inside the
   * caller's scope, else the caller's own zone; a whole-system caller's is
   * the shared part.
   */
  const zoneFor = async (req: Parameters<typeof scopeOf>[0]) => {
    const { zoneId } = parseBody(z.object({ zoneId: zoneIdSchema.optional() }), { zoneId: req.body?.zoneId ?? req.query.zoneId });
    if (zoneId) {
      if (!(await lexicon.zoneExists(zoneId))) throw new AppError(`invalid request: zoneId: zone ${zoneId} does not exist`, 400, 'invalid_request');
      await scopes.requireZones(scopeOf(req), [zoneId]);
    }
    return zoneId ?? scopeOf(req).zoneId;
  };
  r.post('/speech/normalize', guard('speech:render'), async (req, res) => {
    const { text } = parseBody(z.object({ text: z.string().max(100_000, 'text is longer than 100000 characters') }), { text: req.body?.text });
    const zoneId = await zoneFor(req);
    const { spoken, sentences, warnings, unreadable } = await lexicon.normalize(text, zoneId);
    res.json({ spoken, sentences, warnings, unreadable });
  });
  r.get('/lexicon', guard('speech:render'), async (req, res) => {
    // updated_by/updated_at stay for clients written before updatedBy/updatedAt.
    res.json((await lexicon.entries(await zoneFor(req))).map((e) => ({ ...e, updatedBy: e.updated_by, updatedAt: e.updated_at })));
  });
  r.put('/lexicon', guard('lexicon:write'), async (req, res) => {
    const zoneId = await zoneFor(req);
    const { zoneId: _z, ...body } = req.body ?? {};
    const entry = parseBody(entrySchema, body);
    await lexicon.put(entry, req.principal!.actor, zoneId);
    await audit.record(req.principal!, 'lexicon.put', entry.term, entry, { zoneId, after: entry });
    res.json({ ...entry, zoneId });
  });
  r.delete('/lexicon/:term', guard('lexicon:write'), async (req, res) => {
    const term = String(req.params.term);
    const zoneId = await zoneFor(req);
    await lexicon.remove(term, zoneId);
    await audit.record(req.principal!, 'lexicon.remove', term, undefined, { zoneId });
    res.status(204).end();
  });
  describeRoutes(r, {
    'POST /speech/normalize': { response: normalizedSchema },
    'GET /lexicon': { response: z.array(lexiconEntrySchema) },
    'PUT /lexicon': { body: entrySchema, response: lexiconPutSchema },
    'DELETE /lexicon/:term': { status: 204 },
  });
  return r;
}
