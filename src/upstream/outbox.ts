// Messages one side owes the other, kept in the database until acked, so a
// link down for a day (or a restart) loses nothing; resent in order on every
// new connection, and made harmless twice by their ids.
import type { Db } from '../db/index.js';
import { nowIso } from '../db/index.js';

export interface Queued {
  seq: number;
  id: string;
  body: Record<string, unknown>;
}

export class Outbox {
  constructor(private readonly db: Db) {}

  /** Queues a message for a peer; the same id twice is one message. */
  async add(peer: string, body: { id: string }): Promise<void> {
    await this.db
      .insertInto('link_outbox')
      .values({ id: body.id, peer, body_json: JSON.stringify(body), created_at: nowIso() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  async after(peer: string, seq: number, limit: number): Promise<Queued[]> {
    const rows = await this.db.selectFrom('link_outbox').select(['seq', 'id', 'body_json']).where('peer', '=', peer).where('seq', '>', seq).orderBy('seq').limit(limit).execute();
    return rows.map((r) => ({ seq: Number(r.seq), id: r.id, body: JSON.parse(r.body_json) }));
  }

  async remove(peer: string, id: string): Promise<void> {
    await this.db.deleteFrom('link_outbox').where('peer', '=', peer).where('id', '=', id).execute();
  }

  /** A peer that will never connect again (its token was revoked) is owed nothing. */
  async clear(peer: string): Promise<void> {
    await this.db.deleteFrom('link_outbox').where('peer', '=', peer).execute();
  }

  /** Which of these peers are owed something. */
  async peersWithMessages(peers: string[]): Promise<string[]> {
    if (peers.length === 0) return [];
    return (await this.db.selectFrom('link_outbox').select('peer').distinct().where('peer', 'in', peers).execute()).map((r) => r.peer);
  }

  async count(peer: string): Promise<number> {
    const r = await this.db.selectFrom('link_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('peer', '=', peer).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
