/**
 * The administration sheets as plain data: what 拉取 writes (every code and name as text, so
 * codes keep their leading zeros) and how the admin's edits are read back. Pure.
 */
import type { AdminUnit, UnitChangeRow, UnitChangesResult } from "../../../shared/api/admin-ui";
import type { InviteCreated } from "../../../shared/api/invites";
import type { FormSummary, Period, Role } from "../../../shared/api/schemas";
import { chinaDate } from "../../../shared/china-time";
import { servesYear } from "../../../shared/forms/model";
import type { WbSheet } from "../../../shared/workbook";
import { listSheet } from "../../../shared/workbook/table-sheet";
import { pointsToChars } from "../host/sheet-draw";
import type { Lang } from "../common/i18n";
import { at, type AdminKey } from "../common/admin-text";

/** Rows an admin sheet holds at most (read back in one range). */
export const MAX_ROWS = 5000;
/** Empty rows, formatted as text, left below the data for additions. */
const BLANK_ROWS = 100;
export const UNIT_RANGE = `A1:F${MAX_ROWS + 1}`;
export const INVITE_RANGE = `A1:E${MAX_ROWS + 1}`;
export const CREDENTIAL_RANGE = `A1:H${MAX_ROWS + 1}`;
export const PERIOD_RANGE = `A1:G${MAX_ROWS + 1}`;

/** A cell read back as text (numbers as typed; empty as ""). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  return String(v).trim();
}

/**
 * A sheet of text: a header row, then the rows and empty text rows for additions; printed
 * (header row repeated) down to the last row. Widths in points.
 */
export function adminSheet(
  sheet: AdminKey,
  header: string[],
  rows: string[][],
  widths: number[],
  lang: Lang,
): WbSheet {
  return listSheet({
    name: at(lang, sheet),
    widths: widths.map(pointsToChars),
    tables: [{ header, rows: rows.map((r) => ({ cells: r.map((value) => ({ value })) })) }],
    print: { lang },
    bordered: false,
    headerFill: "#DDEBF7",
    blankRows: BLANK_ROWS,
  });
}

const H = (lang: Lang, keys: AdminKey[]) => keys.map((k) => at(lang, k));

export function unitHeader(lang: Lang): string[] {
  // 本级报送 last, after the result column, so the columns before it stay where they were.
  return H(lang, ["hCode", "hName", "hParent", "hStatus", "hResult", "hReports"]);
}

export function unitsSheet(units: AdminUnit[], lang: Lang): WbSheet {
  const rows = units.map((u) => [
    u.code,
    u.name,
    u.parent ?? "",
    at(lang, u.active ? "active" : "inactive"),
    "",
    u.reportsItself === false ? at(lang, "no") : at(lang, "yes"),
  ]);
  return adminSheet("unitSheet", unitHeader(lang), rows, [90, 200, 90, 50, 320, 70], lang);
}

/** The unit sheet's rows to send, the sheet row of each, and rows wrong before sending. */
export interface ReadUnitSheet {
  rows: UnitChangeRow[];
  sheetRows: number[];
  /** The sheet's values, with each row's check result once known. */
  values: string[][];
  local: Map<number, string>;
}

export function readUnitSheet(values: unknown[][], lang: Lang): ReadUnitSheet {
  const out: ReadUnitSheet = { rows: [], sheetRows: [], values: [], local: new Map() };
  values.slice(1).forEach((raw) => {
    const [code = "", name = "", parent = "", status = "", , reportsText = ""] = raw.map(cellText);
    if (!code && !name && !parent && !status) return;
    out.values.push([code, name, parent, status, "", reportsText]);
    const index = out.values.length - 1;
    const active = ["", "启用", "active"].includes(status)
      ? true
      : ["停用", "inactive"].includes(status)
        ? false
        : null;
    if (active === null) {
      out.local.set(index, at(lang, "badStatus"));
      return;
    }
    // 本级报送: 是 / 否 (empty: as stored); a consolidating node answers 否 (issue 21).
    const reports = ["是", "yes"].includes(reportsText)
      ? true
      : ["否", "no"].includes(reportsText)
        ? false
        : undefined;
    out.rows.push({
      code,
      name,
      parent: parent || null,
      active,
      ...(reports === undefined ? {} : { reports }),
    });
    out.sheetRows.push(index);
  });
  return out;
}

/** The unit sheet again, with each row's check result (changes, or what is wrong). */
export function unitResultSheet(
  sheet: ReadUnitSheet,
  result: Pick<UnitChangesResult, "changes" | "errors">,
  lang: Lang,
): WbSheet {
  const values = sheet.values.map((r) => [...r]);
  for (const r of values) r[4] = at(lang, "unchanged");
  for (const [index, msg] of sheet.local) values[index]![4] = msg;
  for (const c of result.changes) {
    values[sheet.sheetRows[c.row]!]![4] = c.kinds.map((k) => at(lang, `kind_${k}`)).join("、");
  }
  for (const e of result.errors) {
    values[sheet.sheetRows[e.row]!]![4] = lang === "zh" ? e.message : e.message_en;
  }
  return adminSheet("unitSheet", unitHeader(lang), values, [90, 200, 90, 50, 320, 70], lang);
}

const ROLE_WORDS: Record<string, Role> = {
  填报: "clerk",
  审核: "supervisor",
  管理: "admin",
  clerk: "clerk",
  supervisor: "supervisor",
  admin: "admin",
};

export function roleWord(lang: Lang, role: Role): string {
  return at(lang, `role_${role}`);
}

export function inviteHeader(lang: Lang): string[] {
  return H(lang, ["hCode", "hRole", "hInvite", "hExpires", "hName"]);
}

/** The invite sheet's rows: those with a unit and role but no code yet get one. */
export function readInviteSheet(values: unknown[][]): {
  rows: string[][];
  wanted: { index: number; unit: string; role: Role | null }[];
} {
  const rows: string[][] = [];
  const wanted: { index: number; unit: string; role: Role | null }[] = [];
  for (const raw of values.slice(1)) {
    const r = [0, 1, 2, 3, 4].map((i) => cellText(raw[i]));
    if (r.every((c) => c === "")) continue;
    rows.push(r);
    if (r[0] && !r[2])
      wanted.push({ index: rows.length - 1, unit: r[0], role: ROLE_WORDS[r[1]!] ?? null });
  }
  return { rows, wanted };
}

export function inviteRow(lang: Lang, inv: InviteCreated): string[] {
  return [
    inv.unit.code,
    roleWord(lang, inv.role),
    inv.code,
    chinaDate(inv.expiresAt) ?? inv.expiresAt,
    inv.unit.name,
  ];
}

export function invitesSheet(rows: string[][], lang: Lang): WbSheet {
  return adminSheet("inviteSheet", inviteHeader(lang), rows, [90, 50, 110, 90, 200], lang);
}

export function periodHeader(lang: Lang): string[] {
  return H(lang, ["hId", "hForm", "hYear", "hDue", "hSupplement", "hOpen", "hAction"]);
}

/**
 * The 填报期 sheet. The 报表 column names each form as people do (its title); the 编号 column is
 * the period's id, which 关闭 sends back.
 */
export function periodsSheet(
  periods: Period[],
  lang: Lang,
  forms: readonly FormSummary[] = [],
): WbSheet {
  const rows = periods.map((p) => [
    p.id,
    forms.find((f) => f.id === p.form)?.title[lang] ?? p.form,
    String(p.year),
    p.dueDate,
    at(lang, p.supplements.capacity ? "yes" : "no"),
    at(lang, p.closedAt ? "closed" : "open"),
    "",
  ]);
  return adminSheet("periodSheet", periodHeader(lang), rows, [150, 80, 50, 90, 120, 60, 90], lang);
}

export type PeriodEdit =
  | { open: { form: string; year: number; dueDate: string; capacity: boolean } }
  | { close: string }
  | { error: string };

/**
 * The form a 报表 cell names: its title (with or without 《》), its id (what a program writes), or
 * nothing, for the national form that serves the year.
 */
function formNamed(text: string, year: number, forms: readonly FormSummary[]): string | null {
  const name = text.replace(/^[《"“]|[》"”]$/g, "").trim();
  if (!name) {
    const national = forms.filter((f) => !f.scope && servesYear(f, year));
    return national.length === 1 ? national[0]!.id : null;
  }
  const f = forms.find((f) => f.id === name || f.title.zh === name || f.title.en === name);
  // Without the list of forms (an older server), the text is sent as typed and checked there.
  return f ? f.id : forms.length ? null : name;
}

/** New periods (rows without an id) and periods to close (操作 = 关闭). */
export function readPeriodSheet(
  values: unknown[][],
  lang: Lang,
  forms: readonly FormSummary[] = [],
): PeriodEdit[] {
  const out: PeriodEdit[] = [];
  values.slice(1).forEach((raw, i) => {
    const [id, formText, year, due, supplement, , action] = [0, 1, 2, 3, 4, 5, 6].map((i) =>
      cellText(raw[i]),
    );
    if (id && action === "关闭") out.push({ close: id });
    if (id || (!formText && !year && !due)) return;
    const wrong = (key: AdminKey, vars: Record<string, string | number> = {}) =>
      out.push({ error: at(lang, "row", { row: i + 2 }) + at(lang, key, vars) });
    if (!/^\d{4}$/.test(year!)) return wrong("badYear");
    const form = formNamed(formText!, Number(year), forms);
    if (!form) return wrong(formText ? "badForm" : "noFormForYear", { year: year! });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(due!)) return wrong("badDue");
    out.push({
      open: { form, year: Number(year), dueDate: due!, capacity: supplement !== "否" },
    });
  });
  return out;
}

export function credentialHeader(lang: Lang): string[] {
  return H(lang, [
    "hId",
    "hRole",
    "hCode",
    "hName",
    "hCreated",
    "hLastUsed",
    "hRevoked",
    "hRevoke",
    "hHolder",
    "hPhone",
    "hExpires",
  ]);
}
