/**
 * The add-in's view of Excel: everything the rest of the add-in asks of the workbook, as plain
 * data in and out. `excel-host.ts` implements it with Office.js and is the only module that
 * touches Excel; everything else is pure and unit-tested. Each method documents its sync budget.
 */
import type { WbSheet, WorkbookModel } from "../../../shared/workbook";

/** The optional features the host supports (requirements.ts: each with every member it calls). */
export interface Capabilities {
  /** Cell notes (ExcelApi 1.18). */
  notes: boolean;
  /** Comments, where notes are missing (ExcelApi 1.14: reading one back by id). */
  comments: boolean;
  /** Page layout: A4 print setup, indented labels (ExcelApi 1.9). */
  pageLayout: boolean;
  /** `triggerSource` on change events: tells the add-in's own writes apart (ExcelApi 1.14). */
  triggerSource: boolean;
  /** One conditional format over several areas (ExcelApi 1.9); else one per area. */
  rangeAreas: boolean;
}

/** How a validation message is shown next to a cell. */
export type MarkMode = "note" | "comment" | "column";

export function markModeOf(caps: Capabilities): MarkMode {
  return caps.notes ? "note" : caps.comments ? "comment" : "column";
}

/** Identity of a form sheet, stored in the workbook as a sheet-scoped named item. */
export interface FormMeta {
  formId: string;
  year: number;
  version: number;
  /** Random id tying the sheet to its custom XML part (namespace `…:sheet:<uid>`). */
  uid: string;
  /**
   * The sheet is the shared self-checking workbook (conditional formats, 校验 and 上年 sheets);
   * absent on sheets an older add-in drew, which are still recognised.
   */
  selfChecking?: boolean;
  /** The totals are the workbook's own formulas (自动计算合计 has nothing to do). */
  formulaTotals?: boolean;
}

/** The names the sheets of a form's workbook get (made unique in the workbook). */
export interface FormSheetNames {
  form: string;
  checks: string;
  previous: string;
}

export interface InsertFormRequest {
  baseNames: FormSheetNames;
  meta: FormMeta;
  state: { namespace: string; xml: string };
}

export interface RecognisedSheet {
  name: string;
  id: string;
  meta: FormMeta;
  /** The sheet's custom XML part (state: marks, explanations, pending submission), if any. */
  stateXml: string | null;
}

export interface ReadPassRequest {
  sheet: string;
  /** The range whose values are read (the form's drawn area). */
  range: string;
  /** Cells whose notes to probe (which exist, with what content). */
  noteProbes: string[];
  /** Comment ids to probe. */
  commentProbes: string[];
}

export interface ReadPassResult {
  values: unknown[][];
  protected: boolean;
  /**
   * Marks (fills, notes, comments) can be written as the sheet is: unprotected, or protected
   * with formatting and objects allowed (`PAINTABLE_PROTECTION`, set at insert).
   */
  paintable: boolean;
  /** Content of the note of each probed cell, or null where there is none. */
  notes: Record<string, string | null>;
  /** Whether each probed comment still exists. */
  comments: Record<string, boolean>;
  /** The text of each probed comment that exists. */
  commentTexts: Record<string, string>;
}

/** What a write pass changes; computed by the pure marks planner. */
export interface PaintPlan {
  values: { address: string; value: number | string }[];
  /** Fill colour, or null to clear. */
  fills: { address: string; color: string | null }[];
  /** Outline colour (medium), or null to restore the thin black border. */
  outlines: { address: string; color: string | null }[];
  /** `exists`: the cell has a note already (update or delete it); text null deletes. */
  notes: { address: string; text: string | null; exists: boolean }[];
  /** `id`: an existing comment of ours to update; null adds one. */
  comments: { address: string; text: string; id: string | null }[];
  commentDeletes: string[];
  /** Cells of the message column beside the table. */
  messages: { address: string; text: string }[];
}

export function emptyPlan(): PaintPlan {
  return {
    values: [],
    fills: [],
    outlines: [],
    notes: [],
    comments: [],
    commentDeletes: [],
    messages: [],
  };
}

export interface WritePassRequest {
  sheet: string;
  /**
   * Unprotect before and protect again after (with `PAINTABLE_PROTECTION`, so the next paint
   * needs neither): only for a sheet whose protection does not allow its marks.
   */
  wasProtected: boolean;
  plan: PaintPlan;
  /** Save the sheet's state in its custom XML part in the same sync (`create`: add the part). */
  state: { namespace: string; xml: string; create?: boolean } | null;
}

export interface WritePassResult {
  /** Ids of the comments added, by cell. */
  commentIds: Record<string, string>;
}

export interface ChangeEvent {
  sheetId: string;
  address: string;
  /** The add-in's own write, as `triggerSource` says (ExcelApi 1.14; false below it). */
  own: boolean;
  /** A co-author's edit (Excel on the web): their own pane checks it. */
  remote: boolean;
}

export interface ExcelHost {
  capabilities(): Capabilities;
  /**
   * Insert a form's self-checking workbook (shared/workbook): the form sheet, its 校验 sheet and
   * hidden 上年 sheet (names made unique, then `build` makes the model with them), conditional
   * formats, defined names, protection; the sheet's meta and state. 2 syncs.
   */
  insertForm(
    req: InsertFormRequest,
    build: (names: FormSheetNames) => WorkbookModel,
  ): Promise<{ name: string; id: string; model: WorkbookModel }>;
  /** The active sheet (or the named one) if it is a form sheet. At most 3 syncs. */
  recognise(sheet?: string): Promise<RecognisedSheet | null>;
  /** Every form sheet of the workbook (in tab order). 2 syncs. */
  findFormSheets(): Promise<{ id: string; name: string; meta: FormMeta }[]>;
  /** Values, protection and mark probes of a form sheet. Exactly 1 sync; writes nothing. */
  readPass(req: ReadPassRequest): Promise<ReadPassResult>;
  /** Apply a paint plan (and the state) to a form sheet. Exactly 1 sync. */
  writePass(req: WritePassRequest): Promise<WritePassResult>;
  /** Save a sheet's state (custom XML part, created when missing). 1 sync, 2 when created. */
  saveState(namespace: string, xml: string): Promise<void>;
  /** The selected cell (top-left of the selection) and its sheet's name. 1 sync. */
  selection(): Promise<{ sheet: string; address: string } | null>;
  /** Activate a sheet and select a cell. 1 sync. */
  select(sheet: string, address: string): Promise<void>;
  /** Listen to the user switching sheets (ExcelApi 1.7). 1 sync; the result unsubscribes. */
  onActivated(handler: (sheetId: string) => unknown): Promise<() => Promise<void>>;
  /** Listen to value changes of a sheet (by id). 1 sync; the result unsubscribes. */
  onChanged(sheetId: string, handler: (e: ChangeEvent) => void): Promise<() => Promise<void>>;
  /**
   * Write or refresh, in place, several sheets of the workbook model (rollups, 考核, review and
   * admin sheets), each by its name; the first one is activated. At most 3 syncs, more only when
   * a request would pass Excel on the web's 5 MB payload limit.
   */
  writeSheets(sheets: WbSheet[]): Promise<void>;
  /**
   * The values of a range of a sheet, as the admin sheets read them back (null: no such sheet).
   * 1 sync.
   */
  readTable(sheet: string, range: string): Promise<unknown[][] | null>;
}
