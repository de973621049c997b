import * as z from "zod/mini";

/** What every part of the API contract shares: the base path, limits, unit codes, roles. */

export const API_BASE = "/api/v1";

/** Largest request body the API reads (bytes); a larger one is answered 413. */
export const MAX_BODY_BYTES = 256 * 1024;

/** A warning can be submitted only with an explanation at least this long (characters). */
export const MIN_EXPLANATION_CHARS = 10;
export const MAX_EXPLANATION_CHARS = 2000;
/** Longest remark, answer, reason or review comment (characters). */
export const MAX_REMARK_CHARS = 2000;

export { UnitCodeSchema } from "../forms/schema";

export const RoleSchema = z.enum(["clerk", "supervisor", "admin"]);
export type Role = z.infer<typeof RoleSchema>;

export const UnitRefSchema = z.object({ code: z.string(), name: z.string() });
export type UnitRef = z.infer<typeof UnitRefSchema>;

export const LabelSchema = z.object({ zh: z.string(), en: z.string() });
