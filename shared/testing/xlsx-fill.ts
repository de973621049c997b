/**
 * Tests only: type values into a workbook's form sheet by editing its XML, the way a spreadsheet
 * program saves typed cells (numbers as `<v>`, text as inline strings). Needs no spreadsheet
 * library, so it runs anywhere (workerd tests must not load exceljs in the test's own context).
 */
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";

/** `cells`: A1 address → value, on sheet `n` (1: the form sheet, 2: the 校验 sheet). */
export function fillXlsx(
  bytes: Uint8Array,
  cells: Record<string, number | string>,
  n = 1,
): Uint8Array {
  const files = unzipSync(bytes);
  const part = `xl/worksheets/sheet${n}.xml`;
  let xml = strFromU8(files[part]!);
  for (const [at, v] of Object.entries(cells)) {
    const content =
      typeof v === "number"
        ? `><v>${v}</v></c>`
        : ` t="inlineStr"><is><t>${v.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</t></is></c>`;
    const re = new RegExp(`<c r="${at}"( s="\\d+")?( t="\\w+")?(/>|>.*?</c>)`);
    if (!re.test(xml)) throw new Error(`no cell ${at} in the form sheet`);
    xml = xml.replace(re, (_m, s: string | undefined) => `<c r="${at}"${s ?? ""}${content}`);
  }
  files[part] = strToU8(xml);
  return zipSync(files);
}
