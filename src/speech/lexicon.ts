// The lexicon officers edit (UBND → "ủy ban nhân dân", a name → how it is
// said), kept in the database. Speech normalizes synchronously, so the
// compiled normalizer is kept in memory and rebuilt on every change (and
// every 30 s, for changes made on another instance).
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';
import { AppError } from '../errors.js';
import type { Guard } from '../http/auth.js';
import { parseBody } from '../http/validate.js';
import type { AuditLog } from '../access/audit.js';
import { createNormalizer, type LexiconEntry, type Normalizer } from './normalize/index.js';
import { describeRoutes } from '../http/openapi.js';

interface LexiconTable {
  term: string;
  spoken: string;
  kind: 'abbreviation' | 'pronunciation';
  updated_by: string;
  updated_at: string;
}

const REFRESH_MS = 30_000;

export class Lexicon {
  private readonly db;
  private normalizer: Normalizer = createNormalizer();
  private loadedAt = 0;

  constructor(db: Db) {
    this.db = db.withTables<{ lexicon: LexiconTable }>();
  }

  async load(): Promise<void> {
    this.normalizer = createNormalizer({ lexicon: await this.normalizerEntries() });
    this.loadedAt = Date.now();
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

  async put(entry: LexiconEntry, actor: string): Promise<void> {
    const row = { ...entry, updated_by: actor, updated_at: nowIso() };
    await this.db
      .insertInto('lexicon')
      .values(row)
      .onConflict((oc) => oc.column('term').doUpdateSet({ spoken: row.spoken, kind: row.kind, updated_by: actor, updated_at: row.updated_at }))
      .execute();
    await this.load();
  }

  async remove(term: string): Promise<void> {
    const res = await this.db.deleteFrom('lexicon').where('term', '=', term).executeTakeFirst();
    if (res.numDeletedRows === 0n) throw new AppError(`"${term}" is not in the lexicon`, 404);
    await this.load();
  }
}

const entrySchema = z.object({
  term: z.string().trim().min(1).max(100),
  spoken: z.string().trim().min(1).max(500),
  kind: z.enum(['abbreviation', 'pronunciation']).default('abbreviation'),
});

export function lexiconRoutes(lexicon: Lexicon, audit: AuditLog, guard: Guard): Router {
  const r = Router();
  r.post('/speech/normalize', guard('speech:render'), (req, res) => {
    const { text } = parseBody(z.object({ text: z.string().max(100_000, 'text is longer than 100000 characters') }), req.body);
    const { spoken, sentences, warnings } = lexicon.current().normalize(text);
    res.json({ spoken, sentences, warnings });
  });
  r.get('/lexicon', guard('speech:render'), async (_req, res) => {
    res.json(await lexicon.entries());
  });
  r.put('/lexicon', guard('lexicon:write'), async (req, res) => {
    const entry = parseBody(entrySchema, req.body);
    await lexicon.put(entry, req.principal!.actor);
    await audit.record(req.principal!, 'lexicon.put', entry.term, entry);
    res.json(entry);
  });
  r.delete('/lexicon/:term', guard('lexicon:write'), async (req, res) => {
    const term = String(req.params.term);
    await lexicon.remove(term);
    await audit.record(req.principal!, 'lexicon.remove', term);
    res.status(204).end();
  });
  describeRoutes(r, {
    'PUT /lexicon': { body: entrySchema },
  });
  return r;
}
