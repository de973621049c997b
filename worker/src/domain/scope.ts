/**
 * A local form in a subtree (pure): which children it covers and how many units of each, so a
 * rollup above the form's scope counts only the units the form applies to.
 */
import type { Form } from "../../../shared/forms/catalogue";
import { coverage, inScope } from "../../../shared/forms/scope";
import type { RollupInput } from "./rollup";

/** A unit that roots a local form's scope, with its path and subtree size. */
export interface ScopeRoot {
  code: string;
  path: string;
  units: number;
}

/** The outermost roots (a root inside another root's subtree is counted with it). */
export function outermost(roots: readonly ScopeRoot[]): ScopeRoot[] {
  const sorted = [...roots].sort((a, b) => a.path.localeCompare(b.path));
  const out: ScopeRoot[] = [];
  for (const r of sorted) if (!out.some((o) => r.path.startsWith(o.path))) out.push(r);
  return out;
}

/** How much of the subtree at `path` the form covers, given the scope roots found below it. */
export function coverageAt(
  form: Pick<Form, "scope">,
  path: string,
  roots: readonly ScopeRoot[],
): "all" | "part" | "none" {
  const below = roots.filter((r) => r.path.startsWith(path)).map((r) => r.code);
  return coverage(form, path, below);
}

/** The units of the subtree at `path` the form applies to (`all`: `units`). */
export function unitsInScope(
  form: Pick<Form, "scope">,
  path: string,
  units: number,
  roots: readonly ScopeRoot[],
): number {
  if (inScope(form, path)) return units;
  return outermost(roots.filter((r) => r.path.startsWith(path))).reduce((n, r) => n + r.units, 0);
}

/**
 * The rollup's input limited to where the form applies: children it does not cover are left out,
 * and unit counts are those of the covered part (a national form: unchanged).
 */
export function scopedRollupInput(
  form: Pick<Form, "scope">,
  nodePath: string,
  read: RollupInput,
  roots: readonly ScopeRoot[],
): RollupInput {
  if (!form.scope || inScope(form, nodePath)) return read;
  const children = read.children
    .map((c) => ({ c, path: `${nodePath}${c.code}/` }))
    .filter(({ path }) => coverageAt(form, path, roots) !== "none")
    .map(({ c, path }) => ({ ...c, units: unitsInScope(form, path, c.units, roots) }));
  return {
    ...read,
    own: { ...read.own, units: unitsInScope(form, nodePath, read.own.units, roots) },
    children,
  };
}
