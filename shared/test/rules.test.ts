import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getForm } from "../forms/catalogue";
import { validate } from "../engine";

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

interface Fixture {
  form: string;
  rule: string;
  severity: "error" | "warning";
  values: Record<string, number>;
  previous?: Record<string, number>;
  instances: number;
}

/** Each fixture breaks one rule and keeps every other rule satisfied. */
const FIXTURES: Fixture[] = [
  {
    form: "gov-2012",
    rule: "G1",
    severity: "error",
    instances: 1,
    values: { "requests.total.n": 5, "requests.in_person.n": 3 },
  },
  {
    form: "gov-2012",
    rule: "G2",
    severity: "error",
    instances: 1,
    values: { "replies.total.n": 4, "replies.granted.n": 3 },
  },
  {
    form: "gov-2012",
    rule: "G3",
    severity: "error",
    instances: 1,
    values: { "replies.total.n": 1, "replies.denied.n": 1, "replies.denied_state_secret.n": 2 },
  },
  {
    form: "gov-2012",
    rule: "G4",
    severity: "error",
    instances: 1,
    values: { "review.total.n": 1, "review.upheld.n": 2 },
  },
  {
    form: "gov-2012",
    rule: "G5",
    severity: "error",
    instances: 1,
    values: { "suit.total.n": 1, "suit.upheld.n": 1, "suit.illegal.n": 1 },
  },
  {
    form: "gov-2012",
    rule: "G6",
    severity: "error",
    instances: 1,
    values: { "proactive.website.n": 5, "proactive.total.n": 3 },
  },
  {
    form: "gov-2012",
    rule: "G7",
    severity: "error",
    instances: 1,
    values: {
      "capacity.staff_total.n": 5,
      "capacity.staff_fulltime.n": 2,
      "capacity.staff_parttime.n": 2,
    },
  },
  {
    form: "gov-2012",
    rule: "G8",
    severity: "warning",
    instances: 1,
    values: { "requests.accepted.n": 6, "requests.total.n": 5, "requests.in_person.n": 5 },
  },
  {
    form: "gov-2012",
    rule: "G9",
    severity: "warning",
    instances: 1,
    values: {
      "requests.total.n": 3,
      "requests.in_person.n": 3,
      "requests.accepted.n": 3,
      "requests.closed_on_time.n": 3,
      "requests.closed_extended.n": 1,
    },
  },
  {
    form: "gov-2012",
    rule: "G10",
    severity: "warning",
    instances: 1,
    values: { "capacity.trainings.n": 5, "capacity.trainees.n": 3 },
  },
  {
    form: "gov-2021",
    rule: "N1",
    severity: "error",
    instances: 2,
    values: {
      "requests.granted.natural": 3,
      "requests.granted.total": 3,
      "requests.handled_total.natural": 2,
      "requests.handled_total.total": 2,
      "requests.new.natural": 2,
      "requests.new.total": 2,
    },
  },
  {
    form: "gov-2021",
    rule: "N2",
    severity: "error",
    instances: 2,
    values: { "requests.new.natural": 5, "requests.new.total": 5 },
  },
  {
    form: "gov-2021",
    rule: "N3",
    severity: "error",
    instances: 2,
    values: {
      "requests.new.natural": 5,
      "requests.new.total": 4,
      "requests.carried_out.natural": 5,
      "requests.carried_out.total": 4,
    },
  },
  {
    form: "gov-2021",
    rule: "N4",
    severity: "error",
    instances: 1,
    values: { "appeals.review.total": 3, "appeals.review.upheld": 2 },
  },
  {
    form: "gov-2021",
    rule: "N5",
    severity: "error",
    instances: 1,
    values: { "capacity.staff_total.count": 3, "capacity.staff_fulltime.count": 1 },
  },
  {
    form: "gov-2021",
    rule: "N6",
    severity: "warning",
    instances: 2,
    values: {},
    previous: { "requests.carried_out.natural": 4, "requests.carried_out.total": 4 },
  },
  {
    form: "gov-2021",
    rule: "N7",
    severity: "warning",
    instances: 1,
    values: {
      "proactive.rules.issued": 2,
      "proactive.rules.repealed": 1,
      "proactive.rules.in_force": 10,
    },
    previous: { "proactive.rules.in_force": 10 },
  },
  {
    form: "gov-2021",
    rule: "N8",
    severity: "warning",
    instances: 1,
    values: { "proactive.licensing.decisions": 100 },
    previous: { "proactive.licensing.decisions": 5 },
  },
];

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
