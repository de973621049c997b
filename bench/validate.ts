/**
 * Benchmark: validating one full form with the shared engine.
 *
 *   npm run bench:validate
 *
 * Prints a markdown table (median and p95 per form over 200 batches, forms per second) for
 * docs/PERFORMANCE.md. Target: ≤ 20 µs median for a full gov-2021 form on the 2-core machine.
 */
import os from "node:os";
import { getForm } from "../shared/forms/catalogue";
import { evaluate, fillTotals, formValuesSchema, validate } from "../shared/engine";
import { measure, table } from "./harness";

const form = getForm("gov-2021")!;

/** A plausible, fully filled and consistent county department's report. */
function realisticReport(seed: number): Record<string, number> {
  let s = seed;
  const rnd = (max: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % (max + 1);
  };
  const raw: Record<string, number> = {};
  for (const c of form.cells) raw[c.id] = c.kind === "amount" ? rnd(90_000) / 100 : rnd(40);
  const filled = fillTotals(form, raw);
  // Balance the 勾稽 relation: new + carried in = handled + carried out, per column.
  for (const col of ["natural", "business", "research", "charity", "legal", "other_org", "total"]) {
    const handled = filled[`requests.handled_total.${col}`]!;
    const carriedIn = filled[`requests.carried_in.${col}`]!;
    const out = filled[`requests.carried_out.${col}`]!;
    filled[`requests.new.${col}`] = handled + out - carriedIn >= 0 ? handled + out - carriedIn : 0;
    if (filled[`requests.new.${col}`] === 0)
      filled[`requests.carried_out.${col}`] = carriedIn - handled;
  }
  return filled;
}

const values = realisticReport(7);
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
