/**
 * Benchmark: validating one full form with the shared engine.
 *
 *   npm run bench:validate
 *
 * Prints a markdown table (median and p95 per form over 200 batches, forms per second) for
 * docs/PERFORMANCE.md. Target: ≤ 20 µs median for a full gov-2021 form on the 2-core machine.
 */
import os from "node:os";
import { consistentValues, rng } from "../shared/testing/sample-report";
import { getForm } from "../shared/forms/catalogue";
import { evaluate, formValuesSchema, validate } from "../shared/engine";
import { measure, table } from "./harness";

const form = getForm("gov-2021")!;

/** A plausible, fully filled and consistent county department's report. */
const values = consistentValues(form, rng(7), 40);
const previous: Record<string, number> = { ...values };
for (const col of ["natural", "business", "research", "charity", "legal", "other_org", "total"]) {
  previous[`requests.carried_out.${col}`] = values[`requests.carried_in.${col}`]!;
}
for (const x of ["rules", "normative"]) {
  previous[`proactive.${x}.in_force`] =
    values[`proactive.${x}.in_force`]! -
    values[`proactive.${x}.issued`]! +
    values[`proactive.${x}.repealed`]!;
}
const clean = validate(form, values, { previous });
if (clean.issues.length) {
  console.error(
    "bench fixture is not clean:",
    clean.issues.map((i) => i.key),
  );
  process.exit(1);
}
const withErrors = {
  ...values,
  "requests.handled_total.natural": values["requests.handled_total.natural"]! + 1,
};
const strictSchema = formValuesSchema(form);

const rows = [
  measure("gov-2021 full form, clean, with last year (server path)", () =>
    validate(form, values, { previous }),
  ),
  measure("gov-2021 full form, clean, no last year", () => validate(form, values)),
  measure("gov-2021 full form, 3 errors", () => validate(form, withErrors, { previous })),
  measure("baseline: zod object schema + rules (no fast path)", () => {
    const parsed = strictSchema.safeParse(values);
    return evaluate(form, parsed.success ? (parsed.data as Record<string, number>) : {}, {
      previous,
    });
  }),
];

console.log(
  `node ${process.version}, ${os.cpus()[0]?.model ?? "cpu"} × ${os.cpus().length}, ${new Date().toISOString().slice(0, 10)}`,
);
console.log(`form gov-2021: ${form.cells.length} cells, ${form.rules.length} rule instances`);
console.log();
console.log(table(rows, "baseline: zod object schema + rules (no fast path)"));
