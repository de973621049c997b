import { cellIdOf, rowColumns, type Form } from "../forms/model";
import type { Block, Label, Section } from "../forms/schema";
import type { Lang, LayoutCell, Position, SheetLayout } from "./types";

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(col: number): string {
  let s = "";
  let n = col + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A1 address of a 0-based row and column. */
export function a1(row: number, col: number): string {
  return `${columnLetter(col)}${row + 1}`;
}

/** 0-based row and column of an A1 address (`$` allowed; the top-left cell of a range). */
export function parseA1(address: string): { row: number; col: number } {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)/.exec(address);
  if (!m) throw new Error(`not an A1 address: ${address}`);
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

const TEXT = {
  unitCaption: { zh: "填报单位", en: "Reporting unit" },
  yearCaption: { zh: "报告年度", en: "Report year" },
  unitHeader: { zh: "计量单位", en: "Unit" },
};

/** Display width of a text in Excel character units (a CJK character is two). */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
  return w;
}

interface Geometry {
  labelCols: number;
  unitCol: number | null;
  dataStart: number;
  dataCols: number;
  colCount: number;
}

function labelDepth(block: Block): number {
  if (block.orientation === "single-row") return 1;
  return Math.max(...block.rows.map((r) => (r.path?.length ?? 0) + 1));
}

function blockDataWidth(block: Block): number {
  if (block.orientation === "single-row") {
    return block.rows.reduce((n, r) => n + rowColumns(block, r).length, 0);
  }
  return block.columns.length;
}

function geometry(form: Form): Geometry {
  const blocks = form.definition.sections.flatMap((s) => s.blocks);
  const labelCols = Math.max(...blocks.map(labelDepth));
  const hasUnit = blocks.some((b) => b.unitColumn);
  const dataStart = labelCols + (hasUnit ? 1 : 0);
  const dataCols = Math.max(...blocks.map(blockDataWidth));
  return {
    labelCols,
    unitCol: hasUnit ? labelCols : null,
    dataStart,
    dataCols,
    colCount: dataStart + dataCols,
  };
}

/** Labels of a chain (path + own label) in one language. */
function chain(path: Label[] | undefined, label: Label, lang: Lang): string[] {
  return [...(path ?? []), label].map((l) => l[lang]);
}

function samePrefix(a: string[], b: string[], upTo: number): boolean {
  for (let i = 0; i <= upTo; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Multi-level headers from label chains, one chain per leaf: equal neighbours at a level are
 * merged across, and a chain shorter than the depth lets its last label span down.
 */
function headerCells(
  chains: string[][],
  spans: number[],
  top: number,
  left: number,
  depth: number,
): LayoutCell[] {
  const out: LayoutCell[] = [];
  const starts: number[] = [];
  let x = left;
  for (const s of spans) {
    starts.push(x);
    x += s;
  }
  for (let level = 0; level < depth; level++) {
    let j = 0;
    while (j < chains.length) {
      const c = chains[j]!;
      if (level >= c.length) {
        j++;
        continue;
      }
      const leaf = level === c.length - 1;
      let k = j + 1;
      if (!leaf) {
        while (k < chains.length) {
          const d = chains[k]!;
          if (d.length - 1 <= level || !samePrefix(c, d, level)) break;
          k++;
        }
      }
      let colSpan = 0;
      for (let m = j; m < k; m++) colSpan += spans[m]!;
      out.push({
        row: top + level,
        col: starts[j]!,
        rowSpan: leaf ? depth - level : 1,
        colSpan,
        role: "header",
        text: c[level]!,
      });
      j = k;
    }
  }
  return out;
}

function numberFormat(kind: string): string {
  return kind === "amount" ? "0.00##" : "0";
}

class Builder {
  cells: LayoutCell[] = [];
  inputs: Record<string, Position> = {};
  row = 0;
  constructor(
    readonly form: Form,
    readonly lang: Lang,
    readonly g: Geometry,
  ) {}

  push(cell: LayoutCell): void {
    this.cells.push(cell);
  }

  input(row: number, col: number, colSpan: number, cellId: string): void {
    const def = this.form.cellById.get(cellId);
    const kind = def?.kind ?? "count";
    this.push({
      row,
      col,
      rowSpan: 1,
      colSpan,
      role: "input",
      cellId,
      kind,
      numberFormat: numberFormat(kind),
    });
    this.inputs[cellId] = { row, col, address: a1(row, col) };
  }

  /** Width of the row-label area of a block: the label columns, plus the unit column if unused. */
  labelWidth(block: Block): number {
    return this.g.labelCols + (this.g.unitCol !== null && !block.unitColumn ? 1 : 0);
  }

  section(section: Section): void {
    const { lang, g } = this;
    this.push({
      row: this.row,
      col: 0,
      rowSpan: 1,
      colSpan: g.colCount,
      role: "section",
      text: section.title[lang],
    });
    this.row++;
    const width = Math.max(...section.blocks.map(blockDataWidth));
    for (const block of section.blocks) {
      if (block.heading) {
        this.push({
          row: this.row,
          col: 0,
          rowSpan: 1,
          colSpan: g.colCount,
          role: "heading",
          text: block.heading[lang],
        });
        this.row++;
      }
      if (block.orientation === "single-row") this.singleRowBlock(block);
      else this.rowsBlock(block, width);
    }
  }

  rowsBlock(block: Block, sectionWidth: number): void {
    const { lang, g } = this;
    const n = block.columns.length;
    const span = sectionWidth % n === 0 ? sectionWidth / n : 1;
    const depth = Math.max(...block.columns.map((c) => (c.path?.length ?? 0) + 1));
    const labelWidth = this.labelWidth(block);
    const top = this.row;
    this.push({
      row: top,
      col: 0,
      rowSpan: depth,
      colSpan: labelWidth,
      role: "corner",
      text: block.corner?.[lang] ?? "",
    });
    if (block.unitColumn && g.unitCol !== null) {
      this.push({
        row: top,
        col: g.unitCol,
        rowSpan: depth,
        colSpan: 1,
        role: "header",
        text: TEXT.unitHeader[lang],
      });
    }
    const chains = block.columns.map((c) => chain(c.path, c.label, lang));
    this.cells.push(
      ...headerCells(
        chains,
        chains.map(() => span),
        top,
        g.dataStart,
        depth,
      ),
    );
    this.row += depth;

    const rowChains = block.rows.map((r) => chain(r.path, r.label, lang));
    const first = this.row;
    block.rows.forEach((row, i) => {
      const r = first + i;
      const c = rowChains[i]!;
      // Group labels: merged down over the following rows that share the same prefix.
      for (let level = 0; level < c.length - 1; level++) {
        const prevChain = rowChains[i - 1];
        if (prevChain && prevChain.length - 1 > level && samePrefix(prevChain, c, level)) continue;
        let k = i + 1;
        while (k < rowChains.length) {
          const d = rowChains[k]!;
          if (d.length - 1 <= level || !samePrefix(c, d, level)) break;
          k++;
        }
        this.push({
          row: r,
          col: level,
          rowSpan: k - i,
          colSpan: 1,
          role: "label",
          text: c[level]!,
        });
      }
      const leafCol = c.length - 1;
      this.push({
        row: r,
        col: leafCol,
        rowSpan: 1,
        colSpan: labelWidth - leafCol,
        role: row.heading ? "heading" : "label",
        text: c[leafCol]!,
        ...(row.indent ? { indent: row.indent } : {}),
      });
      if (block.unitColumn && g.unitCol !== null) {
        const unit = this.form.cellById.get(
          row.heading ? "" : cellIdOf(row, rowColumns(block, row)[0] ?? block.columns[0]!),
        )?.unit;
        this.push({
          row: r,
          col: g.unitCol,
          rowSpan: 1,
          colSpan: 1,
          role: "unit",
          text: unit ? unit[lang] : "",
        });
      }
      const present = new Set(rowColumns(block, row).map((col) => col.id));
      block.columns.forEach((col, j) => {
        const x = g.dataStart + j * span;
        if (present.has(col.id)) this.input(r, x, span, cellIdOf(row, col));
        else this.push({ row: r, col: x, rowSpan: 1, colSpan: span, role: "label", text: "" });
      });
    });
    this.row = first + block.rows.length;
  }

  singleRowBlock(block: Block): void {
    const { lang, g } = this;
    const groups = block.rows.map((r) => ({ row: r, columns: rowColumns(block, r) }));
    const groupChains = groups.map((x) => chain(x.row.path, x.row.label, lang));
    const groupDepth = Math.max(...groupChains.map((c) => c.length));
    const depth = groupDepth + 1;
    const top = this.row;
    this.push({
      row: top,
      col: 0,
      rowSpan: depth + 1,
      colSpan: this.labelWidth(block),
      role: "corner",
      text: block.corner?.[lang] ?? "",
    });
    // Group labels over their columns (merged across where groups share a parent), then the
    // column labels, then one line of inputs.
    const spans = groups.map((x) => x.columns.length);
    this.cells.push(...headerCells(groupChains, spans, top, g.dataStart, groupDepth));
    const inputs: string[] = [];
    for (const x of groups) {
      for (const col of x.columns) {
        this.push({
          row: top + groupDepth,
          col: g.dataStart + inputs.length,
          rowSpan: 1,
          colSpan: 1,
          role: "header",
          text: col.label[lang],
        });
        inputs.push(cellIdOf(x.row, col));
      }
    }
    const r = top + depth;
    inputs.forEach((id, i) => this.input(r, g.dataStart + i, 1, id));
    this.row = r + 1;
  }
}

function columnWidths(cells: LayoutCell[], g: Geometry): number[] {
  const widths: number[] = Array.from({ length: g.colCount }, (_, c) =>
    c < g.labelCols ? 6 : c === g.unitCol ? 8 : 11,
  );
  // Narrow cells first, so a label spanning several columns only widens the last one it needs.
  const labels = cells
    .filter((c) => c.role === "label" || c.role === "heading" || c.role === "unit")
    .filter((c) => c.text && c.rowSpan === 1)
    .sort((x, y) => x.colSpan - y.colSpan);
  for (const cell of labels) {
    const need = Math.min(40, textWidth(cell.text!) + 2 + 2 * (cell.indent ?? 0));
    let have = 0;
    for (let k = cell.col; k < cell.col + cell.colSpan; k++) have += widths[k]!;
    let last = cell.col + cell.colSpan - 1;
    if (last === g.unitCol && cell.colSpan > 1) last--; // keep the unit column narrow
    if (need > have) widths[last]! += need - have;
  }
  // A vertically merged group label wraps inside its column: give it room for a few characters.
  for (const cell of cells) {
    if (cell.role === "label" && cell.rowSpan > 1 && cell.colSpan === 1) {
      widths[cell.col] = Math.max(widths[cell.col]!, 10);
    }
  }
  return widths;
}

/** The form drawn as a worksheet: title, unit and year, then every table in official order. */
export function layoutForm(form: Form, lang: Lang): SheetLayout {
  const g = geometry(form);
  const b = new Builder(form, lang, g);
  b.push({
    row: 0,
    col: 0,
    rowSpan: 1,
    colSpan: g.colCount,
    role: "title",
    text: form.title[lang],
  });
  const valueSpan = Math.max(1, g.colCount - 1);
  b.push({
    row: 1,
    col: 0,
    rowSpan: 1,
    colSpan: 1,
    role: "meta-label",
    text: TEXT.unitCaption[lang],
  });
  b.push({ row: 1, col: 1, rowSpan: 1, colSpan: valueSpan, role: "meta-value" });
  b.push({
    row: 2,
    col: 0,
    rowSpan: 1,
    colSpan: 1,
    role: "meta-label",
    text: TEXT.yearCaption[lang],
  });
  b.push({ row: 2, col: 1, rowSpan: 1, colSpan: valueSpan, role: "meta-value" });
  b.row = 4;
  form.definition.sections.forEach((section, i) => {
    if (i > 0) b.row++;
    b.section(section);
  });
  const rowCount = b.row;
  return {
    formId: form.id,
    version: form.version,
    lang,
    rowCount,
    colCount: g.colCount,
    columnWidths: columnWidths(b.cells, g),
    cells: b.cells,
    inputs: b.inputs,
    meta: {
      unit: { row: 1, col: 1, address: a1(1, 1) },
      year: { row: 2, col: 1, address: a1(2, 1) },
    },
    range: `A1:${a1(rowCount - 1, g.colCount - 1)}`,
  };
}
