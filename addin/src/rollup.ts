/**
 * Pure: a rollup from the API → the three sheets a supervisor pulls (汇总, 分单位, 报送情况): what
 * each figure includes (included / pending / missing), each unit's status and timeliness, and
 * the rules that fail in most units.
 */
import type { Rollup } from "../../shared/api/schemas";
import type { Form } from "../../shared/forms/model";
import type { SheetLayout } from "../../shared/layout";
import { countsOf, entryStatus, ROLLUP_SHEETS, ruleText } from "../../shared/rollup";
import { boxAddress, cellAddress } from "./a1";
import { charsToPoints, drawForm } from "./draw";
import type { DrawCell, SheetDraw } from "./host/types";
import { t, type Lang, type StringKey } from "./i18n";

export { countsOf, entryStatus, ROLLUP_SHEETS, ruleText, type Counts } from "../../shared/rollup";

const HEAD: Partial<DrawCell> = {
  bold: true,
  fill: "#F2F2F2",
  hAlign: "Center",
  vAlign: "Center",
  wrap: true,
  border: true,
};

/** A second table below the first one (two rows apart): a title, headers and rows. */
interface Extra {
  title: string;
  headers: string[];
  rows: (string | number)[][];
}

export function table(
  title: string,
  headers: string[],
  rows: (string | number)[][],
  widths: number[],
  rowFill?: (i: number) => string | undefined,
  extra?: Extra,
): SheetDraw {
  const cols = headers.length;
  const cells: DrawCell[] = [
    {
      address: boxAddress({ r0: 0, c0: 0, r1: 0, c1: cols - 1 }),
      merge: cols > 1,
      value: title,
      bold: true,
      fontSize: 14,
      hAlign: "Center",
    },
  ];
  headers.forEach((h, c) => cells.push({ address: cellAddress(2, c), value: h, ...HEAD }));
  rows.forEach((_, i) => {
    const fill = rowFill?.(i);
    if (fill)
      cells.push({ address: boxAddress({ r0: 3 + i, c0: 0, r1: 3 + i, c1: cols - 1 }), fill });
  });
  const blocks = rows.length ? [{ address: cellAddress(3, 0), values: rows, border: true }] : [];
  let lastRow = Math.max(2, 2 + rows.length);
  if (extra) {
    const top = lastRow + 2;
    cells.push({ address: cellAddress(top, 0), value: extra.title, bold: true, fontSize: 12 });
    extra.headers.forEach((h, c) =>
      cells.push({ address: cellAddress(top + 1, c), value: h, ...HEAD }),
    );
    if (extra.rows.length)
      blocks.push({ address: cellAddress(top + 2, 0), values: extra.rows, border: true });
    lastRow = top + 1 + extra.rows.length;
  }
  return {
    columnWidths: widths.map(charsToPoints),
    cells,
    blocks,
    validations: [],
    printArea: boxAddress({ r0: 0, c0: 0, r1: lastRow, c1: cols - 1 }),
    landscape: cols > 6,
    protect: false,
  };
}

const STATUS_FILL: Record<string, string | undefined> = {
  missing: "#FFC7CE",
  returned: "#FFEB9C",
  accepted: "#C6EFCE",
};

export function drawRollup(
  form: Form,
  layout: SheetLayout,
  rollup: Rollup,
  lang: Lang,
): { name: string; draw: SheetDraw }[] {
  const L = (k: StringKey, vars?: Record<string, string | number>) => t(lang, k, vars);
  const title = `${lang === "zh" ? form.title.zh : form.title.en} · ${rollup.unit.name} · ${rollup.year}`;
  const counts = countsOf(rollup);
  const includeLabel = rollup.include === "accepted" ? L("includeAccepted") : L("includeSubmitted");

  const summary = drawForm(form, layout, {
    lang,
    unitName: `${rollup.unit.name}(${L("consolidated")} · ${includeLabel} · ${L("colIncluded")} ${counts.included}/${rollup.units},${L("colPending")} ${counts.pending},${L("colMissing")} ${counts.missing})`,
    year: rollup.year,
    values: rollup.values,
    editable: false,
  });

  const keyHeaders = form.keyFigures.map((id) => form.cellById.get(id)?.label[lang] ?? id);
  const byUnit = table(
    title,
    [
      L("colUnit"),
      L("colCode"),
      L("colUnits"),
      L("colIncluded"),
      L("colPending"),
      L("colMissing"),
      ...keyHeaders,
    ],
    rollup.children.map((c) => {
      const n = countsOf(c);
      return [
        c.name,
        c.code,
        c.units,
        n.included,
        n.pending,
        n.missing,
        ...form.keyFigures.map((id) => c.values[id] ?? 0),
      ];
    }),
    [
      24,
      12,
      10,
      8,
      8,
      8,
      ...keyHeaders.map((h) => Math.min(24, Math.max(10, Math.ceil(h.length * 1.6)))),
    ],
  );

  const status = table(
    title,
    [
      L("colUnit"),
      L("colCode"),
      L("colStatus"),
      L("colTimeliness"),
      L("colRevision"),
      L("colTime"),
      L("colErrors"),
      L("colWarnings"),
    ],
    rollup.completeness.map((u) => {
      const { status, timeliness } = entryStatus(u);
      return [
        `${"  ".repeat(u.depth)}${u.name}`,
        u.code,
        L(`status_${status === "missing" ? "not_started" : status}`),
        L(`timeliness_${timeliness}`),
        u.revision ?? "",
        u.submittedAt ? localTime(u.submittedAt) : "",
        u.errors,
        u.warnings,
      ];
    }),
    [28, 12, 8, 8, 6, 22, 6, 6],
    (i) => {
      const u = rollup.completeness[i];
      if (!u) return undefined;
      const { status, timeliness } = entryStatus(u);
      return STATUS_FILL[status] ?? (timeliness === "late" ? "#FFEB9C" : undefined);
    },
    {
      title: L("rulesTitle"),
      headers: [L("colRule"), L("colFailing"), L("colCodes"), L("colRuleText")],
      rows: (rollup.rules ?? []).map((r) => [
        r.rule,
        r.units,
        r.codes.join(", "),
        ruleText(form, r.rule, lang),
      ]),
    },
  );

  return [
    { name: ROLLUP_SHEETS.summary, draw: summary },
    { name: ROLLUP_SHEETS.byUnit, draw: byUnit },
    { name: ROLLUP_SHEETS.status, draw: status },
  ];
}

/** An ISO time as the clerk's clock shows it (`2026-01-15 09:30`), not in UTC. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
