import { describe, expect, it } from "vitest";
import { fillTotals, validate } from "../engine";
import {
  FORMS,
  formsForSubtree,
  formsForYear,
  formsInForce,
  getForm,
  lookupForm,
  lookupFormForUnit,
} from "../forms/catalogue";
import { compileForm } from "../forms/model";
import { coverage, inScope, pathCodes, scopeRoots } from "../forms/scope";
import { layoutForm } from "../layout";
import { HAIKOU_2009_FIXTURES } from "./fixtures/rule-fixtures";

const haikou = getForm("haikou-2009")!;

const FIXTURES = HAIKOU_2009_FIXTURES;

describe.each(FIXTURES)("haikou-2009 $rule alone", (fx) => {
  const r = validate(haikou, fx.values, { previous: fx.previous ?? null });
  it(`is the only rule broken, as a ${fx.severity}, with both numbers in both languages`, () => {
    expect(r.issues.map((i) => i.rule)).toEqual([fx.rule]);
    for (const i of r.issues) {
      expect(i.severity).toBe(fx.severity);
      for (const msg of [i.message_zh, i.message_en]) {
        expect(msg).toContain(String(i.left));
        expect(msg).toContain(String(i.right));
        expect(msg).not.toMatch(/\{[a-z]+\}/);
      }
    }
  });
});

describe("haikou-2009", () => {
  it("has a fixture for every rule", () => {
    const covered = new Set(FIXTURES.map((f) => f.rule));
    expect([...new Set(haikou.rules.map((r) => r.rule))].filter((r) => !covered.has(r))).toEqual(
      [],
    );
  });

  it("accepts a complete, consistent report", () => {
    const values = fillTotals(haikou, {
      "proactive.total.n": 1520,
      "requests.in_person.n": 3,
      "requests.fax.n": 1,
      "requests.email.n": 4,
      "requests.online.n": 12,
      "requests.letter.n": 2,
      "requests.other.n": 1,
      "replies.granted.n": 15,
      "replies.partial.n": 2,
      "replies.denied.n": 1,
      "replies.not_exist.n": 2,
      "replies.not_ours.n": 2,
      "replies.unclear.n": 1,
      "consultation.service_info.n": 310,
      "consultation.online.n": 85,
      "consultation.phone.n": 240,
      "consultation.page_views.n": 125_000,
      "appeals.review.n": 1,
      "appeals.complaint.n": 2,
      "appeals.complaint_unsatisfied.n": 1,
    });
    expect(values["requests.total.n"]).toBe(23);
    expect(values["replies.total.n"]).toBe(23);
    expect(validate(haikou, values).issues).toEqual([]);
  });

  it("draws its four schedules, 附表1–4, with every request channel and reply kind", () => {
    const layout = layoutForm(haikou, "zh");
    const sections = layout.cells.filter((c) => c.role === "section").map((c) => c.text);
    expect(sections).toEqual([
      "附表1 主动公开政府信息情况",
      "附表2 依申请公开政府信息情况",
      "附表3 政府信息公开咨询情况",
      "附表4 政府信息公开申诉情况",
    ]);
    const labels = layout.cells.map((c) => c.text ?? "").join("|");
    for (const word of ["当面", "传真", "电子邮件", "网上", "信函", "其他方式"])
      expect(labels).toContain(word);
    for (const word of [
      "同意公开",
      "同意部分公开",
      "不予公开",
      "信息不存在",
      "非本机关政府信息",
      "申请内容不明确",
      "网站专栏页面访问量",
      "其中:对本单位首次处理不满意的申诉数",
    ])
      expect(labels).toContain(word);
  });
});

describe("local forms: where and when a form is in force", () => {
  const haikouDept = "/460100/460100002/";
  const cangnanDept = ["330327", "330327001"];

  it("reads a stored path and a list of codes alike", () => {
    expect(pathCodes("/460000/460100/")).toEqual(["460000", "460100"]);
    expect(inScope(haikou, "/460000/460100/460100001/")).toBe(true);
    expect(inScope(haikou, ["460100"])).toBe(true);
    expect(inScope(haikou, cangnanDept)).toBe(false);
    // A code that merely starts like the root is not inside it.
    expect(inScope(haikou, "/4601000/")).toBe(false);
  });

  it("offers a Haikou unit the national form and the local one, only in the local form's years", () => {
    expect(formsInForce(haikouDept, 2015).map((f) => f.id)).toEqual(["gov-2012", "haikou-2009"]);
    expect(formsInForce(haikouDept, 2009).map((f) => f.id)).toEqual(["gov-2012", "haikou-2009"]);
    expect(formsInForce(haikouDept, 2008).map((f) => f.id)).toEqual(["gov-2012"]);
    expect(formsInForce(haikouDept, 2019).map((f) => f.id)).toEqual(["gov-2019"]);
    expect(formsInForce(cangnanDept, 2015).map((f) => f.id)).toEqual(["gov-2012"]);
  });

  it("keeps the national succession national (last year's form, hints)", () => {
    expect(formsForYear(2015).map((f) => f.id)).toEqual(["gov-2012"]);
    const r = lookupForm("haikou-2009", 2021);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe("year_not_served");
      expect(r.message.zh).toContain("2009–2018");
      expect(r.message.zh).toContain("目前还没有适用于 2021 年的海口市地方报表");
      expect(r.message.en).toContain("there is no local form of Haikou for 2021 yet");
    }
  });

  it("refuses the local form to a unit outside its subtree, with a message naming the locality", () => {
    const r = lookupFormForUnit("haikou-2009", 2015, cangnanDept);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe("not_in_scope");
      expect(r.message.zh).toContain("海口市");
      expect(r.message.en).toContain("Haikou");
      expect(r.message.zh).toContain("《海口市政府信息公开工作年度报告附表》");
      expect(r.message.zh + r.message.en).not.toContain("haikou-2009");
    }
    expect(lookupFormForUnit("haikou-2009", 2015, haikouDept).ok).toBe(true);
    expect(lookupFormForUnit("gov-2012", 2015, cangnanDept).ok).toBe(true);
  });

  it("tells a supervisor above the subtree that the local form covers part of it", () => {
    expect(scopeRoots(FORMS)).toEqual(["460100"]);
    const province = "/460000/";
    expect(coverage(haikou, province, ["460100"])).toBe("part");
    expect(coverage(haikou, province, [])).toBe("none");
    expect(coverage(haikou, "/460000/460100/", [])).toBe("all");
    expect(formsForSubtree(province, 2016, ["460100"]).map((x) => [x.form.id, x.coverage])).toEqual(
      [
        ["gov-2012", "all"],
        ["haikou-2009", "part"],
      ],
    );
    expect(formsForSubtree("/330327/", 2016, []).map((x) => x.form.id)).toEqual(["gov-2012"]);
  });

  it("refuses a scope without units or with a malformed code", () => {
    const def = structuredClone(haikou.definition);
    def.scope = { units: [], label: { zh: "海口市", en: "Haikou" } };
    expect(() => compileForm(def)).toThrow(/units/);
    def.scope = { units: ["46 01"], label: { zh: "海口市", en: "Haikou" } };
    expect(() => compileForm(def)).toThrow(/unit codes/);
  });
});
