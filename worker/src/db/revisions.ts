/** Stored revisions (append-only): reads, the row ↔ API mapping, and the insert. */
import type { ReportRevision, Role, UnitRef } from "../../../shared/api/schemas";
import type { CurrentFileRevision } from "../domain/file-base";
import type { Issue } from "../../../shared/engine/index";
import { decodeValues, encodeValues } from "./values";
import { formsForYear } from "../../../shared/forms/catalogue";

export interface RevisionRow {
  unit_id: number;
  form: string;
  year: number;
  revision: number;
  vals: string;
  explanations: string;
  issues: string;
  errors: number;
  warnings: number;
  status: "submitted";
  credential_id: string;
  submitted_at: string;
  hash: string;
  /** 1 when stored after the due date of the unit's period (migration 0003). */
  late: number;
}

const REVISION_COLUMNS =
  "unit_id, form, year, revision, vals, explanations, issues, errors, warnings, status, credential_id, submitted_at, hash, late";

/** A stored revision as the API shows it (the workflow state is added by domain/report.ts). */
export function toRevision(row: RevisionRow, unit: UnitRef): ReportRevision {
  return {
    unit: { code: unit.code, name: unit.name },
    form: row.form,
    year: row.year,
    revision: row.revision,
    values: decodeValues(row.form, row.vals),
    explanations: JSON.parse(row.explanations) as Record<string, string>,
    issues: JSON.parse(row.issues) as Issue[],
    errors: row.errors,
    warnings: row.warnings,
    status: row.status,
    submittedAt: row.submitted_at,
    credential: row.credential_id,
    hash: row.hash,
    late: row.late === 1,
  };
}

export function currentRevisionStatement(
  db: D1Database,
  unitId: number,
  form: string,
  year: number,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${REVISION_COLUMNS} FROM revisions WHERE unit_id = ?1 AND form = ?2 AND year = ?3
        ORDER BY revision DESC LIMIT 1`,
    )
    .bind(unitId, form, year);
}

/** One stored revision of a report. */
export function revisionStatement(
  db: D1Database,
  unitId: number,
  form: string,
  year: number,
  revision: number,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${REVISION_COLUMNS} FROM revisions
        WHERE unit_id = ?1 AND form = ?2 AND year = ?3 AND revision = ?4`,
    )
    .bind(unitId, form, year, revision);
}

/** Last year's values of a unit: the same form's report first, else one of last year's forms. */
export function lastYearValuesStatement(
  db: D1Database,
  unitId: number,
  form: string,
  year: number,
): D1PreparedStatement {
  const forms = [form, ...formsForYear(year - 1).map((f) => f.id)];
  return db
    .prepare(
      `SELECT form, vals FROM revisions
        WHERE unit_id = ?1 AND year = ?2 AND form IN (SELECT value FROM json_each(?3))
        ORDER BY form = ?4 DESC, revision DESC LIMIT 1`,
    )
    .bind(unitId, year - 1, JSON.stringify(forms), form);
}

/** The values a `lastYearValuesStatement` row holds. */
export function lastYearValues(row: { form: string; vals: string } | null) {
  return row ? decodeValues(row.form, row.vals) : null;
}

export async function listRevisions(
  db: D1Database,
  unitId: number,
  form: string,
  year: number,
): Promise<RevisionRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ${REVISION_COLUMNS} FROM revisions WHERE unit_id = ?1 AND form = ?2 AND year = ?3
        ORDER BY revision DESC`,
    )
    .bind(unitId, form, year)
    .all<RevisionRow>();
  return results;
}

/** Where an uploaded file's revision came from (migration 0011); null for the JSON API. */
export interface RevisionSource {
  fileId: string | null;
  basedOn: number | null;
}

export function insertRevisionStatement(
  db: D1Database,
  unitId: number,
  r: ReportRevision,
  requestId: string,
  source: RevisionSource | null = null,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO revisions (${REVISION_COLUMNS}, request_id, file_id, based_on)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)`,
    )
    .bind(
      unitId,
      r.form,
      r.year,
      r.revision,
      encodeValues(r.form, r.values),
      JSON.stringify(r.explanations),
      JSON.stringify(r.issues),
      r.errors,
      r.warnings,
      r.status,
      r.credential,
      r.submittedAt,
      r.hash,
      r.late ? 1 : 0,
      requestId,
      source?.fileId ?? null,
      source?.basedOn ?? null,
    );
}

/** The current revision's file id, time and sender (unit and role), for a file upload. */
export function currentFileRevisionStatement(
  db: D1Database,
  unitId: number,
  form: string,
  year: number,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT r.revision, r.file_id, r.submitted_at, u.name AS unit_name, c.role
         FROM revisions r
         JOIN credentials c ON c.id = r.credential_id
         JOIN units u ON u.id = c.unit_id
        WHERE r.unit_id = ?1 AND r.form = ?2 AND r.year = ?3
        ORDER BY r.revision DESC LIMIT 1`,
    )
    .bind(unitId, form, year);
}

export interface CurrentFileRevisionRow {
  revision: number;
  file_id: string | null;
  submitted_at: string;
  unit_name: string;
  role: Role;
}

export function toCurrentFileRevision(
  row: CurrentFileRevisionRow | null,
): CurrentFileRevision | null {
  return row
    ? {
        revision: row.revision,
        fileId: row.file_id,
        submittedAt: row.submitted_at,
        by: { unitName: row.unit_name, role: row.role },
      }
    : null;
}
