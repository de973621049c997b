import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getForm } from "../forms/catalogue";
import { cellValueSchema, parseValues, validate } from "../engine";
import { acceptsFast } from "../engine/values";

const f2021 = getForm("gov-2021")!;

describe("cell values", () => {
  const cases: [string, unknown, string][] = [
    ["requests.new.natural", -3, "negative"],
    ["requests.new.natural", 2.5, "not_integer"],
    ["requests.new.natural", "十二", "not_a_number"],
    ["requests.new.natural", Number.NaN, "not_a_number"],
    ["requests.new.natural", Number.POSITIVE_INFINITY, "not_finite"],
    ["requests.new.natural", 1e12, "too_large"],
    ["requests.new.natural", true, "not_a_number"],
    ["requests.new.natural", { n: 1 }, "not_a_number"],
    ["proactive.fees.amount", 1.23456, "too_many_decimals"],
    ["proactive.fees.amount", -0.5, "negative"],
  ];
  it.each(cases)("%s = %s is refused (%s) with a message naming the cell", (cell, value, code) => {
    const r = validate(f2021, { [cell]: value });
    const issue = r.issues.find((i) => i.rule === "value");
    expect(issue?.code).toBe(code);
    expect(issue?.cell).toBe(cell);
    expect(issue?.severity).toBe("error");
    expect(issue?.message_zh).toContain(f2021.cellById.get(cell)!.label.zh);
    expect(issue?.message_en).toContain(f2021.cellById.get(cell)!.label.en);
  });

  it("refuses an unknown cell id and names it", () => {
    const r = validate(f2021, { "requests.nope.natural": 1 });
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ rule: "unknown_cell", cell: "requests.nope.natural" });
    expect(r.issues[0]?.message_en).toContain("requests.nope.natural");
  });

  it("reads what a worksheet holds: blanks, numeric text, thousands separators", () => {
    const r = parseValues(f2021, {
      "requests.new.natural": "12",
      "requests.new.total": " 1,200 ",
      "requests.carried_in.natural": "",
      "requests.carried_in.total": null,
      "proactive.fees.amount": "3.25",
    });
    expect(r.issues).toEqual([]);
    expect(r.values).toEqual({
      "requests.new.natural": 12,
      "requests.new.total": 1200,
      "proactive.fees.amount": 3.25,
    });
  });

  it("in strict mode (the API) refuses numeric text and null", () => {
    const r = parseValues(
      f2021,
      { "requests.new.natural": "12", "requests.new.total": null },
      { lenient: false },
    );
    expect(r.issues.map((i) => i.code)).toEqual(["not_a_number", "not_a_number"]);
  });

  it("accepts amounts with four decimals exactly", () => {
    expect(validate(f2021, { "proactive.fees.amount": 12345.6789 }).issues).toEqual([]);
  });

  it("the fast path agrees with the zod schema for every kind", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("count", "amount", "change") as fc.Arbitrary<"count" | "amount" | "change">,
        fc.oneof(
          fc.double(),
          fc.integer({ min: -20_000_000, max: 20_000_000 }),
          fc.double({ min: 0, max: 1e6 }).map((x) => Math.round(x * 1e4) / 1e4),
        ),
        (kind, n) => {
          expect(acceptsFast(kind, n)).toBe(cellValueSchema(kind).safeParse(n).success);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("nothing makes the validator throw", () => {
  const ids = f2021.cells.map((c) => c.id);
  const key = fc.oneof(fc.constantFrom(...ids), fc.string());
  const value = fc.oneof(fc.anything(), fc.double(), fc.integer(), fc.string(), fc.constant(null));
  it("for arbitrary values objects", () => {
    fc.assert(
      fc.property(
        fc.dictionary(key, value),
        fc.option(fc.dictionary(key, value)),
        (values, previous) => {
          const r = validate(f2021, values, { previous });
          for (const i of r.issues) {
            expect(typeof i.message_zh).toBe("string");
            expect(typeof i.message_en).toBe("string");
          }
        },
      ),
      { numRuns: 500 },
    );
  });
  it("for anything at all", () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (values, previous) => {
        validate(f2021, values, { previous: previous as Record<string, unknown> });
      }),
      { numRuns: 500 },
    );
  });
});
