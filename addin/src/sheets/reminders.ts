/**
 * The printable 催报通知 sheet: the units below still to report (no report, returned or
 * withdrawn), each with its contacts, due date, days to or past it, and the reminders sent, under
 * the notice's text. Printed with the shared table setup (A4, one page wide, header row repeated).
 */
import type { LateUnitsResponse } from "../../../shared/api/schemas";
import { chinaTime } from "../../../shared/china-time";
import type { WbSheet } from "../../../shared/workbook";
import { listSheet } from "../../../shared/workbook/table-sheet";
import type { Lang } from "../common/i18n";

const TEXT = {
  zh: {
    title: (unit: string, year: number, form: string) => `${unit} ${year} 年度${form}催报通知`,
    notice: (n: number, today: string) =>
      `截至 ${today},以下 ${n} 个单位尚未报送(或退回、撤回后未重新报送),请尽快报送。`,
    head: [
      "单位代码",
      "单位名称",
      "状态",
      "截止日期",
      "距截止(天)",
      "联系人",
      "联系电话",
      "已催报次数",
      "最近催报",
    ],
    status: { missing: "未报送", returned: "已退回待重报", withdrawn: "已撤回待重报" },
    past: (d: number) => (d < 0 ? `已逾期 ${-d}` : String(d)),
  },
  en: {
    title: (unit: string, year: number, form: string) => `${unit} · ${form} ${year}: reminder`,
    notice: (n: number, today: string) =>
      `As of ${today}, these ${n} units have not reported (or not again after a return or withdrawal): please report.`,
    head: [
      "Code",
      "Unit",
      "Status",
      "Due",
      "Days left",
      "Contact",
      "Phone",
      "Reminders",
      "Last reminded",
    ],
    status: { missing: "Not submitted", returned: "Returned", withdrawn: "Withdrawn" },
    past: (d: number) => (d < 0 ? `${-d} overdue` : String(d)),
  },
};

const WIDTHS = [12, 26, 12, 12, 10, 14, 14, 10, 18];

export function reminderSheet(
  list: LateUnitsResponse,
  formTitle: string,
  name: string,
  lang: Lang,
): WbSheet {
  const T = TEXT[lang];
  const rows = list.units.map((u) => [
    u.code,
    u.name,
    T.status[u.status],
    u.dueDate ?? "",
    u.daysLeft === null ? "" : T.past(u.daysLeft),
    u.contacts
      .map((c) => c.name ?? "")
      .filter(Boolean)
      .join("、"),
    u.contacts
      .map((c) => c.phone ?? "")
      .filter(Boolean)
      .join("、"),
    u.reminders.count,
    u.reminders.last ? (chinaTime(u.reminders.last) ?? u.reminders.last) : "",
  ]);
  return listSheet({
    name,
    title: T.title(list.unit.name, list.year, formTitle),
    notice: T.notice(list.units.length, list.today),
    widths: WIDTHS,
    tables: [{ header: T.head, rows: rows.map((r) => ({ cells: r.map((value) => ({ value })) })) }],
    print: { lang, unit: list.unit.name, year: list.year },
  });
}
