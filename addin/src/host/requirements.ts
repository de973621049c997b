/**
 * What the add-in needs of Excel, from the generated requirement-set table (api-sets.ts): the
 * optional features (each with every member it calls, so enabling a feature can never call a
 * member the host lacks), and the baseline every other member needs — the lowest ExcelApi the
 * add-in works on, which manifest.xml's <Requirements> and README state (a test keeps them equal).
 */
import { API_SETS, type ApiMember } from "./api-sets";

/** -1, 0 or 1 as requirement-set version a is below, equal to or above b ("1.9" < "1.10"). */
export function compareVersions(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export function maxVersion(list: readonly string[]): string {
  return list.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b), "1.1");
}

/** The ExcelApi version that covers every member listed. */
export function setOf(members: readonly ApiMember[]): string {
  return maxVersion(members.map((m) => API_SETS[m]));
}

/** Features used only where the host supports every member they call. */
export const FEATURES = {
  /** Cell notes for validation messages. */
  notes: [
    "Worksheet.notes",
    "NoteCollection.add",
    "NoteCollection.getItemOrNullObject",
    "Note.content",
    "Note.delete",
    "Note.isNullObject",
    "Note.load",
  ],
  /** Comments where notes are missing (reading one back by id needs ExcelApi 1.14). */
  comments: [
    "Worksheet.comments",
    "CommentCollection.add",
    "CommentCollection.getItemOrNullObject",
    "Comment.content",
    "Comment.delete",
    "Comment.id",
    "Comment.isNullObject",
    "Comment.load",
  ],
  /** A4 print setup (margins, header and footer, print titles) and indented labels. */
  pageLayout: [
    "Worksheet.pageLayout",
    "PageLayout.centerHorizontally",
    "PageLayout.orientation",
    "PageLayout.paperSize",
    "PageLayout.setPrintArea",
    "PageLayout.setPrintTitleRows",
    "PageLayout.zoom",
    "PageLayout.leftMargin",
    "PageLayout.rightMargin",
    "PageLayout.topMargin",
    "PageLayout.bottomMargin",
    "PageLayout.headerMargin",
    "PageLayout.footerMargin",
    "PageLayout.headersFooters",
    "HeaderFooterGroup.defaultForAllPages",
    "HeaderFooter.leftHeader",
    "HeaderFooter.centerHeader",
    "HeaderFooter.rightHeader",
    "HeaderFooter.leftFooter",
    "HeaderFooter.centerFooter",
    "HeaderFooter.rightFooter",
    "RangeFormat.indentLevel",
  ],
  /** Change events that say which came from this add-in. */
  triggerSource: ["WorksheetChangedEventArgs.triggerSource"],
  /**
   * One conditional format over all the areas a rule reads (`RangeAreas`). Without it (ExcelApi
   * 1.8) the same format is added to each area: the marks look the same. The rest of the
   * self-checking workbook (formulas, names, hidden sheet, conditional formats on a range) is
   * in the baseline.
   */
  rangeAreas: ["Worksheet.getRanges", "RangeAreas.conditionalFormats"],
} as const satisfies Record<string, readonly ApiMember[]>;

export type Feature = keyof typeof FEATURES;

const optional = new Set<string>(Object.values(FEATURES).flat());

/** The lowest ExcelApi version the add-in works on: what every non-optional member needs. */
export const BASELINE = setOf(
  (Object.keys(API_SETS) as ApiMember[]).filter((m) => !optional.has(m)),
);

/** The ExcelApi version each feature needs. */
export function featureSets(): Record<Feature, string> {
  const out = {} as Record<Feature, string>;
  for (const [k, members] of Object.entries(FEATURES)) out[k as Feature] = setOf(members);
  return out;
}
