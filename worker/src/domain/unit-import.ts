/**
 * What a bulk unit import does, decided without storage: the rows checked one by one, then the
 * plan against the stored units — every parent known (stored or in the import), no cycle, no
 * change to an existing unit (409) — as levels of new units to insert top-down. A refused import
 * is a `Refusal` (domain/refusal.ts) the route or service answers.
 */
import { UnitImportRowSchema, type UnitImportRow } from "../../../shared/api/schemas";
import { forbiddenUnit, isRefusal, refusal, type Refusal } from "./refusal";
import { isInSubtree, pathCodes } from "./tree";

/** A unit as the import names it. */
export interface ImportUnit {
  code: string;
  name: string;
  parent: string | null;
}

/** A stored unit the import names (as a row or as a parent). */
export interface StoredUnit extends ImportUnit {
  path: string;
}

export interface ImportPlan {
  /** New units grouped by depth below an existing unit or a root, in insertion order. */
  levels: ImportUnit[][];
  unchanged: number;
  /** Stored units whose subtree grows (the ancestors of the new units). */
  grownAncestors: string[];
}

function invalid(zh: string, en: string, ext: Record<string, unknown> = {}): Refusal {
  return refusal("unit-import-invalid", zh, en, ext);
}

/** Each row against the row schema: 422 listing the bad rows (at most 100), or the rows. */
export function checkImportRows(raw: unknown[]): UnitImportRow[] | Refusal {
  const rows: UnitImportRow[] = [];
  const errors: { index: number; message: string }[] = [];
  for (const [index, r] of raw.entries()) {
    const parsed = UnitImportRowSchema.safeParse(r);
    if (parsed.success) rows.push(parsed.data);
    else {
      const message = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      errors.push({ index, message: message.join("; ") });
    }
  }
  if (errors.length) {
    return invalid(
      `有 ${errors.length} 行单位数据无效。`,
      `${errors.length} unit row(s) are invalid.`,
      { rows: errors.slice(0, 100) },
    );
  }
  return rows;
}

/** The import's units by code (a code twice with other data is 422). */
export function incomingUnits(rows: UnitImportRow[]): Map<string, ImportUnit> | Refusal {
  const incoming = new Map<string, ImportUnit>();
  for (const r of rows) {
    const row = { code: r.code, name: r.name.trim(), parent: r.parent_code || null };
    const seen = incoming.get(r.code);
    if (seen && (seen.name !== row.name || seen.parent !== row.parent)) {
      return invalid(
        `单位代码「${r.code}」在导入数据中出现多次且内容不同。`,
        `Unit code "${r.code}" appears more than once with different data.`,
      );
    }
    incoming.set(r.code, row);
  }
  return incoming;
}

/** Every code the plan needs to look up: the units and their parents. */
export function codesNamed(incoming: Map<string, ImportUnit>): string[] {
  const codes = new Set<string>(incoming.keys());
  for (const r of incoming.values()) if (r.parent) codes.add(r.parent);
  return [...codes];
}

/** Split into new and unchanged units; an existing unit with other data is a 409. */
function splitNew(
  incoming: Map<string, ImportUnit>,
  existing: Map<string, StoredUnit>,
): { fresh: Map<string, ImportUnit>; unchanged: number } | Refusal {
  const conflicts: string[] = [];
  let unchanged = 0;
  const fresh = new Map<string, ImportUnit>();
  for (const r of incoming.values()) {
    const old = existing.get(r.code);
    if (!old) fresh.set(r.code, r);
    else if (old.name === r.name && old.parent === r.parent) unchanged++;
    else conflicts.push(r.code);
  }
  if (conflicts.length) {
    return refusal(
      "unit-conflict",
      `以下单位代码已存在,但名称或上级不同(导入不会修改已有单位):${conflicts.slice(0, 20).join("、")}`,
      `These unit codes exist with another name or parent (an import never changes a unit): ${conflicts.slice(0, 20).join(", ")}`,
      { conflicts },
    );
  }
  return { fresh, unchanged };
}

/** Depth of each new unit below its nearest stored ancestor (or as a root); 422 on a gap. */
function depthsOf(
  fresh: Map<string, ImportUnit>,
  existing: Map<string, StoredUnit>,
): Map<string, number> | Refusal {
  const depth = new Map<string, number>();
  const missing: string[] = [];
  const cyclic: string[] = [];
  const depthOf = (code: string, trail: Set<string>): number => {
    const known = depth.get(code);
    if (known !== undefined) return known;
    const r = fresh.get(code)!;
    let d = 0;
    if (r.parent === null || existing.has(r.parent)) d = 0;
    else if (!fresh.has(r.parent)) missing.push(code);
    else if (trail.has(r.parent)) cyclic.push(code);
    else {
      trail.add(code);
      d = depthOf(r.parent, trail) + 1;
    }
    depth.set(code, d);
    return d;
  };
  for (const code of fresh.keys()) depthOf(code, new Set([code]));
  if (missing.length) {
    return invalid(
      `以下单位的上级单位不存在:${missing.slice(0, 20).join("、")}`,
      `These units name a parent that does not exist: ${missing.slice(0, 20).join(", ")}`,
      { units: missing },
    );
  }
  if (cyclic.length) {
    return invalid(
      `以下单位的上级关系构成循环:${cyclic.slice(0, 20).join("、")}`,
      `These units form a cycle of parents: ${cyclic.slice(0, 20).join(", ")}`,
      { units: cyclic },
    );
  }
  return depth;
}

/**
 * An admin below the root imports only into its own subtree: every named unit that exists is in
 * it, and every new top-level unit of the import hangs below a stored unit in it (no new roots).
 */
function checkScope(
  incoming: Map<string, ImportUnit>,
  existing: Map<string, StoredUnit>,
  depth: Map<string, number>,
  scope: { path: string },
): Refusal | null {
  const inside = (code: string | null) => {
    const stored = code === null ? undefined : existing.get(code);
    return stored !== undefined && isInSubtree(stored, scope);
  };
  for (const r of incoming.values()) {
    const ok = existing.has(r.code) ? inside(r.code) : depth.get(r.code)! > 0 || inside(r.parent);
    if (!ok) return forbiddenUnit();
  }
  return null;
}

/**
 * The plan of an import against the stored units it names; `scope`: the subtree an admin below
 * the root administers (null: global).
 */
export function planImport(
  incoming: Map<string, ImportUnit>,
  existing: Map<string, StoredUnit>,
  scope: { path: string } | null = null,
): ImportPlan | Refusal {
  if (scope) {
    // Before anything else is resolved: a unit or a parent that does not exist and one outside
    // the scope get the same 403, so an import cannot probe other organisations' codes.
    const inside = (code: string) => {
      const stored = existing.get(code);
      return stored !== undefined && isInSubtree(stored, scope);
    };
    for (const r of incoming.values()) {
      if (existing.has(r.code) && !inside(r.code)) return forbiddenUnit();
      const parentNew = r.parent !== null && incoming.has(r.parent) && !existing.has(r.parent);
      if (!existing.has(r.code) && !parentNew && (r.parent === null || !inside(r.parent))) {
        return forbiddenUnit();
      }
    }
  }
  const split = splitNew(incoming, existing);
  if (isRefusal(split)) return split;
  const { fresh, unchanged } = split;
  const depth = depthsOf(fresh, existing);
  if (isRefusal(depth)) return depth;
  const outside = scope ? checkScope(incoming, existing, depth, scope) : null;
  if (outside) return outside;
  const levels: ImportUnit[][] = [];
  const grown = new Set<string>();
  for (const r of fresh.values()) {
    const d = depth.get(r.code)!;
    (levels[d] ??= []).push(r);
    if (d === 0 && r.parent !== null) {
      for (const code of pathCodes(existing.get(r.parent)!.path)) grown.add(code);
    }
  }
  return { levels, unchanged, grownAncestors: [...grown] };
}
