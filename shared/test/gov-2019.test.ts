import { describe, expect, it } from "vitest";
import { getForm } from "../forms/catalogue";
import { validate } from "../engine";
import { layoutForm } from "../layout";
import { GOV_2019_FIXTURES } from "./fixtures/rule-fixtures";

const f2019 = getForm("gov-2019")!;
const f2021 = getForm("gov-2021")!;

const FIXTURES = GOV_2019_FIXTURES;

describe.each(FIXTURES)("gov-2019 $rule alone", (fx) => {
  const r = validate(f2019, fx.values, { previous: fx.previous ?? null });
  it(`is the only rule broken, as a ${fx.severity}, with both numbers in the message`, () => {
    expect(r.issues.map((i) => i.rule)).toEqual(Array(fx.instances).fill(fx.rule));
    for (const i of r.issues) {
      expect(i.severity).toBe(fx.severity);
      expect(i.message_zh).toContain(String(i.left));
      expect(i.message_zh).toContain(String(i.right));
      expect(i.message_en).toContain(String(i.right));
    }
  });
});

describe("gov-2019", () => {
  it("has a fixture for every rule", () => {
    const covered = new Set(FIXTURES.map((f) => f.rule));
    expect([...new Set(f2019.rules.map((r) => r.rule))].filter((r) => !covered.has(r))).toEqual([]);
  });

  it("lets 本年增/减 be negative and nothing else", () => {
    expect(validate(f2019, { "proactive.fees.change": -12 }).issues).toEqual([]);
    const neg = validate(f2019, { "proactive.fees.prev_items": -1 }).issues;
    expect(neg.map((i) => i.code)).toEqual(["negative"]);
    expect(validate(f2019, { "proactive.fees.change": 1.5 }).issues.map((i) => i.code)).toEqual([
      "not_integer",
    ]);
  });

  it("does not flag a large change as a typing error (N8 is for counts)", () => {
    const r = validate(
      f2019,
      { "proactive.penalty.change": 500 },
      { previous: { "proactive.penalty.change": 1 } },
    );
    expect(r.issues).toEqual([]);
  });

  it("draws (六)其他处理 as one row of table 三", () => {
    const layout = layoutForm(f2019, "zh");
    const other = layout.cells.find((c) => c.role === "label" && c.text === "(六)其他处理");
    expect(other?.rowSpan).toBe(1);
    expect(other?.row).toBe(layout.inputs["requests.other.natural"]!.row);
    expect(Object.keys(layout.inputs)).toHaveLength(f2019.cells.length);
  });
});

describe("from a 2020 gov-2019 report to a 2021 gov-2021 report", () => {
  const lastYear = {
    "requests.carried_out.natural": 3,
    "requests.carried_out.total": 3,
    "proactive.rules.total_public": 40,
  };

  it("N6 carries 结转 over between the two forms", () => {
    const r = validate(
      f2021,
      {
        "requests.carried_in.natural": 1,
        "requests.carried_in.total": 1,
        "requests.carried_out.natural": 1,
        "requests.carried_out.total": 1,
      },
      { previous: lastYear },
    );
    expect(r.issues.map((i) => [i.rule, i.left, i.right])).toEqual([
      ["N6", 1, 3],
      ["N6", 1, 3],
    ]);
  });

  it("does not compare cells the other form does not have (N7 needs 现行有效件数)", () => {
    const r = validate(
      f2021,
      {
        "proactive.rules.in_force": 100,
        "requests.carried_in.natural": 3,
        "requests.carried_in.total": 3,
        "requests.carried_out.natural": 3,
        "requests.carried_out.total": 3,
      },
      { previous: lastYear },
    );
    expect(r.issues).toEqual([]);
  });
});
