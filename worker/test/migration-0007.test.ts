/**
 * Migration 0007 (compact values) on a database filled by the old code. fixtures/pre-0007.sql is
 * a local D1 that the Worker before 0007 (commit c5d9ecd) filled through its real API, and
 * fixtures/pre-0007.answers.json what that Worker answered (both made by
 * scripts/fixture-pre-0007.ts). The fixture is loaded at the schema it was written with (0001–0004);
 * the later migrations run from their real files as a deployed database gets them (0005, 0006,
 * 0007). Every stored value and sum, the rollup invariant, the old Worker's answers to the reads
 * and the idempotent replays of its last writes must survive.
 */
import { applyD1Migrations, createExecutionContext, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { getForm } from "../../shared/forms/catalogue";
import { inScope } from "../../shared/forms/scope";
import { SCALE } from "../src/domain/scaled";
import { decodeScaled, decodeValues } from "../src/db/values";
import worker from "../src/index";
import answersText from "./fixtures/pre-0007.answers.json?raw";
import type { Pre0007Answers } from "./fixtures/pre-0007-format";
import fixture from "./fixtures/pre-0007.sql?raw";
import { ORIGIN } from "./helpers";

const answers = JSON.parse(answersText) as Pre0007Answers;

const db = () => env.MIGRATION_DB;
const rows = async <T>(sql: string) => (await db().prepare(sql).all<T>()).results;

interface RevisionRow {
  unit_id: number;
  form: string;
  year: number;
  revision: number;
  vals: string;
}
interface SumRow {
  t: string;
  unit_id: number;
  form: string;
  year: number;
  vals: string;
  n: number;
}
interface IdempotencyRow {
  credential_id: string;
  key: string;
  etag: string;
  created_at: string;
  body: string | null;
  revision: number | null;
}

const REVISIONS = `SELECT unit_id, form, year, revision, vals FROM revisions
                    ORDER BY unit_id, form, year, revision`;
const SUMS = `SELECT 'submitted' AS t, unit_id, form, year, vals, submitted AS n FROM aggregates
              UNION ALL
              SELECT 'accepted', unit_id, form, year, vals, accepted FROM accepted_aggregates
              ORDER BY 1, 2, 3, 4`;

/** What the old code had stored, read before the migrations that follow it. */
let old: { revisions: RevisionRow[]; sums: SumRow[]; idempotency: IdempotencyRow[] };

beforeAll(async () => {
  await applyD1Migrations(
    db(),
    env.TEST_MIGRATIONS.filter((m) => m.name < "0005"),
  );
  const statements = fixture.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("--"));
  // One statement a line (the export writes no line breaks inside values here).
  for (const s of statements) expect(s).toMatch(/^(INSERT INTO .*\);|PRAGMA .*;)$/);
  await db().batch(statements.map((s) => db().prepare(s)));
  old = {
    revisions: await rows<RevisionRow>(REVISIONS),
    sums: await rows<SumRow>(SUMS),
    idempotency: await rows<IdempotencyRow>(
      // The revision each answer showed, read from the body the old code kept.
      `SELECT credential_id, key, etag, created_at, NULL AS body,
              json_extract(body, '$.revision') AS revision FROM idempotency ORDER BY 1, 2`,
    ),
  };
  await applyD1Migrations(db(), env.TEST_MIGRATIONS);
});

/** The Worker on the migrated database. */
async function request(path: string, token: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${token}`);
  const req = new Request(`${ORIGIN}/api/v1${path}`, { ...init, headers });
  return worker.fetch(req, { ...env, DB: db() }, createExecutionContext());
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === "object" && !Array.isArray(x);

const nonZero = (v: unknown) =>
  isObject(v) ? Object.fromEntries(Object.entries(v).filter(([, n]) => n !== 0)) : v;

/**
 * The fresh answer cut to the members the old answer has (a later Worker may add members); cell
 * values compared whole, zeros left out as the fixture keeps them.
 */
function asOld(fresh: unknown, was: unknown): unknown {
  if (Array.isArray(was) && Array.isArray(fresh)) return fresh.map((x, i) => asOld(x, was[i]));
  if (!isObject(was) || !isObject(fresh)) return fresh;
  return Object.fromEntries(
    Object.keys(was).map((k) => [k, k === "values" ? nonZero(fresh[k]) : asOld(fresh[k], was[k])]),
  );
}

interface ScopedRollup {
  form: string;
  unit: { code: string };
  units: number;
  missing: number;
  children: { code: string }[];
  completeness: { code: string; status: string }[];
}

/**
 * The old answer as the Worker answers since local forms were scoped (after 0007's base; see
 * worker/README.md, Local forms): a local form's rollup above its scope lists and counts only the
 * units inside the scope (children, completeness, units, missing); sums were right already.
 */
function scoped(answer: unknown, paths: Map<string, string>): unknown {
  const a = answer as ScopedRollup;
  const form = getForm(a.form);
  if (!form?.scope || !a.completeness || inScope(form, paths.get(a.unit.code)!)) return answer;
  const inside = (code: string) => inScope(form, paths.get(code)!);
  const out = a.completeness.filter((e) => !inside(e.code));
  return {
    ...a,
    units: a.units - out.length,
    missing: a.missing - out.filter((e) => e.status === "missing").length,
    children: a.children.filter((c) => inside(c.code)),
    completeness: a.completeness.filter((e) => inside(e.code)),
  };
}

describe("migration 0007 on a database filled by the old code", () => {
  it("the fixture holds every form 0007 rewrites, at several levels, reviewed and keyed", () => {
    const forms = new Set(old.revisions.map((r) => r.form));
    expect([...forms].sort()).toEqual(["gov-2012", "gov-2019", "gov-2021", "haikou-2009"]);
    expect(new Set(old.sums.map((s) => s.unit_id)).size).toBeGreaterThanOrEqual(4);
    expect(old.sums.some((s) => s.t === "accepted" && s.n > 0)).toBe(true);
    expect(old.idempotency.length).toBeGreaterThan(0);
    for (const r of old.revisions) expect(r.vals.startsWith("{")).toBe(true);
  });

  it("keeps every stored value of every revision, in a quarter of the bytes", async () => {
    const revisions = await rows<RevisionRow>(REVISIONS);
    expect(revisions.map(({ vals: _, ...r }) => r)).toEqual(
      old.revisions.map(({ vals: _, ...r }) => r),
    );
    revisions.forEach((r, i) => {
      const was = old.revisions[i]!;
      expect(r.vals.startsWith("[")).toBe(true);
      expect(r.vals.length).toBeLessThan(was.vals.length / 4);
      expect(decodeValues(r.form, r.vals)).toEqual(JSON.parse(was.vals));
    });
  });

  it("keeps every submitted and accepted sum, and each is the sum of its subtree's reports", async () => {
    const sums = await rows<SumRow>(SUMS);
    expect(sums.map(({ vals: _, ...s }) => s)).toEqual(old.sums.map(({ vals: _, ...s }) => s));
    sums.forEach((s, i) => {
      expect(s.vals.startsWith("[")).toBe(true);
      expect(decodeScaled(s.form, s.vals)).toEqual(decodeScaled(s.form, old.sums[i]!.vals));
    });

    // The rollup invariant from the current reports, recomputed here.
    const current = await rows<RevisionRow & { path: string; status: string }>(
      `SELECT c.unit_id, c.form, c.year, c.status, u.path, r.vals FROM current_reports c
         JOIN units u ON u.id = c.unit_id
         JOIN revisions r USING (unit_id, form, year, revision)`,
    );
    const units = await rows<{ id: number; path: string }>(`SELECT id, path FROM units`);
    const pairs = new Set(current.map((c) => `${c.form}/${c.year}`));
    for (const u of units) {
      for (const pair of pairs) {
        for (const t of ["submitted", "accepted"]) {
          const inside = current.filter(
            (c) =>
              `${c.form}/${c.year}` === pair &&
              c.path.startsWith(u.path) &&
              (t === "submitted" || c.status === "accepted"),
          );
          const row = sums.find(
            (s) => s.t === t && s.unit_id === u.id && `${s.form}/${s.year}` === pair,
          );
          expect(row?.n ?? 0, `${t} ${u.path} ${pair}`).toBe(inside.length);
          const want: Record<string, bigint> = {};
          for (const c of inside) {
            for (const [k, v] of Object.entries(decodeValues(c.form, c.vals))) {
              const scaled = BigInt(Math.round(v * SCALE)) + (want[k] ?? 0n);
              if (scaled !== 0n) want[k] = scaled;
              else delete want[k];
            }
          }
          const form = pair.split("/")[0]!;
          expect(decodeScaled(form, row?.vals ?? null), `${t} ${u.path} ${pair}`).toEqual(want);
        }
      }
    }
  });

  it("answers GET report and GET rollup as the old Worker did", async () => {
    expect(answers.reports.length + answers.rollups.length).toBeGreaterThan(20);
    const units = await rows<{ code: string; path: string }>(`SELECT code, path FROM units`);
    const paths = new Map(units.map((u) => [u.code, u.path]));
    for (const { path, answer } of [...answers.reports, ...answers.rollups]) {
      const res = await request(path, answers.supervisorToken);
      const text = await res.text();
      expect(res.status, `${path}: ${text}`).toBe(200);
      const want = scoped(answer, paths);
      expect(asOld(JSON.parse(text), want), path).toEqual(want);
    }
  });

  it("keeps the idempotency records as references and replays the old writes", async () => {
    const records = await rows<IdempotencyRow>(
      `SELECT credential_id, key, etag, created_at, body, revision FROM idempotency ORDER BY 1, 2`,
    );
    // Each now points at the revision its body showed, without the body.
    expect(records).toEqual(old.idempotency);
    for (const r of records) expect(r.revision).toBeGreaterThan(0);
    for (const rp of answers.replays) {
      const res = await request(rp.path, rp.token, {
        method: rp.method,
        headers: rp.headers,
        body: JSON.stringify(rp.body),
      });
      const text = await res.text();
      expect(res.status, `${rp.method} ${rp.path}: ${text}`).toBe(rp.status);
      expect(res.headers.get("Idempotent-Replayed")).toBe("true");
      const { unit, form, year, revision, values, hash } = rp.answer;
      const stored = { unit, form, year, revision, values, hash };
      expect(asOld(JSON.parse(text), stored)).toEqual(stored);
    }
  });

  it("leaves revisions append-only", async () => {
    await expect(db().prepare(`UPDATE revisions SET hash = 'y'`).run()).rejects.toThrow(
      /append-only/,
    );
    await expect(db().prepare(`DELETE FROM revisions`).run()).rejects.toThrow(/append-only/);
  });
});
