/**
 * A rollup from the API → the three sheets a supervisor pulls (汇总, 分单位, 报送情况): the sheets
 * of shared/rollup/sheets.ts, the very ones the Worker's .xlsx export writes, with submission
 * times on the user's clock.
 */
import type { Rollup } from "../../../shared/api/schemas";
import type { Form } from "../../../shared/forms/model";
import type { SheetLayout } from "../../../shared/layout";
import { rollupSheets } from "../../../shared/rollup/sheets";
import type { WbSheet } from "../../../shared/workbook";
import type { Lang } from "../common/i18n";

export {
  countsOf,
  entryStatus,
  ROLLUP_SHEETS,
  ruleText,
  type Counts,
} from "../../../shared/rollup";

export function drawRollup(form: Form, layout: SheetLayout, rollup: Rollup, lang: Lang): WbSheet[] {
  return rollupSheets(form, rollup, { lang, layout, time: localTime });
}

/** An ISO time as the clerk's clock shows it (`2026-01-15 09:30`), not in UTC. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
