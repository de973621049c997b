/**
 * Reporting periods (docs/WORKFLOW.md): an admin opens a period for a subtree (form, report year,
 * due date in China time, supplements); a unit's period is the one opened at the unit or its
 * nearest ancestor. A PUT needs an open period; a revision stored after the due date is late.
 */
import { PeriodCreateBodySchema, type Period } from "../../shared/api/schemas";
import { lookupForm } from "../../shared/forms/catalogue";
import { parseJson } from "./body";
import type { Principal, UnitRow } from "./env";
import { HttpProblem, problems } from "./problem";
import { pathCodes, unitByCode } from "./units";

export interface PeriodRow {
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

const PERIOD_SELECT = `SELECT p.id, u.code AS unit_code, u.name AS unit_name, p.form, p.year,
  p.due_date, p.capacity, p.opened_at, p.closed_at FROM periods p JOIN units u ON u.id = p.unit_id`;

export function toPeriod(r: PeriodRow): Period {
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

/** Is a revision stored at `nowIso` late for a due date (after 23:59:59 UTC+8 of that day)? */
export function isLate(dueDate: string, nowIso: string): boolean {
  const end = Date.parse(`${dueDate}T23:59:59.999+08:00`);
  return Number.isFinite(end) && Date.parse(nowIso) > end;
}

export function noOpenPeriod(form: string, year: number): HttpProblem {
  return new HttpProblem(
    409,
    "no-open-period",
    "填报期未开启",
    `本单位 ${year} 年度 ${form} 报表的填报期尚未开启或已关闭`,
    `No reporting period for form ${form}, report year ${year} is open for this unit.`,
  );
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
  // Only the nearest period of each form and year applies.
  const seen = new Set<string>();
  const out: Period[] = [];
  for (const r of results) {
    const k = `${r.form}/${r.year}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(toPeriod(r));
  }
  return out;
}

function validDate(s: string): boolean {
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/**
 * Open (or update) the period of a unit for a form and year. Idempotent: the same content again
 * answers 200 with the stored period; other content updates due date and supplements (and opens a
 * closed period again).
 */
export async function openPeriod(
  db: D1Database,
  principal: Principal,
  rawBody: string,
  requestId: string,
  now: string,
): Promise<{ status: number; period: Period }> {
  const parsed = PeriodCreateBodySchema.safeParse(parseJson(rawBody));
  if (!parsed.success) {
    throw problems.badRequest(
      "invalid-body",
      '请求体应为 {"unit": 单位代码, "form": 报表, "year": 年度, "dueDate": "YYYY-MM-DD", "supplements"?: {"capacity": 布尔值}}。',
      'The body must be {"unit": code, "form": id, "year": number, "dueDate": "YYYY-MM-DD", "supplements"?: {"capacity": boolean}}.',
      { errors: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) },
    );
  }
  const b = parsed.data;
  if (!validDate(b.dueDate)) {
    throw problems.badRequest(
      "invalid-body",
      `截止日期「${b.dueDate}」不是有效日期。`,
      `The due date "${b.dueDate}" is not a calendar date.`,
    );
  }
  const found = lookupForm(b.form, b.year);
  if (!found.ok) throw problems.formLookup(found);
  const unit = await unitByCode(db, b.unit);
  if (!unit)
    throw problems.notFound(`没有代码为「${b.unit}」的单位。`, `No unit with code "${b.unit}".`);
  const capacity = (b.supplements?.capacity ?? true) ? 1 : 0;
  const id = `p_${crypto.randomUUID().replace(/-/g, "").slice(0, 20)}`;
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
      .bind(id, unit.id, found.form.id, b.year, b.dueDate, capacity, now, principal.credential),
    db
      .prepare(
        `INSERT INTO audit_log (at, request_id, credential_id, action, target, detail)
         SELECT ?1, ?2, ?3, 'period.open', ?4, ?5 WHERE changes() > 0`,
      )
      .bind(
        now,
        requestId,
        principal.credential,
        `${unit.code}/${found.form.id}/${b.year}`,
        JSON.stringify({ dueDate: b.dueDate, capacity: capacity === 1 }),
      ),
    db
      .prepare(`${PERIOD_SELECT} WHERE p.unit_id = ?1 AND p.form = ?2 AND p.year = ?3`)
      .bind(unit.id, found.form.id, b.year),
  ]);
  const row = read!.results[0] as PeriodRow;
  return { status: row.id === id ? 201 : 200, period: toPeriod(row) };
}

export async function closePeriod(
  db: D1Database,
  principal: Principal,
  id: string,
  requestId: string,
  now: string,
): Promise<Period> {
  const [, , read] = await db.batch([
    db
      .prepare(`UPDATE periods SET closed_at = ?2 WHERE id = ?1 AND closed_at IS NULL`)
      .bind(id, now),
    db
      .prepare(
        `INSERT INTO audit_log (at, request_id, credential_id, action, target, detail)
         SELECT ?1, ?2, ?3, 'period.close', ?4, '{}' WHERE changes() > 0`,
      )
      .bind(now, requestId, principal.credential, id),
    db.prepare(`${PERIOD_SELECT} WHERE p.id = ?1`).bind(id),
  ]);
  const row = read!.results[0] as PeriodRow | undefined;
  if (!row) {
    throw problems.notFound(
      `没有编号为「${id.slice(0, 40)}」的填报期。`,
      `No period "${id.slice(0, 40)}".`,
    );
  }
  return toPeriod(row);
}
