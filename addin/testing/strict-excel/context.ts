/** A request context of the stand-in: the queue of commands that `sync()` runs. */
import { boxAddress, type Box } from "../../src/host/a1";
import type { XlRequestContext } from "../../src/host/xl";
import type { StrictExcel } from "./excel";
import { StrictExcelError } from "./model";
import { WorkbookProxy } from "./worksheet";

type Op = () => void;

/**
 * What a queued command does to the document: `read` (loads, failures, event registrations),
 * `write` (values, formats, names, sheets, selection) or `noUndo`: a write Excel cannot undo on
 * any version, which clears the user's Ctrl+Z history (custom XML parts, protection, sheet
 * visibility — see `UNDO_CLEARING` in excel.ts). The stand-in counts writes so tests prove the
 * edit path makes none, and undo-clearing calls so they prove Ctrl+Z survives.
 */
export type OpKind = "read" | "write" | "noUndo";

export class Ctx implements XlRequestContext {
  private queue: { op: Op; bytes: number; kind: OpKind; label: string }[] = [];
  readonly workbook: WorkbookProxy;
  /** Ranges whose values the current sync wrote (for onChanged). */
  touched = new Map<string, Box[]>();
  /** Ranges whose format the current sync changed (onChanged below ExcelApi 1.14). */
  formatted = new Map<string, Box[]>();

  constructor(readonly excel: StrictExcel) {
    this.workbook = new WorkbookProxy(this);
  }

  enqueue(op: Op, payload: unknown = null, kind: OpKind = "write", label = "write"): void {
    const bytes = payload === null ? 64 : JSON.stringify(payload).length + 64;
    this.queue.push({ op, bytes, kind, label });
  }

  /** Queue a write that Excel cannot undo (it clears Ctrl+Z on every version); `api` names it. */
  enqueueNoUndo(api: string, op: Op, payload: unknown = null): void {
    this.enqueue(op, payload, "noUndo", api);
  }

  /** Queue a command that changes nothing in the document (a load, an error, a handler). */
  enqueueRead(op: Op): void {
    this.enqueue(op, null, "read");
  }

  queueLength(): number {
    return this.queue.length;
  }

  /** Note a change of a sheet's cells (values, or format) made by this request. */
  note(kind: "values" | "format", sheetId: string, box: Box): void {
    const map = kind === "values" ? this.touched : this.formatted;
    const list = map.get(sheetId) ?? [];
    list.push(box);
    map.set(sheetId, list);
  }

  async sync(): Promise<void> {
    this.excel.syncCount++;
    const queue = this.queue;
    this.queue = [];
    const bytes = queue.reduce((n, q) => n + q.bytes, 0);
    this.excel.largestPayload = Math.max(this.excel.largestPayload, bytes);
    const writes = queue.filter((q) => q.kind !== "read").length;
    this.excel.writeCount += writes;
    if (writes > 0) {
      this.excel.writeSyncs++;
      this.excel.revision++;
    }
    this.touched = new Map();
    this.formatted = new Map();
    if (bytes > this.excel.maxPayloadBytes) {
      throw new StrictExcelError(
        "RequestPayloadSizeLimitExceeded",
        `request of ${bytes} bytes exceeds ${this.excel.maxPayloadBytes}`,
      );
    }
    try {
      for (const { op, kind, label } of queue) {
        op();
        if (kind !== "read") this.excel.undoable(kind === "noUndo" ? label : null);
      }
    } finally {
      this.fireChanges();
    }
    await Promise.resolve();
  }

  /**
   * onChanged for what this request changed: value writes always; format writes too on hosts
   * without `triggerSource` (below ExcelApi 1.14), where Excel reports them as changes as well.
   */
  private fireChanges(): void {
    const formatEvents = !this.excel.supports("WorksheetChangedEventArgs.triggerSource");
    const maps = formatEvents ? [this.touched, this.formatted] : [this.touched];
    for (const map of maps) {
      for (const [id, boxes] of map) {
        const s = this.excel.sheetById(id);
        if (s) for (const b of boxes) this.excel.fire(s, boxAddress(b), "ThisLocalAddin");
      }
    }
  }
}
