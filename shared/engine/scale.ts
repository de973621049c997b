/**
 * Values are compared and summed as integers ×10⁴ (amounts carry at most 4 decimals), so rules,
 * totals and the Worker's aggregates add exactly.
 */
export const SCALE = 10_000;
