/**
 * What a submission (PUT of a report) does, decided without storage: the preconditions (lock,
 * period, If-Match), the engine's verdict, and then everything the write batch stores — the new
 * revision, the workflow state, the resolved remarks, the aggregate and rule deltas and the
 * answer. The service (services/submit.ts) reads the inputs and writes the plan; a check that
 * fails is a `Refusal` (domain/refusal.ts) it answers.
 */
import {
  MIN_EXPLANATION_CHARS,
  reportETag,
  type Remark,
  type Report,
  type ReportRevision,
  type ReportStatus,
} from "../../../shared/api/schemas";
import { validate, type Issue } from "../../../shared/engine/index";
import { formName, type Form } from "../../../shared/forms/catalogue";
import type { Principal, UnitRow } from "../env";
import { refusal, type Refusal } from "./refusal";
import { checkFileBase, type CurrentFileRevision, type FileUpload } from "./file-base";
import { isLate } from "./periods";
import { buildReport, type ReportState } from "./report";
import { scaledDelta } from "./scaled";

/** A PUT body once its shape is checked (cell values are still the engine's business). */
export interface SubmissionBody {
  values: Record<string, unknown>;
  explanations: Record<string, string>;
  answers: Record<string, string>;
}

/** The unit's period for the form and year, as a submission needs it. */
export interface SubmissionPeriod {
  dueDate: string;
  capacity: boolean;
  closed: boolean;
}

/** Everything a submission reads (one read batch). */
export interface SubmissionContext {
  principal: Principal;
  unit: UnitRow;
  form: Form;
  year: number;
  now: string;
  ifMatch: string | null;
  current: ReportRevision | null;
  state: ReportState | null;
  period: SubmissionPeriod | null;
  remarks: Remark[];
  /** Last year's values (same form first, else the form that served that year). */
  previous: Record<string, number> | null;
  /** An uploaded report file's base (domain/file-base.ts); null for the JSON API. */
  file?: FileUpload | null;
  /** The current revision's source and sender, read for a file upload only. */
  fileCurrent?: CurrentFileRevision | null;
}

export function reportLocked(unit: UnitRow, form: string, year: number): Refusal {
  return refusal(
    "report-locked",
    `「${unit.name}」${year} 年度的${formName(form, "zh")}已通过审核并锁定;如需修改,请上级单位重新打开。`,
    `The ${year} ${formName(form, "en")} of ${unit.name} was accepted and is locked; a supervisor must reopen it first.`,
  );
}

export function noOpenPeriod(form: string, year: number): Refusal {
  return refusal(
    "no-open-period",
    `本单位 ${year} 年度${formName(form, "zh")}的填报期尚未开启或已关闭`,
    `No reporting period for the ${year} ${formName(form, "en")} is open for this unit.`,
  );
}

/** `第 3 版` for the tag `"gov-2021-2025-r3"`: the words a clerk reads, never the tag. */
function versionWords(tag: string): string {
  const n = /-r(\d+)"?$/.exec(tag)?.[1];
  return n ? `第 ${n} 版` : "新版次";
}

export function staleETag(current: string | null): Refusal {
  return refusal(
    "precondition-failed",
    current
      ? `报表已有更新的版次(${versionWords(current)}),请先获取最新版本,在其上修改后再报送。`
      : "该报表尚未报送过任何版次,首次报送不能指定要替换的版次。",
    current
      ? `The report has a newer revision (${current}); fetch it and resubmit.`
      : "The report has no revision yet; send the first one without naming a revision to replace.",
    { currentETag: current },
  );
}

/**
 * Does an `If-Match` header match the current ETag (`*` = any)? A weak form of our own tag
 * (`W/"gov-2021-2021-r3"`) counts too: Cloudflare weakens strong ETags when it compresses a
 * response, and the tag names the revision exactly either way.
 */
export function ifMatchHolds(header: string, current: string | null): boolean {
  if (current === null) return false;
  const tags = header.split(",").map((t) => t.trim().replace(/^W\//, ""));
  return tags.some((t) => t === "*" || t === current);
}

/**
 * The lock, the period and which revision this one replaces (If-Match, or for an uploaded file
 * without it, the file's base): may this submission be stored at all?
 */
export function checkPreconditions(ctx: SubmissionContext): SubmissionPeriod | Refusal {
  const { current, form, year } = ctx;
  if (current && ctx.state?.status === "accepted") return reportLocked(ctx.unit, form.id, year);
  if (!ctx.period || ctx.period.closed) return noOpenPeriod(form.id, year);
  if (ctx.file && ctx.ifMatch === null) {
    return checkFileBase(ctx.file, current ? (ctx.fileCurrent ?? null) : null) ?? ctx.period;
  }
  const currentTag = current ? reportETag(form.id, year, current.revision) : null;
  if (current && ctx.ifMatch === null) {
    return refusal(
      "precondition-required",
      `该报表已有第 ${current.revision} 版,本次报送没有说明要替换哪一版:请先获取最新版本,在其上修改后再报送。`,
      `The report already has revision ${current.revision}; this submission does not say which revision it replaces. Fetch the latest one, change it and resubmit.`,
      { currentETag: currentTag },
    );
  }
  if (ctx.ifMatch !== null && !ifMatchHolds(ctx.ifMatch, currentTag)) return staleETag(currentTag);
  return ctx.period;
}

function explanationOk(text: string | undefined): boolean {
  return text !== undefined && [...text.trim()].length >= MIN_EXPLANATION_CHARS;
}

function filledSupplementCells(form: Form, values: Record<string, unknown>): string[] {
  return form.cells
    .filter((c) => c.supplement === "capacity")
    .filter((c) => {
      const v = values[c.id];
      return v !== undefined && v !== null && v !== 0 && v !== "";
    })
    .map((c) => c.id);
}

/** The values and explanations a valid submission stores, and its warnings. */
export interface CheckedSubmission {
  values: Record<string, number>;
  explanations: Record<string, string>;
  warnings: Issue[];
}

/** The engine's verdict on the body: 422 with every issue, or what to store. */
export function checkSubmission(
  ctx: SubmissionContext,
  period: SubmissionPeriod,
  body: SubmissionBody,
): CheckedSubmission | Refusal {
  const { form } = ctx;
  if (!period.capacity) {
    const filled = filledSupplementCells(form, body.values);
    if (filled.length) {
      return refusal(
        "supplement-not-collected",
        `本填报期不收集工作力量与经费补充表,以下单元格应为空或 0:${filled.slice(0, 10).join("、")}`,
        `This period does not collect the staffing/funding supplement; these cells must be blank or 0: ${filled.slice(0, 10).join(", ")}`,
        { cells: filled },
      );
    }
  }
  const result = validate(form, body.values, {
    previous: ctx.previous,
    lenient: false,
    supplements: { capacity: period.capacity },
  });
  const warnings = result.issues.filter((i) => i.severity === "warning");
  const missingExplanations = warnings
    .filter((w) => !explanationOk(body.explanations[w.key]))
    .map((w) => w.key);
  if (result.errors > 0 || missingExplanations.length > 0) {
    const zh =
      result.errors > 0
        ? `报表有 ${result.errors} 处错误,不能提交。`
        : `有 ${missingExplanations.length} 条提示需要填写不少于 ${MIN_EXPLANATION_CHARS} 个字的说明。`;
    const en =
      result.errors > 0
        ? `The report has ${result.errors} error(s) and cannot be submitted.`
        : `${missingExplanations.length} warning(s) need an explanation of at least ${MIN_EXPLANATION_CHARS} characters.`;
    return refusal("validation-failed", zh, en, {
      issues: result.issues,
      missingExplanations,
      errors: result.errors,
      warnings: result.warnings,
    });
  }
  const values: Record<string, number> = {};
  for (const cell of form.cells) values[cell.id] = result.values[cell.id] ?? 0;
  const explanations: Record<string, string> = {};
  for (const w of warnings) explanations[w.key] = body.explanations[w.key]!.trim();
  return { values, explanations, warnings };
}

/** An open remark resolved by this submission. */
export interface ResolvedRemark {
  rid: string;
  resolution: "changed" | "answered";
  answer: string | null;
}

/** Open remarks of the last return: resolved by an answer or by a change of their cell. */
function resolveRemarks(
  remarks: Remark[],
  answers: Record<string, string>,
  oldValues: Record<string, number>,
  values: Record<string, number>,
): { remarks: Remark[]; resolved: ResolvedRemark[] } {
  const resolved: ResolvedRemark[] = [];
  const out = remarks.map((m): Remark => {
    if (m.resolved) return m;
    const answer = answers[m.id]?.trim();
    if (answer) {
      resolved.push({ rid: m.id, resolution: "answered", answer });
      return { ...m, resolved: true, resolution: "answered", answer };
    }
    if ((oldValues[m.cell] ?? 0) !== (values[m.cell] ?? 0)) {
      resolved.push({ rid: m.id, resolution: "changed", answer: null });
      return { ...m, resolved: true, resolution: "changed" };
    }
    return m;
  });
  return { remarks: out, resolved };
}

/** +1 for rules failed now and not before, −1 for rules no longer failed. */
function ruleDeltaOf(rules: string[], oldIssues: Issue[]): Record<string, number> {
  const oldRules = new Set(oldIssues.map((i) => i.rule));
  const delta: Record<string, number> = {};
  for (const r of rules) if (!oldRules.has(r)) delta[r] = 1;
  for (const r of oldRules) if (!rules.includes(r)) delta[r] = -1;
  return delta;
}

/** Everything the write batch of a submission stores. */
export interface SubmissionPlan {
  revision: ReportRevision;
  /** The new workflow state (`current_reports`). */
  state: ReportState & { late: boolean; rules: string[] };
  from: ReportStatus | null;
  resolved: ResolvedRemark[];
  /** Scaled (×10⁴) value changes for the aggregates of the unit and its ancestors. */
  delta: Record<string, number>;
  /** 1 for a first submission (the unit joins `submitted`), else 0. */
  newlySubmitted: 0 | 1;
  ruleDelta: Record<string, number>;
  report: Report;
  etag: string;
}

/** The plan of a valid submission; `hash` is sha-256 of the canonical values and explanations. */
export function planSubmission(
  ctx: SubmissionContext,
  period: SubmissionPeriod,
  checked: CheckedSubmission,
  body: SubmissionBody,
  hash: string,
): SubmissionPlan {
  const { current, state, form, year, unit } = ctx;
  const { values, explanations, warnings } = checked;
  const number = (current?.revision ?? 0) + 1;
  const late = isLate(period.dueDate, ctx.now);
  const revision: ReportRevision = {
    unit: { code: unit.code, name: unit.name },
    form: form.id,
    year,
    revision: number,
    values,
    explanations,
    issues: warnings,
    errors: 0,
    warnings: warnings.length,
    status: "submitted",
    submittedAt: ctx.now,
    credential: ctx.principal.credential,
    hash,
    late,
  };
  const from: ReportStatus | null = current ? (state?.status ?? "submitted") : null;
  const resubmitted = from === "returned" || (from === "submitted" && state?.resubmitted === true);
  const returnReason = resubmitted ? (state?.returnReason ?? null) : null;
  const rules = [...new Set(warnings.map((w) => w.rule))].sort();
  const { remarks, resolved } = resolveRemarks(
    ctx.remarks,
    body.answers,
    current?.values ?? {},
    values,
  );
  const newState = {
    status: "submitted" as const,
    resubmitted,
    returnReason,
    dueDate: period.dueDate,
    seq: (state?.seq ?? 0) + 1,
    late,
    rules,
  };
  return {
    revision,
    state: newState,
    from,
    resolved,
    delta: scaledDelta(values, current?.values ?? null),
    newlySubmitted: current ? 0 : 1,
    ruleDelta: ruleDeltaOf(rules, current?.issues ?? []),
    report: buildReport(revision, newState, remarks, {}),
    etag: reportETag(form.id, year, number),
  };
}
