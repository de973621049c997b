/**
 * The self-checking workbook as plain data (pure: no xlsx library here, so the add-in's bundle can
 * import it). The .xlsx writer is `./xlsx` (`writeXlsx`).
 */
export { buildWorkbook } from "./build";
export type { BuildOptions } from "./build";
export { layoutCells, inputValidations } from "./form-sheet";
export type { LayoutDrawOptions } from "./form-sheet";
export {
  CHECKS_NAME,
  FORM_SHEET_NAME,
  META_NAME,
  INPUT_NAME_PREFIX,
  inputName,
  isLegalName,
} from "./names";
export type * from "./types";
export { previousValue } from "./previous-sheet";
