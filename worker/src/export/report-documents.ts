/**
 * The annual report as a download: one unit's or node's document (`?format=docx|html`), and for a
 * supervisor every unit's .docx in one zip with an index.html that lists each unit's status.
 */
import { zipSync, type Zippable } from "fflate";
import { DocumentFormatSchema } from "../../../shared/api/report-texts";
import { PublishLangSchema } from "../../../shared/publish/tables";
import { DOCX_CONTENT_TYPE } from "../../../shared/publish/docx";
import { escapeHtml, HTML_CONTENT_TYPE } from "../../../shared/publish/html";
import { REPORT_STATUS_LABELS, TEXT_STATUS_LABELS } from "../../../shared/report/checks";
import type { ReportInput } from "../../../shared/report/document";
import { annualReportDocx } from "../../../shared/report/docx";
import { annualReportHtml } from "../../../shared/report/html";
import type { Lang } from "../../../shared/report/sentences";
import { problems } from "../http/problem";
import type { UnitDocumentEntry } from "../services/report-document";
import { disposition, safeName } from "../http/disposition";

/** `?format=docx|html` (default docx) and `?lang=zh|en` (default zh), or 400. */
export function documentQuery(query: (k: string) => string | undefined): {
  format: "docx" | "html";
  lang: Lang;
} {
  const format = DocumentFormatSchema.safeParse(query("format") ?? "docx");
  const lang = PublishLangSchema.safeParse(query("lang") ?? "zh");
  if (!format.success || !lang.success) {
    throw problems.badRequest(
      "invalid-format",
      "报告文档的格式应为 docx 或 html,语言应为 zh 或 en。",
      "The document's format must be docx or html, its language zh or en.",
    );
  }
  return { format: format.data, lang: lang.data };
}

export async function documentResponse(
  input: ReportInput,
  format: "docx" | "html",
  file: { code: string; formId: string; year: number },
): Promise<Response> {
  const base = `report-${file.code}-${file.formId}-${file.year}`;
  const named = `${input.unit}${file.year}年政府信息公开工作年度报告`;
  if (format === "html") {
    return new Response(annualReportHtml(input), {
      headers: {
        "Content-Type": HTML_CONTENT_TYPE,
        "Content-Disposition": disposition("inline", `${base}.html`, `${named}.html`),
      },
    });
  }
  return new Response(await annualReportDocx(input), {
    headers: {
      "Content-Type": DOCX_CONTENT_TYPE,
      "Content-Disposition": disposition("attachment", `${base}.docx`, `${named}.docx`),
    },
  });
}

const docxName = (e: UnitDocumentEntry) => `${e.unit.code}-${safeName(e.unit.name)}.docx`;

/** The index page of a zip: every unit below the node with both statuses and its file. */
export function documentsIndex(
  node: { name: string },
  year: number,
  entries: UnitDocumentEntry[],
  lang: Lang,
): string {
  const zh = lang === "zh";
  const title = zh
    ? `${node.name}所属单位${year}年政府信息公开工作年度报告`
    : `${node.name}: annual disclosure reports of its units, ${year}`;
  const head = zh
    ? ["单位代码", "单位", "统计表", "报告文字", "报告文档"]
    : ["Code", "Unit", "Tables", "Texts", "Document"];
  const rows = entries.map((e) => {
    const report = REPORT_STATUS_LABELS[e.reportStatus ?? "none"][lang];
    const texts = TEXT_STATUS_LABELS[e.textsStatus ?? "none"][lang];
    const file = e.input
      ? `<a href="${encodeURI(docxName(e))}">${escapeHtml(docxName(e))}</a>`
      : escapeHtml(zh ? "统计表未报送,无文档" : "no document: tables not submitted");
    return (
      `<tr><td>${escapeHtml(e.unit.code)}</td><th scope="row">${escapeHtml(e.unit.name)}</th>` +
      `<td>${escapeHtml(report)}</td><td>${escapeHtml(texts)}</td><td>${file}</td></tr>`
    );
  });
  const done = entries.filter((e) => e.textsStatus === "accepted").length;
  const summary = zh
    ? `共 ${entries.length} 个单位,报告文字已通过 ${done} 个。`
    : `${entries.length} units; texts accepted for ${done}.`;
  return (
    `<!DOCTYPE html>\n<html lang="${zh ? "zh-CN" : "en"}">\n<head>\n<meta charset="utf-8">\n` +
    `<title>${escapeHtml(title)}</title>\n</head>\n<body>\n<main>\n<h1>${escapeHtml(title)}</h1>\n` +
    `<p>${escapeHtml(summary)}</p>\n<table>\n<caption>${escapeHtml(title)}</caption>\n` +
    `<thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead>\n` +
    `<tbody>\n${rows.join("\n")}\n</tbody>\n</table>\n</main>\n</body>\n</html>\n`
  );
}

/** The zip: `index.html` and one .docx per unit that reported. */
export async function documentsZip(
  node: { code: string; name: string },
  formId: string,
  year: number,
  entries: UnitDocumentEntry[],
  lang: Lang,
): Promise<Response> {
  const files: Zippable = {
    "index.html": new TextEncoder().encode(documentsIndex(node, year, entries, lang)),
  };
  // A .docx is a zip already: stored as it is, not compressed a second time.
  for (const e of entries)
    if (e.input)
      files[docxName(e)] = [new Uint8Array(await annualReportDocx(e.input)), { level: 0 }];
  const base = `reports-${node.code}-${formId}-${year}.zip`;
  return new Response(zipSync(files, { level: 6 }), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": disposition("attachment", base, `${node.name}${year}年报告文档.zip`),
    },
  });
}
