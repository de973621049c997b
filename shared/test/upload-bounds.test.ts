import { strFromU8, strToU8, unzipSync, type Unzipped } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { getForm } from "../forms/catalogue";
import { formSheetName } from "../layout/sheet-names";
import { buildWorkbook } from "../workbook";
import { readWorkbookFile } from "../workbook/read";
import { boundWorkbook, WORKBOOK_BOUNDS } from "../workbook/upload-bounds";
import { openUpload, readerBytes } from "../workbook/upload-guard";
import { writeXlsx } from "../workbook/xlsx";

const form = getForm("gov-2021")!;
const SHEET = formSheetName(form, 2022, "zh");
let parts: Unzipped;

beforeAll(async () => {
  const model = buildWorkbook(form, { lang: "zh", unitName: "测试局", year: 2022, unitCode: "T1" });
  const opened = openUpload(await writeXlsx(model, []));
  if (!opened.ok) throw new Error("the checking workbook did not open");
  parts = opened.files;
});

const withWorkbookXml = (edit: (xml: string) => string) => ({
  ...parts,
  "xl/workbook.xml": strToU8(edit(strFromU8(parts["xl/workbook.xml"]!))),
});

const failureOf = (files: Unzipped) => {
  const r = boundWorkbook(form, files);
  return r.ok ? null : r.failure;
};

describe("the bounds before the reader", () => {
  it("passes the checking workbook, keeping only the reader's names, each one cell", async () => {
    const r = boundWorkbook(form, parts);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const xml = strFromU8(r.files["xl/workbook.xml"]!);
    const names = [...xml.matchAll(/<definedName name="([^"]+)">([^<]*)</g)];
    // The inputs', XXGK_META, XXGK_CHECKS and the form sheet's marker XXGK_FORM_SHEET.
    expect(names).toHaveLength(form.cells.length + 3);
    for (const [, , ref] of names) expect(ref).toMatch(/!\$[A-Z]+\$\d+$/);
    expect(xml).not.toContain("_xlnm.");
    // The reader still finds every input by its name, the identity and no problem.
    const read = await readWorkbookFile(form, readerBytes(r.files), r.formulas);
    expect(read.located).toBe("names");
    expect(read.identity).toMatchObject({ form: "gov-2021", year: 2022, unitCode: "T1" });
    expect(read.problems).toEqual([]);
  });

  it("removes a small name of the clerk's own unread; refuses one beyond the bounds", () => {
    const add = (ref: string) =>
      withWorkbookXml((x) =>
        x.replace(
          "<definedNames>",
          `<definedNames><definedName name="我的区域">${ref}</definedName>`,
        ),
      );
    const small = boundWorkbook(form, add("&apos;校验&apos;!$A$1:$B$20"));
    expect(small.ok && strFromU8(small.files["xl/workbook.xml"]!)).not.toContain("我的区域");
    expect(failureOf(add("&apos;校验&apos;!$A:$A"))).toMatchObject({ kind: "out-of-bounds" });
    // Not a reference at all, or another workbook: never read, so removed.
    expect(boundWorkbook(form, add("[1]Sheet1!$A$1")).ok).toBe(true);
    expect(boundWorkbook(form, add("0.5")).ok).toBe(true);
  });

  it("names the name the reader cannot follow", () => {
    const first = `xxgk.${form.cells[0]!.id}`;
    const point = (ref: string) =>
      withWorkbookXml((x) =>
        x.replace(new RegExp(`(<definedName name="${first}">)[^<]*`), `$1${ref}`),
      );
    expect(failureOf(point("&apos;无此表&apos;!$E$8"))).toMatchObject({
      kind: "name",
      name: first,
      why: { zh: expect.stringContaining("不存在的工作表「无此表」") },
    });
    expect(failureOf(point("[2]报表!$E$8"))).toMatchObject({ kind: "name", name: first });
    expect(failureOf(point("#REF!"))).toMatchObject({ kind: "name", name: first });
    expect(failureOf(point(`&apos;${SHEET}&apos;!$E$8:$E$9`))).toMatchObject({
      kind: "out-of-bounds",
    });
  });

  it("records the formula cells with their cached result", () => {
    const sheet = "xl/worksheets/sheet1.xml";
    const files = {
      ...parts,
      [sheet]: strToU8(
        strFromU8(parts[sheet]!).replace(
          /<c r="E8"( s="\d+")?\/>/,
          '<c r="E8"$1><f>1+2</f><v>3</v></c>',
        ),
      ),
    };
    const r = boundWorkbook(form, files);
    expect(r.ok && r.formulas.get(`${SHEET}!E8`)).toBe("3");
  });

  it("the reader's copy has no merges, formulas, comments or drawings", () => {
    const r = boundWorkbook(form, parts);
    if (!r.ok) throw new Error("refused");
    const packed = unzipSync(readerBytes(r.files));
    const sheet = strFromU8(packed["xl/worksheets/sheet1.xml"]!);
    expect(sheet).not.toMatch(/<mergeCell|<f>|<conditionalFormatting|<dataValidation/);
    expect(Object.keys(packed).every((n) => !/comments|drawings|docProps/.test(n))).toBe(true);
    expect(WORKBOOK_BOUNDS.maxRows).toBeGreaterThan(300);
  });
});
