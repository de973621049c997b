export { buildWorkbook } from "./build";
export type { BuildOptions } from "./build";
export { writeXlsx } from "./xlsx";
export { CHECKS_NAME, META_NAME, INPUT_NAME_PREFIX, inputName, isLegalName } from "./names";
export type * from "./types";
