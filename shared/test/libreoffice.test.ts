/**
 * The workbook checks itself in a real spreadsheet: `npm run workbook` writes it, LibreOffice Calc
 * (headless, one soffice for the whole batch) opens and recalculates it, and what XXGK_CHECKS and
 * the message cells say equals the engine's issues, instance for instance — for every rule
 * fixture (one file each) and for 200 random reports per form. The random reports are typed into
 * each form's blank workbook by the UNO script (the cells the CLI would fill, then a full
 * recalculation): a file per report would cost LibreOffice ~0.25 s to open, far over budget.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWorkbook } from "../cli/workbook-run";
import { derivedCells, evaluate, fillTotals, formatNumber } from "../engine";
import { FORMS } from "../forms/catalogue";
import type { Form } from "../forms/model";
import { randomReport, rng } from "../testing/sample-report";
import {
  buildWorkbook,
  CHECKS_NAME,
  type WbRef,
  type WbSheet,
  type WorkbookModel,
} from "../workbook";
import { numberText } from "../workbook/message";
import { writeXlsx } from "../workbook/xlsx";
import { previousValue } from "../workbook/previous-sheet";
import { libreOfficeGate, UNO_PYTHON } from "./libreoffice-gate";
import { MESSAGE_NUMBERS } from "./fixtures/numbers";
import { ALL_RULE_FIXTURES } from "./fixtures/rule-fixtures";

const SCRIPT = new URL("../testing/lo_recalc.py", import.meta.url).pathname;
const REPORTS_PER_FORM = 200;
const PARTS_ONLY_PER_FORM = 50;
const libreOffice = libreOfficeGate("LibreOffice tests");

interface Report {
  form: Form;
  year: number;
  values: Record<string, number>;
  previous: Record<string, unknown> | null;
}

type Read = { name: string } | { sheet: string; range: string };
type Write = { sheet: string; cells: Record<string, number | null> };
interface Job {
  file: string;
  reads: Read[];
  fills?: Write[][];
}

const yearOf = (form: Form) => form.years.from ?? form.years.to!;

const NUMBERS = MESSAGE_NUMBERS;

/** A one-sheet workbook: each number beside its message text formula. */
function numbersWorkbook(): WorkbookModel {
  const sheet: WbSheet = {
    name: "n",
    role: "checks",
    visibility: "visible",
    protected: false,
    columnWidths: [],
    hiddenColumns: [],
    validations: [],
    cells: NUMBERS.flatMap((n, i) => [
      { address: `A${i + 1}`, value: n },
      { address: `B${i + 1}`, formula: `=${numberText(`A${i + 1}`)}` },
    ]),
  };
  const ref = { sheet: "n", address: "A1" };
  return {
    meta: {
      formId: "",
      year: 0,
      version: 0,
      lang: "zh",
      unitName: "",
      unitCode: null,
      revision: null,
      file: null,
    },
    sheets: [sheet],
    names: [],
    conditionalFormats: [],
    checks: [],
    inputs: {},
    previous: {},
    checksRange: ref,
    summary: { errors: ref, warnings: ref, text: ref, status: null },
  };
}

/** What LibreOffice reads back for a report: XXGK_CHECKS, every message, the two counts. */
function reads(model: WorkbookModel): Read[] {
  const first = model.checks[0]!.message;
  const last = model.checks[model.checks.length - 1]!.message;
  const { errors, warnings } = model.summary;
  return [
    { name: CHECKS_NAME },
    { sheet: first.sheet, range: `${first.address}:${last.address}` },
    { sheet: errors.sheet, range: errors.address },
    { sheet: warnings.sheet, range: warnings.address },
  ];
}

/** The cells the CLI fills for a report (this year, last year), by sheet. */
/** `partsOnly`: the totals the workbook computes are left to their formulas, as a clerk does. */
function fills(model: WorkbookModel, r: Report, partsOnly = false): Write[] {
  const totals = partsOnly ? derivedCells(r.form) : new Set<string>();
  const bySheet = new Map<string, Record<string, number | null>>();
  const put = (ref: WbRef, v: number | null) => {
    if (!bySheet.has(ref.sheet)) bySheet.set(ref.sheet, {});
    bySheet.get(ref.sheet)![ref.address] = v;
  };
  for (const c of r.form.cells) {
    if (!totals.has(c.id)) put(model.inputs[c.id]!, r.values[c.id] ?? null);
    put(model.previous[c.id]!, previousValue(r.form, r.previous, c.id) ?? null);
  }
  return [...bySheet].map(([sheet, cells]) => ({ sheet, cells }));
}

/** The parts of a report with the totals its workbook would compute (blank parts are 0). */
function partsTotalled(form: Form, values: Record<string, number>): Record<string, number> {
  const totals = derivedCells(form);
  const out = fillTotals(
    form,
    Object.fromEntries(Object.entries(values).filter(([id]) => !totals.has(id))),
  );
  for (const id of totals) out[id] ??= 0;
  return out;
}

/** LibreOffice's snapshot of one report against the engine's issues. */
function compare(model: WorkbookModel, r: Report, snapshot: unknown[][][]): void {
  const [checks, messages, errors, warnings] = snapshot as [
    unknown[][],
    unknown[][],
    unknown[][],
    unknown[][],
  ];
  const issues = new Map(
    evaluate(r.form, r.values, { previous: r.previous }).map((i) => [i.key, i]),
  );
  model.checks.forEach((c, i) => {
    const [rule, key, verdict] = checks[i]!;
    expect([rule, key]).toEqual([c.rule, c.key]);
    expect(
      verdict === 1 || verdict === true || verdict === 0 || verdict === false,
      `${c.key}: ${JSON.stringify(verdict)}`,
    ).toBe(true);
    expect(Boolean(verdict), c.key).toBe(issues.has(c.key));
    expect(messages[i]![0], c.key).toBe(issues.get(c.key)?.message_zh ?? "");
  });
  const bad = [...issues.values()];
  expect(errors[0]![0]).toBe(bad.filter((i) => i.severity === "error").length);
  expect(warnings[0]![0]).toBe(bad.filter((i) => i.severity === "warning").length);
}

describe.skipIf(libreOffice.skip)("the workbook recalculated by LibreOffice Calc", () => {
  const dir = mkdtempSync(join(tmpdir(), "xxgk-lo-"));
  const jobs: Job[] = [];
  /** Per job: the model and the reports it holds (one per fill, or the file's own). */
  const expected: { model: WorkbookModel; reports: Report[]; fixture: string | null }[] = [];
  /** Per job, per snapshot, per read: rows of cells. */
  let results: unknown[][][][][] = [];

  async function cli(name: string, args: string[], input?: object): Promise<string> {
    const out = join(dir, `${name}.xlsx`);
    const json = join(dir, `${name}.json`);
    if (input) writeFileSync(json, JSON.stringify(input));
    const r = await runWorkbook([...(input ? [json] : []), ...args, "--out", out], (p) =>
      readFileSync(p, "utf8"),
    );
    expect(r.exitCode, r.stderr).toBe(0);
    writeFileSync(out, r.output!.bytes);
    return out;
  }

  beforeAll(async () => {
    libreOffice.require();
    for (const fx of ALL_RULE_FIXTURES) {
      const form = FORMS.find((f) => f.id === fx.form)!;
      const report: Report = {
        form,
        year: yearOf(form),
        values: fx.values,
        previous: fx.previous ?? null,
      };
      const file = await cli(`${fx.form}-${fx.rule}`, [], {
        form: fx.form,
        year: report.year,
        values: fx.values,
        previous: fx.previous ?? null,
      });
      const model = buildWorkbook(form, { lang: "zh", unitName: "", year: report.year });
      jobs.push({ file, reads: reads(model) });
      expected.push({ model, reports: [report], fixture: `${fx.form} ${fx.rule}` });
    }
    for (const form of FORMS) {
      const year = yearOf(form);
      const file = await cli(`${form.id}-blank`, ["--form", form.id, "--year", String(year)]);
      const model = buildWorkbook(form, { lang: "zh", unitName: "", year });
      const rand = rng(2026 + form.cells.length);
      const reports = Array.from({ length: REPORTS_PER_FORM }, (): Report => ({
        form,
        year,
        ...randomReport(form, rand),
      }));
      // A quarter again with the parts typed only: the workbook's formulas make the totals.
      const typed = reports.map((r) => fills(model, r));
      const parts = reports
        .slice(0, PARTS_ONLY_PER_FORM)
        .map((r): Report => ({ ...r, values: partsTotalled(form, r.values) }));
      reports.push(...parts);
      jobs.push({
        file,
        reads: reads(model),
        fills: [...typed, ...parts.map((r) => fills(model, r, true))],
      });
      expected.push({ model, reports, fixture: null });
    }
    // Message numbers with decimals and signs (no rule of today's forms adds up amounts).
    const file = join(dir, "numbers.xlsx");
    writeFileSync(file, await writeXlsx(numbersWorkbook()));
    jobs.push({ file, reads: [{ sheet: "n", range: `B1:B${NUMBERS.length}` }] });
    writeFileSync(join(dir, "jobs.json"), JSON.stringify({ jobs }));
    const run = spawnSync(UNO_PYTHON, [SCRIPT, join(dir, "jobs.json"), join(dir, "results.json")], {
      encoding: "utf8",
      timeout: 300_000,
    });
    if (run.status !== 0) throw new Error(`lo_recalc.py failed (${run.status}): ${run.stderr}`);
    results = JSON.parse(readFileSync(join(dir, "results.json"), "utf8")).results;
  }, 360_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("agrees with the engine on every rule fixture (each a file written by npm run workbook)", () => {
    const fixtures = expected.map((e, i) => [e, i] as const).filter(([e]) => e.fixture);
    expect(fixtures.length).toBe(ALL_RULE_FIXTURES.length);
    // Every rule of every form has its fixture here.
    const covered = new Set(ALL_RULE_FIXTURES.map((f) => `${f.form} ${f.rule}`));
    const rules = FORMS.flatMap((f) => f.rules.map((r) => `${f.id} ${r.rule}`));
    expect(rules.filter((r) => !covered.has(r))).toEqual([]);
    for (const [e, i] of fixtures) {
      const [report] = e.reports;
      const snapshot = results[i]![0]!;
      compare(e.model, report!, snapshot);
      // The fixture breaks its rule: LibreOffice marks it too.
      expect(
        (snapshot[0] as unknown[][]).some((row) => row[0] === e.fixture!.split(" ")[1] && row[2]),
        e.fixture!,
      ).toBe(true);
    }
  });

  it("prints numbers in messages as the engine does, decimals and signs included", () => {
    const [[texts]] = results[results.length - 1]! as unknown as [[unknown[][]]];
    expect(texts.map((row) => row[0])).toEqual(NUMBERS.map(formatNumber));
  });

  it.each(FORMS.map((f) => [f.id]))(
    "agrees with the engine on %s: 200 random reports typed into the blank workbook, totals typed and computed",
    (id) => {
      const i = expected.findIndex((e) => !e.fixture && e.model.meta.formId === id);
      const { model, reports } = expected[i]!;
      expect(results[i]).toHaveLength(REPORTS_PER_FORM + PARTS_ONLY_PER_FORM);
      let violated = 0;
      reports.forEach((r, k) => {
        compare(model, r, results[i]![k]!);
        violated += evaluate(r.form, r.values, { previous: r.previous }).length;
      });
      expect(violated).toBeGreaterThan(REPORTS_PER_FORM); // the reports do break rules
    },
  );
});
