/**
 * The second gate of an untrusted upload (issue 21), after `openUpload` inflated it within the
 * zip limits and before exceljs sees a byte: bound the work the reader would do. exceljs expands
 * a defined name into one entry per cell of its range (`A1:XFD1048576`: 17 billion, which ran V8
 * out of heap), creates one object per column of `<col max>`, per cell of a merge, per style and
 * per shared string. So, counted on the XML text (linear, no parser):
 *
 * - defined names: the reader's own (`xxgk.<cell id>` a single cell, `XXGK_META` / `XXGK_CHECKS` /
 *   `XXGK_FORM_SHEET` a bounded range, reduced to its first cell, which is all the reader reads) must point into a
 *   sheet of this workbook, and are named when they point to a missing sheet, another workbook
 *   or a deleted cell; any other name spanning more than `maxNameCells` is refused, the rest are
 *   removed unread;
 * - per worksheet: the declared `<dimension>`, `<col max>`, every row and cell address and every
 *   merge within `maxRows` × `maxColumns`; cells, merges, styles and shared strings counted;
 * - which cells hold a formula, so the reader can say that only the formula's result was read.
 *
 * Pure, like ./upload-guard.ts.
 */
import { strFromU8, strToU8, type Unzipped } from "fflate";
import type { Form } from "../forms/model";
import { parseA1 } from "../layout/grid";
import { CHECKS_NAME, FORM_SHEET_NAME, INPUT_NAME_PREFIX, META_NAME } from "./names";

export const WORKBOOK_BOUNDS = {
  maxSheets: 32,
  /** Rows and columns of any sheet (the form sheets use fewer than 300 rows and 20 columns). */
  maxRows: 10_000,
  maxColumns: 256,
  /** Cells of all sheets (a gov-2021 workbook has about 3,600). */
  maxCells: 40_000,
  maxMerges: 2_000,
  maxMergedCells: 50_000,
  /** Cells a defined name other than an input's may span (a print area, the 校验 list). */
  maxNameCells: 20_000,
  maxNames: 2_000,
  /** Elements of xl/styles.xml and shared strings of xl/sharedStrings.xml. */
  maxStyleElements: 30_000,
  maxSharedStrings: 50_000,
};

type Words = { zh: string; en: string };

export type BoundsFailure =
  /** Something larger than the bounds: said in words (`what`). */
  | { kind: "out-of-bounds"; what: Words }
  /** A name the reader reads points where nothing can be read. */
  | { kind: "name"; name: string; ref: string; why: Words };

export type BoundsResult =
  | {
      ok: true;
      files: Unzipped;
      /** `sheet!A1` → the cached result, of every cell that holds a formula. */
      formulas: Map<string, string>;
    }
  | { ok: false; failure: BoundsFailure };

const B = WORKBOOK_BOUNDS;
/** Excel's own limits: beyond them nothing is a cell reference. */
const EXCEL_ROWS = 1_048_576;
const EXCEL_COLUMNS = 16_384;

export function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, e: string) => {
    const k = e.toLowerCase();
    if (k === "amp") return "&";
    if (k === "lt") return "<";
    if (k === "gt") return ">";
    if (k === "quot") return '"';
    if (k === "apos") return "'";
    const n = k.startsWith("#x") ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
    return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : "";
  });
}

const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** An area: first and last row and column, 1-based. */
interface Area {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

const colNumber = (letters: string) => parseA1(`${letters}1`).col + 1;

/** `A1`, `$A$1:$C$9`, `$22:$24` (whole rows) or `$A:$B` (whole columns) as an area. */
function parseArea(text: string): Area | null {
  const cell = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/;
  const [a, b, extra] = text.toUpperCase().split(":");
  if (extra !== undefined || a === undefined) return null;
  const p = cell.exec(a);
  const q = b === undefined ? p : cell.exec(b);
  if (p && q) {
    const [r1, r2] = [Number(p[2]), Number(q[2])].sort((x, y) => x - y) as [number, number];
    const [c1, c2] = [colNumber(p[1]!), colNumber(q[1]!)].sort((x, y) => x - y) as [number, number];
    return r1 >= 1 ? { r1, c1, r2, c2 } : null;
  }
  const rows = /^\$?(\d{1,7}):\$?(\d{1,7})$/.exec(text);
  if (rows) {
    const [r1, r2] = [Number(rows[1]), Number(rows[2])].sort((x, y) => x - y) as [number, number];
    return r1 >= 1 ? { r1, c1: 1, r2, c2: EXCEL_COLUMNS } : null;
  }
  const cols = /^\$?([A-Z]{1,3}):\$?([A-Z]{1,3})$/i.exec(text);
  if (cols) {
    const [c1, c2] = [colNumber(cols[1]!.toUpperCase()), colNumber(cols[2]!.toUpperCase())].sort(
      (x, y) => x - y,
    ) as [number, number];
    return { r1: 1, c1, r2: EXCEL_ROWS, c2 };
  }
  return null;
}

const cellsOf = (a: Area) => (a.r2 - a.r1 + 1) * (a.c2 - a.c1 + 1);
const a1 = (r: number, c: number) => {
  let s = "";
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return `${s}${r}`;
};
const shownArea = (a: Area) =>
  cellsOf(a) === 1 ? a1(a.r1, a.c1) : `${a1(a.r1, a.c1)}:${a1(a.r2, a.c2)}`;

/** What a defined name's text refers to. */
type Target =
  { kind: "area"; sheet: string; area: Area } | { kind: "external" | "deleted" | "other" };

function parseTarget(ref: string): Target {
  const text = ref.trim().replace(/^=/, "");
  if (/#REF!/i.test(text)) return { kind: "deleted" };
  const m = /^(?:'((?:[^']|'')+)'|([^'!,()]+))!([^,!]+)$/.exec(text);
  if (!m) return { kind: "other" };
  const sheet = (m[1] ?? m[2]!).replace(/''/g, "'");
  if (/\[[^\]]*\]/.test(sheet)) return { kind: "external" };
  const area = parseArea(m[3]!);
  return area ? { kind: "area", sheet, area } : { kind: "other" };
}

const outOfBounds = (zh: string, en: string): BoundsFailure => ({
  kind: "out-of-bounds",
  what: { zh, en },
});

const LIMIT_ZH = `报表文件最多 ${B.maxRows} 行、${B.maxColumns} 列`;
const LIMIT_EN = `a workbook has at most ${B.maxRows} rows and ${B.maxColumns} columns`;

function areaTooLarge(where: Words, a: Area): BoundsFailure {
  return outOfBounds(
    `${where.zh}的范围 ${shownArea(a)} 超出了${LIMIT_ZH}`,
    `${where.en} spans ${shownArea(a)}, beyond the bounds (${LIMIT_EN})`,
  );
}

const withinGrid = (a: Area) => a.r2 <= B.maxRows && a.c2 <= B.maxColumns;

/** The sheets of the workbook: name → part path. */
function sheetParts(files: Unzipped): Map<string, string> | BoundsFailure {
  const wb = strFromU8(files["xl/workbook.xml"]!);
  const rels = strFromU8(files["xl/_rels/workbook.xml.rels"] ?? new Uint8Array());
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id && target) {
      const path = decodeXml(target).replace(/^\/?(xl\/)?/, "xl/");
      targets.set(id, path);
    }
  }
  const out = new Map<string, string>();
  const sheets = [...wb.matchAll(/<sheet\b[^>]*>/g)];
  if (sheets.length > B.maxSheets) {
    return outOfBounds(
      `报表文件有 ${sheets.length} 个工作表,超出 ${B.maxSheets} 个的上限`,
      `The workbook has ${sheets.length} sheets, beyond ${B.maxSheets}`,
    );
  }
  for (const m of sheets) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\br:id="([^"]*)"/.exec(m[0])?.[1];
    if (name !== undefined) out.set(decodeXml(name), (rid && targets.get(rid)) ?? "");
  }
  return out;
}

/** The names the reader follows besides the inputs'. */
const READER_NAMES = new Set([META_NAME, CHECKS_NAME, FORM_SHEET_NAME]);

function nameProblem(name: string, ref: string, zh: string, en: string): BoundsFailure {
  return { kind: "name", name, ref, why: { zh, en } };
}

/**
 * The workbook's names checked, and workbook.xml rewritten with only the reader's names, each
 * reduced to one cell.
 */
function boundNames(
  form: Form,
  wbXml: string,
  sheets: Map<string, string>,
): string | BoundsFailure {
  const inputs = new Set(form.cells.map((c) => INPUT_NAME_PREFIX + c.id));
  const kept = new Map<string, string>();
  const defs = [...wbXml.matchAll(/<definedName\b([^>]*?)(?:\/>|>([\s\S]*?)<\/definedName>)/g)];
  if (defs.length > B.maxNames) {
    return outOfBounds(
      `报表文件定义了 ${defs.length} 个名称,超出 ${B.maxNames} 个的上限`,
      `The workbook defines ${defs.length} names, beyond ${B.maxNames}`,
    );
  }
  for (const d of defs) {
    const name = decodeXml(/\bname="([^"]*)"/.exec(d[1]!)?.[1] ?? "");
    const ref = decodeXml(d[2] ?? "");
    // Print areas and titles are never read (and may be whole columns).
    if (name.startsWith("_xlnm.")) continue;
    const isInput = inputs.has(name);
    const read = isInput || READER_NAMES.has(name);
    const target = parseTarget(ref);
    if (target.kind !== "area") {
      if (!read) continue;
      const why = {
        external: ["指向另一个工作簿", "points to another workbook"],
        deleted: ["指向已删除的单元格(#REF!)", "points to a deleted cell (#REF!)"],
        other: ["不是单元格引用", "is not a cell reference"],
      }[target.kind];
      return nameProblem(name, ref, why[0]!, why[1]!);
    }
    const cells = cellsOf(target.area);
    if (isInput && cells !== 1) {
      return outOfBounds(
        `名称「${name}」应指向单个单元格,却指向 ${shownArea(target.area)}(${cells} 个单元格),超出可读取的范围`,
        `Name "${name}" must point to a single cell, not ${shownArea(target.area)} (${cells} cells): beyond the bounds`,
      );
    }
    if (cells > B.maxNameCells || (read && !withinGrid(target.area))) {
      return outOfBounds(
        `名称「${name}」指向 ${shownArea(target.area)}(${cells} 个单元格),超出可读取的范围;请在「公式 → 名称管理器」中删除或改小该名称`,
        `Name "${name}" spans ${shownArea(target.area)} (${cells} cells), beyond the bounds; delete or shrink it in the Name Manager`,
      );
    }
    if (!read || kept.has(name)) continue;
    if (!sheets.has(target.sheet)) {
      return nameProblem(
        name,
        ref,
        `指向不存在的工作表「${target.sheet}」`,
        `points to a sheet "${target.sheet}" that the workbook does not have`,
      );
    }
    const sheet = `'${target.sheet.replace(/'/g, "''")}'`;
    const first = a1(target.area.r1, target.area.c1).replace(/^([A-Z]+)/, "$$$1$$");
    kept.set(name, `${sheet}!${first}`);
  }
  const names = [...kept]
    .map(([n, r]) => `<definedName name="${escapeXml(n)}">${escapeXml(r)}</definedName>`)
    .join("");
  const stripped = wbXml.replace(/<definedNames\b[\s\S]*?<\/definedNames>|<definedNames\/>/g, "");
  if (!names) return stripped;
  // definedNames comes after sheets (and before calcPr) in the schema's order.
  return stripped.replace(/<\/sheets>/, (m) => `${m}<definedNames>${names}</definedNames>`);
}

/** One worksheet's cells, merges and declared extent within the bounds; its formula cells. */
function boundSheet(
  sheet: string,
  xml: string,
  formulas: Map<string, string>,
  counts: { cells: number; merged: number; merges: number },
): BoundsFailure | null {
  const where = { zh: `工作表「${sheet}」`, en: `Sheet "${sheet}"` };
  const dim = /<dimension\b[^>]*\bref="([^"]*)"/.exec(xml)?.[1];
  const declared = dim ? parseArea(dim) : null;
  if (declared && !withinGrid(declared)) {
    return areaTooLarge({ zh: `${where.zh}声明`, en: `${where.en} declares that it` }, declared);
  }
  for (const m of xml.matchAll(/<col\b[^>]*>/g)) {
    const max = Number(/\bmax="(\d+)"/.exec(m[0])?.[1] ?? 0);
    const min = Number(/\bmin="(\d+)"/.exec(m[0])?.[1] ?? 0);
    if (max > EXCEL_COLUMNS || min > EXCEL_COLUMNS) {
      return outOfBounds(
        `${where.zh}声明了第 ${Math.max(min, max)} 列,超出了${LIMIT_ZH}`,
        `${where.en} declares column ${Math.max(min, max)}, beyond the bounds (${LIMIT_EN})`,
      );
    }
  }
  let rows = 0;
  for (const m of xml.matchAll(/<row\b([^>]*)>/g)) {
    rows++;
    const r = Number(/\br="(\d+)"/.exec(m[1]!)?.[1] ?? rows);
    if (r > B.maxRows || rows > B.maxRows) {
      return outOfBounds(
        `${where.zh}有第 ${Math.max(r, rows)} 行,超出了${LIMIT_ZH}`,
        `${where.en} has row ${Math.max(r, rows)}, beyond the bounds (${LIMIT_EN})`,
      );
    }
  }
  for (const m of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    if (++counts.cells > B.maxCells) {
      return outOfBounds(
        `报表文件的单元格超过 ${B.maxCells} 个,超出可读取的范围`,
        `The workbook has more than ${B.maxCells} cells, beyond the bounds`,
      );
    }
    const r = /\br="([A-Za-z]{1,3}\d{1,7})"/.exec(m[1]!)?.[1];
    // exceljs throws outside its promise on a cell without an address: never let one through.
    if (r === undefined) {
      return outOfBounds(
        `${where.zh}有没有地址(r)的单元格,无法读取`,
        `${where.en} has a cell without an address (r); it cannot be read`,
      );
    }
    const at = parseArea(r);
    if (!at || !withinGrid(at)) {
      return outOfBounds(
        `${where.zh}的单元格 ${r} 超出了${LIMIT_ZH}`,
        `${where.en} has cell ${r}, beyond the bounds (${LIMIT_EN})`,
      );
    }
    const body = m[2] ?? "";
    if (/<f\b/.test(body)) {
      formulas.set(
        `${sheet}!${r.toUpperCase()}`,
        decodeXml(/<v>([^<]*)<\/v>/.exec(body)?.[1] ?? ""),
      );
    }
  }
  for (const m of xml.matchAll(/<mergeCell\b[^>]*\bref="([^"]*)"/g)) {
    const area = parseArea(m[1]!);
    if (!area || !withinGrid(area)) {
      return area
        ? areaTooLarge({ zh: `${where.zh}的合并单元格`, en: `A merged cell of ${where.en}` }, area)
        : outOfBounds(`${where.zh}的合并单元格「${m[1]}」无效`, `${where.en}: bad merge "${m[1]}"`);
    }
    counts.merged += cellsOf(area);
    if (++counts.merges > B.maxMerges || counts.merged > B.maxMergedCells) {
      return outOfBounds(
        `报表文件的合并单元格过多(超过 ${B.maxMerges} 处或 ${B.maxMergedCells} 个单元格),超出可读取的范围`,
        `Too many merged cells (more than ${B.maxMerges} merges or ${B.maxMergedCells} cells), beyond the bounds`,
      );
    }
  }
  return null;
}

const count = (xml: string, re: RegExp) => {
  let n = 0;
  for (const _ of xml.matchAll(re)) n++;
  return n;
};

/** Check an opened upload against the bounds; on success its parts with the names rewritten. */
export function boundWorkbook(form: Form, input: Unzipped): BoundsResult {
  const fail = (failure: BoundsFailure): BoundsResult => ({ ok: false, failure });
  const files: Unzipped = { ...input };
  const sheets = sheetParts(files);
  if (!(sheets instanceof Map)) return fail(sheets);
  const styles = files["xl/styles.xml"];
  if (styles && count(strFromU8(styles), /<[A-Za-z]/g) > B.maxStyleElements) {
    return fail(
      outOfBounds(
        `报表文件的样式(xl/styles.xml)超过 ${B.maxStyleElements} 项,超出可读取的范围`,
        `The workbook's styles have more than ${B.maxStyleElements} elements, beyond the bounds`,
      ),
    );
  }
  const strings = files["xl/sharedStrings.xml"];
  if (strings && count(strFromU8(strings), /<si[\s>/]/g) > B.maxSharedStrings) {
    return fail(
      outOfBounds(
        `报表文件的共享字符串超过 ${B.maxSharedStrings} 个,超出可读取的范围`,
        `The workbook has more than ${B.maxSharedStrings} shared strings, beyond the bounds`,
      ),
    );
  }
  const formulas = new Map<string, string>();
  const counts = { cells: 0, merged: 0, merges: 0 };
  for (const [sheet, part] of sheets) {
    const data = files[part];
    if (!data) continue;
    const failure = boundSheet(sheet, strFromU8(data), formulas, counts);
    if (failure) return fail(failure);
  }
  const names = boundNames(form, strFromU8(files["xl/workbook.xml"]!), sheets);
  if (typeof names !== "string") return fail(names);
  files["xl/workbook.xml"] = strToU8(names);
  return { ok: true, files, formulas };
}
