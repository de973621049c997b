import fc from "fast-check";
import { HyperFormula } from "hyperformula";
import { describe, expect, it } from "vitest";
import { FORMS } from "../forms/catalogue";
import { evaluate } from "../engine";
import { layoutForm, ruleFormulas } from "../layout";
import { valuesOf } from "./arbitraries";

/**
 * The formulas the add-in puts into conditional formatting, checked in a real spreadsheet
 * engine: on random sheets, a formula is TRUE exactly where the TypeScript engine reports.
 */
describe.each(FORMS.map((f) => [f.id, f] as const))("Excel rule formulas (%s)", (_id, form) => {
  const layout = layoutForm(form, "zh");
  const formulas = ruleFormulas(form, layout);

  it("cover every rule that can be judged from the sheet alone", () => {
    const sheetOnly = form.rules.filter((r) => !r.crossYear && r.check.kind !== "outlier");
    expect(formulas.map((f) => f.key)).toEqual(sheetOnly.map((r) => r.key));
  });

  it("agree with the engine on random inputs", () => {
    const hf = HyperFormula.buildEmpty({ licenseKey: "gpl-v3" });
    const sheetName = hf.addSheet("form");
    const sheet = hf.getSheetId(sheetName)!;
    // Formulas live in a column to the right of the form, one per row.
    const col = layout.colCount + 1;
    hf.setCellContents(
      { sheet, row: 0, col },
      formulas.map((f) => [f.formula.replace(/\$/g, "")]),
    );
    // Small numbers make coincidences (and so both verdicts) likely; text must count as blank.
    const values = fc.tuple(
      valuesOf(form, 6),
      fc.subarray(
        form.cells.map((c) => c.id),
        { maxLength: 3 },
      ),
    );
    fc.assert(
      fc.property(values, ([vals, texts]) => {
        hf.batch(() => {
          for (const cell of form.cells) {
            const p = layout.inputs[cell.id]!;
            const v = texts.includes(cell.id) ? "n/a" : (vals[cell.id] ?? null);
            hf.setCellContents({ sheet, row: p.row, col: p.col }, [[v]]);
          }
        });
        const input: Record<string, unknown> = { ...vals };
        for (const t of texts) input[t] = "n/a";
        const flagged = new Set(
          evaluate(
            form,
            Object.fromEntries(
              Object.entries(input).filter(([, v]) => typeof v === "number"),
            ) as Record<string, number>,
          ).map((i) => i.key),
        );
        formulas.forEach((f, i) => {
          const verdict = hf.getCellValue({ sheet, row: i, col });
          expect(verdict, `${f.key}: ${f.formula}`).toBe(flagged.has(f.key));
        });
      }),
      { numRuns: 150 },
    );
    hf.destroy();
  });
});
