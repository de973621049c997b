/// <reference types="office-js" />
/**
 * Compile-time proof that the real Excel objects fit the interfaces of xl.ts: `npm run typecheck`
 * fails, naming the class, when `@types/office-js` and xl.ts disagree (a renamed member, a
 * narrower type, a missing method). `Mirrors` is also the input of the requirement-set table
 * (addin/scripts/api-sets.ts): each key is an Excel class, with the real type and ours.
 * Types only: nothing here is bundled or run.
 */
import type * as Xl from "./xl";

export interface Mirrors {
  RequestContext: [Excel.RequestContext, Xl.XlRequestContext];
  Workbook: [Excel.Workbook, Xl.XlWorkbook];
  WorksheetCollection: [Excel.WorksheetCollection, Xl.XlWorksheetCollection];
  Worksheet: [Excel.Worksheet, Xl.XlWorksheet];
  WorksheetProtection: [Excel.WorksheetProtection, Xl.XlProtection];
  Range: [Excel.Range, Xl.XlRange];
  RangeFormat: [Excel.RangeFormat, Xl.XlRangeFormat];
  RangeFill: [Excel.RangeFill, Xl.XlRangeFill];
  RangeFont: [Excel.RangeFont, Xl.XlRangeFont];
  RangeBorderCollection: [Excel.RangeBorderCollection, Xl.XlRangeBorderCollection];
  RangeBorder: [Excel.RangeBorder, Xl.XlBorder];
  FormatProtection: [Excel.FormatProtection, Xl.XlFormatProtection];
  DataValidation: [Excel.DataValidation, Xl.XlDataValidation];
  NamedItemCollection: [Excel.NamedItemCollection, Xl.XlNamedItemCollection];
  NamedItem: [Excel.NamedItem, Xl.XlNamedItem];
  NoteCollection: [Excel.NoteCollection, Xl.XlNoteCollection];
  Note: [Excel.Note, Xl.XlNote];
  CommentCollection: [Excel.CommentCollection, Xl.XlCommentCollection];
  Comment: [Excel.Comment, Xl.XlComment];
  PageLayout: [Excel.PageLayout, Xl.XlPageLayout];
  HeaderFooterGroup: [Excel.HeaderFooterGroup, Xl.XlHeaderFooterGroup];
  HeaderFooter: [Excel.HeaderFooter, Xl.XlHeaderFooter];
  WorksheetChangedEventArgs: [Excel.WorksheetChangedEventArgs, Xl.XlChangedArgs];
  WorksheetActivatedEventArgs: [Excel.WorksheetActivatedEventArgs, Xl.XlActivatedArgs];
  CustomXmlPartCollection: [Excel.CustomXmlPartCollection, Xl.XlCustomXmlPartCollection];
  CustomXmlPartScopedCollection: [
    Excel.CustomXmlPartScopedCollection,
    Xl.XlCustomXmlPartScopedCollection,
  ];
  CustomXmlPart: [Excel.CustomXmlPart, Xl.XlCustomXmlPart];
  RangeAreas: [Excel.RangeAreas, Xl.XlRangeAreas];
  ConditionalFormatCollection: [
    Excel.ConditionalFormatCollection,
    Xl.XlConditionalFormatCollection,
  ];
  ConditionalFormat: [Excel.ConditionalFormat, Xl.XlConditionalFormat];
  CustomConditionalFormat: [Excel.CustomConditionalFormat, Xl.XlCustomConditionalFormat];
  ConditionalFormatRule: [Excel.ConditionalFormatRule, Xl.XlConditionalFormatRule];
  ConditionalRangeFormat: [Excel.ConditionalRangeFormat, Xl.XlConditionalRangeFormat];
  ConditionalRangeFill: [Excel.ConditionalRangeFill, Xl.XlConditionalFill];
  ConditionalRangeFont: [Excel.ConditionalRangeFont, Xl.XlConditionalFont];
}

/** The classes whose real type does not fit ours (never when all is well). */
type Misfits = {
  [K in keyof Mirrors]: [Mirrors[K][0]] extends [Mirrors[K][1]] ? never : K;
}[keyof Mirrors];

/** Fails with "Type '"Range"' does not satisfy the constraint 'never'" for a misfit. */
type NoMisfits<T extends never> = T;
export type XlConformance = NoMisfits<Misfits>;

/** What the add-in writes as a validation rule must be one Excel accepts. */
type Fits<From, To> = [From] extends [To] ? true : false;
type IsTrue<T extends true> = T;
export type XlRuleConformance = IsTrue<Fits<Xl.XlDataValidationRule, Excel.DataValidationRule>>;
