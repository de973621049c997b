/**
 * Which children an assessment scores, and the scores (pure). A local form assesses only the
 * children it applies to (docs/ASSESSMENT.md): the others have nothing to report.
 */
import {
  DEFAULT_RUBRIC,
  scoreUnits,
  type Assessment,
  type ManualScores,
  type UnitFacts,
} from "../../../shared/assessment/index";
import type { RubricVersion } from "../../../shared/api/supervision";
import type { Form } from "../../../shared/forms/catalogue";
import { coverageAt, type ScopeRoot } from "./scope";

/** The children the form applies to (all of them, for a national form). */
export function assessedChildren<T extends { path: string }>(
  form: Pick<Form, "scope">,
  children: readonly T[],
  roots: readonly ScopeRoot[],
): T[] {
  return children.filter((child) => coverageAt(form, child.path, roots) !== "none");
}

/** The assessment of the children with the rubric in force (the default when none is set). */
export function assess(
  form: Pick<Form, "scope">,
  input: {
    children: readonly (UnitFacts & { path: string })[];
    rubric: RubricVersion | null;
    manual: ManualScores;
    scopeRoots: readonly ScopeRoot[];
  },
): Assessment {
  const facts = assessedChildren(form, input.children, input.scopeRoots).map(({ path, ...f }) => {
    void path;
    return f;
  });
  return scoreUnits(input.rubric?.rubric ?? DEFAULT_RUBRIC, facts, input.manual);
}
