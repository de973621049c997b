/** Where a local form's scope roots are in the tree (shared/forms/scope.ts says why). */
import type { UnitRow } from "../env";
import type { ScopeRoot } from "../domain/scope";
import { subtreeRange } from "../domain/tree";

export const SCOPE_ROOTS_SQL = `SELECT code, path, coalesce(subtree_reporting, 1) AS units FROM units
  WHERE code IN (SELECT value FROM json_each(?1)) AND path >= ?2 AND path < ?3 ORDER BY path`;

/** The scope roots (`codes`) in the unit's subtree, the unit itself included (one indexed read). */
export async function scopeRootsBelow(
  db: D1Database,
  unit: UnitRow,
  codes: readonly string[],
): Promise<ScopeRoot[]> {
  if (!codes.length) return [];
  const [lo, hi] = subtreeRange(unit.path);
  const { results } = await db
    .prepare(SCOPE_ROOTS_SQL)
    .bind(JSON.stringify(codes), lo, hi)
    .all<ScopeRoot>();
  return results;
}
