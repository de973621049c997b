/**
 * China time (UTC+8, no daylight saving): the time zone of every deadline, 报出日期 and printed
 * time of the product (docs/WORKFLOW.md), so the server, the pane and the files agree.
 */
export const CHINA_OFFSET_MS = 8 * 3_600_000;

/** `YYYY-MM-DD HH:MM` in China time; undefined for a string that is not a time. */
export function chinaTime(iso: string): string | undefined {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  return new Date(t + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}

/** The calendar date `YYYY-MM-DD` in China time; undefined for a string that is not a time. */
export function chinaDate(iso: string): string | undefined {
  return chinaTime(iso)?.slice(0, 10);
}
