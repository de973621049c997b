import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cycles, moduleGraph, sources } from "./module-graph";

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

  it("follows a folder's index, a re-export and a bare import (polyfills)", () => {
    const root = mkdtempSync(join(tmpdir(), "module-graph-"));
    try {
      mkdirSync(join(root, "engine"));
      writeFileSync(join(root, "engine/index.ts"), 'export * from "./rules";\n');
      writeFileSync(join(root, "engine/rules.ts"), 'import "../entry";\n');
      writeFileSync(join(root, "entry.ts"), 'import type { X } from "./engine";\n');
      expect(cycles(moduleGraph(root), root.length)).toEqual([
        "/engine/index.ts → /engine/rules.ts → /entry.ts → /engine/index.ts",
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/**
 * Issue 22: the pane's state has an owner. `PaneCore` (addin/src/pane/core.ts) holds every slice
 * behind getters; its setters update and emit, and each slice's setter is called by the one module
 * its comment names (`owner: …`). No module assigns the state itself.
 */
describe("the pane's state", () => {
  const PANE = join(ROOT, "addin/src");
  const CORE = join(PANE, "pane/core.ts");
  const core = readFileSync(CORE, "utf8");
  const code = (file: string) =>
    readFileSync(file, "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/\/\/.*$/gm, "");

  /** The state's names: PaneCore's getters under 「reading the state」 (not `lang`, a setting). */
  const reading = core.slice(core.indexOf("reading the state"), core.indexOf("the setters"));
  const fields = [...reading.matchAll(/^ {2}get (\w+)\(\)/gm)].map((m) => m[1]!);
  /** Each setter with a declared owner, from its comment in core.ts. */
  const owners = new Map(
    [...core.matchAll(/\(owner: ([\w/.-]+\.ts)\)[^]*?\*\/\n {2}(\w+)\(/g)].map((m) => [
      m[2]!,
      join(PANE, "pane", m[1]!),
    ]),
  );

  /** Assignments to the state in a module's code (`this.` too when the class is a PaneCore). */
  function assignments(text: string, subclass: boolean): string[] {
    const names = fields.join("|");
    const receiver = subclass ? "" : "(?<!\\bthis)";
    const rx = new RegExp(
      `[\\w$\\])]${receiver}\\.(?:${names})\\s*(?:(?:[-+*/%&|^]|\\*\\*|<<|>>>?|&&|\\|\\||\\?\\?)?=(?![=>])|\\+\\+|--)`,
      "g",
    );
    return [...text.matchAll(rx)].map((m) => m[0]);
  }

  it("is read through getters, and each slice's setter names its owner", () => {
    expect(fields).toEqual(expect.arrayContaining(["me", "formId", "year", "session", "review"]));
    expect(fields.length).toBeGreaterThanOrEqual(16);
    expect([...owners.keys()].sort()).toEqual([
      "adoptSession",
      "connected",
      "disconnected",
      "learnUnits",
      "servedForms",
      "showReview",
      "showSignOff",
    ]);
  });

  it("is assigned by no module but core.ts", () => {
    const found = sources(PANE)
      .filter((f) => f !== CORE)
      .flatMap((f) => {
        const text = code(f);
        const subclass = /extends (PaneCore|PaneController)\b/.test(text);
        return assignments(text, subclass).map((a) => `${relative(ROOT, f)}: ${a}`);
      });
    expect(found).toEqual([]);
  });

  it("is set slice by slice by each slice's owner only", () => {
    const strays = sources(PANE)
      .filter((f) => f !== CORE)
      .flatMap((f) => {
        const text = code(f);
        return [...owners]
          .filter(([setter, owner]) => f !== owner && new RegExp(`\\.${setter}\\(`).test(text))
          .map(([setter]) => `${relative(ROOT, f)} calls ${setter}`);
      });
    expect(strays).toEqual([]);
    // Each owner does call its setter (a renamed setter cannot leave the check empty).
    for (const [setter, owner] of owners)
      expect(code(owner), `${setter} in ${owner}`).toMatch(new RegExp(`\\.${setter}\\(`));
  });

  it("the check sees each way of assigning", () => {
    for (const bad of [
      "c.year = 2018;",
      "core.review = null;",
      "this.core.units = [];",
      "v.c.formId=x;",
      "c.busy ||= true;",
      "pane.token += 'x';",
      "list[0].session = s;",
    ])
      expect(assignments(bad, false), bad).toHaveLength(1);
    expect(assignments("this.busy = true;", true)).toHaveLength(1);
    for (const fine of [
      "if (c.year === 2018) go();",
      "this.year = 2018;",
      "const f = (c.me) => c.me;",
      "c.choose({ year: 2018 });",
    ])
      expect(assignments(fine, false), fine).toEqual([]);
  });
});
