import type { CompletenessEntry } from "../../../shared/api/schemas";
import type { Form } from "../../../shared/forms/catalogue";
import type { RollupHead } from "../domain/rollup";
import { formatScaled } from "../domain/scaled";
import {
  headerOf,
  statusColumns,
  statusRow,
  summaryTable,
  type RollupTable,
  type RollupValue,
} from "../../../shared/rollup/index";
import { streamOf } from "./stream";

/** One CSV field; text that a spreadsheet would run as a formula is defused with a quote mark. */
function csvField(v: RollupValue): string {
  if (v === null) return "";
  if (typeof v === "bigint") return formatScaled(v);
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: readonly RollupValue[]): string {
  return fields.map(csvField).join(",") + "\r\n";
}

/** A table's header line and rows (the figures of 汇总 as shared/rollup renders them). */
function tableLines(t: RollupTable): string {
  return csvLine(headerOf(t)) + t.rows.map((r) => csvLine(r.values)).join("");
}

/**
 * The rollup as CSV (UTF-8 with BOM so Excel reads the Chinese labels): 汇总's table (one line
 * per cell: the exact consolidated sum and each child's), then a blank line and 报送情况 with the
 * same ten columns as the xlsx and the pane (报送时效 included), streamed page by page.
 */
export function rollupCsvStream(
  form: Form,
  r: RollupHead,
  pages: AsyncIterable<CompletenessEntry[]>,
): ReadableStream<Uint8Array> {
  return streamOf(async (emit) => {
    const opts = { lang: "zh" } as const;
    const status = csvLine(statusColumns("zh").map((c) => c.label));
    emit(`\uFEFF${tableLines(summaryTable(form, r, "zh"))}\r\n${status}`);
    for await (const page of pages) {
      emit(page.map((u) => csvLine(statusRow(u, opts).values)).join(""));
    }
  });
}
