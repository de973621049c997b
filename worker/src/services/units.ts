/** The bulk unit import: plan against the stored units, then one batch with its audit line. */
import type { UnitImportRow, UnitsImportResponse } from "../../../shared/api/schemas";
import type { Principal } from "../env";
import { codesNamed, incomingUnits, planImport, type ImportPlan } from "../domain/unit-import";
import { decided } from "../http/problem";
import { auditStatement } from "../db/audit";
import { isConstraintError } from "../db/batch";
import type { Actor } from "../db/credentials";
import { importStatements, storedUnits } from "../db/units";

/** The plan of an import against the units stored now. */
export async function planUnitImport(
  db: D1Database,
  rows: UnitImportRow[],
  scope: { path: string } | null = null,
): Promise<ImportPlan> {
  const incoming = decided(incomingUnits(rows));
  const existing = await storedUnits(db, codesNamed(incoming));
  return decided(planImport(incoming, existing, scope));
}

/** How often an import is planned again after a concurrent import inserted some of its units. */
const ATTEMPTS = 3;

/**
 * Import units: plan, then one batch (the units level by level, the subtree sizes, the audit
 * line). A concurrent import of the same units makes the batch fail on a UNIQUE index and roll
 * back; the import is then planned again against what the other one stored, so it answers as a
 * repeat would: 200 for the same units, 409 for different ones.
 */
export async function importUnits(
  db: D1Database,
  principal: Principal,
  rows: UnitImportRow[],
  by: Actor,
): Promise<UnitsImportResponse> {
  // Every admin imports below its own unit: a new root is the bootstrap command's (issue 21).
  const scope = principal.unit;
  for (let attempt = 1; ; attempt++) {
    const plan = await planUnitImport(db, rows, scope);
    const created = plan.levels.reduce((n, l) => n + l.length, 0);
    if (created === 0) return { created, unchanged: plan.unchanged };
    try {
      await db.batch([
        ...importStatements(db, plan, by.at),
        auditStatement(db, { ...by, action: "units.import", target: "units", detail: { created } }),
      ]);
      return { created, unchanged: plan.unchanged };
    } catch (e) {
      if (!isConstraintError(e) || attempt >= ATTEMPTS) throw e;
    }
  }
}
