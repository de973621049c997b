/**
 * The subset of the Excel JavaScript API (Office.js) that the add-in uses, typed structurally.
 * Real `Excel.*` objects satisfy these shapes; so does the strict stand-in (strict-excel.ts),
 * which throws wherever Excel would (unloaded property, missing item, protected sheet).
 * Names and semantics follow the Excel API exactly; nothing here is add-in specific.
 */

export interface XlClientResult<T> {
  readonly value: T;
}

export type XlBorderIndex =
  "EdgeTop" | "EdgeBottom" | "EdgeLeft" | "EdgeRight" | "InsideVertical" | "InsideHorizontal";

export interface XlBorder {
  style: "Continuous" | "None" | "Dash" | "Double";
  color: string;
  weight: "Hairline" | "Thin" | "Medium" | "Thick";
}

export interface XlRangeFormat {
  fill: { color: string; clear(): void };
  font: { bold: boolean; color: string; size: number; name: string };
  borders: { getItem(index: XlBorderIndex): XlBorder };
  horizontalAlignment: "General" | "Left" | "Center" | "Right";
  verticalAlignment: "Top" | "Center" | "Bottom";
  wrapText: boolean;
  /** Points. */
  columnWidth: number;
  /** Points. */
  rowHeight: number;
  indentLevel: number;
  protection: { locked: boolean };
}

export interface XlDataValidationRule {
  wholeNumber?: { formula1: number; formula2?: number; operator: string };
  decimal?: { formula1: number; formula2?: number; operator: string };
}

export interface XlDataValidation {
  rule: XlDataValidationRule;
  errorAlert: {
    message: string;
    showAlert: boolean;
    style: "Stop" | "Warning" | "Information";
    title: string;
  };
  clear(): void;
}

export interface XlRange {
  readonly address: string;
  values: unknown[][];
  numberFormat: string[][];
  readonly format: XlRangeFormat;
  readonly dataValidation: XlDataValidation;
  merge(across?: boolean): void;
  clear(applyTo?: "All" | "Formats" | "Contents"): void;
  select(): void;
  load(props?: string | string[]): XlRange;
}

export interface XlProtection {
  readonly protected: boolean;
  protect(options?: Record<string, boolean>, password?: string): void;
  unprotect(password?: string): void;
  load(props?: string | string[]): XlProtection;
}

export interface XlNamedItem {
  readonly name: string;
  readonly formula: string;
  readonly value: unknown;
  readonly isNullObject: boolean;
  delete(): void;
  load(props?: string | string[]): XlNamedItem;
}

export interface XlNamedItemCollection {
  add(name: string, reference: string, comment?: string): XlNamedItem;
  getItemOrNullObject(name: string): XlNamedItem;
}

export interface XlNote {
  content: string;
  readonly isNullObject: boolean;
  delete(): void;
  load(props?: string | string[]): XlNote;
}

export interface XlNoteCollection {
  add(cellAddress: string, content: string): XlNote;
  getItemOrNullObject(cellAddress: string): XlNote;
}

export interface XlComment {
  readonly id: string;
  content: string;
  readonly isNullObject: boolean;
  delete(): void;
  load(props?: string | string[]): XlComment;
}

export interface XlCommentCollection {
  add(cellAddress: string, content: string): XlComment;
  getItemOrNullObject(commentId: string): XlComment;
}

export interface XlPageLayout {
  orientation: "Portrait" | "Landscape";
  paperSize: "A4" | "Letter";
  centerHorizontally: boolean;
  zoom: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number };
  setPrintArea(address: string): void;
  setPrintTitleRows(address: string): void;
}

export interface XlChangedArgs {
  address: string;
  changeType: string;
  source: "Local" | "Remote";
  /** ExcelApi 1.14: "ThisLocalAddin" for the add-in's own writes. */
  triggerSource?: string;
  worksheetId: string;
}

export interface XlEventHandlers<A> {
  add(handler: (args: A) => Promise<unknown>): { remove(): void };
}

export interface XlWorksheet {
  readonly id: string;
  name: string;
  readonly isNullObject: boolean;
  readonly protection: XlProtection;
  readonly names: XlNamedItemCollection;
  /** ExcelApi 1.18. */
  readonly notes: XlNoteCollection;
  /** ExcelApi 1.10. */
  readonly comments: XlCommentCollection;
  /** ExcelApi 1.9. */
  readonly pageLayout: XlPageLayout;
  readonly onChanged: XlEventHandlers<XlChangedArgs>;
  getRange(address?: string): XlRange;
  activate(): void;
  load(props?: string | string[]): XlWorksheet;
}

export interface XlWorksheetCollection {
  readonly items: XlWorksheet[];
  /** ExcelApi 1.7. */
  readonly onActivated: XlEventHandlers<{ worksheetId: string; type: string }>;
  add(name?: string): XlWorksheet;
  getItemOrNullObject(key: string): XlWorksheet;
  getActiveWorksheet(): XlWorksheet;
  load(props?: string | string[]): XlWorksheetCollection;
}

export interface XlCustomXmlPart {
  readonly id: string;
  readonly isNullObject: boolean;
  getXml(): XlClientResult<string>;
  setXml(xml: string): void;
  delete(): void;
  load(props?: string | string[]): XlCustomXmlPart;
}

export interface XlCustomXmlPartCollection {
  add(xml: string): XlCustomXmlPart;
  getByNamespace(namespaceUri: string): { getOnlyItemOrNullObject(): XlCustomXmlPart };
}

export interface XlWorkbook {
  readonly worksheets: XlWorksheetCollection;
  readonly customXmlParts: XlCustomXmlPartCollection;
  getSelectedRange(): XlRange;
}

export interface XlRequestContext {
  readonly workbook: XlWorkbook;
  sync(): Promise<void>;
}

/** What the host needs from the outside world: `Excel.run` and `isSetSupported`. */
export interface XlApi {
  run<T>(batch: (context: XlRequestContext) => Promise<T>): Promise<T>;
  isSetSupported(name: string, version: string): boolean;
  /** Open the task pane with this document from now on (document setting, not Excel API). */
  autoOpenPane?(): void;
}
