/** The strict Excel stand-in (see strict-excel/excel.ts); tests, harness and demo import this. */
export { StrictExcel, UNDO_SUPPORT_SET, type StrictExcelOptions } from "./strict-excel/excel";
export {
  emptyCell,
  StrictExcelError,
  type BorderModel,
  type CellModel,
  type SheetModel,
  type WorkbookModel,
} from "./strict-excel/model";
