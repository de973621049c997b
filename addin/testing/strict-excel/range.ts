/** Ranges of the stand-in: values (stored as Excel stores them), formats, validation, merges. */
import { boxAddress, cellAddress, qualified, type Box } from "../../src/host/a1";
import type {
  XlBorder,
  XlBorderIndex,
  XlDataValidation,
  XlDataValidationRule,
  XlRangeFormat,
} from "../../src/host/xl";
import { ClientObject, guard } from "./base";
import type { Ctx } from "./context";
import { ConditionalFormatsProxy } from "./conditional";
import { writeValue } from "./input";
import {
  boxCells,
  emptyCell,
  formatAllowed,
  key,
  StrictExcelError,
  type BorderModel,
  type CellModel,
  type Edge,
  type SheetModel,
} from "./model";

function cellsEditable(s: SheetModel, b: Box, what: string): void {
  if (!s.protected) return;
  for (const [r, c] of boxCells(b)) {
    const cell = s.cells.get(key(r, c));
    if (!cell || cell.locked) {
      throw new StrictExcelError(
        "AccessDenied",
        `${what}: ${cellAddress(r, c)} is locked on a protected sheet`,
      );
    }
  }
}

/** Cells a whole-sheet range touches: only the ones that exist. */
function clampBox(s: SheetModel, b: Box): Box {
  if (b.r1 < 100_000) return b;
  let r1 = 0;
  let c1 = 0;
  for (const k of s.cells.keys()) {
    const [r, c] = k.split(":").map(Number) as [number, number];
    r1 = Math.max(r1, r);
    c1 = Math.max(c1, c);
  }
  return { r0: b.r0, c0: b.c0, r1, c1 };
}

export class RangeProxy extends ClientObject<SheetModel> {
  static override readonly xlClass = "Range";

  constructor(
    ctx: Ctx,
    sheet: () => SheetModel | null,
    readonly box: Box,
    what: string,
  ) {
    super(ctx, sheet, what);
  }

  private forCells(
    action: (cell: CellModel, r: number, c: number) => void,
    check: (s: SheetModel) => void,
    payload?: unknown,
  ): void {
    this.ctx.enqueue(() => {
      const s = this.target();
      check(s);
      for (const [r, c] of boxCells(clampBox(s, this.box)))
        action(this.ctx.excel.cellModel(s, r, c), r, c);
    }, payload ?? null);
  }

  private formatOp(
    action: (cell: CellModel, r: number, c: number) => void,
    payload?: unknown,
  ): void {
    this.forCells(
      action,
      (s) => {
        formatAllowed(s, this.what);
        this.ctx.note("format", s.id, this.box);
      },
      payload,
    );
  }

  protected override snapshot(s: SheetModel, prop: string): unknown {
    // As in Excel, `values` of a formula cell is what it computes (recalculated on demand).
    let calc: ReturnType<Ctx["excel"]["recalculated"]> | null = null;
    const computed = (r: number, c: number) =>
      (calc ??= this.ctx.excel.recalculated()).value(s, r, c);
    const rows = () => {
      const out: unknown[][] = [];
      for (let r = this.box.r0; r <= this.box.r1; r++) {
        const row: unknown[] = [];
        for (let c = this.box.c0; c <= this.box.c1; c++) {
          const cell = s.cells.get(key(r, c));
          row.push(
            prop === "values"
              ? cell?.formula !== undefined
                ? computed(r, c)
                : (cell?.value ?? "")
              : prop === "formulas"
                ? (cell?.formula ?? cell?.value ?? "")
                : (cell?.numberFormat ?? "General"),
          );
        }
        out.push(row);
      }
      return out;
    };
    const grid = prop === "values" || prop === "numberFormat" || prop === "formulas";
    if (this.box.r1 > 100_000 && grid) {
      throw new StrictExcelError("ResponsePayloadSizeLimitExceeded", "whole-sheet values");
    }
    if (grid) return rows();
    if (prop === "address") return qualified(s.name, boxAddress(this.box));
    return super.snapshot(s, prop);
  }

  get address(): string {
    return this.read("address");
  }

  get values(): unknown[][] {
    return this.read("values");
  }

  set values(v: unknown[][]) {
    this.writeGrid("values", v);
  }

  get formulas(): unknown[][] {
    return this.read("formulas");
  }

  /** Written as Excel writes `values` (a string starting with = is a formula either way). */
  set formulas(v: unknown[][]) {
    this.writeGrid("values", v);
  }

  get conditionalFormats(): ConditionalFormatsProxy {
    return new ConditionalFormatsProxy(this.ctx, () => this.tryTarget(), [this.box], this.what);
  }

  get numberFormat(): string[][] {
    return this.read("numberFormat");
  }

  set numberFormat(v: string[][]) {
    this.writeGrid("numberFormat", v);
  }

  private writeGrid(prop: "values" | "numberFormat", v: unknown[][]): void {
    const rows = this.box.r1 - this.box.r0 + 1;
    const cols = this.box.c1 - this.box.c0 + 1;
    const copy = v.map((row) => [...row]);
    this.ctx.enqueue(() => {
      const s = this.target();
      const single = copy.length === 1 && copy[0]!.length === 1;
      if (!single && (copy.length !== rows || copy.some((row) => row.length !== cols))) {
        throw new StrictExcelError(
          "InvalidArgument",
          `${prop} of ${this.what} must be ${rows}×${cols}`,
        );
      }
      if (prop === "values") cellsEditable(s, this.box, this.what);
      else formatAllowed(s, this.what);
      for (const [r, c] of boxCells(this.box)) {
        const value = single ? copy[0]![0] : copy[r - this.box.r0]![c - this.box.c0];
        const cell = this.ctx.excel.cellModel(s, r, c);
        if (prop === "values") {
          if (value !== null) writeValue(cell, value);
        } else if (value !== null) cell.numberFormat = String(value);
      }
      this.ctx.note(prop === "values" ? "values" : "format", s.id, this.box);
    }, copy);
  }

  get format(): XlRangeFormat {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const range = this;
    const unreadable = (p: string) => () => {
      throw new StrictExcelError(
        "PropertyNotLoaded",
        `${range.what}.format.${p} is write-only here`,
      );
    };
    const g = <O extends object>(cls: string, o: O): O => guard(range.ctx, cls, o);
    const prop = <K extends keyof CellModel>(name: K, p: string) => ({
      get: unreadable(p),
      set: (v: CellModel[K]) => range.formatOp((cell) => (cell[name] = v)),
    });
    const fmt = {
      fill: g(
        "RangeFill",
        Object.defineProperties(
          { clear: () => range.formatOp((cell) => (cell.fill = null)) },
          { color: prop("fill", "fill.color") },
        ),
      ),
      font: g(
        "RangeFont",
        Object.defineProperties(
          {},
          {
            bold: prop("bold", "font.bold"),
            color: prop("fontColor", "font.color"),
            size: prop("fontSize", "font.size"),
            name: { get: unreadable("font.name"), set: () => range.formatOp(() => undefined) },
          },
        ),
      ),
      borders: g("RangeBorderCollection", {
        getItem: (index: XlBorderIndex) => range.border(index),
      }),
      protection: g(
        "FormatProtection",
        Object.defineProperties(
          {},
          {
            locked: {
              get: unreadable("protection.locked"),
              set: (v: boolean) => range.formatOp((cell) => (cell.locked = v)),
            },
          },
        ),
      ),
    };
    Object.defineProperties(fmt, {
      horizontalAlignment: prop("hAlign", "horizontalAlignment"),
      verticalAlignment: prop("vAlign", "verticalAlignment"),
      wrapText: prop("wrap", "wrapText"),
      indentLevel: {
        get: unreadable("indentLevel"),
        set: (v: number) => {
          range.formatOp((cell) => (cell.indent = v));
        },
      },
      columnWidth: {
        get: unreadable("columnWidth"),
        set: (v: number) =>
          range.ctx.enqueue(() => {
            const s = range.target();
            formatAllowed(s, range.what);
            for (let c = range.box.c0; c <= Math.min(range.box.c1, 16_383); c++)
              s.columnWidths.set(c, v);
          }),
      },
      rowHeight: {
        get: unreadable("rowHeight"),
        set: (v: number) =>
          range.ctx.enqueue(() => {
            const s = range.target();
            formatAllowed(s, range.what);
            for (let r = range.box.r0; r <= Math.min(range.box.r1, 100_000); r++)
              s.rowHeights.set(r, v);
          }),
      },
    });
    return guard(this.ctx, "RangeFormat", fmt) as unknown as XlRangeFormat;
  }

  border(index: XlBorderIndex): XlBorder {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const range = this;
    const b = this.box;
    const apply = (field: keyof BorderModel, v: string) =>
      range.formatOp((cell, r, c) => {
        const edges: Edge[] = [];
        if (index === "EdgeTop" && r === b.r0) edges.push("top");
        if (index === "EdgeBottom" && r === b.r1) edges.push("bottom");
        if (index === "EdgeLeft" && c === b.c0) edges.push("left");
        if (index === "EdgeRight" && c === b.c1) edges.push("right");
        if (index === "InsideHorizontal") {
          if (r > b.r0) edges.push("top");
          if (r < b.r1) edges.push("bottom");
        }
        if (index === "InsideVertical") {
          if (c > b.c0) edges.push("left");
          if (c < b.c1) edges.push("right");
        }
        for (const e of edges) {
          if (field === "style" && v === "None") {
            delete cell.borders[e];
            continue;
          }
          const cur = cell.borders[e] ?? { style: "Continuous", color: "#000000", weight: "Thin" };
          cell.borders[e] = { ...cur, [field]: v };
        }
      });
    const o = {} as XlBorder;
    for (const f of ["style", "color", "weight"] as const) {
      Object.defineProperty(o, f, {
        get: () => {
          throw new StrictExcelError(
            "PropertyNotLoaded",
            `${range.what} border ${f} is write-only here`,
          );
        },
        set: (v: string) => apply(f, v),
      });
    }
    return guard(this.ctx, "RangeBorder", o);
  }

  get dataValidation() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const range = this;
    const op = (f: (cell: CellModel) => void) => range.formatOp(f);
    const o = {
      clear: () => op((cell) => (cell.validation = null)),
    };
    Object.defineProperties(o, {
      rule: {
        get: () => {
          throw new StrictExcelError("PropertyNotLoaded", "dataValidation.rule is write-only here");
        },
        set: (rule: XlDataValidationRule) => {
          const kinds = Object.keys(rule);
          if (kinds.length !== 1)
            throw new StrictExcelError("InvalidArgument", "one rule type at a time");
          op(
            (cell) =>
              (cell.validation = { ...(cell.validation ?? {}), rule: structuredClone(rule) }),
          );
        },
      },
      errorAlert: {
        get: () => {
          throw new StrictExcelError(
            "PropertyNotLoaded",
            "dataValidation.errorAlert is write-only here",
          );
        },
        set: (alert: Record<string, unknown>) =>
          op(
            (cell) => (cell.validation = { ...(cell.validation ?? {}), errorAlert: { ...alert } }),
          ),
      },
    });
    return guard(this.ctx, "DataValidation", o) as unknown as XlDataValidation;
  }

  merge(across?: boolean): void {
    this.ctx.enqueue(() => {
      const s = this.target();
      formatAllowed(s, this.what);
      if (across)
        throw new StrictExcelError("InvalidArgument", "merge(across) not in the stand-in");
      const b = this.box;
      for (const m of s.merges) {
        if (m.r0 <= b.r1 && b.r0 <= m.r1 && m.c0 <= b.c1 && b.c0 <= m.c1) {
          throw new StrictExcelError(
            "InvalidOperation",
            `merge ${boxAddress(b)} overlaps ${boxAddress(m)}`,
          );
        }
      }
      if (b.r0 !== b.r1 || b.c0 !== b.c1) s.merges.push({ ...b });
    });
  }

  clear(applyTo: "All" | "Formats" | "Contents" = "All"): void {
    this.ctx.enqueue(() => {
      const s = this.target();
      if (s.protected)
        throw new StrictExcelError("AccessDenied", `${this.what}: sheet is protected`);
      const b = clampBox(s, this.box);
      for (const [r, c] of boxCells(b)) {
        const k = key(r, c);
        const cell = s.cells.get(k);
        if (!cell) continue;
        if (applyTo === "All") s.cells.delete(k);
        else if (applyTo === "Contents") {
          cell.value = "";
          delete cell.formula;
        } else s.cells.set(k, { ...emptyCell(), value: cell.value });
      }
      if (applyTo !== "Contents") {
        s.merges = s.merges.filter(
          (m) => !(m.r0 >= b.r0 && m.r1 <= b.r1 && m.c0 >= b.c0 && m.c1 <= b.c1),
        );
      }
    });
  }

  select(): void {
    this.ctx.enqueue(() => {
      const s = this.target();
      const wb = this.ctx.excel.workbook;
      if (wb.active !== s.id)
        throw new StrictExcelError("InvalidOperation", "select() on an inactive sheet");
      wb.selection = { sheet: s.name, address: boxAddress(this.box) };
    });
  }
}
