import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cycles, moduleGraph, sources } from "../../../tests/module-graph";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

const graph = () => moduleGraph(SRC);

describe("the Worker's modules", () => {
  it("import each other without cycles", () => {
    expect(cycles(graph(), SRC.length)).toEqual([]);
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
