import defaultRubric from "./default-rubric.json";
import { RubricSchema, type Rubric } from "./rubric";

/**
 * Assessment (考核): rubrics as data, scores recomputed from stored facts, the bulletin (通报) and
 * the 考核 table. Everything here is pure; the Worker reads the facts (./facts.ts says which) and
 * the add-in writes the sheets.
 */

/** The default rubric: 100 points, 优秀 ≥ 95, 良好 85–94, 合格 60–84, 不合格 ≤ 59. */
export const DEFAULT_RUBRIC: Rubric = RubricSchema.parse(defaultRubric);

export * from "./rubric";
export * from "./facts";
export * from "./score";
export * from "./bulletin";
export * from "./table";
