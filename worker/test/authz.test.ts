import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../shared/api/schemas";
import { call, expectProblem, putReport, seedToken, seedUnits, validValues } from "./helpers";

/**
 * The authorization matrix: every endpoint × caller (clerk / supervisor / admin of unit A, the
 * admin of the root R, the admin of another organisation's root R2, or no token) × target unit
 * relative to A (own / descendant / ancestor / other / unknown / in the other organisation). An
 * admin administers its own unit's subtree, a root's admin too: never another organisation.
 *
 *        R (county)        R2 (another organisation)
 *       / \                |
 *      A   B               Q
 *      |
 *      A1
 */
type Caller = Role | "rootAdmin" | "otherRootAdmin" | "none";
type Target = "own" | "descendant" | "ancestor" | "other" | "unknown" | "foreign";
const TARGET_CODE: Record<Target, string> = {
  own: "A",
  descendant: "A1",
  ancestor: "R",
  other: "B",
  unknown: "ZZ404",
  foreign: "Q",
};
const CALLERS: Caller[] = ["clerk", "supervisor", "admin", "rootAdmin", "otherRootAdmin", "none"];
const TARGETS: Target[] = ["own", "descendant", "ancestor", "other", "unknown", "foreign"];

const tokens: Record<string, string> = {};

beforeAll(async () => {
  await seedUnits([
    { code: "R", name: "县", parent: null },
    { code: "A", name: "甲局", parent: "R" },
    { code: "A1", name: "甲局下属", parent: "A" },
    { code: "B", name: "乙局", parent: "R" },
    { code: "R2", name: "另一市", parent: null },
    { code: "Q", name: "另一市民政局", parent: "R2" },
  ]);
  for (const role of ["clerk", "supervisor", "admin"] as Role[])
    tokens[role] = await seedToken("A", role);
  tokens.rootAdmin = await seedToken("R", "admin");
  tokens.otherRootAdmin = await seedToken("R2", "admin");
  // Every existing unit has a 2021 report, submitted by its own clerk.
  for (const code of ["R", "A", "A1", "B", "Q"]) {
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
  if (caller === "otherRootAdmin") {
    // Its own organisation only: everything of the first is the same 403 as an unknown unit.
    if (target !== "foreign") return 403;
    return endpoint === "put" ? 403 : 200;
  }
  if (target === "foreign") return 403;
  if (caller === "rootAdmin") {
    if (target === "unknown") return 403;
    return endpoint === "put" ? 403 : 200;
  }
  if (caller === "admin") {
    // Its own subtree only; elsewhere the same 403 whether or not the unit exists.
    if (target !== "own" && target !== "descendant") return 403;
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
    for (const caller of ["clerk", "supervisor", "admin"] as Caller[]) {
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

/** The follow-up endpoints (issue 25), each asked in a way that changes nothing when allowed. */
type FollowUp =
  | "compare"
  | "withdraw"
  | "signOffGet"
  | "signOffPost"
  | "signOffWithdraw"
  | "remindersGet"
  | "remindersPost";

function expectedFollowUpStatus(endpoint: FollowUp, caller: Caller, target: Target): number {
  if (caller === "none") return 401;
  const read = expectedUnitStatus("report", caller, target);
  const rollup = expectedUnitStatus("rollup", caller, target);
  switch (endpoint) {
    case "compare":
      return read;
    case "withdraw":
      // Only the unit's clerk; the body names a revision that is not current (409, no change).
      return caller === "clerk" && target === "own" ? 409 : 403;
    case "signOffGet":
    case "remindersGet":
      return rollup;
    case "signOffPost":
      // Only a supervisor of the node itself signs off its consolidated report.
      return caller === "supervisor" && target === "own" ? 201 : 403;
    case "signOffWithdraw":
      // The same supervisor takes it back (asked after the sign-off: 200, now unconfirmed).
      return caller === "supervisor" && target === "own" ? 200 : 403;
    case "remindersPost":
      // A supervisor in scope; the body names no late unit (422, nothing sent).
      return caller === "supervisor" && rollup === 200 ? 422 : 403;
  }
}

describe("authorization matrix: follow-up endpoints", () => {
  for (const caller of CALLERS) {
    for (const target of TARGETS) {
      const code = TARGET_CODE[target];
      it(`${caller} → ${target}`, async () => {
        const t = token(caller);
        const report = `/units/${code}/reports/gov-2021/2021`;
        const post = (path: string, body?: unknown) =>
          call(path, {
            method: "POST",
            token: t,
            ...(body !== undefined ? { body } : {}),
            headers: { "Idempotency-Key": `f-${caller}-${target}-${path.length}` },
          });
        const answers: Record<FollowUp, Response> = {
          compare: await call(`${report}/revisions/compare`, { token: t }),
          withdraw: await post(`${report}/withdraw`, { revision: 999, reason: "矩阵" }),
          signOffGet: await call(`/units/${code}/rollups/gov-2021/2021/sign-off`, { token: t }),
          signOffPost: await post(`/units/${code}/rollups/gov-2021/2021/sign-off`),
          signOffWithdraw: await post(`/units/${code}/rollups/gov-2021/2021/sign-off/withdraw`, {}),
          remindersGet: await call(`/units/${code}/reminders/gov-2021/2021`, { token: t }),
          remindersPost: await post(`/units/${code}/reminders/gov-2021/2021`, {
            units: ["ZZ404"],
          }),
        };
        for (const [endpoint, res] of Object.entries(answers)) {
          const expected = expectedFollowUpStatus(endpoint as FollowUp, caller, target);
          if (expected >= 400) await expectProblem(res, expected);
          else expect(res.status, `${endpoint}: ${await res.clone().text()}`).toBe(expected);
        }
      });
    }
  }
});

describe("authorization matrix: other endpoints", () => {
  for (const caller of CALLERS) {
    it(`${caller}: /me, /forms, admin`, async () => {
      const t = token(caller);
      const anyToken = caller === "none" ? 401 : 200;
      expect((await call("/me", { token: t })).status).toBe(anyToken);
      expect((await call("/forms", { token: t })).status).toBe(anyToken);
      expect((await call("/forms/gov-2021", { token: t })).status).toBe(anyToken);

      const isAdmin = caller === "admin" || caller === "rootAdmin";
      const anyAdmin = isAdmin || caller === "otherRootAdmin";
      // Lists and previews answer every admin (each its own subtree); a change in the first
      // organisation only its admins.
      const adminOnly = (ok: number) => (caller === "none" ? 401 : isAdmin ? ok : 403);
      const anyAdminOnly = (ok: number) => (caller === "none" ? 401 : anyAdmin ? ok : 403);
      // B is outside the subtree of A's admin: only the root's admin administers it.
      const adminOfB = (ok: number) => (caller === "rootAdmin" ? ok : adminOnly(403));
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
      const inviteA = await call("/admin/invites", {
        method: "POST",
        token: t,
        body: { unit: "A1", role: "clerk" },
      });
      const inviteB = await call("/admin/invites", {
        method: "POST",
        token: t,
        body: { unit: "B", role: "clerk" },
      });
      const listUnits = await call("/admin/units", { token: t });
      const listCreds = await call("/admin/credentials", { token: t });
      // A's admin may rename A1 but not B (outside its subtree: a row error, not a change).
      const preview = await call("/admin/units/changes", {
        method: "POST",
        token: t,
        body: { rows: [{ code: "B", name: "改名", parent: "R" }], dryRun: true },
      });
      for (const [res, expected] of [
        [listUnits, anyAdminOnly(200)],
        [listCreds, anyAdminOnly(200)],
        [preview, anyAdminOnly(200)],
        [units, adminOnly(201)],
        [cred, adminOfB(201)],
        [del, adminOfB(200)],
        [inviteA, adminOnly(201)],
        [inviteB, adminOfB(201)],
      ] as const) {
        if (expected >= 400) await expectProblem(res, expected);
        else expect(res.status).toBe(expected);
      }
      if (anyAdmin) {
        const listed = ((await listUnits.clone().json()) as { units: { code: string }[] }).units;
        expect(listed.some((u) => u.code === "B")).toBe(caller === "rootAdmin");
        // Neither organisation's admins list the other's units or credentials.
        expect(listed.some((u) => u.code === (caller === "otherRootAdmin" ? "A" : "Q"))).toBe(
          false,
        );
        const creds = (await listCreds.clone().json()) as {
          credentials: { unit: { code: string } }[];
        };
        expect(creds.credentials.some((c) => c.unit.code === "B")).toBe(caller === "rootAdmin");
        expect(
          creds.credentials.some(
            (c) => (caller === "otherRootAdmin") !== ["R2", "Q"].includes(c.unit.code),
          ),
        ).toBe(false);
        const plan = (await preview.clone().json()) as { errors: unknown[]; changes: unknown[] };
        expect([plan.errors.length, plan.changes.length]).toEqual(
          caller === "rootAdmin" ? [0, 1] : [1, 0],
        );
      }
      // A denied admin call changed nothing.
      const created = await env.DB.prepare("SELECT count(*) AS n FROM units WHERE code = ?1")
        .bind(`N-${caller}`)
        .first<{ n: number }>();
      expect(created!.n).toBe(isAdmin ? 1 : 0);
      expect((await call("/me", { token: victim })).status).toBe(
        caller === "rootAdmin" ? 401 : 200,
      );
    });
  }
});

describe("an admin below the root administers its own subtree only", () => {
  const admin = () => tokens.admin!;
  const post = (path: string, body: unknown) =>
    call(path, { method: "POST", token: admin(), body });

  it("imports below its unit only: no new roots, nothing under another unit", async () => {
    await expectProblem(await post("/admin/units", [{ code: "ROOT2", name: "另一县" }]), 403);
    await expectProblem(
      await post("/admin/units", [{ code: "B-x", name: "乙局下属", parent_code: "B" }]),
      403,
    );
    // Naming a unit outside (even unchanged) is refused, and nothing of the import is stored.
    await expectProblem(
      await post("/admin/units", [
        { code: "A1-y", name: "甲局下属二", parent_code: "A1" },
        { code: "B", name: "乙局", parent_code: "R" },
      ]),
      403,
    );
    const stored = await env.DB.prepare(
      "SELECT count(*) AS n FROM units WHERE code IN ('ROOT2', 'B-x', 'A1-y')",
    ).first<{ n: number }>();
    expect(stored!.n).toBe(0);
    const ok = await post("/admin/units", [
      { code: "A1-z", name: "甲局下属三", parent_code: "A1" },
      { code: "A1-z-1", name: "甲局下属三之一", parent_code: "A1-z" },
    ]);
    expect(ok.status).toBe(201);
  });

  it("opens and closes periods, creates and revokes credentials within its subtree only", async () => {
    const period = (unit: string) =>
      post("/admin/periods", { unit, form: "gov-2021", year: 2040, dueDate: "2041-03-31" });
    await expectProblem(await period("B"), 403);
    await expectProblem(await period("R"), 403);
    await expectProblem(await period("ZZ404"), 403);
    const mine = await period("A1");
    expect(mine.status).toBe(201);
    const rootPeriod = await call("/admin/periods", {
      method: "POST",
      token: tokens.rootAdmin!,
      body: { unit: "R", form: "gov-2021", year: 2040, dueDate: "2041-03-31" },
    });
    expect(rootPeriod.status).toBe(201);
    const rootId = ((await rootPeriod.json()) as { id: string }).id;
    await expectProblem(await post(`/admin/periods/${rootId}/close`, undefined), 403);
    const mineId = ((await mine.json()) as { id: string }).id;
    expect((await post(`/admin/periods/${mineId}/close`, undefined)).status).toBe(200);

    await expectProblem(await post("/admin/credentials", { unit: "R", role: "admin" }), 403);
    const created = await post("/admin/credentials", { unit: "A1", role: "clerk" });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    const del = await call(`/admin/credentials/${id}`, { method: "DELETE", token: admin() });
    expect(del.status).toBe(200);
  });
});

describe("authorization matrix: deactivated units and expired credentials (issue 21)", () => {
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    await seedUnits([{ code: "D", name: "已停用局", parent: "R" }]);
    tok.deactivatedClerk = await seedToken("D", "clerk");
    tok.deactivatedAdmin = await seedToken("D", "admin");
    tok.rootSupervisor = await seedToken("R", "supervisor");
    const put = await putReport(tok.deactivatedClerk, "D", 2021, { values: validValues(9) });
    expect(put.status).toBe(201);
    tok.expiredClerk = await seedToken("A", "clerk");
    tok.expiredAdmin = await seedToken("R", "admin");
    await env.DB.prepare(
      `UPDATE credentials SET expires_at = '2021-01-01T00:00:00.000Z' WHERE id IN (?1, ?2)`,
    )
      .bind(tok.expiredClerk.split(".")[0], tok.expiredAdmin.split(".")[0])
      .run();
    const off = await call("/admin/units/changes", {
      method: "POST",
      token: tokens.rootAdmin!,
      body: { rows: [{ code: "D", name: "已停用局", parent: "R", active: false }] },
    });
    expect(off.status, await off.clone().text()).toBe(200);
  });

  const put = (token: string, unit: string) =>
    call(`/units/${unit}/reports/gov-2021/2021`, {
      method: "PUT",
      token,
      body: { values: validValues(10) },
      headers: { "Idempotency-Key": `dz-${unit}-${token.slice(0, 6)}` },
    });
  const post = (token: string, path: string, body: unknown) =>
    call(path, { method: "POST", token, body });

  it("every answer is the expected one: 0 wrong", async () => {
    const cases: [string, () => Promise<Response>, number][] = [];
    for (const who of ["deactivatedClerk", "deactivatedAdmin", "expiredClerk", "expiredAdmin"]) {
      const t = () => tok[who]!;
      cases.push(
        [`${who} /me`, () => call("/me", { token: t() }), 401],
        [`${who} /forms`, () => call("/forms", { token: t() }), 401],
        [`${who} read D`, () => call("/units/D/reports/gov-2021/2021", { token: t() }), 401],
        [`${who} read A`, () => call("/units/A/reports/gov-2021/2021", { token: t() }), 401],
        [`${who} put D`, () => put(t(), "D"), 401],
        [`${who} put A`, () => put(t(), "A"), 401],
        [`${who} admin units`, () => call("/admin/units", { token: t() }), 401],
        [`${who} invite`, () => post(t(), "/admin/invites", { unit: "A", role: "clerk" }), 401],
      );
    }
    const sup = tokens.supervisor!;
    const root = tokens.rootAdmin!;
    cases.push(
      // Its history stays readable above it.
      [
        "R supervisor reads D",
        () => call("/units/D/reports/gov-2021/2021", { token: tok.rootSupervisor! }),
        200,
      ],
      [
        "R supervisor revisions of D",
        () => call("/units/D/reports/gov-2021/2021/revisions", { token: tok.rootSupervisor! }),
        200,
      ],
      ["R admin reads D", () => call("/units/D/reports/gov-2021/2021", { token: root }), 200],
      ["A supervisor reads D", () => call("/units/D/reports/gov-2021/2021", { token: sup }), 403],
      // Nothing new for it, by anyone.
      [
        "R admin invites for D",
        () => post(root, "/admin/invites", { unit: "D", role: "clerk" }),
        409,
      ],
      [
        "R admin credential for D",
        () => post(root, "/admin/credentials", { unit: "D", role: "clerk" }),
        409,
      ],
      [
        "A admin invites for D",
        () => post(tokens.admin!, "/admin/invites", { unit: "D", role: "clerk" }),
        403,
      ],
      [
        "R2 admin invites for D",
        () => post(tokens.otherRootAdmin!, "/admin/invites", { unit: "D", role: "clerk" }),
        403,
      ],
      // The others are untouched.
      ["A clerk /me", () => call("/me", { token: tokens.clerk! }), 200],
      [
        "R admin invites for A1",
        () => post(root, "/admin/invites", { unit: "A1", role: "clerk" }),
        201,
      ],
    );
    const wrong: string[] = [];
    for (const [name, send, expected] of cases) {
      const res = await send();
      if (res.status !== expected) wrong.push(`${name}: ${res.status} ${await res.text()}`);
      else if (expected >= 400) await expectProblem(res, expected);
    }
    expect(wrong).toEqual([]);
  });
});
