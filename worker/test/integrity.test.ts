/**
 * The defects of issue 21 (a black-box review), each pinned by a test that failed before its fix:
 * a crafted upload that exhausted the runtime, deactivation that changed nothing, one root's admin
 * administering every organisation, denials that told "does not exist" from "not yours", and a
 * consolidating node counted as a missing reporting unit.
 */
import { env } from "cloudflare:test";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { columnLetter, layoutForm } from "../../shared/layout/grid";
import { formSheetName } from "../../shared/layout/sheet-names";
import {
  call,
  expectProblem,
  gov2021,
  newKey,
  validValues,
  rng,
  seedToken,
  seedUnits,
  snapshot,
} from "./helpers";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const UNIT = "IG-1";
const PATH = `/units/${UNIT}/reports/gov-2021/2022`;
const SHEET = `'${formSheetName(gov2021(), 2022, "zh")}'`;
const inputs = layoutForm(gov2021(), "zh").inputs;
const FIRST = gov2021().cells[0]!.id;

let clerk: string;
let parts: Record<string, Uint8Array>;

beforeAll(async () => {
  await seedUnits([
    { code: "IG", name: "完整县", parent: null },
    { code: UNIT, name: "完整局", parent: "IG" },
  ]);
  clerk = await seedToken(UNIT, "clerk");
  const res = await call(`${PATH}?format=xlsx`, { token: clerk });
  expect(res.status).toBe(200);
  parts = unzipSync(new Uint8Array(await res.arrayBuffer()));
});

/**
 * The downloaded workbook with one part edited, zipped again: compressed, and what a shape adds
 * is varied (`noise`), so every file passes the zip gate's size and ratio limits and reaches the
 * bounds.
 */
function edited(name: string, edit: (xml: string) => string): Uint8Array {
  return zipSync({ ...parts, [name]: strToU8(edit(strFromU8(parts[name]!))) }, { level: 6 });
}
const noise = rng(21);
const many = (n: number, item: (r: string, i: number) => string) =>
  Array.from({ length: n }, (_, i) => item(Math.floor(noise() * 1e9).toString(36), i)).join("");

const upload = (bytes: Uint8Array) =>
  call(PATH, {
    method: "PUT",
    token: clerk,
    raw: bytes as never,
    headers: { "Content-Type": XLSX, "Idempotency-Key": newKey() },
  });

/** The first input's defined name pointed somewhere else. */
const renamed = (ref: string) =>
  edited("xl/workbook.xml", (xml) =>
    xml.replace(
      new RegExp(`(<definedName name="xxgk\\.${FIRST.replace(/\./g, "\\.")}">)[^<]*`),
      (_m, open: string) => `${open}${ref.replace(/'/g, "&apos;")}`,
    ),
  );

describe("1. an upload is bounded before the reader and says what it could not read", () => {
  it("a defined name widened to a range is refused before the reader, changing nothing", async () => {
    for (const ref of [`${SHEET}!$A$1:$Z$20000`, `${SHEET}!$A$1:$XFD$1048576`]) {
      const before = await snapshot();
      const p = await expectProblem(await upload(renamed(ref)), 422, "workbook-out-of-bounds");
      expect(p.detail).toContain(`xxgk.${FIRST}`);
      expect(p.detail).toContain("单个单元格");
      expect(await snapshot()).toEqual(before);
    }
  });

  it("a name pointing to a missing sheet or another workbook is named, not guessed", async () => {
    const missing = await expectProblem(
      await upload(renamed("'不存在的表'!$E$8")),
      422,
      "workbook-name-invalid",
    );
    expect(missing.detail).toContain("不存在的表");
    expect(missing.detail).toContain(`xxgk.${FIRST}`);
    const external = await expectProblem(
      await upload(renamed("[1]Sheet1!$E$8")),
      422,
      "workbook-name-invalid",
    );
    expect(external.detail).toContain("另一个工作簿");
    const deleted = await expectProblem(
      await upload(renamed(`${SHEET}!#REF!`)),
      422,
      "workbook-name-invalid",
    );
    expect(deleted.detail).toContain("已删除");
  });

  it("a value cell holding a formula is named with the result that was read", async () => {
    const at = inputs[FIRST]!.address;
    const bytes = edited("xl/worksheets/sheet1.xml", (xml) =>
      xml.replace(new RegExp(`<c r="${at}"( s="\\d+")?(/>|>.*?</c>)`), (_m, s?: string) => {
        return `<c r="${at}"${s ?? ""}><f>1+2</f><v>3</v></c>`;
      }),
    );
    const before = await snapshot();
    const p = await expectProblem(await upload(bytes), 422, "workbook-cell-invalid");
    expect(p.detail).toContain(at);
    expect(p.detail).toContain("公式");
    expect(p.detail).toContain("3");
    expect(await snapshot()).toEqual(before);
  });

  it("declared dimensions, cells, merges, styles and shared strings beyond the bounds: refused", async () => {
    const shapes: [string, Uint8Array][] = [
      [
        "dimension",
        edited("xl/worksheets/sheet1.xml", (x) =>
          x.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>'),
        ),
      ],
      [
        "cols",
        edited("xl/worksheets/sheet1.xml", (x) =>
          x.replace(
            /<sheetData>/,
            '<cols><col min="1" max="2000000000" width="9"/></cols><sheetData>',
          ),
        ),
      ],
      [
        "merge",
        edited("xl/worksheets/sheet1.xml", (x) =>
          x.replace(/<mergeCell ref="[^"]*"\/>/, '<mergeCell ref="A100:XFD1048576"/>'),
        ),
      ],
      [
        "far cell",
        edited("xl/worksheets/sheet3.xml", (x) =>
          x.replace(
            /<\/sheetData>/,
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>',
          ),
        ),
      ],
      [
        "cells",
        edited("xl/worksheets/sheet3.xml", (x) =>
          x.replace(
            /<\/sheetData>/,
            `${many(70_000, (r, i) => `<c r="${columnLetter(i % 200)}${9000 + Math.floor(i / 200)}"><v>${r.length}${r.slice(0, 3)}</v></c>`)}</sheetData>`,
          ),
        ),
      ],
      [
        "styles",
        edited("xl/styles.xml", (x) =>
          x.replace(
            /<cellXfs count="\d+">/,
            (m) => m + many(70_000, (r) => `<xf numFmtId="${r.slice(0, 2)}"/>`),
          ),
        ),
      ],
      [
        "shared strings",
        edited("xl/sharedStrings.xml", (x) =>
          x.replace(/<\/sst>/, `${many(120_000, (r) => `<si><t>${r}</t></si>`)}</sst>`),
        ),
      ],
    ];
    for (const [what, bytes] of shapes) {
      const before = await snapshot();
      const res = await upload(bytes);
      const p = await expectProblem(res, 422, "workbook-out-of-bounds");
      expect(p.detail, what).toMatch(/超出/);
      expect(await snapshot(), what).toEqual(before);
    }
  });
});

describe("3. an admin's scope is its own subtree, root or not: two organisations", () => {
  let hk: string;
  let ig: string;
  beforeAll(async () => {
    await seedUnits([
      { code: "HK", name: "海口市", parent: null },
      { code: "HK-1", name: "海口市民政局", parent: "HK" },
    ]);
    hk = await seedToken("HK", "admin");
    ig = await seedToken("IG", "admin");
  });

  it("one root's admin neither sees nor touches the other organisation", async () => {
    const before = await snapshot();
    const units = (await (await call("/admin/units", { token: hk })).json()) as {
      units: { code: string }[];
    };
    expect(units.units.map((u) => u.code).sort()).toEqual(["HK", "HK-1"]);
    const creds = (await (await call("/admin/credentials", { token: hk })).json()) as {
      credentials: { unit: { code: string } }[];
    };
    expect(creds.credentials.every((c) => c.unit.code.startsWith("HK"))).toBe(true);
    const post = (path: string, body: unknown) => call(path, { method: "POST", token: hk, body });
    await expectProblem(await post("/admin/credentials", { unit: UNIT, role: "admin" }), 403);
    await expectProblem(await post("/admin/invites", { unit: UNIT, role: "clerk" }), 403);
    await expectProblem(
      await post("/admin/periods", {
        unit: "IG",
        form: "gov-2021",
        year: 2041,
        dueDate: "2042-03-31",
      }),
      403,
    );
    await expectProblem(await call(`/units/${UNIT}/reports/gov-2021/2022`, { token: hk }), 403);
    const sheet = (await (
      await post("/admin/units/changes", {
        rows: [{ code: UNIT, name: "改名", parent: "IG" }],
        dryRun: true,
      })
    ).json()) as { changes: unknown[]; errors: unknown[] };
    expect([sheet.changes.length, sheet.errors.length]).toEqual([0, 1]);
    // A new root is the bootstrap command's, not the API's, whoever asks.
    for (const token of [hk, ig]) {
      await expectProblem(
        await call("/admin/units", {
          method: "POST",
          token,
          body: [{ code: "ROOT3", name: "三县" }],
        }),
        403,
      );
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("4. a denial does not tell 'does not exist' from 'not yours'", () => {
  it("an import naming an unknown parent or another organisation's: the same 403", async () => {
    const admin = await seedToken(UNIT, "admin");
    const post = (parent: string) =>
      call("/admin/units", {
        method: "POST",
        token: admin,
        body: [{ code: `IG-1-${parent}`, name: "新单位", parent_code: parent }],
      });
    const unknown = await expectProblem(await post("999999"), 403);
    const foreign = await expectProblem(await post("HK"), 403);
    const sibling = await expectProblem(await post("IG"), 403);
    for (const p of [foreign, sibling]) {
      expect({ ...p, requestId: "" }).toEqual({ ...unknown, requestId: "" });
    }
  });

  it("the unit sheet does not say that a code is used outside the subtree", async () => {
    const admin = await seedToken(UNIT, "admin");
    const preview = async (rows: unknown[]) =>
      (await (
        await call("/admin/units/changes", {
          method: "POST",
          token: admin,
          body: { rows, dryRun: true },
        })
      ).json()) as { errors: { message: string; message_en: string }[] };
    const taken = await preview([{ code: "HK-1", name: "新", parent: UNIT }]);
    expect(taken.errors[0]!.message).not.toMatch(/管理范围|outside/);
    expect(taken.errors[0]!.message_en).not.toMatch(/outside your subtree/);
    const unknownParent = await preview([{ code: "IG-1-n", name: "新", parent: "999999" }]);
    const foreignParent = await preview([{ code: "IG-1-n", name: "新", parent: "HK" }]);
    expect(foreignParent.errors[0]!.message.replace("HK", "999999")).toBe(
      unknownParent.errors[0]!.message,
    );
  });
});

/** Rollup counts of a unit as a supervisor reads them, and the units its completeness lists. */
async function counts(token: string, unit: string) {
  const res = await call(`/units/${unit}/rollups/gov-2021/2022`, { token });
  expect(res.status, await res.clone().text()).toBe(200);
  const r = (await res.json()) as {
    units: number;
    submitted: number;
    missing: number;
    children: { code: string; units: number; missing: number }[];
    completeness: { code: string; status: string }[];
  };
  return {
    units: r.units,
    submitted: r.submitted,
    missing: r.missing,
    children: Object.fromEntries(r.children.map((c) => [c.code, [c.units, c.missing]])),
    listed: r.completeness.map((c) => `${c.code}:${c.status}`).sort(),
  };
}

/** The unit sheet applied by an admin (one row per unit). */
async function applySheet(
  admin: string,
  rows: {
    code: string;
    name: string;
    parent: string | null;
    active?: boolean;
    reports?: boolean;
  }[],
) {
  const res = await call("/admin/units/changes", {
    method: "POST",
    token: admin,
    body: { rows, dryRun: false },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { applied: boolean };
}

const putJson = (token: string, unit: string, values: Record<string, number>) =>
  call(`/units/${unit}/reports/gov-2021/2022`, {
    method: "PUT",
    token,
    body: { values },
    headers: { "Idempotency-Key": newKey() },
  });

describe("2. 停用: a deactivated unit writes nothing, counts nowhere, keeps its history", () => {
  let admin: string;
  let supervisor: string;
  const clerks: Record<string, string> = {};
  beforeAll(async () => {
    await seedUnits([
      { code: "DA", name: "停用县", parent: null },
      { code: "DA-1", name: "甲局", parent: "DA" },
      { code: "DA-2", name: "乙局", parent: "DA" },
      { code: "DA-3", name: "丙局", parent: "DA" },
    ]);
    admin = await seedToken("DA", "admin");
    supervisor = await seedToken("DA", "supervisor");
    for (const c of ["DA-1", "DA-2", "DA-3"]) clerks[c] = await seedToken(c, "clerk");
    for (const c of ["DA-1", "DA-3"]) {
      expect((await putJson(clerks[c]!, c, validValues(3))).status).toBe(201);
    }
  });

  it("no revisions, invites or credentials; out of the counts; history readable; reactivation restores", async () => {
    const before = await counts(supervisor, "DA");
    expect(before).toMatchObject({ units: 4, submitted: 2, missing: 2 });
    const invite = await call("/admin/invites", {
      method: "POST",
      token: admin,
      body: { unit: "DA-2", role: "clerk" },
    });
    expect(invite.status).toBe(201);
    const code = ((await invite.json()) as { code: string }).code;

    await applySheet(admin, [
      { code: "DA-2", name: "乙局", parent: "DA", active: false },
      { code: "DA-3", name: "丙局", parent: "DA", active: false },
    ]);
    // Its credentials are refused, saying why.
    const me = await expectProblem(await call("/me", { token: clerks["DA-2"] }), 401);
    expect(me.detail).toContain("停用");
    await expectProblem(await putJson(clerks["DA-2"]!, "DA-2", validValues(4)), 401);
    // No invite issued or redeemed, no credential made for it.
    const stored = await snapshot();
    await expectProblem(
      await call("/admin/invites", {
        method: "POST",
        token: admin,
        body: { unit: "DA-2", role: "clerk" },
      }),
      409,
      "unit-inactive",
    );
    await expectProblem(
      await call("/admin/credentials", {
        method: "POST",
        token: admin,
        body: { unit: "DA-2", role: "clerk" },
      }),
      409,
      "unit-inactive",
    );
    await expectProblem(await call("/invites/redeem", { method: "POST", body: { code } }), 404);
    expect(await snapshot()).toEqual(stored);
    // Out of the missing count and the completeness list; what DA-3 reported is kept and counted.
    const after = await counts(supervisor, "DA");
    expect(after).toMatchObject({ units: 3, submitted: 2, missing: 1 });
    expect(after.listed).toEqual(["DA-1:submitted", "DA-3:submitted", "DA:missing"]);
    const history = await call("/units/DA-3/reports/gov-2021/2022/revisions", {
      token: supervisor,
    });
    expect(history.status).toBe(200);
    // Out of the assessment of the units below DA (DA-3 reported: it is scored on that).
    const assessed = (await (
      await call("/units/DA/assessments/gov-2021/2022", { token: supervisor })
    ).json()) as { units: { code: string }[] };
    expect(assessed.units.map((u) => u.code).sort()).toEqual(["DA-1", "DA-3"]);

    await applySheet(admin, [{ code: "DA-2", name: "乙局", parent: "DA", active: true }]);
    expect((await call("/me", { token: clerks["DA-2"] })).status).toBe(200);
    expect((await putJson(clerks["DA-2"]!, "DA-2", validValues(4))).status).toBe(201);
    // DA-3 (still deactivated) stays counted by what it reported; only DA is missing.
    expect(await counts(supervisor, "DA")).toMatchObject({ units: 4, submitted: 3, missing: 1 });
  });

  it("a unit with active units below it is deactivated only with them", async () => {
    await seedUnits([{ code: "DA-1-a", name: "甲局下属", parent: "DA-1" }]);
    const res = await call("/admin/units/changes", {
      method: "POST",
      token: admin,
      body: { rows: [{ code: "DA-1", name: "甲局", parent: "DA", active: false }], dryRun: true },
    });
    const plan = (await res.json()) as { errors: { message: string }[] };
    expect(plan.errors[0]!.message).toContain("下级单位");
  });
});

describe("5. a consolidating node is not a reporting unit unless it reports for itself", () => {
  let admin: string;
  let supervisor: string;
  beforeAll(async () => {
    await seedUnits([
      { code: "CN", name: "汇总县", parent: null },
      { code: "CN-1", name: "甲局", parent: "CN" },
      { code: "CN-2", name: "乙局", parent: "CN" },
      { code: "CN-T", name: "某镇", parent: "CN" },
      { code: "CN-T-1", name: "某镇甲办", parent: "CN-T" },
    ]);
    admin = await seedToken("CN", "admin");
    supervisor = await seedToken("CN", "supervisor");
    const clerk = await seedToken("CN-1", "clerk");
    expect((await putJson(clerk, "CN-1", validValues(5))).status).toBe(201);
  });

  it("the county and a town's aggregate leave 报送情况, the rollup counts and 考核", async () => {
    expect(await counts(supervisor, "CN")).toMatchObject({ units: 5, submitted: 1, missing: 4 });
    await applySheet(admin, [
      { code: "CN", name: "汇总县", parent: null, reports: false },
      { code: "CN-T", name: "某镇", parent: "CN", reports: false },
    ]);
    const after = await counts(supervisor, "CN");
    expect(after).toMatchObject({ units: 3, submitted: 1, missing: 2 });
    expect(after.children).toEqual({ "CN-1": [1, 0], "CN-2": [1, 1], "CN-T": [1, 1] });
    expect(after.listed).toEqual(["CN-1:submitted", "CN-2:missing", "CN-T-1:missing"]);
    const units = (await (await call("/admin/units", { token: admin })).json()) as {
      units: { code: string; reportsItself: boolean }[];
    };
    expect(units.units.find((u) => u.code === "CN")!.reportsItself).toBe(false);
    // It has nothing of its own to report.
    const clerk = await seedToken("CN-T", "clerk");
    await expectProblem(await putJson(clerk, "CN-T", validValues(6)), 409, "not-a-reporting-unit");
  });
});

describe("6. accounts of people: holders, expiry, the audit log, failed authentications", () => {
  let admin: string;
  beforeAll(async () => {
    await seedUnits([
      { code: "AC", name: "账号县", parent: null },
      { code: "AC-1", name: "甲局", parent: "AC" },
    ]);
    admin = await seedToken("AC", "admin");
  });

  it("an invite for a person gives a credential carrying the holder, expiring by default", async () => {
    const invite = await call("/admin/invites", {
      method: "POST",
      token: admin,
      body: { unit: "AC-1", role: "clerk", holder: { name: "张三", phone: "0577-12345678" } },
    });
    expect(invite.status, await invite.clone().text()).toBe(201);
    const { code } = (await invite.json()) as { code: string };
    const redeemed = await call("/invites/redeem", { method: "POST", body: { code } });
    expect(redeemed.status).toBe(201);
    const list = (await (await call("/admin/credentials", { token: admin })).json()) as {
      credentials: {
        unit: { code: string };
        holderName: string;
        holderPhone: string;
        expiresAt: string;
      }[];
    };
    const mine = list.credentials.find((c) => c.unit.code === "AC-1")!;
    expect(mine).toMatchObject({ holderName: "张三", holderPhone: "0577-12345678" });
    // 报送情况 names whom to chase.
    const sup = await seedToken("AC", "supervisor");
    const rollup = (await (
      await call("/units/AC/rollups/gov-2021/2022", { token: sup })
    ).json()) as { completeness: { code: string; contact?: string | null }[] };
    expect(rollup.completeness.find((e) => e.code === "AC-1")!.contact).toBe("张三 0577-12345678");
    const days = (Date.parse(mine.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThan(366);
  });

  it("an expired credential is refused, saying so", async () => {
    const token = await seedToken("AC-1", "clerk");
    await env.DB.prepare(
      `UPDATE credentials SET expires_at = '2020-01-01T00:00:00.000Z' WHERE id = ?1`,
    )
      .bind(token.split(".")[0])
      .run();
    const p = await expectProblem(await call("/me", { token }), 401, "unauthenticated");
    expect(p.detail).toContain("过期");
  });

  it("the admin reads its subtree's audit log, as JSON and as xlsx; nobody else's", async () => {
    const created = await call("/admin/credentials", {
      method: "POST",
      token: admin,
      body: { unit: "AC-1", role: "supervisor", holder: { name: "李四" } },
    });
    expect(created.status).toBe(201);
    const log = (await (await call("/admin/audit", { token: admin })).json()) as {
      lines: { action: string; unit: { code: string } }[];
    };
    expect(log.lines.map((l) => l.action)).toContain("credential.create");
    expect(log.lines.every((l) => l.unit.code.startsWith("AC"))).toBe(true);
    const xlsx = await call("/admin/audit?format=xlsx", { token: admin });
    expect(xlsx.headers.get("Content-Type")).toContain("spreadsheetml");
    const files = unzipSync(new Uint8Array(await xlsx.arrayBuffer()));
    const strings = strFromU8(files["xl/sharedStrings.xml"]!);
    expect(strings).toContain("创建凭据");
    expect(strings).toContain("时间(北京时间)");
    const other = await seedToken("IG", "admin");
    const theirs = (await (await call("/admin/audit", { token: other })).json()) as {
      lines: { unit: { code: string } }[];
    };
    expect(theirs.lines.some((l) => l.unit.code.startsWith("AC"))).toBe(false);
    await expectProblem(await call("/admin/audit", { token: await seedToken("AC", "clerk") }), 403);
  });

  it("repeated failed authentications from one address are limited and logged", async () => {
    const good = await seedToken("AC-1", "clerk");
    const from = (token: string, ip: string) =>
      call("/me", { token, headers: { "CF-Connecting-IP": ip } });
    const bad = `${"a".repeat(20)}.${"b".repeat(43)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await from(bad, "198.51.100.7")).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual([429, 429]);
    // Even the right token is refused from there this minute; another address is not.
    await expectProblem(await from(good, "198.51.100.7"), 429, "rate-limited");
    expect((await from(good, "198.51.100.8")).status).toBe(200);
    const logged = await env.DB.prepare(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'auth.failures' AND target = '198.51.100.7'`,
    ).first<{ n: number }>();
    expect(logged!.n).toBe(1);
  });
});
