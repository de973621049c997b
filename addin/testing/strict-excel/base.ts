/**
 * What every stand-in object shares: strict reads of loaded properties, and the requirement-set
 * check. Each object is wrapped in `guard`, so touching a member the host's ExcelApi lacks
 * (addin/src/host/api-sets.ts, generated from @types/office-js) queues a command that fails the
 * next `sync()` with ApiNotFound, as Excel does.
 */
import { API_SETS, type ApiMember } from "../../src/host/api-sets";
import type { Ctx } from "./context";
import { StrictExcelError } from "./model";

function isMember(name: string): name is ApiMember {
  return Object.prototype.hasOwnProperty.call(API_SETS, name);
}

/** The members of a class above the host's set (cached per host and class). */
const blockedCache = new WeakMap<object, Map<string, Set<string>>>();
function blocked(ctx: Ctx, cls: string): Set<string> {
  let byClass = blockedCache.get(ctx.excel);
  if (!byClass) blockedCache.set(ctx.excel, (byClass = new Map()));
  let set = byClass.get(cls);
  if (!set) {
    set = new Set();
    for (const m of Object.keys(API_SETS) as ApiMember[])
      if (m.startsWith(`${cls}.`) && !ctx.excel.supports(m)) set.add(m.slice(cls.length + 1));
    byClass.set(cls, set);
  }
  return set;
}

/** Check a member (e.g. "Worksheet.notes") against the host's set: ApiNotFound at sync. */
export function touch(ctx: Ctx, cls: string, prop: string): void {
  const member = `${cls}.${prop}`;
  if (isMember(member) && !ctx.excel.supports(member)) {
    ctx.enqueue(() => {
      throw new StrictExcelError(
        "ApiNotFound",
        `${member} needs ExcelApi ${API_SETS[member]}; this host has ${ctx.excel.excelApi}`,
      );
    });
  }
}

/** The object, with every get and set of an Excel member checked against the host's set. */
export function guard<T extends object>(ctx: Ctx, cls: string, obj: T): T {
  const above = blocked(ctx, cls);
  // Nothing above the host's set: no check needed (the common, fast case).
  if (above.size === 0) return obj;
  return new Proxy(obj, {
    get(target, prop, receiver) {
      if (typeof prop === "string" && above.has(prop)) touch(ctx, cls, prop);
      return Reflect.get(target, prop, receiver) as unknown;
    },
    set(target, prop, value, receiver) {
      if (typeof prop === "string" && above.has(prop)) touch(ctx, cls, prop);
      return Reflect.set(target, prop, value, receiver);
    },
  });
}

/** Base of every loadable object: loaded properties, strict reads. */
export class ClientObject<T> {
  /** The Excel class this object stands for (for the requirement-set check). */
  static readonly xlClass: string = "";
  protected loaded = new Map<string, unknown>();

  constructor(
    protected ctx: Ctx,
    private resolver: () => T | null,
    protected what: string,
  ) {
    const cls = (new.target as unknown as { xlClass: string }).xlClass;
    // The subclass's `this` is the guarded object.
    return guard(ctx, cls, this);
  }

  protected get xlClass(): string {
    return (this.constructor as unknown as { xlClass: string }).xlClass;
  }

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
    for (const p of list) touch(this.ctx, this.xlClass, p);
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
