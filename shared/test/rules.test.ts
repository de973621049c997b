import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getForm } from "../forms/catalogue";
import { validate } from "../engine";
import { RULE_FIXTURES } from "./fixtures/rule-fixtures";

const seed = JSON.parse(
  readFileSync(new URL("./fixtures/gov-2012.seed-sample.json", import.meta.url), "utf8"),
) as { form: string; values: Record<string, number>; expected: { errors: string[] } };

function form(id: string) {
  const f = getForm(id);
  if (!f) throw new Error(`no form ${id}`);
  return f;
}

describe("the seed table (gov-2012)", () => {
  it("breaks exactly G6 and G7, both errors, and nothing else", () => {
    const r = validate(form(seed.form), seed.values);
    expect(r.issues.map((i) => i.rule)).toEqual(["G6", "G7"]);
    expect(r.issues.every((i) => i.severity === "error")).toBe(true);
    expect(r.warnings).toBe(0);
    expect(seed.expected.errors).toEqual(["G6", "G7"]);
  });

  it("says which numbers disagree, in Chinese and English", () => {
    const [g6, g7] = validate(form("gov-2012"), seed.values).issues;
    expect(g6?.message_zh).toContain("298");
    expect(g6?.message_zh).toContain("289");
    expect(g6?.message_en).toContain("298");
    expect(g7?.left).toBe(0);
    expect(g7?.right).toBe(3);
    expect(g7?.cell).toBe("capacity.staff_total.n");
    expect(g7?.cells).toEqual([
      "capacity.staff_total.n",
      "capacity.staff_fulltime.n",
      "capacity.staff_parttime.n",
    ]);
  });
});

const FIXTURES = RULE_FIXTURES;

describe.each(FIXTURES)("$form $rule alone", (fx) => {
  const result = validate(form(fx.form), fx.values, { previous: fx.previous ?? null });

  it(`is the only rule broken (${fx.instances} instance(s)), as a ${fx.severity}`, () => {
    expect(result.issues.map((i) => i.rule)).toEqual(Array(fx.instances).fill(fx.rule));
    expect(result.issues.every((i) => i.severity === fx.severity)).toBe(true);
  });

  it("names both sides' numbers in both languages", () => {
    for (const i of result.issues) {
      expect(i.left).not.toBeNull();
      expect(i.right).not.toBeNull();
      expect(i.left).not.toBe(i.right);
      for (const msg of [i.message_zh, i.message_en]) {
        expect(msg).toContain(String(i.left));
        expect(msg).toContain(String(i.right));
        expect(msg).not.toMatch(/\{[a-z]+\}/);
      }
    }
  });

  it("is pinned to a cell it reads", () => {
    for (const i of result.issues) expect(i.cells[0]).toBe(i.cell);
  });
});

describe("every rule has a fixture", () => {
  it.each(["gov-2012", "gov-2021"])("%s", (id) => {
    const covered = new Set(FIXTURES.filter((f) => f.form === id).map((f) => f.rule));
    expect([...new Set(form(id).rules.map((r) => r.rule))].filter((r) => !covered.has(r))).toEqual(
      [],
    );
  });
});

describe("cross-year rules", () => {
  it("do not run without last year's report", () => {
    const r = validate(form("gov-2021"), { "proactive.licensing.decisions": 1000 });
    expect(r.issues).toEqual([]);
  });

  it("skip cells last year's report does not have (another form's cells)", () => {
    const r = validate(
      form("gov-2021"),
      {
        "requests.carried_in.natural": 3,
        "requests.carried_in.total": 3,
        "requests.new.natural": 0,
      },
      {
        previous: { "requests.other.natural": 7 },
      },
    );
    expect(r.issues.filter((i) => i.rule === "N6")).toEqual([]);
  });

  it("N8 needs both ten times and fifty more", () => {
    const f = form("gov-2021");
    const prev = { "proactive.penalty.decisions": 4 };
    expect(validate(f, { "proactive.penalty.decisions": 41 }, { previous: prev }).issues).toEqual(
      [],
    );
    const prevBig = { "proactive.penalty.decisions": 10 };
    expect(
      validate(f, { "proactive.penalty.decisions": 101 }, { previous: prevBig }).issues.map(
        (i) => i.rule,
      ),
    ).toEqual(["N8"]);
  });
});

describe("the staffing supplement", () => {
  it("is not checked when the period does not collect it", () => {
    const values = { "capacity.staff_total.count": 3, "capacity.staff_fulltime.count": 1 };
    expect(validate(form("gov-2021"), values, { supplements: { capacity: false } }).issues).toEqual(
      [],
    );
    expect(validate(form("gov-2021"), values).issues.map((i) => i.rule)).toEqual(["N5"]);
  });
});
