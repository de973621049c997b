import { describe, expect, it } from "vitest";
import { FORMS, formsForYear, lookupForm } from "../forms/catalogue";
import { compileForm, FormDefinitionError } from "../forms/model";

describe("the form catalogue", () => {
  it("serves each report year with the right form", () => {
    expect(formsForYear(2012).map((f) => f.id)).toEqual(["gov-2012"]);
    expect(formsForYear(2018).map((f) => f.id)).toEqual(["gov-2012"]);
    expect(formsForYear(2021).map((f) => f.id)).toEqual(["gov-2021"]);
    expect(formsForYear(2026).map((f) => f.id)).toEqual(["gov-2021"]);
  });

  it("serves 2019 and 2020 with the 2019 trial format", () => {
    for (const year of [2019, 2020])
      expect(formsForYear(year).map((f) => f.id)).toEqual(["gov-2019"]);
    const r = lookupForm("gov-2021", 2020);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe("year_not_served");
      // By title: a clerk reads this, not a program (issue 23.4).
      expect(r.message.zh).toContain(
        "2020 年应使用《政府信息公开工作年度报告统计表(2019年试行格式)》",
      );
      expect(r.message.zh.startsWith("《政府信息公开工作年度报告统计表》不适用于 2020 年度")).toBe(
        true,
      );
      expect(r.message.en).toContain(
        'use "Annual government information disclosure report: statistics (2019 trial format)" for 2020',
      );
      for (const f of FORMS) expect(r.message.zh + r.message.en).not.toContain(f.id);
    }
  });

  it("points to the right form for a year another form serves", () => {
    const r = lookupForm("gov-2021", 2015);
    expect(!r.ok && r.message.en).toContain(
      'use "Government information disclosure statistics" for 2015',
    );
    expect(!r.ok && r.message.zh).toContain("2015 年应使用《政府信息公开情况统计表》");
  });

  it("holds the cells FORMS.md lists", () => {
    const g = FORMS.find((f) => f.id === "gov-2021")!;
    expect(g.cells.filter((c) => c.section === "requests")).toHaveLength(25 * 7);
    expect(g.cells.filter((c) => c.section === "appeals")).toHaveLength(15);
    expect(g.cellById.get("fees.charged.amount")?.kind).toBe("amount");
    expect(g.cellById.get("capacity.budget.amount")?.supplement).toBe("capacity");
    const o = FORMS.find((f) => f.id === "gov-2012")!;
    expect(o.cells).toHaveLength(43);
  });

  it("refuses a definition whose rule names a cell that does not exist", () => {
    const def = structuredClone(FORMS[0]!.definition);
    def.rules[0]!.check = { kind: "sum", left: ["nope.nope.n"], op: "eq", right: [] };
    expect(() => compileForm(def)).toThrow(FormDefinitionError);
  });
});
