import * as z from "zod/mini";

/** One problem found in a report: a violated rule instance, or a bad cell value. */
export const IssueSchema = z.object({
  /** Rule id (`N1`, `G6`), or `value` / `unknown_cell` for a bad cell value. */
  rule: z.string(),
  /** For value problems: what is wrong (`negative`, `not_integer`, …). */
  code: z.optional(z.string()),
  /** Stable key of the rule instance; explanations of warnings are keyed by it. */
  key: z.string(),
  severity: z.enum(["error", "warning"]),
  /** The cell the issue is shown at. */
  cell: z.string(),
  /** Every cell the rule reads (target first); the add-in outlines them. */
  cells: z.array(z.string()),
  left: z.nullable(z.number()),
  right: z.nullable(z.number()),
  message_zh: z.string(),
  message_en: z.string(),
});
export type Issue = z.infer<typeof IssueSchema>;

import type { Lang } from "../lang";

export type { Lang };

export function issueMessage(issue: Issue, lang: Lang): string {
  return lang === "zh" ? issue.message_zh : issue.message_en;
}
