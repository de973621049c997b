/**
 * What a review (return / accept / reopen) does, decided without storage: the transition, the
 * checks of its remarks and explanation decisions, and the answer. Every transition is one D1
 * batch guarded by the report's event sequence number (services/review.ts). A refused review is
 * a `Refusal` (domain/refusal.ts) the service answers.
 */
import {
  reportETag,
  type ExplanationDecision,
  type ExplanationReview,
  type Remark,
  type Report,
  type ReportStatus,
  type ReviewBody,
} from "../../../shared/api/schemas";
import type { Form } from "../../../shared/forms/catalogue";
import type { Principal } from "../env";
import { isRefusal, refusal, type Refusal } from "./refusal";
import type { ReportState } from "./report";

export function illegalTransition(from: ReportStatus, action: string): Refusal {
  const zh: Record<ReportStatus, string> = {
    submitted: "待审核",
    returned: "已退回",
    accepted: "已通过",
    withdrawn: "已撤回",
  };
  const verb: Record<string, string> = {
    return: "退回",
    accept: "通过",
    reopen: "重新打开",
    withdraw: "撤回",
  };
  const past: Record<string, string> = {
    return: "returned",
    accept: "accepted",
    withdraw: "withdrawn",
  };
  return refusal(
    "illegal-transition",
    `报表当前状态为「${zh[from]}」,不能${verb[action] ?? action}。`,
    `The report is ${from}; it cannot be ${past[action] ?? "reopened"}.`,
    { reportStatus: from, action },
  );
}

export function staleRevision(current: number, asked: number): Refusal {
  return refusal(
    "stale-revision",
    `审核的是第 ${asked} 版,但报表当前为第 ${current} 版;请重新载入后再审核。`,
    `You reviewed revision ${asked}, but the current revision is ${current}; reload and review again.`,
    { currentRevision: current, currentETag: null },
  );
}

export interface ReviewContext {
  principal: Principal;
  form: Form;
  now: string;
  body: ReviewBody;
  /** The current report (a review of a unit with none is 404 before this). */
  report: Report;
  state: ReportState | null;
}

type Decisions = Record<string, { decision: ExplanationDecision; comment?: string }>;

/** Everything the write batch of a review stores. */
export interface ReviewPlan {
  action: ReviewBody["action"];
  from: ReportStatus;
  to: ReportStatus;
  seq: number;
  revision: number;
  reason: string | null;
  /** Whether the return clears `resubmitted` (an accept does). */
  resubmitted: boolean;
  remarks: Remark[];
  decisions: Decisions;
  /** +1: the revision joins the accepted aggregates; −1: it leaves them; null: unchanged. */
  acceptedSign: 1 | -1 | null;
  report: Report;
  etag: string;
}

function transition(action: ReviewBody["action"], from: ReportStatus): ReportStatus | Refusal {
  const allowed = action === "reopen" ? from === "accepted" : from === "submitted";
  if (!allowed) return illegalTransition(from, action);
  return action === "accept" ? "accepted" : "returned";
}

/** The trimmed reason (null for an accept), or the refusal of a blank one. */
function checkReason(body: ReviewBody): { reason: string | null } | Refusal {
  const reason = "reason" in body ? body.reason.trim() : null;
  if (body.action !== "accept" && !reason) {
    const ret = body.action === "return";
    return refusal(
      "reason-required",
      ret ? "退回报表必须填写原因。" : "重新打开报表必须填写原因。",
      ret ? "Returning a report needs a reason." : "Reopening a report needs a reason.",
    );
  }
  return { reason };
}

function newRemarks(ctx: ReviewContext, seq: number): Remark[] | Refusal {
  const { body, form, principal } = ctx;
  const asked = body.action === "return" ? (body.remarks ?? []) : [];
  const cells = new Set(form.cells.map((c) => c.id));
  const badCells = asked.filter((r) => !cells.has(r.cell)).map((r) => r.cell);
  if (badCells.length) {
    return refusal(
      "unknown-cell",
      `意见所指的单元格不属于该报表:${badCells.slice(0, 10).join("、")}`,
      `Remark cells that are not cells of the form: ${badCells.slice(0, 10).join(", ")}`,
      { cells: badCells.slice(0, 100) },
    );
  }
  if (asked.some((r) => !r.text.trim())) {
    return refusal("remark-empty", "意见内容不能为空。", "A remark needs text.");
  }
  return asked.map((r, i) => ({
    id: `r${seq}-${i + 1}`,
    cell: r.cell,
    text: r.text.trim(),
    author: { name: principal.unit.name, role: principal.role },
    at: ctx.now,
    revision: ctx.report.revision,
    resolved: false,
    resolution: null,
    answer: null,
  }));
}

function checkDecisions(ctx: ReviewContext): Decisions | Refusal {
  const { body, report } = ctx;
  const decisions: Decisions = "explanations" in body ? (body.explanations ?? {}) : {};
  const issueKeys = new Set(report.issues.map((i) => i.key));
  const badKeys = Object.keys(decisions).filter((k) => !issueKeys.has(k));
  if (badKeys.length) {
    return refusal(
      "unknown-issue",
      `以下说明不属于第 ${report.revision} 版的提示:${badKeys.slice(0, 10).join("、")}`,
      `Not warnings of revision ${report.revision}: ${badKeys.slice(0, 10).join(", ")}`,
      { keys: badKeys.slice(0, 100) },
    );
  }
  if (body.action === "accept" && Object.values(decisions).some((d) => d.decision === "rejected")) {
    return refusal(
      "explanation-rejected",
      "通过报表时不能驳回说明;如说明不成立,请退回报表。",
      "An accept cannot reject an explanation; return the report instead.",
    );
  }
  return decisions;
}

/** Decide a review of the current report, or the refusal (the first check that fails). */
export function planReview(ctx: ReviewContext): ReviewPlan | Refusal {
  const { body, report } = ctx;
  const state: ReportState = ctx.state ?? {
    status: "submitted",
    resubmitted: false,
    returnReason: null,
    dueDate: null,
    seq: 0,
  };
  const from = state.status;
  if (body.revision !== undefined && body.revision !== report.revision) {
    return staleRevision(report.revision, body.revision);
  }
  const to = transition(body.action, from);
  if (isRefusal(to)) return to;
  const reasoned = checkReason(body);
  if (isRefusal(reasoned)) return reasoned;
  const { reason } = reasoned;
  const seq = state.seq + 1;
  const remarks = newRemarks(ctx, seq);
  if (isRefusal(remarks)) return remarks;
  const decisions = checkDecisions(ctx);
  if (isRefusal(decisions)) return decisions;
  const reviews: Record<string, ExplanationReview> = { ...report.explanationReviews };
  for (const [key, d] of Object.entries(decisions)) {
    const comment = d.comment?.trim();
    reviews[key] = { decision: d.decision, ...(comment ? { comment } : {}), at: ctx.now };
  }
  const answer: Report = {
    ...report,
    status: to,
    resubmitted: false,
    returnReason: to === "returned" ? reason : null,
    remarks: [...report.remarks, ...remarks],
    explanationReviews: reviews,
  };
  return {
    action: body.action,
    from,
    to,
    seq,
    revision: report.revision,
    reason,
    resubmitted: body.action === "accept" ? false : state.resubmitted,
    remarks,
    decisions,
    acceptedSign: body.action === "accept" ? 1 : body.action === "reopen" ? -1 : null,
    report: answer,
    etag: reportETag(ctx.form.id, report.year, report.revision),
  };
}
