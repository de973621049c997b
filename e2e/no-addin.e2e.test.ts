/**
 * A clerk without the add-in (issue 11): downloads the unit's checking workbook from `wrangler
 * dev`, fills it in LibreOffice Calc (headless, typed through its UNO API, saved by Calc as .xlsx),
 * uploads a word in a number cell (422 naming the cell), then a report that breaks a rule (422,
 * the same errors the workbook itself marks), then the fixed one (stored exactly). A second clerk's
 * Calc drops the `xxgk.*` names: the cells are found by address. The county's rollup includes both.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ApiError, createApiClient } from "../shared/api/client";
import { validate } from "../shared/engine";
import { layoutForm } from "../shared/layout/grid";
import { consistentValues, rng } from "../shared/testing/sample-report";
import { fillXlsx } from "../shared/testing/xlsx-fill";
import { findChromium, launchBrowser, type Browser } from "./support/browser";
import { gov2021 } from "./support/pane";
import { ROOT, startStack, type Stack } from "./support/server";

const YEAR = 2023;
const PYTHON = "/usr/bin/python3";
const FILL = join(ROOT, "shared/testing/lo_fill.py");
const { form } = gov2021();
const layout = layoutForm(form, "zh");

function libreOffice(): boolean {
  return (
    spawnSync("soffice", ["--version"], { stdio: "ignore" }).status === 0 &&
    spawnSync(PYTHON, ["-c", "import uno"], { stdio: "ignore" }).status === 0
  );
}

interface FillJob {
  file: string;
  out: string;
  cells: Record<string, number | string>;
  stripNames?: boolean;
}
interface FillResult {
  errors: number;
  warnings: number;
  names: number;
}

let dir = "";

/** Type the cells (by cell id) into each file in one LibreOffice session; save as .xlsx. */
function fillInCalc(jobs: FillJob[]): FillResult[] {
  const byAddress = (cells: Record<string, number | string>) =>
    Object.fromEntries(Object.entries(cells).map(([id, v]) => [layout.inputs[id]!.address, v]));
  const jobsFile = join(dir, `jobs-${Date.now()}.json`);
  const resultsFile = `${jobsFile}.out`;
  writeFileSync(
    jobsFile,
    JSON.stringify({
      jobs: jobs.map((j) => ({ ...j, sheet: layout.sheetName, cells: byAddress(j.cells) })),
    }),
  );
  const run = spawnSync(PYTHON, [FILL, jobsFile, resultsFile], { encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  return (JSON.parse(readFileSync(resultsFile, "utf8")) as { results: FillResult[] }).results;
}

const read = (f: string) => new Uint8Array(readFileSync(join(dir, f)));

describe.skipIf(!libreOffice())("a clerk without the add-in: download, LibreOffice, upload", () => {
  let stack: Stack;
  let browser: Browser | null = null;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "xxgk-noaddin-"));
    stack = await startStack();
    if (findChromium()) browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("fill in Calc, an error, a fix, names dropped; the rollup includes both", async () => {
    const [a, b] = stack.tokens.clerks;
    const apiA = createApiClient({ origin: stack.origin, token: a!.token });
    const apiB = createApiClient({ origin: stack.origin, token: b!.token });

    const got = await apiA.downloadWorkbook(a!.code, form.id, YEAR);
    expect(got.filename).toBe(`${a!.name}_${YEAR}年政府信息公开年报统计表.xlsx`);
    writeFileSync(join(dir, "a.xlsx"), got.bytes);
    writeFileSync(join(dir, "b.xlsx"), (await apiB.downloadWorkbook(b!.code, form.id, YEAR)).bytes);

    const good = consistentValues(form, rng(2023), 30);
    const word = "requests.granted.natural";
    const broken = { ...good, "requests.new.natural": good["requests.new.natural"]! + 7 };
    const expectedErrors = validate(form, broken).issues.filter((i) => i.severity === "error");
    expect(expectedErrors.length).toBeGreaterThan(0);
    const goodB = consistentValues(form, rng(7), 30);
    const [wordy, wrong, fixed, stripped] = fillInCalc([
      {
        file: join(dir, "a.xlsx"),
        out: join(dir, "a-word.xlsx"),
        cells: { ...good, [word]: "十二" },
      },
      { file: join(dir, "a.xlsx"), out: join(dir, "a-wrong.xlsx"), cells: broken },
      { file: join(dir, "a.xlsx"), out: join(dir, "a-fixed.xlsx"), cells: good },
      { file: join(dir, "b.xlsx"), out: join(dir, "b.xlsx"), cells: goodB, stripNames: true },
    ]);
    expect(wordy!.names).toBe(form.cells.length); // Calc keeps the names
    expect(stripped!.names).toBe(0);
    expect(fixed!.errors).toBe(0);

    const key = () => `noaddin-${Math.random().toString(36).slice(2)}`;
    const fail = async (bytes: Uint8Array) => {
      const e = await apiA
        .uploadWorkbook(a!.code, form.id, YEAR, bytes, { idempotencyKey: key() })
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ApiError);
      return e as ApiError;
    };
    const e1 = await fail(read("a-word.xlsx"));
    expect(e1.status).toBe(422);
    expect(e1.problem.detail).toContain(`${layout.inputs[word]!.address} 「`);
    expect(e1.problem.detail).toContain("「十二」不是数字");

    const e2 = await fail(read("a-wrong.xlsx"));
    expect(e2.status).toBe(422);
    const serverErrors = (e2.problem.issues ?? []).filter((i) => i.severity === "error");
    expect(serverErrors.map((i) => i.key).sort()).toEqual(expectedErrors.map((i) => i.key).sort());
    // The workbook marked the same number of broken rules in Calc as the server refused.
    expect(wrong!.errors).toBe(serverErrors.length);

    const stored = await apiA.uploadWorkbook(a!.code, form.id, YEAR, read("a-fixed.xlsx"), {
      idempotencyKey: key(),
    });
    expect(stored.body.values).toEqual(good);
    const storedB = await apiB.uploadWorkbook(b!.code, form.id, YEAR, read("b.xlsx"), {
      idempotencyKey: key(),
    });
    expect(storedB.body.values).toEqual(goodB);

    const sup = createApiClient({ origin: stack.origin, token: stack.tokens.supervisor.token });
    const rollup = await sup.rollup(stack.tokens.supervisor.code, form.id, YEAR);
    const cell = "requests.new.natural";
    expect(rollup.values[cell]).toBe(good[cell]! + goodB[cell]!);
    expect(rollup.submitted).toBe(2);

    // The screenshot of docs/WORKFLOW.md: the workbook's own marks as Calc renders them.
    const pdf = spawnSync(
      "soffice",
      [
        "--headless",
        `-env:UserInstallation=file://${dir}/pdf-profile`,
        "--convert-to",
        "pdf",
        "--outdir",
        dir,
        join(dir, "a-wrong.xlsx"),
      ],
      { encoding: "utf8" },
    );
    expect(pdf.status, pdf.stderr).toBe(0);
    const png = spawnSync("pdftoppm", [
      "-png",
      "-r",
      "100",
      "-f",
      "1",
      "-l",
      "1",
      "-singlefile",
      join(dir, "a-wrong.pdf"),
      join(dir, "marks"),
    ]);
    expect(png.status).toBe(0);
    mkdirSync(join(ROOT, "docs/screenshots"), { recursive: true });
    copyFileSync(join(dir, "marks.png"), join(ROOT, "docs/screenshots/no-addin-libreoffice.png"));
  });

  test.skipIf(!findChromium())(
    "the pane in a plain browser: download, upload, the result",
    async () => {
      const c = stack.tokens.clerks[2]!;
      const context = await browser!.newContext();
      const page = await context.newPage();
      // No office.js outside Office (and none from Microsoft's CDN in the test).
      await page.route("https://appsforoffice.microsoft.com/**", (r) => r.abort());
      await page.goto(`${stack.origin}/taskpane.html`);
      await page.locator("#files").waitFor();
      await page.fill("#files-token", c.token);
      await page.click('#files button[type="submit"]');
      await page.locator("#files-download").waitFor();
      expect(await page.locator("#files-unit").count()).toBe(0); // a clerk: own unit only
      await page.fill("#files-year", String(YEAR));
      await page.press("#files-year", "Tab");
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.click("#files-download"),
      ]);
      expect(download.suggestedFilename()).toBe(`${c.name}_${YEAR}年政府信息公开年报统计表.xlsx`);
      const blank = new Uint8Array(readFileSync((await download.path())!));
      const values = consistentValues(form, rng(99), 20);
      const cells = (v: Record<string, number | string>) =>
        Object.fromEntries(Object.entries(v).map(([id, x]) => [layout.inputs[id]!.address, x]));
      const word = "requests.granted.natural";
      writeFileSync(
        join(dir, "c-word.xlsx"),
        fillXlsx(blank, cells({ ...values, [word]: "十二" })),
      );
      writeFileSync(join(dir, "c-good.xlsx"), fillXlsx(blank, cells(values)));

      await page.setInputFiles("#files-upload", join(dir, "c-word.xlsx"));
      const result = page.locator("#files-result");
      await expect.poll(() => result.textContent()).toContain(`${layout.inputs[word]!.address} 「`);
      expect(await result.textContent()).toContain("「十二」不是数字");
      await page.setInputFiles("#files-upload", join(dir, "c-good.xlsx"));
      await expect.poll(() => result.textContent()).toContain("已保存为第 1 版");
      const api = createApiClient({ origin: stack.origin, token: c.token });
      expect((await api.getReport(c.code, form.id, YEAR)).body.values).toEqual(values);

      // The supervisor: any unit below, by its code.
      const sup = await browser!.newContext();
      const p2 = await sup.newPage();
      await p2.route("https://appsforoffice.microsoft.com/**", (r) => r.abort());
      await p2.goto(`${stack.origin}/taskpane.html`);
      await p2.fill("#files-token", stack.tokens.supervisor.token);
      await p2.click('#files button[type="submit"]');
      await p2.locator("#files-unit").waitFor();
      await p2.fill("#files-unit", c.code);
      await p2.press("#files-unit", "Tab");
      await p2.fill("#files-year", String(YEAR));
      await p2.press("#files-year", "Tab");
      const [d2] = await Promise.all([p2.waitForEvent("download"), p2.click("#files-download")]);
      expect(d2.suggestedFilename()).toBe(`${c.name}_${YEAR}年政府信息公开年报统计表.xlsx`);
      await context.close();
      await sup.close();
    },
  );
});
