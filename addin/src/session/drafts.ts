/**
 * The clerk's 说明 and answers to remarks while they are typed: kept in the add-in's own storage
 * (the pane's localStorage), never in the workbook — every custom-XML-part write clears Excel's
 * undo history (office-js#4484), so saving a draft there on each pause in typing took the
 * clerk's Ctrl+Z away. The texts go into the workbook with 保存 or 提交 only.
 *
 * Keyed by the form sheet's uid: a random id made when the sheet was inserted and kept in the
 * sheet's defined name (host/meta.ts), so it names this sheet of this workbook — another form
 * sheet, or another workbook, has its own. A copy of the file shares it, and then shows the same
 * unsaved texts, which is what its clerk typed. Pure but for the storage handed in.
 */

/** As much of the browser's `Storage` as drafts need (localStorage, or memory in tests). */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The texts of one form sheet: 说明 by issue key, answers by remark id. */
export interface SheetTexts {
  explanations: Record<string, string>;
  answers: Record<string, string>;
}

export function memoryStorage(): DraftStorage {
  const items = new Map<string, string>();
  return {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    removeItem: (k) => void items.delete(k),
  };
}

export const draftKey = (uid: string) => `xxgk.sheet-drafts.${uid}`;

function record(v: unknown): Record<string, string> {
  if (!v || typeof v !== "object") return {};
  return Object.fromEntries(Object.entries(v).filter(([, t]) => typeof t === "string")) as Record<
    string,
    string
  >;
}

/** The drafts kept for a sheet; null when there are none (or the storage is unreadable). */
export function loadDrafts(store: DraftStorage, uid: string): SheetTexts | null {
  try {
    const raw = store.getItem(draftKey(uid));
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<SheetTexts>;
    return { explanations: record(v.explanations), answers: record(v.answers) };
  } catch {
    return null;
  }
}

/**
 * Keep the drafts (a full storage or one the browser refuses loses only the copy outside the
 * pane: the texts stay in the session until 保存 or 提交 writes them into the workbook).
 */
export function saveDrafts(store: DraftStorage, uid: string, texts: SheetTexts): void {
  try {
    store.setItem(draftKey(uid), JSON.stringify(texts));
  } catch {
    // see above
  }
}

export function clearDrafts(store: DraftStorage, uid: string): void {
  try {
    store.removeItem(draftKey(uid));
  } catch {
    // nothing kept, nothing to clear
  }
}

export function sameTexts(a: SheetTexts, b: SheetTexts): boolean {
  const same = (x: Record<string, string>, y: Record<string, string>) => {
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const k of keys) if ((x[k] ?? "") !== (y[k] ?? "")) return false;
    return true;
  };
  return same(a.explanations, b.explanations) && same(a.answers, b.answers);
}
