import { describe, expect, it } from "vitest";
import {
  addressees,
  issuingOffice,
  assessmentTable,
  bulletinLines,
  bulletinText,
  DEFAULT_RUBRIC,
  scoreUnits,
  UnitFactsSchema,
  type UnitFacts,
} from "../assessment";

function unit(code: string, name: string, over: Partial<UnitFacts> = {}): UnitFacts {
  return UnitFactsSchema.parse({
    code,
    name,
    dueDate: "2026-01-31",
    firstSubmittedAt: "2026-01-25T03:00:00Z",
    returns: 0,
    unexplainedWarnings: 0,
    rejectedExplanations: 0,
    remarks: { total: 0, open: 0 },
    ...over,
  });
}

// The county's departments after the 2025 collection.
const facts = [
  unit("330327001", "苍南县人民政府办公室"),
  unit("330327003", "苍南县教育局", { firstSubmittedAt: "2026-02-03T10:00:00+08:00" }),
  unit("330327004", "苍南县公安局", { returns: 2, remarks: { total: 2, open: 0 } }),
  unit("330327005", "苍南县财政局", {
    returns: 2,
    rejectedExplanations: 1,
    firstSubmittedAt: "2026-02-01T09:00:00+08:00",
  }),
  unit("330327101", "灵溪镇人民政府", { firstSubmittedAt: null }),
  unit("330327102", "宜山镇人民政府"),
];
const manual = { "330327102": { website: { points: 9, reason: "专栏更新较及时" } } };
const assessment = scoreUnits(DEFAULT_RUBRIC, facts, manual);
const options = {
  issuer: "苍南县政务公开办",
  formTitle: { zh: "政府信息公开工作年度报告统计表", en: "Annual disclosure report statistics" },
  year: 2025,
  date: "2026-02-10",
};

describe("the bulletin (通报)", () => {
  const official = bulletinLines(assessment, options, "zh");
  // The expectations below are written with ASCII punctuation; NFKC folds the full-width ones.
  const zh = official.map((l) => l.normalize("NFKC"));

  it("uses full-width Chinese punctuation throughout", () => {
    const text = official.join("\n");
    expect(text).not.toMatch(/[,;:()]/);
    expect(text).toContain("\uFF08逾期 3 天\uFF09");
    expect(text).toContain("各单位\uFF1A");
  });

  it("is headed and signed like an official notice", () => {
    expect(zh[0]).toBe("关于2025年度《政府信息公开工作年度报告统计表》报送情况和考核结果的通报");
    expect(zh[1]).toBe("各单位:");
    expect(zh.slice(-2)).toEqual(["苍南县政务公开办", "2026年2月10日"]);
  });

  it("addresses the towns and departments below and is signed by the issuing office", () => {
    const names = ["苍南县教育局", "灵溪镇人民政府", "宜山镇人民政府", "苍南县财政局"];
    expect(addressees("苍南县", names).normalize("NFKC")).toBe("各乡镇人民政府,县政府各部门:");
    expect(addressees("温州市", ["温州市教育局"]).normalize("NFKC")).toBe("市政府各部门:");
    expect(addressees("鹿城区", ["五马街道办事处", "鹿城区财政局"]).normalize("NFKC")).toBe(
      "各街道办事处,区政府各部门:",
    );
    expect(addressees("苍南县", []).normalize("NFKC")).toBe("各单位:");
    expect(issuingOffice("苍南县")).toBe("苍南县人民政府办公室");
    expect(issuingOffice("苍南县政务公开办")).toBe("苍南县政务公开办");
    const signed = bulletinLines(
      assessment,
      { ...options, issuer: issuingOffice("苍南县"), salutation: addressees("苍南县", names) },
      "zh",
    );
    expect(signed[1]!.normalize("NFKC")).toBe("各乡镇人民政府,县政府各部门:");
    expect(signed.at(-2)).toBe("苍南县人民政府办公室");
  });

  it("counts who reported on time and names the late (most days first) and the missing", () => {
    const p = zh.find((l) => l.startsWith("一、"))!;
    expect(p).toContain(
      "应报送单位 6 个,已报送 5 个,其中按时报送 3 个、逾期报送 2 个;未报送 1 个。",
    );
    expect(p).toContain("逾期报送的单位:苍南县教育局(逾期 3 天)、苍南县财政局(逾期 1 天)。");
    expect(p).toContain("未报送的单位:灵溪镇人民政府。");
  });

  it("names the most returned units", () => {
    expect(zh.find((l) => l.startsWith("二、"))).toBe(
      "二、退回修改情况。共有 2 个单位的报表被退回修改,累计 4 次;退回次数最多的是苍南县公安局(2 次)、苍南县财政局(2 次)。",
    );
  });

  it("gives the results by grade, naming the 优秀 and 不合格 units with their scores", () => {
    expect(zh.find((l) => l.startsWith("三、"))).toBe(
      "三、考核结果。优秀 2 个:苍南县人民政府办公室(100 分)、宜山镇人民政府(99 分);良好 2 个;合格 1 个;不合格 1 个:灵溪镇人民政府(0 分)。",
    );
  });

  it("asks the late, missing and failing units to put it right", () => {
    expect(zh).toContain(
      "请逾期报送、未报送和考核不合格的单位认真查找原因,切实加强政府信息公开工作,按要求做好整改。",
    );
  });

  it("says so when everyone reported on time and nothing was returned", () => {
    const good = scoreUnits(DEFAULT_RUBRIC, [facts[0]!, facts[5]!]);
    const text = bulletinText(good, options, "zh").normalize("NFKC");
    expect(text).toContain("所有单位均按时报送。");
    expect(text).toContain("没有单位的报表被退回修改。");
    expect(text).toContain("希望各单位继续保持");
    expect(text).not.toContain("逾期报送的单位");
  });

  it("has an English version with the same figures", () => {
    const en = bulletinText(assessment, options, "en");
    expect(en).toContain(
      "6 units were due to report; 5 did, 3 on time and 2 late; 1 did not report.",
    );
    expect(en).toContain("Late: 苍南县教育局 (3 day(s) late), 苍南县财政局 (1 day(s) late).");
    expect(en).toContain("Not submitted: 灵溪镇人民政府.");
    expect(en).toContain("Excellent: 2 (苍南县人民政府办公室 100, 宜山镇人民政府 99)");
    expect(en.split("\n").slice(-1)[0]).toBe("10 February 2026");
    expect(en).not.toMatch(/[\uFF08\uFF09\uFF0C\uFF1A\uFF1B\u3002]/);
  });
});

describe("the 考核 table", () => {
  const t = assessmentTable(assessment, "zh");

  it("has a column per rubric item with its maximum, then the score, grade and notes", () => {
    expect(t.header).toEqual([
      "排名",
      "单位代码",
      "单位名称",
      "按要求报送(20分)",
      "按时报送(30分)",
      "一次审核通过(20分)",
      "警告说明(10分)",
      "审核意见答复(10分)",
      "网站专栏质量(10分)",
      "总分",
      "等级",
      "扣分说明",
    ]);
  });

  it("lists the units ranked, numbers as numbers, with why points were lost", () => {
    expect(t.rows.map((r) => [r[0], r[2], r[9], r[10]])).toEqual([
      [1, "苍南县人民政府办公室", 100, "优秀"],
      [2, "宜山镇人民政府", 99, "优秀"],
      [3, "苍南县教育局", 91, "良好"],
      [4, "苍南县公安局", 90, "良好"],
      [5, "苍南县财政局", 82, "合格"],
      [6, "灵溪镇人民政府", 0, "不合格"],
    ]);
    const finance = t.rows[4]!;
    expect(finance.slice(3, 9)).toEqual([20, 27, 10, 5, 10, 10]);
    expect(finance[11]).toBe(
      "按时报送:逾期 1 天(截止 2026-01-31),扣 3 分;一次审核通过:被退回 2 次,扣 10 分;警告说明:1 条说明被驳回,扣 5 分",
    );
    expect(t.rows[5]![11]).toBe("未报送");
    expect(t.rows[0]![11]).toBe("");
  });

  it("has English headers and notes for an English Office", () => {
    const en = assessmentTable(assessment, "en");
    expect(en.header.slice(0, 4)).toEqual(["Rank", "Code", "Unit", "Submitted (20)"]);
    expect(en.rows[4]![10]).toBe("Pass");
    expect(en.rows[4]![11]).toContain("On time: 1 day late (due 2026-01-31): −3");
  });
});
