/**
 * `buildWorkbook`: a form's workbook model (./types.ts), pure and host-neutral. The workbook
 * checks itself: every rule instance is a formula (a row of `XXGK_CHECKS` on the 校验 sheet), a
 * conditional format over the cells it reads (red error, amber warning), and a message formula
 * that yields the engine's text; cross-year rules read last year's values from a hidden sheet.
 * Everything comes from the form definition; nothing here knows a particular form.
 */
import type { CellValues } from "../engine/values";
import type { Form } from "../forms/model";
import { ruleCheckFormulas, type CellRefs } from "../layout/formulas";
import { layoutForm } from "../layout/grid";
import { formSheetName } from "../layout/sheet-names";
import type { Lang, SheetLayout } from "../layout/types";
import { checksSheet, messageAt, type ChecksSheet } from "./checks-sheet";
import { formChecks } from "./form-checks";
import { areaOf, formSheet } from "./form-sheet";
import { stringLiteral } from "./message";
import { absoluteRef, CHECKS_NAME, FORM_SHEET_NAME, inputName, META_NAME, sheetRef } from "./names";
import { previousSheet } from "./previous-sheet";
import { text } from "./text";
import { formArithmetic } from "./totals";
import type { WbMeta, WbName, WbRef, WorkbookModel } from "./types";

export interface BuildOptions {
  lang: Lang;
  /** The reporting unit's name, written in the form's meta line (as text). */
  unitName: string;
  year: number;
  /** This year's values (already parsed: valid numbers by cell id); absent cells stay blank. */
  values?: CellValues;
  /** Last year's report of the same unit, by cell id; absent: the cross-year rules judge nothing. */
  previous?: Record<string, unknown> | null;
  /** 说明 of warnings by instance key, written into their cells. */
  explanations?: Record<string, string>;
  /** Supplements this report does not collect (`{capacity: false}`): their rules are left out. */
  supplements?: Record<string, boolean>;
  /** Recorded in `XXGK_META` for the upload parser (unit code, server revision). */
  unitCode?: string | null;
  revision?: number | null;
  /** This download's id (`XXGK_META` row `file`): see `WbMeta.file`. */
  file?: string | null;
  /**
   * Sheet names, when the host must choose them (a name already taken in the workbook): every
   * formula and name of the model refers to the sheets by these names.
   */
  sheetNames?: { form?: string; checks?: string; previous?: string };
  /** 报出日期 of the signature block (`YYYY-MM-DD`): the day the report was sent, when it was. */
  sentOn?: string;
}

/** Where each input cell is drawn (its merged area when it spans columns). */
function inputAreas(layout: SheetLayout): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of layout.cells) if (c.role === "input" && c.cellId) out[c.cellId] = areaOf(c);
  return out;
}

function statusFormula(checks: ChecksSheet, lang: Lang): string {
  const t = text(lang);
  const ref = (r: WbRef) => sheetRef(r.sheet, r.address);
  const lit = stringLiteral;
  const first = `IF(${checks.firstFailing}="","",${lit(t.statusFirst)}&${checks.firstFailing})`;
  return (
    `=IF(${ref(checks.errors)}+${ref(checks.warnings)}=0,${lit(t.status + t.ok)},` +
    `${lit(t.status)}&${ref(checks.summary)}&${first}&${lit(t.statusSee)})`
  );
}

function name(n: string, sheet: string, address: string): WbName {
  return { name: n, sheet, address, refersTo: `=${sheetRef(sheet, address)}` };
}

export function buildWorkbook(form: Form, opts: BuildOptions): WorkbookModel {
  const { lang } = opts;
  const t = text(lang);
  const layout = layoutForm(form, lang);
  const meta: WbMeta = {
    formId: form.id,
    year: opts.year,
    version: form.version,
    lang,
    unitName: opts.unitName,
    unitCode: opts.unitCode ?? null,
    revision: opts.revision ?? null,
    file: opts.file ?? null,
  };
  const formName = opts.sheetNames?.form ?? formSheetName(form, opts.year, lang);
  const inputs: Record<string, WbRef> = {};
  for (const [id, p] of Object.entries(layout.inputs)) {
    inputs[id] = { sheet: formName, address: p.address };
  }
  const current = (id: string) => sheetRef(formName, inputs[id]!.address);
  const prev = previousSheet(
    opts.sheetNames?.previous ?? t.previousSheet,
    form,
    meta,
    opts.previous,
    lang,
    current,
  );
  const range = (at: Record<string, WbRef>) => (first: string, last: string) =>
    sheetRef(at[first]!.sheet, `${at[first]!.address}:${at[last]!.address}`);
  // The 校验 sheet reads the form sheet by name; the form sheet's own verdicts need no name.
  const previousRef = (id: string) => sheetRef(prev.cells[id]!.sheet, prev.cells[id]!.address);
  const named: CellRefs = {
    current,
    previous: previousRef,
    previousRange: range(prev.cells),
    differsRange: range(prev.differs),
  };
  const local: CellRefs = {
    ...named,
    current: (id) => absoluteRef(inputs[id]!.address),
  };
  const options = { supplements: opts.supplements };
  const formulas = ruleCheckFormulas(form, named, options);
  const bare = ruleCheckFormulas(form, local, options);
  const checksName = opts.sheetNames?.checks ?? t.checksSheet;
  const onForm = formChecks(
    layout,
    formName,
    bare.map((f, i) => ({
      key: f.key,
      severity: f.severity,
      target: f.target,
      cells: f.instance.cells,
      violated: f.violated,
      message: messageAt(checksName, i),
    })),
    lang,
    inputAreas(layout),
  );
  const checks = checksSheet({
    name: checksName,
    lang,
    formulas,
    verdicts: bare.map((f) => sheetRef(formName, onForm.verdicts.get(f.key)!)),
    targets: formulas.map((f) => layout.inputs[f.target]!.address),
    explanations: opts.explanations,
    print: { lang, unit: opts.unitName, year: opts.year },
  });
  const arithmetic = formArithmetic(form, layout, {
    values: opts.values,
    previous: opts.previous,
    supplements: opts.supplements,
  });
  const main = formSheet({
    name: formName,
    form,
    layout,
    lang,
    unitName: opts.unitName,
    year: opts.year,
    values: arithmetic.values,
    totals: arithmetic.formulas,
    ...(opts.sentOn ? { sentOn: opts.sentOn } : {}),
    status: statusFormula(checks, lang),
    checks: onForm,
  });
  const names: WbName[] = [
    ...form.cells.map((c) => name(inputName(c.id), formName, inputs[c.id]!.address)),
    name(CHECKS_NAME, checks.sheet.name, checks.range),
    name(META_NAME, prev.sheet.name, prev.meta),
    name(FORM_SHEET_NAME, formName, "A1"),
  ];
  return {
    meta,
    sheets: [main.sheet, checks.sheet, prev.sheet],
    names,
    conditionalFormats: [...onForm.formats, ...checks.conditionalFormats],
    checks: checks.checks.map((c, i) => ({
      ...c,
      formula: `=${bare[i]!.violated}`,
      mark: { sheet: formName, address: onForm.verdicts.get(c.key)! },
      shown: { sheet: formName, address: onForm.shown.get(c.key)! },
    })),
    inputs,
    previous: prev.cells,
    checksRange: { sheet: checks.sheet.name, address: checks.range },
    summary: {
      errors: checks.errors,
      warnings: checks.warnings,
      text: checks.summary,
      status: main.status ? { sheet: main.sheet.name, address: main.status } : null,
    },
  };
}
