/** The unit tree in D1: lookups, the path with names, and the import's statements. */
import { UnitCodeSchema, type UnitRef } from "../../../shared/api/schemas";
import type { UnitRow } from "../env";
import type { ImportPlan, StoredUnit } from "../domain/unit-import";
import { pathCodes } from "../domain/tree";

const UNIT_COLUMNS = "id, code, name, parent_id, depth, path";

export function unitByCodeStatement(db: D1Database, code: string): D1PreparedStatement {
  return db.prepare(`SELECT ${UNIT_COLUMNS} FROM units WHERE code = ?1`).bind(code);
}

/** The unit with a code (null for none, and for a string that is no unit code). */
export async function unitByCode(db: D1Database, code: string): Promise<UnitRow | null> {
  if (!UnitCodeSchema.safeParse(code).success) return null;
  return unitByCodeStatement(db, code).first<UnitRow>();
}

/** The unit a credential or a period belongs to (null: no row with that id). */
export async function unitOf(
  db: D1Database,
  table: "credentials" | "periods",
  id: string,
): Promise<UnitRow | null> {
  return db
    .prepare(
      `SELECT u.id, u.code, u.name, u.parent_id, u.depth, u.path
         FROM ${table} t JOIN units u ON u.id = t.unit_id WHERE t.id = ?1`,
    )
    .bind(id)
    .first<UnitRow>();
}

/** The units on a unit's path (root first), with names. */
export async function unitPath(db: D1Database, unit: UnitRow): Promise<UnitRef[]> {
  const codes = pathCodes(unit.path);
  const { results } = await db
    .prepare(`SELECT code, name FROM units WHERE code IN (SELECT value FROM json_each(?1))`)
    .bind(JSON.stringify(codes))
    .all<UnitRef>();
  const byCode = new Map(results.map((r) => [r.code, r]));
  return codes.map((c) => byCode.get(c) ?? { code: c, name: c });
}

/** The stored units among `codes`, with their parent's code and path (5,000 codes per read). */
export async function storedUnits(
  db: D1Database,
  codes: string[],
): Promise<Map<string, StoredUnit>> {
  const out = new Map<string, StoredUnit>();
  for (let i = 0; i < codes.length; i += 5000) {
    const { results } = await db
      .prepare(
        `SELECT u.code, u.name, p.code AS parent, u.path FROM units u
           LEFT JOIN units p ON p.id = u.parent_id
          WHERE u.code IN (SELECT value FROM json_each(?1))`,
      )
      .bind(JSON.stringify(codes.slice(i, i + 5000)))
      .all<StoredUnit>();
    for (const r of results) out.set(r.code, r);
  }
  return out;
}

const INSERT_ROOTS = `INSERT INTO units (code, name, parent_id, depth, path, created_at)
  SELECT j.value ->> 'code', j.value ->> 'name', NULL, 0, '/' || (j.value ->> 'code') || '/', ?2
    FROM json_each(?1) j`;
const INSERT_CHILDREN = `INSERT INTO units (code, name, parent_id, depth, path, created_at)
  SELECT j.value ->> 'code', j.value ->> 'name', p.id, p.depth + 1,
         p.path || (j.value ->> 'code') || '/', ?2
    FROM json_each(?1) j JOIN units p ON p.code = j.value ->> 'parent'`;

/** Statements that insert a planned import, level by level (run them in one batch). */
export function importStatements(
  db: D1Database,
  plan: ImportPlan,
  now: string,
): D1PreparedStatement[] {
  const out = insertStatements(db, plan, now);
  const counted = [...plan.grownAncestors, ...plan.levels.flat().map((u) => u.code)];
  for (let i = 0; i < counted.length; i += 5000) {
    out.push(recountStatement(db, counted.slice(i, i + 5000)));
  }
  return out;
}

/** The inserts of a planned import without its recount (a caller that recounts once at the end). */
export function insertStatements(
  db: D1Database,
  plan: Pick<ImportPlan, "levels">,
  now: string,
): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  for (const level of plan.levels) {
    const roots = level.filter((r) => r.parent === null);
    const children = level.filter((r) => r.parent !== null);
    for (let i = 0; i < roots.length; i += 2000) {
      out.push(db.prepare(INSERT_ROOTS).bind(JSON.stringify(roots.slice(i, i + 2000)), now));
    }
    for (let i = 0; i < children.length; i += 2000) {
      out.push(db.prepare(INSERT_CHILDREN).bind(JSON.stringify(children.slice(i, i + 2000)), now));
    }
  }
  return out;
}

/**
 * Recompute `subtree_units` and `subtree_reporting` (active units reporting for themselves) of
 * the given units (an index range count each).
 */
export function recountStatement(db: D1Database, codes: string[]): D1PreparedStatement {
  const range = `d.path >= units.path AND d.path < substr(units.path, 1, length(units.path) - 1) || '0'`;
  return db
    .prepare(
      `UPDATE units SET
         subtree_units = (SELECT count(*) FROM units d WHERE ${range}),
         subtree_reporting = (SELECT count(*) FROM units d
                               WHERE ${range} AND d.active = 1 AND d.reports_itself = 1)
        WHERE code IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(codes));
}

/** The units of a subtree (null: every unit) for the unit sheet, parents before children. */
export async function subtreeUnitRows(
  db: D1Database,
  path: string | null,
): Promise<
  {
    code: string;
    name: string;
    parent: string | null;
    active: number;
    reports_itself: number;
    path: string;
    subtree_units: number;
  }[]
> {
  const [lo, hi] = path === null ? ["", "\u{10FFFF}"] : [path, path.slice(0, -1) + "0"];
  const { results } = await db
    .prepare(
      `SELECT u.code, u.name, p.code AS parent, u.active, u.reports_itself, u.path, u.subtree_units
         FROM units u
         LEFT JOIN units p ON p.id = u.parent_id
        WHERE u.path >= ?1 AND u.path < ?2 ORDER BY u.path`,
    )
    .bind(lo, hi)
    .all<{
      code: string;
      name: string;
      parent: string | null;
      active: number;
      reports_itself: number;
      path: string;
      subtree_units: number;
    }>();
  return results;
}

/** Move a subtree below another parent: literal paths from the plan (one statement per move). */
export function moveUnitStatements(
  db: D1Database,
  m: { code: string; oldPath: string; newParentPath: string; depthDelta: number },
): D1PreparedStatement[] {
  const parentCode = m.newParentPath.split("/").filter(Boolean).pop()!;
  return [
    db
      .prepare(
        `UPDATE units SET path = ?3 || substr(path, ?4), depth = depth + ?5
          WHERE path >= ?1 AND path < ?2`,
      )
      .bind(
        m.oldPath,
        m.oldPath.slice(0, -1) + "0",
        m.newParentPath,
        m.oldPath.length - m.code.length,
        m.depthDelta,
      ),
    db
      .prepare(
        `UPDATE units SET parent_id = (SELECT id FROM units WHERE code = ?2) WHERE code = ?1`,
      )
      .bind(m.code, parentCode),
  ];
}

export function renameUnitStatement(
  db: D1Database,
  code: string,
  name: string,
): D1PreparedStatement {
  return db.prepare(`UPDATE units SET name = ?2 WHERE code = ?1`).bind(code, name);
}

/** A unit's flags: active (停用 is 0) and whether it reports for itself. */
export function unitFlagsStatement(
  db: D1Database,
  code: string,
  flags: { active: boolean; reportsItself: boolean },
): D1PreparedStatement {
  return db
    .prepare(`UPDATE units SET active = ?2, reports_itself = ?3 WHERE code = ?1`)
    .bind(code, flags.active ? 1 : 0, flags.reportsItself ? 1 : 0);
}
