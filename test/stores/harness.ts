// What every store suite is given: a factory for an empty, migrated database.
// sqlite.test.ts and postgres.test.ts run the same suites on their backend.
import type { Db } from '../../src/db/index.js';
import { silentLogger } from '../../src/log.js';
import type { Principal } from '../../src/access/tokens.js';

export type MakeDb = () => Promise<Db>;

export const log = silentLogger;
export const admin: Principal = { actor: 'token:test', role: 'admin', userId: null, zoneId: null };
