/** The workbook, its worksheets and their protection in the stand-in. */
import { parseBox, type Box } from "../../src/host/a1";
import type { XlActivatedArgs, XlChangedArgs, XlPageLayout, XlWorksheet } from "../../src/host/xl";
import { ClientObject, guard } from "./base";
import type { Ctx } from "./context";
import { StrictExcelError, type SheetModel, type WorkbookModel } from "./model";
import { parseAreas, RangeAreasProxy } from "./conditional";
import { CommentsProxy, NamesProxy, NotesProxy, PageLayoutProxy } from "./objects";
import { RangeProxy } from "./range";
import { CustomXmlPartsProxy } from "./xml";

type Handler = (args: XlChangedArgs) => Promise<unknown>;

export class WorkbookProxy {
  readonly worksheets: WorksheetCollectionProxy;
  readonly customXmlParts: CustomXmlPartsProxy;
  constructor(private readonly ctx: Ctx) {
    this.worksheets = new WorksheetCollectionProxy(ctx);
    this.customXmlParts = new CustomXmlPartsProxy(ctx);
    return guard(ctx, "Workbook", this);
  }

  /** Workbook-scoped names. */
  get names(): NamesProxy {
    return new NamesProxy(this.ctx, () => this.ctx.excel.workbook, "workbook");
  }

  /** The selected range (A1 of the active sheet when nothing was selected). */
  getSelectedRange(): RangeProxy {
    const ex = this.ctx.excel;
    const sel = ex.workbook.selection;
    const sheet = () =>
      sel && ex.workbook.active === ex.findSheet(sel.sheet)?.id
        ? (ex.findSheet(sel.sheet) ?? null)
        : ex.workbook.active
          ? (ex.sheetById(ex.workbook.active) ?? null)
          : null;
    const box =
      sel && ex.workbook.active === ex.findSheet(sel.sheet)?.id
        ? parseBox(sel.address)!
        : { r0: 0, c0: 0, r1: 0, c1: 0 };
    return new RangeProxy(this.ctx, sheet, box, "selected range");
  }
}

export class WorksheetCollectionProxy extends ClientObject<WorkbookModel> {
  static override readonly xlClass = "WorksheetCollection";

  constructor(ctx: Ctx) {
    super(ctx, () => ctx.excel.workbook, "worksheets");
  }

  get items(): WorksheetProxy[] {
    return this.read("items");
  }

  protected override snapshot(wb: WorkbookModel, prop: string): unknown {
    if (prop.startsWith("items")) {
      const sub = prop.includes("/") ? [prop.split("/")[1]!] : ["name", "id"];
      return wb.sheets.map((s) => {
        const p = new WorksheetProxy(this.ctx, () => s, `worksheet "${s.name}"`);
        p.preload(s, sub);
        return p;
      });
    }
    return super.snapshot(wb, prop);
  }

  override load(props?: string | string[]): this {
    const list = Array.isArray(props) ? props : (props ?? "items").split(",");
    // `items/name` loads the items with that property.
    const merged = list.some((p) => p.trim().startsWith("items"));
    if (merged) {
      const subs = list.map((p) => p.trim()).filter((p) => p.startsWith("items/"));
      const wanted = subs.length ? subs.map((p) => p.slice(6)) : ["name", "id"];
      this.ctx.enqueueRead(() => {
        const wb = this.target();
        this.loaded.set(
          "items",
          wb.sheets.map((s) => {
            const p = new WorksheetProxy(this.ctx, () => s, `worksheet "${s.name}"`);
            p.preload(s, wanted);
            return p;
          }),
        );
      });
      return this;
    }
    return super.load(props);
  }

  add(name?: string): WorksheetProxy {
    let model: SheetModel | null = null;
    const proxy = new WorksheetProxy(this.ctx, () => model, `new worksheet "${name}"`);
    this.ctx.enqueue(() => {
      const wb = this.ctx.excel.workbook;
      model = this.ctx.excel.addSheetModel(name ?? `Sheet${wb.sheets.length + 1}`);
    });
    return proxy;
  }

  getItemOrNullObject(keyName: string): WorksheetProxy {
    const ex = this.ctx.excel;
    return new WorksheetProxy(
      this.ctx,
      () => ex.findSheet(keyName) ?? ex.sheetById(keyName) ?? null,
      `worksheet "${keyName}"`,
    );
  }

  get onActivated() {
    const ctx = this.ctx;
    return {
      add: (handler: (args: XlActivatedArgs) => Promise<unknown>) => {
        ctx.enqueueRead(() => {
          ctx.excel.activatedHandlers.add(handler);
        });
        return {
          remove: () => ctx.enqueueRead(() => ctx.excel.activatedHandlers.delete(handler)),
        };
      },
    };
  }

  getActiveWorksheet(): WorksheetProxy {
    const ex = this.ctx.excel;
    return new WorksheetProxy(
      this.ctx,
      () => (ex.workbook.active ? (ex.sheetById(ex.workbook.active) ?? null) : null),
      "active worksheet",
    );
  }
}

export class WorksheetProxy extends ClientObject<SheetModel> {
  static override readonly xlClass = "Worksheet";

  preload(s: SheetModel, props: string[]): void {
    this.loaded.set("isNullObject", false);
    for (const p of props) this.loaded.set(p, this.snapshot(s, p));
  }

  protected override snapshot(s: SheetModel, prop: string): unknown {
    if (prop === "name") return s.name;
    if (prop === "id") return s.id;
    if (prop === "visibility") return s.visibility;
    return super.snapshot(s, prop);
  }

  get visibility(): XlWorksheet["visibility"] {
    return this.read("visibility");
  }

  /** As Excel: one of Visible, Hidden, VeryHidden, and never the last visible sheet hidden. */
  set visibility(value: XlWorksheet["visibility"]) {
    this.ctx.enqueueNoUndo("Worksheet.visibility", () => {
      const s = this.target();
      if (!["Visible", "Hidden", "VeryHidden"].includes(String(value)))
        throw new StrictExcelError("InvalidArgument", `visibility ${value}`);
      const others = this.ctx.excel.workbook.sheets.filter(
        (o) => o !== s && o.visibility === "Visible",
      );
      if (value !== "Visible" && others.length === 0)
        throw new StrictExcelError("InvalidOperation", "cannot hide the last visible sheet");
      s.visibility = String(value);
    });
  }

  /** Several areas (`"B5:B9,D5:D9"`). */
  getRanges(address: string): RangeAreasProxy {
    const areas = parseAreas(address);
    if (!areas) {
      this.ctx.enqueueRead(() => {
        throw new StrictExcelError("InvalidArgument", `bad address "${address}"`);
      });
    }
    return new RangeAreasProxy(
      this.ctx,
      () => this.tryTarget(),
      areas ?? [],
      `${this.what}!${address}`,
    );
  }

  get id(): string {
    return this.read("id");
  }

  get name(): string {
    return this.read("name");
  }

  set name(value: string) {
    this.ctx.enqueue(() => {
      const s = this.target();
      const other = this.ctx.excel.findSheet(value);
      if (other && other !== s) throw new StrictExcelError("ItemAlreadyExists", value);
      s.name = value;
    });
  }

  get protection(): ProtectionProxy {
    return new ProtectionProxy(this.ctx, () => this.tryTarget(), `${this.what}.protection`);
  }

  get names(): NamesProxy {
    return new NamesProxy(this.ctx, () => this.tryTarget(), this.what);
  }

  get notes(): NotesProxy {
    return new NotesProxy(this.ctx, () => this.tryTarget(), this.what);
  }

  get comments(): CommentsProxy {
    return new CommentsProxy(this.ctx, () => this.tryTarget(), this.what);
  }

  get pageLayout(): XlPageLayout {
    return new PageLayoutProxy(
      this.ctx,
      () => this.tryTarget(),
      this.what,
    ) as unknown as XlPageLayout;
  }

  get onChanged() {
    const ctx = this.ctx;
    return {
      add: (handler: Handler) => {
        let sheetId: string | null = null;
        ctx.enqueueRead(() => {
          sheetId = this.target().id;
          ctx.excel.handlersOf(sheetId).add(handler);
        });
        return {
          remove: () =>
            ctx.enqueueRead(() => {
              if (sheetId) ctx.excel.handlersOf(sheetId).delete(handler);
            }),
        };
      },
    };
  }

  getRange(address?: string): RangeProxy {
    let box: Box | null;
    if (address === undefined) box = { r0: 0, c0: 0, r1: 1_048_575, c1: 16_383 };
    else box = parseBox(address);
    if (!box) {
      const bad = address;
      this.ctx.enqueueRead(() => {
        throw new StrictExcelError("InvalidArgument", `bad address "${bad}"`);
      });
      box = { r0: 0, c0: 0, r1: 0, c1: 0 };
    }
    return new RangeProxy(this.ctx, () => this.tryTarget(), box, `${this.what}!${address ?? "*"}`);
  }

  activate(): void {
    this.ctx.enqueue(() => {
      const id = this.target().id;
      if (this.ctx.excel.workbook.active !== id) {
        this.ctx.excel.workbook.active = id;
        this.ctx.excel.fireActivated(id);
      }
    });
  }
}

/** The options of `WorksheetProtection.options` the add-in reads, as Excel reports them unset. */
const NO_OPTIONS = {
  allowEditObjects: false,
  allowFormatCells: false,
  allowFormatColumns: false,
  allowFormatRows: false,
};

class ProtectionProxy extends ClientObject<SheetModel> {
  static override readonly xlClass = "WorksheetProtection";

  protected override snapshot(s: SheetModel, prop: string): unknown {
    if (prop === "protected") return s.protected;
    // Excel gives every option, false where the protection did not allow it.
    if (prop === "options") return { ...NO_OPTIONS, ...(s.protectOptions ?? {}) };
    return super.snapshot(s, prop);
  }

  get protected(): boolean {
    return this.read("protected");
  }

  get options(): Record<string, boolean> {
    return this.read("options");
  }

  protect(options?: Record<string, boolean>, _password?: string): void {
    this.ctx.enqueueNoUndo("WorksheetProtection.protect", () => {
      const s = this.target();
      if (s.protected) throw new StrictExcelError("InvalidOperation", "sheet already protected");
      this.ctx.excel.protectionChanges++;
      s.protected = true;
      s.protectOptions = options ?? {};
    });
  }

  unprotect(_password?: string): void {
    this.ctx.enqueueNoUndo("WorksheetProtection.unprotect", () => {
      const s = this.target();
      if (!s.protected) throw new StrictExcelError("InvalidOperation", "sheet is not protected");
      this.ctx.excel.protectionChanges++;
      s.protected = false;
      s.protectOptions = null;
    });
  }
}
