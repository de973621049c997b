import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FORMS } from "../forms/catalogue";
import { derivedCells, evaluate, fillTotals } from "../engine";
import { valuesOf } from "./arbitraries";

describe.each(FORMS.map((f) => [f.id, f] as const))("fill totals (%s)", (_id, form) => {
  const deriveRules = new Set(
    form.rules.filter((r) => r.check.kind === "sum" && r.check.derive).map((r) => r.rule),
  );

  it("makes every derivable sum rule pass, whatever was typed", () => {
    fc.assert(
      fc.property(valuesOf(form), (values) => {
        const filled = fillTotals(form, values);
        const broken = evaluate(form, filled).filter((i) => deriveRules.has(i.rule));
        expect(broken).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("changes only total cells", () => {
    fc.assert(
      fc.property(valuesOf(form), (values) => {
        const filled = fillTotals(form, values);
        const totals = derivedCells(form);
        for (const [id, v] of Object.entries(values))
          if (!totals.has(id)) expect(filled[id]).toBe(v);
      }),
      { numRuns: 100 },
    );
  });
});

describe("fill totals, by example", () => {
  it("fills table 三's (七)总计 and the 总计 column together", () => {
    const form = FORMS.find((f) => f.id === "gov-2021")!;
    const filled = fillTotals(form, {
      "requests.granted.natural": 2,
      "requests.granted.business": 1,
      "requests.partial.natural": 4,
    });
    expect(filled["requests.granted.total"]).toBe(3);
    expect(filled["requests.handled_total.natural"]).toBe(6);
    expect(filled["requests.handled_total.total"]).toBe(7);
  });
});
