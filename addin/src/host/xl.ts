/// <reference types="office-js" />
/**
 * The subset of the Excel JavaScript API (Office.js) that the add-in uses. Leaf properties are
 * picked from `@types/office-js` (so their types are Excel's own); the rest is written out, and
 * xl-conformance.ts proves at compile time (`npm run typecheck`) that every real `Excel.*` class
 * tagged `@excel` below is assignable to its interface here, so the real objects can be handed to
 * excel-host.ts without a cast. The strict stand-in (addin/testing/strict-excel.ts) implements the
 * same interfaces. The requirement set of every member listed here is in api-sets.ts, generated
 * from `@types/office-js` by `npm run api-sets`.
 *
 * Only types come from `@types/office-js`: nothing here exists at run time.
 */

export interface XlClientResult<T> {
  readonly value: T;
}

export type XlBorderIndex =
  "EdgeTop" | "EdgeBottom" | "EdgeLeft" | "EdgeRight" | "InsideVertical" | "InsideHorizontal";

/** @excel Excel.RangeBorder */
export type XlBorder = Pick<Excel.RangeBorder, "style" | "color" | "weight">;

/** @excel Excel.RangeFill */
export interface XlRangeFill extends Pick<Excel.RangeFill, "color"> {
  clear(): void;
}

/** @excel Excel.RangeFont */
export type XlRangeFont = Pick<Excel.RangeFont, "bold" | "color" | "size" | "name">;

/** @excel Excel.RangeBorderCollection */
export interface XlRangeBorderCollection {
  getItem(index: XlBorderIndex): XlBorder;
}

/** @excel Excel.FormatProtection */
export type XlFormatProtection = Pick<Excel.FormatProtection, "locked">;

/** @excel Excel.RangeFormat */
export interface XlRangeFormat extends Pick<
  Excel.RangeFormat,
  | "horizontalAlignment"
  | "verticalAlignment"
  | "wrapText"
  | "columnWidth"
  | "rowHeight"
  | "indentLevel"
> {
  readonly fill: XlRangeFill;
  readonly font: XlRangeFont;
  readonly borders: XlRangeBorderCollection;
  readonly protection: XlFormatProtection;
}

/** What the add-in writes as a data-validation rule (a subset of `Excel.DataValidationRule`). */
export interface XlDataValidationRule {
  wholeNumber?: {
    formula1: number;
    formula2?: number;
    operator: "Between" | "GreaterThanOrEqualTo";
  };
  decimal?: { formula1: number; formula2?: number; operator: "Between" | "GreaterThanOrEqualTo" };
}

/** @excel Excel.DataValidation */
export interface XlDataValidation extends Pick<Excel.DataValidation, "rule" | "errorAlert"> {
  clear(): void;
}

/** @excel Excel.ConditionalRangeFill */
export type XlConditionalFill = Pick<Excel.ConditionalRangeFill, "color">;

/** @excel Excel.ConditionalRangeFont */
export type XlConditionalFont = Pick<Excel.ConditionalRangeFont, "color" | "bold">;

/** @excel Excel.ConditionalRangeFormat */
export interface XlConditionalRangeFormat {
  readonly fill: XlConditionalFill;
  readonly font: XlConditionalFont;
}

/** @excel Excel.ConditionalFormatRule */
export type XlConditionalFormatRule = Pick<Excel.ConditionalFormatRule, "formula">;

/** @excel Excel.CustomConditionalFormat */
export interface XlCustomConditionalFormat {
  readonly rule: XlConditionalFormatRule;
  readonly format: XlConditionalRangeFormat;
}

/** @excel Excel.ConditionalFormat */
export interface XlConditionalFormat extends Pick<Excel.ConditionalFormat, "stopIfTrue"> {
  /** The custom (formula) format; the add-in adds only this type. */
  readonly custom: XlCustomConditionalFormat;
}

/** @excel Excel.ConditionalFormatCollection */
export interface XlConditionalFormatCollection {
  add(type: "Custom"): XlConditionalFormat;
  clearAll(): void;
}

/** @excel Excel.RangeAreas */
export interface XlRangeAreas {
  readonly conditionalFormats: XlConditionalFormatCollection;
}

/** @excel Excel.Range */
export interface XlRange extends Pick<
  Excel.Range,
  "address" | "values" | "numberFormat" | "formulas"
> {
  readonly format: XlRangeFormat;
  readonly conditionalFormats: XlConditionalFormatCollection;
  readonly dataValidation: XlDataValidation;
  merge(across?: boolean): void;
  clear(applyTo?: "All" | "Formats" | "Contents"): void;
  select(): void;
  load(props?: string | string[]): XlRange;
}

/** @excel Excel.WorksheetProtection */
export interface XlProtection extends Pick<Excel.WorksheetProtection, "protected" | "options"> {
  protect(options?: Excel.WorksheetProtectionOptions, password?: string): void;
  unprotect(password?: string): void;
  load(props?: string | string[]): XlProtection;
}

/** @excel Excel.NamedItem */
export interface XlNamedItem extends Pick<
  Excel.NamedItem,
  "name" | "formula" | "value" | "isNullObject"
> {
  delete(): void;
  load(props?: string | string[]): XlNamedItem;
}

/** @excel Excel.NamedItemCollection */
export interface XlNamedItemCollection {
  add(name: string, reference: string, comment?: string): XlNamedItem;
  getItemOrNullObject(name: string): XlNamedItem;
}

/** @excel Excel.Note */
export interface XlNote extends Pick<Excel.Note, "content" | "isNullObject"> {
  delete(): void;
  load(props?: string | string[]): XlNote;
}

/** @excel Excel.NoteCollection */
export interface XlNoteCollection {
  add(cellAddress: string, content: string): XlNote;
  getItemOrNullObject(cellAddress: string): XlNote;
}

/** @excel Excel.Comment */
export interface XlComment extends Pick<Excel.Comment, "id" | "content" | "isNullObject"> {
  delete(): void;
  load(props?: string | string[]): XlComment;
}

/** @excel Excel.CommentCollection */
export interface XlCommentCollection {
  add(cellAddress: string, content: string): XlComment;
  getItemOrNullObject(commentId: string): XlComment;
}

/** @excel Excel.PageLayout */
export interface XlPageLayout extends Pick<
  Excel.PageLayout,
  | "orientation"
  | "paperSize"
  | "centerHorizontally"
  | "zoom"
  | "leftMargin"
  | "rightMargin"
  | "topMargin"
  | "bottomMargin"
  | "headerMargin"
  | "footerMargin"
> {
  readonly headersFooters: XlHeaderFooterGroup;
  setPrintArea(address: string): void;
  setPrintTitleRows(address: string): void;
}

/** @excel Excel.HeaderFooterGroup */
export interface XlHeaderFooterGroup {
  readonly defaultForAllPages: XlHeaderFooter;
}

/** @excel Excel.HeaderFooter */
export type XlHeaderFooter = Pick<
  Excel.HeaderFooter,
  "leftHeader" | "centerHeader" | "rightHeader" | "leftFooter" | "centerFooter" | "rightFooter"
>;

/** @excel Excel.WorksheetChangedEventArgs */
export interface XlChangedArgs extends Pick<
  Excel.WorksheetChangedEventArgs,
  "address" | "changeType" | "source" | "worksheetId"
> {
  /** Absent below ExcelApi 1.14 (see api-sets.ts). */
  triggerSource?: Excel.WorksheetChangedEventArgs["triggerSource"];
}

/** @excel Excel.WorksheetActivatedEventArgs */
export type XlActivatedArgs = Pick<Excel.WorksheetActivatedEventArgs, "worksheetId" | "type">;

export interface XlEventHandlers<A> {
  add(handler: (args: A) => Promise<unknown>): { remove(): void };
}

/** @excel Excel.Worksheet */
export interface XlWorksheet extends Pick<
  Excel.Worksheet,
  "id" | "name" | "isNullObject" | "visibility"
> {
  readonly protection: XlProtection;
  readonly names: XlNamedItemCollection;
  readonly notes: XlNoteCollection;
  readonly comments: XlCommentCollection;
  readonly pageLayout: XlPageLayout;
  readonly onChanged: XlEventHandlers<XlChangedArgs>;
  getRange(address?: string): XlRange;
  /** Several areas at once (`"B5:B9,D5:D9"`), e.g. a rule's cells for one conditional format. */
  getRanges(address: string): XlRangeAreas;
  activate(): void;
  load(props?: string | string[]): XlWorksheet;
}

/** @excel Excel.WorksheetCollection */
export interface XlWorksheetCollection {
  readonly items: XlWorksheet[];
  readonly onActivated: XlEventHandlers<XlActivatedArgs>;
  add(name?: string): XlWorksheet;
  getItemOrNullObject(key: string): XlWorksheet;
  getActiveWorksheet(): XlWorksheet;
  load(props?: string | string[]): XlWorksheetCollection;
}

/** @excel Excel.CustomXmlPart */
export interface XlCustomXmlPart extends Pick<Excel.CustomXmlPart, "id" | "isNullObject"> {
  getXml(): XlClientResult<string>;
  setXml(xml: string): void;
  delete(): void;
  load(props?: string | string[]): XlCustomXmlPart;
}

/** @excel Excel.CustomXmlPartScopedCollection */
export interface XlCustomXmlPartScopedCollection {
  getOnlyItemOrNullObject(): XlCustomXmlPart;
}

/** @excel Excel.CustomXmlPartCollection */
export interface XlCustomXmlPartCollection {
  add(xml: string): XlCustomXmlPart;
  getByNamespace(namespaceUri: string): XlCustomXmlPartScopedCollection;
}

/** @excel Excel.Workbook */
export interface XlWorkbook {
  readonly worksheets: XlWorksheetCollection;
  /** Workbook-scoped names. */
  readonly names: XlNamedItemCollection;
  readonly customXmlParts: XlCustomXmlPartCollection;
  getSelectedRange(): XlRange;
}

/** @excel Excel.RequestContext */
export interface XlRequestContext {
  readonly workbook: XlWorkbook;
  sync(): Promise<void>;
}

/** What the host needs from the outside world: `Excel.run` and `isSetSupported`. */
export interface XlApi {
  run<T>(batch: (context: XlRequestContext) => Promise<T>): Promise<T>;
  /** `Excel.run(context, batch)`: a batch in a context used before (e.g. removing a handler). */
  runIn<T>(context: XlRequestContext, batch: (context: XlRequestContext) => Promise<T>): Promise<T>;
  isSetSupported(name: string, version: string): boolean;
  /** Open the task pane with this document from now on (document setting, not Excel API). */
  autoOpenPane?(): void;
}
