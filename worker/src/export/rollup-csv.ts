import type { CompletenessEntry } from "../../../shared/api/schemas";
import type { Form } from "../../../shared/forms/catalogue";
import type { RollupHead } from "../domain/rollup";
import { formatScaled } from "../domain/scaled";
import { streamOf } from "./stream";

/** One CSV field; text that a spreadsheet would run as a formula is defused with a quote mark. */
function csvField(v: string | number | bigint | null): string {
  if (v === null) return "";
  if (typeof v === "bigint") return formatScaled(v);
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: (string | number | bigint | null)[]): string {
  return fields.map(csvField).join(",") + "\r\n";
}

const COMPLETENESS_HEADER = [
  "code",
  "name",
  "parent",
  "depth",
  "status",
  "revision",
  "submitted_at",
  "errors",
  "warnings",
];

function completenessLine(u: CompletenessEntry): string {
  return csvLine([
    u.code,
    u.name,
    u.parent,
    u.depth,
    u.status,
    u.revision,
    u.submittedAt,
    u.errors,
    u.warnings,
  ]);
}

/** The figures' table: one line per cell with the consolidated sum and each child's (exact). */
function figuresTable(form: Form, r: RollupHead): string {
  let out = csvLine([
    "cell",
    "label",
    `${r.unit.name} (${r.unit.code}) 合计`,
    ...r.children.map((c) => `${c.name} (${c.code})`),
  ]);
  for (const cell of form.cells) {
    out += csvLine([
      cell.id,
      cell.label.zh,
      r.values[cell.id] ?? 0n,
      ...r.children.map((c) => c.values[cell.id] ?? 0n),
    ]);
  }
  return out;
}

/**
 * The rollup as CSV (UTF-8 with BOM so Excel reads the Chinese labels): the figures' table, then a
 * blank line and the completeness table.
 */
export function rollupCsvStream(
  form: Form,
  r: RollupHead,
  pages: AsyncIterable<CompletenessEntry[]>,
): ReadableStream<Uint8Array> {
  return streamOf(async (emit) => {
    emit(`\uFEFF${figuresTable(form, r)}\r\n${csvLine(COMPLETENESS_HEADER)}`);
    for await (const page of pages) emit(page.map(completenessLine).join(""));
  });
}
