/** Remarks pinned to cells by a return, and the decisions on explanations. */
import type { ExplanationDecision, ExplanationReview, Remark } from "../../../shared/api/schemas";
import type { Principal } from "../env";
import type { ResolvedRemark } from "../domain/submission";

interface RemarkRow {
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
  decision: ExplanationDecision;
  comment: string | null;
  at: string;
}

/** Where a report is: the key of every workflow table. */
export interface ReportKey {
  unitId: number;
  form: string;
  year: number;
}

export function remarksStatement(db: D1Database, k: ReportKey): D1PreparedStatement {
  return db
    .prepare(
      `SELECT m.rid, m.cell, m.text, u.name AS author_name, m.author_role, m.at, m.revision,
              m.resolution, m.answer
         FROM remarks m LEFT JOIN units u ON u.id = m.author_unit_id
        WHERE m.unit_id = ?1 AND m.form = ?2 AND m.year = ?3 ORDER BY m.id`,
    )
    .bind(k.unitId, k.form, k.year);
}

export function toRemarks(rows: unknown[]): Remark[] {
  return (rows as RemarkRow[]).map((r) => ({
    id: r.rid,
    cell: r.cell,
    text: r.text,
    author: { name: r.author_name ?? "", role: r.author_role },
    at: r.at,
    revision: r.revision,
    resolved: r.resolution !== null,
    resolution: r.resolution,
    answer: r.answer,
  }));
}

/** The decisions on the current revision's explanations. */
export function reviewsStatement(db: D1Database, k: ReportKey): D1PreparedStatement {
  return db
    .prepare(
      `SELECT e.issue_key, e.decision, e.comment, e.at FROM explanation_reviews e
         JOIN current_reports c ON c.unit_id = e.unit_id AND c.form = e.form AND c.year = e.year
                               AND c.revision = e.revision
        WHERE e.unit_id = ?1 AND e.form = ?2 AND e.year = ?3 ORDER BY e.issue_key`,
    )
    .bind(k.unitId, k.form, k.year);
}

export function toReviews(rows: unknown[]): Record<string, ExplanationReview> {
  const out: Record<string, ExplanationReview> = {};
  for (const r of rows as ReviewRow[]) {
    out[r.issue_key] = {
      decision: r.decision,
      ...(r.comment ? { comment: r.comment } : {}),
      at: r.at,
    };
  }
  return out;
}

export function insertRemarkStatement(
  db: D1Database,
  k: ReportKey,
  r: Remark,
  author: Principal,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO remarks (unit_id, form, year, revision, cell, text, author_credential,
         author_unit_id, author_role, at, rid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)`,
    )
    .bind(
      k.unitId,
      k.form,
      k.year,
      r.revision,
      r.cell,
      r.text,
      author.credential,
      author.unit.id,
      author.role,
      r.at,
      r.id,
    );
}

/** Mark an open remark resolved by the revision that changed its cell or answered it. */
export function resolveRemarkStatement(
  db: D1Database,
  k: ReportKey,
  r: ResolvedRemark,
  revision: number,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE remarks SET resolution = ?5, answer = ?6, resolved_revision = ?7
        WHERE unit_id = ?1 AND form = ?2 AND year = ?3 AND rid = ?4 AND resolution IS NULL`,
    )
    .bind(k.unitId, k.form, k.year, r.rid, r.resolution, r.answer, revision);
}

export function upsertExplanationReviewStatement(
  db: D1Database,
  k: ReportKey,
  revision: number,
  issueKey: string,
  d: { decision: ExplanationDecision; comment?: string },
  at: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO explanation_reviews (unit_id, form, year, revision, issue_key, decision, comment, at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
       ON CONFLICT (unit_id, form, year, revision, issue_key) DO UPDATE
          SET decision = excluded.decision, comment = excluded.comment, at = excluded.at`,
    )
    .bind(k.unitId, k.form, k.year, revision, issueKey, d.decision, d.comment?.trim() || null, at);
}
