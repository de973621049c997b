/**
 * Identity of a form sheet in the workbook: a sheet-scoped name holding the form, year, layout
 * version and a uid, and the namespace of the sheet's custom XML part (state). Pure.
 */
import type { FormMeta } from "./types";

/** The sheet-scoped name that marks a form sheet: `="xxgk;1;<form>;<year>;<version>;<uid>"`. */
export const META_NAME = "XXGK_FORM";
export const STATE_NAMESPACE_PREFIX = "urn:xxgk-tables:sheet:";

export function stateNamespace(uid: string): string {
  return STATE_NAMESPACE_PREFIX + uid;
}

/**
 * `;wb` after the uid: a self-checking workbook (older add-ins' parsers stop at the uid); `;ft`
 * after it: its totals are formulas (older parsers stop at `;wb`).
 */
export function metaFormula(meta: FormMeta): string {
  const wb = meta.selfChecking ? (meta.formulaTotals ? ";wb;ft" : ";wb") : "";
  return `="xxgk;1;${meta.formId};${meta.year};${meta.version};${meta.uid}${wb}"`;
}

/** Read the named item back (its formula or value); null when it is not ours. */
export function parseMeta(text: unknown): FormMeta | null {
  if (typeof text !== "string") return null;
  const m = /xxgk;1;([a-z0-9-]+);(\d{4});(\d+);([A-Za-z0-9-]+)(;wb)?(;ft)?/.exec(text);
  if (!m) return null;
  const meta = { formId: m[1]!, year: Number(m[2]), version: Number(m[3]), uid: m[4]! };
  if (!m[5]) return meta;
  return m[6]
    ? { ...meta, selfChecking: true, formulaTotals: true }
    : { ...meta, selfChecking: true };
}
