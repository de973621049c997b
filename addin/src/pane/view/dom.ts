/** The view's plumbing: a tiny element builder and the state the sections share. */
import { debounce } from "../../common/debounce";
import { t, type StringKey } from "../../common/i18n";
import type { PaneController } from "../controller";

type Attrs = Record<string, string | number | boolean | ((e: Event) => void) | undefined>;

export function h(
  tag: string,
  attrs: Attrs = {},
  ...children: (Node | string | null | false)[]
): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === "value") (el as HTMLInputElement).value = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c !== null && c !== false)
      el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return el;
}

/** The focused control before a redraw: its id, and the element itself when it is a form field. */
export interface Focus {
  id: string;
  /** The focused form field itself, kept through the redraw (see restoreFocus). */
  field?: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
}

/** Note the focused control inside `root` (or anywhere, without it) before the view is redrawn. */
export function noteFocus(root?: HTMLElement): Focus | null {
  const el = document.activeElement as HTMLElement | null;
  if (!el?.id || (root && !root.contains(el))) return null;
  const field =
    el instanceof HTMLInputElement ||
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement
      ? el
      : undefined;
  return { id: el.id, field };
}

/**
 * Give the keyboard back after a redraw. An answer from the server redraws the view, and it must
 * not disturb a field the user is in: a year half typed, a reason, a selection about to be typed
 * over. So the focused form field itself is put back in place of its freshly drawn twin — its
 * value, selection and composition untouched, only its disabled state taken from the new draw —
 * and any other control (a button) is focused again by id. False when it is gone or disabled.
 */
export function restoreFocus(f: Focus): boolean {
  const again = document.getElementById(f.id) as HTMLInputElement | null;
  const kept = f.field;
  if (
    again &&
    kept &&
    kept !== again &&
    kept.tagName === again.tagName &&
    kept.getAttribute("type") === again.getAttribute("type")
  ) {
    kept.disabled = again.disabled;
    again.replaceWith(kept);
    if (kept.disabled) return false;
    kept.focus();
    return true;
  }
  if (!again || again.disabled) return false;
  again.focus();
  return true;
}

/** An <option> of a <select>, selected when it is the current value. */
export function option(value: string, text: string, selected: boolean): HTMLElement {
  const o = h("option", { value }, text) as HTMLOptionElement;
  o.selected = selected;
  return o;
}

type Debounced = ReturnType<typeof debounce>;

/**
 * Text typed into a box, handed to the session after a pause (debounced, flushed before 保存 and
 * 提交). The session keeps it outside the workbook (session/drafts.ts: the pane's storage), so
 * typing never writes to Excel and Ctrl+Z keeps working; 保存 or 提交 writes it in.
 */
export class Drafts {
  readonly pending = new Map<string, string>();
  private readonly savers = new Map<string, Debounced>();

  constructor(
    private readonly save: (key: string, text: string) => void,
    private readonly c: PaneController,
  ) {}

  type(key: string, text: string): void {
    let d = this.savers.get(key);
    if (!d) {
      d = debounce(() => this.save(key, this.pending.get(key) ?? ""), 600, this.c.deps.timer);
      this.savers.set(key, d);
    }
    this.pending.set(key, text);
    d();
  }

  flush(key?: string): void {
    if (key !== undefined) this.savers.get(key)?.flush();
    else for (const d of this.savers.values()) d.flush();
  }
}

/** What every section of the view reads and writes. */
export interface View {
  c: PaneController;
  L: (k: StringKey, vars?: Record<string, string | number>) => string;
  /** 说明 of warnings, by issue key. */
  explanations: Drafts;
  /** Answers to remarks, by remark id. */
  answers: Drafts;
  /** Review inputs and the 撤销确认 reason (survive re-renders). */
  draft: { remark: string; reason: string; revokeReason: string };
  render(): void;
}

export function viewOf(c: PaneController, render: () => void): View {
  return {
    c,
    L: (k, vars) => t(c.lang, k, vars),
    explanations: new Drafts((k, text) => void c.explain(k, text), c),
    answers: new Drafts((id, text) => void c.answer(id, text), c),
    draft: { remark: "", reason: "", revokeReason: "" },
    render,
  };
}
