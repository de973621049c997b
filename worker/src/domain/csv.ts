/** CSV (RFC 4180) as the unit import reads it; a malformed file is a refusal (400). */
import { isRefusal, refusal, type Refusal } from "./refusal";

/** Parse `code,name,parent_code` CSV (header line required; RFC 4180 quoting). */
export function parseUnitsCsv(text: string): Record<string, string>[] | Refusal {
  const rows = parseCsv(text.replace(/^\uFEFF/, ""));
  if (isRefusal(rows)) return rows;
  const header = rows.shift()?.map((h) => h.trim());
  if (!header || header.join(",") !== "code,name,parent_code") {
    return refusal(
      "csv-header",
      "CSV 第一行应为表头 code,name,parent_code。",
      "The first CSV line must be the header code,name,parent_code.",
    );
  }
  const lines = rows.filter((r) => !(r.length === 1 && r[0]!.trim() === ""));
  const bad = lines.findIndex((r) => r.length !== 3);
  if (bad >= 0) {
    return refusal(
      "csv-row",
      `CSV 第 ${bad + 2} 行应有 3 列,实际 ${lines[bad]!.length} 列。`,
      `CSV line ${bad + 2} should have 3 fields, has ${lines[bad]!.length}.`,
    );
  }
  return lines.map((r) => ({ code: r[0]!.trim(), name: r[1]!, parent_code: r[2]!.trim() }));
}

export function parseCsv(text: string): string[][] | Refusal {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      if (ch === "\r" && text[i + 1] === "\n") i++;
    } else field += ch;
    i++;
  }
  if (quoted) {
    return refusal("csv-quote", "CSV 中有未闭合的引号。", "The CSV has an unclosed quote.");
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
