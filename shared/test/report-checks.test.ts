import { describe, expect, it } from "vitest";
import { getForm } from "../forms/catalogue";
import { checkTexts, contradictions, stillMissing } from "../report/checks";
import { reportStructure } from "../report/catalogue";
import { textsOf } from "../report/structure";

const form = getForm("gov-2021")!;
const structure = reportStructure(form)!;
const values = {
  "requests.new.total": 3120,
  "requests.carried_in.total": 4,
  "requests.granted.total": 1000,
  "appeals.review.total": 2,
};
const allWritten = Object.fromEntries(textsOf(structure).map((t) => [t.id, "已开展。"]));

describe("a typed number checked against the tables", () => {
  it("is flagged when the phrase before it names a figure with another value", () => {
    const found = contradictions(
      form,
      structure,
      values,
      "overview.requests",
      "全年共收到政府信息公开申请3,119件,其中予以公开1000件。",
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ stated: 3119, expected: 3120, cell: "requests.new.total" });
    expect(found[0]!.message.zh).toBe(
      "「全年共收到政府信息公开申请3,119件」与统计表不符:表中「一、本年新收政府信息公开申请数量(总计)」为 3120件",
    );
  });

  it("is left alone when it agrees, states a change, or no phrase ties it to a figure", () => {
    const text = [
      "新收政府信息公开申请3120件,比上年增加12件。",
      "上年结转4件;发生行政复议2起。",
      "开展培训3次,发布信息1200条。",
    ].join("\n");
    expect(contradictions(form, structure, values, "overview.requests", text)).toEqual([]);
  });

  it("is compared with the nearest phrase: 行政复议 after 申请 in one clause", () => {
    const found = contradictions(form, structure, values, "other", "因申请引起行政复议5件");
    expect(found.map((f) => [f.cell, f.stated, f.expected])).toEqual([
      ["appeals.review.total", 5, 2],
    ]);
  });
});

describe("the texts of a report", () => {
  it("an empty required section is reported with its heading", () => {
    const texts = { ...allWritten, problems: "  \n " };
    expect(checkTexts(form, structure, values, texts)).toEqual([
      { kind: "empty", text: "problems", heading: structure.parts[4]!.heading },
    ]);
    expect(checkTexts(form, structure, values, allWritten)).toEqual([]);
  });

  it("before the due date, lists what is still missing and the days left", () => {
    const missing = stillMissing({
      structure,
      texts: { ...allWritten, other: "" },
      reportStatus: "returned",
      textStatus: "drafted",
      today: "2027-01-25",
      dueDate: "2027-01-31",
    });
    expect(missing.daysLeft).toBe(6);
    expect(missing.items.map((i) => i.zh)).toEqual([
      "统计表被退回,需修改后重新报送",
      "尚未填写「六、其他需要报告的事项」",
      "报告文字尚未提交",
    ]);
    const done = stillMissing({
      structure,
      texts: allWritten,
      reportStatus: "accepted",
      textStatus: "submitted",
      today: "2027-02-02",
      dueDate: "2027-01-31",
    });
    expect(done).toEqual({ daysLeft: -2, items: [] });
  });
});
