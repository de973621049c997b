/**
 * Workbook-scoped defined names.
 *
 * Every input cell is named `xxgk.<cell id>` (`xxgk.requests.new.natural`), so any program finds a
 * cell by its id even after rows are inserted. Excel's rules for a name: it starts with a letter,
 * `_` or `\`; then letters, digits, `.` and `_`; at most 255 characters; and it must not read as
 * a cell reference (`A1`, `R1C1`). A cell id is `<table>.<row>.<column>` with each segment
 * `[a-z][a-z0-9_]*` (the form schema's id rules), so the prefixed id is always a legal name and is
 * used unchanged: no mapping is needed, and `assertLegalName` holds the schema to that.
 */

/** Input cell name prefix; the rest of the name is the cell id itself. */
export const INPUT_NAME_PREFIX = "xxgk.";
/** Rule id, instance key and verdict of every rule instance (3 columns). */
export const CHECKS_NAME = "XXGK_CHECKS";
/** Identity of the workbook: key/value rows (form, year, layout version, unit, revision). */
export const META_NAME = "XXGK_META";
/**
 * The marker of the sheet that holds the form (its top-left cell): programs find the form sheet by
 * it, never by the sheet's name, which is the clerk's to read (shared/layout `formSheetName`) and
 * may be renamed. A reference, so Excel, WPS and LibreOffice keep it pointing at the sheet across
 * a save and a rename; the form and year that sheet holds are `XXGK_META`'s rows.
 */
export const FORM_SHEET_NAME = "XXGK_FORM_SHEET";

const NAME = /^[A-Za-z_\\][A-Za-z0-9_.]*$/;
const A1_LIKE = /^[A-Za-z]{1,3}\d+$/;
const R1C1_LIKE = /^[Rr](\d*)?([Cc](\d*)?)?$|^[Cc]\d*$/;

/** Whether Excel accepts a defined name. */
export function isLegalName(name: string): boolean {
  return name.length <= 255 && NAME.test(name) && !A1_LIKE.test(name) && !R1C1_LIKE.test(name);
}

export function assertLegalName(name: string): string {
  if (!isLegalName(name)) throw new Error(`"${name}" is not a legal Excel defined name`);
  return name;
}

/** The defined name of an input cell. */
export function inputName(cellId: string): string {
  return assertLegalName(INPUT_NAME_PREFIX + cellId);
}

/** `$D$7` (or `$D$7:$E$8`): a same-sheet reference, no sheet name. */
export function absoluteRef(address: string): string {
  return address
    .split(":")
    .map((a) => a.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2"))
    .join(":");
}

/** `'Sheet name'!$D$7` (or a range): always quoted, which every spreadsheet accepts. */
export function sheetRef(sheet: string, address: string): string {
  return `'${sheet.replace(/'/g, "''")}'!${absoluteRef(address)}`;
}
