import { describe, expect, it } from "vitest";
import { carries, derivedCells, evaluate, fillTotals } from "../engine";
import { FORMS, getForm } from "../forms/catalogue";
import { layoutForm, parseA1 } from "../layout";
import { loadWorkbook } from "../testing/workbook-hf";
import { consistentValues, rng } from "../testing/sample-report";
import { buildWorkbook, type WorkbookModel } from "../workbook";
import { columnPx, MESSAGE_MIN_PX, tablesOf, VISIBLE_PX } from "../workbook/form-checks";
import ExcelJS, { settle } from "../workbook/exceljs";
import { FUNCTIONS, functionsIn } from "../workbook/functions";
import { readWorkbookFile } from "../workbook/read";
import { writeXlsx } from "../workbook/xlsx";

const gov2021 = getForm("gov-2021")!;

function allFormulas(model: WorkbookModel): string[] {
  return [
    ...model.sheets.flatMap((s) => s.cells.flatMap((c) => c.formula ?? [])),
    ...model.conditionalFormats.map((c) => c.formula),
    ...model.names.map((n) => n.refersTo),
  ];
}

function cellOf(model: WorkbookModel, sheet: string, address: string) {
  return model.sheets
    .find((s) => s.name === sheet)!
    .cells.find((c) => c.address.split(":")[0] === address);
}

describe.each(FORMS.map((f) => [f.id, f] as const))(
  "the workbook's arithmetic (%s)",
  (_id, form) => {
    const previous = Object.fromEntries(form.cells.map((c, i) => [c.id, (i % 7) + 1]));
    const variants = [
      buildWorkbook(form, { lang: "zh", unitName: "某单位", year: 2024 }),
      buildWorkbook(form, { lang: "en", unitName: "Unit", year: 2024, previous }),
    ];
    const layout = layoutForm(form, "zh");

    it("uses only the functions every spreadsheet program evaluates alike", () => {
      const allowed = new Set<string>(FUNCTIONS);
      for (const model of variants) {
        const used = new Set(allFormulas(model).flatMap(functionsIn));
        expect([...used].filter((f) => !allowed.has(f))).toEqual([]);
        expect(used.size).toBeGreaterThan(3); // the scan does find the calls
      }
    });

    it("has no conditional format that names a sheet, cross-year rules included", () => {
      const model = variants[1]!;
      expect(
        model.checks.some(
          (c) => c.key.length && form.rules.find((r) => r.key === c.key)?.crossYear,
        ),
      ).toBe(form.rules.some((r) => r.crossYear));
      for (const cf of model.conditionalFormats) expect(cf.formula).not.toContain("!");
    });

    it("computes every total from the parts typed, and the rules agree with the engine", () => {
      const model = variants[0]!;
      const totals = derivedCells(form);
      const rand = rng(7 + form.cells.length);
      const values = consistentValues(form, rand, 30);
      const parts = Object.entries(values).filter(([id]) => !totals.has(id));
      const wb = loadWorkbook(model);
      wb.write(parts.map(([id, v]) => [model.inputs[id]!, v]));
      const expected = fillTotals(form, Object.fromEntries(parts));
      for (const id of totals) expect(wb.read(model.inputs[id]!), id).toBe(expected[id] ?? 0);
      const issues = evaluate(form, expected);
      const violated = model.checks.filter((c) => wb.read(c.verdict) === true).map((c) => c.key);
      expect(violated.sort()).toEqual(issues.map((i) => i.key).sort());
      wb.destroy();
    });

    it("shows each row's messages where the eye is: beside its table, or under a table too wide", () => {
      const model = variants[0]!;
      const tables = tablesOf(layout);
      for (const c of model.checks) {
        const at = parseA1(c.shown.address);
        let left = 0;
        for (let k = 0; k < at.col; k++) left += columnPx(layout.columnWidths[k] ?? 48);
        expect(left + MESSAGE_MIN_PX, c.key).toBeLessThanOrEqual(VISIBLE_PX);
        const row = layout.inputs[c.target]!.row;
        const table = tables.find((t) => row >= t.first && row <= t.last)!;
        if (at.row === row) expect(at.col, c.key).toBe(table.right);
        else expect([at.row, at.col], c.key).toEqual([table.last + 1, 0]);
      }
    });
  },
);

describe("carried-in cells", () => {
  it("start with last year's carried-out values, still editable; without last year, blank", () => {
    const prev = { "requests.carried_out.natural": 4, "requests.carried_out.business": "2" };
    const model = buildWorkbook(gov2021, { lang: "zh", unitName: "", year: 2024, previous: prev });
    const carried = carries(gov2021).map((c) => c.cell);
    expect(carried).toContain("requests.carried_in.natural");
    const at = (id: string) => cellOf(model, model.inputs[id]!.sheet, model.inputs[id]!.address)!;
    expect(at("requests.carried_in.natural")).toMatchObject({ value: 4, unlocked: true });
    expect(at("requests.carried_in.business")).toMatchObject({ value: 2, unlocked: true });
    expect(at("requests.carried_in.research").value).toBeUndefined(); // last year has none
    // Only the cells a rule ties to last year alone: 现行有效件数 also depends on this year.
    expect(carried.some((c) => c.endsWith(".in_force"))).toBe(false);
    // A report already started keeps its own values, blanks included.
    const typed = buildWorkbook(gov2021, {
      lang: "zh",
      unitName: "",
      year: 2024,
      previous: prev,
      values: { "requests.carried_in.natural": 9 },
    });
    const ref = typed.inputs["requests.carried_in.natural"]!;
    expect(cellOf(typed, ref.sheet, ref.address)!.value).toBe(9);
    const other = typed.inputs["requests.carried_in.business"]!;
    expect(cellOf(typed, other.sheet, other.address)!.value).toBeUndefined();
    const none = buildWorkbook(gov2021, { lang: "zh", unitName: "", year: 2024 });
    const r = none.inputs["requests.carried_in.natural"]!;
    expect(cellOf(none, r.sheet, r.address)!.value).toBeUndefined();
  });

  it("keeps a stored total that contradicts its parts as typed, so its mark shows", () => {
    const values = { "capacity.staff_total.count": 3, "capacity.staff_fulltime.count": 1 };
    const model = buildWorkbook(gov2021, { lang: "zh", unitName: "", year: 2024, values });
    const ref = model.inputs["capacity.staff_total.count"]!;
    expect(cellOf(model, ref.sheet, ref.address)).toMatchObject({ value: 3, unlocked: true });
    const ok = buildWorkbook(gov2021, {
      lang: "zh",
      unitName: "",
      year: 2024,
      values: { ...values, "capacity.staff_total.count": 1 },
    });
    expect(cellOf(ok, ref.sheet, ref.address)!.formula).toMatch(/^=SUM\(/);
  });
});

describe("reading an uploaded file", () => {
  it("computes a total whose formula has no cached value; any other such formula is named", async () => {
    const model = buildWorkbook(gov2021, { lang: "zh", unitName: "", year: 2024 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeXlsx(model)) as never);
    await settle();
    const ws = wb.getWorksheet(model.sheets[0]!.name)!;
    const at = (id: string) => ws.getCell(model.inputs[id]!.address);
    at("capacity.staff_fulltime.count").value = 2;
    at("capacity.staff_parttime.count").value = 3;
    at("requests.new.natural").value = { formula: "1+2" } as never;
    const bytes = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    await settle();
    const read = await readWorkbookFile(gov2021, bytes);
    expect(read.values["capacity.staff_total.count"]).toBe(5);
    expect(read.problems.map((p) => [p.cell, p.message.zh])).toEqual([
      ["requests.new.natural", expect.stringContaining("公式没有计算结果")],
    ]);
  });
});
