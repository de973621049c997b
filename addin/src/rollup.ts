/** Pure: a rollup from the API → the three sheets a supervisor pulls (汇总, 分单位, 报送情况). */
import type { Rollup } from "../../shared/api/schemas";
import type { Form } from "../../shared/forms/model";
import type { SheetLayout } from "../../shared/layout";
import { boxAddress, cellAddress } from "./a1";
import { charsToPoints, drawForm } from "./draw";
import type { DrawCell, SheetDraw } from "./host/types";
import { t, type Lang } from "./i18n";

export const ROLLUP_SHEETS = { summary: "汇总", byUnit: "分单位", status: "报送情况" } as const;

const HEAD: Partial<DrawCell> = {
  bold: true,
  fill: "#F2F2F2",
  hAlign: "Center",
  vAlign: "Center",
  wrap: true,
  border: true,
};

function table(
  title: string,
  headers: string[],
  rows: (string | number)[][],
  widths: number[],
  rowFill?: (i: number) => string | undefined,
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
  return {
    columnWidths: widths.map(charsToPoints),
    cells,
    blocks: rows.length ? [{ address: cellAddress(3, 0), values: rows, border: true }] : [],
    validations: [],
    printArea: boxAddress({ r0: 0, c0: 0, r1: Math.max(2, 2 + rows.length), c1: cols - 1 }),
    landscape: cols > 6,
    protect: false,
  };
}

export function drawRollup(
  form: Form,
  layout: SheetLayout,
  rollup: Rollup,
  lang: Lang,
): { name: string; draw: SheetDraw }[] {
  const L = (k: Parameters<typeof t>[1]) => t(lang, k);
  const title = `${lang === "zh" ? form.title.zh : form.title.en} · ${rollup.unit.name} · ${rollup.year}`;

  const summary = drawForm(form, layout, {
    lang,
    unitName: `${rollup.unit.name}(${lang === "zh" ? "汇总" : "consolidated"} ${rollup.submitted}/${rollup.units})`,
    year: rollup.year,
    values: rollup.values,
    editable: false,
  });

  const keyHeaders = form.keyFigures.map((id) => form.cellById.get(id)?.label[lang] ?? id);
  const byUnit = table(
    title,
    [L("colUnit"), L("colCode"), L("colUnits"), L("colSubmittedUnits"), ...keyHeaders],
    rollup.children.map((c) => [
      c.name,
      c.code,
      c.units,
      c.submitted,
      ...form.keyFigures.map((id) => c.values[id] ?? 0),
    ]),
    [
      24,
      12,
      10,
      10,
      ...keyHeaders.map((h) => Math.min(24, Math.max(10, Math.ceil(h.length * 1.6)))),
    ],
  );

  const status = table(
    title,
    [
      L("colUnit"),
      L("colCode"),
      L("colStatus"),
      L("colRevision"),
      L("colTime"),
      L("colErrors"),
      L("colWarnings"),
    ],
    rollup.completeness.map((u) => [
      `${"  ".repeat(u.depth)}${u.name}`,
      u.code,
      u.status === "submitted" ? L("statusSubmitted") : L("statusMissing"),
      u.revision ?? "",
      u.submittedAt ?? "",
      u.errors,
      u.warnings,
    ]),
    [28, 12, 8, 6, 22, 6, 6],
    (i) => (rollup.completeness[i]?.status === "missing" ? "#FFC7CE" : undefined),
  );

  return [
    { name: ROLLUP_SHEETS.summary, draw: summary },
    { name: ROLLUP_SHEETS.byUnit, draw: byUnit },
    { name: ROLLUP_SHEETS.status, draw: status },
  ];
}
