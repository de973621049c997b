/**
 * Compare two revisions of a report: one round trip for the current revision and the revision
 * last returned, one for the two revisions and the remarks resolved between them.
 */
import type { RevisionCompare } from "../../../shared/api/schemas";
import type { Form } from "../../../shared/forms/catalogue";
import type { UnitRow } from "../env";
import { changedCells, changedExplanations, compareRange } from "../domain/compare";
import { noReport } from "../domain/report";
import { decided, problemOf } from "../http/problem";
import { firstOf, rowsOf } from "../db/batch";
import { revisionStatement, toRevision, type RevisionRow } from "../db/revisions";

interface AnswerRow {
  rid: string;
  cell: string;
  text: string;
  resolution: "changed" | "answered";
  answer: string | null;
  resolved_revision: number;
}

export async function compareRevisions(
  db: D1Database,
  q: { unit: UnitRow; form: Form; year: number; from: number | null; to: number | null },
): Promise<RevisionCompare> {
  const { unit, form, year } = q;
  const [cur, ret] = await db.batch([
    db
      .prepare(
        `SELECT revision FROM current_reports WHERE unit_id = ?1 AND form = ?2 AND year = ?3`,
      )
      .bind(unit.id, form.id, year),
    db
      .prepare(
        `SELECT revision FROM report_events
          WHERE unit_id = ?1 AND form = ?2 AND year = ?3 AND action = 'return'
          ORDER BY seq DESC LIMIT 1`,
      )
      .bind(unit.id, form.id, year),
  ]);
  const current = firstOf<{ revision: number }>(cur)?.revision;
  if (current === undefined) throw problemOf(noReport(unit, form.id, year));
  const lastReturned = firstOf<{ revision: number }>(ret)?.revision ?? null;
  const range = decided(compareRange(q, current, lastReturned));
  const [a, b, answers] = await db.batch([
    revisionStatement(db, unit.id, form.id, year, range.from),
    revisionStatement(db, unit.id, form.id, year, range.to),
    db
      .prepare(
        `SELECT rid, cell, text, resolution, answer, resolved_revision FROM remarks
          WHERE unit_id = ?1 AND form = ?2 AND year = ?3 AND resolution IS NOT NULL
            AND resolved_revision > ?4 AND resolved_revision <= ?5
          ORDER BY id`,
      )
      .bind(unit.id, form.id, year, Math.min(range.from, range.to), Math.max(range.from, range.to)),
  ]);
  const from = toRevision(firstOf<RevisionRow>(a)!, unit);
  const to = toRevision(firstOf<RevisionRow>(b)!, unit);
  return {
    unit: { code: unit.code, name: unit.name },
    form: form.id,
    year,
    ...range,
    cells: changedCells(form, from.values, to.values),
    explanations: changedExplanations(from.explanations, to.explanations),
    answers: rowsOf<AnswerRow>(answers).map((r) => ({
      id: r.rid,
      cell: r.cell,
      text: r.text,
      resolution: r.resolution,
      answer: r.answer,
      revision: r.resolved_revision,
    })),
  };
}
