/**
 * The defects of issue 21 (a black-box review), each pinned by a test that failed before its fix:
 * a crafted upload that exhausted the runtime, deactivation that changed nothing, one root's admin
 * administering every organisation, denials that told "does not exist" from "not yours", and a
 * consolidating node counted as a missing reporting unit.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { columnLetter, layoutForm } from "../../shared/layout/grid";
import {
  call,
  expectProblem,
  gov2021,
  newKey,
  rng,
  seedToken,
  seedUnits,
  snapshot,
} from "./helpers";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const UNIT = "IG-1";
const PATH = `/units/${UNIT}/reports/gov-2021/2022`;
const SHEET = "'报表 gov-2021'";
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
