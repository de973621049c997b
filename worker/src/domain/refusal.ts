/**
 * A request the domain turns down, as data. The domain decides without HTTP: a decision is its
 * value or a `Refusal` (a discriminated union on `kind`), and routes/ and services/ answer a
 * refusal as problem+json (`decided` / `problemOf` in http/problem.ts). The problem type's status
 * and title live in shared/api/problems.ts; a refusal says what exactly, zh-CN first.
 */
import type { ProblemSlug } from "../../../shared/api/problems";

export interface Refusal {
  readonly kind: "refusal";
  readonly slug: ProblemSlug;
  readonly zh: string;
  readonly en: string;
  /** Members the client reads beside the detail (the current revision, the rule's errors, …). */
  readonly extensions: Record<string, unknown>;
}

export function refusal(
  slug: ProblemSlug,
  zh: string,
  en: string,
  extensions: Record<string, unknown> = {},
): Refusal {
  return { kind: "refusal", slug, zh, en, extensions };
}

/**
 * Whether a decision is its refusal. Decided values may be records keyed by what a client sent
 * (texts, explanation decisions): a refusal also has its string details and extensions object,
 * which no such record has.
 */
export function isRefusal(x: unknown): x is Refusal {
  if (typeof x !== "object" || x === null) return false;
  const r = x as Partial<Record<keyof Refusal, unknown>>;
  return (
    r.kind === "refusal" &&
    typeof r.slug === "string" &&
    typeof r.zh === "string" &&
    typeof r.en === "string" &&
    typeof r.extensions === "object" &&
    r.extensions !== null
  );
}

/** The same answer whether or not the unit exists, so a caller learns nothing about others. */
export function forbiddenUnit(): Refusal {
  return refusal(
    "forbidden",
    "当前凭据无权访问该单位的数据。",
    "This credential may not access that unit.",
  );
}
