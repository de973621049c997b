/**
 * Who may do what to which unit (worker/README.md, "Access rules"). Pure: the callers read the
 * unit and pass it in (null = no such unit).
 *
 * - clerk: reads and writes its own unit only; no rollups.
 * - supervisor: reads reports and rollups of every unit of its subtree; never writes.
 * - admin: administers and reads its own unit's subtree, root or not; never writes reports. Two
 *   organisations in one database (two roots) never see each other: a new root is the
 *   installation operator's act (`npm run admin:bootstrap -- --another-organisation`), not an API
 *   right (issue 21).
 *
 * A caller that may not see a unit gets the same 403 whether or not the unit exists. Each check
 * returns the unit (or null when allowed) or the `Refusal`; middleware and services answer it.
 */
import type { Principal, UnitRow } from "../env";
import { forbiddenUnit, refusal, type Refusal } from "./refusal";
import { isInSubtree } from "./tree";

/** `upload`: a workbook file, by a clerk of the unit or a supervisor of a strict ancestor. */
export type Access = "read" | "write" | "rollup" | "upload";

/** May the principal see the unit at all (its scope: own unit, or own subtree)? */
export function inScope(principal: Principal, unit: UnitRow): boolean {
  if (principal.role === "clerk") return unit.id === principal.unit.id;
  return isInSubtree(unit, principal.unit);
}

function writeForbidden(): Refusal {
  return refusal(
    "forbidden",
    "只有本单位的填报人员(clerk)可以提交报表。",
    "Only a clerk of the unit may submit its reports.",
  );
}

function mayUpload(principal: Principal, unit: UnitRow): boolean {
  if (principal.role === "clerk") return true; // in scope: its own unit
  return principal.role === "supervisor" && unit.id !== principal.unit.id;
}

/** The unit a request names, if the caller may act on it that way; otherwise the problem. */
export function authorizeUnit(
  principal: Principal,
  _code: string,
  unit: UnitRow | null,
  access: Access,
): UnitRow | Refusal {
  if (unit === null || !inScope(principal, unit)) return forbiddenUnit();
  if (access === "write" && principal.role !== "clerk") return writeForbidden();
  if (access === "upload" && !mayUpload(principal, unit)) {
    return refusal(
      "forbidden",
      "只有本单位的填报人员或上级单位(supervisor)可以上传报表文件。",
      "Only a clerk of the unit or a supervisor of an ancestor may upload its workbook.",
    );
  }
  if (access === "rollup" && principal.role === "clerk") {
    return refusal(
      "forbidden",
      "汇总数据仅供上级单位(supervisor)查看。",
      "Rollups are for supervisors of the unit or of an ancestor.",
    );
  }
  return unit;
}

/** Null when the principal is an admin; otherwise the refusal. */
export function requireAdmin(principal: Principal): Refusal | null {
  if (principal.role === "admin") return null;
  return refusal("forbidden", "只有管理员可以执行此操作。", "Only an admin may do this.");
}

/** The unit an admin operation names, if the admin administers it (the same 403 otherwise). */
export function authorizeAdministered(
  principal: Principal,
  _code: string,
  unit: UnitRow | null,
): UnitRow | Refusal {
  const notAdmin = requireAdmin(principal);
  if (notAdmin) return notAdmin;
  if (unit === null || !inScope(principal, unit)) return forbiddenUnit();
  return unit;
}

/** Only a supervisor of a strict ancestor of the unit may review its reports. */
export function authorizeReview(principal: Principal, unit: UnitRow | null): UnitRow | Refusal {
  if (principal.role !== "supervisor") {
    return refusal(
      "forbidden",
      "只有上级单位的审核人员(supervisor)可以审核报表。",
      "Only a supervisor of an ancestor unit may review reports.",
    );
  }
  if (!unit || !isInSubtree(unit, principal.unit)) return forbiddenUnit();
  if (unit.id === principal.unit.id) {
    return refusal(
      "forbidden",
      "不能审核本单位自己的报表,只能审核下级单位的报表。",
      "A supervisor reviews the reports of units below their own, not their own unit's.",
    );
  }
  return unit;
}
