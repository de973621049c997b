/**
 * The unit tree as materialised paths: `units.path` is `/root/…/code/`, so a subtree is one index
 * range and a unit's ancestors are the codes on its path.
 */

/** The codes on a unit's path, root first, the unit last. */
export function pathCodes(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

/** The [lo, hi) range of `units.path` that holds a unit's subtree (the unit included). */
export function subtreeRange(path: string): [string, string] {
  return [path, path.slice(0, -1) + "0"];
}

/** Is the unit at `path` in the subtree of the unit at `ancestorPath` (itself included)? */
export function isInSubtree(unit: { path: string }, ancestor: { path: string }): boolean {
  return unit.path.startsWith(ancestor.path);
}
