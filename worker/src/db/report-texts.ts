/** The report texts' revisions (migration 0010): the current one, the insert, a subtree's statuses. */
import { formsForYear } from "../../../shared/forms/catalogue";
import type { Principal, UnitRow } from "../env";
import type { TextsState, TextsWrite } from "../domain/report-texts";
import { NO_TEXTS } from "../domain/report-texts";

interface TextsRow {
  revision: number;
  status: TextsState["status"];
  texts: string;
  remark: string | null;
  at: string;
}

export function currentTextsStatement(
  db: D1Database,
  unitId: number,
  form: string,
  year: number,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT revision, status, texts, remark, at FROM report_texts
        WHERE unit_id = ?1 AND form = ?2 AND year = ?3 ORDER BY revision DESC LIMIT 1`,
    )
    .bind(unitId, form, year);
}

export function toTextsState(row: unknown): TextsState {
  const r = row as TextsRow | null;
  if (!r) return NO_TEXTS;
  return {
    revision: r.revision,
    status: r.status,
    texts: JSON.parse(r.texts) as Record<string, string>,
    remark: r.remark,
    at: r.at,
  };
}

export async function readTexts(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
): Promise<TextsState> {
  const row = await currentTextsStatement(db, unit.id, form, year).first();
  return toTextsState(row);
}

/** The insert of a revision (a concurrent one with the same number fails the batch). */
export function insertTextsStatement(
  db: D1Database,
  k: { unitId: number; form: string; year: number },
  w: TextsWrite,
  by: { principal: Principal; at: string; requestId: string },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO report_texts (unit_id, form, year, revision, action, status, texts, remark,
         credential_id, by_unit_id, role, at, request_id)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)`,
    )
    .bind(
      k.unitId,
      k.form,
      k.year,
      w.revision,
      w.action,
      w.status,
      JSON.stringify(w.texts),
      w.remark,
      by.principal.credential,
      by.principal.unit.id,
      by.principal.role,
      by.at,
      by.requestId,
    );
}

export interface SubtreeDocumentRow {
  id: number;
  code: string;
  name: string;
  path: string;
  parent_id: number | null;
  depth: number;
  report_status: "submitted" | "returned" | "accepted" | "withdrawn" | null;
  form: string | null;
  vals: string | null;
  texts: string | null;
  texts_status: TextsState["status"];
}

/**
 * The units strictly below `unit` (active ones), with their current figures and texts for the form
 * and year, in path order; at most `limit` rows (the caller asks for one more to know).
 */
export async function subtreeDocuments(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
  limit: number,
): Promise<SubtreeDocumentRow[]> {
  const hi = unit.path.slice(0, -1) + "0";
  const { results } = await db
    .prepare(
      `SELECT u.id, u.code, u.name, u.path, u.parent_id, u.depth,
              CASE WHEN cr.withdrawn = 1 THEN 'withdrawn' ELSE cr.status END AS report_status, r.form, r.vals, t.texts, t.status AS texts_status
         FROM units u
         LEFT JOIN current_reports cr ON cr.unit_id = u.id AND cr.form = ?3 AND cr.year = ?4
         LEFT JOIN revisions r ON r.unit_id = u.id AND r.form = ?3 AND r.year = ?4
                              AND r.revision = cr.revision
         LEFT JOIN report_texts t ON t.unit_id = u.id AND t.form = ?3 AND t.year = ?4
              AND t.revision = (SELECT max(revision) FROM report_texts x
                                 WHERE x.unit_id = u.id AND x.form = ?3 AND x.year = ?4)
        WHERE u.path > ?1 AND u.path < ?2 AND u.active = 1
        ORDER BY u.path LIMIT ?5`,
    )
    .bind(unit.path, hi, form, year, limit)
    .all<SubtreeDocumentRow>();
  return results;
}

/**
 * Last year's current figures of every unit strictly below `unit` (the same form's report first,
 * else one of last year's national forms), by unit id, for the year-on-year clauses.
 */
export async function subtreeLastYear(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
): Promise<Map<number, { form: string; vals: string }>> {
  const forms = [form, ...formsForYear(year - 1).map((f) => f.id)];
  const hi = unit.path.slice(0, -1) + "0";
  const { results } = await db
    .prepare(
      `SELECT r.unit_id, r.form, r.vals FROM revisions r
         JOIN current_reports cr ON cr.unit_id = r.unit_id AND cr.form = r.form
                                AND cr.year = r.year AND cr.revision = r.revision
         JOIN units u ON u.id = r.unit_id
        WHERE u.path > ?1 AND u.path < ?2 AND r.year = ?3
          AND r.form IN (SELECT value FROM json_each(?4))
        ORDER BY r.form = ?5`,
    )
    .bind(unit.path, hi, year - 1, JSON.stringify(forms), form)
    .all<{ unit_id: number; form: string; vals: string }>();
  // Ordered with the same form last: it wins where a unit has both.
  return new Map(results.map((r) => [r.unit_id, { form: r.form, vals: r.vals }]));
}
