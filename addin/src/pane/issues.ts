/**
 * Pure: how the pane lists issues, inside Excel (the clerk's list of the sheet's issues) and in a
 * plain browser (the issues of a refused workbook upload): by table of the form, errors first.
 */
import type { Issue } from "../../../shared/engine";
import type { Form } from "../../../shared/forms/model";
import type { SheetLayout } from "../../../shared/layout";
import type { Lang } from "../common/i18n";

export interface IssueGroup {
  table: string;
  issues: Issue[];
}

/** The issues by table (section of the form), errors first within each. */
export function groupIssues(form: Form, issues: readonly Issue[], lang: Lang): IssueGroup[] {
  const titles = new Map(form.definition.sections.map((sec) => [sec.id, sec.title[lang]]));
  const out = new Map<string, Issue[]>();
  for (const issue of issues) {
    const section = form.cellById.get(issue.cell)?.section ?? "";
    const table = titles.get(section) ?? section;
    out.set(table, [...(out.get(table) ?? []), issue]);
  }
  return [...out].map(([table, list]) => ({
    table,
    issues: [...list].sort((a, b) =>
      a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1,
    ),
  }));
}

/** The A1 addresses of the cells an issue concerns on the form sheet, its own cell first. */
export function issueAddresses(issue: Issue, layout: SheetLayout): string[] {
  const ids = [issue.cell, ...issue.cells.filter((c) => c !== issue.cell)];
  const out: string[] = [];
  for (const id of ids) {
    const address = layout.inputs[id]?.address;
    if (address && !out.includes(address)) out.push(address);
  }
  return out;
}
