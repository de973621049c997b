/**
 * A clerk's withdrawal (撤回) of a submitted report no one has reviewed yet, decided without
 * storage: back to the clerk (status `withdrawn`, which submits like a returned report), its
 * reason kept with the event. One D1 batch guarded by the report's event sequence number
 * (services/withdraw.ts), like every transition.
 */
import { reportETag, type Report, type WithdrawBody } from "../../../shared/api/schemas";
import type { Form } from "../../../shared/forms/catalogue";
import type { ReportState } from "./report";
import { refusal, type Refusal } from "./refusal";
import { illegalTransition, staleRevision } from "./review";

export interface WithdrawPlan {
  seq: number;
  revision: number;
  reason: string;
  report: Report;
  etag: string;
}

/** Decide a withdrawal of the current report, or the refusal. */
export function planWithdraw(ctx: {
  form: Form;
  body: WithdrawBody;
  report: Report;
  state: ReportState | null;
}): WithdrawPlan | Refusal {
  const { body, report } = ctx;
  if (body.revision !== report.revision) return staleRevision(report.revision, body.revision);
  const from = ctx.state?.status ?? "submitted";
  if (from !== "submitted") return illegalTransition(from, "withdraw");
  const reason = body.reason.trim();
  if (!reason) {
    return refusal(
      "reason-required",
      "撤回报表必须填写原因。",
      "Withdrawing a report needs a reason.",
    );
  }
  return {
    seq: (ctx.state?.seq ?? 0) + 1,
    revision: report.revision,
    reason,
    report: { ...report, status: "withdrawn", resubmitted: false, returnReason: null },
    etag: reportETag(ctx.form.id, report.year, report.revision),
  };
}
