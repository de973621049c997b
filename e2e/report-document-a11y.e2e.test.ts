/**
 * The annual report's HTML (the site's 年报 column) checked by axe-core in Chromium: every rule of
 * WCAG 2.1 A/AA and axe's best practices, for both national formats and both languages, with last
 * year's report and without, and for the index page of a supervisor's zip.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getForm } from "../shared/forms/catalogue";
import { reportStructure } from "../shared/report/catalogue";
import { annualReportHtml } from "../shared/report/html";
import { textsOf } from "../shared/report/structure";
import { consistentValues, rng } from "../shared/testing/sample-report";
import { documentsIndex } from "../worker/src/export/report-documents";
import { findChromium, launchBrowser, type Browser } from "./support/browser";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeResult {
  violations: { id: string; help: string; nodes: { target: string[] }[] }[];
  passes: unknown[];
}

function page(formId: string, lang: "zh" | "en", withPrevious: boolean): string {
  const form = getForm(formId)!;
  const structure = reportStructure(form)!;
  const texts = Object.fromEntries(
    textsOf(structure).map((t) => [t.id, `${t.hint[lang]}\n第二段 <b>不是标记</b> & 符号。`]),
  );
  return annualReportHtml({
    form,
    structure,
    values: consistentValues(form, rng(7), 900),
    previous: withPrevious ? consistentValues(form, rng(8), 900) : null,
    texts,
    unit: lang === "zh" ? "苍南县教育局" : "Cangnan Education Bureau",
    year: 2022,
    lang,
  });
}

const PAGES = [
  { name: "gov-2021 zh", html: page("gov-2021", "zh", true) },
  { name: "gov-2021 en", html: page("gov-2021", "en", false) },
  { name: "gov-2019 zh", html: page("gov-2019", "zh", false) },
  {
    name: "zip index",
    html: documentsIndex(
      { name: "苍南县" },
      2022,
      [
        {
          unit: { code: "A1", name: "苍南县教育局", depth: 1 },
          reportStatus: "accepted",
          textsStatus: "submitted",
          input: null,
        },
        {
          unit: { code: "A2", name: "苍南县民政局", depth: 1 },
          reportStatus: null,
          textsStatus: null,
          input: null,
        },
      ],
      "zh",
    ),
  },
];

describe.skipIf(!findChromium())("the annual report's HTML under axe-core", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  async function audit(html: string) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.setContent(html, { waitUntil: "load" });
    await tab.addScriptTag({ content: AXE });
    const result = (await tab.evaluate(() =>
      // @ts-expect-error axe is the injected global
      axe.run(document, {
        resultTypes: ["violations"],
        runOnly: {
          type: "tag",
          values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
        },
      }),
    )) as AxeResult;
    const found = result.violations.map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")})`,
    );
    const bold = await tab.locator("b").count();
    await context.close();
    return { found, passes: result.passes.length, bold };
  }

  it.each(PAGES)("$name: no violation", async ({ html }) => {
    const { found, passes, bold } = await audit(html);
    expect(found).toEqual([]);
    expect(passes).toBeGreaterThan(10);
    // The clerk's texts are escaped: text, never markup.
    expect(bold).toBe(0);
  });

  it("the audit catches what it should: a page without its language", async () => {
    const { found } = await audit(PAGES[0]!.html.replace(' lang="zh-CN"', ""));
    expect(found.map((f) => f.split(":")[0])).toContain("html-has-lang");
  });
});
