/** The bulk unit import: plan against the stored units, then one batch with its audit line. */
import type { UnitImportRow, UnitsImportResponse } from "../../../shared/api/schemas";
import { codesNamed, incomingUnits, planImport, type ImportPlan } from "../domain/unit-import";
import { auditStatement } from "../db/audit";
import type { Actor } from "../db/credentials";
import { importStatements, storedUnits } from "../db/units";

/** The plan of an import against the units stored now. */
export async function planUnitImport(db: D1Database, rows: UnitImportRow[]): Promise<ImportPlan> {
  const incoming = incomingUnits(rows);
  const existing = await storedUnits(db, codesNamed(incoming));
  return planImport(incoming, existing);
}

export async function importUnits(
  db: D1Database,
  rows: UnitImportRow[],
  by: Actor,
): Promise<UnitsImportResponse> {
  const plan = await planUnitImport(db, rows);
  const created = plan.levels.reduce((n, l) => n + l.length, 0);
  if (created > 0) {
    await db.batch([
      ...importStatements(db, plan, by.at),
      auditStatement(db, {
        ...by,
        action: "units.import",
        target: "units",
        detail: { created },
      }),
    ]);
  }
  return { created, unchanged: plan.unchanged };
}
