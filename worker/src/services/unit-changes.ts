/**
 * The unit sheet: list a subtree's units, and plan or apply a sheet's changes — read the subtree
 * and the codes used outside it, let the domain decide, and apply everything in one batch.
 */
import type { AdminUnit, UnitChangeRow, UnitChangesResult } from "../../../shared/api/admin-ui";
import type { Principal } from "../env";
import { HttpProblem } from "../http/problem";
import { planUnitChanges, type ChangePlan, type SheetUnit } from "../domain/unit-changes";
import { countedDeltaStatement, moveAggregateStatements } from "../db/aggregates";
import { auditStatement } from "../db/audit";
import type { Actor } from "../db/credentials";
import {
  unitFlagsStatement,
  insertStatements,
  moveUnitStatements,
  recountStatement,
  renameUnitStatement,
  storedUnits,
  subtreeUnitRows,
} from "../db/units";

/** Every admin administers its own unit's subtree, a root's admin too (issue 21). */
function scopePath(principal: Principal): string {
  return principal.unit.path;
}

export async function listUnits(db: D1Database, principal: Principal): Promise<AdminUnit[]> {
  const rows = await subtreeUnitRows(db, scopePath(principal));
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    parent: r.parent,
    active: r.active === 1,
    reportsItself: r.reports_itself === 1,
    subtreeUnits: r.subtree_units,
  }));
}

async function plan(
  db: D1Database,
  principal: Principal,
  rows: UnitChangeRow[],
): Promise<ChangePlan> {
  const path = scopePath(principal);
  const subtree = await subtreeUnitRows(db, path);
  const stored = new Map<string, SheetUnit>(
    subtree.map((r) => [
      r.code,
      {
        code: r.code,
        name: r.name,
        parent: r.parent,
        active: r.active === 1,
        reportsItself: r.reports_itself === 1,
        path: r.path,
      },
    ]),
  );
  const named = [...new Set(rows.map((r) => r.code.trim()).filter((c) => !stored.has(c)))];
  const outside = named.length ? await storedUnits(db, named) : new Map();
  const scope = stored.get(principal.unit.code) ?? null;
  return planUnitChanges(rows, { stored, taken: new Set(outside.keys()), scope });
}

function statements(db: D1Database, p: ChangePlan, by: Actor): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  for (const step of p.steps) {
    if ("add" in step) {
      // Recounted once with the plan's `recount` below, not per added unit.
      out.push(...insertStatements(db, { levels: [[step.add]] }, by.at));
    } else {
      const m = step.move;
      out.push(...moveAggregateStatements(db, m.code, m.leaves, m.joins));
      out.push(...moveUnitStatements(db, m));
    }
  }
  for (const r of p.renames) out.push(renameUnitStatement(db, r.code, r.name));
  // 停用 and reporting: the flags, then the reports' `counted` along the final paths (after the
  // moves), then the recount of subtree sizes and reporting units.
  for (const f of p.flags) out.push(unitFlagsStatement(db, f.code, f));
  for (const c of p.counted) out.push(countedDeltaStatement(db, c.code, c.delta));
  for (let i = 0; i < p.recount.length; i += 5000) {
    out.push(recountStatement(db, p.recount.slice(i, i + 5000)));
  }
  const counts: Record<string, number> = {};
  for (const c of p.changes) for (const k of c.kinds) counts[k] = (counts[k] ?? 0) + 1;
  out.push(auditStatement(db, { ...by, action: "units.change", target: "units", detail: counts }));
  return out;
}

/**
 * Preview (`dryRun`) or apply a sheet's rows. Applying with row errors is a 422 listing them;
 * nothing is stored unless every row is right, and then all of it in one batch.
 */
export async function changeUnits(
  db: D1Database,
  principal: Principal,
  rows: UnitChangeRow[],
  dryRun: boolean,
  by: Actor,
): Promise<UnitChangesResult> {
  const p = await plan(db, principal, rows);
  if (dryRun) return { applied: false, changes: p.changes, errors: p.errors };
  if (p.errors.length) {
    throw new HttpProblem(
      "unit-import-invalid",
      `有 ${p.errors.length} 行单位数据有误,未做任何更改:${p.errors
        .slice(0, 5)
        .map((e) => `第 ${e.row + 1} 行 ${e.message}`)
        .join(";")}`,
      `${p.errors.length} row(s) are wrong; nothing was changed.`,
      { errors: p.errors },
    );
  }
  if (p.changes.length === 0) return { applied: false, changes: [], errors: [] };
  await db.batch(statements(db, p, by));
  return { applied: true, changes: p.changes, errors: [] };
}
