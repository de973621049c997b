/**
 * Writing the shared workbook model (shared/workbook) through the Excel API subset of xl.ts:
 * every sheet drawn, conditional formats (one over all of a rule's areas where RangeAreas exist,
 * else one per area), defined names, the hidden sheet of last year's values, protection. Part of
 * the Office.js host (used only by excel-host.ts); queues commands, never syncs.
 */
import type { WorkbookModel } from "../../../shared/workbook";
import { sheetDraw } from "./sheet-draw";
import { drawSheet } from "./excel-draw";
import type { Capabilities } from "./types";
import type { XlNamedItemCollection, XlWorksheet, XlWorksheetCollection } from "./xl";

/** Sheet protection the add-in uses: no password; only unlocked (input) cells editable. */
export const PROTECT_OPTIONS = { allowFormatColumns: true, allowFormatRows: true };

/**
 * The protection of a sheet the add-in marks (the form sheet, the review sheet): cells may also
 * be formatted and notes/comments edited, so a remark's blue fill and note go on without
 * `unprotect()`/`protect()` — the two calls Excel cannot undo on any version, which would wipe
 * the clerk's Ctrl+Z history at every paint. Values stay locked: the clerk can recolour a cell,
 * never change a label, a formula or a total.
 */
export const PAINTABLE_PROTECTION = {
  ...PROTECT_OPTIONS,
  allowFormatCells: true,
  allowEditObjects: true,
};

/** A protection (`WorksheetProtection.options`) under which the add-in may paint marks. */
export function paintable(options: { allowFormatCells?: boolean; allowEditObjects?: boolean }) {
  return options.allowFormatCells === true && options.allowEditObjects === true;
}

/** A sheet name not taken yet (case-insensitive, as Excel compares): `name`, `name (2)`, … */
export function uniqueSheetName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    name = base.slice(0, 31 - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

const VISIBILITY = { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" } as const;

/**
 * Queue the whole model: sheets added first (formulas refer across them), then drawn, formatted,
 * named and protected. `names` is where the defined names go: the workbook, or the form sheet
 * when another form's workbook-scoped names are already there. Returns the sheets by name.
 */
export function queueWorkbook(
  worksheets: XlWorksheetCollection,
  model: WorkbookModel,
  caps: Capabilities,
  names: (form: XlWorksheet) => XlNamedItemCollection,
): Map<string, XlWorksheet> {
  const handles = new Map<string, XlWorksheet>();
  for (const s of model.sheets) handles.set(s.name, worksheets.add(s.name));
  for (const s of model.sheets) drawSheet(handles.get(s.name)!, sheetDraw(s), caps);
  // Each add goes to the top priority: add the lowest first so priority 1 (errors) ends on top.
  const formats = [...model.conditionalFormats].sort((a, b) => b.priority - a.priority);
  for (const cf of formats) {
    const ws = handles.get(cf.sheet)!;
    const targets =
      cf.areas.length > 1 && caps.rangeAreas
        ? [ws.getRanges(cf.areas.join(",")).conditionalFormats]
        : cf.areas.map((a) => ws.getRange(a).conditionalFormats);
    for (const collection of targets) {
      const format = collection.add("Custom");
      format.custom.rule.formula = cf.formula;
      format.custom.format.fill.color = cf.fill;
    }
  }
  const form = handles.get(model.sheets[0]!.name)!;
  const target = names(form);
  for (const n of model.names) target.add(n.name, n.refersTo);
  for (const s of model.sheets) {
    const ws = handles.get(s.name)!;
    if (s.protected) ws.protection.protect(ws === form ? PAINTABLE_PROTECTION : PROTECT_OPTIONS);
    if (s.visibility !== "visible") ws.visibility = VISIBILITY[s.visibility];
  }
  return handles;
}
