/** Helpers for D1 batches: typed rows of a batch result, and constraint failures. */

/** The rows of one statement of a batch. */
export function rowsOf<T>(result: D1Result | undefined): T[] {
  return (result?.results ?? []) as T[];
}

/** The first row of one statement of a batch, or null. */
export function firstOf<T>(result: D1Result | undefined): T | null {
  return (result?.results[0] as T | undefined) ?? null;
}

/**
 * Did a batch fail on a constraint (a primary key or UNIQUE index)? Such a batch rolled back as a
 * whole: a concurrent writer got there first.
 */
export function isConstraintError(e: unknown): boolean {
  const msg = e instanceof Error ? `${e.message} ${String(e.cause ?? "")}` : String(e);
  // A trigger's refusal (migration 0008) is no race: answered by http/problem.ts.
  if (msg.includes("xxgk:")) return false;
  return /constraint|SQLITE_CONSTRAINT/i.test(msg);
}
