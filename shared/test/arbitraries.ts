import fc from "fast-check";
import type { Form } from "../forms/model";

/** Arbitrary valid values for a form: any subset of cells, each within its kind's range. */
export function valuesOf(form: Form, max = 500): fc.Arbitrary<Record<string, number>> {
  const entries = form.cells.map((c) => {
    const v =
      c.kind === "amount"
        ? fc.integer({ min: 0, max: max * 10_000 }).map((n) => n / 10_000)
        : fc.integer({ min: c.kind === "change" ? -max : 0, max });
    return [c.id, v] as const;
  });
  return fc.record(Object.fromEntries(entries), { requiredKeys: [] }) as fc.Arbitrary<
    Record<string, number>
  >;
}
