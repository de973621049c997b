/**
 * Read a checking workbook back (the upload path): its identity (`XXGK_META`), the input cells
 * and the 说明 of the 校验 sheet. Cells are found by their `xxgk.<cell id>` names first and by the
 * layout's addresses on the form sheet (the one `XXGK_FORM_SHEET` marks) when a program dropped
 * the names; no sheet is found by its name while the marker is there. The bytes must have passed
 * `guardUpload` (./upload-guard.ts): this module trusts their size, not their content.
 */
import type ExcelJSTypes from "exceljs";
import { derivedCells, fillTotals } from "../engine/totals";
import { coerceInput, parseValues } from "../engine/values";
import type { Form } from "../forms/model";
import { layoutForm } from "../layout/grid";
import { formSheetName, legacyFormSheetNames } from "../layout/sheet-names";
import type { Lang } from "../layout/types";
import ExcelJS, { settle } from "./exceljs";
import { CHECKS_NAME, FORM_SHEET_NAME, inputName, META_NAME } from "./names";
import { text } from "./text";

type Workbook = ExcelJSTypes.Workbook;
type Worksheet = ExcelJSTypes.Worksheet;

export interface WorkbookIdentity {
  form: string | null;
  year: number | null;
  unitCode: string | null;
  /** The unit's name as the file records it: a message names the unit by it, not by its code. */
  unitName: string | null;
  revision: number | null;
  /** The download the file came from (`XXGK_META` row `file`), if it records one. */
  file: string | null;
}

/** An input cell that holds something other than a number (or numeric text). */
export interface CellProblem {
  cell: string;
  address: string;
  label: string;
  value: string;
  message: { zh: string; en: string };
}

export interface ReadWorkbook {
  identity: WorkbookIdentity;
  values: Record<string, number>;
  explanations: Record<string, string>;
  problems: CellProblem[];
  /** How the input cells were found. */
  located: "names" | "addresses";
}

/** `'2024年 年报统计表'!$D$7` → sheet and address. */
function parseRef(ref: string): { sheet: string; address: string } | null {
  const m = /^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]+)\$?(\d+)/.exec(ref);
  if (!m) return null;
  return { sheet: (m[1] ?? m[2]!).replace(/''/g, "'"), address: `${m[3]}${m[4]}` };
}

function namedCell(wb: Workbook, name: string): ExcelJSTypes.Cell | null {
  let ranges: string[];
  try {
    ranges = wb.definedNames.getRanges(name)?.ranges ?? [];
  } catch {
    return null;
  }
  const ref = ranges[0] ? parseRef(ranges[0]) : null;
  const ws = ref ? wb.getWorksheet(ref.sheet) : undefined;
  return ws && ref ? ws.getCell(ref.address) : null;
}

/** What a cell holds, as a spreadsheet shows it: formulas give their result, rich text its text. */
export function plainValue(v: ExcelJSTypes.CellValue): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    const o = v as unknown as Record<string, unknown>;
    if ("result" in o || "formula" in o || "sharedFormula" in o)
      return plainValue(o.result as never);
    if (Array.isArray(o.richText)) {
      return (o.richText as { text?: unknown }[]).map((r) => String(r.text ?? "")).join("");
    }
    if ("text" in o) return String(o.text);
    if ("error" in o) return String(o.error);
  }
  return String(v);
}

/** The key/value rows of `XXGK_META`, or of any sheet that holds them when the name is gone. */
function readIdentity(wb: Workbook): WorkbookIdentity {
  const rows = new Map<string, unknown>();
  const fromSheet = (ws: Worksheet, first: number, last: number) => {
    for (let r = first; r <= last; r++) {
      const key = plainValue(ws.getCell(r, 1).value);
      if (typeof key === "string" && !rows.has(key))
        rows.set(key, plainValue(ws.getCell(r, 2).value));
    }
  };
  const metaCell = namedCell(wb, META_NAME);
  if (metaCell) fromSheet(metaCell.worksheet, Number(metaCell.row), Number(metaCell.row) + 10);
  if (!rows.has("form")) wb.eachSheet((ws) => rows.has("form") || fromSheet(ws, 1, 12));
  const str = (k: string) => {
    const v = rows.get(k);
    return v === undefined || v === "" ? null : String(v);
  };
  const num = (k: string) => {
    const v = Number(str(k));
    return str(k) !== null && Number.isInteger(v) ? v : null;
  };
  return {
    form: str("form"),
    year: num("year"),
    unitCode: str("unit_code"),
    unitName: str("unit_name"),
    revision: num("revision"),
    file: str("file"),
  };
}

function langOf(wb: Workbook): Lang {
  const metaCell = namedCell(wb, META_NAME);
  if (!metaCell) return "zh";
  const ws = metaCell.worksheet;
  for (let r = Number(metaCell.row); r < Number(metaCell.row) + 10; r++) {
    if (plainValue(ws.getCell(r, 1).value) === "lang") {
      return plainValue(ws.getCell(r, 2).value) === "en" ? "en" : "zh";
    }
  }
  return "zh";
}

/** 说明 of warnings: column F of the 校验 sheet's rows, keyed by the instance key in column B. */
function readExplanations(wb: Workbook, lang: Lang): Record<string, string> {
  const checks = namedCell(wb, CHECKS_NAME)?.worksheet ?? wb.getWorksheet(text(lang).checksSheet);
  const out: Record<string, string> = {};
  checks?.eachRow((row) => {
    const key = plainValue(row.getCell(2).value);
    const note = plainValue(row.getCell(6).value);
    if (typeof key === "string" && key.includes(":") && note !== undefined) {
      const s = String(note).trim();
      if (s) out[key] = s;
    }
  });
  return out;
}

/** A formula the program that saved the file never computed (no cached result). */
function uncachedFormula(v: ExcelJSTypes.CellValue): boolean {
  if (v === null || typeof v !== "object" || v instanceof Date) return false;
  const o = v as unknown as Record<string, unknown>;
  return ("formula" in o || "sharedFormula" in o) && (o.result === undefined || o.result === null);
}

const UNCOMPUTED = {
  zh: "公式没有计算结果,请在电子表格软件中打开、重新计算并保存后再上传",
  en: "the formula has no computed result: open the file in a spreadsheet program, recalculate and save it",
};

function notANumber(shown: string): { zh: string; en: string } {
  return { zh: `「${shown}」不是数字`, en: `"${shown}" is not a number` };
}

/**
 * The sheet that holds the form: the one its marker points at; in a file whose names a program
 * dropped, the tab this version gives it, or one an earlier version gave it (「报表 gov-2021 2024」,
 * files clerks still have); else the first sheet.
 */
function formSheetOf(wb: Workbook, form: Form, lang: Lang, year: number | null) {
  const marked = namedCell(wb, FORM_SHEET_NAME)?.worksheet;
  if (marked) return marked;
  const names = year === null ? [] : [formSheetName(form, year, lang)];
  for (const name of [...names, ...legacyFormSheetNames(form, year)]) {
    const ws = wb.getWorksheet(name);
    if (ws) return ws;
  }
  return wb.worksheets[0];
}

/** The input cells by name, else by the layout's addresses on the form sheet. */
function readInputs(wb: Workbook, form: Form, lang: Lang, year: number | null) {
  const layout = layoutForm(form, lang);
  const byName = form.cells.map((c) => namedCell(wb, inputName(c.id)));
  const located = byName.every((c) => c !== null) ? "names" : "addresses";
  const sheet = located === "names" ? undefined : formSheetOf(wb, form, lang, year);
  const cells = form.cells.map((c, i) =>
    located === "names" ? byName[i]! : sheet?.getCell(layout.inputs[c.id]!.address),
  );
  return { located: located as ReadWorkbook["located"], cells };
}

function formulaRead(result: string): { zh: string; en: string } {
  return result === ""
    ? {
        zh: "含公式且没有计算结果;请直接填写数值后再上传",
        en: "holds a formula without a result; type the number itself and upload again",
      }
    : {
        zh: `含公式,只读到了它的计算结果「${result}」;请直接填写数值(或「选择性粘贴 → 数值」)后再上传`,
        en: `holds a formula: only its result "${result}" was read; type the number itself (or paste values) and upload again`,
      };
}

/**
 * Read a guarded workbook. `formulas` (from ./upload-bounds.ts, `sheet!A1` → cached result): the
 * cells that held a formula before the formulas were dropped; an input among them is a problem,
 * since only the result the saving program last computed (if any) could be read.
 */
export async function readWorkbookFile(
  form: Form,
  xlsx: Uint8Array,
  formulas: ReadonlyMap<string, string> = new Map(),
): Promise<ReadWorkbook> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(xlsx as never);
  } finally {
    // Also after a failure: a throwing callback leaves the queue's clean-up to a timer.
    await settle();
  }
  const lang = langOf(wb);
  const identity = readIdentity(wb);
  const { located, cells } = readInputs(wb, form, lang, identity.year);
  const raw: Record<string, unknown> = {};
  const addresses: Record<string, string> = {};
  const uncached = new Set<string>();
  form.cells.forEach((c, i) => {
    const cell = cells[i];
    raw[c.id] = cell ? plainValue(cell.value) : undefined;
    addresses[c.id] = cell ? String(cell.address) : "";
    if (cell && uncachedFormula(cell.value)) uncached.add(c.id);
  });
  const parsed = parseValues(form, raw, { lenient: true });
  // Where each input cell stands and what a formula there last computed ("" = never computed).
  const formulaAt = (i: number): string | undefined => {
    const cell = cells[i];
    return cell ? formulas.get(`${cell.worksheet.name}!${String(cell.address)}`) : undefined;
  };
  // A total is a formula of the workbook itself (./totals.ts): its cached result is read and
  // checked like a typed total; without one it is computed from its parts as the engine does,
  // never read as 0. A formula in any other cell is a problem at its cell: only its result
  // could be read.
  const totals = derivedCells(form);
  form.cells.forEach((c, i) => {
    if (formulaAt(i) === "") uncached.add(c.id);
  });
  const computed = new Set([...uncached].filter((id) => totals.has(id)));
  const values = computed.size
    ? fillTotals(form, parsed.values, { only: computed })
    : parsed.values;
  const formulaCells: CellProblem[] = [];
  form.cells.forEach((c, i) => {
    const result = formulaAt(i);
    if (totals.has(c.id) || (result === undefined && !uncached.has(c.id))) return;
    formulaCells.push({
      cell: c.id,
      address: addresses[c.id]!,
      label: c.label.zh,
      value: result ?? "",
      message: result === undefined ? UNCOMPUTED : formulaRead(result),
    });
  });
  const withFormula = new Set([...formulaCells.map((p) => p.cell), ...computed]);
  const valueProblems: CellProblem[] = parsed.issues
    .filter((issue) => !withFormula.has(issue.cell))
    .map((issue) => {
      const id = issue.cell;
      const shown = String(raw[id]);
      const textual = typeof coerceInput(raw[id]) === "string";
      return {
        cell: id,
        address: addresses[id]!,
        label: form.cellById.get(id)?.label.zh ?? id,
        value: shown,
        message: textual ? notANumber(shown) : { zh: issue.message_zh, en: issue.message_en },
      };
    });
  const problems = [...formulaCells, ...valueProblems];
  return {
    identity,
    values,
    explanations: readExplanations(wb, lang),
    problems,
    located,
  };
}
