/**
 * The reporting workflow (docs/WORKFLOW.md): report statuses and their transitions (review:
 * return / accept / reopen), remarks, explanation reviews, history, and the per-node aggregates of
 * accepted reports. Every transition is one D1 batch guarded by the report's event sequence
 * number: a concurrent transition that read the same state collides on the primary key of
 * `report_events` and its whole batch rolls back.
 */
import {
  ReviewBodySchema,
  reportETag,
  type ExplanationReview,
  type Remark,
  type Report,
  type ReportEvent,
  type ReportStatus,
  type ReviewBody,
  type Role,
  type UnitRef,
} from "../../shared/api/schemas";
import type { Form } from "../../shared/forms/catalogue";
import { parseJson } from "./body";
import { sha256Hex } from "./crypto";
import type { Principal, UnitRow } from "./env";
import { HttpProblem, problems } from "./problem";
import { aggregateDeltaStatement, SCALE, toReport, type RevisionRow } from "./reports";

/** The workflow columns of `current_reports`. */
export interface StateRow {
  revision: number;
  status: ReportStatus;
  late: number;
  resubmitted: number;
  return_reason: string | null;
  due_date: string | null;
  seq: number;
}

export interface RemarkRow {
  rid: string;
  cell: string;
  text: string;
  author_name: string | null;
  author_role: string;
  at: string;
  revision: number;
  resolution: "changed" | "answered" | null;
  answer: string | null;
}

interface ReviewRow {
  issue_key: string;
  decision: "accepted" | "rejected";
  comment: string | null;
  at: string;
}

export function stateStatement(db: D1Database, unitId: number, form: string, year: number) {
  return db
    .prepare(
      `SELECT revision, status, late, resubmitted, return_reason, due_date, seq
         FROM current_reports WHERE unit_id = ?1 AND form = ?2 AND year = ?3`,
    )
    .bind(unitId, form, year);
}

export function remarksStatement(db: D1Database, unitId: number, form: string, year: number) {
  return db
    .prepare(
      `SELECT m.rid, m.cell, m.text, u.name AS author_name, m.author_role, m.at, m.revision,
              m.resolution, m.answer
         FROM remarks m LEFT JOIN units u ON u.id = m.author_unit_id
        WHERE m.unit_id = ?1 AND m.form = ?2 AND m.year = ?3 ORDER BY m.id`,
    )
    .bind(unitId, form, year);
}

function reviewsStatement(db: D1Database, unitId: number, form: string, year: number) {
  return db
    .prepare(
      `SELECT e.issue_key, e.decision, e.comment, e.at FROM explanation_reviews e
         JOIN current_reports c ON c.unit_id = e.unit_id AND c.form = e.form AND c.year = e.year
                               AND c.revision = e.revision
        WHERE e.unit_id = ?1 AND e.form = ?2 AND e.year = ?3 ORDER BY e.issue_key`,
    )
    .bind(unitId, form, year);
}

export function toRemark(r: RemarkRow): Remark {
  return {
    id: r.rid,
    cell: r.cell,
    text: r.text,
    author: { name: r.author_name ?? "", role: r.author_role },
    at: r.at,
    revision: r.revision,
    resolved: r.resolution !== null,
    resolution: r.resolution,
    answer: r.answer,
  };
}

/** The current report with its workflow state (GET, PUT result, review result). */
export function buildReport(
  row: RevisionRow,
  unit: UnitRef,
  state: Omit<StateRow, "revision" | "seq" | "late"> | null,
  remarks: Remark[],
  reviews: Record<string, ExplanationReview>,
): Report {
  const status = state?.status ?? "submitted";
  const resubmitted = status === "submitted" && (state?.resubmitted ?? 0) === 1;
  return {
    ...toReport(row, unit),
    status,
    resubmitted,
    dueDate: state?.due_date ?? null,
    returnReason: status === "returned" || resubmitted ? (state?.return_reason ?? null) : null,
    remarks,
    explanationReviews: reviews,
  };
}

function reviewsOf(rows: ReviewRow[]): Record<string, ExplanationReview> {
  const out: Record<string, ExplanationReview> = {};
  for (const r of rows) {
    out[r.issue_key] = {
      decision: r.decision,
      ...(r.comment ? { comment: r.comment } : {}),
      at: r.at,
    };
  }
  return out;
}

const REVISION_SELECT = `SELECT unit_id, form, year, revision, vals, explanations, issues, errors,
  warnings, status, credential_id, submitted_at, hash, late FROM revisions
  WHERE unit_id = ?1 AND form = ?2 AND year = ?3 ORDER BY revision DESC LIMIT 1`;

/** The current report of a unit with its state, remarks and reviews (one round trip). */
export async function currentReport(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
  /** One more read in the same round trip (its rows come back as `extra`). */
  extraRead?: D1PreparedStatement,
): Promise<{ report: Report | null; state: StateRow | null; extra: unknown[] }> {
  const [rev, st, rem, rv, ex] = await db.batch([
    db.prepare(REVISION_SELECT).bind(unit.id, form, year),
    stateStatement(db, unit.id, form, year),
    remarksStatement(db, unit.id, form, year),
    reviewsStatement(db, unit.id, form, year),
    ...(extraRead ? [extraRead] : []),
  ]);
  const extra = ex?.results ?? [];
  const row = rev!.results[0] as RevisionRow | undefined;
  const state = (st!.results[0] as StateRow | undefined) ?? null;
  if (!row) return { report: null, state, extra };
  return {
    extra,
    report: buildReport(
      row,
      unit,
      state,
      (rem!.results as RemarkRow[]).map(toRemark),
      reviewsOf(rv!.results as ReviewRow[]),
    ),
    state,
  };
}

// ------------------------------------------------------------------------------------------------
// Accepted aggregates

/** Move the accepted aggregates of a unit and its ancestors by `sign` × the revision's values. */
export function acceptedAggregateStatement(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
  values: Record<string, number>,
  sign: 1 | -1,
): D1PreparedStatement {
  const delta: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) {
    const d = sign * Math.round(v * SCALE);
    if (d !== 0) delta[k] = d;
  }
  return aggregateDeltaStatement(db, "accepted_aggregates", unit, form, year, delta, sign);
}

// ------------------------------------------------------------------------------------------------
// Events

export function eventStatement(
  db: D1Database,
  e: {
    unitId: number;
    form: string;
    year: number;
    seq: number;
    action: ReportEvent["action"];
    from: ReportStatus | null;
    to: ReportStatus;
    revision: number;
    principal: Principal;
    at: string;
    reason: string | null;
    requestId: string;
  },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO report_events (unit_id, form, year, seq, action, from_status, to_status, revision,
         credential_id, by_unit_id, role, at, reason, request_id)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)`,
    )
    .bind(
      e.unitId,
      e.form,
      e.year,
      e.seq,
      e.action,
      e.from,
      e.to,
      e.revision,
      e.principal.credential,
      e.principal.unit.id,
      e.principal.role,
      e.at,
      e.reason,
      e.requestId,
    );
}

export async function history(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
): Promise<ReportEvent[]> {
  const { results } = await db
    .prepare(
      `SELECT e.action, e.from_status, e.to_status, e.revision, e.credential_id, u.code, u.name,
              e.role, e.at, e.reason
         FROM report_events e LEFT JOIN units u ON u.id = e.by_unit_id
        WHERE e.unit_id = ?1 AND e.form = ?2 AND e.year = ?3 ORDER BY e.seq`,
    )
    .bind(unit.id, form, year)
    .all<{
      action: ReportEvent["action"];
      from_status: ReportStatus | null;
      to_status: ReportStatus;
      revision: number;
      credential_id: string;
      code: string | null;
      name: string | null;
      role: Role;
      at: string;
      reason: string | null;
    }>();
  return results.map((r) => ({
    action: r.action,
    from: r.from_status,
    to: r.to_status,
    revision: r.revision,
    by: {
      credential: r.credential_id,
      unit: { code: r.code ?? "", name: r.name ?? "" },
      role: r.role,
    },
    at: r.at,
    reason: r.reason,
  }));
}

// ------------------------------------------------------------------------------------------------
// Review

function illegal(from: ReportStatus, action: string): HttpProblem {
  const zh: Record<ReportStatus, string> = {
    submitted: "待审核",
    returned: "已退回",
    accepted: "已通过",
  };
  const verb: Record<string, string> = { return: "退回", accept: "通过", reopen: "重新打开" };
  return new HttpProblem(
    409,
    "illegal-transition",
    "不能执行该操作",
    `报表当前状态为「${zh[from]}」,不能${verb[action] ?? action}。`,
    `The report is ${from}; it cannot be ${action === "return" ? "returned" : action === "accept" ? "accepted" : "reopened"}.`,
    { reportStatus: from, action },
  );
}

function staleRevision(current: number, asked: number): HttpProblem {
  return new HttpProblem(
    409,
    "stale-revision",
    "报表已有新版本",
    `审核的是第 ${asked} 版,但报表当前为第 ${current} 版;请重新载入后再审核。`,
    `You reviewed revision ${asked}, but the current revision is ${current}; reload and review again.`,
    { currentRevision: current, currentETag: null },
  );
}

function unprocessable(slug: string, zh: string, en: string, ext: Record<string, unknown> = {}) {
  return new HttpProblem(422, slug, "审核内容有误", zh, en, ext);
}

/** Only a supervisor of a strict ancestor of the unit may review its reports. */
export function authorizeReview(principal: Principal, unit: UnitRow | null): UnitRow {
  if (principal.role !== "supervisor") {
    throw problems.forbiddenRole(
      "只有上级单位的审核人员(supervisor)可以审核报表。",
      "Only a supervisor of an ancestor unit may review reports.",
    );
  }
  if (!unit || !unit.path.startsWith(principal.unit.path)) throw problems.forbiddenUnit();
  if (unit.id === principal.unit.id) {
    throw problems.forbiddenRole(
      "不能审核本单位自己的报表,只能审核下级单位的报表。",
      "A supervisor reviews the reports of units below their own, not their own unit's.",
    );
  }
  return unit;
}

export function parseReviewBody(raw: string): ReviewBody {
  const parsed = ReviewBodySchema.safeParse(parseJson(raw));
  if (!parsed.success) {
    throw problems.badRequest(
      "invalid-body",
      '审核请求体应为 {"action": "return" | "accept" | "reopen", …}(见 docs/WORKFLOW.md)。',
      'The review body must be {"action": "return" | "accept" | "reopen", …} (see docs/WORKFLOW.md).',
      { errors: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) },
    );
  }
  return parsed.data;
}

export interface ReviewInput {
  principal: Principal;
  unit: UnitRow;
  form: Form;
  year: number;
  rawBody: string;
  idempotencyKey: string | null;
  requestId: string;
  now: string;
}

export interface ReviewOutcome {
  status: number;
  body: string;
  etag: string | null;
  replayed: boolean;
}

interface IdemRow {
  request_hash: string;
  status: number;
  body: string;
  etag: string | null;
}

function keyReused(): HttpProblem {
  return new HttpProblem(
    422,
    "idempotency-key-reused",
    "幂等键已被使用",
    "该 Idempotency-Key 已用于另一个不同的请求;请为新的审核使用新的键。",
    "This Idempotency-Key was used for a different request; use a new key for a new review.",
  );
}

function isConstraintError(e: unknown): boolean {
  const msg = e instanceof Error ? `${e.message} ${String(e.cause ?? "")}` : String(e);
  return /constraint|SQLITE_CONSTRAINT/i.test(msg);
}

/** Return, accept or reopen the current revision in one batch (or replay an idempotent retry). */
export async function reviewReport(db: D1Database, input: ReviewInput): Promise<ReviewOutcome> {
  const { principal, unit, form, year } = input;
  const body = parseReviewBody(input.rawBody);
  const requestHash = await sha256Hex(
    `POST review\n${unit.code}\n${form.id}\n${year}\n${input.rawBody}`,
  );
  const idemSelect = (key: string) =>
    db
      .prepare(
        `SELECT request_hash, status, body, etag FROM idempotency WHERE credential_id = ?1 AND key = ?2`,
      )
      .bind(principal.credential, key);
  const replayOf = (rec: IdemRow): ReviewOutcome => {
    if (rec.request_hash !== requestHash) throw keyReused();
    return { status: rec.status, body: rec.body, etag: rec.etag, replayed: true };
  };
  // The idempotency record is read in the same round trip as the report.
  const found = await currentReport(
    db,
    unit,
    form.id,
    year,
    input.idempotencyKey !== null ? idemSelect(input.idempotencyKey) : undefined,
  );
  const rec = found.extra[0] as IdemRow | undefined;
  if (rec) return replayOf(rec);
  const report = found.report;
  if (!report) {
    throw new HttpProblem(
      404,
      "report-not-found",
      "尚未提交",
      `单位「${unit.name}」尚未提交 ${year} 年度的 ${form.id} 报表。`,
      `Unit "${unit.code}" has not submitted form ${form.id} for ${year} yet.`,
    );
  }
  const state: StateRow = found.state ?? {
    revision: report.revision,
    status: "submitted",
    late: report.late ? 1 : 0,
    resubmitted: 0,
    return_reason: null,
    due_date: null,
    seq: 0,
  };
  const from = state.status;
  const asked = body.revision;
  if (asked !== undefined && asked !== report.revision) throw staleRevision(report.revision, asked);

  let to: ReportStatus;
  if (body.action === "return") {
    if (from !== "submitted") throw illegal(from, "return");
    to = "returned";
  } else if (body.action === "accept") {
    if (from !== "submitted") throw illegal(from, "accept");
    to = "accepted";
  } else {
    if (from !== "accepted") throw illegal(from, "reopen");
    to = "returned";
  }
  const reason = "reason" in body ? body.reason.trim() : null;
  if (body.action !== "accept" && !reason) {
    throw unprocessable(
      "reason-required",
      body.action === "return" ? "退回报表必须填写原因。" : "重新打开报表必须填写原因。",
      body.action === "return"
        ? "Returning a report needs a reason."
        : "Reopening a report needs a reason.",
    );
  }
  const cells = new Set(form.cells.map((c) => c.id));
  const seq = state.seq + 1;
  const remarks = (body.action === "return" ? (body.remarks ?? []) : []).map((r, i) => ({
    ...r,
    id: `r${seq}-${i + 1}`,
  }));
  const badCells = remarks.filter((r) => !cells.has(r.cell)).map((r) => r.cell);
  if (badCells.length) {
    throw unprocessable(
      "unknown-cell",
      `意见所指的单元格不属于该报表:${badCells.slice(0, 10).join("、")}`,
      `Remark cells that are not cells of the form: ${badCells.slice(0, 10).join(", ")}`,
      { cells: badCells.slice(0, 100) },
    );
  }
  if (remarks.some((r) => !r.text.trim())) {
    throw unprocessable("remark-empty", "意见内容不能为空。", "A remark needs text.");
  }
  const decisions = "explanations" in body ? (body.explanations ?? {}) : {};
  const issueKeys = new Set(report.issues.map((i) => i.key));
  const badKeys = Object.keys(decisions).filter((k) => !issueKeys.has(k));
  if (badKeys.length) {
    throw unprocessable(
      "unknown-issue",
      `以下说明不属于第 ${report.revision} 版的提示:${badKeys.slice(0, 10).join("、")}`,
      `Not warnings of revision ${report.revision}: ${badKeys.slice(0, 10).join(", ")}`,
      { keys: badKeys.slice(0, 100) },
    );
  }
  if (body.action === "accept" && Object.values(decisions).some((d) => d.decision === "rejected")) {
    throw unprocessable(
      "explanation-rejected",
      "通过报表时不能驳回说明;如说明不成立,请退回报表。",
      "An accept cannot reject an explanation; return the report instead.",
    );
  }

  const now = input.now;
  const revision = report.revision;
  const statements: D1PreparedStatement[] = [
    eventStatement(db, {
      unitId: unit.id,
      form: form.id,
      year,
      seq,
      action: body.action,
      from,
      to,
      revision,
      principal,
      at: now,
      reason,
      requestId: input.requestId,
    }),
    db
      .prepare(
        `UPDATE current_reports SET status = ?4, seq = ?5, resubmitted = ?6,
                return_reason = coalesce(?7, return_reason)
          WHERE unit_id = ?1 AND form = ?2 AND year = ?3`,
      )
      .bind(
        unit.id,
        form.id,
        year,
        to,
        seq,
        body.action === "accept" ? 0 : state.resubmitted,
        body.action === "accept" ? null : reason,
      ),
  ];
  for (const r of remarks) {
    statements.push(
      db
        .prepare(
          `INSERT INTO remarks (unit_id, form, year, revision, cell, text, author_credential,
             author_unit_id, author_role, at, rid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)`,
        )
        .bind(
          unit.id,
          form.id,
          year,
          revision,
          r.cell,
          r.text.trim(),
          principal.credential,
          principal.unit.id,
          principal.role,
          now,
          r.id,
        ),
    );
  }
  for (const [key, d] of Object.entries(decisions)) {
    statements.push(
      db
        .prepare(
          `INSERT INTO explanation_reviews (unit_id, form, year, revision, issue_key, decision, comment, at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
           ON CONFLICT (unit_id, form, year, revision, issue_key) DO UPDATE
              SET decision = excluded.decision, comment = excluded.comment, at = excluded.at`,
        )
        .bind(unit.id, form.id, year, revision, key, d.decision, d.comment?.trim() || null, now),
    );
  }
  if (body.action === "accept" || body.action === "reopen") {
    statements.push(
      acceptedAggregateStatement(
        db,
        unit,
        form.id,
        year,
        report.values,
        body.action === "accept" ? 1 : -1,
      ),
    );
  }
  // The answer, built from what the batch writes (so an idempotency record can go in it too).
  const newRemarks: Remark[] = remarks.map((r) => ({
    id: r.id,
    cell: r.cell,
    text: r.text.trim(),
    author: { name: principal.unit.name, role: principal.role },
    at: now,
    revision,
    resolved: false,
    resolution: null,
    answer: null,
  }));
  const reviews: Record<string, ExplanationReview> = { ...report.explanationReviews };
  for (const [key, d] of Object.entries(decisions)) {
    const comment = d.comment?.trim();
    reviews[key] = { decision: d.decision, ...(comment ? { comment } : {}), at: now };
  }
  const answer: Report = {
    ...report,
    status: to,
    resubmitted: false,
    returnReason: to === "returned" ? reason : null,
    remarks: [...report.remarks, ...newRemarks],
    explanationReviews: reviews,
  };
  const responseBody = JSON.stringify(answer);
  const etag = reportETag(form.id, year, revision);
  statements.push(
    db
      .prepare(
        `INSERT INTO audit_log (at, request_id, credential_id, action, target, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
      )
      .bind(
        now,
        input.requestId,
        principal.credential,
        `report.${body.action}`,
        `${unit.code}/${form.id}/${year}`,
        JSON.stringify({ revision, from, to, reason, remarks: remarks.length }),
      ),
  );
  if (input.idempotencyKey !== null) {
    statements.push(
      db
        .prepare(
          `INSERT INTO idempotency (credential_id, key, request_hash, status, body, etag, created_at)
           VALUES (?1, ?2, ?3, 200, ?4, ?5, ?6)`,
        )
        .bind(principal.credential, input.idempotencyKey, requestHash, responseBody, etag, now),
    );
  }
  try {
    await db.batch(statements);
  } catch (e) {
    if (!isConstraintError(e)) throw e;
    if (input.idempotencyKey !== null) {
      const rec = await idemSelect(input.idempotencyKey).first<IdemRow>();
      if (rec) return replayOf(rec);
    }
    // Someone else changed the report first.
    const again = (await currentReport(db, unit, form.id, year)).report;
    if (again && again.revision !== revision) throw staleRevision(again.revision, revision);
    throw illegal(again?.status ?? from, body.action);
  }
  return { status: 200, body: responseBody, etag, replayed: false };
}
