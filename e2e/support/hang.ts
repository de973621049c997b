/**
 * Bounded waits for the browser days (issue 23): a wait is a hang guard, not a timing
 * assumption — a step takes seconds even on a loaded 2-core machine. An unbounded wait turned a
 * lost request into a silent 600 s test timeout; a bounded one names what it awaited, and
 * `explained` adds what the page showed and the last requests the test proxy saw.
 */

/** How long one step may wait for the page before the day counts as hung. */
export const HANG = 120_000;

/** Run the day; a failure says what the page showed (`showed()`) and the last requests. */
export async function explained(
  day: () => Promise<void>,
  showed: () => Promise<string>,
  requests: readonly string[],
): Promise<void> {
  try {
    await day();
  } catch (e) {
    const text = await showed().catch(String);
    const asked = requests.slice(-12).join("\n");
    if (e instanceof Error)
      e.message += `\n\nThe page showed:\n${text}\n\nLast requests:\n${asked}`;
    throw e;
  }
}
