/**
 * What the add-in keeps in the workbook for one form sheet, in the sheet's custom XML part:
 * which cells it marked (to clear stale marks, also after the workbook is reopened), the
 * clerk's explanations of warnings, the pending submission (its Idempotency-Key survives a
 * network failure, a reload and a reopen) and the last server revision.
 */

export interface Marks {
  fills: string[];
  outlines: string[];
  notes: string[];
  /** Cell → comment id. */
  comments: Record<string, string>;
  messages: string[];
}

export interface PendingSubmission {
  /** Idempotency-Key: reused by every retry of the same payload. */
  key: string;
  /** Hash of the payload the key was made for. */
  hash: string;
  createdAt: string;
}

export interface ServerRevision {
  revision: number;
  etag: string;
  submittedAt: string;
  status: string;
  /** Hash of the payload this add-in submitted for it (absent when submitted elsewhere). */
  hash?: string;
}

export interface SheetState {
  v: 1;
  unitCode: string | null;
  marks: Marks;
  explanations: Record<string, string>;
  /** The clerk's answers to a supervisor's remarks, by remark id (sent with the next PUT). */
  answers: Record<string, string>;
  pending: PendingSubmission | null;
  server: ServerRevision | null;
}

export function emptyMarks(): Marks {
  return { fills: [], outlines: [], notes: [], comments: {}, messages: [] };
}

export function emptyState(unitCode: string | null = null): SheetState {
  return {
    v: 1,
    unitCode,
    marks: emptyMarks(),
    explanations: {},
    answers: {},
    pending: null,
    server: null,
  };
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The custom XML part: `<state xmlns="urn:xxgk-tables:sheet:<uid>">{json}</state>`. */
export function stateToXml(namespace: string, state: SheetState): string {
  return `<?xml version="1.0" encoding="UTF-8"?><state xmlns="${namespace}">${escapeXml(JSON.stringify(state))}</state>`;
}

/** Parse the part back; anything unreadable gives an empty state rather than an error. */
export function stateFromXml(xml: string | null | undefined): SheetState {
  if (!xml) return emptyState();
  const m = /<state\b[^>]*>([\s\S]*)<\/state>/.exec(xml);
  if (!m) return emptyState();
  try {
    const raw = JSON.parse(unescapeXml(m[1]!)) as Partial<SheetState>;
    const base = emptyState();
    return {
      v: 1,
      unitCode: typeof raw.unitCode === "string" ? raw.unitCode : null,
      marks: { ...base.marks, ...(raw.marks ?? {}) },
      explanations:
        raw.explanations && typeof raw.explanations === "object" ? raw.explanations : {},
      answers: raw.answers && typeof raw.answers === "object" ? raw.answers : {},
      pending: raw.pending ?? null,
      server: raw.server ?? null,
    };
  } catch {
    return emptyState();
  }
}
