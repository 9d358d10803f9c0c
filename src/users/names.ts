// The names people go by, for the actors the server records ("user:canbo",
// "token:may-doc-tin"): an account's display name; a token's owner's. One
// query per list of actors, whatever its length, so a page of 500
// broadcasts costs the same as one.
import { sql } from 'kysely';
import type { Db } from '../db/index.js';

export type ActorNames = Map<string, string>;

/** Display names of the actors that have one; others (deleted accounts, tokens of no one, "upstream:…") are left out. */
export async function actorNames(db: Db, actors: Iterable<string | null | undefined>): Promise<ActorNames> {
  const users = new Set<string>();
  const tokens = new Set<string>();
  for (const a of actors) {
    if (a?.startsWith('user:')) users.add(a.slice('user:'.length));
    else if (a?.startsWith('token:')) tokens.add(a.slice('token:'.length));
  }
  const names: ActorNames = new Map();
  if (users.size === 0 && tokens.size === 0) return names;
  const rows = await db
    .selectFrom('users')
    .select(['users.username as key', 'users.display_name as name', sql.lit<string>('user').as('kind')])
    .where('users.username', 'in', users.size ? [...users] : [''])
    .unionAll(
      db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .select(['api_tokens.name as key', 'users.display_name as name', sql.lit<string>('token').as('kind')])
        .where('api_tokens.name', 'in', tokens.size ? [...tokens] : ['']),
    )
    .execute();
  for (const r of rows) if (r.name) names.set(`${r.kind}:${r.key}`, r.name);
  return names;
}

/** createdByName / approvedByName (and the like) of a view: the display name, or null when there is none. */
export const nameOf = (names: ActorNames, actor: string | null | undefined): string | null => (actor ? (names.get(actor) ?? null) : null);
