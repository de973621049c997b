/** Named items, notes, comments and page layout of a stand-in worksheet. */
import { cellAddress, localAddress, parseBox } from "../../src/host/a1";
import { ClientObject, guard } from "./base";
import type { Ctx } from "./context";
import { StrictExcelError, type SheetModel } from "./model";

/** Where names live: a worksheet (sheet-scoped names) or the workbook. */
export interface NameScope {
  names: Map<string, string>;
}

class NamedItemProxy extends ClientObject<{ sheet: NameScope; name: string }> {
  static override readonly xlClass = "NamedItem";

  protected override snapshot(t: { sheet: NameScope; name: string }, prop: string): unknown {
    const formula = t.sheet.names.get(t.name)!;
    if (prop === "name") return t.name;
    if (prop === "formula") return formula;
    if (prop === "value") {
      const m = /^="(.*)"$/s.exec(formula);
      return m ? m[1]!.replace(/""/g, '"') : formula.replace(/^=/, "");
    }
    return super.snapshot(t, prop);
  }
  get name(): string {
    return this.read("name");
  }
  get formula(): string {
    return this.read("formula");
  }
  get value(): unknown {
    return this.read("value");
  }
  delete(): void {
    this.ctx.enqueue(() => {
      const t = this.target();
      t.sheet.names.delete(t.name);
    });
  }
}

export class NamesProxy {
  constructor(
    private ctx: Ctx,
    private sheet: () => NameScope | null,
    private what: string,
  ) {
    return guard(ctx, "NamedItemCollection", this);
  }

  private find(name: string): { sheet: NameScope; name: string } | null {
    const s = this.sheet();
    if (!s) return null;
    for (const n of s.names.keys())
      if (n.toLowerCase() === name.toLowerCase()) return { sheet: s, name: n };
    return null;
  }

  add(name: string, reference: string, _comment?: string): NamedItemProxy {
    this.ctx.enqueue(() => {
      const s = this.sheet();
      if (!s) throw new StrictExcelError("ItemNotFound", this.what);
      if (!/^[A-Za-z_\\][A-Za-z0-9_.]*$/.test(name)) {
        throw new StrictExcelError("InvalidArgument", `bad name ${name}`);
      }
      if (this.find(name)) throw new StrictExcelError("ItemAlreadyExists", `name ${name}`);
      if (!reference.startsWith("=")) {
        throw new StrictExcelError("InvalidArgument", "a reference starts with =");
      }
      s.names.set(name, reference);
    });
    return this.getItemOrNullObject(name);
  }

  getItemOrNullObject(name: string): NamedItemProxy {
    return new NamedItemProxy(this.ctx, () => this.find(name), `name ${name}`);
  }
}

class NoteProxy extends ClientObject<{ sheet: SheetModel; address: string }> {
  static override readonly xlClass = "Note";

  protected override snapshot(t: { sheet: SheetModel; address: string }, prop: string): unknown {
    if (prop === "content") return t.sheet.notes.get(t.address);
    return super.snapshot(t, prop);
  }
  get content(): string {
    return this.read("content");
  }
  set content(text: string) {
    this.ctx.enqueue(() => {
      const t = this.target();
      objectEditAllowed(t.sheet);
      t.sheet.notes.set(t.address, text);
    }, text);
  }
  delete(): void {
    this.ctx.enqueue(() => {
      const t = this.target();
      objectEditAllowed(t.sheet);
      t.sheet.notes.delete(t.address);
    });
  }
}

function objectEditAllowed(s: SheetModel): void {
  if (s.protected && !s.protectOptions?.allowEditObjects) {
    throw new StrictExcelError(
      "AccessDenied",
      `cannot edit notes/comments: ${s.name} is protected`,
    );
  }
}

function singleCell(address: string): string {
  const b = parseBox(address);
  if (!b || b.r0 !== b.r1 || b.c0 !== b.c1) {
    throw new StrictExcelError("InvalidArgument", `"${address}" is not one cell`);
  }
  return cellAddress(b.r0, b.c0);
}

export class NotesProxy {
  constructor(
    private ctx: Ctx,
    private sheet: () => SheetModel | null,
    private what: string,
  ) {
    return guard(ctx, "NoteCollection", this);
  }

  add(cellAddressText: string, content: string): NoteProxy {
    const address = singleCell(cellAddressText);
    this.ctx.enqueue(() => {
      const s = this.sheet();
      if (!s) throw new StrictExcelError("ItemNotFound", this.what);
      objectEditAllowed(s);
      if (s.notes.has(address))
        throw new StrictExcelError("InvalidArgument", `${address} has a note`);
      s.notes.set(address, content);
    }, content);
    return this.getItemOrNullObject(address);
  }

  getItemOrNullObject(cellAddressText: string): NoteProxy {
    const address = singleCell(cellAddressText);
    return new NoteProxy(
      this.ctx,
      () => {
        const s = this.sheet();
        return s && s.notes.has(address) ? { sheet: s, address } : null;
      },
      `note ${address}`,
    );
  }
}

class CommentProxy extends ClientObject<{ sheet: SheetModel; id: string }> {
  static override readonly xlClass = "Comment";

  protected override snapshot(t: { sheet: SheetModel; id: string }, prop: string): unknown {
    if (prop === "id") return t.id;
    if (prop === "content") return t.sheet.comments.get(t.id)!.content;
    return super.snapshot(t, prop);
  }
  get id(): string {
    return this.read("id");
  }
  get content(): string {
    return this.read("content");
  }
  set content(text: string) {
    this.ctx.enqueue(() => {
      const t = this.target();
      objectEditAllowed(t.sheet);
      t.sheet.comments.get(t.id)!.content = text;
    }, text);
  }
  delete(): void {
    this.ctx.enqueue(() => {
      const t = this.target();
      objectEditAllowed(t.sheet);
      t.sheet.comments.delete(t.id);
    });
  }
}

export class CommentsProxy {
  constructor(
    private ctx: Ctx,
    private sheet: () => SheetModel | null,
    private what: string,
  ) {
    return guard(ctx, "CommentCollection", this);
  }

  add(cellAddressText: string, content: string): CommentProxy {
    const address = singleCell(cellAddressText);
    let id: string | null = null;
    this.ctx.enqueue(() => {
      const s = this.sheet();
      if (!s) throw new StrictExcelError("ItemNotFound", this.what);
      objectEditAllowed(s);
      for (const c of s.comments.values()) {
        if (c.address === address)
          throw new StrictExcelError("InvalidArgument", `${address} has a comment`);
      }
      id = this.ctx.excel.newId("comment-");
      s.comments.set(id, { address, content });
    }, content);
    return new CommentProxy(
      this.ctx,
      () => {
        const s = this.sheet();
        return s && id && s.comments.has(id) ? { sheet: s, id } : null;
      },
      `comment at ${address}`,
    );
  }

  getItemOrNullObject(commentId: string): CommentProxy {
    return new CommentProxy(
      this.ctx,
      () => {
        const s = this.sheet();
        return s && s.comments.has(commentId) ? { sheet: s, id: commentId } : null;
      },
      `comment ${commentId}`,
    );
  }
}

/** A4's short side in points: left and right margins together must leave room on it. */
const A4_WIDTH_POINTS = 595;

/**
 * The print setup of a sheet, kept as `pageLayout.<member>` (header and footer sections too).
 * Stricter where Excel refuses: a negative margin, side margins wider than the paper, title rows
 * that are not whole rows, and a header or footer over 255 characters (its three sections and
 * their codes together, MS-XLSB 2.5.73).
 */
export class PageLayoutProxy {
  constructor(
    private ctx: Ctx,
    private sheet: () => SheetModel | null,
    private what: string,
  ) {
    return guard(ctx, "PageLayout", this);
  }
  private set(prop: string, value: unknown, check?: (layout: Record<string, unknown>) => void) {
    this.ctx.enqueue(() => {
      const s = this.sheet();
      if (!s) throw new StrictExcelError("ItemNotFound", this.what);
      check?.({ ...s.pageLayout, [prop]: value });
      s.pageLayout[prop] = value;
    });
  }
  private margin(prop: string, v: number): void {
    this.set(prop, v, (layout) => {
      if (!Number.isFinite(v) || v < 0)
        throw new StrictExcelError("InvalidArgument", `${prop} ${v} is not a margin`);
      const sides = Number(layout.leftMargin ?? 0) + Number(layout.rightMargin ?? 0);
      if (sides >= A4_WIDTH_POINTS)
        throw new StrictExcelError("InvalidArgument", `margins of ${sides} pt leave no page`);
    });
  }
  set orientation(v: string) {
    this.set("orientation", v);
  }
  set paperSize(v: string) {
    this.set("paperSize", v);
  }
  set centerHorizontally(v: boolean) {
    this.set("centerHorizontally", v);
  }
  set zoom(v: Record<string, number>) {
    this.set("zoom", v);
  }
  set leftMargin(v: number) {
    this.margin("leftMargin", v);
  }
  set rightMargin(v: number) {
    this.margin("rightMargin", v);
  }
  set topMargin(v: number) {
    this.margin("topMargin", v);
  }
  set bottomMargin(v: number) {
    this.margin("bottomMargin", v);
  }
  set headerMargin(v: number) {
    this.margin("headerMargin", v);
  }
  set footerMargin(v: number) {
    this.margin("footerMargin", v);
  }
  get headersFooters(): { defaultForAllPages: HeaderFooterProxy } {
    const put = (prop: string, value: string) => this.set(prop, value, checkHeaderFooter);
    return guard(this.ctx, "HeaderFooterGroup", {
      defaultForAllPages: new HeaderFooterProxy(this.ctx, put),
    });
  }
  setPrintArea(address: string): void {
    this.set("printArea", localAddress(address));
  }
  setPrintTitleRows(address: string): void {
    const rows = localAddress(address);
    this.set("printTitleRows", rows, () => {
      if (!/^\$?\d+:\$?\d+$/.test(rows))
        throw new StrictExcelError("InvalidArgument", `title rows ${address} are not whole rows`);
    });
  }
}

/** Excel's limit on a header or footer, codes included. */
function checkHeaderFooter(layout: Record<string, unknown>): void {
  for (const part of ["Header", "Footer"]) {
    const sections = ["left", "center", "right"].map((side) => String(layout[side + part] ?? ""));
    const code = sections.map((text, i) => (text ? `&${"LCR"[i]}${text}` : "")).join("");
    if (code.length > 255)
      throw new StrictExcelError("InvalidArgument", `the ${part} has ${code.length} characters`);
  }
}

/** `headersFooters.defaultForAllPages`: each section kept as `pageLayout.<section>`. */
export class HeaderFooterProxy {
  constructor(
    ctx: Ctx,
    private put: (prop: string, value: string) => void,
  ) {
    return guard(ctx, "HeaderFooter", this);
  }
  set leftHeader(v: string) {
    this.put("leftHeader", v);
  }
  set centerHeader(v: string) {
    this.put("centerHeader", v);
  }
  set rightHeader(v: string) {
    this.put("rightHeader", v);
  }
  set leftFooter(v: string) {
    this.put("leftFooter", v);
  }
  set centerFooter(v: string) {
    this.put("centerFooter", v);
  }
  set rightFooter(v: string) {
    this.put("rightFooter", v);
  }
}
