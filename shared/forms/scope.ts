import { servesYear, type Form } from "./model";

/**
 * Where and when a form is in force. A national form (no `scope`) applies to every unit; a local
 * form applies to the subtrees rooted at its `scope.units` (shared/forms/schema.ts), in addition
 * to the national form of the year.
 *
 * Units are identified by their path, root first, as the Worker stores it (`units.path`,
 * `/460000/460100/460100001/`) or as the API gives it (`GET /me` → `unit.path[].code`). A unit is
 * inside a scope when a scope root is on its path: no query beyond the unit row the Worker has
 * already read.
 */

/** A unit's path: the stored text (`/a/b/c/`) or its codes, root first, ending with the unit. */
export type UnitPath = string | readonly string[];

/** The codes of a stored path, root first: `/460000/460100/` → `["460000", "460100"]`. */
export function pathCodes(path: UnitPath): readonly string[] {
  return typeof path === "string" ? path.split("/").filter((c) => c !== "") : path;
}

/** Is the unit inside the form's scope (always, for a national form)? */
export function inScope(form: Pick<Form, "scope">, path: UnitPath): boolean {
  if (!form.scope) return true;
  const roots = new Set(form.scope.units);
  return pathCodes(path).some((code) => roots.has(code));
}

/** Is the form in force for the unit in the report year? */
export function inForce(
  form: Pick<Form, "scope" | "years">,
  path: UnitPath,
  year: number,
): boolean {
  return servesYear(form, year) && inScope(form, path);
}

/**
 * How much of a unit's subtree a form covers: `all` (national, or the unit is inside the scope),
 * `part` (a scope root lies strictly below the unit: a rollup there includes the local form for
 * that part only), `none`. `rootsBelow` are the scope roots found in the unit's subtree; the
 * Worker finds them with one indexed query on `units.code IN (scopeRoots(forms))` and the
 * subtree's path range.
 */
export function coverage(
  form: Pick<Form, "scope">,
  path: UnitPath,
  rootsBelow: Iterable<string>,
): "all" | "part" | "none" {
  if (inScope(form, path)) return "all";
  const roots = new Set(form.scope?.units ?? []);
  for (const code of rootsBelow) if (roots.has(code)) return "part";
  return "none";
}

/** Every scope root code of these forms (what the Worker looks up for `coverage`). */
export function scopeRoots(forms: readonly Pick<Form, "scope">[]): string[] {
  return [...new Set(forms.flatMap((f) => f.scope?.units ?? []))].sort();
}

/** Do two forms apply to the same units (both national, or the same roots)? */
export function sameScope(a: Pick<Form, "scope">, b: Pick<Form, "scope">): boolean {
  const key = (f: Pick<Form, "scope">) => scopeRoots([f]).join(",");
  return key(a) === key(b);
}
