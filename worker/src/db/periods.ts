/**
 * Reporting periods (docs/WORKFLOW.md): an admin opens a period for a subtree (form, report year,
 * due date in China time, supplements); a unit's period is the one opened at the unit or its
 * nearest ancestor.
 */
import type { Period } from "../../../shared/api/schemas";
import type { UnitRow } from "../env";
import { nearestPerFormYear } from "../domain/periods";
import type { SubmissionPeriod } from "../domain/submission";
import { pathCodes } from "../domain/tree";
import { auditStatement } from "./audit";
import type { Actor } from "./credentials";

interface PeriodRow {
  id: string;
  unit_code: string;
  unit_name: string;
  form: string;
  year: number;
  due_date: string;
  capacity: number;
  opened_at: string;
  closed_at: string | null;
}

const PERIOD_SELECT = `SELECT p.id, u.code AS unit_code, u.name AS unit_name, p.form, p.year, p.due_date, p.capacity, p.opened_at, p.closed_at
  FROM periods p JOIN units u ON u.id = p.unit_id`;

function toPeriod(r: PeriodRow): Period {
  return {
    id: r.id,
    unit: { code: r.unit_code, name: r.unit_name },
    form: r.form,
    year: r.year,
    dueDate: r.due_date,
    supplements: { capacity: r.capacity === 1 },
    openedAt: r.opened_at,
    closedAt: r.closed_at,
  };
}

/** The period of a unit for a form and year: the one at the unit or its nearest ancestor. */
export function periodForUnitStatement(
  db: D1Database,
  unit: UnitRow,
  form: string,
  year: number,
): D1PreparedStatement {
  return db
    .prepare(
      `${PERIOD_SELECT} WHERE p.form = ?2 AND p.year = ?3
          AND u.code IN (SELECT value FROM json_each(?1))
        ORDER BY u.depth DESC LIMIT 1`,
    )
    .bind(JSON.stringify(pathCodes(unit.path)), form, year);
}

export function toSubmissionPeriod(row: unknown): SubmissionPeriod | null {
  const r = row as PeriodRow | null;
  if (!r) return null;
  return { dueDate: r.due_date, capacity: r.capacity === 1, closed: r.closed_at !== null };
}

/** The periods that apply to a unit: opened at it or at an ancestor (nearest first). */
export async function periodsForUnit(db: D1Database, unit: UnitRow): Promise<Period[]> {
  const { results } = await db
    .prepare(
      `${PERIOD_SELECT} WHERE u.code IN (SELECT value FROM json_each(?1))
        ORDER BY p.year DESC, p.form, u.depth DESC`,
    )
    .bind(JSON.stringify(pathCodes(unit.path)))
    .all<PeriodRow>();
  return nearestPerFormYear(results).map(toPeriod);
}

/**
 * Open (or update) the period of a unit for a form and year: an idempotent upsert (the same
 * content changes nothing and writes no audit line). 201 when it created the period.
 */
export async function upsertPeriod(
  db: D1Database,
  p: { unit: UnitRow; form: string; year: number; dueDate: string; capacity: boolean },
  by: Actor,
): Promise<{ created: boolean; period: Period }> {
  const id = `p_${crypto.randomUUID().replace(/-/g, "").slice(0, 20)}`;
  const capacity = p.capacity ? 1 : 0;
  const [, , read] = await db.batch([
    db
      .prepare(
        `INSERT INTO periods (id, unit_id, form, year, due_date, capacity, opened_at, closed_at, opened_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8)
         ON CONFLICT (unit_id, form, year) DO UPDATE
            SET due_date = excluded.due_date, capacity = excluded.capacity, closed_at = NULL
          WHERE periods.due_date <> excluded.due_date OR periods.capacity <> excluded.capacity
             OR periods.closed_at IS NOT NULL`,
      )
      .bind(id, p.unit.id, p.form, p.year, p.dueDate, capacity, by.at, by.credential),
    auditStatement(
      db,
      {
        ...by,
        action: "period.open",
        target: `${p.unit.code}/${p.form}/${p.year}`,
        detail: { dueDate: p.dueDate, capacity: p.capacity },
      },
      { onlyIfChanged: true },
    ),
    db
      .prepare(`${PERIOD_SELECT} WHERE p.unit_id = ?1 AND p.form = ?2 AND p.year = ?3`)
      .bind(p.unit.id, p.form, p.year),
  ]);
  const row = read!.results[0] as PeriodRow;
  return { created: row.id === id, period: toPeriod(row) };
}

/** Close a period (closing it again changes nothing) and read it back. */
export async function closePeriod(db: D1Database, id: string, by: Actor): Promise<Period | null> {
  const [, , read] = await db.batch([
    db
      .prepare(`UPDATE periods SET closed_at = ?2 WHERE id = ?1 AND closed_at IS NULL`)
      .bind(id, by.at),
    auditStatement(
      db,
      { ...by, action: "period.close", target: id, detail: {} },
      { onlyIfChanged: true },
    ),
    db.prepare(`${PERIOD_SELECT} WHERE p.id = ?1`).bind(id),
  ]);
  const row = read!.results[0] as PeriodRow | undefined;
  return row ? toPeriod(row) : null;
}
