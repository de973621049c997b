import { strFromU8, unzipSync } from "fflate";
import { HyperFormula } from "hyperformula";
import { describe, expect, it } from "vitest";
import { derivedCells, evaluate, formatNumber } from "../engine";
import { FORMS, getForm } from "../forms/catalogue";
import { layoutForm, parseA1 } from "../layout";
import { loadWorkbook } from "../testing/workbook-hf";
import {
  buildWorkbook,
  CHECKS_NAME,
  isLegalName,
  META_NAME,
  type WbCell,
  type WorkbookModel,
} from "../workbook";
import { signatureEntries } from "../print";
import { numberText } from "../workbook/message";
import { MESSAGE_NUMBERS } from "./fixtures/numbers";
import ExcelJS, { settle } from "../workbook/exceljs";
import { writeXlsx } from "../workbook/xlsx";

const gov2021 = getForm("gov-2021")!;

function cellAt(model: WorkbookModel, sheet: string, address: string): WbCell | undefined {
  return model.sheets
    .find((s) => s.name === sheet)
    ?.cells.find((c) => c.address.split(":")[0] === address);
}

/** Each signature caption under the form's tables, and its value cell: beside it, else under it. */
function signatureCells(model: WorkbookModel, layout: ReturnType<typeof layoutForm>) {
  const below = model.sheets[0]!.cells.filter((c) => parseA1(c.address).row >= layout.rowCount);
  const at = (row: number, col: number) =>
    below.find((c) => {
      const p = parseA1(c.address);
      return p.row === row && p.col === col;
    });
  const entries = signatureEntries({ lang: model.meta.lang, unit: model.meta.unitName });
  return entries.map((e) => {
    const caption = below.find((c) => c.value === e.caption)!;
    const [from, to = from] = caption.address.split(":");
    const start = parseA1(from!);
    const value = at(start.row, parseA1(to!).col + 1) ?? at(start.row + 1, start.col);
    return { key: e.key, caption, value: value! };
  });
}

describe.each(FORMS.map((f) => [f.id, f] as const))("the workbook model (%s)", (_id, form) => {
  const model = buildWorkbook(form, { lang: "zh", unitName: "某单位", year: 2023 });
  const [main, checks, previous] = model.sheets;
  const layout = layoutForm(form, "zh");

  it("names every input cell xxgk.<cell id>, a legal Excel name, at its place in the layout", () => {
    for (const c of form.cells) {
      const n = model.names.find((x) => x.name === `xxgk.${c.id}`);
      expect(n && isLegalName(n.name), c.id).toBe(true);
      expect(n).toMatchObject({ sheet: main!.name, address: layout.inputs[c.id]!.address });
      expect(n!.refersTo).toBe(`='${main!.name}'!$${n!.address.replace(/(\d+)/, "$$$1")}`);
    }
  });

  it("lists every rule instance once in XXGK_CHECKS, in the engine's order and keys", () => {
    expect(model.checks.map((c) => c.key)).toEqual(form.rules.map((r) => r.key));
    const range = model.names.find((n) => n.name === CHECKS_NAME)!;
    const [from, to] = range.address.split(":");
    expect(from!.replace(/\d+/, "")).toBe("A");
    expect(to!.replace(/\d+/, "")).toBe("C");
    model.checks.forEach((c, i) => {
      const row = Number(from!.slice(1)) + i;
      expect(cellAt(model, checks!.name, `A${row}`)?.value).toBe(c.rule);
      expect(cellAt(model, checks!.name, `B${row}`)?.value).toBe(c.key);
      // The verdict is computed once, on the form sheet; the 校验 sheet shows it.
      expect(cellAt(model, checks!.name, `C${row}`)?.formula).toBe(
        `='${main!.name}'!$${c.mark.address.replace(/(\d+)/, "$$$1")}`,
      );
      expect(c.mark.sheet).toBe(main!.name);
      expect(cellAt(model, main!.name, c.mark.address)?.formula).toBe(c.formula);
    });
  });

  it("keeps each verdict in a hidden, locked cell of the form sheet, outside the print area", () => {
    const cols = new Set(model.checks.map((c) => parseA1(c.mark.address).col));
    for (const col of cols) {
      expect(main!.hiddenColumns).toContain(col);
      expect(col).toBeGreaterThan(layout.colCount);
    }
    for (const c of model.checks)
      expect(cellAt(model, main!.name, c.mark.address)?.unlocked).toBeUndefined();
  });

  it("has no conditional format that refers to another sheet", () => {
    for (const cf of model.conditionalFormats) expect(cf.formula, cf.key).not.toContain("!");
  });

  it("marks the cells each instance reads: red for errors, amber for warnings, red first", () => {
    const marks = model.conditionalFormats.filter((f) => f.sheet === main!.name);
    expect(marks.map((m) => m.key).sort()).toEqual(form.rules.map((r) => r.key).sort());
    for (const m of marks) {
      const check = model.checks.find((c) => c.key === m.key)!;
      expect(m.formula).toBe(`=$${check.mark.address.replace(/(\d+)/, "$$$1")}`);
      expect(m.areas.map((a) => a.split(":")[0])).toEqual(
        check.cells.map((id) => layout.inputs[id]!.address),
      );
      expect(m.fill).toBe(check.severity === "error" ? "#FFC7CE" : "#FFEB9C");
    }
    const priority = (sev: string) =>
      marks.filter((m) => m.severity === sev).map((m) => m.priority);
    if (priority("warning").length && priority("error").length)
      expect(Math.max(...priority("error"))).toBeLessThan(Math.min(...priority("warning")));
  });

  it("protects every sheet; only input cells, the warnings' 说明 and signature values can be edited", () => {
    expect(model.sheets.every((s) => s.protected)).toBe(true);
    const unlocked = model.sheets.flatMap((s) =>
      s.cells.filter((c) => c.unlocked).map((c) => `${s.name}!${c.address.split(":")[0]}`),
    );
    const totals = derivedCells(form);
    const expected = [
      ...form.cells
        .filter((c) => !totals.has(c.id))
        .map((c) => `${main!.name}!${layout.inputs[c.id]!.address}`),
      ...model.checks
        .filter((c) => c.severity === "warning")
        .map((c) => `${c.explanation!.sheet}!${c.explanation!.address}`),
      ...signatureCells(model, layout).map((s) => `${main!.name}!${s.value.address.split(":")[0]}`),
    ];
    expect(unlocked.sort()).toEqual(expected.sort());
    expect(model.checks.filter((c) => c.severity === "error").every((c) => !c.explanation)).toBe(
      true,
    );
    // Every total the form derives from its parts is a locked formula.
    expect(totals.size).toBeGreaterThan(0);
    for (const id of totals) {
      const cell = cellAt(model, main!.name, layout.inputs[id]!.address)!;
      expect(cell.formula, id).toMatch(/^=(ROUND\()?SUM\(/);
      expect(cell.unlocked, id).toBeUndefined();
    }
  });

  it("signs under the tables: locked captions, each value its own underlined text cell to type in", () => {
    const signed = buildWorkbook(form, {
      lang: "zh",
      unitName: "某某市某某区人民政府办公室",
      year: 2023,
      sentOn: "2024-01-10",
    });
    const cells = signatureCells(signed, layout);
    expect(cells.map((c) => c.key)).toEqual([
      "unit",
      "head",
      "reviewer",
      "preparer",
      "phone",
      "date",
    ]);
    for (const { caption, value } of cells) {
      expect(caption.unlocked, caption.address).toBeUndefined();
      expect(value, caption.address).toMatchObject({ unlocked: true, bottomBorder: true });
      expect(value.numberFormat).toBe("@"); // a phone's leading 0 and a typed date stay as typed
    }
    const values = Object.fromEntries(cells.map((c) => [c.key, c.value.value]));
    expect(values).toEqual({
      unit: "某某市某某区人民政府办公室",
      head: undefined,
      reviewer: undefined,
      preparer: undefined,
      phone: undefined,
      date: "2024-01-10",
    });
  });

  it("keeps last year on a hidden sheet and the identity in XXGK_META", () => {
    expect(previous!.visibility).toBe("hidden");
    expect(main!.visibility).toBe("visible");
    const meta = model.names.find((n) => n.name === META_NAME)!;
    expect(meta.sheet).toBe(previous!.name);
    const wb = loadWorkbook(model);
    const [from] = meta.address.split(":");
    const rows: Record<string, unknown> = {};
    for (let r = Number(from!.slice(1)); r < Number(from!.slice(1)) + 7; r++) {
      const key = wb.read({ sheet: previous!.name, address: `A${r}` }) as string;
      rows[key] = wb.read({ sheet: previous!.name, address: `B${r}` });
    }
    wb.destroy();
    expect(rows).toEqual({
      form: form.id,
      year: 2023,
      layout_version: form.version,
      lang: "zh",
      unit_name: "某单位",
      unit_code: null,
      revision: null,
    });
  });

  it("keeps the drawn layout: title, headers, borders, number formats", () => {
    const title = layout.cells.find((c) => c.role === "title")!;
    expect(cellAt(model, main!.name, "A1")).toMatchObject({
      value: title.text,
      bold: true,
      fontSize: 16,
      merge: true,
    });
    const headers = main!.cells.filter((c) => c.fill === "#F2F2F2");
    expect(headers.length).toBe(
      layout.cells.filter((c) => c.role === "header" || c.role === "corner").length,
    );
    expect(headers.every((c) => c.border && c.bold)).toBe(true);
    for (const c of form.cells) {
      const cell = cellAt(model, main!.name, layout.inputs[c.id]!.address)!;
      expect(cell.numberFormat).toBe(c.kind === "amount" ? "0.00##" : "0");
      expect(cell.border).toBe(true);
    }
    // Printed down to the signature block, one row under the last table: the layout's columns.
    const [from, to] = main!.print!.area.split(":");
    expect(from).toBe("A1");
    expect(to!.replace(/\d+/, "")).toBe(layout.range.split(":")[1]!.replace(/\d+/, ""));
    const signed = main!.cells.filter((c) =>
      /^(填报单位\(盖章\)|单位负责人|报出日期):/.test(String(c.value)),
    );
    expect(signed).toHaveLength(3);
    expect(Math.min(...signed.map((c) => parseA1(c.address).row))).toBe(layout.rowCount + 1);
    expect(Math.max(...signed.map((c) => parseA1(c.address).row)) + 1).toBe(
      Number(to!.slice(1).replace(/^[A-Z]+/, "")),
    );
  });
});

describe("the workbook model's options", () => {
  it("writes last year's values only where the engine uses them", () => {
    const model = buildWorkbook(gov2021, {
      lang: "zh",
      unitName: "",
      year: 2023,
      previous: {
        "requests.new.natural": 4,
        "requests.new.business": "7",
        "requests.new.research": -3,
        "requests.new.charity": "x",
        "requests.new.legal": 1.5,
      },
    });
    const value = (id: string) => {
      const ref = model.previous[id]!;
      return cellAt(model, ref.sheet, ref.address)?.value;
    };
    expect(
      ["natural", "business", "research", "charity", "legal", "other_org"].map((c) =>
        value(`requests.new.${c}`),
      ),
    ).toEqual([4, 7, undefined, undefined, undefined, undefined]);
  });

  it("writes a unit name as text, never as a formula", async () => {
    const evil = "=cmd|' /C calc'!A0";
    const model = buildWorkbook(gov2021, { lang: "zh", unitName: evil, year: 2023 });
    const files = unzipSync(await writeXlsx(model));
    expect(strFromU8(files["xl/sharedStrings.xml"]!)).toContain("=cmd|&apos; /C calc&apos;!A0");
    // The page header names the unit as text; no formula anywhere holds it.
    expect(strFromU8(files["xl/worksheets/sheet1.xml"]!)).not.toMatch(/<f>[^<]*cmd\|/);
  });

  it("writes the signature values unlocked into the file, the captions locked, no password", async () => {
    const model = buildWorkbook(gov2021, { lang: "zh", unitName: "某单位", year: 2023 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeXlsx(model)) as never);
    await settle();
    const ws = wb.getWorksheet(model.sheets[0]!.name)!;
    const locked = (address: string) => ws.getCell(address).protection?.locked !== false;
    for (const { caption, value } of signatureCells(model, layoutForm(gov2021, "zh"))) {
      expect(locked(caption.address.split(":")[0]!), caption.address).toBe(true);
      // every cell of a merged value, so a click anywhere on the line types into it
      for (const a of value.address.split(":")) expect(locked(a), a).toBe(false);
      expect(ws.getCell(value.address.split(":")[0]!).border?.bottom?.style).toBe("thin");
    }
    const protection = strFromU8(unzipSync(await writeXlsx(model))["xl/worksheets/sheet1.xml"]!);
    expect(protection).toMatch(/<sheetProtection [^>]*sheet="1"/);
    expect(protection).not.toMatch(/<sheetProtection [^>]*(password|hashValue)=/);
  });

  it("fills values and 说明, and leaves out the rules of a supplement not collected", () => {
    const values = { "capacity.staff_total.count": 3, "capacity.staff_fulltime.count": 1 };
    const explanations = { "N8:proactive.rules.issued": "机构改革,集中清理" };
    const model = buildWorkbook(gov2021, {
      lang: "zh",
      unitName: "",
      year: 2023,
      values,
      explanations,
    });
    const ref = model.inputs["capacity.staff_total.count"]!;
    expect(cellAt(model, ref.sheet, ref.address)?.value).toBe(3);
    const n8 = model.checks.find((c) => c.key === "N8:proactive.rules.issued")!;
    expect(cellAt(model, n8.explanation!.sheet, n8.explanation!.address)?.value).toBe(
      "机构改革,集中清理",
    );
    const off = buildWorkbook(gov2021, {
      lang: "zh",
      unitName: "",
      year: 2023,
      supplements: { capacity: false },
    });
    const skipped = gov2021.rules
      .filter((r) => r.supplements.includes("capacity"))
      .map((r) => r.key);
    expect(skipped.length).toBeGreaterThan(0);
    expect(off.checks.map((c) => c.key)).toEqual(
      gov2021.rules.map((r) => r.key).filter((k) => !skipped.includes(k)),
    );
  });

  it("refers to the sheets by the names the host chose", () => {
    const sheetNames = { form: "gov-2021 (2)", checks: "校验 (2)", previous: "上年 (2)" };
    const model = buildWorkbook(gov2021, { lang: "zh", unitName: "", year: 2023, sheetNames });
    expect(model.sheets.map((s) => s.name)).toEqual(Object.values(sheetNames));
    const formulas = model.sheets.flatMap((s) => s.cells.flatMap((c) => c.formula ?? []));
    const refs = formulas.flatMap((f) => [...f.matchAll(/'((?:[^']|'')+)'!/g)].map((m) => m[1]));
    expect(new Set(refs)).toEqual(new Set(Object.values(sheetNames)));
    const wb = loadWorkbook(model);
    const previous = { "requests.carried_out.natural": 4, "requests.carried_out.total": 4 };
    wb.write(Object.entries(previous).map(([id, v]) => [model.previous[id]!, v]));
    const issues = evaluate(gov2021, {}, { previous });
    expect(issues).toHaveLength(2);
    for (const i of issues) {
      expect(wb.read(model.checks.find((c) => c.key === i.key)!.message)).toBe(i.message_zh);
    }
    wb.destroy();
  });

  it("speaks English in an English workbook, messages included", () => {
    const values = { "capacity.staff_total.count": 3, "capacity.staff_fulltime.count": 1 };
    const model = buildWorkbook(gov2021, { lang: "en", unitName: "", year: 2023 });
    const wb = loadWorkbook(model);
    wb.write(Object.entries(values).map(([id, v]) => [model.inputs[id]!, v]));
    const [issue] = evaluate(gov2021, values);
    const check = model.checks.find((c) => c.key === issue!.key)!;
    expect(wb.read(check.message)).toBe(issue!.message_en);
    expect(wb.read(model.summary.status!)).toMatch(/^Checks: 1 error/);
    wb.destroy();
  });

  it("says on the form sheet how many rules fail, and each message beside its row", () => {
    const values = { "capacity.staff_total.count": 3, "capacity.staff_fulltime.count": 1 };
    const model = buildWorkbook(gov2021, { lang: "zh", unitName: "", year: 2023 });
    const wb = loadWorkbook(model);
    expect(wb.read(model.summary.status!)).toBe("校验:未发现问题");
    wb.write(Object.entries(values).map(([id, v]) => [model.inputs[id]!, v]));
    const [issue] = evaluate(gov2021, values);
    const target = model.inputs[issue!.cell]!;
    expect(wb.read(model.summary.status!)).toBe(
      `校验:1 个错误,0 个提示,首个问题在 ${target.address}(红字为各行的校验信息,另见「校验」表)`,
    );
    const layout = layoutForm(gov2021, "zh");
    const row = layout.inputs[issue!.cell]!.row;
    const shown = model.checks.find((c) => c.key === issue!.key)!.shown;
    // Beside its row, right after its own table (table 六 is three columns wide).
    expect(parseA1(shown.address).row).toBe(row);
    expect(parseA1(shown.address).col).toBeLessThan(layout.colCount);
    expect(wb.read(shown)).toBe(issue!.message_zh);
    wb.destroy();
  });
});

describe("Excel names", () => {
  it("are told apart from what Excel refuses", () => {
    for (const bad of [
      "A1",
      "xfd1048576",
      "R1C1",
      "r",
      "C",
      "1abc",
      "a b",
      "a-b",
      "",
      "x".repeat(256),
    ])
      expect(isLegalName(bad), bad).toBe(false);
    for (const good of ["xxgk.requests.new.natural", "XXGK_CHECKS", "xxgk.t1.r2.c3", "_x", "a1b"])
      expect(isLegalName(good), good).toBe(true);
  });
});

describe("numbers in messages", () => {
  it("read as the engine prints them, decimals and signs included", () => {
    const numbers = MESSAGE_NUMBERS;
    const hf = HyperFormula.buildFromArray(
      numbers.map((n, i) => [
        n,
        `=${numberText(`A${i + 1}`)}`,
        `=${numberText(`A${i + 1}`, Number.isInteger(n))}`,
      ]),
      { licenseKey: "gpl-v3" },
    );
    numbers.forEach((n, i) => {
      expect(hf.getCellValue({ sheet: 0, row: i, col: 1 }), String(n)).toBe(formatNumber(n));
      expect(hf.getCellValue({ sheet: 0, row: i, col: 2 }), String(n)).toBe(formatNumber(n));
    });
    hf.destroy();
  });
});
