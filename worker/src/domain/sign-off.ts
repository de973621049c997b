/**
 * 汇总确认 decided without storage: who may sign off or take back a node's sign-off, and what a
 * withdrawal by hand (撤销确认) does. Decisions are data; the service turns a refusal into its
 * problem.
 */
import type { SignOff, SignOffRevokeBody } from "../../../shared/api/schemas";

/** Only a supervisor of the node itself signs off (or takes back) its consolidated report. */
export function maySignOff(
  principal: { role: string; unit: { id: number } },
  unit: { id: number },
): boolean {
  return principal.role === "supervisor" && principal.unit.id === unit.id;
}

export type RevokeDecision =
  /** Nothing in force (never signed, already lapsed or taken back): the state as it is. */
  { kind: "unchanged"; current: SignOff } | { kind: "revoke"; reason: string | null };

/** Take back the sign-off in force; a retry (or a second click) finds none and changes nothing. */
export function planRevoke(current: SignOff, body: SignOffRevokeBody): RevokeDecision {
  if (current.status !== "confirmed") return { kind: "unchanged", current };
  const reason = body.reason?.trim() || null;
  return { kind: "revoke", reason };
}
