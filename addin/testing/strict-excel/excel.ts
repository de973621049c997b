/**
 * A strict stand-in for the subset of the Excel JavaScript API in xl.ts (tests, the browser
 * harness and the demo; never shipped in the pane).
 *
 * Like Excel, every call only queues a command; `context.sync()` runs the queue in order and
 * fills in what was loaded. Unlike office-addin-mock it is strict: reading a property that was
 * not loaded (or not yet synced) throws, a missing item throws at sync, a member above the host's
 * ExcelApi set fails the sync with ApiNotFound, writing to a locked cell of a protected sheet
 * throws, `protect()` on a protected sheet throws, a string starting with = + - @ written to a
 * cell not formatted as text becomes a formula, a request larger than Excel on the web's 5 MB
 * payload limit throws, and commands left unsynced at the end of `run` throw. onChanged fires for
 * the add-in's writes (with `triggerSource` from ExcelApi 1.14, and for format writes too below
 * it), for the user's edits and for co-authors' (`source: "Remote"`). It counts syncs. The
 * workbook is plain data (`StrictExcel.workbook`) so the harness can render it; no Node API.
 *
 * It keeps the user's Ctrl+Z history (`userEdit` pushes, `userUndo` pops) and clears it as Excel
 * does, counting every call that clears it (`undoClears`, named in `undoLog`):
 * - on every version, the APIs Microsoft lists as without undo support ("Excel add-ins undo
 *   capabilities", learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-undo-capabilities:
 *   `WorksheetProtection.protect`/`unprotect` on every platform, `Worksheet.visibility` on Windows
 *   and Mac — modelled everywhere, the stricter reading), custom XML part writes (office-js#4484:
 *   undo stops working after `customXmlParts.add`; the page does not list them, so the stricter
 *   behaviour is modelled) and `Office.context.document.settings.saveAsync` (a document write
 *   outside the Excel API, which has no undo);
 * - below ExcelApi 1.20 every write: 1.20 is the set that "adds undo support for Excel
 *   JavaScript APIs" (learn.microsoft.com/javascript/api/requirement-sets/excel/
 *   excel-api-1-20-requirement-set); before it, an add-in's write cleared the history.
 * The add-in's own undoable writes (1.20+) are not pushed as entries: the user's edits stay
 * undoable underneath them, which is what the tests assert.
 */
import { boxAddress, parseBox, type Box } from "../../src/host/a1";
import type { ApiMember } from "../../src/host/api-sets";
import { API_SETS } from "../../src/host/api-sets";
import { compareVersions } from "../../src/host/requirements";
import type { XlActivatedArgs, XlApi, XlChangedArgs, XlRequestContext } from "../../src/host/xl";
import { Ctx } from "./context";
import { recalculate } from "./recalc";
import { writeValue } from "./input";
import {
  boxCells,
  emptyCell,
  key,
  StrictExcelError,
  type CellModel,
  type SheetModel,
  type WorkbookModel,
} from "./model";

/** The ExcelApi set from which the add-in's ordinary writes keep the user's undo history. */
export const UNDO_SUPPORT_SET = "1.20";

export interface StrictExcelOptions {
  /** Highest ExcelApi requirement set this "Excel" supports (default 1.18; any "1.x", e.g. 1.20). */
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
  /** Write commands (values, formats, names, protection, …) run so far, across syncs. */
  writeCount = 0;
  /** Syncs that carried at least one write. */
  writeSyncs = 0;
  /** `protect()` / `unprotect()` calls run: Excel's "no undo support" APIs, which clear Ctrl+Z. */
  protectionChanges = 0;
  /** Calls run that cleared the user's undo history (see the class comment). */
  undoClears = 0;
  /** What each of them was (`CustomXmlPart.setXml`, `write below ExcelApi 1.20`, …). */
  readonly undoLog: string[] = [];
  /** The user's edits Ctrl+Z can still take back, last on top (the cells as they were before). */
  private undoStack: { sheetId: string; cells: [number, number, CellModel | undefined][] }[] = [];
  /** Bumped by every write sync and user edit: when to recalculate again. */
  revision = 0;
  private cached: { revision: number; calc: ReturnType<typeof recalculate> } | null = null;
  /** Payload bytes of the largest sync so far. */
  largestPayload = 0;
  private handlers = new Map<string, Set<Handler>>();
  readonly activatedHandlers = new Set<(args: XlActivatedArgs) => Promise<unknown>>();
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
      names: new Map(),
      nextId: 1,
    };
    if (this.workbook.sheets.length === 0) this.addSheetModel("Sheet1");
  }

  isSetSupported(name: string, version: string): boolean {
    return name === "ExcelApi" && compareVersions(this.excelApi, version) >= 0;
  }

  /** Whether this host's ExcelApi set includes a member (table: api-sets.ts). */
  supports(member: ApiMember): boolean {
    return this.isSetSupported("ExcelApi", API_SETS[member]);
  }

  async run<T>(batch: (context: XlRequestContext) => Promise<T>): Promise<T> {
    const ctx = new Ctx(this);
    const result = await batch(ctx);
    if (ctx.queueLength() > 0) {
      throw new StrictExcelError("UnsyncedCommands", `${ctx.queueLength()} commands never synced`);
    }
    return result;
  }

  async runIn<T>(
    context: XlRequestContext,
    batch: (context: XlRequestContext) => Promise<T>,
  ): Promise<T> {
    if (!(context instanceof Ctx) || context.excel !== this) {
      throw new StrictExcelError("InvalidArgument", "not a request context of this Excel");
    }
    const result = await batch(context);
    if (context.queueLength() > 0) {
      throw new StrictExcelError(
        "UnsyncedCommands",
        `${context.queueLength()} commands never synced`,
      );
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

  /** The workbook recalculated (HyperFormula): shown values and conditional-format fills. */
  recalculate(): ReturnType<typeof recalculate> {
    return recalculate(this.workbook);
  }

  /** The recalculation as of now, kept until the workbook changes (harness, demo: redrawn often). */
  recalculated(): ReturnType<typeof recalculate> {
    if (this.cached?.revision !== this.revision) {
      this.cached?.calc.destroy();
      this.cached = { revision: this.revision, calc: this.recalculate() };
    }
    return this.cached.calc;
  }

  /** What a cell shows after Excel's recalculation: its value and its fill (marks included). */
  shown(sheet: string, address: string): { value: unknown; fill: string | null } {
    const b = parseBox(address);
    if (!b) throw new Error(`bad address ${address}`);
    const calc = this.recalculate();
    try {
      const s = this.sheet(sheet);
      return { value: calc.value(s, b.r0, b.c0), fill: calc.fill(s, b.r0, b.c0) };
    } finally {
      calc.destroy();
    }
  }

  /** The merge whose top-left is at an address, if any. */
  mergeAt(sheet: string, address: string): Box | undefined {
    const b = parseBox(address)!;
    return this.sheet(sheet).merges.find((m) => m.r0 === b.r0 && m.c0 === b.c0);
  }

  /**
   * A user typing or pasting into a cell: bypasses data validation, parsed as Excel parses what
   * is typed (a string "12" is the number 12), fires onChanged.
   */
  async userEdit(sheet: string, address: string, value: unknown): Promise<void> {
    this.edit(sheet, address, value, "Local");
    await this.settle();
  }

  /** A co-author's edit arriving from Excel on the web: onChanged with `source: "Remote"`. */
  async remoteEdit(sheet: string, address: string, value: unknown): Promise<void> {
    this.edit(sheet, address, value, "Remote");
    await this.settle();
  }

  private edit(sheet: string, address: string, value: unknown, source: "Local" | "Remote"): void {
    const s = this.sheet(sheet);
    this.revision++;
    const b = parseBox(address)!;
    const before: [number, number, CellModel | undefined][] = [];
    for (const [r, c] of boxCells(b)) {
      const old = s.cells.get(key(r, c));
      const cell = this.cellModel(s, r, c);
      if (s.protected && cell.locked) {
        throw new StrictExcelError("AccessDenied", `${address} is locked on a protected sheet`);
      }
      before.push([r, c, old ? structuredClone(old) : undefined]);
      writeValue(cell, value);
    }
    if (source === "Local") this.undoStack.push({ sheetId: s.id, cells: before });
    this.fire(s, boxAddress(b), "Unknown", source);
  }

  /** How many of the user's edits Ctrl+Z can take back now. */
  get undoDepth(): number {
    return this.undoStack.length;
  }

  /**
   * The user presses Ctrl+Z: the last edit is taken back (onChanged fires, as in Excel); false
   * when the history is empty (cleared by the add-in, or nothing typed).
   */
  async userUndo(): Promise<boolean> {
    const last = this.undoStack.pop();
    const s = last && this.sheetById(last.sheetId);
    if (!last || !s) return false;
    this.revision++;
    for (const [r, c, cell] of last.cells) {
      if (cell) s.cells.set(key(r, c), cell);
      else s.cells.delete(key(r, c));
    }
    const rows = last.cells.map(([r]) => r);
    const cols = last.cells.map(([, c]) => c);
    const box = {
      r0: Math.min(...rows),
      c0: Math.min(...cols),
      r1: Math.max(...rows),
      c1: Math.max(...cols),
    };
    this.fire(s, boxAddress(box), "Unknown");
    await this.settle();
    return true;
  }

  /**
   * A write of the add-in ran (`noUndo`: the API Excel cannot undo, else null): below ExcelApi
   * 1.20 every write clears the user's history, from 1.20 only the APIs without undo support.
   */
  undoable(noUndo: string | null): void {
    const what =
      noUndo ??
      (this.isSetSupported("ExcelApi", UNDO_SUPPORT_SET) ? null : "write below ExcelApi 1.20");
    if (what === null) return;
    this.undoClears++;
    this.undoLog.push(what);
    this.undoStack = [];
  }

  /** Change handlers registered (and not removed) for a sheet. */
  handlerCount(sheetId: string): number {
    return this.handlersOf(sheetId).size;
  }

  /** The user clicks a cell (activating its sheet). */
  userSelect(sheet: string, address: string): void {
    const s = this.sheet(sheet);
    this.workbook.active = s.id;
    this.workbook.selection = { sheet: s.name, address };
  }

  /** `Office.context.document.settings.set(…)` + `saveAsync()`: a document write without undo. */
  autoOpenPane(): void {
    this.autoOpenRequests++;
    this.undoable("Settings.saveAsync");
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
      visibility: "Visible",
      conditionalFormats: [],
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

  fire(
    s: SheetModel,
    address: string,
    triggerSource: "Unknown" | "ThisLocalAddin",
    source: "Local" | "Remote" = "Local",
  ): void {
    const args: XlChangedArgs = {
      address,
      changeType: "RangeEdited",
      source,
      worksheetId: s.id,
      ...(this.supports("WorksheetChangedEventArgs.triggerSource") ? { triggerSource } : {}),
    };
    for (const h of this.handlersOf(s.id)) {
      this.pendingEvents.push(Promise.resolve().then(() => h(args)));
    }
  }
}
