/**
 * A strict stand-in for the subset of the Excel JavaScript API in xl.ts.
 *
 * Like Excel, every call only queues a command; `context.sync()` runs the queue in order and
 * fills in what was loaded. Unlike office-addin-mock it is strict: reading a property that was
 * not loaded (or not yet synced) throws, a missing item throws at sync, writing to a locked cell
 * of a protected sheet throws, `protect()` on a protected sheet throws, a request larger than
 * Excel on the web's 5 MB payload limit throws, and commands left unsynced at the end of `run`
 * throw. It counts syncs. The workbook it edits is plain data (`StrictExcel.workbook`) so the
 * end-to-end harness can render it; no Node API is used.
 */
import { boxAddress, cellAddress, localAddress, parseBox, qualified, type Box } from "../a1";
import type {
  XlApi,
  XlBorder,
  XlBorderIndex,
  XlChangedArgs,
  XlClientResult,
  XlDataValidation,
  XlDataValidationRule,
  XlPageLayout,
  XlRangeFormat,
  XlRequestContext,
} from "./xl";

export class StrictExcelError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = "StrictExcelError";
  }
}

type Edge = "top" | "bottom" | "left" | "right";
export interface BorderModel {
  style: string;
  color: string;
  weight: string;
}

export interface CellModel {
  value: unknown;
  numberFormat: string;
  fill: string | null;
  bold: boolean;
  fontColor: string;
  fontSize: number;
  hAlign: string;
  vAlign: string;
  wrap: boolean;
  indent: number;
  locked: boolean;
  borders: Partial<Record<Edge, BorderModel>>;
  validation: { rule?: XlDataValidationRule; errorAlert?: Record<string, unknown> } | null;
}

export interface SheetModel {
  id: string;
  name: string;
  cells: Map<string, CellModel>;
  merges: Box[];
  /** Points by column index. */
  columnWidths: Map<number, number>;
  rowHeights: Map<number, number>;
  protected: boolean;
  protectOptions: Record<string, boolean> | null;
  names: Map<string, string>;
  notes: Map<string, string>;
  comments: Map<string, { address: string; content: string }>;
  pageLayout: Record<string, unknown>;
}

export interface WorkbookModel {
  sheets: SheetModel[];
  active: string | null;
  selection: { sheet: string; address: string } | null;
  parts: { id: string; namespaceUri: string; xml: string }[];
  nextId: number;
}

export function emptyCell(): CellModel {
  return {
    value: "",
    numberFormat: "General",
    fill: null,
    bold: false,
    fontColor: "#000000",
    fontSize: 11,
    hAlign: "General",
    vAlign: "Bottom",
    wrap: false,
    indent: 0,
    locked: true,
    borders: {},
    validation: null,
  };
}

const key = (r: number, c: number) => `${r}:${c}`;

function* boxCells(b: Box): Generator<[number, number]> {
  for (let r = b.r0; r <= b.r1; r++) for (let c = b.c0; c <= b.c1; c++) yield [r, c];
}

function versionAtLeast(have: string, want: string): boolean {
  const a = have.split(".").map(Number);
  const b = want.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

export interface StrictExcelOptions {
  /** Highest ExcelApi requirement set this "Excel" supports (default 1.18). */
  excelApi?: string;
  /** Request payload limit in bytes (Excel on the web: 5 MB). */
  maxPayloadBytes?: number;
  workbook?: WorkbookModel;
}

type Handler = (args: XlChangedArgs) => Promise<unknown>;

export class StrictExcel implements XlApi {
  readonly workbook: WorkbookModel;
  readonly excelApi: string;
  readonly maxPayloadBytes: number;
  /** Every `context.sync()` so far, across runs. */
  syncCount = 0;
  /** Payload bytes of the largest sync so far. */
  largestPayload = 0;
  private handlers = new Map<string, Set<Handler>>();
  readonly activatedHandlers = new Set<
    (args: { worksheetId: string; type: string }) => Promise<unknown>
  >();
  /** Times the add-in asked Office to open its pane with this document. */
  autoOpenRequests = 0;
  private pendingEvents: Promise<unknown>[] = [];

  constructor(opts: StrictExcelOptions = {}) {
    this.excelApi = opts.excelApi ?? "1.18";
    this.maxPayloadBytes = opts.maxPayloadBytes ?? 5 * 1024 * 1024;
    this.workbook = opts.workbook ?? {
      sheets: [],
      active: null,
      selection: null,
      parts: [],
      nextId: 1,
    };
    if (this.workbook.sheets.length === 0) this.addSheetModel("Sheet1");
  }

  isSetSupported(name: string, version: string): boolean {
    return name === "ExcelApi" && versionAtLeast(this.excelApi, version);
  }

  async run<T>(batch: (context: XlRequestContext) => Promise<T>): Promise<T> {
    const ctx = new Ctx(this);
    const result = await batch(ctx);
    if (ctx.queueLength() > 0) {
      throw new StrictExcelError("UnsyncedCommands", `${ctx.queueLength()} commands never synced`);
    }
    return result;
  }

  /** The same workbook saved and opened again: no handlers, no add-in memory. */
  reopen(opts: Omit<StrictExcelOptions, "workbook"> = {}): StrictExcel {
    return new StrictExcel({
      excelApi: opts.excelApi ?? this.excelApi,
      maxPayloadBytes: opts.maxPayloadBytes ?? this.maxPayloadBytes,
      workbook: structuredClone(this.workbook),
    });
  }

  // ---- inspection (tests, harness) --------------------------------------------------------------

  sheet(name: string): SheetModel {
    const s = this.findSheet(name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  cell(sheet: string, address: string): CellModel {
    const b = parseBox(address);
    if (!b) throw new Error(`bad address ${address}`);
    return this.sheet(sheet).cells.get(key(b.r0, b.c0)) ?? emptyCell();
  }

  /** The merge whose top-left is at an address, if any. */
  mergeAt(sheet: string, address: string): Box | undefined {
    const b = parseBox(address)!;
    return this.sheet(sheet).merges.find((m) => m.r0 === b.r0 && m.c0 === b.c0);
  }

  /** A user typing or pasting into a cell: bypasses data validation, fires onChanged. */
  async userEdit(sheet: string, address: string, value: unknown): Promise<void> {
    const s = this.sheet(sheet);
    const b = parseBox(address)!;
    for (const [r, c] of boxCells(b)) {
      const cell = this.cellModel(s, r, c);
      if (s.protected && cell.locked) {
        throw new StrictExcelError("AccessDenied", `${address} is locked on a protected sheet`);
      }
      cell.value = value;
    }
    this.fire(s, boxAddress(b), "Unknown");
    await this.settle();
  }

  /** The user clicks a cell (activating its sheet). */
  userSelect(sheet: string, address: string): void {
    const s = this.sheet(sheet);
    this.workbook.active = s.id;
    this.workbook.selection = { sheet: s.name, address };
  }

  autoOpenPane(): void {
    this.autoOpenRequests++;
  }

  /** The user clicks a sheet tab: fires onActivated. */
  async userActivate(sheet: string): Promise<void> {
    const s = this.sheet(sheet);
    this.workbook.active = s.id;
    this.fireActivated(s.id);
    await this.settle();
  }

  fireActivated(id: string): void {
    for (const h of this.activatedHandlers) {
      this.pendingEvents.push(
        Promise.resolve().then(() => h({ worksheetId: id, type: "WorksheetActivated" })),
      );
    }
  }

  /** Wait for every onChanged handler fired so far. */
  async settle(): Promise<void> {
    while (this.pendingEvents.length) {
      const batch = this.pendingEvents.splice(0);
      await Promise.all(batch);
    }
  }

  // ---- internals used by the proxies -----------------------------------------------------------

  findSheet(name: string): SheetModel | undefined {
    const lower = name.toLowerCase();
    return this.workbook.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  sheetById(id: string): SheetModel | undefined {
    return this.workbook.sheets.find((s) => s.id === id);
  }

  newId(prefix: string): string {
    return `${prefix}${this.workbook.nextId++}`;
  }

  addSheetModel(name: string): SheetModel {
    if (name.length > 31 || /[[\]:*?/\\]/.test(name) || name.trim() === "") {
      throw new StrictExcelError("InvalidArgument", `bad worksheet name "${name}"`);
    }
    if (this.findSheet(name)) {
      throw new StrictExcelError("ItemAlreadyExists", `worksheet "${name}" exists`);
    }
    const s: SheetModel = {
      id: `{sheet-${this.newId("")}}`,
      name,
      cells: new Map(),
      merges: [],
      columnWidths: new Map(),
      rowHeights: new Map(),
      protected: false,
      protectOptions: null,
      names: new Map(),
      notes: new Map(),
      comments: new Map(),
      pageLayout: {},
    };
    this.workbook.sheets.push(s);
    if (!this.workbook.active) this.workbook.active = s.id;
    return s;
  }

  cellModel(s: SheetModel, r: number, c: number): CellModel {
    const k = key(r, c);
    let cell = s.cells.get(k);
    if (!cell) {
      cell = emptyCell();
      s.cells.set(k, cell);
    }
    return cell;
  }

  handlersOf(sheetId: string): Set<Handler> {
    let set = this.handlers.get(sheetId);
    if (!set) {
      set = new Set();
      this.handlers.set(sheetId, set);
    }
    return set;
  }

  fire(s: SheetModel, address: string, triggerSource: string): void {
    const args: XlChangedArgs = {
      address,
      changeType: "RangeEdited",
      source: "Local",
      worksheetId: s.id,
      ...(this.isSetSupported("ExcelApi", "1.14") ? { triggerSource } : {}),
    };
    for (const h of this.handlersOf(s.id)) {
      this.pendingEvents.push(Promise.resolve().then(() => h(args)));
    }
  }
}

type Op = () => void;

class Ctx implements XlRequestContext {
  private queue: { op: Op; bytes: number }[] = [];
  readonly workbook: WorkbookProxy;
  /** Sheets whose values the current sync wrote (for onChanged). */
  touched = new Map<string, Box[]>();

  constructor(readonly excel: StrictExcel) {
    this.workbook = new WorkbookProxy(this);
  }

  enqueue(op: Op, payload: unknown = null): void {
    const bytes = payload === null ? 64 : JSON.stringify(payload).length + 64;
    this.queue.push({ op, bytes });
  }

  queueLength(): number {
    return this.queue.length;
  }

  async sync(): Promise<void> {
    this.excel.syncCount++;
    const queue = this.queue;
    this.queue = [];
    const bytes = queue.reduce((n, q) => n + q.bytes, 0);
    this.excel.largestPayload = Math.max(this.excel.largestPayload, bytes);
    this.touched = new Map();
    if (bytes > this.excel.maxPayloadBytes) {
      throw new StrictExcelError(
        "RequestPayloadSizeLimitExceeded",
        `request of ${bytes} bytes exceeds ${this.excel.maxPayloadBytes}`,
      );
    }
    try {
      for (const { op } of queue) op();
    } finally {
      for (const [id, boxes] of this.touched) {
        const s = this.excel.sheetById(id);
        if (s) for (const b of boxes) this.excel.fire(s, boxAddress(b), "ThisLocalAddin");
      }
    }
    await Promise.resolve();
  }

  requireApi(version: string, what: string): void {
    if (!this.excel.isSetSupported("ExcelApi", version)) {
      throw new StrictExcelError("ApiNotFound", `${what} needs ExcelApi ${version}`);
    }
  }
}

/** Base of every proxy: loaded properties, strict reads. */
class Proxy<T> {
  protected loaded = new Map<string, unknown>();

  constructor(
    protected ctx: Ctx,
    private resolver: () => T | null,
    protected what: string,
  ) {}

  /** The target at command time; a missing item throws ItemNotFound. */
  protected target(): T {
    const t = this.resolver();
    if (t === null) throw new StrictExcelError("ItemNotFound", `${this.what} does not exist`);
    return t;
  }

  protected tryTarget(): T | null {
    return this.resolver();
  }

  protected read<V>(prop: string): V {
    if (!this.loaded.has(prop)) {
      throw new StrictExcelError(
        "PropertyNotLoaded",
        `${this.what}.${prop} was read before load("${prop}") and sync()`,
      );
    }
    return this.loaded.get(prop) as V;
  }

  protected snapshot(_t: T, _prop: string): unknown {
    throw new StrictExcelError("InvalidArgument", `${this.what} has no loadable ${_prop}`);
  }

  protected defaultProps(): string[] {
    return [];
  }

  load(props?: string | string[]): this {
    const list =
      props === undefined
        ? this.defaultProps()
        : (Array.isArray(props) ? props : props.split(",")).map((p) => p.trim()).filter(Boolean);
    this.ctx.enqueue(() => {
      const t = this.tryTarget();
      if (t === null) {
        // A null object loads as such; its other properties stay unreadable.
        this.loaded.set("isNullObject", true);
        return;
      }
      this.loaded.set("isNullObject", false);
      for (const p of list) if (p !== "isNullObject") this.loaded.set(p, this.snapshot(t, p));
    });
    return this;
  }

  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
}

export class WorkbookProxy {
  readonly worksheets: WorksheetCollectionProxy;
  readonly customXmlParts: CustomXmlPartsProxy;
  constructor(private readonly ctx: Ctx) {
    this.worksheets = new WorksheetCollectionProxy(ctx);
    this.customXmlParts = new CustomXmlPartsProxy(ctx);
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

export class WorksheetCollectionProxy extends Proxy<WorkbookModel> {
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
      this.ctx.enqueue(() => {
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
      add: (handler: (args: { worksheetId: string; type: string }) => Promise<unknown>) => {
        ctx.enqueue(() => {
          ctx.requireApi("1.7", "worksheets.onActivated");
          ctx.excel.activatedHandlers.add(handler);
        });
        return { remove: () => ctx.enqueue(() => ctx.excel.activatedHandlers.delete(handler)) };
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

export class WorksheetProxy extends Proxy<SheetModel> {
  preload(s: SheetModel, props: string[]): void {
    this.loaded.set("isNullObject", false);
    for (const p of props) this.loaded.set(p, this.snapshot(s, p));
  }

  protected override snapshot(s: SheetModel, prop: string): unknown {
    if (prop === "name") return s.name;
    if (prop === "id") return s.id;
    return super.snapshot(s, prop);
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
        ctx.enqueue(() => {
          sheetId = this.target().id;
          ctx.excel.handlersOf(sheetId).add(handler);
        });
        return {
          remove: () =>
            ctx.enqueue(() => {
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
      this.ctx.enqueue(() => {
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

class ProtectionProxy extends Proxy<SheetModel> {
  protected override snapshot(s: SheetModel, prop: string): unknown {
    if (prop === "protected") return s.protected;
    return super.snapshot(s, prop);
  }

  get protected(): boolean {
    return this.read("protected");
  }

  protect(options?: Record<string, boolean>, _password?: string): void {
    this.ctx.enqueue(() => {
      const s = this.target();
      if (s.protected) throw new StrictExcelError("InvalidOperation", "sheet already protected");
      s.protected = true;
      s.protectOptions = options ?? {};
    });
  }

  unprotect(_password?: string): void {
    this.ctx.enqueue(() => {
      const s = this.target();
      if (!s.protected) throw new StrictExcelError("InvalidOperation", "sheet is not protected");
      s.protected = false;
      s.protectOptions = null;
    });
  }
}

class NamedItemProxy extends Proxy<{ sheet: SheetModel; name: string }> {
  protected override snapshot(t: { sheet: SheetModel; name: string }, prop: string): unknown {
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

class NamesProxy {
  constructor(
    private ctx: Ctx,
    private sheet: () => SheetModel | null,
    private what: string,
  ) {}

  private find(name: string): { sheet: SheetModel; name: string } | null {
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

class NoteProxy extends Proxy<{ sheet: SheetModel; address: string }> {
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

class NotesProxy {
  constructor(
    private ctx: Ctx,
    private sheet: () => SheetModel | null,
    private what: string,
  ) {
    ctx.requireApi("1.18", "worksheet.notes");
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

class CommentProxy extends Proxy<{ sheet: SheetModel; id: string }> {
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

class CommentsProxy {
  constructor(
    private ctx: Ctx,
    private sheet: () => SheetModel | null,
    private what: string,
  ) {
    ctx.requireApi("1.10", "comments");
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

class PageLayoutProxy {
  constructor(
    private ctx: Ctx,
    private sheet: () => SheetModel | null,
    private what: string,
  ) {
    ctx.requireApi("1.9", "pageLayout");
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

function formatAllowed(s: SheetModel, what: string): void {
  if (s.protected && !s.protectOptions?.allowFormatCells) {
    throw new StrictExcelError("AccessDenied", `${what}: cannot format cells of a protected sheet`);
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

export class RangeProxy extends Proxy<SheetModel> {
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
    this.forCells(action, (s) => formatAllowed(s, this.what), payload);
  }

  protected override snapshot(s: SheetModel, prop: string): unknown {
    const rows = () => {
      const out: unknown[][] = [];
      for (let r = this.box.r0; r <= this.box.r1; r++) {
        const row: unknown[] = [];
        for (let c = this.box.c0; c <= this.box.c1; c++) {
          const cell = s.cells.get(key(r, c));
          row.push(prop === "values" ? (cell?.value ?? "") : (cell?.numberFormat ?? "General"));
        }
        out.push(row);
      }
      return out;
    };
    if (this.box.r1 > 100_000 && (prop === "values" || prop === "numberFormat")) {
      throw new StrictExcelError("ResponsePayloadSizeLimitExceeded", "whole-sheet values");
    }
    if (prop === "values" || prop === "numberFormat") return rows();
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
          if (typeof value === "string" && value.startsWith("=")) {
            throw new StrictExcelError(
              "InvalidArgument",
              "the stand-in does not evaluate formulas",
            );
          }
          cell.value = value === null ? cell.value : value;
        } else if (value !== null) cell.numberFormat = String(value);
      }
      if (prop === "values") {
        const list = this.ctx.touched.get(s.id) ?? [];
        list.push(this.box);
        this.ctx.touched.set(s.id, list);
      }
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
    const prop = <K extends keyof CellModel>(name: K, p: string) => ({
      get: unreadable(p),
      set: (v: CellModel[K]) => range.formatOp((cell) => (cell[name] = v)),
    });
    const fmt = {
      fill: Object.defineProperties(
        { clear: () => range.formatOp((cell) => (cell.fill = null)) },
        { color: prop("fill", "fill.color") },
      ),
      font: Object.defineProperties(
        {},
        {
          bold: prop("bold", "font.bold"),
          color: prop("fontColor", "font.color"),
          size: prop("fontSize", "font.size"),
          name: { get: unreadable("font.name"), set: () => range.formatOp(() => undefined) },
        },
      ),
      borders: { getItem: (index: XlBorderIndex) => range.border(index) },
      protection: Object.defineProperties(
        {},
        {
          locked: {
            get: unreadable("protection.locked"),
            set: (v: boolean) => range.formatOp((cell) => (cell.locked = v)),
          },
        },
      ),
    };
    Object.defineProperties(fmt, {
      horizontalAlignment: prop("hAlign", "horizontalAlignment"),
      verticalAlignment: prop("vAlign", "verticalAlignment"),
      wrapText: prop("wrap", "wrapText"),
      indentLevel: {
        get: unreadable("indentLevel"),
        set: (v: number) => {
          range.ctx.requireApi("1.9", "format.indentLevel");
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
    return fmt as unknown as XlRangeFormat;
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
    return o;
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
    return o as unknown as XlDataValidation;
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
        else if (applyTo === "Contents") cell.value = "";
        else s.cells.set(k, { ...emptyCell(), value: cell.value });
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

class CustomXmlPartProxy extends Proxy<WorkbookModel["parts"][number]> {
  protected override snapshot(p: WorkbookModel["parts"][number], prop: string): unknown {
    if (prop === "id") return p.id;
    if (prop === "namespaceUri") return p.namespaceUri;
    return super.snapshot(p, prop);
  }
  get id(): string {
    return this.read("id");
  }
  getXml(): XlClientResult<string> {
    let value: string | undefined;
    let done = false;
    this.ctx.enqueue(() => {
      value = this.target().xml;
      done = true;
    });
    return {
      get value(): string {
        if (!done)
          throw new StrictExcelError("PropertyNotLoaded", "ClientResult read before sync()");
        return value!;
      },
    };
  }
  setXml(xml: string): void {
    this.ctx.enqueue(() => {
      const p = this.target();
      const ns = rootNamespace(xml);
      if (ns !== p.namespaceUri)
        throw new StrictExcelError("InvalidArgument", "setXml changes the namespace");
      p.xml = xml;
    }, xml);
  }
  delete(): void {
    this.ctx.enqueue(() => {
      const p = this.target();
      const wb = this.ctx.excel.workbook;
      wb.parts = wb.parts.filter((x) => x !== p);
    });
  }
}

function rootNamespace(xml: string): string {
  const m = /^\s*(?:<\?xml[^>]*\?>\s*)?<[A-Za-z_][\w.-]*\b[^>]*?\sxmlns="([^"]*)"/.exec(xml);
  if (!/^\s*(?:<\?xml[^>]*\?>\s*)?<[A-Za-z_]/.test(xml)) {
    throw new StrictExcelError("InvalidArgument", "not XML");
  }
  return m ? m[1]! : "";
}

export class CustomXmlPartsProxy {
  constructor(private ctx: Ctx) {}

  add(xml: string): CustomXmlPartProxy {
    let part: WorkbookModel["parts"][number] | null = null;
    this.ctx.enqueue(() => {
      const ns = rootNamespace(xml);
      part = { id: `{part-${this.ctx.excel.newId("")}}`, namespaceUri: ns, xml };
      this.ctx.excel.workbook.parts.push(part);
    }, xml);
    return new CustomXmlPartProxy(this.ctx, () => part, "new custom XML part");
  }

  getByNamespace(namespaceUri: string) {
    return {
      getOnlyItemOrNullObject: () =>
        new CustomXmlPartProxy(
          this.ctx,
          () => {
            const found = this.ctx.excel.workbook.parts.filter(
              (p) => p.namespaceUri === namespaceUri,
            );
            return found.length === 1 ? found[0]! : null;
          },
          `custom XML part ${namespaceUri}`,
        ),
    };
  }
}
