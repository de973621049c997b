import { describe, expect, it } from "vitest";
import {
  bulletinLines,
  DEFAULT_RUBRIC,
  scoreUnits,
  type UnitFacts,
} from "../../shared/assessment/index";
import type { AssessmentResponse } from "../../shared/api/supervision";
import type { FetchLike } from "../src/common/api-client";
import { OfficeExcelHost } from "../src/host/excel-host";
import { drawAssessment } from "../src/pane/assessment";
import { StrictExcel } from "../testing/strict-excel";
import { workflowServer } from "../testing/fake-workflow";
import { paneOn, syncsOf } from "./helpers";

const OPTIONS = {
  issuer: "苍南县政务公开办",
  formTitle: { zh: "政府信息公开工作年度报告", en: "Annual report" },
  year: 2024,
  date: "2025-02-10",
};

/** `n` departments: every 7th missing, every 5th three days late, every 4th returned twice. */
function assessment(n: number): AssessmentResponse {
  const facts: UnitFacts[] = Array.from({ length: n }, (_, i) => ({
    code: `D${String(i).padStart(4, "0")}`,
    name: `苍南县第${i}局`,
    dueDate: "2025-01-31",
    firstSubmittedAt:
      i % 7 === 0 ? null : i % 5 === 0 ? "2025-02-03T02:00:00Z" : "2025-01-20T02:00:00Z",
    returns: i % 4 === 0 ? 2 : 0,
    unexplainedWarnings: 0,
    rejectedExplanations: 0,
    remarks: { total: 0, open: 0 },
  }));
  const a = scoreUnits(DEFAULT_RUBRIC, facts);
  // What the Worker adds to the assessment it answers.
  return { ...a, bulletin: bulletinLines(a, OPTIONS, "zh") };
}

describe("the 考核 and 通报 sheets", () => {
  it("write in at most 3 syncs for 300 units, ranked, graded, the bulletin one paragraph a row", async () => {
    const excel = new StrictExcel();
    const host = new OfficeExcelHost(excel);
    const a = assessment(300);
    const syncs = await syncsOf(excel, () =>
      host.writeSheets(
        drawAssessment(
          a,
          { formTitle: "政府信息公开工作年度报告", unit: "苍南县政务公开办", year: 2024 },
          "zh",
        ),
      ),
    );
    expect(syncs).toBeLessThanOrEqual(3);
    // Row 3: the header; row 4 on: the units, best first.
    expect(excel.cell("考核", "A3").value).toBe("排名");
    expect(excel.cell("考核", "C3").value).toBe("单位名称");
    expect(excel.cell("考核", "A4").value).toBe(1);
    const top = a.units[0]!;
    expect(excel.cell("考核", "B4").value).toBe(top.code);
    expect(excel.cell("考核", "J4").value).toBe(100);
    expect(excel.cell("考核", "K4").value).toBe("优秀");
    expect(excel.cell("考核", "A4").fill).toBe("#C6EFCE");
    // The last rows: the units that reported nothing, 0 and 不合格, red.
    const last = 3 + a.units.length;
    expect(excel.cell("考核", `J${last}`).value).toBe(0);
    expect(excel.cell("考核", `K${last}`).value).toBe("不合格");
    expect(excel.cell("考核", `A${last}`).fill).toBe("#FFC7CE");
    // 通报: the title, then paragraphs that wrap; the late and the missing are named.
    expect(excel.cell("通报", "A1").bold).toBe(true);
    const paragraphs: string[] = [];
    for (let r = 1; excel.cell("通报", `A${r}`).value; r++) {
      paragraphs.push(String(excel.cell("通报", `A${r}`).value));
      expect(excel.cell("通报", `A${r}`).wrap).toBe(true);
    }
    const text = paragraphs.join("\n");
    expect(text).toContain("苍南县第5局"); // 3 days late
    expect(text).toContain("苍南县第7局"); // missing
    expect(paragraphs.at(-1)).toContain("2025");
  });
});

describe("the pane's 拉取考核 and 发布版 buttons", () => {
  function server(a: AssessmentResponse) {
    const fake = workflowServer();
    const seen: string[] = [];
    const fetcher: FetchLike = async (url, init) => {
      const u = new URL(url);
      seen.push(`${u.pathname}${u.search}`);
      if (u.pathname.includes("/assessments/"))
        return new Response(JSON.stringify(a), {
          headers: { "Content-Type": "application/json" },
        });
      if (u.searchParams.get("format") === "docx")
        return new Response(new Uint8Array([0x50, 0x4b, 3, 4]), {
          headers: { "Content-Disposition": 'attachment; filename="report-U1-gov-2021-2024.docx"' },
        });
      return fake.fetcher(url, init);
    };
    return { fetcher, seen };
  }

  it("a supervisor's 拉取考核 writes both sheets for the chosen unit", async () => {
    const a = assessment(12);
    const s = server(a);
    const { c, excel } = paneOn(s.fetcher);
    await c.connect("https://localhost:8787", "sup");
    c.choose({ formId: "gov-2021", year: 2024, unitCode: "U0" });
    await c.pullAssessment();
    expect(c.notice).toMatchObject({ kind: "info" });
    expect(s.seen).toContain("/api/v1/units/U0/assessments/gov-2021/2024?lang=zh");
    expect(excel.cell("考核", "B4").value).toBe(a.units[0]!.code);
    expect(String(excel.cell("通报", "A1").value)).toContain("通报");
  });

  it("a clerk's Word download fetches its own report with the token and saves the file", async () => {
    const s = server(assessment(1));
    const { c } = paneOn(s.fetcher);
    const saved: { name: string; size: number }[] = [];
    c.deps.save = (blob, name) => void saved.push({ name, size: blob.size });
    await c.connect("https://localhost:8787", "clerk");
    c.choose({ formId: "gov-2021", year: 2024 });
    await c.publish("report", "docx");
    expect(s.seen).toContain("/api/v1/units/U1/reports/gov-2021/2024?format=docx");
    expect(saved).toEqual([{ name: "report-U1-gov-2021-2024.docx", size: 4 }]);
  });
});
