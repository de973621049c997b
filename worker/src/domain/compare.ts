/**
 * What changed between two revisions of a report (比对), decided without storage: which revision
 * to compare from when the caller does not say (the one last returned), and the changed cells
 * (in the form's order), 说明 and remark answers.
 */
import type { CellChange, ExplanationChange, RevisionCompare } from "../../../shared/api/schemas";
import type { Form } from "../../../shared/forms/catalogue";
import { refusal, type Refusal } from "./refusal";

type Basis = RevisionCompare["basis"];

/** A `from` / `to` query value: absent, or a positive whole number (else 400). */
export function revisionParam(
  name: "from" | "to",
  raw: string | undefined,
): number | null | Refusal {
  if (raw === undefined || raw === "") return null;
  if (!/^[1-9]\d{0,8}$/.test(raw)) {
    return refusal(
      "invalid-revision",
      `参数 ${name} 应为版本号(正整数),收到「${raw.slice(0, 20)}」。`,
      `The ${name} parameter must be a revision number (a positive whole number), not "${raw.slice(0, 20)}".`,
    );
  }
  return Number(raw);
}

/**
 * The revisions to compare: `to` defaults to the current one; `from` to the revision last
 * returned (what the supervisor saw), else the one before `to`.
 */
export function compareRange(
  asked: { from: number | null; to: number | null },
  current: number,
  lastReturned: number | null,
): { from: number; to: number; basis: Basis } | Refusal {
  const to = asked.to ?? current;
  for (const [name, n] of [
    ["from", asked.from],
    ["to", to],
  ] as const) {
    if (n !== null && n > current) {
      return refusal(
        "not-found",
        `没有第 ${n} 版(${name});该报表当前为第 ${current} 版。`,
        `There is no revision ${n} (${name}); the report's current revision is ${current}.`,
      );
    }
  }
  if (asked.from !== null) return { from: asked.from, to, basis: "asked" };
  if (lastReturned !== null && lastReturned <= to) {
    return { from: lastReturned, to, basis: "returned" };
  }
  return to > 1 ? { from: to - 1, to, basis: "previous" } : { from: to, to, basis: "only" };
}

export function changedCells(
  form: Form,
  from: Record<string, number>,
  to: Record<string, number>,
): CellChange[] {
  const out: CellChange[] = [];
  for (const c of form.cells) {
    const a = from[c.id] ?? 0;
    const b = to[c.id] ?? 0;
    if (a !== b) out.push({ cell: c.id, from: a, to: b });
  }
  return out;
}

export function changedExplanations(
  from: Record<string, string>,
  to: Record<string, string>,
): ExplanationChange[] {
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
  return keys
    .filter((k) => from[k] !== to[k])
    .map((k) => ({ key: k, from: from[k] ?? null, to: to[k] ?? null }));
}
