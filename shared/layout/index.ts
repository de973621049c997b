export type { Lang, LayoutCell, LayoutRole, Position, SheetLayout } from "./types";
export { layoutForm, a1, columnLetter, parseA1 } from "./grid";
export { ruleFormulas, ruleCheckFormulas } from "./formulas";
export type { RuleFormula, RuleCheckFormula, CellRefs, CheckFormulaOptions } from "./formulas";
export {
  formSheetName,
  legacyFormSheetNames,
  legalSheetName,
  reviewSheetName,
  SHEET_NAME_MAX,
} from "./sheet-names";
