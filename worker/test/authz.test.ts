import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../shared/api/schemas";
import { call, expectProblem, putReport, seedToken, seedUnits, validValues } from "./helpers";

/**
 * The authorization matrix: every endpoint × caller (clerk / supervisor / admin of unit A, or no
 * token) × target unit relative to A (own / descendant / ancestor / other / unknown).
 *
 *        R (county)
 *       / \
 *      A   B
 *      |
 *      A1
 */
type Caller = Role | "none";
type Target = "own" | "descendant" | "ancestor" | "other" | "unknown";
const TARGET_CODE: Record<Target, string> = {
  own: "A",
  descendant: "A1",
  ancestor: "R",
  other: "B",
  unknown: "ZZ404",
};
const CALLERS: Caller[] = ["clerk", "supervisor", "admin", "none"];
const TARGETS: Target[] = ["own", "descendant", "ancestor", "other", "unknown"];

const tokens: Record<string, string> = {};

beforeAll(async () => {
  await seedUnits([
    { code: "R", name: "县", parent: null },
    { code: "A", name: "甲局", parent: "R" },
    { code: "A1", name: "甲局下属", parent: "A" },
    { code: "B", name: "乙局", parent: "R" },
  ]);
  for (const role of ["clerk", "supervisor", "admin"] as Role[])
    tokens[role] = await seedToken("A", role);
  // Every existing unit has a 2021 report, submitted by its own clerk.
  for (const code of ["R", "A", "A1", "B"]) {
    const clerk = code === "A" ? tokens.clerk! : await seedToken(code, "clerk");
    const res = await putReport(clerk, code, 2021, {
      values: validValues(code.length + code.charCodeAt(0)),
    });
    expect(res.status).toBe(201);
  }
});

function token(caller: Caller): string | null {
  return caller === "none" ? null : tokens[caller]!;
}

/** What each unit endpoint answers for a caller and target. */
function expectedUnitStatus(
  endpoint: "report" | "revisions" | "put" | "rollup",
  caller: Caller,
  target: Target,
): number {
  if (caller === "none") return 401;
  if (caller === "admin") {
    if (target === "unknown") return 404;
    return endpoint === "put" ? 403 : 200;
  }
  if (caller === "clerk") {
    if (target !== "own" || endpoint === "rollup") return 403;
    return endpoint === "put" ? 201 : 200;
  }
  // supervisor
  if (target !== "own" && target !== "descendant") return 403;
  return endpoint === "put" ? 403 : 200;
}

async function currentETag(code: string): Promise<string | null> {
  const row = await env.DB.prepare(
    `SELECT max(r.revision) AS rev FROM revisions r JOIN units u ON u.id = r.unit_id
      WHERE u.code = ?1 AND r.form = 'gov-2021' AND r.year = 2021`,
  )
    .bind(code)
    .first<{ rev: number | null }>();
  return row?.rev ? `"gov-2021-2021-r${row.rev}"` : null;
}

describe("authorization matrix: unit endpoints", () => {
  for (const caller of CALLERS) {
    for (const target of TARGETS) {
      const code = TARGET_CODE[target];
      it(`${caller} → ${target}`, async () => {
        const t = token(caller);
        const answers = {
          report: await call(`/units/${code}/reports/gov-2021/2021`, { token: t }),
          revisions: await call(`/units/${code}/reports/gov-2021/2021/revisions`, { token: t }),
          rollup: await call(`/units/${code}/rollups/gov-2021/2021`, { token: t }),
          put: await (async () => {
            const headers: Record<string, string> = { "Idempotency-Key": `m-${caller}-${target}` };
            const etag = await currentETag(code);
            if (etag) headers["If-Match"] = etag;
            return call(`/units/${code}/reports/gov-2021/2021`, {
              method: "PUT",
              token: t,
              body: { values: validValues(7) },
              headers,
            });
          })(),
        };
        for (const [endpoint, res] of Object.entries(answers)) {
          const expected = expectedUnitStatus(endpoint as keyof typeof answers, caller, target);
          if (expected >= 400) await expectProblem(res, expected);
          else expect(res.status, `${endpoint}: ${await res.clone().text()}`).toBe(expected);
        }
      });
    }
  }

  it("a 403 for an unknown unit is the same as for a forbidden one", async () => {
    for (const caller of ["clerk", "supervisor"] as Caller[]) {
      for (const path of [
        "reports/gov-2021/2021",
        "reports/gov-2021/2021/revisions",
        "rollups/gov-2021/2021",
      ]) {
        const forbidden = await expectProblem(
          await call(`/units/B/${path}`, { token: token(caller) }),
          403,
        );
        const unknown = await expectProblem(
          await call(`/units/ZZ404/${path}`, { token: token(caller) }),
          403,
        );
        expect({ ...unknown, requestId: "" }).toEqual({ ...forbidden, requestId: "" });
      }
    }
  });
});

describe("authorization matrix: other endpoints", () => {
  for (const caller of CALLERS) {
    it(`${caller}: /me, /forms, admin`, async () => {
      const t = token(caller);
      const anyToken = caller === "none" ? 401 : 200;
      expect((await call("/me", { token: t })).status).toBe(anyToken);
      expect((await call("/forms", { token: t })).status).toBe(anyToken);
      expect((await call("/forms/gov-2021", { token: t })).status).toBe(anyToken);

      const adminOnly = (ok: number) => (caller === "none" ? 401 : caller === "admin" ? ok : 403);
      const units = await call("/admin/units", {
        method: "POST",
        token: t,
        body: [{ code: `N-${caller}`, name: "新单位", parent_code: "A" }],
      });
      const cred = await call("/admin/credentials", {
        method: "POST",
        token: t,
        body: { unit: "B", role: "clerk" },
      });
      const victim = await seedToken("B", "clerk");
      const del = await call(`/admin/credentials/${victim.split(".")[0]}`, {
        method: "DELETE",
        token: t,
      });
      for (const [res, ok] of [
        [units, 201],
        [cred, 201],
        [del, 200],
      ] as const) {
        const expected = adminOnly(ok);
        if (expected >= 400) await expectProblem(res, expected);
        else expect(res.status).toBe(expected);
      }
      // A denied admin call changed nothing.
      const created = await env.DB.prepare("SELECT count(*) AS n FROM units WHERE code = ?1")
        .bind(`N-${caller}`)
        .first<{ n: number }>();
      expect(created!.n).toBe(caller === "admin" ? 1 : 0);
      expect((await call("/me", { token: victim })).status).toBe(caller === "admin" ? 401 : 200);
    });
  }
});
