import fc from "fast-check";
import { HyperFormula } from "hyperformula";
import { afterAll, describe, expect, it } from "vitest";
import { FORMS } from "../forms/catalogue";
import { evaluate } from "../engine";
import { layoutForm, ruleFormulas } from "../layout";
import { loadWorkbook } from "../testing/workbook-hf";
import { buildWorkbook, type WbRef } from "../workbook";
import { previousValue } from "../workbook/previous-sheet";
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

/**
 * The workbook model's own formulas (shared/workbook) in HyperFormula: the XXGK_CHECKS verdicts,
 * cross-year ones included, and the message cells equal the engine's issues instance for
 * instance, last year's values present, partly invalid, or absent.
 */
describe.each(FORMS.map((f) => [f.id, f] as const))("workbook checks (%s)", (_id, form) => {
  const model = buildWorkbook(form, { lang: "zh", unitName: "", year: 2023 });
  const wb = loadWorkbook(model);
  afterAll(() => wb.destroy());
  const ids = form.cells.map((c) => c.id);
  const broken = new Set<string>();

  /** Last year: absent, or a report with a few values no engine would use (text, negative…). */
  const lastYear = (max: number) =>
    fc.option(
      fc
        .tuple(
          valuesOf(form, max),
          fc.subarray(ids, { maxLength: 4 }),
          fc.constantFrom<unknown>("x", -1, "3", 1.5, ""),
        )
        .map(([v, bad, junk]) => {
          const out: Record<string, unknown> = { ...v };
          for (const id of bad) out[id] = junk;
          return out;
        }),
      { freq: 4 },
    );

  function check(
    vals: Record<string, number>,
    texts: string[],
    previous: Record<string, unknown> | null,
  ) {
    wb.write([
      ...form.cells.map((c): [WbRef, number | string | null] => [
        model.inputs[c.id]!,
        texts.includes(c.id) ? "n/a" : (vals[c.id] ?? null),
      ]),
      ...form.cells.map((c): [WbRef, number | null] => [
        model.previous[c.id]!,
        previousValue(form, previous, c.id) ?? null,
      ]),
    ]);
    const numbers = Object.fromEntries(Object.entries(vals).filter(([id]) => !texts.includes(id)));
    const issues = new Map(evaluate(form, numbers, { previous }).map((i) => [i.key, i]));
    for (const c of model.checks) {
      const issue = issues.get(c.key);
      expect(wb.read(c.verdict), `${c.key}: ${c.formula}`).toBe(issue !== undefined);
      expect(wb.read(c.message), c.key).toBe(issue?.message_zh ?? "");
    }
    expect(model.checks.filter((c) => issues.has(c.key))).toHaveLength(issues.size);
    for (const i of issues.values()) broken.add(i.rule);
  }

  it("agree with the engine on small numbers (coincidences, text, last year)", () => {
    const arb = fc.tuple(valuesOf(form, 6), fc.subarray(ids, { maxLength: 3 }), lastYear(6));
    fc.assert(
      fc.property(arb, ([vals, texts, previous]) => check(vals, texts, previous)),
      { numRuns: 40 },
    );
  }, 120_000);

  it("agree with the engine on jumps from last year (outliers, large amounts)", () => {
    const arb = fc.tuple(valuesOf(form, 150), fc.constant<string[]>([]), lastYear(8));
    fc.assert(
      fc.property(arb, ([vals, texts, previous]) => check(vals, texts, previous)),
      { numRuns: 25 },
    );
  }, 120_000);

  it("agree with the engine on copies of last year (sent again, or one table left as it was)", () => {
    // Last year is this year with at most two cells moved: a copy, or a copy but for a table.
    const arb = fc.tuple(valuesOf(form, 6), fc.subarray(ids, { maxLength: 2 }));
    fc.assert(
      fc.property(arb, ([vals, moved]) => {
        const previous: Record<string, unknown> = {};
        for (const id of ids) previous[id] = (vals[id] ?? 0) + (moved.includes(id) ? 1 : 0);
        check(vals, [], previous);
      }),
      { numRuns: 30 },
    );
  }, 120_000);

  it("saw every rule broken at least once (the inputs are not too tame)", () => {
    expect([...new Set(form.rules.map((r) => r.rule))].filter((r) => !broken.has(r))).toEqual([]);
  });
});
