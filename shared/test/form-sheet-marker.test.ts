/**
 * Finding the form sheet of an uploaded workbook (shared/workbook/read.ts): by the marker
 * `XXGK_FORM_SHEET`, never by the tab's name, which the clerk reads and may rename; by the tab
 * this version or an earlier one gave it (「报表 gov-2021」, 「报表 gov-2021 2024」) only when a
 * program dropped the names. Every case here drops the `xxgk.*` input names, so the reader must
 * find the sheet itself and read the inputs at the layout's addresses.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { getForm } from "../forms/catalogue";
import { formSheetName } from "../layout/sheet-names";
import { layoutForm } from "../layout/grid";
import { consistentValues, rng } from "../testing/sample-report";
import { buildWorkbook, FORM_SHEET_NAME } from "../workbook";
import { readWorkbookFile } from "../workbook/read";
import { writeXlsx } from "../workbook/xlsx";
import { fillXlsx } from "../testing/xlsx-fill";

const form = getForm("gov-2021")!;
const YEAR = 2024;
const layout = layoutForm(form, "zh");
const values = consistentValues(form, rng(7), 40);

type Parts = Record<string, Uint8Array>;

/** A downloaded workbook (its form sheet named `formName`), filled in at the layout's addresses. */
async function filledFile(formName?: string, edit: (parts: Parts) => void = () => {}) {
  const model = buildWorkbook(form, {
    lang: "zh",
    unitName: "某县政府办",
    year: YEAR,
    unitCode: "330327",
    ...(formName ? { sheetNames: { form: formName } } : {}),
  });
  const cells = Object.fromEntries(
    Object.entries(values).map(([id, v]) => [layout.inputs[id]!.address, v]),
  );
  const parts = unzipSync(fillXlsx(await writeXlsx(model), cells));
  edit(parts);
  return zipSync(parts);
}

const workbookXml = (parts: Parts, edit: (xml: string) => string) => {
  parts["xl/workbook.xml"] = strToU8(edit(strFromU8(parts["xl/workbook.xml"]!)));
};
/** A program that drops names: these go, every other stays. */
const dropNames = (parts: Parts, drop: (name: string) => boolean) =>
  workbookXml(parts, (x) =>
    x.replace(/<definedName name="([^"]*)"[^>]*>[^<]*<\/definedName>/g, (m, n: string) =>
      drop(n) ? "" : m,
    ),
  );
/** The form sheet no longer first: the reader's last resort (the first sheet) would miss it. */
const formSheetSecond = (parts: Parts) =>
  workbookXml(parts, (x) => x.replace(/(<sheet\b[^>]*\/>)(<sheet\b[^>]*\/>)/, "$2$1"));
/** The clerk renames the tab: in Excel, WPS and Calc every reference follows, the marker too. */
const renameSheet = (from: string, to: string) => (parts: Parts) => {
  for (const [path, bytes] of Object.entries(parts)) {
    if (path.endsWith(".xml")) parts[path] = strToU8(strFromU8(bytes).split(from).join(to));
  }
};

async function expectRead(bytes: Uint8Array) {
  const read = await readWorkbookFile(form, bytes);
  expect(read.located).toBe("addresses");
  expect(read.identity).toMatchObject({ form: form.id, year: YEAR, unitCode: "330327" });
  expect(read.problems).toEqual([]);
  expect(read.values).toEqual(values);
}

describe("the form sheet of an uploaded workbook", () => {
  const tab = formSheetName(form, YEAR, "zh");

  it("is marked by XXGK_FORM_SHEET, which points at it", async () => {
    const model = buildWorkbook(form, { lang: "zh", unitName: "", year: YEAR });
    expect(model.sheets[0]!.name).toBe(tab);
    expect(model.names.find((n) => n.name === FORM_SHEET_NAME)?.refersTo).toBe(`='${tab}'!$A$1`);
  });

  it("is found by its marker after the clerk renamed the tab and a program dropped the input names", async () => {
    await expectRead(
      await filledFile(undefined, (p) => {
        renameSheet(tab, "我单位的统计表")(p);
        formSheetSecond(p);
        dropNames(p, (n) => n.startsWith("xxgk."));
      }),
    );
  });

  it("is found by the marker even when another sheet bears the form sheet's own name", async () => {
    // A program may copy the tab; the copy is not the sheet the marker names.
    await expectRead(
      await filledFile("表一", (p) => {
        formSheetSecond(p);
        dropNames(p, (n) => n.startsWith("xxgk."));
        // The first sheet (校验) takes the tab's usual name: a reader going by name would read it.
        workbookXml(p, (x) => {
          const renamed = x.replace(/(<sheet\b[^>]*\bname=")校验"/, `$1${tab}"`);
          expect(renamed).not.toBe(x);
          return renamed;
        });
      }),
    );
  });

  it("is found by its tab when a program dropped every name, the marker too", async () => {
    await expectRead(
      await filledFile(undefined, (p) => (formSheetSecond(p), dropNames(p, () => true))),
    );
  });

  for (const old of ["报表 gov-2021", `报表 gov-2021 ${YEAR}`]) {
    it(`is found in a file of an earlier version, tab 「${old}」, without a marker or names`, async () => {
      await expectRead(
        await filledFile(old, (p) => {
          formSheetSecond(p);
          dropNames(p, () => true);
        }),
      );
    });
  }
});
