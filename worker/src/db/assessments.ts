/**
 * The reads and writes of assessments (docs/ASSESSMENT.md): the stored facts of the units directly
 * below a unit, the rubric in force (the nearest ancestor's latest version), manual item scores.
 * Rubric versions and manual scores are append-only (migration 0006): a change is a new row.
 */
import type { UnitFacts, ManualScores, Rubric } from "../../../shared/assessment/index";
import type { RubricVersion } from "../../../shared/api/supervision";
import type { UnitRow } from "../env";
import type { AuditEntry } from "./audit";
import { auditStatement } from "./audit";
import { firstOf, rowsOf } from "./batch";
import type { ScopeRoot } from "../domain/scope";
import { subtreeRange } from "../domain/tree";
import { SCOPE_ROOTS_SQL } from "./scope";

/** The facts of every child of `?1` for form `?2`, year `?3` (checked against the migrations). */
const FACTS_SQL = `SELECT u.code, u.name, u.path,
  (SELECT p.due_date FROM periods p JOIN units a ON a.id = p.unit_id
    WHERE p.form = ?2 AND p.year = ?3
      AND u.path >= a.path AND u.path < substr(a.path, 1, length(a.path) - 1) || '0'
    ORDER BY a.depth DESC LIMIT 1) AS dueDate,
  (SELECT v.submitted_at FROM revisions v
    WHERE v.unit_id = u.id AND v.form = ?2 AND v.year = ?3 AND v.revision = 1) AS firstSubmittedAt,
  (SELECT count(*) FROM report_events e
    WHERE e.unit_id = u.id AND e.form = ?2 AND e.year = ?3 AND e.action = 'return') AS returns,
  (SELECT count(*) FROM current_reports c
     JOIN revisions v ON v.unit_id = c.unit_id AND v.form = c.form AND v.year = c.year
                     AND v.revision = c.revision, json_each(v.issues) i
    WHERE c.unit_id = u.id AND c.form = ?2 AND c.year = ?3
      AND trim(coalesce(json_extract(v.explanations,
            '$."' || json_extract(i.value, '$.key') || '"'), '')) = '') AS unexplainedWarnings,
  (SELECT count(*) FROM explanation_reviews r
    WHERE r.unit_id = u.id AND r.form = ?2 AND r.year = ?3 AND r.decision = 'rejected')
    AS rejectedExplanations,
  (SELECT count(*) FROM remarks m WHERE m.unit_id = u.id AND m.form = ?2 AND m.year = ?3)
    AS remarksTotal,
  (SELECT count(*) FROM remarks m
    WHERE m.unit_id = u.id AND m.form = ?2 AND m.year = ?3 AND m.resolution IS NULL) AS remarksOpen
  FROM units u WHERE u.parent_id = ?1
   -- Reporting units, and a deactivated or consolidating one only with a report to score.
   AND (u.active = 1 AND u.reports_itself = 1
        OR EXISTS (SELECT 1 FROM current_reports c
                    WHERE c.unit_id = u.id AND c.form = ?2 AND c.year = ?3))
  ORDER BY u.path`;

/** The rubric versions of the unit and its ancestors for a form and year, nearest and newest first. */
const RUBRIC_SQL = `SELECT a.code, a.name, r.version, r.rubric, r.set_at, r.set_by
  FROM rubric_versions r JOIN units a ON a.id = r.unit_id
  WHERE r.form = ?2 AND r.year = ?3
    AND ?1 >= a.path AND ?1 < substr(a.path, 1, length(a.path) - 1) || '0'
  ORDER BY a.depth DESC, r.version DESC LIMIT 1`;

/** The latest manual score of each item of each child of `?1`. */
const MANUAL_SQL = `SELECT u.code, m.item, m.points, m.reason FROM manual_scores m
  JOIN units u ON u.id = m.unit_id
  WHERE u.parent_id = ?1 AND m.form = ?2 AND m.year = ?3
    AND m.seq = (SELECT max(seq) FROM manual_scores n WHERE n.unit_id = m.unit_id
                  AND n.form = m.form AND n.year = m.year AND n.item = m.item)`;

interface RawFacts {
  code: string;
  name: string;
  path: string;
  dueDate: string | null;
  firstSubmittedAt: string | null;
  returns: number;
  unexplainedWarnings: number;
  rejectedExplanations: number;
  remarksTotal: number;
  remarksOpen: number;
}

interface RawRubric {
  code: string;
  name: string;
  version: number;
  rubric: string;
  set_at: string;
  set_by: string;
}

function toRubricVersion(r: RawRubric, form: string, year: number): RubricVersion {
  return {
    unit: { code: r.code, name: r.name },
    form,
    year,
    version: r.version,
    rubric: JSON.parse(r.rubric) as Rubric,
    setAt: r.set_at,
    setBy: r.set_by,
  };
}

/** A child's facts with its stored path (local forms assess only the children they apply to). */
export type ChildFacts = UnitFacts & { path: string };

export interface AssessmentInput {
  children: ChildFacts[];
  /** The rubric version in force at the unit; null: none set (the default applies). */
  rubric: RubricVersion | null;
  manual: ManualScores;
  /** The units below that root a local form's scope, to tell which children it covers. */
  scopeRoots: ScopeRoot[];
}

/** Everything an assessment needs, in one round trip. */
export async function readAssessment(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
  scopeRoots: readonly string[],
): Promise<AssessmentInput> {
  const [facts, rubric, manual, roots] = await db.batch([
    db.prepare(FACTS_SQL).bind(unit.id, form, year),
    db.prepare(RUBRIC_SQL).bind(unit.path, form, year),
    db.prepare(MANUAL_SQL).bind(unit.id, form, year),
    db.prepare(SCOPE_ROOTS_SQL).bind(JSON.stringify(scopeRoots), ...subtreeRange(unit.path)),
  ]);
  const manualScores: ManualScores = {};
  for (const m of rowsOf<{ code: string; item: string; points: number; reason: string }>(manual)) {
    (manualScores[m.code] ??= {})[m.item] = { points: m.points, reason: m.reason };
  }
  const r = firstOf<RawRubric>(rubric);
  return {
    children: rowsOf<RawFacts>(facts).map((f) => ({
      code: f.code,
      name: f.name,
      path: f.path,
      dueDate: f.dueDate,
      firstSubmittedAt: f.firstSubmittedAt,
      returns: f.returns,
      unexplainedWarnings: f.unexplainedWarnings,
      rejectedExplanations: f.rejectedExplanations,
      remarks: { total: f.remarksTotal, open: f.remarksOpen },
    })),
    rubric: r ? toRubricVersion(r, form, year) : null,
    manual: manualScores,
    scopeRoots: rowsOf<ScopeRoot>(roots),
  };
}

/** The rubric in force at a unit for a form and year (its own or the nearest ancestor's). */
export async function rubricInForce(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
): Promise<RubricVersion | null> {
  const r = await db.prepare(RUBRIC_SQL).bind(unit.path, form, year).first<RawRubric>();
  return r ? toRubricVersion(r, form, year) : null;
}

/** Store the next version of the unit's rubric and its audit line; returns the stored version. */
export async function insertRubricVersion(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
  rubric: Rubric,
  audit: Omit<AuditEntry, "action" | "target" | "detail">,
): Promise<RubricVersion> {
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT INTO rubric_versions (unit_id, form, year, version, rubric, set_at, set_by)
         SELECT ?1, ?2, ?3, coalesce(max(version), 0) + 1, ?4, ?5, ?6 FROM rubric_versions
          WHERE unit_id = ?1 AND form = ?2 AND year = ?3
         RETURNING version`,
      )
      .bind(unit.id, form, year, JSON.stringify(rubric), audit.at, audit.credential),
    auditStatement(db, {
      ...audit,
      action: "rubric.set",
      target: `${unit.code}/${form}/${year}`,
      detail: { rubric: rubric.id, items: rubric.items.length },
    }),
  ]);
  const version = firstOf<{ version: number }>(inserted!)!.version;
  return {
    unit: { code: unit.code, name: unit.name },
    form,
    year,
    version,
    rubric,
    setAt: audit.at,
    setBy: audit.credential,
  };
}

/** Store a supervisor's score of a manual item (a new row; the latest counts) and its audit line. */
export async function insertManualScore(
  db: D1Database,
  unit: UnitRow,
  s: { form: string; year: number; item: string; points: number; reason: string },
  audit: Omit<AuditEntry, "action" | "target" | "detail">,
): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT INTO manual_scores (unit_id, form, year, item, seq, points, reason, scored_at, scored_by)
         SELECT ?1, ?2, ?3, ?4, coalesce(max(seq), 0) + 1, ?5, ?6, ?7, ?8 FROM manual_scores
          WHERE unit_id = ?1 AND form = ?2 AND year = ?3 AND item = ?4`,
      )
      .bind(unit.id, s.form, s.year, s.item, s.points, s.reason, audit.at, audit.credential),
    auditStatement(db, {
      ...audit,
      action: "assessment.manual-score",
      target: `${unit.code}/${s.form}/${s.year}/${s.item}`,
      detail: { points: s.points, reason: s.reason },
    }),
  ]);
}
