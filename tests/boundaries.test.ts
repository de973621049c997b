import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The boundary rules a file at `path` (from the repo root) with `code` breaks. */
async function broken(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${path}` });
  const boundary = ["no-restricted-imports", "no-restricted-globals", "no-restricted-syntax"];
  return (result?.messages ?? []).flatMap((m) =>
    m.ruleId && boundary.includes(m.ruleId) ? [`${m.ruleId}: ${m.message}`] : [],
  );
}

describe("import boundaries (eslint)", () => {
  it("the add-in does not import the Worker", async () => {
    const errors = await broken("addin/src/zz.ts", 'import { app } from "../../worker/src/app";\n');
    expect(errors).toEqual([expect.stringMatching(/^no-restricted-imports: .*over HTTP only/)]);
  });

  it("the Worker does not import the add-in", async () => {
    const code = 'import { langOf } from "../../addin/src/i18n";\n';
    expect(await broken("worker/src/zz.ts", code)).toHaveLength(1);
  });

  it("the Worker imports neither Node built-ins nor the self-hosted server; the server may import the Worker", async () => {
    const code =
      'import { readFileSync } from "node:fs";\nimport { openSqlite } from "../node/d1-sqlite";\n';
    const errors = await broken("worker/src/zz.ts", code);
    expect(errors).toHaveLength(2);
    expect(errors.join("\n")).toContain("no Node built-ins");
    const server = 'import { readFileSync } from "node:fs";\nimport { app } from "../src/app";\n';
    expect(await broken("worker/node/zz.ts", server)).toEqual([]);
    expect(await broken("worker/node/zz.ts", 'import "../../addin/src/i18n";\n')).toHaveLength(1);
  });

  it("worker/src/domain/ builds no HTTP: it imports neither http/ nor hono, and keeps the other Worker rules", async () => {
    const code = 'import { problems } from "../http/problem";\nimport { Hono } from "hono";\n';
    const errors = await broken("worker/src/domain/zz.ts", code);
    expect(errors).toHaveLength(2);
    expect(errors.join("\n")).toContain("only routes/ and services/ build HTTP problems");
    expect(await broken("worker/src/domain/zz.ts", 'import "node:fs";\n')).toHaveLength(1);
    // services/ and routes/ are where problems are built.
    expect(await broken("worker/src/services/zz.ts", code)).toEqual([]);
    expect(await broken("worker/src/routes/zz.ts", code)).toEqual([]);
  });

  it("shared/ imports neither part nor Node built-ins, except in its tests and CLI", async () => {
    const code = 'import { readFileSync } from "node:fs";\nimport "../../worker/src/env";\n';
    expect(await broken("shared/engine/zz.ts", code)).toHaveLength(2);
    expect(await broken("shared/test/zz.test.ts", code)).toEqual([]);
    expect(await broken("shared/cli/zz.ts", 'import { readFileSync } from "node:fs";\n')).toEqual(
      [],
    );
  });

  it("shared code itself is fine anywhere", async () => {
    // One level below the root, so the path also reads as this repository's shared/ from here.
    const code = 'import { getForm } from "../shared/forms/catalogue";\n';
    expect(await broken("addin/zz.ts", code)).toEqual([]);
    expect(await broken("worker/zz.ts", code)).toEqual([]);
  });
});

describe("Office.js only behind ExcelHost (eslint)", () => {
  const uses = [
    "Office.onReady();",
    "Excel.run(async () => {});",
    "(globalThis as unknown as { Excel: unknown }).Excel;",
    'window["OfficeExtension"];',
  ];

  it.each(uses)("`%s` outside addin/src/host/ is an error", async (code) => {
    const errors = await broken("addin/src/pane/controller.ts", `${code}\n`);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join("\n")).toContain("go through ExcelHost");
  });

  it.each(uses)("`%s` in addin/src/host/ and the pane entry is allowed", async (code) => {
    expect(await broken("addin/src/host/excel-host.ts", `${code}\n`)).toEqual([]);
    expect(await broken("addin/src/pane/main.ts", `${code}\n`)).toEqual([]);
  });
});
