import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cycles, moduleGraph } from "./module-graph";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

describe("the module graph", () => {
  it.each(["addin/src", "shared", "worker/src"])("of %s has no cycles", (tree) => {
    const root = join(ROOT, tree);
    expect(cycles(moduleGraph(root), root.length)).toEqual([]);
  });

  it("is walked far enough to find a cycle", () => {
    const g = new Map([
      ["/a.ts", ["/b.ts"]],
      ["/b.ts", ["/c.ts"]],
      ["/c.ts", ["/a.ts"]],
      ["/d.ts", ["/a.ts"]],
    ]);
    expect(cycles(g)).toEqual(["/a.ts → /b.ts → /c.ts → /a.ts"]);
  });
});
