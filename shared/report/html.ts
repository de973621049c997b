import { escapeHtml, tableHtml } from "../publish/html";
import { reportDocumentModel, type ReportDocumentModel, type ReportInput } from "./document";

/**
 * The annual report as an accessible web page for the site's 年报 column: one `<main>` with the
 * title as `<h1>`, each part an `<h2>` in a `<section>` named by it, sub-parts `<h3>`, paragraphs,
 * and the tables of shared/publish (caption, thead, scoped headers). No script; the only styles
 * are the table borders an editor keeps and a readable measure.
 */

const STYLE =
  "body{font-family:'仿宋_GB2312','仿宋',FangSong,serif;line-height:1.8;max-width:60em;margin:2em auto;padding:0 1em;color:#000;background:#fff}" +
  "h1{font-family:'方正小标宋简体','华文中宋','宋体',serif;text-align:center}" +
  "h2{font-family:'黑体',SimHei,sans-serif;font-size:1.2em}h3{font-family:'楷体_GB2312','楷体',KaiTi,serif;font-size:1.1em}" +
  "p{text-indent:2em}table{margin:1em 0}caption{font-weight:bold;padding:.5em}td,th{padding:.2em .4em}";

/** The report's body: the title, then each part. `baseLevel` is the title's heading level. */
export function annualReportFragment(doc: ReportDocumentModel, baseLevel: 1 | 2 = 1): string {
  const h = (n: number) => `h${baseLevel + n}`;
  const out: string[] = [`<${h(0)}>${escapeHtml(doc.title)}</${h(0)}>`];
  if (doc.note) out.push(`<p>${escapeHtml(doc.note)}</p>`);
  for (const b of doc.preamble)
    if (b.kind === "paragraph") out.push(`<p>${escapeHtml(b.text)}</p>`);
  doc.parts.forEach((part, i) => {
    const id = `part-${i + 1}`;
    out.push(`<section aria-labelledby="${id}">`);
    out.push(`<${h(1)} id="${id}">${escapeHtml(part.heading)}</${h(1)}>`);
    for (const b of part.blocks) {
      if (b.kind === "paragraph") out.push(`<p>${escapeHtml(b.text)}</p>`);
      else if (b.kind === "subheading") out.push(`<${h(2)}>${escapeHtml(b.text)}</${h(2)}>`);
      else if (b.kind === "typed")
        for (const p of b.paragraphs) out.push(`<p>${escapeHtml(p)}</p>`);
      else out.push(tableHtml(b.table));
    }
    out.push(`</section>`);
  });
  return out.join("\n");
}

export function annualReportPage(doc: ReportDocumentModel): string {
  const lang = doc.lang === "zh" ? "zh-CN" : "en";
  return (
    `<!DOCTYPE html>\n<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(doc.title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<main>\n` +
    `${annualReportFragment(doc)}\n</main>\n</body>\n</html>\n`
  );
}

export function annualReportHtml(input: ReportInput): string {
  return annualReportPage(reportDocumentModel(input));
}
