/**
 * The unit sheet's changes, decided without storage: each row checked (code, name, duplicate,
 * unknown parent, scope, cycle), the changes against the stored subtree, and the order in which
 * one batch applies them. Units are placed top-down by their final depth (an added unit and a
 * moved one at each depth after their parent), and the move of a subtree is simulated here so
 * every statement gets literal paths and the ancestors its aggregates leave and join.
 */
import type {
  UnitChange,
  UnitChangeKind,
  UnitChangeRow,
  UnitRowError,
} from "../../../shared/api/admin-ui";
import { UnitCodeSchema } from "../../../shared/api/common";
import { pathCodes } from "./tree";

/** A stored unit of the administered subtree. */
export interface SheetUnit {
  code: string;
  name: string;
  parent: string | null;
  active: boolean;
  /** Reports for itself (false: it only consolidates its children). */
  reportsItself: boolean;
  path: string;
}

/** One row as the plan reads it (after the per-row checks). */
interface Wanted {
  row: number;
  code: string;
  name: string;
  parent: string | null;
  active: boolean;
  /** null: as stored (a new unit: true). */
  reports: boolean | null;
}

export interface Move {
  code: string;
  oldPath: string;
  newParentPath: string;
  depthDelta: number;
  /** Ancestors whose aggregates include the subtree before the move, and after it. */
  leaves: string[];
  joins: string[];
}

/** One placement step: an added unit (its parent placed already) or a moved subtree. */
export type Step = { add: { code: string; name: string; parent: string } } | { move: Move };

export interface ChangePlan {
  changes: UnitChange[];
  errors: UnitRowError[];
  steps: Step[];
  renames: { code: string; name: string }[];
  /** New flags of the units whose 停用 or reporting changes. */
  flags: { code: string; active: boolean; reportsItself: boolean }[];
  /** Stored units that become a reporting unit (1) or stop being one (−1): their reports move. */
  counted: { code: string; delta: 1 | -1 }[];
  /** Units whose subtree size or reporting units may change. */
  recount: string[];
}

export interface ChangeContext {
  /** The administered subtree's units (for a root's admin: every unit). */
  stored: Map<string, SheetUnit>;
  /** Codes used by units outside the subtree. */
  taken: Set<string>;
  /** The administered unit (null: a root's admin, who may add roots). */
  scope: SheetUnit | null;
}

const err = (row: number, code: string, zh: string, en: string): UnitRowError => ({
  row,
  code,
  message: zh,
  message_en: en,
});

/** Per-row checks that need no tree: code, name, duplicates, a unit used outside the scope. */
function checkRows(rows: UnitChangeRow[], ctx: ChangeContext, errors: UnitRowError[]): Wanted[] {
  const seen = new Map<string, number>();
  const out: Wanted[] = [];
  rows.forEach((r, row) => {
    const code = r.code.trim();
    const name = r.name.trim();
    const parent = r.parent?.trim() || null;
    const before = errors.length;
    if (!UnitCodeSchema.safeParse(code).success) {
      errors.push(
        err(
          row,
          code,
          `单位代码「${code}」格式有误(1–64 位字母、数字或 _ . -)。`,
          `Unit code "${code}" is malformed (1–64 letters, digits, _ . -).`,
        ),
      );
    } else if (seen.has(code)) {
      errors.push(
        err(
          row,
          code,
          `单位代码「${code}」在表中重复出现(第一次在第 ${seen.get(code)! + 1} 行)。`,
          `Unit code "${code}" appears twice (first in row ${seen.get(code)! + 1}).`,
        ),
      );
    } else if (ctx.taken.has(code)) {
      errors.push(
        err(
          row,
          code,
          `单位代码「${code}」不能使用:请换用其他代码,或请上级管理员处理。`,
          `Unit code "${code}" cannot be used: choose another code, or ask an administrator above you.`,
        ),
      );
    }
    if (name.length === 0 || name.length > 200) {
      errors.push(
        err(
          row,
          code,
          "单位名称不能为空,且不超过 200 个字符。",
          "The unit name must be 1–200 characters.",
        ),
      );
    }
    seen.set(code, seen.get(code) ?? row);
    if (errors.length === before) {
      out.push({ row, code, name, parent, active: r.active ?? true, reports: r.reports ?? null });
    }
  });
  return out;
}

/** The parent of each unit after the changes; rows with a bad parent are reported and dropped. */
function finalParents(
  wanted: Wanted[],
  ctx: ChangeContext,
  errors: UnitRowError[],
): Map<string, string | null> {
  const parents = new Map<string, string | null>();
  for (const u of ctx.stored.values()) parents.set(u.code, u.parent);
  const known = new Set([...ctx.stored.keys(), ...wanted.map((w) => w.code)]);
  const ok: Wanted[] = [];
  for (const w of wanted) {
    const old = ctx.stored.get(w.code);
    const isScope = ctx.scope !== null && w.code === ctx.scope.code;
    if (isScope && w.parent !== ctx.scope!.parent) {
      errors.push(
        err(
          w.row,
          w.code,
          "不能移动您自己管理的单位。",
          "You cannot move the unit you administer.",
        ),
      );
    } else if (w.parent === null && (old ? old.parent !== null : ctx.scope !== null)) {
      errors.push(
        err(
          w.row,
          w.code,
          "上级单位代码不能为空(不能新增或移出顶级单位)。",
          "The parent code is required (no new top-level units).",
        ),
      );
    } else if (!isScope && w.parent !== null && !known.has(w.parent)) {
      errors.push(
        err(
          w.row,
          w.code,
          `上级单位「${w.parent}」不存在或不在您的管理范围内。`,
          `Parent "${w.parent}" does not exist or is outside your subtree.`,
        ),
      );
    } else ok.push(w);
  }
  for (const w of ok) parents.set(w.code, w.parent);
  // A cycle: walking up from a row's unit comes back to it.
  for (const w of ok) {
    const trail = new Set<string>();
    for (let c: string | null = w.code; c !== null && parents.has(c); c = parents.get(c)!) {
      if (trail.has(c)) {
        errors.push(
          err(
            w.row,
            w.code,
            `单位「${w.code}」的上级关系构成循环。`,
            `The parents of "${w.code}" form a cycle.`,
          ),
        );
        break;
      }
      trail.add(c);
    }
  }
  return parents;
}

/** What changes for one row (empty: unchanged). */
function kindsOf(w: Wanted, old: SheetUnit | undefined): UnitChangeKind[] {
  const kinds: UnitChangeKind[] = [];
  if (!old) {
    kinds.push("added");
    if (!w.active) kinds.push("deactivated");
    if (w.reports === false) kinds.push("consolidating");
    return kinds;
  }
  if (old.name !== w.name) kinds.push("renamed");
  if (old.parent !== w.parent) kinds.push("moved");
  if (old.active && !w.active) kinds.push("deactivated");
  if (!old.active && w.active) kinds.push("reactivated");
  if (w.reports !== null && old.reportsItself !== w.reports) {
    kinds.push(w.reports ? "reporting" : "consolidating");
  }
  return kinds;
}

/**
 * A deactivated unit has no active unit below it after the changes (停用 of a subtree is the
 * admin's explicit act, row by row); the row at fault gets the error.
 */
function checkActiveBelow(
  wanted: Wanted[],
  parents: Map<string, string | null>,
  ctx: ChangeContext,
  errors: UnitRowError[],
): void {
  const rowOf = new Map(wanted.map((w) => [w.code, w]));
  const active = (code: string) => rowOf.get(code)?.active ?? ctx.stored.get(code)?.active ?? true;
  const blamed = new Set<number>();
  for (const code of parents.keys()) {
    if (!active(code)) continue;
    // A cycle (reported by finalParents) ends the walk after as many steps as there are units.
    let steps = parents.size;
    for (
      let up = parents.get(code) ?? null;
      up !== null && steps-- > 0;
      up = parents.get(up) ?? null
    ) {
      if (active(up)) continue;
      const mine = rowOf.get(code);
      const theirs = rowOf.get(up);
      // A unit reactivated or added below a deactivated one is the row at fault; else the
      // row that deactivates the unit above.
      const atFault =
        mine && (!ctx.stored.get(code)?.active || mine.parent !== ctx.stored.get(code)?.parent)
          ? mine
          : (theirs ?? mine);
      if (!atFault || blamed.has(atFault.row)) break;
      blamed.add(atFault.row);
      errors.push(
        atFault === theirs
          ? err(
              atFault.row,
              up,
              `单位「${up}」下还有未停用的下级单位「${code}」:请在表中同时停用其下级单位,或先将其移出。`,
              `Unit "${up}" still has an active unit "${code}" below it: deactivate its units too, or move them first.`,
            )
          : err(
              atFault.row,
              code,
              `上级单位「${up}」已停用:请先启用上级单位。`,
              `Its parent unit "${up}" is deactivated: reactivate that first.`,
            ),
      );
      break;
    }
  }
}

/** The tree as the batch changes it: the chain of codes of a unit, from the root. */
class Simulated {
  private parents: Map<string, string | null>;
  constructor(private ctx: ChangeContext) {
    this.parents = new Map([...ctx.stored.values()].map((u) => [u.code, u.parent]));
  }
  chain(code: string): string[] {
    const up: string[] = [];
    let c: string | null = code;
    let top = code;
    while (c !== null && this.parents.has(c)) {
      up.push(c);
      top = c;
      c = this.parents.get(c)!;
    }
    const above = this.ctx.stored.get(top)
      ? pathCodes(this.ctx.stored.get(top)!.path).slice(0, -1)
      : [];
    return [...above, ...up.reverse()];
  }
  path(code: string): string {
    return `/${this.chain(code).join("/")}/`;
  }
  set(code: string, parent: string): void {
    this.parents.set(code, parent);
  }
}

/** The placement steps in final-depth order, each move with its literal paths and ancestors. */
function placementSteps(
  changes: UnitChange[],
  parents: Map<string, string | null>,
  ctx: ChangeContext,
  flagged: string[],
): { steps: Step[]; recount: Set<string> } {
  const depthOf = (code: string): number => {
    let d = 0;
    for (let c = parents.get(code) ?? null; c !== null && parents.has(c); c = parents.get(c)!) d++;
    return d;
  };
  const placed = changes.filter((c) => c.kinds.includes("added") || c.kinds.includes("moved"));
  placed.sort((a, b) => depthOf(a.code) - depthOf(b.code));
  const sim = new Simulated(ctx);
  const steps: Step[] = [];
  const recount = new Set<string>();
  for (const c of placed) {
    const parent = c.parent!;
    if (c.kinds.includes("added")) {
      steps.push({ add: { code: c.code, name: c.name, parent } });
      sim.set(c.code, parent);
      for (const a of sim.chain(c.code)) recount.add(a);
      continue;
    }
    const oldChain = sim.chain(c.code);
    const oldPath = sim.path(c.code);
    const joins = sim.chain(parent);
    sim.set(c.code, parent);
    for (const a of [...oldChain, ...joins]) recount.add(a);
    steps.push({
      move: {
        code: c.code,
        oldPath,
        newParentPath: `/${joins.join("/")}/`,
        depthDelta: joins.length + 1 - oldChain.length,
        leaves: oldChain.slice(0, -1),
        joins,
      },
    });
  }
  // A unit's 停用 or reporting changes the reporting units of its node and every ancestor.
  for (const code of flagged) for (const a of sim.chain(code)) recount.add(a);
  return { steps, recount };
}

const FLAG_KINDS = new Set<UnitChangeKind>([
  "added",
  "deactivated",
  "reactivated",
  "consolidating",
  "reporting",
]);

/** The plan of a sheet's rows against the administered subtree. */
export function planUnitChanges(rows: UnitChangeRow[], ctx: ChangeContext): ChangePlan {
  const errors: UnitRowError[] = [];
  const wanted = checkRows(rows, ctx, errors);
  const parents = finalParents(wanted, ctx, errors);
  checkActiveBelow(wanted, parents, ctx, errors);
  const bad = new Set(errors.map((e) => e.row));
  const changes: UnitChange[] = [];
  for (const w of wanted) {
    if (bad.has(w.row)) continue;
    const old = ctx.stored.get(w.code);
    const kinds = kindsOf(w, old);
    if (kinds.length === 0) continue;
    const was = old ? { was: { name: old.name, parent: old.parent } } : {};
    changes.push({ row: w.row, code: w.code, kinds, name: w.name, parent: w.parent, ...was });
  }
  errors.sort((a, b) => a.row - b.row);
  if (errors.length) {
    return { changes, errors, steps: [], renames: [], flags: [], counted: [], recount: [] };
  }
  const flagged = wanted.filter((w) => {
    const kinds = changes.find((c) => c.row === w.row)?.kinds ?? [];
    return kinds.some((k) => FLAG_KINDS.has(k));
  });
  const { steps, recount } = placementSteps(
    changes,
    parents,
    ctx,
    flagged.map((w) => w.code),
  );
  const renames = changes
    .filter((c) => c.kinds.includes("renamed"))
    .map(({ code, name }) => ({ code, name }));
  const flags = flagged.map((w) => ({
    code: w.code,
    active: w.active,
    reportsItself: w.reports ?? ctx.stored.get(w.code)?.reportsItself ?? true,
  }));
  const counted: ChangePlan["counted"] = [];
  for (const f of flags) {
    const old = ctx.stored.get(f.code);
    if (!old) continue; // a new unit has no report yet
    const was = old.active && old.reportsItself;
    const now = f.active && f.reportsItself;
    if (was !== now) counted.push({ code: f.code, delta: now ? 1 : -1 });
  }
  return { changes, errors, steps, renames, flags, counted, recount: [...recount] };
}
