/**
 * The statement corpus of the D1 conformance test: every statement shape the Worker's storage
 * code (worker/src/db/) uses, the D1 API's methods and result shapes, its type mapping and its
 * errors. Each step runs against a `D1Database` and answers something comparable; run on a fresh
 * database with the real migrations applied, in order (later steps read what earlier ones wrote).
 */
import { pruneIdempotency } from "../../src/db/idempotency";
import { insertCredential, listCredentials, revokeCredential } from "../../src/db/credentials";
import { credentialStatement } from "../../src/db/credentials";
import { insertInvite, redeemInvite } from "../../src/db/invites";
import { importStatements, subtreeUnitRows, unitByCode, unitPath } from "../../src/db/units";
import { readHealth } from "../../src/site/health";
import { planUnitImport } from "../../src/services/units";
import type { UnitRow } from "../../src/env";

export interface Step {
  name: string;
  run: (db: D1Database) => Promise<unknown>;
}

const AT = "2026-03-01T08:00:00.000Z";
const actor = { credential: "admin-1", requestId: "req-1", at: AT };

async function unit(db: D1Database, code: string): Promise<UnitRow> {
  const u = await unitByCode(db, code);
  if (!u) throw new Error(`no unit ${code}`);
  return u;
}

/** A scratch table of every column affinity, for the type mapping. */
const SCRATCH = `CREATE TABLE scratch (id INTEGER PRIMARY KEY, t TEXT NOT NULL UNIQUE, i INTEGER,
  r REAL, b BLOB, n, c INTEGER CHECK (c IS NULL OR c > 0))`;

export const CORPUS: Step[] = [
  // The API's methods and result shapes.
  { name: "DDL with run()", run: (db) => db.prepare(SCRATCH).run() },
  {
    name: "insert with every bound type",
    run: (db) =>
      db
        .prepare("INSERT INTO scratch (t, i, r, b, n) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind("a", 7, 1.5, new Uint8Array([0, 1, 255]), true)
        .run(),
  },
  {
    name: "insert: anonymous parameters, integers as REAL, a byte array, false",
    run: (db) =>
      db
        .prepare("INSERT INTO scratch (t, i, r, b, n) VALUES (?, ?, ?, ?, ?)")
        .bind("b", 3, 2, [9, 8], false)
        .run(),
  },
  {
    name: "insert: ArrayBuffer, empty string, null, NaN, Infinity",
    run: (db) =>
      db
        .prepare("INSERT INTO scratch (t, i, r, b, n) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind("", null, NaN, new Uint8Array([5]).buffer, Infinity)
        .run(),
  },
  {
    name: "what each value became",
    run: (db) =>
      db
        .prepare(
          `SELECT id, t, i, typeof(i) AS ti, r, typeof(r) AS tr, b, typeof(b) AS tb, n, typeof(n) AS tn
             FROM scratch ORDER BY id`,
        )
        .all(),
  },
  {
    name: "numbers bind as REAL (typeof, json, a TEXT column)",
    run: (db) =>
      db
        .prepare("SELECT typeof(?1) AS t, json_array(?1, ?2) AS j, CAST(?1 AS TEXT) AS s")
        .bind(5, -0.25)
        .all(),
  },
  {
    name: "integers beyond 2^53 come back as numbers",
    run: (db) => db.prepare("SELECT 9223372036854775807 AS m, -9007199254740993 AS n").all(),
  },
  { name: "raw()", run: (db) => db.prepare("SELECT t, i FROM scratch ORDER BY id").raw() },
  {
    name: "raw({ columnNames: true })",
    run: (db) => db.prepare("SELECT t, i FROM scratch ORDER BY id").raw({ columnNames: true }),
  },
  {
    name: "raw({ columnNames: true }) without rows",
    run: (db) => db.prepare("SELECT t, i FROM scratch WHERE 0").raw({ columnNames: true }),
  },
  { name: "first()", run: (db) => db.prepare("SELECT * FROM scratch ORDER BY id").first() },
  {
    name: "first(column)",
    run: (db) => db.prepare("SELECT * FROM scratch ORDER BY id").first("t"),
  },
  {
    name: "first() without rows",
    run: (db) => db.prepare("SELECT * FROM scratch WHERE 0").first(),
  },
  {
    name: "first(column) without rows",
    run: (db) => db.prepare("SELECT * FROM scratch WHERE 0").first("t"),
  },
  {
    name: "first(unknown column)",
    run: (db) => db.prepare("SELECT * FROM scratch").first("nope"),
  },
  { name: "a repeated column name", run: (db) => db.prepare("SELECT 1 AS a, 2 AS a").all() },
  { name: "run() of a SELECT", run: (db) => db.prepare("SELECT count(*) AS n FROM scratch").run() },
  {
    name: "UPDATE … RETURNING",
    run: (db) => db.prepare("UPDATE scratch SET i = coalesce(i, 0) + 1 RETURNING id, i").run(),
  },
  {
    name: "UPDATE changing nothing",
    run: (db) => db.prepare("UPDATE scratch SET i = 0 WHERE id > 100").run(),
  },
  {
    name: "upsert (ON CONFLICT DO UPDATE)",
    run: (db) =>
      db
        .prepare(
          "INSERT INTO scratch (t, i) VALUES (?1, ?2) ON CONFLICT (t) DO UPDATE SET i = excluded.i",
        )
        .bind("a", 40)
        .run(),
  },
  {
    name: "INSERT OR IGNORE of a duplicate",
    run: (db) => db.prepare("INSERT OR IGNORE INTO scratch (t) VALUES ('a')").run(),
  },
  { name: "DELETE", run: (db) => db.prepare("DELETE FROM scratch WHERE t = ''").run() },
  {
    name: "json_each and ->>",
    run: (db) =>
      db
        .prepare("SELECT j.value ->> 'k' AS k, j.key FROM json_each(?1) j")
        .bind(JSON.stringify([{ k: "x" }, { k: 2 }, { k: null }]))
        .all(),
  },
  {
    name: "batch: writes and reads in order, changes() across statements",
    run: (db) =>
      db.batch([
        db.prepare("INSERT INTO scratch (t) VALUES ('c')"),
        db.prepare("SELECT changes() AS c, last_insert_rowid() AS l"),
        db.prepare("UPDATE scratch SET n = 'x' WHERE t = ?1").bind("c"),
      ]),
  },
  {
    name: "batch failing on its second statement",
    run: (db) =>
      db.batch([
        db.prepare("INSERT INTO scratch (t) VALUES ('d')"),
        db.prepare("INSERT INTO scratch (t) VALUES ('a')"),
      ]),
  },
  {
    name: "nothing of the failed batch stayed",
    run: (db) => db.prepare("SELECT t FROM scratch ORDER BY t").all(),
  },
  { name: "an empty batch", run: (db) => db.batch([]) },
  {
    name: "exec: one statement per line",
    run: (db) =>
      db.exec(
        "CREATE TABLE lines (x);\nINSERT INTO lines VALUES (1);\n\nINSERT INTO lines VALUES (2); INSERT INTO lines VALUES (3);",
      ),
  },
  {
    name: "exec failing on a later line",
    run: (db) => db.exec("INSERT INTO lines VALUES (4);\nINSERT INTO nope VALUES (5);"),
  },
  { name: "exec of nothing", run: (db) => db.exec("") },
  { name: "what exec left", run: (db) => db.prepare("SELECT x FROM lines ORDER BY x").all() },
  // Errors.
  {
    name: "UNIQUE",
    run: (db) => db.prepare("INSERT INTO scratch (t) VALUES ('a')").run(),
  },
  {
    name: "NOT NULL",
    run: (db) => db.prepare("INSERT INTO scratch (t) VALUES (NULL)").run(),
  },
  {
    name: "CHECK",
    run: (db) => db.prepare("INSERT INTO scratch (t, c) VALUES ('z', 0)").run(),
  },
  {
    name: "FOREIGN KEY",
    run: (db) =>
      db
        .prepare(
          `INSERT INTO credentials (id, unit_id, role, secret_hash, created_at, created_by)
           VALUES ('x', 999999, 'clerk', 'h', ?1, 't')`,
        )
        .bind(AT)
        .run(),
  },
  {
    name: "a trigger's RAISE(ABORT) (append-only revisions)",
    run: (db) => db.prepare("DELETE FROM revisions").run(),
  },
  { name: "no such table", run: (db) => db.prepare("SELECT * FROM nope").all() },
  { name: "no such column", run: (db) => db.prepare("SELECT nope FROM scratch").all() },
  { name: "syntax error", run: (db) => db.prepare("SELEC 1").all() },
  { name: "empty statement", run: (db) => db.prepare("").all() },
  { name: "too few values", run: (db) => db.prepare("SELECT ?1, ?2").bind(1).all() },
  { name: "too many values", run: (db) => db.prepare("SELECT ?1").bind(1, 2).all() },
  {
    name: "a '?' inside a literal is no parameter",
    run: (db) => db.prepare("SELECT '?1' AS q, ?1 AS v -- ?2\n").bind("x").all(),
  },
  { name: "undefined", run: async (db) => db.prepare("SELECT ?1").bind(undefined).all() },
  { name: "an object", run: async (db) => db.prepare("SELECT ?1").bind({ a: 1 }).all() },
  { name: "a bigint", run: async (db) => db.prepare("SELECT ?1").bind(10n).all() },
  { name: "a Date", run: async (db) => db.prepare("SELECT ?1").bind(new Date(0)).all() },
  { name: "BEGIN", run: (db) => db.prepare("BEGIN").run() },
  { name: "foreign keys are on", run: (db) => db.prepare("PRAGMA foreign_keys").all() },

  // The Worker's own storage code (worker/src/db), as the services call it.
  {
    name: "unit import (json_each inserts, recount)",
    run: async (db) => {
      const rows = [
        { code: "R", name: "县", parent_code: null },
        { code: "A", name: "甲局", parent_code: "R" },
        { code: "B", name: "乙镇", parent_code: "R" },
        { code: "B1", name: "乙镇某村", parent_code: "B" },
      ];
      const plan = await planUnitImport(db, rows);
      return db.batch(importStatements(db, plan, AT));
    },
  },
  {
    name: "unitByCode, unitPath, subtreeUnitRows",
    run: async (db) => {
      const b1 = await unit(db, "B1");
      return { b1, path: await unitPath(db, b1), subtree: await subtreeUnitRows(db, null) };
    },
  },
  {
    name: "insertCredential and the authentication read",
    run: async (db) => {
      await insertCredential(
        db,
        { id: "cred1", unit: await unit(db, "A"), role: "clerk", secretHash: "h1" },
        actor,
      );
      return credentialStatement(db, "cred1").first();
    },
  },
  {
    name: "revokeCredential twice (audit only when changed)",
    run: async (db) => [
      await revokeCredential(db, "cred1", actor),
      await revokeCredential(db, "cred1", { ...actor, at: "2026-03-02T00:00:00.000Z" }),
      await db.prepare("SELECT action, target FROM audit_log ORDER BY id").all(),
    ],
  },
  { name: "listCredentials", run: (db) => listCredentials(db, "/R/") },
  {
    name: "invite: issue, redeem, redeem again",
    run: async (db) => {
      const invite = { codeHash: "ch1", unit: await unit(db, "B"), role: "clerk" as const };
      await insertInvite(db, { ...invite, expiresAt: "2026-04-01T00:00:00.000Z" }, actor);
      const r = { codeHash: "ch1", secretHash: "s", at: AT, requestId: "req-2" };
      return [
        await redeemInvite(db, { ...r, credentialId: "cred2" }),
        await redeemInvite(db, { ...r, credentialId: "cred3" }),
      ];
    },
  },
  {
    name: "pruneIdempotency",
    run: async (db) => {
      await db
        .prepare(
          `INSERT INTO idempotency (credential_id, key, request_hash, status, body, created_at)
           VALUES ('cred2', 'k', 'h', 200, '{}', '2020-01-01T00:00:00.000Z')`,
        )
        .run();
      return pruneIdempotency(db, new Date(AT));
    },
  },
  {
    name: "readHealth (d1_migrations)",
    run: async (db) => (await readHealth(db, new Date(AT))).migrations,
  },
];

/** A step's answer with what cannot match removed: timings and D1's storage counters. */
export function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if ("success" in o && "meta" in o) {
      const meta = o.meta as D1Meta;
      return {
        success: o.success,
        results: comparable(o.results),
        meta: { changes: meta.changes, last_row_id: meta.last_row_id },
      };
    }
    if ("count" in o && "duration" in o && Object.keys(o).length === 2) return { count: o.count };
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, comparable(v)]));
  }
  return value;
}

/** Run the corpus; each step's comparable answer or its error (message and cause). */
export async function runCorpus(db: D1Database): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const step of CORPUS) {
    try {
      out[step.name] = { ok: comparable(await step.run(db)) };
    } catch (e) {
      const err = e as Error;
      out[step.name] = {
        // workerd adds where a syntax error was found; node:sqlite does not expose it.
        error: err.message.replace(/ at offset \d+:/, ":"),
        cause: (err.cause as Error | undefined)?.message.replace(/ at offset \d+:/, ":"),
      };
    }
  }
  return out;
}
