/** Custom XML parts of the stand-in's workbook. */
import { guard, ClientObject } from "./base";
import type { Ctx } from "./context";
import { StrictExcelError, type WorkbookModel } from "./model";
import type { XlClientResult } from "../../src/host/xl";

class CustomXmlPartProxy extends ClientObject<WorkbookModel["parts"][number]> {
  static override readonly xlClass = "CustomXmlPart";

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
    this.ctx.enqueueRead(() => {
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
    this.ctx.enqueueNoUndo(
      "CustomXmlPart.setXml",
      () => {
        const p = this.target();
        const ns = rootNamespace(xml);
        if (ns !== p.namespaceUri)
          throw new StrictExcelError("InvalidArgument", "setXml changes the namespace");
        p.xml = xml;
      },
      xml,
    );
  }
  delete(): void {
    this.ctx.enqueueNoUndo("CustomXmlPart.delete", () => {
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
  constructor(private ctx: Ctx) {
    return guard(ctx, "CustomXmlPartCollection", this);
  }

  add(xml: string): CustomXmlPartProxy {
    let part: WorkbookModel["parts"][number] | null = null;
    this.ctx.enqueueNoUndo(
      "CustomXmlPartCollection.add",
      () => {
        const ns = rootNamespace(xml);
        part = { id: `{part-${this.ctx.excel.newId("")}}`, namespaceUri: ns, xml };
        this.ctx.excel.workbook.parts.push(part);
      },
      xml,
    );
    return new CustomXmlPartProxy(this.ctx, () => part, "new custom XML part");
  }

  getByNamespace(namespaceUri: string) {
    return guard(this.ctx, "CustomXmlPartScopedCollection", {
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
    });
  }
}
