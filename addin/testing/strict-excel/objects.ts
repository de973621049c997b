/** Named items, notes, comments and page layout of a stand-in worksheet. */
import { cellAddress, localAddress, parseBox } from "../../src/a1";
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

export class PageLayoutProxy {
  constructor(
    private ctx: Ctx,
    private sheet: () => SheetModel | null,
    private what: string,
  ) {
    return guard(ctx, "PageLayout", this);
  }
  private set(prop: string, value: unknown): void {
    this.ctx.enqueue(() => {
      const s = this.sheet();
      if (!s) throw new StrictExcelError("ItemNotFound", this.what);
      s.pageLayout[prop] = value;
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
  setPrintArea(address: string): void {
    this.set("printArea", localAddress(address));
  }
  setPrintTitleRows(address: string): void {
    this.set("printTitleRows", localAddress(address));
  }
}
