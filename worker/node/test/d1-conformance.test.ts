/**
 * The D1 adapter (worker/node/d1-sqlite.ts) against the real local D1 of workerd (wrangler's
 * getPlatformProxy on wrangler.toml): the same real migrations (wrangler's `d1 migrations apply`
 * for D1, the server's migrate() for SQLite), then the same statement corpus; the schemas, the
 * migration records and every answer must be identical.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { getPlatformProxy } from "wrangler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENV, ROOT, WRANGLER } from "../../../e2e/support/server";
import { d1OverSqlite, openSqlite } from "../d1-sqlite";
import { migrate, readMigrations } from "../migrate";
import { runCorpus } from "./d1-corpus";

const tmp = mkdtempSync(join(tmpdir(), "xxgk-d1-conformance-"));
let proxy: Awaited<ReturnType<typeof getPlatformProxy<{ DB: D1Database }>>> | null = null;
let sqlite: DatabaseSync;
let real: D1Database;
let adapter: D1Database;

beforeAll(async () => {
  mkdirSync(join(ROOT, "dist/addin"), { recursive: true });
  const persist = join(tmp, "state");
  const r = spawnSync(
    process.execPath,
    [WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persist],
    { cwd: ROOT, env: ENV, encoding: "utf8" },
  );
  if (r.status !== 0)
    throw new Error(`wrangler d1 migrations apply failed:\n${r.stdout}${r.stderr}`);
  proxy = await getPlatformProxy<{ DB: D1Database }>({
    configPath: join(ROOT, "wrangler.toml"),
    persist: { path: join(persist, "v3") },
  });
  real = proxy.env.DB;
  // Migrated by one connection and served by another, as the server does (and wrangler: its
  // apply runs in a process of its own), so both start with no last insert row id.
  const file = join(tmp, "xxgk.sqlite");
  const migrating = openSqlite(file);
  migrate(migrating, readMigrations(join(ROOT, "worker/migrations")));
  migrating.close();
  sqlite = openSqlite(file);
  adapter = d1OverSqlite(sqlite);
});

afterAll(async () => {
  await proxy?.dispose();
  sqlite?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const SCHEMA = `SELECT type, name, tbl_name, sql FROM sqlite_master
  WHERE name NOT LIKE '_cf_%' AND name NOT LIKE 'sqlite_%' ORDER BY type, name`;

describe("the D1 adapter answers as workerd's local D1", () => {
  it("the migrations leave the same schema and the same records", async () => {
    const schema = await real.prepare(SCHEMA).all();
    expect(schema.results.length).toBeGreaterThan(10);
    expect((await adapter.prepare(SCHEMA).all()).results).toEqual(schema.results);
    const names = "SELECT id, name FROM d1_migrations ORDER BY id";
    const recorded = await real.prepare(names).all();
    expect(recorded.results.map((r) => r.name)).toEqual(
      readMigrations(join(ROOT, "worker/migrations")).map((m) => m.name),
    );
    expect((await adapter.prepare(names).all()).results).toEqual(recorded.results);
  });

  it("every statement of the corpus: the same results, changes, row ids and errors", async () => {
    const expected = await runCorpus(real);
    const got = await runCorpus(adapter);
    // The corpus means something: it has answers and errors, and the Worker's code ran.
    const values = Object.values(expected) as { ok?: unknown; error?: string }[];
    expect(values.filter((v) => v.error).length).toBeGreaterThan(10);
    expect(values.filter((v) => "ok" in v).length).toBeGreaterThan(30);
    expect(got).toEqual(expected);
  });
});
