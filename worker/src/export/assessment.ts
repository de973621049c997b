import writeXlsxFile, { type SheetData } from "write-excel-file/universal";
import { assessmentTable, type Assessment } from "../../../shared/assessment/index";
import { csvLine } from "./rollup-csv";

/** The 考核 table as CSV (UTF-8 with BOM so Excel reads the Chinese labels). */
export function assessmentCsv(a: Assessment): string {
  const t = assessmentTable(a, "zh");
  return `\uFEFF${csvLine(t.header)}${t.rows.map((r) => csvLine(r)).join("")}`;
}

const FONT = { fontFamily: "宋体", fontSize: 10 } as const;

/** The 考核 table as an .xlsx workbook (one sheet 考核; points and scores are numbers). */
export async function assessmentXlsx(a: Assessment): Promise<ArrayBuffer> {
  const t = assessmentTable(a, "zh");
  const data: SheetData = [
    t.header.map((value) => ({ value, ...FONT, fontWeight: "bold" as const, wrap: true })),
    ...t.rows.map((row) =>
      row.map((value) =>
        typeof value === "number" ? { value, type: Number, ...FONT } : { value, ...FONT },
      ),
    ),
  ];
  const blob = await writeXlsxFile([
    {
      data,
      sheet: "考核",
      columns: t.header.map((_, i) => ({
        width: i === 2 ? 30 : i === t.header.length - 1 ? 60 : 12,
      })),
      stickyRowsCount: 1,
    },
  ]).toBlob();
  return blob.arrayBuffer();
}
