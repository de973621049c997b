/**
 * worker/migrations applied to the self-hosted SQLite file at start, recorded in `d1_migrations`
 * exactly as `wrangler d1 migrations apply` records them (same table, same names), so a database
 * moves between the two runtimes. A database that names a migration this version does not have
 * comes from a newer version: the server refuses it rather than run old code on a new schema.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";

export interface Migration {
  name: string;
  sql: string;
}

/** wrangler's own statement (wrangler-dist: getCreateMigrationsTableQuery). */
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "d1_migrations"(
		id         INTEGER PRIMARY KEY AUTOINCREMENT,
		name       TEXT UNIQUE,
		applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
);`;

/** The migration files of a directory, in the order wrangler applies them (by name). */
export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), "utf8") }));
}

export class NewerDatabaseError extends Error {
  constructor(readonly unknown: string[]) {
    super(
      `数据库来自更新的版本(已应用本版本没有的迁移 ${unknown.join(", ")}),服务器未启动;请安装与数据库相同或更新的版本。\n` +
        `The database comes from a newer version (it has migrations this version lacks: ${unknown.join(", ")}); not starting. Install the same or a newer version.`,
    );
  }
}

/** The migrations recorded in the database, oldest first (none: no table yet). */
export function appliedMigrations(db: DatabaseSync): string[] {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'd1_migrations'")
    .get();
  if (!table) return [];
  return (db.prepare("SELECT name FROM d1_migrations ORDER BY id").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

/**
 * Apply what is missing, each migration with its record in one transaction (a failed migration
 * leaves the database as it was). Returns the names applied now.
 */
export function migrate(db: DatabaseSync, migrations: Migration[]): string[] {
  const known = new Set(migrations.map((m) => m.name));
  const applied = appliedMigrations(db);
  const unknown = applied.filter((n) => !known.has(n));
  if (unknown.length) throw new NewerDatabaseError(unknown);
  db.exec(CREATE_TABLE);
  const done = new Set(applied);
  const now: string[] = [];
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(m.sql);
      db.prepare(`INSERT INTO "d1_migrations" (name) values (?)`).run(m.name);
      db.exec("COMMIT");
    } catch (e) {
      if (db.isTransaction) db.exec("ROLLBACK");
      throw new Error(`migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
    }
    now.push(m.name);
  }
  return now;
}
