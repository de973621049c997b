/** Invite codes as typed: their alphabet, length and lifetime. No zod: the pane bundles this. */

/**
 * The code's alphabet: upper-case letters and digits without look-alikes (no 0/O, 1/I/L).
 * A code is shown and typed in groups; spaces, hyphens and lower case are forgiven on redeem.
 */
export const INVITE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const INVITE_LENGTH = 10;
/** Days an invite stays valid. */
export const INVITE_DAYS = 14;

/** The canonical form of a typed code (upper case, no spaces or hyphens), or null if malformed. */
export function normalizeInviteCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "").toUpperCase();
  if (code.length !== INVITE_LENGTH) return null;
  for (const ch of code) if (!INVITE_ALPHABET.includes(ch)) return null;
  return code;
}

/** Does the text look like an invite code (as opposed to a bearer token)? */
export function looksLikeInviteCode(input: string): boolean {
  return normalizeInviteCode(input) !== null;
}
