import type { Form } from "../forms/model";
import {
  publishedReport,
  type PublishedCell,
  type PublishedReport,
  type PublishedTable,
  type PublishOptions,
} from "./tables";

/**
 * A report as clean, accessible HTML that pastes into a website editor: one `<table>` per table of
 * the form with its `<caption>`, `<thead>` and `<th scope>`, merged cells as rowspan/colspan, and
 * nothing else: no script, no class, no style but the inline borders an editor keeps.
 */

export const HTML_CONTENT_TYPE = "text/html; charset=utf-8";

const BORDER = "border:1px solid #000";
const TABLE_STYLE = `border-collapse:collapse;${BORDER}`;

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** `<th>` with its scope, or null for a `<td>`: an empty cell is never a header. */
function header(cell: PublishedCell, inHead: boolean): { scope: string | null } | null {
  if (cell.text.trim() === "") return null;
  const group = (span: number, one: string, many: string) => (span > 1 ? many : one);
  switch (cell.kind) {
    case "header":
      return { scope: group(cell.colSpan, "col", "colgroup") };
    case "heading":
      // A block heading across the body heads the rows below it: no single scope fits.
      return { scope: inHead ? group(cell.colSpan, "col", "colgroup") : null };
    case "label":
      return { scope: group(cell.rowSpan, "row", "rowgroup") };
    default:
      return null;
  }
}

function cellHtml(cell: PublishedCell, inHead: boolean): string {
  const th = header(cell, inHead);
  const tag = th ? "th" : "td";
  const attrs = [
    th?.scope ? ` scope="${th.scope}"` : "",
    cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : "",
    cell.colSpan > 1 ? ` colspan="${cell.colSpan}"` : "",
    ` style="${BORDER}"`,
  ].join("");
  return `<${tag}${attrs}>${escapeHtml(cell.text)}</${tag}>`;
}

function rowsHtml(rows: PublishedCell[][], inHead: boolean): string {
  return rows.map((r) => `<tr>${r.map((c) => cellHtml(c, inHead)).join("")}</tr>`).join("\n");
}

/** One table in the official layout with its caption, thead and scoped headers. */
export function tableHtml(t: PublishedTable): string {
  const head = t.head.length ? `<thead>\n${rowsHtml(t.head, true)}\n</thead>\n` : "";
  return (
    `<table style="${TABLE_STYLE}">\n<caption>${escapeHtml(t.caption)}</caption>\n` +
    `${head}<tbody>\n${rowsHtml(t.body, false)}\n</tbody>\n</table>`
  );
}

/** The report's HTML fragment: title, unit and year, then the tables. */
export function reportFragment(report: PublishedReport, headingLevel: 1 | 2 = 2): string {
  const h = `h${headingLevel}`;
  const meta = report.meta
    .map(
      (m) =>
        `${escapeHtml(m.label)}${report.lang === "zh" ? "\uFF1A" : ": "}${escapeHtml(m.value)}`,
    )
    .join(report.lang === "zh" ? "\u3000" : "; ");
  return [
    `<${h}>${escapeHtml(report.title)}</${h}>`,
    `<p>${meta}</p>`,
    ...(report.note ? [`<p>${escapeHtml(report.note)}</p>`] : []),
    ...report.tables.map(tableHtml),
  ].join("\n");
}

/**
 * The report as HTML. `document: true` gives a whole page (`<!DOCTYPE html>`, `lang`, charset,
 * title) for `?format=html`; otherwise a fragment to paste into an editor.
 */
export function reportHtml(
  form: Form,
  values: Readonly<Record<string, number>>,
  options: PublishOptions & { document?: boolean },
): string {
  const { document, ...rest } = options;
  const report = publishedReport(form, values, rest);
  if (!document) return reportFragment(report) + "\n";
  const lang = report.lang === "zh" ? "zh-CN" : "en";
  const title = `${report.title} ${report.meta.map((m) => m.value).join(" ")}`;
  return (
    `<!DOCTYPE html>\n<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n` +
    `<title>${escapeHtml(title)}</title>\n</head>\n<body>\n` +
    `${reportFragment(report, 1)}\n</body>\n</html>\n`
  );
}
