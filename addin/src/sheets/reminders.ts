/**
 * The printable 催报通知 sheet: the units below still to report (no report, returned or
 * withdrawn), each with its contacts, due date, days to or past it, and the reminders sent, under
 * the notice's text. Printed with the shared table setup (A4, one page wide, header row repeated).
 */
import type { LateUnitsResponse } from "../../../shared/api/schemas";
import { chinaTime } from "../../../shared/china-time";
import { tablePrintSetup } from "../../../shared/print/setup";
import { boxAddress, cellAddress } from "../a1";
import { charsToPoints } from "../draw";
import type { DrawCell, SheetDraw } from "../host/types";
import type { Lang } from "../i18n";

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
const HEADER_ROW = 3;

export function reminderSheetDraw(
  list: LateUnitsResponse,
  formTitle: string,
  lang: Lang,
): SheetDraw {
  const T = TEXT[lang];
  const last = WIDTHS.length - 1;
  const cells: DrawCell[] = [
    {
      address: boxAddress({ r0: 0, c0: 0, r1: 0, c1: last }),
      merge: true,
      value: T.title(list.unit.name, list.year, formTitle),
      bold: true,
      fontSize: 14,
      hAlign: "Center",
    },
    {
      address: boxAddress({ r0: 1, c0: 0, r1: 1, c1: last }),
      merge: true,
      value: T.notice(list.units.length, list.today),
    },
    ...T.head.map((text, c) => ({
      address: cellAddress(2, c),
      value: text,
      bold: true,
      border: true,
    })),
  ];
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
  return {
    columnWidths: WIDTHS.map(charsToPoints),
    cells,
    blocks: rows.length ? [{ address: cellAddress(3, 0), values: rows, border: true }] : [],
    validations: [],
    print: tablePrintSetup(
      WIDTHS,
      HEADER_ROW + rows.length,
      { first: HEADER_ROW, last: HEADER_ROW },
      { lang, unit: list.unit.name, year: list.year },
    ),
    protect: false,
  };
}
