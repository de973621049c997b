import { env } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RollupSchema } from "../../shared/api/schemas";
import { decodeScaled, decodeValues } from "../src/db/values";
import { call, putReport, seedToken, seedUnits, validValues, type TreeUnit } from "./helpers";

const SCALE = 10_000;

/** Stored sums (db/values.ts) as numbers, zero cells left out. */
function scaledNumbers(stored: string | null): Record<string, number> {
  const exact = decodeScaled("gov-2021", stored);
  return Object.fromEntries(Object.entries(exact).map(([k, v]) => [k, Number(v)]));
}
let runId = 0;

/** Sum of the current reports of every node's subtree, recomputed from the revisions table. */
async function recompute(prefix: string, year: number) {
  const { results: units } = await env.DB.prepare(
    `SELECT id, code, path FROM units WHERE code LIKE ?1 || '%'`,
  )
    .bind(prefix)
    .all<{ id: number; code: string; path: string }>();
  const { results: current } = await env.DB.prepare(
    `SELECT r.unit_id, r.vals FROM revisions r
      WHERE r.form = 'gov-2021' AND r.year = ?1
        AND r.revision = (SELECT max(revision) FROM revisions x
                           WHERE x.unit_id = r.unit_id AND x.form = r.form AND x.year = r.year)`,
  )
    .bind(year)
    .all<{ unit_id: number; vals: string }>();
  const byId = new Map(current.map((c) => [c.unit_id, decodeValues("gov-2021", c.vals)]));
  const out = new Map<string, { vals: Record<string, number>; submitted: number }>();
  for (const u of units) {
    const vals: Record<string, number> = {};
    let submitted = 0;
    for (const d of units) {
      if (!d.path.startsWith(u.path)) continue;
      const v = byId.get(d.id);
      if (!v) continue;
      submitted++;
      for (const [k, x] of Object.entries(v)) {
        const s = (vals[k] ?? 0) + Math.round(x * SCALE);
        if (s === 0) delete vals[k];
        else vals[k] = s;
      }
    }
    out.set(u.code, { vals, submitted });
  }
  return out;
}

async function stored(prefix: string, year: number) {
  const { results } = await env.DB.prepare(
    `SELECT u.code, a.vals, a.submitted FROM units u
       LEFT JOIN aggregates a ON a.unit_id = u.id AND a.form = 'gov-2021' AND a.year = ?2
      WHERE u.code LIKE ?1 || '%'`,
  )
    .bind(prefix, year)
    .all<{ code: string; vals: string | null; submitted: number | null }>();
  return new Map(
    results.map((r) => [
      r.code,
      {
        vals: scaledNumbers(r.vals),
        submitted: r.submitted ?? 0,
      },
    ]),
  );
}

/** A random tree: node i's parent is one of the nodes before it. */
const treeArb = fc
  .integer({ min: 1, max: 9 })
  .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.nat(), { minLength: n, maxLength: n })));

const actionArb = fc.record({
  unit: fc.nat(),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  year: fc.constantFrom(2021, 2023),
  /** stale: send an outdated If-Match; invalid: break a total; retry: replay the same request. */
  kind: fc.constantFrom("ok", "ok", "ok", "retry", "stale", "invalid"),
});

/** A random tree: unit i's parent is one of the units before it, unit 0 the root. */
function buildTree(prefix: string, n: number, parents: number[]): TreeUnit[] {
  const tree: TreeUnit[] = [];
  for (let i = 0; i <= n; i++) {
    tree.push({
      code: `${prefix}${i}`,
      name: `单位${i}`,
      parent: i === 0 ? null : `${prefix}${parents[i - 1]! % i}`,
    });
  }
  return tree;
}

describe("rollup invariant", () => {
  it("the stored aggregate of every node equals the sum recomputed from scratch", async () => {
    await fc.assert(
      fc.asyncProperty(
        treeArb,
        fc.array(actionArb, { minLength: 1, maxLength: 14 }),
        async ([n, parents], actions) => {
          const prefix = `P${++runId}x`;
          const tree = buildTree(prefix, n, parents);
          await seedUnits(tree);
          const clerks = await Promise.all(tree.map((u) => seedToken(u.code, "clerk")));
          const supervisor = await seedToken(tree[0]!.code, "supervisor");
          const etags = new Map<string, string>();

          for (const a of actions) {
            const i = a.unit % tree.length;
            const code = tree[i]!.code;
            const tagKey = `${code}/${a.year}`;
            const values = validValues(a.seed, 30);
            if (a.kind === "invalid") values["requests.handled_total.natural"]! += 1;
            const current = etags.get(tagKey) ?? null;
            const ifMatch = a.kind === "stale" ? `"gov-2021-${a.year}-r99"` : current;
            const key = `${prefix}-${a.seed}-${a.kind}`;
            const res = await putReport(clerks[i]!, code, a.year, { values }, { ifMatch, key });
            if (a.kind === "retry") {
              const again = await putReport(clerks[i]!, code, a.year, { values }, { ifMatch, key });
              expect(again.status).toBe(res.status);
              await again.arrayBuffer();
            }
            if (a.kind === "ok" || a.kind === "retry") {
              expect(res.status, await res.clone().text()).toBe(201);
              etags.set(tagKey, res.headers.get("ETag")!);
            } else {
              expect(res.status).toBeGreaterThanOrEqual(400);
            }
            await res.arrayBuffer();
          }

          for (const year of [2021, 2023]) {
            const want = await recompute(prefix, year);
            const have = await stored(prefix, year);
            expect(have).toEqual(want);
            // The API's rollup of the root reads the same figures.
            const rollup = RollupSchema.parse(
              await (
                await call(`/units/${tree[0]!.code}/rollups/gov-2021/${year}`, {
                  token: supervisor,
                })
              ).json(),
            );
            const root = want.get(tree[0]!.code)!;
            // Without the completeness list, the same figures come from the aggregates alone.
            const lean = RollupSchema.parse(
              await (
                await call(`/units/${tree[0]!.code}/rollups/gov-2021/${year}?completeness=none`, {
                  token: supervisor,
                })
              ).json(),
            );
            expect({ ...lean, completeness: [], completenessMode: "all" }).toEqual({
              ...rollup,
              completeness: [],
            });
            expect(rollup.submitted).toBe(root.submitted);
            expect(rollup.completeness.filter((u) => u.status === "submitted")).toHaveLength(
              root.submitted,
            );
            expect(rollup.completeness).toHaveLength(tree.length);
            expect(rollup.units).toBe(tree.length);
            for (const [cell, v] of Object.entries(rollup.values)) {
              expect(Math.round(v * SCALE)).toBe(root.vals[cell] ?? 0);
            }
          }
        },
      ),
      { numRuns: 25, seed: 424242 },
    );
  });
});

/** Sum of the accepted reports of every node's subtree, recomputed from the revisions table. */
async function recomputeAccepted(prefix: string, year: number) {
  const { results: units } = await env.DB.prepare(
    `SELECT id, code, path FROM units WHERE code LIKE ?1 || '%'`,
  )
    .bind(prefix)
    .all<{ id: number; code: string; path: string }>();
  const { results: accepted } = await env.DB.prepare(
    `SELECT r.unit_id, r.vals FROM revisions r
       JOIN current_reports c ON c.unit_id = r.unit_id AND c.form = r.form AND c.year = r.year
                             AND c.revision = r.revision AND c.status = 'accepted'
      WHERE r.form = 'gov-2021' AND r.year = ?1`,
  )
    .bind(year)
    .all<{ unit_id: number; vals: string }>();
  const byId = new Map(accepted.map((c) => [c.unit_id, decodeValues("gov-2021", c.vals)]));
  const out = new Map<string, { vals: Record<string, number>; accepted: number }>();
  for (const u of units) {
    const vals: Record<string, number> = {};
    let n = 0;
    for (const d of units) {
      if (!d.path.startsWith(u.path)) continue;
      const v = byId.get(d.id);
      if (!v) continue;
      n++;
      for (const [k, x] of Object.entries(v)) {
        const s = (vals[k] ?? 0) + Math.round(x * SCALE);
        if (s === 0) delete vals[k];
        else vals[k] = s;
      }
    }
    out.set(u.code, { vals, accepted: n });
  }
  return out;
}

async function storedAccepted(prefix: string, year: number) {
  const { results } = await env.DB.prepare(
    `SELECT u.code, a.vals, a.accepted FROM units u
       LEFT JOIN accepted_aggregates a ON a.unit_id = u.id AND a.form = 'gov-2021' AND a.year = ?2
      WHERE u.code LIKE ?1 || '%'`,
  )
    .bind(prefix, year)
    .all<{ code: string; vals: string | null; accepted: number | null }>();
  return new Map(
    results.map((r) => [
      r.code,
      {
        vals: scaledNumbers(r.vals),
        accepted: r.accepted ?? 0,
      },
    ]),
  );
}

const workflowActionArb = fc.record({
  unit: fc.nat(),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  kind: fc.constantFrom(
    "submit",
    "submit",
    "accept",
    "accept",
    "return",
    "reopen",
    "reopen",
    "retry",
  ),
});

/** Successful review outcomes over all runs (the property must really accept and reopen). */
const transitions: Record<string, number> = {};

describe("accepted rollup invariant", () => {
  it("accepted aggregates equal the sum recomputed from scratch over accept / reopen / resubmit", async () => {
    await fc.assert(
      fc.asyncProperty(
        treeArb,
        fc.array(workflowActionArb, { minLength: 1, maxLength: 30 }),
        async ([n, parents], actions) => {
          const prefix = `A${++runId}x`;
          const tree = buildTree(prefix, n, parents);
          await seedUnits(tree);
          const clerks = await Promise.all(tree.map((u) => seedToken(u.code, "clerk")));
          const supervisor = await seedToken(tree[0]!.code, "supervisor");
          const year = 2021;
          let lastKey: { i: number; body: unknown; key: string } | null = null;

          for (const a of actions) {
            // The root's own report is never reviewed (nobody is above it).
            const i = 1 + (a.unit % (tree.length - 1 || 1));
            if (i >= tree.length) continue;
            const code = tree[i]!.code;
            const path = `/units/${code}/reports/gov-2021/${year}`;
            const cur = await call(path, { token: supervisor });
            const revision =
              cur.status === 200 ? (await cur.json<{ revision: number }>()).revision : 0;
            if (cur.status !== 200) await cur.arrayBuffer();
            let res: Response;
            // Without a report, a review is a plain 404: submit instead, to keep the run busy.
            if (a.kind === "submit" || (revision === 0 && a.kind !== "retry")) {
              res = await putReport(
                clerks[i]!,
                code,
                year,
                { values: validValues(a.seed, 30) },
                { ifMatch: revision ? `"gov-2021-${year}-r${revision}"` : null },
              );
            } else if (a.kind === "retry" && lastKey) {
              res = await call(`/units/${tree[lastKey.i]!.code}/reports/gov-2021/${year}/review`, {
                method: "POST",
                token: supervisor,
                body: lastKey.body,
                headers: { "Idempotency-Key": lastKey.key },
              });
            } else {
              const action = a.kind === "retry" ? "accept" : a.kind;
              const body =
                action === "reopen"
                  ? { action, reason: "重新打开" }
                  : action === "return"
                    ? { action, revision, reason: "退回" }
                    : { action, revision };
              const key = `${prefix}-${a.seed}-${action}`;
              lastKey = { i, body, key };
              res = await call(`${path}/review`, {
                method: "POST",
                token: supervisor,
                body,
                headers: { "Idempotency-Key": key },
              });
            }
            expect(res.status, await res.clone().text()).toBeLessThan(500);
            if (res.status === 200) {
              const st = (await res.clone().json<{ status: string }>()).status;
              transitions[st] = (transitions[st] ?? 0) + 1;
              if (a.kind === "reopen") transitions.reopened = (transitions.reopened ?? 0) + 1;
            }
            await res.arrayBuffer();
          }

          const want = await recomputeAccepted(prefix, year);
          const have = await storedAccepted(prefix, year);
          expect(have).toEqual(want);
          const rollup = RollupSchema.parse(
            await (
              await call(`/units/${tree[0]!.code}/rollups/gov-2021/${year}?include=accepted`, {
                token: supervisor,
              })
            ).json(),
          );
          const root = want.get(tree[0]!.code)!;
          expect(rollup.included).toBe(root.accepted);
          expect(rollup.completeness.filter((u) => u.status === "accepted")).toHaveLength(
            root.accepted,
          );
          for (const [cell, v] of Object.entries(rollup.values)) {
            expect(Math.round(v * SCALE)).toBe(root.vals[cell] ?? 0);
          }
          for (const child of rollup.children) {
            const w = want.get(child.code)!;
            expect(child.included).toBe(w.accepted);
            for (const [cell, v] of Object.entries(child.values))
              expect(Math.round(v * SCALE)).toBe(w.vals[cell] ?? 0);
          }
        },
      ),
      { numRuns: 25, seed: 434343 },
    );
    expect(transitions.accepted ?? 0).toBeGreaterThan(5);
    expect(transitions.returned ?? 0).toBeGreaterThan(5);
    expect(transitions.reopened ?? 0).toBeGreaterThan(2);
  });
});

describe("rollup invariant under moves", () => {
  it("after the unit sheet moves subtrees, aggregates and subtree sizes equal a recomputation", async () => {
    await fc.assert(
      fc.asyncProperty(
        treeArb,
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }),
        async ([n, parents], moves) => {
          const prefix = `M${++runId}x`;
          const tree = buildTree(prefix, n, parents);
          const admin = await seedUnits(tree).then(() => seedToken(tree[0]!.code, "admin"));
          for (const [i, u] of tree.entries()) {
            const clerk = await seedToken(u.code, "clerk");
            expect(
              (await putReport(clerk, u.code, 2021, { values: validValues(i + 1) })).status,
            ).toBe(201);
          }
          const rows = tree.map((u) => ({ code: u.code, name: u.name, parent: u.parent }));
          for (const [a, b] of moves) {
            const { results } = await env.DB.prepare(
              `SELECT code, path FROM units WHERE code LIKE ?1 || '%'`,
            )
              .bind(prefix)
              .all<{ code: string; path: string }>();
            const mover = results.filter((r) => r.code !== tree[0]!.code)[a % n]!; // never the root
            const targets = results.filter((r) => !r.path.startsWith(mover.path));
            const target = targets[b % targets.length]!;
            const row = rows.find((r) => r.code === mover.code)!;
            row.parent = target.code;
            const res = await call("/admin/units/changes", {
              method: "POST",
              token: admin,
              body: { rows },
            });
            expect(res.status, await res.clone().text()).toBe(200);
            await res.arrayBuffer();
          }
          expect(await stored(prefix, 2021)).toEqual(await recompute(prefix, 2021));
          const { results: sizes } = await env.DB.prepare(
            `SELECT u.subtree_units AS n, (SELECT count(*) FROM units d WHERE d.path LIKE u.path || '%') AS want,
                    u.depth, length(u.path) - length(replace(u.path, '/', '')) - 2 AS wantDepth
               FROM units u WHERE u.code LIKE ?1 || '%'`,
          )
            .bind(prefix)
            .all<{ n: number; want: number; depth: number; wantDepth: number }>();
          for (const s of sizes) expect([s.n, s.depth]).toEqual([s.want, s.wantDepth]);
        },
      ),
      { numRuns: 15, seed: 454545 },
    );
  }, 60_000);
});
