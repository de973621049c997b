/** Reporting periods (docs/WORKFLOW.md): lateness and due dates, pure. */

/** Is a revision stored at `nowIso` late for a due date (after 23:59:59 UTC+8 of that day)? */
export function isLate(dueDate: string, nowIso: string): boolean {
  const end = Date.parse(`${dueDate}T23:59:59.999+08:00`);
  return Number.isFinite(end) && Date.parse(nowIso) > end;
}

/** Is `YYYY-MM-DD` a calendar date? */
export function isCalendarDate(s: string): boolean {
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/** Of periods listed nearest first within each form and year, the one that applies to each. */
export function nearestPerFormYear<T extends { form: string; year: number }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.form}/${r.year}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
