/**
 * 催报, decided without storage: which units are chased (no report; returned or withdrawn and not
 * resubmitted), their due date (the nearest period on their path), days left, and the message.
 */
import type { ChasedStatus, Contact, LateUnit, ReminderBody } from "../../../shared/api/schemas";
import { CHINA_OFFSET_MS, chinaDate } from "../../../shared/china-time";
import type { Form } from "../../../shared/forms/catalogue";
import { refusal, type Refusal } from "./refusal";

export interface SubtreeUnit {
  id: number;
  code: string;
  name: string;
  path: string;
  /** The current report's status, null without a report. */
  status: "submitted" | "returned" | "accepted" | "withdrawn" | null;
}

/** The chased status of a unit, or null when its report is in. */
export function chasedStatus(u: SubtreeUnit): ChasedStatus | null {
  if (u.status === null) return "missing";
  return u.status === "returned" || u.status === "withdrawn" ? u.status : null;
}

/** The due date of the period nearest a unit on its path (deepest opened at a path prefix). */
export function dueDateOf(
  path: string,
  periods: readonly { path: string; dueDate: string }[],
): string | null {
  let best: { path: string; dueDate: string } | null = null;
  for (const p of periods) {
    if (path.startsWith(p.path) && (!best || p.path.length > best.path.length)) best = p;
  }
  return best?.dueDate ?? null;
}

/** Whole days from `today` to `due` (both `YYYY-MM-DD`): negative once the date has passed. */
export function daysBetween(today: string, due: string): number {
  return Math.round(
    (Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
  );
}

/**
 * 报送情况's days to or past the due date: only for a unit still to report (no report, returned,
 * withdrawn), null for one whose report is in or without a period.
 */
export function chaseDaysLeft(
  status: SubtreeUnit["status"],
  dueDate: string | null,
  today: string,
): number | null {
  if (dueDate === null) return null;
  return chasedStatus({ status } as SubtreeUnit) ? daysBetween(today, dueDate) : null;
}

export function todayInChina(nowIso: string): string {
  return (
    chinaDate(nowIso) ?? new Date(Date.parse(nowIso) + CHINA_OFFSET_MS).toISOString().slice(0, 10)
  );
}

export function lateUnit(
  u: SubtreeUnit,
  status: ChasedStatus,
  o: {
    today: string;
    dueDate: string | null;
    contacts: Contact[];
    reminders: { count: number; last: string | null };
  },
): LateUnit {
  return {
    code: u.code,
    name: u.name,
    status,
    contacts: o.contacts,
    dueDate: o.dueDate,
    daysLeft: o.dueDate === null ? null : daysBetween(o.today, o.dueDate),
    reminders: o.reminders,
  };
}

/** The units a reminder names: each must be chased now (a 422 refusal naming those that are not). */
export function remindedUnits(body: ReminderBody, late: readonly LateUnit[]): LateUnit[] | Refusal {
  if (body.units === "missing") {
    if (late.length === 0) {
      return refusal(
        "not-chased",
        "下级单位均已报送,无需催报。",
        "Every unit below has reported: there is no one to remind.",
      );
    }
    return [...late];
  }
  const byCode = new Map(late.map((u) => [u.code, u]));
  const wanted = [...new Set(body.units)];
  const bad = wanted.filter((c) => !byCode.has(c));
  if (bad.length) {
    return refusal(
      "not-chased",
      `以下单位不在本单位下级,或已报送(未退回、未撤回),无需催报:${bad.slice(0, 10).join("、")}`,
      `Not units below yours that are still to report (missing, returned or withdrawn): ${bad.slice(0, 10).join(", ")}`,
      { units: bad.slice(0, 100) },
    );
  }
  return wanted.map((c) => byCode.get(c)!);
}

const STATUS_ZH: Record<ChasedStatus, string> = {
  missing: "未报送",
  returned: "已退回待重报",
  withdrawn: "已撤回待重报",
};

function dueText(u: LateUnit): string {
  if (u.dueDate === null || u.daysLeft === null) return "";
  if (u.daysLeft < 0) return `,已逾期 ${-u.daysLeft} 天`;
  if (u.daysLeft === 0) return ",今日截止";
  return `,距截止还有 ${u.daysLeft} 天`;
}

/** The reminder as the robot posts it (zh-CN: the group chats are Chinese). */
export function reminderMessage(o: {
  form: Form;
  year: number;
  from: string;
  at: string;
  units: readonly LateUnit[];
  note?: string;
}): string {
  const due = o.units.find((u) => u.dueDate !== null)?.dueDate;
  const lines = o.units.map((u) => {
    const who = u.contacts
      .filter((c) => c.name || c.phone)
      .map((c) => [c.name, c.phone].filter(Boolean).join(" "))
      .join("、");
    return `· ${u.name}(${STATUS_ZH[u.status]}${dueText(u)})${who ? ` 联系人:${who}` : ""}`;
  });
  return [
    `【催报】请以下单位尽快报送 ${o.year} 年度${o.form.title.zh}${due ? `(截止日期 ${due})` : ""}:`,
    ...lines,
    ...(o.note?.trim() ? [o.note.trim()] : []),
    `—— ${o.from} ${chinaDate(o.at) ?? ""}`.trimEnd(),
  ].join("\n");
}
