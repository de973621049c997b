/// <reference types="office-js" />
/**
 * The ONLY module that talks to Excel. It implements `ExcelHost` on top of the Excel API subset
 * in xl.ts: the real Office.js (`officeXlApi()`) in Excel, the strict stand-in in tests and in the
 * browser harness. Every method keeps to the sync budget documented in types.ts.
 */
import { boxAddress, localAddress, parseBox } from "../a1";
import type {
  Capabilities,
  ChangeEvent,
  DrawBlock,
  DrawCell,
  ExcelHost,
  FormMeta,
  ReadPassRequest,
  ReadPassResult,
  RecognisedSheet,
  SheetDraw,
  WritePassRequest,
  WritePassResult,
} from "./types";
import { FEATURES, setOf } from "./requirements";
import type {
  XlApi,
  XlBorderIndex,
  XlComment,
  XlNote,
  XlRange,
  XlRequestContext,
  XlWorksheet,
} from "./xl";

/** The sheet-scoped name that marks a form sheet: `="xxgk;1;<form>;<year>;<version>;<uid>"`. */
export const META_NAME = "XXGK_FORM";
export const STATE_NAMESPACE_PREFIX = "urn:xxgk-tables:sheet:";

export function stateNamespace(uid: string): string {
  return STATE_NAMESPACE_PREFIX + uid;
}

export function metaFormula(meta: FormMeta): string {
  return `="xxgk;1;${meta.formId};${meta.year};${meta.version};${meta.uid}"`;
}

/** Read the named item back (its formula or value); null when it is not ours. */
export function parseMeta(text: unknown): FormMeta | null {
  if (typeof text !== "string") return null;
  const m = /xxgk;1;([a-z0-9-]+);(\d{4});(\d+);([A-Za-z0-9-]+)/.exec(text);
  if (!m) return null;
  return { formId: m[1]!, year: Number(m[2]), version: Number(m[3]), uid: m[4]! };
}

/** Sheet protection the add-in uses: no password; only unlocked (input) cells editable. */
export const PROTECT_OPTIONS = { allowFormatColumns: true, allowFormatRows: true };

/**
 * Excel's text number format. Excel takes a string written to `values` as typed: "=…", "+…",
 * "-…" become formulas (a unit named `=cmd|' /C calc'!A0` would be a live DDE formula), "007"
 * becomes 7 and "2025-01-31" a date. A cell formatted as text first keeps the string as it is.
 */
export const TEXT = "@";

function writeText(range: XlRange, text: string): void {
  range.numberFormat = [[TEXT]];
  range.values = [[text]];
}

const EDGES: XlBorderIndex[] = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight"];

function outline(range: XlRange, color: string, weight: "Thin" | "Medium"): void {
  for (const e of EDGES) {
    const b = range.format.borders.getItem(e);
    b.style = "Continuous";
    b.color = color;
    b.weight = weight;
  }
}

function topLeft(address: string): string {
  return address.split(":")[0]!;
}

/** Queue the drawing of one cell (no sync). */
function drawCell(ws: XlWorksheet, c: DrawCell, caps: Capabilities): void {
  const range = ws.getRange(c.address);
  if (c.merge) range.merge(false);
  const first = c.merge ? ws.getRange(topLeft(c.address)) : range;
  const format = c.numberFormat ?? (typeof c.value === "string" ? TEXT : undefined);
  if (format) first.numberFormat = [[format]];
  if (c.value !== undefined) first.values = [[c.value]];
  const f = range.format;
  if (c.bold) f.font.bold = true;
  if (c.fontSize) f.font.size = c.fontSize;
  if (c.fill) f.fill.color = c.fill;
  if (c.hAlign) f.horizontalAlignment = c.hAlign;
  if (c.vAlign) f.verticalAlignment = c.vAlign;
  if (c.wrap) f.wrapText = true;
  if (c.indent && caps.pageLayout) f.indentLevel = c.indent; // indentLevel: ExcelApi 1.9
  if (c.border) outline(range, "#000000", "Thin");
  if (c.unlocked) f.protection.locked = false;
}

/** Bytes Office.js sends per queued action (object path, method, arguments): a generous guess. */
const ACTION_BYTES = 160;

/** Rough request size of drawing some cells (what Excel on the web counts against 5 MB). */
export function drawPayload(cells: DrawCell[]): number {
  let n = 0;
  for (const c of cells) {
    let actions = 2;
    for (const k of [
      "merge",
      "value",
      "numberFormat",
      "bold",
      "fontSize",
      "fill",
      "hAlign",
      "vAlign",
      "wrap",
      "indent",
      "unlocked",
    ] as const) {
      if (c[k] !== undefined) actions++;
    }
    if (c.border) actions += 12;
    n += actions * ACTION_BYTES + JSON.stringify(c.value ?? "").length;
  }
  return n;
}

/** Queue the writing of a block of values (no sync). */
function drawBlock(ws: XlWorksheet, b: DrawBlock): void {
  const origin = parseBox(b.address);
  const cols = Math.max(0, ...b.values.map((r) => r.length));
  if (!origin || b.values.length === 0 || cols === 0) return;
  const box = {
    r0: origin.r0,
    c0: origin.c0,
    r1: origin.r0 + b.values.length - 1,
    c1: origin.c0 + cols - 1,
  };
  const range = ws.getRange(boxAddress(box));
  const rows = b.values.map((r) =>
    r.length === cols ? r : [...r, ...Array<string>(cols - r.length).fill("")],
  );
  // Text cells first formatted as text (null leaves a cell's format as it is).
  range.numberFormat = rows.map((r) => r.map((v) => (typeof v === "string" ? TEXT : null)));
  range.values = rows;
  if (b.border) {
    const inside: XlBorderIndex[] = [...EDGES];
    if (box.r1 > box.r0) inside.push("InsideHorizontal");
    if (box.c1 > box.c0) inside.push("InsideVertical");
    for (const e of inside) {
      const border = range.format.borders.getItem(e);
      border.style = "Continuous";
      border.color = "#000000";
      border.weight = "Thin";
    }
  }
}

/** A piece of drawing that goes into one request: a cell, or a slice of a block. */
type Piece = { cell: DrawCell } | { block: DrawBlock };

function drawPiece(ws: XlWorksheet, p: Piece, caps: Capabilities): void {
  if ("cell" in p) drawCell(ws, p.cell, caps);
  else drawBlock(ws, p.block);
}

function piecePayload(p: Piece): number {
  return "cell" in p
    ? drawPayload([p.cell])
    : // values, and as long again for the text formats that go with them
      2 * JSON.stringify(p.block.values).length + 20 * ACTION_BYTES;
}

/** Every piece of a draw, blocks sliced into row runs small enough for a request. */
export function pieces(draw: SheetDraw, limit: number): Piece[] {
  const out: Piece[] = draw.cells.map((cell) => ({ cell }));
  for (const b of draw.blocks ?? []) {
    const origin = parseBox(b.address);
    if (!origin) continue;
    let start = 0;
    while (start < b.values.length) {
      let end = start;
      let size = 20 * ACTION_BYTES;
      while (
        end < b.values.length &&
        (end === start || size + 2 * JSON.stringify(b.values[end]).length < limit / 2)
      ) {
        size += 2 * JSON.stringify(b.values[end]).length;
        end++;
      }
      out.push({
        block: {
          address: boxAddress({
            r0: origin.r0 + start,
            c0: origin.c0,
            r1: origin.r0 + start,
            c1: origin.c0,
          }),
          values: b.values.slice(start, end),
          ...(b.border ? { border: true } : {}),
        },
      });
      start = end;
    }
  }
  return out;
}

/** Split pieces into requests whose payload stays under a limit (one when it all fits). */
export function chunkPieces(list: Piece[], limit: number): Piece[][] {
  const out: Piece[][] = [[]];
  let size = 0;
  for (const p of list) {
    const s = piecePayload(p);
    if (size + s > limit && out[out.length - 1]!.length > 0) {
      out.push([]);
      size = 0;
    }
    out[out.length - 1]!.push(p);
    size += s;
  }
  return out;
}

function drawSheet(ws: XlWorksheet, draw: SheetDraw, caps: Capabilities, list?: Piece[]): void {
  draw.columnWidths.forEach((w, i) => {
    ws.getRange(boxAddress({ r0: 0, c0: i, r1: 0, c1: i })).format.columnWidth = w;
  });
  if (list) for (const p of list) drawPiece(ws, p, caps);
  else {
    for (const c of draw.cells) drawCell(ws, c, caps);
    for (const b of draw.blocks ?? []) drawBlock(ws, b);
  }
  for (const v of draw.validations) {
    const range = ws.getRange(v.address);
    range.dataValidation.clear();
    range.dataValidation.rule = v.rule;
    range.dataValidation.errorAlert = {
      title: v.alert.title,
      message: v.alert.message,
      showAlert: true,
      style: "Stop",
    };
  }
  if (caps.pageLayout) {
    ws.pageLayout.paperSize = "A4";
    ws.pageLayout.orientation = draw.landscape ? "Landscape" : "Portrait";
    ws.pageLayout.centerHorizontally = true;
    ws.pageLayout.zoom = { horizontalFitToPages: 1 };
    ws.pageLayout.setPrintArea(draw.printArea);
  }
}

export class OfficeExcelHost implements ExcelHost {
  private caps: Capabilities;

  constructor(
    private readonly xl: XlApi,
    /** Payload budget of one request (Excel on the web: 5 MB; keep a margin). */
    private readonly payloadLimit = 4 * 1024 * 1024,
  ) {
    // Each feature is on only where every member it calls exists (api-sets.ts).
    const has = (f: keyof typeof FEATURES) => xl.isSetSupported("ExcelApi", setOf(FEATURES[f]));
    this.caps = {
      notes: has("notes"),
      comments: has("comments"),
      pageLayout: has("pageLayout"),
      triggerSource: has("triggerSource"),
    };
  }

  capabilities(): Capabilities {
    return { ...this.caps };
  }

  async insertSheet(
    baseName: string,
    draw: SheetDraw,
    meta: FormMeta,
    state: { namespace: string; xml: string },
  ): Promise<{ name: string; id: string }> {
    return this.xl.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets.load("items/name");
      await ctx.sync();
      const taken = new Set(sheets.items.map((s) => s.name.toLowerCase()));
      let name = baseName;
      for (let i = 2; taken.has(name.toLowerCase()); i++) {
        const suffix = ` (${i})`;
        name = baseName.slice(0, 31 - suffix.length) + suffix;
      }
      const ws = ctx.workbook.worksheets.add(name);
      drawSheet(ws, draw, this.caps);
      ws.names.add(META_NAME, metaFormula(meta), "xxgk-tables form sheet");
      ctx.workbook.customXmlParts.add(state.xml);
      if (draw.protect) ws.protection.protect(PROTECT_OPTIONS);
      ws.activate();
      ws.load("name,id");
      await ctx.sync();
      // Reopening the workbook opens the pane, which recognises and re-checks the sheet.
      this.xl.autoOpenPane?.();
      return { name: ws.name, id: ws.id };
    });
  }

  async recognise(sheet?: string): Promise<RecognisedSheet | null> {
    return this.xl.run(async (ctx) => {
      const ws =
        sheet === undefined
          ? ctx.workbook.worksheets.getActiveWorksheet()
          : ctx.workbook.worksheets.getItemOrNullObject(sheet);
      ws.load("isNullObject,name,id");
      const named = ws.names.getItemOrNullObject(META_NAME);
      named.load("isNullObject,formula");
      await ctx.sync();
      if (ws.isNullObject || named.isNullObject) return null;
      const meta = parseMeta(named.formula);
      if (!meta) return null;
      const part = ctx.workbook.customXmlParts
        .getByNamespace(stateNamespace(meta.uid))
        .getOnlyItemOrNullObject();
      part.load("isNullObject");
      await ctx.sync();
      let stateXml: string | null = null;
      if (!part.isNullObject) {
        const xml = part.getXml();
        await ctx.sync();
        stateXml = xml.value;
      }
      return { name: ws.name, id: ws.id, meta, stateXml };
    });
  }

  async findFormSheets(): Promise<{ id: string; name: string; meta: FormMeta }[]> {
    return this.xl.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets.load("items/name,items/id");
      await ctx.sync();
      const names = sheets.items.map((ws) =>
        ws.names.getItemOrNullObject(META_NAME).load("isNullObject,formula"),
      );
      await ctx.sync();
      const out: { id: string; name: string; meta: FormMeta }[] = [];
      sheets.items.forEach((ws, i) => {
        const n = names[i]!;
        const meta = n.isNullObject ? null : parseMeta(n.formula);
        if (meta) out.push({ id: ws.id, name: ws.name, meta });
      });
      return out;
    });
  }

  async readPass(req: ReadPassRequest): Promise<ReadPassResult> {
    return this.xl.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject(req.sheet);
      const range = ws.getRange(req.range).load("values");
      const protection = ws.protection.load("protected");
      const notes: [string, XlNote][] = this.caps.notes
        ? req.noteProbes.map((a) => [
            a,
            ws.notes.getItemOrNullObject(a).load("isNullObject,content"),
          ])
        : [];
      const comments: [string, XlComment][] = this.caps.comments
        ? req.commentProbes.map((id) => [
            id,
            ws.comments.getItemOrNullObject(id).load("isNullObject"),
          ])
        : [];
      await ctx.sync();
      const result: ReadPassResult = {
        values: range.values,
        protected: protection.protected,
        notes: {},
        comments: {},
      };
      for (const [a, n] of notes) result.notes[a] = n.isNullObject ? null : n.content;
      for (const [id, c] of comments) result.comments[id] = !c.isNullObject;
      return result;
    });
  }

  async writePass(req: WritePassRequest): Promise<WritePassResult> {
    return this.xl.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject(req.sheet);
      const { plan } = req;
      if (req.wasProtected) ws.protection.unprotect();
      for (const v of plan.values) {
        if (typeof v.value === "string") writeText(ws.getRange(v.address), v.value);
        else ws.getRange(v.address).values = [[v.value]];
      }
      for (const f of plan.fills) {
        const fill = ws.getRange(f.address).format.fill;
        if (f.color === null) fill.clear();
        else fill.color = f.color;
      }
      for (const o of plan.outlines) {
        const range = ws.getRange(o.address);
        if (o.color === null) outline(range, "#000000", "Thin");
        else outline(range, o.color, "Medium");
      }
      if (this.caps.notes) {
        for (const n of plan.notes) {
          if (n.text === null) {
            if (n.exists) ws.notes.getItemOrNullObject(n.address).delete();
          } else if (n.exists) {
            ws.notes.getItemOrNullObject(n.address).content = n.text;
          } else {
            ws.notes.add(n.address, n.text);
          }
        }
      }
      const added: [string, XlComment][] = [];
      if (this.caps.comments) {
        for (const id of plan.commentDeletes) ws.comments.getItemOrNullObject(id).delete();
        for (const c of plan.comments) {
          if (c.id) ws.comments.getItemOrNullObject(c.id).content = c.text;
          else added.push([c.address, ws.comments.add(c.address, c.text).load("id")]);
        }
      }
      for (const m of plan.messages) writeText(ws.getRange(m.address), m.text);
      if (req.wasProtected) ws.protection.protect(PROTECT_OPTIONS);
      if (req.state) {
        ctx.workbook.customXmlParts
          .getByNamespace(req.state.namespace)
          .getOnlyItemOrNullObject()
          .setXml(req.state.xml);
      }
      await ctx.sync();
      const commentIds: Record<string, string> = {};
      for (const [a, c] of added) commentIds[a] = c.id;
      return { commentIds };
    });
  }

  async saveState(namespace: string, xml: string): Promise<void> {
    await this.xl.run(async (ctx) => {
      const part = ctx.workbook.customXmlParts.getByNamespace(namespace).getOnlyItemOrNullObject();
      part.load("isNullObject");
      await ctx.sync();
      if (part.isNullObject) ctx.workbook.customXmlParts.add(xml);
      else part.setXml(xml);
      await ctx.sync();
    });
  }

  async selection(): Promise<{ sheet: string; address: string } | null> {
    return this.xl.run(async (ctx) => {
      const range = ctx.workbook.getSelectedRange().load("address");
      await ctx.sync();
      const full = range.address;
      const bang = full.lastIndexOf("!");
      if (bang < 0) return null;
      const sheet = full
        .slice(0, bang)
        .replace(/^'(.*)'$/, "$1")
        .replace(/''/g, "'");
      return { sheet, address: topLeft(localAddress(full)) };
    });
  }

  async select(sheet: string, address: string): Promise<void> {
    await this.xl.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject(sheet);
      ws.activate();
      ws.getRange(address).select();
      await ctx.sync();
    });
  }

  /**
   * The handler hears user edits. Below ExcelApi 1.14 Excel also reports the add-in's own value
   * and format writes as changes, with no `triggerSource` to tell them apart: those arrive with
   * `own: false`, and the session compares the values it reads with the last pass's (an own
   * write changes none), so they cost one read and never a write. Unsubscribing removes the
   * handler in the context that added it, as Office.js requires.
   */
  async onChanged(
    sheetId: string,
    handler: (e: ChangeEvent) => void,
  ): Promise<() => Promise<void>> {
    let active = true;
    let added: { context: XlRequestContext; result: { remove(): void } } | null = null;
    await this.xl.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject(sheetId);
      const result = ws.onChanged.add(async (args) => {
        if (!active) return;
        handler({
          sheetId: args.worksheetId,
          address: localAddress(args.address),
          own: args.triggerSource === "ThisLocalAddin",
          remote: args.source === "Remote",
        });
      });
      await ctx.sync();
      added = { context: ctx, result };
    });
    return async () => {
      active = false;
      const a = added as typeof added;
      added = null;
      if (!a) return;
      await this.xl.runIn(a.context, async (ctx) => {
        a.result.remove();
        await ctx.sync();
      });
    };
  }

  async onActivated(handler: (sheetId: string) => unknown): Promise<() => Promise<void>> {
    let active = true;
    await this.xl.run(async (ctx) => {
      ctx.workbook.worksheets.onActivated.add(async (args) => {
        if (active) await handler(args.worksheetId);
      });
      await ctx.sync();
    });
    return async () => {
      active = false;
    };
  }

  async writeSheets(sheets: { name: string; draw: SheetDraw }[]): Promise<void> {
    await this.xl.run(async (ctx) => {
      const found = sheets.map((s) =>
        ctx.workbook.worksheets.getItemOrNullObject(s.name).load("isNullObject"),
      );
      await ctx.sync();
      const existing = sheets.map((_, i) => !found[i]!.isNullObject);
      let protectedNow: boolean[] = sheets.map(() => false);
      if (existing.some(Boolean)) {
        const probes = found.map((ws, i) => (existing[i] ? ws.protection.load("protected") : null));
        await ctx.sync();
        protectedNow = probes.map((p) => (p ? p.protected : false));
      }
      // Everything in one request unless the payload limit demands chunks.
      const split = sheets.map((s) => pieces(s.draw, this.payloadLimit));
      const total = split.reduce((n, list) => n + list.reduce((m, p) => m + piecePayload(p), 0), 0);
      const oneRequest = total <= this.payloadLimit;
      const chunks = split.map((list) =>
        oneRequest ? [list] : chunkPieces(list, this.payloadLimit),
      );
      const handles: XlWorksheet[] = [];
      for (let i = 0; i < sheets.length; i++) {
        const s = sheets[i]!;
        const ws = existing[i]
          ? ctx.workbook.worksheets.getItemOrNullObject(s.name)
          : ctx.workbook.worksheets.add(s.name);
        handles.push(ws);
        if (protectedNow[i]) ws.protection.unprotect();
        if (existing[i]) ws.getRange().clear("All");
        const [first, ...rest] = chunks[i]!;
        drawSheet(ws, s.draw, this.caps, first ?? []);
        if (!oneRequest) await ctx.sync();
        for (const chunk of rest) {
          for (const p of chunk) drawPiece(ws, p, this.caps);
          await ctx.sync();
        }
      }
      for (let i = 0; i < sheets.length; i++) {
        if (sheets[i]!.draw.protect) handles[i]!.protection.protect(PROTECT_OPTIONS);
      }
      handles[0]?.activate();
      await ctx.sync();
    });
  }
}

/**
 * The real Excel, through the Office.js globals; null when they are missing (office.js not
 * loaded). `Excel.RequestContext` is handed to the add-in as `XlRequestContext` without a cast:
 * xl-conformance.ts proves it fits.
 */
export function officeXlApi(): XlApi | null {
  if (typeof Excel === "undefined" || typeof Office === "undefined") return null;
  // The real context behind each context handed out, to run in it again (removing a handler).
  const contexts = new WeakMap<XlRequestContext, Excel.RequestContext>();
  return {
    run: (batch) =>
      Excel.run((ctx) => {
        contexts.set(ctx, ctx);
        return batch(ctx);
      }),
    runIn: (context, batch) => {
      const real = contexts.get(context);
      if (!real) throw new Error("runIn: not a context of this Excel");
      return Excel.run(real, (ctx) => batch(ctx));
    },
    isSetSupported: (name, version) => Office.context.requirements.isSetSupported(name, version),
    autoOpenPane: () => {
      // With the ribbon's TaskpaneId Office.AutoShowTaskpaneWithDocument, this document setting
      // reopens the pane whenever the workbook is opened.
      const settings = Office.context.document.settings;
      settings.set("Office.AutoShowTaskpaneWithDocument", true);
      settings.saveAsync();
    },
  };
}
