/**
 * The reporting workflow's API shapes as the add-in reads them, mirroring docs/WORKFLOW.md
 * (statuses, periods, remarks, explanation reviews, completeness). Temporary: replaced by the
 * zod-derived types of shared/api/schemas.ts once the Worker side lands them. Every field added
 * by the workflow is read defensively (`?? default`), so an older server still works.
 */
import type {
  CompletenessEntry,
  Report,
  Rollup,
  RollupChild,
  UnitRef,
} from "../../shared/api/schemas";

export type ReportStatus = "submitted" | "returned" | "accepted";
/** What the pane shows: `not_started` when the unit has no revision yet. */
export type ShownStatus = ReportStatus | "not_started";

export interface Remark {
  id: string;
  /** A cell id of the form. */
  cell: string;
  text: string;
  author: { name: string; role: string };
  at: string;
  revision: number;
  resolved: boolean;
  resolution: "changed" | "answered" | null;
  answer: string | null;
}

export type ExplanationDecision = "accepted" | "rejected";

export interface ExplanationReview {
  decision: ExplanationDecision;
  comment?: string;
  at: string;
}

/** The report (GET, PUT result, review result) with the workflow's fields. */
export interface WorkflowReport extends Omit<Report, "status"> {
  status: ReportStatus;
  resubmitted: boolean;
  /** Stored after the period's due date. */
  late: boolean;
  dueDate: string | null;
  returnReason: string | null;
  remarks: Remark[];
  explanationReviews: Record<string, ExplanationReview>;
}

/** The PUT body with answers to remarks (`remarkId → text`). */
export interface WorkflowPutBody {
  values: Record<string, number>;
  explanations?: Record<string, string>;
  answers?: Record<string, string>;
}

export interface Period {
  id: string;
  unit: UnitRef;
  form: string;
  year: number;
  /** `YYYY-MM-DD`, China time. */
  dueDate: string;
  supplements: { capacity: boolean };
  openedAt: string;
  closedAt: string | null;
}

export interface PeriodsResponse {
  periods: Period[];
}

export type ReviewBody =
  | {
      action: "return";
      revision: number;
      reason: string;
      remarks?: { cell: string; text: string }[];
      explanations?: Record<string, { decision: ExplanationDecision; comment?: string }>;
    }
  | {
      action: "accept";
      revision: number;
      explanations?: Record<string, { decision: "accepted"; comment?: string }>;
    }
  | { action: "reopen"; reason: string };

export interface HistoryEvent {
  action: "submit" | "return" | "accept" | "reopen";
  from: ReportStatus | null;
  to: ReportStatus;
  revision: number;
  by: { credential: string; unit: UnitRef; role: string };
  at: string;
  reason: string | null;
}

export type Include = "submitted" | "accepted";

export interface WorkflowCompletenessEntry extends Omit<CompletenessEntry, "status"> {
  status: "missing" | ReportStatus;
  /** Always sent by a workflow server; optional so an older server's rollup still draws. */
  late?: boolean | null;
  timeliness?: "on_time" | "late" | "missing";
}

export interface Counts {
  /** Units whose report is in the figures. */
  included: number;
  /** Reports in the subtree not in the figures (submitted or returned with include=accepted). */
  pending: number;
  /** Units without a report. */
  missing: number;
}

export type WorkflowRollupChild = RollupChild & Partial<Counts>;

export interface RuleFailures {
  rule: string;
  units: number;
  codes: string[];
}

export interface WorkflowRollup extends Omit<Rollup, "completeness" | "children"> {
  include?: Include;
  included?: number;
  pending?: number;
  children: WorkflowRollupChild[];
  completeness: WorkflowCompletenessEntry[];
  rules?: RuleFailures[];
}

/** Problem types of the workflow (`https://xxgk-tables.dev/problems/<slug>`). */
export function problemSlug(type: string): string {
  return type.slice(type.lastIndexOf("/") + 1);
}
