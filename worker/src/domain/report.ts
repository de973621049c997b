/** The current report as the API shows it: a stored revision plus its workflow state. */
import type {
  ExplanationReview,
  Remark,
  Report,
  ReportRevision,
  ReportStatus,
} from "../../../shared/api/schemas";
import { formName } from "../../../shared/forms/catalogue";
import { refusal, type Refusal } from "./refusal";

/** The workflow state of a report (`current_reports`), as the domain reads it. */
export interface ReportState {
  status: ReportStatus;
  /** Submitted again after a return (and not accepted since). */
  resubmitted: boolean;
  returnReason: string | null;
  dueDate: string | null;
  /** Sequence number of the latest event; the next transition writes `seq + 1`. */
  seq: number;
}

/** The current report with its workflow state (GET, PUT result, review result). */
export function buildReport(
  revision: ReportRevision,
  state: Pick<ReportState, "status" | "resubmitted" | "returnReason" | "dueDate"> | null,
  remarks: Remark[],
  reviews: Record<string, ExplanationReview>,
): Report {
  const status = state?.status ?? "submitted";
  const resubmitted = status === "submitted" && (state?.resubmitted ?? false);
  return {
    ...revision,
    status,
    resubmitted,
    dueDate: state?.dueDate ?? null,
    returnReason: status === "returned" || resubmitted ? (state?.returnReason ?? null) : null,
    remarks,
    explanationReviews: reviews,
  };
}

/** The unit has not sent this report yet. */
export function noReport(
  unit: { code: string; name: string },
  form: string,
  year: number,
): Refusal {
  return refusal(
    "report-not-found",
    `「${unit.name}」尚未报送 ${year} 年度的${formName(form, "zh")}。`,
    `${unit.name} has not sent the ${year} ${formName(form, "en")} yet.`,
  );
}
