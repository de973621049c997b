/**
 * The import graph of a source tree, as the module-graph tests walk it: each module and the
 * modules of the same tree it imports (type-only imports count: they couple too).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === "node_modules" ? [] : sources(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

/** The module a relative specifier names: `x.ts`, or a folder's `x/index.ts`. */
function moduleOf(from: string, spec: string): string {
  const base = resolve(dirname(from), spec.replace(/\.(js|ts)$/, ""));
  return !existsSync(`${base}.ts`) && existsSync(join(base, "index.ts"))
    ? join(base, "index.ts")
    : `${base}.ts`;
}

/** Relative specifiers of `import … from`, `export … from` and bare `import "…"` (side effects). */
const SPECIFIER = /(?:\bfrom|^\s*import)\s*"(\.[^"]+)"/gm;

export function moduleGraph(root: string, files = sources(root)): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const deps = [...text.matchAll(SPECIFIER)]
      .map((m) => moduleOf(file, m[1]!))
      .filter((p) => p.startsWith(root));
    out.set(file, deps);
  }
  return out;
}

/** Every cycle met walking the graph, as `a → b → a` (paths shortened by `strip` characters). */
export function cycles(g: Map<string, string[]>, strip = 0): string[] {
  const state = new Map<string, "open" | "done">();
  const found: string[] = [];
  const visit = (f: string, trail: string[]) => {
    if (state.get(f) === "done") return;
    if (state.get(f) === "open") {
      found.push([...trail.slice(trail.indexOf(f)), f].map((p) => p.slice(strip)).join(" → "));
      return;
    }
    state.set(f, "open");
    for (const d of g.get(f) ?? []) visit(d, [...trail, f]);
    state.set(f, "done");
  };
  for (const f of g.keys()) visit(f, []);
  return found;
}
