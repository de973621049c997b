import {
  UnitCodeSchema,
  type UnitImportRow,
  type UnitRef,
  type UnitsImportResponse,
} from "../../shared/api/schemas";
import type { Principal, UnitRow } from "./env";
import { HttpProblem, problems } from "./problem";

const UNIT_COLUMNS = "id, code, name, parent_id, depth, path";

/** The codes on a unit's path, root first, the unit last. */
export function pathCodes(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

/** The [lo, hi) range of `units.path` that holds a unit's subtree (the unit included). */
export function subtreeRange(path: string): [string, string] {
  return [path, path.slice(0, -1) + "0"];
}

export function isInSubtree(unit: UnitRow, ancestor: UnitRow): boolean {
  return unit.path.startsWith(ancestor.path);
}

export function unitByCodeStatement(db: D1Database, code: string): D1PreparedStatement {
  return db.prepare(`SELECT ${UNIT_COLUMNS} FROM units WHERE code = ?1`).bind(code);
}

export async function unitByCode(db: D1Database, code: string): Promise<UnitRow | null> {
  if (!UnitCodeSchema.safeParse(code).success) return null;
  return unitByCodeStatement(db, code).first<UnitRow>();
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

export type Access = "read" | "write" | "rollup";

/**
 * The unit a request names, if the caller may act on it; otherwise a 403 that is the same whether
 * or not the unit exists. Admins (who manage every unit) learn that a unit does not exist (404).
 *
 * - clerk: reads and writes its own unit only; no rollups.
 * - supervisor: reads reports and rollups of every unit of its subtree; never writes.
 * - admin: reads every unit (reports and rollups); never writes reports.
 */
export async function authorizeUnit(
  db: D1Database,
  principal: Principal,
  code: string,
  access: Access,
  prefetched?: { code: string; unit: UnitRow | null },
): Promise<UnitRow> {
  const unit =
    prefetched && prefetched.code === code ? prefetched.unit : await unitByCode(db, code);
  if (principal.role === "admin") {
    if (!unit)
      throw problems.notFound(`没有代码为「${code}」的单位。`, `No unit with code "${code}".`);
    if (access === "write") throw writeForbidden();
    return unit;
  }
  const inScope =
    unit !== null &&
    (principal.role === "clerk"
      ? unit.id === principal.unit.id
      : isInSubtree(unit, principal.unit));
  if (!inScope) throw problems.forbiddenUnit();
  if (access === "write" && principal.role !== "clerk") throw writeForbidden();
  if (access === "rollup" && principal.role === "clerk") {
    throw problems.forbiddenRole(
      "汇总数据仅供上级单位(supervisor)查看。",
      "Rollups are for supervisors of the unit or of an ancestor.",
    );
  }
  return unit;
}

function writeForbidden(): HttpProblem {
  return problems.forbiddenRole(
    "只有本单位的填报人员(clerk)可以提交报表。",
    "Only a clerk of the unit may submit its reports.",
  );
}

// ------------------------------------------------------------------------------------------------
// Bulk import

interface ImportPlan {
  /** New units grouped by depth below an existing unit or a root, in insertion order. */
  levels: { code: string; name: string; parent: string | null }[][];
  unchanged: number;
  /** Stored units whose subtree grows (the ancestors of the new units). */
  grownAncestors: string[];
}

/**
 * Check an import against the stored tree: every parent known (stored or in the import), no
 * cycle, no duplicate code with other data, no change to an existing unit (409).
 */
export async function planImport(db: D1Database, rows: UnitImportRow[]): Promise<ImportPlan> {
  const incoming = new Map<string, { code: string; name: string; parent: string | null }>();
  for (const r of rows) {
    const row = { code: r.code, name: r.name.trim(), parent: r.parent_code || null };
    const seen = incoming.get(r.code);
    if (seen && (seen.name !== row.name || seen.parent !== row.parent)) {
      throw new HttpProblem(
        422,
        "unit-import-invalid",
        "单位导入数据有误",
        `单位代码「${r.code}」在导入数据中出现多次且内容不同。`,
        `Unit code "${r.code}" appears more than once with different data.`,
      );
    }
    incoming.set(r.code, row);
  }
  const codes = new Set<string>(incoming.keys());
  for (const r of incoming.values()) if (r.parent) codes.add(r.parent);
  const existing = new Map<
    string,
    { code: string; name: string; parent: string | null; path: string }
  >();
  const list = [...codes];
  for (let i = 0; i < list.length; i += 5000) {
    const { results } = await db
      .prepare(
        `SELECT u.code, u.name, p.code AS parent, u.path FROM units u
           LEFT JOIN units p ON p.id = u.parent_id
          WHERE u.code IN (SELECT value FROM json_each(?1))`,
      )
      .bind(JSON.stringify(list.slice(i, i + 5000)))
      .all<{ code: string; name: string; parent: string | null; path: string }>();
    for (const r of results) existing.set(r.code, r);
  }
  const conflicts: string[] = [];
  let unchanged = 0;
  const fresh = new Map<string, { code: string; name: string; parent: string | null }>();
  for (const r of incoming.values()) {
    const old = existing.get(r.code);
    if (!old) fresh.set(r.code, r);
    else if (old.name === r.name && old.parent === r.parent) unchanged++;
    else conflicts.push(r.code);
  }
  if (conflicts.length) {
    throw new HttpProblem(
      409,
      "unit-conflict",
      "单位已存在",
      `以下单位代码已存在,但名称或上级不同(导入不会修改已有单位):${conflicts.slice(0, 20).join("、")}`,
      `These unit codes exist with another name or parent (an import never changes a unit): ${conflicts.slice(0, 20).join(", ")}`,
      { conflicts },
    );
  }
  // Depth of each new unit below the nearest stored ancestor (or as a root).
  const depth = new Map<string, number>();
  const missing: string[] = [];
  const cyclic: string[] = [];
  const depthOf = (code: string, trail: Set<string>): number => {
    const known = depth.get(code);
    if (known !== undefined) return known;
    const r = fresh.get(code)!;
    let d: number;
    if (r.parent === null || existing.has(r.parent)) d = 0;
    else if (!fresh.has(r.parent)) {
      missing.push(code);
      d = 0;
    } else if (trail.has(r.parent)) {
      cyclic.push(code);
      d = 0;
    } else {
      trail.add(code);
      d = depthOf(r.parent, trail) + 1;
    }
    depth.set(code, d);
    return d;
  };
  for (const code of fresh.keys()) depthOf(code, new Set([code]));
  if (missing.length || cyclic.length) {
    throw new HttpProblem(
      422,
      "unit-import-invalid",
      "单位导入数据有误",
      missing.length
        ? `以下单位的上级单位不存在:${missing.slice(0, 20).join("、")}`
        : `以下单位的上级关系构成循环:${cyclic.slice(0, 20).join("、")}`,
      missing.length
        ? `These units name a parent that does not exist: ${missing.slice(0, 20).join(", ")}`
        : `These units form a cycle of parents: ${cyclic.slice(0, 20).join(", ")}`,
      { units: missing.length ? missing : cyclic },
    );
  }
  const levels: ImportPlan["levels"] = [];
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

/** Statements that insert a planned import, level by level (run them in one batch). */
export function importStatements(
  db: D1Database,
  plan: ImportPlan,
  now: string,
): D1PreparedStatement[] {
  const out: D1PreparedStatement[] = [];
  for (const level of plan.levels) {
    const roots = level.filter((r) => r.parent === null);
    const children = level.filter((r) => r.parent !== null);
    for (let i = 0; i < roots.length; i += 2000) {
      out.push(
        db
          .prepare(
            `INSERT INTO units (code, name, parent_id, depth, path, created_at)
             SELECT j.value ->> 'code', j.value ->> 'name', NULL, 0,
                    '/' || (j.value ->> 'code') || '/', ?2
               FROM json_each(?1) j`,
          )
          .bind(JSON.stringify(roots.slice(i, i + 2000)), now),
      );
    }
    for (let i = 0; i < children.length; i += 2000) {
      out.push(
        db
          .prepare(
            `INSERT INTO units (code, name, parent_id, depth, path, created_at)
             SELECT j.value ->> 'code', j.value ->> 'name', p.id, p.depth + 1,
                    p.path || (j.value ->> 'code') || '/', ?2
               FROM json_each(?1) j JOIN units p ON p.code = j.value ->> 'parent'`,
          )
          .bind(JSON.stringify(children.slice(i, i + 2000)), now),
      );
    }
  }
  const counted = [...plan.grownAncestors, ...plan.levels.flat().map((u) => u.code)];
  for (let i = 0; i < counted.length; i += 5000) {
    out.push(recountStatement(db, counted.slice(i, i + 5000)));
  }
  return out;
}

/** Recompute `subtree_units` of the given units (an index range count each). */
export function recountStatement(db: D1Database, codes: string[]): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE units SET subtree_units = (
         SELECT count(*) FROM units d
          WHERE d.path >= units.path AND d.path < substr(units.path, 1, length(units.path) - 1) || '0')
        WHERE code IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(codes));
}

export async function importUnits(
  db: D1Database,
  rows: UnitImportRow[],
  audit: (created: number) => D1PreparedStatement,
  now: string,
): Promise<UnitsImportResponse> {
  const plan = await planImport(db, rows);
  const created = plan.levels.reduce((n, l) => n + l.length, 0);
  if (created > 0) await db.batch([...importStatements(db, plan, now), audit(created)]);
  return { created, unchanged: plan.unchanged };
}

/** Parse `code,name,parent_code` CSV (header line required; RFC 4180 quoting). */
export function parseUnitsCsv(text: string): Record<string, string>[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, ""));
  const header = rows.shift()?.map((h) => h.trim());
  if (!header || header.join(",") !== "code,name,parent_code") {
    throw problems.badRequest(
      "csv-header",
      "CSV 第一行应为表头 code,name,parent_code。",
      "The first CSV line must be the header code,name,parent_code.",
    );
  }
  return rows
    .filter((r) => !(r.length === 1 && r[0]!.trim() === ""))
    .map((r, i) => {
      if (r.length !== 3) {
        throw problems.badRequest(
          "csv-row",
          `CSV 第 ${i + 2} 行应有 3 列,实际 ${r.length} 列。`,
          `CSV line ${i + 2} should have 3 fields, has ${r.length}.`,
        );
      }
      return { code: r[0]!.trim(), name: r[1]!, parent_code: r[2]!.trim() };
    });
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      if (ch === "\r" && text[i + 1] === "\n") i++;
    } else field += ch;
    i++;
  }
  if (quoted) {
    throw problems.badRequest(
      "csv-quote",
      "CSV 中有未闭合的引号。",
      "The CSV has an unclosed quote.",
    );
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
