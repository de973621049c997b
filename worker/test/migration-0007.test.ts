/**
 * Migration 0007 (compact values) on a database filled the way the code before it wrote: report
 * values and aggregate sums as JSON objects keyed by cell id, idempotency records with bodies.
 * Every stored value, every sum and the rollup invariant must survive the rewrite.
 */
import { applyD1Migrations, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { getForm } from "../../shared/forms/catalogue";
import { readRollup } from "../src/db/rollups";
import { decodeScaled, decodeValues } from "../src/db/values";
import { validValues } from "./helpers";

const FORM = "gov-2021";
const YEAR = 2021;
const db = () => env.MIGRATION_DB;
const before = env.TEST_MIGRATIONS.filter((m) => m.name < "0007");

/** root → 2 children → 2 grandchildren each; every leaf and one child report. */
const UNITS = [
  { id: 1, code: "M", path: "/M/", parent: null },
  { id: 2, code: "MA", path: "/M/MA/", parent: 1 },
  { id: 3, code: "MB", path: "/M/MB/", parent: 1 },
  { id: 4, code: "MA1", path: "/M/MA/MA1/", parent: 2 },
  { id: 5, code: "MA2", path: "/M/MA/MA2/", parent: 2 },
  { id: 6, code: "MB1", path: "/M/MB/MB1/", parent: 3 },
  { id: 7, code: "MB2", path: "/M/MB/MB2/", parent: 3 },
];

/** A report as the old code stored it: every cell, zeros included, amounts with 4 decimals. */
function oldValues(seed: number): Record<string, number> {
  const v = validValues(seed);
  const amounts = getForm(FORM)!.cells.filter((c) => c.kind === "amount");
  v[amounts[0]!.id] = 1234567.8901 * seed;
  v[amounts[1]!.id] = 0.0001;
  return v;
}

/** Scaled sums as the old SQL kept them: zero cells left out, keys in order. */
function oldAggregate(reports: Record<string, number>[]): string {
  const sums = new Map<string, bigint>();
  for (const r of reports) {
    for (const [k, x] of Object.entries(r)) {
      sums.set(k, (sums.get(k) ?? 0n) + BigInt(Math.round(x * 10_000)));
    }
  }
  const kept = [...sums].filter(([, s]) => s !== 0n).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${kept.map(([k, s]) => `${JSON.stringify(k)}:${s}`).join(",")}}`;
}

async function fillAsOldCode() {
  const stmts: D1PreparedStatement[] = [];
  for (const u of UNITS) {
    const depth = u.path.split("/").length - 3;
    stmts.push(
      db()
        .prepare(
          `INSERT INTO units (id, code, name, parent_id, depth, path, created_at, subtree_units)
           VALUES (?1, ?2, ?2, ?3, ?4, ?5, '2021-01-01', ?6)`,
        )
        .bind(
          u.id,
          u.code,
          u.parent,
          depth,
          u.path,
          UNITS.filter((d) => d.path.startsWith(u.path)).length,
        ),
    );
  }
  stmts.push(
    db().prepare(
      `INSERT INTO credentials (id, unit_id, role, secret_hash, created_at) VALUES ('c1', 4, 'clerk', 'x', '2021')`,
    ),
  );
  const reports = new Map<number, Record<string, number>>();
  for (const u of UNITS.filter((u) => u.id >= 2 && u.id !== 3)) {
    // Two revisions each: the aggregates count the current (second) one.
    for (const revision of [1, 2]) {
      const values = oldValues(u.id * 10 + revision);
      if (revision === 2) reports.set(u.id, values);
      stmts.push(
        db()
          .prepare(
            `INSERT INTO revisions (unit_id, form, year, revision, vals, explanations, issues, errors,
               warnings, status, credential_id, submitted_at, hash, request_id)
             VALUES (?1, ?2, ?3, ?4, ?5, '{}', '[]', 0, 0, 'submitted', 'c1', '2021-03-01', 'h', 'r')`,
          )
          .bind(u.id, FORM, YEAR, revision, JSON.stringify(values)),
      );
    }
    stmts.push(
      db()
        .prepare(
          `INSERT INTO current_reports (unit_id, form, year, revision, errors, warnings, submitted_at, status)
           VALUES (?1, ?2, ?3, 2, 0, 0, '2021-03-01', ?4)`,
        )
        .bind(u.id, FORM, YEAR, u.id % 2 === 0 ? "accepted" : "submitted"),
    );
  }
  for (const u of UNITS) {
    const inside = UNITS.filter((d) => d.path.startsWith(u.path) && reports.has(d.id));
    if (inside.length === 0) continue;
    const accepted = inside.filter((d) => d.id % 2 === 0);
    stmts.push(
      db()
        .prepare(
          `INSERT INTO aggregates (unit_id, form, year, vals, submitted) VALUES (?1, ?2, ?3, ?4, ?5)`,
        )
        .bind(u.id, FORM, YEAR, oldAggregate(inside.map((d) => reports.get(d.id)!)), inside.length),
      db()
        .prepare(
          `INSERT INTO accepted_aggregates (unit_id, form, year, vals, accepted) VALUES (?1, ?2, ?3, ?4, ?5)`,
        )
        .bind(
          u.id,
          FORM,
          YEAR,
          oldAggregate(accepted.map((d) => reports.get(d.id)!)),
          accepted.length,
        ),
    );
  }
  const body = JSON.stringify({
    unit: { code: "MA1", name: "MA1" },
    form: FORM,
    year: YEAR,
    revision: 2,
  });
  stmts.push(
    db()
      .prepare(
        `INSERT INTO idempotency (credential_id, key, request_hash, status, body, etag, created_at)
         VALUES ('c1', 'k1', 'rh', 201, ?1, 'e', '2021-03-01T00:00:00.000Z')`,
      )
      .bind(body),
  );
  await db().batch(stmts);
  return reports;
}

describe("migration 0007 on a database filled by the old code", () => {
  it("keeps every stored value, every sum and the rollup invariant", async () => {
    await applyD1Migrations(db(), before);
    const reports = await fillAsOldCode();
    const { results: oldRevisions } = await db()
      .prepare(`SELECT unit_id, revision, vals FROM revisions ORDER BY unit_id, revision`)
      .all<{ unit_id: number; revision: number; vals: string }>();
    const oldSums = await db()
      .prepare(
        `SELECT 'a' AS t, unit_id, vals FROM aggregates
         UNION ALL SELECT 'x', unit_id, vals FROM accepted_aggregates ORDER BY 1, 2`,
      )
      .all<{ t: string; unit_id: number; vals: string }>();

    await applyD1Migrations(db(), env.TEST_MIGRATIONS);

    const { results: revisions } = await db()
      .prepare(`SELECT unit_id, revision, vals FROM revisions ORDER BY unit_id, revision`)
      .all<{ unit_id: number; revision: number; vals: string }>();
    expect(revisions).toHaveLength(oldRevisions.length);
    revisions.forEach((r, i) => {
      expect(r.vals.startsWith("[")).toBe(true);
      expect(r.vals.length).toBeLessThan(oldRevisions[i]!.vals.length / 4);
      // Every value of every cell, exactly.
      expect(decodeValues(FORM, r.vals)).toEqual(JSON.parse(oldRevisions[i]!.vals));
    });
    const sums = await db()
      .prepare(
        `SELECT 'a' AS t, unit_id, vals FROM aggregates
         UNION ALL SELECT 'x', unit_id, vals FROM accepted_aggregates ORDER BY 1, 2`,
      )
      .all<{ t: string; unit_id: number; vals: string }>();
    expect(sums.results).toHaveLength(oldSums.results.length);
    sums.results.forEach((s, i) => {
      expect(s.vals.startsWith("[")).toBe(true);
      expect(decodeScaled(FORM, s.vals)).toEqual(decodeScaled(FORM, oldSums.results[i]!.vals));
    });

    // The invariant through the Worker's own rollup read: each node's sums = its subtree's reports.
    const form = getForm(FORM)!;
    for (const u of UNITS) {
      const read = await readRollup(
        db(),
        { ...u, name: u.code, depth: 0, parent_id: u.parent, subtree_units: 1 } as never,
        FORM,
        YEAR,
        "submitted",
        "none",
      );
      const inside = UNITS.filter((d) => d.path.startsWith(u.path) && reports.has(d.id));
      for (const c of form.cells) {
        const want = inside.reduce(
          (s, d) => s + BigInt(Math.round((reports.get(d.id)![c.id] ?? 0) * 10_000)),
          0n,
        );
        expect(read.own.vals[c.id] ?? 0n).toBe(want);
      }
      expect(read.own.submitted).toBe(inside.length);
    }

    // The idempotency record now points at the revision its body showed, without the body.
    const idem = await db().prepare(`SELECT * FROM idempotency`).all();
    expect(idem.results).toEqual([
      expect.objectContaining({
        unit_id: 4,
        form: FORM,
        year: YEAR,
        revision: 2,
        body: null,
        etag: "e",
      }),
    ]);

    // Revisions are append-only again.
    await expect(db().prepare(`UPDATE revisions SET hash = 'y'`).run()).rejects.toThrow(
      /append-only/,
    );
    await expect(db().prepare(`DELETE FROM revisions`).run()).rejects.toThrow(/append-only/);
  });
});
