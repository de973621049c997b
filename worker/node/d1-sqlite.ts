/**
 * D1 over `node:sqlite`: the `D1Database` the Worker's code is written against, on one SQLite
 * file, so the self-hosted server runs worker/src unchanged. It reproduces what the local D1 of
 * workerd answers (worker/node/test/d1-conformance.test.ts runs one corpus against both):
 * - binding: numbers as REAL (non-finite as NULL), booleans as 1/0, ArrayBuffer, typed arrays
 *   and arrays of bytes as BLOB, anything else a `D1_TYPE_ERROR`; the parameter count must match;
 * - results: BLOBs as arrays of bytes, integers as JS numbers (beyond 2^53 rounded, as D1 does),
 *   a repeated column name keeps its last value;
 * - `meta.changes` (rows the statement itself changed, 0 for anything but DML),
 *   `meta.last_row_id` (the connection's), `success: true`;
 * - `batch` as one transaction, `exec` line by line in one transaction, errors as D1 words them
 *   (`D1_ERROR: <sqlite message>: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)`).
 * Not reproduced: `rows_read`, `rows_written` and `size_after` (SQLite does not count them; they
 * are 0), "at offset N" in syntax errors, several statements in one `prepare`.
 *
 * node:sqlite is synchronous, so a statement or batch runs to its end before any other request
 * is served: a batch is atomic towards other requests as D1's is.
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";

type Value = SQLInputValue;

interface Outcome {
  rows: unknown[][];
  columns: string[];
  changes: number;
  lastRowId: number;
  ms: number;
}

/** SQLite's result codes by number, for D1's wording of an error. */
const PRIMARY: Record<number, string> = {
  1: "SQLITE_ERROR",
  2: "SQLITE_INTERNAL",
  3: "SQLITE_PERM",
  4: "SQLITE_ABORT",
  5: "SQLITE_BUSY",
  6: "SQLITE_LOCKED",
  7: "SQLITE_NOMEM",
  8: "SQLITE_READONLY",
  9: "SQLITE_INTERRUPT",
  10: "SQLITE_IOERR",
  11: "SQLITE_CORRUPT",
  13: "SQLITE_FULL",
  14: "SQLITE_CANTOPEN",
  17: "SQLITE_SCHEMA",
  18: "SQLITE_TOOBIG",
  19: "SQLITE_CONSTRAINT",
  20: "SQLITE_MISMATCH",
  21: "SQLITE_MISUSE",
  23: "SQLITE_AUTH",
  25: "SQLITE_RANGE",
};
const EXTENDED: Record<number, string> = {
  275: "SQLITE_CONSTRAINT_CHECK",
  531: "SQLITE_CONSTRAINT_COMMITHOOK",
  787: "SQLITE_CONSTRAINT_FOREIGNKEY",
  1043: "SQLITE_CONSTRAINT_FUNCTION",
  1299: "SQLITE_CONSTRAINT_NOTNULL",
  1555: "SQLITE_CONSTRAINT_PRIMARYKEY",
  1811: "SQLITE_CONSTRAINT_TRIGGER",
  2067: "SQLITE_CONSTRAINT_UNIQUE",
  2323: "SQLITE_CONSTRAINT_VTAB",
  2579: "SQLITE_CONSTRAINT_ROWID",
  3091: "SQLITE_CONSTRAINT_DATATYPE",
};

/** An error as D1 throws it: `PREFIX: message`, with the bare message as its cause. */
function d1Error(prefix: string, message: string): Error {
  return new Error(`${prefix}: ${message}`, { cause: new Error(message) });
}

/** The message D1 gives for a SQLite error (`… : SQLITE_X (extended: SQLITE_X_Y)`). */
function sqliteMessage(e: unknown): string {
  const err = e as { message?: string; errcode?: number; code?: string };
  const message = err.message ?? String(e);
  if (err.code === "ERR_INVALID_STATE") return "No SQL statements detected.";
  if (typeof err.errcode !== "number") return message;
  const primary = PRIMARY[err.errcode & 0xff] ?? "SQLITE_ERROR";
  const extended = err.errcode > 0xff ? EXTENDED[err.errcode] : undefined;
  return extended ? `${message}: ${primary} (extended: ${extended})` : `${message}: ${primary}`;
}

/** D1 refuses transaction statements: its batch is the transaction. */
const TRANSACTION_STATEMENT = /^\s*(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i;
const TRANSACTION_REFUSAL =
  "To execute a transaction, please use the state.storage.transaction() or state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The JavaScript API is safer because it will automatically roll back on exceptions, and because it interacts correctly with Durable Objects' automatic atomic write coalescing.";

/**
 * How many values a statement takes: the highest `?NNN`, a bare `?` one more than the highest
 * so far, each distinct `:name`/`@name`/`$name` one more (SQLite's numbering). Literals, quoted
 * names and comments are skipped.
 */
export function parameterCount(sql: string): number {
  let max = 0;
  const named = new Set<string>();
  const re =
    /'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|\?(\d*)|[:@$]([A-Za-z_][\w$]*)/g;
  for (const m of sql.matchAll(re)) {
    if (m[1] !== undefined) max = m[1] === "" ? max + 1 : Math.max(max, Number(m[1]));
    else if (m[2] !== undefined && !named.has(m[2])) {
      named.add(m[2]);
      max++;
    }
  }
  return max;
}

/** A value as D1's `bind` takes it, or a `D1_TYPE_ERROR`. */
function toSqlite(v: unknown): Value {
  switch (typeof v) {
    case "string":
      return v;
    case "number":
      // D1 sends values as JSON: NaN and ±Infinity arrive as NULL; every number binds as REAL.
      return Number.isFinite(v) ? v : null;
    case "boolean":
      return v ? 1 : 0;
    case "object":
      if (v === null) return null;
      if (Array.isArray(v) && v.every((b) => typeof b === "number" && b >= 0 && b < 256))
        return Uint8Array.from(v as number[]);
      if (v instanceof ArrayBuffer) return new Uint8Array(v);
      if (ArrayBuffer.isView(v)) return Uint8Array.from(v as unknown as ArrayLike<number>);
  }
  throw d1Error("D1_TYPE_ERROR", `Type '${typeof v}' not supported for value '${String(v)}'`);
}

/** A cell as D1 answers it: integers as numbers, BLOBs as arrays of bytes. */
function fromSqlite(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Uint8Array) return Array.from(v);
  return v;
}

function toObjects(o: Outcome): Record<string, unknown>[] {
  return o.rows.map((row) => Object.fromEntries(row.map((cell, i) => [o.columns[i], cell])));
}

/** The shared connection and its statement cache. */
class Connection {
  /** Prepared statements with their parameter count (counted once per SQL text, not per run). */
  private readonly cache = new Map<string, { stmt: StatementSync; params: number }>();
  private readonly counters: StatementSync;
  private totalChanges = 0;

  constructor(readonly db: DatabaseSync) {
    this.counters = db.prepare("SELECT total_changes(), changes(), last_insert_rowid()");
    this.counters.setReadBigInts(true);
    this.counters.setReturnArrays(true);
    this.resync();
  }

  /** After statements run outside run() (exec, a failed statement): count from here. */
  resync(): void {
    this.totalChanges = this.readCounters()[0];
  }

  private readCounters(): [number, number, number] {
    const row = this.counters.get() as unknown as bigint[];
    return [Number(row[0]), Number(row[1]), Number(row[2])];
  }

  private statement(sql: string): { stmt: StatementSync; params: number } {
    let hit = this.cache.get(sql);
    if (!hit) {
      const stmt = this.db.prepare(sql);
      stmt.setReadBigInts(true);
      stmt.setReturnArrays(true);
      hit = { stmt, params: parameterCount(sql) };
      if (this.cache.size >= 500) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(sql, hit);
    }
    return hit;
  }

  /** Run one statement; throws the bare SQLite-style message (the caller adds D1's prefix). */
  run(sql: string, params: Value[]): Outcome {
    if (sql.trim() === "") throw new Error("No SQL statements detected.");
    if (TRANSACTION_STATEMENT.test(sql)) throw new Error(TRANSACTION_REFUSAL);
    const started = performance.now();
    let stmt: StatementSync;
    let expected: number;
    try {
      ({ stmt, params: expected } = this.statement(sql));
    } catch (e) {
      throw new Error(sqliteMessage(e), { cause: e });
    }
    if (expected !== params.length)
      throw new Error("Wrong number of parameter bindings for SQL query.");
    let rows: unknown[][];
    try {
      rows = (stmt.all(...params) as unknown as unknown[][]).map((r) => r.map(fromSqlite));
    } catch (e) {
      this.resync();
      throw new Error(sqliteMessage(e), { cause: e });
    }
    const columns = stmt.columns().map((c) => c.name);
    const [total, changes, lastRowId] = this.readCounters();
    // changes() keeps the last DML's count through later SELECTs: only a statement that changed
    // rows reports it (D1 answers 0 for the rest).
    const changed = total !== this.totalChanges;
    this.totalChanges = total;
    return {
      rows,
      columns,
      changes: changed ? changes : 0,
      lastRowId,
      ms: performance.now() - started,
    };
  }

  /** `fn` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(fn: () => T): T {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const out = fn();
      this.db.exec("COMMIT");
      return out;
    } catch (e) {
      if (this.db.isTransaction) this.db.exec("ROLLBACK");
      throw e;
    }
  }
}

function result(o: Outcome): D1Result<Record<string, unknown>> {
  return {
    success: true,
    meta: {
      served_by: "xxgk-sqlite",
      served_by_primary: true,
      duration: o.ms,
      changes: o.changes,
      last_row_id: o.lastRowId,
      changed_db: o.changes > 0,
      // SQLite does not count rows read or written, nor report the size after each statement.
      size_after: 0,
      rows_read: 0,
      rows_written: 0,
    },
    results: toObjects(o),
  };
}

class Statement {
  constructor(
    private readonly conn: Connection,
    readonly sql: string,
    readonly params: Value[] = [],
  ) {}

  bind(...values: unknown[]): Statement {
    return new Statement(this.conn, this.sql, values.map(toSqlite));
  }

  outcome(): Outcome {
    try {
      return this.conn.run(this.sql, this.params);
    } catch (e) {
      throw d1Error("D1_ERROR", (e as Error).message);
    }
  }

  async first(column?: string): Promise<unknown> {
    const row = toObjects(this.outcome())[0];
    if (!row) return null;
    if (column === undefined) return row;
    if (row[column] === undefined) {
      throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${column})`, {
        cause: new Error("Column not found"),
      });
    }
    return row[column];
  }

  async run(): Promise<D1Result<Record<string, unknown>>> {
    return result(this.outcome());
  }

  async all(): Promise<D1Result<Record<string, unknown>>> {
    return result(this.outcome());
  }

  async raw(options?: { columnNames?: boolean }): Promise<unknown[]> {
    const o = this.outcome();
    return options?.columnNames ? [o.columns, ...o.rows] : o.rows;
  }
}

class Database {
  constructor(private readonly conn: Connection) {}

  prepare(sql: string): Statement {
    return new Statement(this.conn, sql);
  }

  async batch(statements: Statement[]): Promise<D1Result<Record<string, unknown>>[]> {
    if (statements.length === 0) throw d1Error("D1_ERROR", "No SQL statements detected.");
    return this.conn.transaction(() => statements.map((s) => result(s.outcome())));
  }

  async exec(sql: string): Promise<D1ExecResult> {
    // As D1: one statement text per line, blank lines skipped, all in one transaction; a failure
    // is reported against the first line (D1's own numbering).
    const lines = sql.trim().split("\n");
    const work = lines.filter((l) => l.trim() !== "");
    const started = performance.now();
    try {
      if (work.length === 0) throw new Error("No SQL statements detected.");
      this.conn.transaction(() => {
        for (const line of work) {
          try {
            this.conn.db.exec(line);
          } catch (e) {
            throw new Error(sqliteMessage(e), { cause: e });
          }
        }
      });
    } catch (e) {
      this.conn.resync();
      const message = `Error in line 1: ${lines[0]}: ${(e as Error).message}`;
      throw d1Error("D1_EXEC_ERROR", message);
    }
    this.conn.resync();
    return { count: work.length, duration: performance.now() - started };
  }

  withSession(): Database {
    return this;
  }

  getBookmark(): null {
    return null;
  }

  async dump(): Promise<ArrayBuffer> {
    throw new Error("D1_DUMP_ERROR: dump() is not supported; use npm run db:backup");
  }
}

/** Open (or create) a SQLite file for the server: WAL, foreign keys on, waits out a backup. */
export function openSqlite(file: string): DatabaseSync {
  const db = new DatabaseSync(file);
  db.exec("PRAGMA journal_mode = WAL");
  // D1 enforces foreign keys; so must a database that moves between the two runtimes.
  db.exec("PRAGMA foreign_keys = ON");
  db.exec("PRAGMA busy_timeout = 5000");
  // WAL + NORMAL: a commit survives a crash of the process; the last commits before a power loss
  // may not (FULL would fsync every commit). Backups (db:backup) bound what that can cost.
  db.exec("PRAGMA synchronous = NORMAL");
  return db;
}

/** A `D1Database` over an open node:sqlite connection. */
export function d1OverSqlite(db: DatabaseSync): D1Database {
  return new Database(new Connection(db)) as unknown as D1Database;
}
