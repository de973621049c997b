import type { Remark, ReportRevision, Rollup } from "../../../shared/api/schemas";
import { getForm, type Form } from "../../../shared/forms/catalogue";
import { consistentValues, rng } from "../../../shared/testing/sample-report";
import type { ExactRollup } from "../../src/domain/rollup";
import { SCALE } from "../../src/domain/scaled";
import type { Principal, UnitRow } from "../../src/env";
import { isRefusal } from "../../src/domain/refusal";
import { HttpProblem, problemOf } from "../../src/http/problem";

export const form: Form = getForm("gov-2021")!;

export function unit(
  code: string,
  path: string,
  id = code.length,
  parent: number | null = 1,
): UnitRow {
  return {
    id,
    code,
    name: `单位${code}`,
    parent_id: parent,
    depth: path.split("/").length - 3,
    path,
  };
}

export const ROOT = unit("R", "/R/", 1, null);
export const A = unit("A", "/R/A/", 2);
export const A1 = unit("A1", "/R/A/A1/", 3, 2);
export const B = unit("B", "/R/B/", 4);

export function principal(role: Principal["role"], u: UnitRow): Principal {
  return { credential: `c-${role}-${u.code}`, role, unit: u };
}

export function values(seed: number): Record<string, number> {
  return consistentValues(form, rng(seed), 20);
}

export function revision(n: number, vals: Record<string, number>): ReportRevision {
  return {
    unit: { code: A.code, name: A.name },
    form: form.id,
    year: 2021,
    revision: n,
    values: vals,
    explanations: {},
    issues: [],
    errors: 0,
    warnings: 0,
    status: "submitted",
    submittedAt: "2022-01-10T00:00:00.000Z",
    credential: "c",
    hash: "h",
    late: false,
  };
}

export function remark(id: string, cell: string, resolved = false): Remark {
  return {
    id,
    cell,
    text: "请核对",
    author: { name: "县", role: "supervisor" },
    at: "2022-01-11T00:00:00.000Z",
    revision: 1,
    resolved,
    resolution: resolved ? "changed" : null,
    answer: null,
  };
}

/**
 * The problem a call answers with (or "none"): a domain decision returns its refusal as data, a
 * service throws it; either is the same status and slug to the client.
 */
export function thrown(fn: () => unknown): string {
  try {
    const out = fn();
    if (isRefusal(out)) {
      const p = problemOf(out);
      return `${p.status} ${p.slug}`;
    }
  } catch (e) {
    if (e instanceof HttpProblem) return `${e.status} ${e.slug}`;
    throw e;
  }
  return "none";
}

/** A rollup of the API (number figures) as the exports take it: exact scaled sums. */
export function exactRollup(r: Rollup): ExactRollup {
  const scaled = (v: Record<string, number>) =>
    Object.fromEntries(Object.entries(v).map(([k, x]) => [k, BigInt(Math.round(x * SCALE))]));
  return {
    ...r,
    values: scaled(r.values),
    children: r.children.map((c) => ({ ...c, values: scaled(c.values) })),
  };
}
