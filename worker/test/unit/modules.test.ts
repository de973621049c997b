import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** The Worker's own modules each module imports (type-only imports count: they couple too). */
function graph(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, "utf8");
    const deps = [...text.matchAll(/from "(\.[^"]+)"/g)]
      .map((m) => resolve(dirname(file), m[1]!) + ".ts")
      .filter((p) => p.startsWith(SRC));
    out.set(file, deps);
  }
  return out;
}

describe("the Worker's modules", () => {
  it("import each other without cycles", () => {
    const g = graph();
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const visit = (f: string, trail: string[]) => {
      if (state.get(f) === "done") return;
      if (state.get(f) === "open") {
        cycles.push(
          [...trail.slice(trail.indexOf(f)), f].map((p) => p.slice(SRC.length)).join(" → "),
        );
        return;
      }
      state.set(f, "open");
      for (const d of g.get(f) ?? []) visit(d, [...trail, f]);
      state.set(f, "done");
    };
    for (const f of g.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it("keep to their layers: domain/ reads no storage, db/ no routes", () => {
    const g = graph();
    const bad: string[] = [];
    for (const [file, deps] of g) {
      const layer = file.slice(SRC.length + 1).split("/")[0];
      for (const d of deps) {
        const to = d.slice(SRC.length + 1).split("/")[0];
        const forbidden: Record<string, string[]> = {
          domain: ["db", "services", "routes", "middleware", "export"],
          db: ["services", "routes", "middleware", "export"],
          services: ["routes", "middleware"],
        };
        if (forbidden[layer ?? ""]?.includes(to ?? ""))
          bad.push(`${file.slice(SRC.length)} → ${d.slice(SRC.length)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("stay under 400 lines each", () => {
    const long = sources(SRC)
      .map((f) => [f.slice(SRC.length), readFileSync(f, "utf8").split("\n").length] as const)
      .filter(([, n]) => n > 400);
    expect(long).toEqual([]);
  });
});
