// Kysely's SQLite dialect with two changes that matter under a fan-out's
// burst of acks:
// - queries wait for the one connection in a queue, in order. Kysely's own
//   mutex wakes every waiter on each release; with 10 000 receivers acking at
//   once that made gigabytes of garbage and a quadratic slowdown.
// - prepared statements are kept by their SQL instead of prepared per query.
import type BetterSqlite3 from 'better-sqlite3';
import { SelectQueryNode, SqliteDialect, SqliteDriver, type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';

/** Distinct SQL texts kept prepared; the app has a few hundred at most. */
const STATEMENT_CACHE_SIZE = 500;

export class QueuedSqliteDialect extends SqliteDialect {
  constructor(private readonly database: BetterSqlite3.Database) {
    super({ database });
  }

  override createDriver(): Driver {
    return new QueuedSqliteDriver(this.database);
  }
}

class QueuedSqliteDriver extends SqliteDriver {
  readonly #connection: CachedStatementConnection;
  #busy = false;
  readonly #waiting: (() => void)[] = [];

  constructor(database: BetterSqlite3.Database) {
    super({ database });
    this.#connection = new CachedStatementConnection(database);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#busy) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#busy = true;
    return this.#connection;
  }

  override async releaseConnection(): Promise<void> {
    const next = this.#waiting.shift();
    // The connection passes straight to the next in line: it stays busy.
    if (next) next();
    else this.#busy = false;
  }
}

class CachedStatementConnection implements DatabaseConnection {
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: BetterSqlite3.Database) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.prepare(compiled.sql);
    const params = compiled.parameters as unknown[];
    if (stmt.reader) return { rows: stmt.all(params) as R[] };
    const { changes, lastInsertRowid } = stmt.run(params);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error('SQLite streams only select queries');
    // Its own statement: a cached one would be busy while this iterates.
    for (const row of this.db.prepare(compiled.sql).iterate(compiled.parameters as unknown[])) yield { rows: [row as R] };
  }

  private prepare(sql: string): BetterSqlite3.Statement {
    let stmt = this.#statements.get(sql);
    if (stmt) return stmt;
    stmt = this.db.prepare(sql);
    if (this.#statements.size >= STATEMENT_CACHE_SIZE) this.#statements.delete(this.#statements.keys().next().value!);
    this.#statements.set(sql, stmt);
    return stmt;
  }
}
