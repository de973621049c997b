export { evaluate, validate, ruleIssue } from "./evaluate";
export type { EvaluateOptions, ValidationResult } from "./evaluate";
export { fillTotals, derivedCells, derivations } from "./totals";
export { carries, carriedValues } from "./carry";
export type { Carry } from "./carry";
export {
  parseValues,
  coerceInput,
  cellValueSchema,
  formValuesSchema,
  MAX_COUNT,
  MAX_AMOUNT,
} from "./values";
export type { CellValues, ParsedValues } from "./values";
export { IssueSchema, issueMessage } from "./issue";
export type { Issue, Lang } from "./issue";
export { formatNumber } from "./format";
