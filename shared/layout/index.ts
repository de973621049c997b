export type { Lang, LayoutCell, LayoutRole, Position, SheetLayout } from "./types";
export { layoutForm, a1, columnLetter } from "./grid";
export { ruleFormulas } from "./formulas";
export type { RuleFormula } from "./formulas";
