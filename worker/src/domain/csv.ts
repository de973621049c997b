/** CSV (RFC 4180) as the unit import reads it. */
import { problems } from "../http/problem";

/** Parse `code,name,parent_code` CSV (header line required; RFC 4180 quoting). */
export function parseUnitsCsv(text: string): Record<string, string>[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, ""));
  const header = rows.shift()?.map((h) => h.trim());
  if (!header || header.join(",") !== "code,name,parent_code") {
    throw problems.badRequest(
      "csv-header",
      "CSV 第一行应为表头 code,name,parent_code。",
      "The first CSV line must be the header code,name,parent_code.",
    );
  }
  return rows
    .filter((r) => !(r.length === 1 && r[0]!.trim() === ""))
    .map((r, i) => {
      if (r.length !== 3) {
        throw problems.badRequest(
          "csv-row",
          `CSV 第 ${i + 2} 行应有 3 列,实际 ${r.length} 列。`,
          `CSV line ${i + 2} should have 3 fields, has ${r.length}.`,
        );
      }
      return { code: r[0]!.trim(), name: r[1]!, parent_code: r[2]!.trim() };
    });
}

export function parseCsv(text: string): string[][] {
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
    throw problems.badRequest(
      "csv-quote",
      "CSV 中有未闭合的引号。",
      "The CSV has an unclosed quote.",
    );
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
