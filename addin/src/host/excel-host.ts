/// <reference types="office-js" />
/**
 * The ONLY module that talks to Excel. It implements `ExcelHost` on top of the Excel API subset
 * in xl.ts: the real Office.js (`officeXlApi()`) in Excel, the strict stand-in in tests and in the
 * browser harness. Every method keeps to the sync budget documented in types.ts.
 */
import { localAddress } from "./a1";
import {
  chunkPieces,
  drawPiece,
  drawSheet,
  outline,
  piecePayload,
  pieces,
  readValues,
  topLeft,
  writeText,
} from "./excel-draw";
import { CHECKS_NAME, type WbSheet, type WorkbookModel } from "../../../shared/workbook";
import { sheetDraw } from "./sheet-draw";
import {
  PAINTABLE_PROTECTION,
  paintable,
  PROTECT_OPTIONS,
  queueWorkbook,
  uniqueSheetName,
} from "./excel-workbook";
import type {
  Capabilities,
  FormSheetNames,
  InsertFormRequest,
  ChangeEvent,
  ExcelHost,
  FormMeta,
  ReadPassRequest,
  ReadPassResult,
  RecognisedSheet,
  WritePassRequest,
  WritePassResult,
} from "./types";
import { META_NAME, metaFormula, parseMeta, STATE_NAMESPACE_PREFIX, stateNamespace } from "./meta";
import { FEATURES, setOf } from "./requirements";
import type { XlApi, XlComment, XlNote, XlRequestContext, XlWorksheet } from "./xl";

export { META_NAME, metaFormula, parseMeta, STATE_NAMESPACE_PREFIX, stateNamespace };
export { PAINTABLE_PROTECTION, PROTECT_OPTIONS };

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
      rangeAreas: has("rangeAreas"),
    };
  }

  capabilities(): Capabilities {
    return { ...this.caps };
  }

  async insertForm(
    req: InsertFormRequest,
    build: (names: FormSheetNames) => WorkbookModel,
  ): Promise<{ name: string; id: string; model: WorkbookModel }> {
    return this.xl.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets.load("items/name");
      const checks = ctx.workbook.names.getItemOrNullObject(CHECKS_NAME).load("isNullObject");
      await ctx.sync();
      const taken = new Set(sheets.items.map((s) => s.name.toLowerCase()));
      const model = build({
        form: uniqueSheetName(req.baseNames.form, taken),
        checks: uniqueSheetName(req.baseNames.checks, taken),
        previous: uniqueSheetName(req.baseNames.previous, taken),
      });
      // Another form's workbook already holds the workbook-scoped names: this one's go on its sheet.
      const handles = queueWorkbook(ctx.workbook.worksheets, model, this.caps, (form) =>
        checks.isNullObject ? ctx.workbook.names : form.names,
      );
      const ws = handles.get(model.sheets[0]!.name)!;
      ws.names.add(META_NAME, metaFormula(req.meta), "xxgk-tables form sheet");
      ctx.workbook.customXmlParts.add(req.state.xml);
      ws.activate();
      ws.load("name,id");
      await ctx.sync();
      // Reopening the workbook opens the pane, which recognises and re-checks the sheet.
      this.xl.autoOpenPane?.();
      return { name: ws.name, id: ws.id, model };
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
      const protection = ws.protection.load("protected,options");
      const notes: [string, XlNote][] = this.caps.notes
        ? req.noteProbes.map((a) => [
            a,
            ws.notes.getItemOrNullObject(a).load("isNullObject,content"),
          ])
        : [];
      const comments: [string, XlComment][] = this.caps.comments
        ? req.commentProbes.map((id) => [
            id,
            ws.comments.getItemOrNullObject(id).load("isNullObject,content"),
          ])
        : [];
      await ctx.sync();
      const result: ReadPassResult = {
        values: range.values,
        protected: protection.protected,
        paintable: !protection.protected || paintable(protection.options),
        notes: {},
        comments: {},
        commentTexts: {},
      };
      for (const [a, n] of notes) result.notes[a] = n.isNullObject ? null : n.content;
      for (const [id, c] of comments) {
        result.comments[id] = !c.isNullObject;
        if (!c.isNullObject) result.commentTexts[id] = c.content;
      }
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
      if (req.wasProtected) ws.protection.protect(PAINTABLE_PROTECTION);
      if (req.state?.create) ctx.workbook.customXmlParts.add(req.state.xml);
      else if (req.state) {
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

  readTable = (sheet: string, range: string) => readValues(this.xl, sheet, range);
  async writeSheets(models: WbSheet[]): Promise<void> {
    const sheets = models.map((m) => ({ name: m.name, draw: sheetDraw(m) }));
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
