/**
 * A county's rollup for tests and the README's printed page: consistent figures, two districts
 * (one with figures, one without), a completeness list long enough to run onto a second printed
 * page (every status, on time and late), and a rule failing in two units.
 */
import type { CompletenessEntry, Rollup } from "../api/schemas";
import type { Form } from "../forms/model";
import { consistentValues, rng } from "./sample-report";

export const SAMPLE_ROLLUP_UNIT = { code: "330300", name: "温州市人民政府办公室" };

const STATUSES: CompletenessEntry["status"][] = ["submitted", "accepted", "returned", "missing"];

/** The sample rollup of `form` for `year`, its figures from `seed`; `listed` units in 报送情况. */
export function sampleRollup(form: Form, year: number, seed: number, listed = 60): Rollup {
  const values = consistentValues(form, rng(seed), 60);
  const completeness = Array.from({ length: listed }, (_, i): CompletenessEntry => {
    const status = STATUSES[i % STATUSES.length]!;
    const missing = status === "missing";
    return {
      code: `330302${String(i).padStart(3, "0")}`,
      name: `鹿城区第${i + 1}单位`,
      parent: "330302",
      depth: 2,
      status,
      timeliness: missing ? "missing" : i % 3 === 0 ? "late" : "on_time",
      revision: missing ? null : 1 + (i % 2),
      submittedAt: missing
        ? null
        : `${year + 1}-01-${String(10 + (i % 18)).padStart(2, "0")}T02:00:00Z`,
      errors: 0,
      warnings: i % 5 === 0 ? 1 : 0,
    };
  });
  const submitted = completeness.filter((u) => u.status !== "missing").length;
  return {
    unit: SAMPLE_ROLLUP_UNIT,
    form: form.id,
    year,
    values,
    units: listed + 3,
    submitted,
    missing: listed + 3 - submitted,
    children: [
      { code: "330302", name: "鹿城区", units: listed + 1, submitted, values },
      { code: "330303", name: "龙湾区", units: 1, submitted: 0, values: {} },
    ],
    rules: form.rules.length
      ? [{ rule: form.rules[0]!.rule, units: 2, codes: ["330302001", "330302005"] }]
      : [],
    completeness,
    completenessMode: "all",
  };
}
