/**
 * A report or a rollup's totals ready to publish (`?format=html|docx`): the official tables from
 * shared/publish, as a page to paste into a site editor or as a Word document to download.
 */
import { PublishQuerySchema, type PublishQuery } from "../../../shared/api/supervision";
import type { Form } from "../../../shared/forms/catalogue";
import { DOCX_CONTENT_TYPE, reportDocx } from "../../../shared/publish/docx";
import { HTML_CONTENT_TYPE, reportHtml } from "../../../shared/publish/html";
import { formatScaled, type ScaledValues } from "../domain/scaled";
import { problems } from "../http/problem";

/**
 * The publish query when `?format=` asks for html or docx; null for the JSON (or another
 * export the caller handles: `pass`). Another value or `lang` → 400.
 */
export function publishQuery(
  query: (k: string) => string | undefined,
  pass: readonly string[],
): PublishQuery | null {
  const format = query("format");
  if (format === undefined || pass.includes(format)) return null;
  const parsed = PublishQuerySchema.safeParse({ format, lang: query("lang") ?? "zh" });
  if (!parsed.success) {
    const allowed = [...pass, "html", "docx"].join(", ");
    throw problems.badRequest(
      "invalid-format",
      `不支持的格式或语言「${format.slice(0, 20)}」(格式可用:${allowed};lang 可用:zh、en)。`,
      `Unsupported format or language "${format.slice(0, 20)}" (format: ${allowed}; lang: zh, en).`,
    );
  }
  return parsed.data;
}

/** Exact sums as the numbers the published tables print. */
export function publishedValues(values: ScaledValues): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Number(formatScaled(v))]));
}

/** The published report: an HTML page, or a .docx download named `file`. */
export async function publishResponse(
  q: PublishQuery,
  form: Form,
  values: Readonly<Record<string, number>>,
  meta: { unit: string; year: number; note?: string; file: string },
): Promise<Response> {
  const options = {
    unit: meta.unit,
    year: meta.year,
    lang: q.lang,
    ...(meta.note ? { note: meta.note } : {}),
  };
  if (q.format === "html") {
    return new Response(reportHtml(form, values, { ...options, document: true }), {
      headers: {
        "Content-Type": HTML_CONTENT_TYPE,
        "Content-Disposition": `inline; filename="${meta.file}.html"`,
      },
    });
  }
  return new Response(await reportDocx(form, values, options), {
    headers: {
      "Content-Type": DOCX_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="${meta.file}.docx"`,
    },
  });
}
