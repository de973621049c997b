/** Conditional formats of the stand-in: stored per sheet with their areas, newest at the top priority (evaluated by recalc.ts). */
import { boxAddress, parseBox, type Box } from "../../src/host/a1";
import { guard } from "./base";
import type { Ctx } from "./context";
import {
  formatAllowed,
  StrictExcelError,
  type ConditionalFormatModel,
  type SheetModel,
} from "./model";

function overlaps(a: Box, b: Box): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

/** `"B5:B9,D5:D9"` as boxes; null when an area is not an address. */
export function parseAreas(address: string): Box[] | null {
  const boxes = address.split(",").map((a) => parseBox(a.trim()));
  return boxes.every((b): b is Box => b !== null) ? boxes : null;
}

export class ConditionalFormatsProxy {
  constructor(
    private ctx: Ctx,
    private sheet: () => SheetModel | null,
    private areas: Box[],
    private what: string,
  ) {
    return guard(ctx, "ConditionalFormatCollection", this);
  }

  private target(): SheetModel {
    const s = this.sheet();
    if (!s) throw new StrictExcelError("ItemNotFound", this.what);
    formatAllowed(s, this.what);
    return s;
  }

  add(type: "Custom") {
    const model: ConditionalFormatModel = {
      areas: this.areas.map((b) => ({ ...b })),
      formula: null,
      fill: null,
      fontColor: null,
      bold: null,
      stopIfTrue: false,
    };
    this.ctx.enqueue(() => {
      if (type !== "Custom")
        throw new StrictExcelError("InvalidArgument", `only Custom formats here, not ${type}`);
      // As Excel: a new format goes to the top priority (first in the list).
      this.target().conditionalFormats.unshift(model);
    });
    const set = (f: (m: ConditionalFormatModel) => void) => this.ctx.enqueue(() => f(model));
    const ctx = this.ctx;
    const writeOnly = (what: string) => () => {
      throw new StrictExcelError("PropertyNotLoaded", `${what} is write-only here`);
    };
    const rule = guard(ctx, "ConditionalFormatRule", {
      get formula(): string {
        return writeOnly("rule.formula")();
      },
      set formula(v: string) {
        if (!v.startsWith("="))
          throw new StrictExcelError("InvalidArgument", "a rule formula starts with =");
        set((m) => (m.formula = v));
      },
    });
    const fill = guard(ctx, "ConditionalRangeFill", {
      get color(): string {
        return writeOnly("fill.color")();
      },
      set color(v: string) {
        set((m) => (m.fill = v));
      },
    });
    const font = guard(ctx, "ConditionalRangeFont", {
      get color(): string {
        return writeOnly("font.color")();
      },
      set color(v: string) {
        set((m) => (m.fontColor = v));
      },
      get bold(): boolean {
        return writeOnly("font.bold")();
      },
      set bold(v: boolean) {
        set((m) => (m.bold = v));
      },
    });
    const format = guard(ctx, "ConditionalRangeFormat", { fill, font });
    const custom = guard(ctx, "CustomConditionalFormat", { rule, format });
    return guard(ctx, "ConditionalFormat", {
      custom,
      get stopIfTrue(): boolean {
        return writeOnly("stopIfTrue")();
      },
      set stopIfTrue(v: boolean) {
        set((m) => (m.stopIfTrue = v));
      },
    });
  }

  /** Remove every conditional format that applies to these cells. */
  clearAll(): void {
    this.ctx.enqueue(() => {
      const s = this.target();
      s.conditionalFormats = s.conditionalFormats.filter(
        (cf) => !cf.areas.some((a) => this.areas.some((b) => overlaps(a, b))),
      );
    });
  }

  /** For messages: the areas as an address. */
  get address(): string {
    return this.areas.map(boxAddress).join(",");
  }
}

/** Several areas of a sheet at once (`getRanges`). */
export class RangeAreasProxy {
  constructor(
    private ctx: Ctx,
    private sheet: () => SheetModel | null,
    private areas: Box[],
    private what: string,
  ) {
    return guard(ctx, "RangeAreas", this);
  }

  get conditionalFormats(): ConditionalFormatsProxy {
    return new ConditionalFormatsProxy(this.ctx, this.sheet, this.areas, this.what);
  }
}
