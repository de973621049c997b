import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MD_OUT, render, rows, TS_OUT } from "../scripts/api-sets";
import { API_SETS } from "../src/host/api-sets";
import { BASELINE, featureSets } from "../src/host/requirements";
import { COLORS } from "../src/session/marks";
import { ROLLUP_SHEETS } from "../src/sheets/rollup";
import { UNITS, workflowServer } from "../testing/fake-workflow";
import { paneOn } from "./helpers";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

describe("the requirement-set table", () => {
  it(
    "is what @types/office-js says for every member of xl.ts (npm run api-sets)",
    { timeout: 60_000 },
    () => {
      const { ts, md } = render(rows());
      expect(readFileSync(TS_OUT, "utf8")).toBe(ts);
      expect(readFileSync(MD_OUT, "utf8")).toBe(md);
      expect(API_SETS["CommentCollection.getItemOrNullObject"]).toBe("1.14");
      expect(API_SETS["Range.dataValidation"]).toBe("1.8");
    },
  );

  it("puts each feature where all its members exist: comments from 1.14, not 1.10", () => {
    expect(featureSets()).toEqual({
      notes: "1.18",
      comments: "1.14",
      pageLayout: "1.9",
      triggerSource: "1.14",
      rangeAreas: "1.9",
    });
  });

  it("states the same lowest Excel in manifest.xml and README as the code needs", () => {
    const manifest = readFileSync(join(root, "manifest.xml"), "utf8");
    expect(/<Set Name="ExcelApi" MinVersion="([\d.]+)"\/>/.exec(manifest)?.[1]).toBe(BASELINE);
    expect(manifest).toContain("<TaskpaneId>Office.AutoShowTaskpaneWithDocument</TaskpaneId>");
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme).toContain(`ExcelApi ${BASELINE}`);
  });
});

/**
 * The whole clerk and supervisor day on a stand-in of each set: every member above a host's set
 * fails the sync with ApiNotFound, so a use that is not feature-detected fails here.
 */
describe("the add-in on every Excel it supports", () => {
  for (const excelApi of [BASELINE, "1.9", "1.10", "1.13", "1.14", "1.17", "1.18"]) {
    it(`checks, marks, submits, shows remarks and pulls a rollup on ExcelApi ${excelApi}`, async () => {
      const server = workflowServer();
      const clerk = paneOn(server.fetcher, { excelApi });
      const { c, excel } = clerk;
      expect(await c.connect("https://localhost:8787", "clerk")).toBe(true);
      c.choose({ year: 2018 });
      await c.insert();
      const s = c.session!;
      const at = (id: string) => s.layout.inputs[id]!.address;
      await excel.userEdit(s.sheetName, at("proactive.total.n"), 300);
      await excel.userEdit(s.sheetName, at("proactive.website.n"), 298);
      await excel.userEdit(s.sheetName, at("requests.accepted.n"), 5);
      await c.check();
      expect(excel.shown(s.sheetName, at("requests.accepted.n")).fill).toBe(COLORS.warningFill);
      await c.fillTotals();
      await c.explain("G8:requests.accepted.n", "含上年结转的申请,已核实无误。");
      expect((await c.submit())?.kind).toBe("submitted");
      server.review("U1", "gov-2012", 2018, {
        action: "return",
        revision: 1,
        reason: "请核对",
        remarks: [{ cell: "proactive.total.n", text: "与台账不一致" }],
      });
      await c.refresh();
      expect(excel.cell(s.sheetName, at("proactive.total.n")).fill).toBe(COLORS.remarkFill);
      await c.refresh(); // a repaint that probes the comment or note written before

      const sup = paneOn(server.fetcher, { excelApi });
      expect(await sup.c.connect("https://localhost:8787", "sup")).toBe(true);
      sup.c.choose({ year: 2018, formId: "gov-2012" });
      server.setRollup({
        unit: UNITS.U0,
        form: "gov-2012",
        year: 2018,
        values: { "proactive.total.n": 300 },
        units: 2,
        submitted: 1,
        missing: 1,
        included: 1,
        pending: 0,
        children: [
          { ...UNITS.U1, units: 1, submitted: 1, values: {}, included: 1, pending: 0, missing: 0 },
        ],
        completeness: [],
        rules: [],
      });
      await sup.c.pullRollup();
      expect(sup.c.notice?.kind).toBe("info");
      expect(sup.excel.findSheet(ROLLUP_SHEETS.summary)).toBeDefined();
      await sup.c.loadReview("U1");
      expect(sup.c.review?.report.revision).toBe(1);
    });
  }
});
