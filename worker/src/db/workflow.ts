/**
 * The workflow tables (docs/WORKFLOW.md): each report's state (`current_reports`), its events
 * (`report_events`, whose primary key serializes transitions), and the current report read in one
 * round trip with its remarks and explanation reviews.
 */
import type { Report, ReportEvent, ReportStatus, Role } from "../../../shared/api/schemas";
import type { Principal, UnitRow } from "../env";
import { buildReport, type ReportState } from "../domain/report";
import type { SubmissionPlan } from "../domain/submission";
import type { ReviewPlan } from "../domain/review";
import { firstOf, rowsOf } from "./batch";
import {
  remarksStatement,
  reviewsStatement,
  toRemarks,
  toReviews,
  type ReportKey,
} from "./remarks";
import { currentRevisionStatement, toRevision, type RevisionRow } from "./revisions";

interface StateRow {
  revision: number;
  status: Exclude<ReportStatus, "withdrawn">;
  withdrawn: number;
  late: number;
  resubmitted: number;
  return_reason: string | null;
  due_date: string | null;
  seq: number;
}

export function stateStatement(db: D1Database, k: ReportKey): D1PreparedStatement {
  return db
    .prepare(
      `SELECT revision, status, withdrawn, late, resubmitted, return_reason, due_date, seq
         FROM current_reports WHERE unit_id = ?1 AND form = ?2 AND year = ?3`,
    )
    .bind(k.unitId, k.form, k.year);
}

export function toState(row: unknown): ReportState | null {
  const r = row as StateRow | null;
  if (!r) return null;
  return {
    // A withdrawal is stored as 'returned' (migration 0009): the clerk may submit again.
    status: r.status === "returned" && r.withdrawn === 1 ? "withdrawn" : r.status,
    resubmitted: r.resubmitted === 1,
    returnReason: r.return_reason,
    dueDate: r.due_date,
    seq: r.seq,
  };
}

/** The state after a submission (insert or update of the report's `current_reports` row). */
export function upsertSubmittedStatement(
  db: D1Database,
  k: ReportKey,
  plan: SubmissionPlan,
): D1PreparedStatement {
  const s = plan.state;
  return db
    .prepare(
      `INSERT INTO current_reports (unit_id, form, year, revision, errors, warnings, submitted_at,
         status, late, resubmitted, return_reason, due_date, rules, seq)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'submitted', ?8, ?9, ?10, ?11, ?12, ?13)
       ON CONFLICT (unit_id, form, year) DO UPDATE SET revision = excluded.revision,
         errors = excluded.errors, warnings = excluded.warnings, submitted_at = excluded.submitted_at,
         status = 'submitted', withdrawn = 0, late = excluded.late, resubmitted = excluded.resubmitted,
         return_reason = excluded.return_reason, due_date = excluded.due_date,
         rules = excluded.rules, seq = excluded.seq`,
    )
    .bind(
      k.unitId,
      k.form,
      k.year,
      plan.revision.revision,
      plan.revision.errors,
      plan.revision.warnings,
      plan.revision.submittedAt,
      s.late ? 1 : 0,
      s.resubmitted ? 1 : 0,
      s.returnReason,
      s.dueDate,
      JSON.stringify(s.rules),
      s.seq,
    );
}

/** The state after a review. */
export function updateReviewedStatement(
  db: D1Database,
  k: ReportKey,
  plan: ReviewPlan,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE current_reports SET status = ?4, seq = ?5, resubmitted = ?6,
              return_reason = coalesce(?7, return_reason)
        WHERE unit_id = ?1 AND form = ?2 AND year = ?3`,
    )
    .bind(
      k.unitId,
      k.form,
      k.year,
      plan.to,
      plan.seq,
      plan.resubmitted ? 1 : 0,
      plan.action === "accept" ? null : plan.reason,
    );
}

export interface EventInput {
  seq: number;
  action: ReportEvent["action"];
  from: ReportStatus | null;
  to: ReportStatus;
  revision: number;
  principal: Principal;
  at: string;
  reason: string | null;
  requestId: string;
}

/** The event of a transition; `seq` collides when a concurrent transition read the same state. */
export function eventStatement(db: D1Database, k: ReportKey, e: EventInput): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO report_events (unit_id, form, year, seq, action, from_status, to_status, revision,
         credential_id, by_unit_id, role, at, reason, request_id)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)`,
    )
    .bind(
      k.unitId,
      k.form,
      k.year,
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

export interface CurrentReport {
  report: Report | null;
  state: ReportState | null;
  /** The rows of the extra read, if one was asked for. */
  extra: unknown[];
}

/** The current report of a unit with its state, remarks and reviews (one round trip). */
export async function readCurrentReport(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
  /** One more read in the same round trip (its rows come back as `extra`). */
  extraRead?: D1PreparedStatement,
): Promise<CurrentReport> {
  const k = { unitId: unit.id, form, year };
  const [rev, st, rem, rv, ex] = await db.batch([
    currentRevisionStatement(db, unit.id, form, year),
    stateStatement(db, k),
    remarksStatement(db, k),
    reviewsStatement(db, k),
    ...(extraRead ? [extraRead] : []),
  ]);
  const extra = ex?.results ?? [];
  const row = firstOf<RevisionRow>(rev);
  const state = toState(firstOf(st));
  if (!row) return { report: null, state, extra };
  const report = buildReport(
    toRevision(row, unit),
    state,
    toRemarks(rowsOf(rem)),
    toReviews(rowsOf(rv)),
  );
  return { report, state, extra };
}

interface EventRow {
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
}

/** Every transition of a report, oldest first. */
export async function history(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
): Promise<ReportEvent[]> {
  const { results } = await db
    .prepare(
      `SELECT e.action, e.from_status, e.to_status, e.revision, e.credential_id, u.code, u.name,
              e.role, e.at, e.reason, e.seq
         FROM report_events e LEFT JOIN units u ON u.id = e.by_unit_id
        WHERE e.unit_id = ?1 AND e.form = ?2 AND e.year = ?3
       UNION ALL
       SELECT 'withdraw', 'submitted', 'withdrawn', w.revision, w.credential_id, u.code, u.name,
              w.role, w.at, w.reason, w.seq
         FROM report_withdrawals w LEFT JOIN units u ON u.id = w.by_unit_id
        WHERE w.unit_id = ?1 AND w.form = ?2 AND w.year = ?3
       ORDER BY seq`,
    )
    .bind(unit.id, form, year)
    .all<EventRow>();
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
