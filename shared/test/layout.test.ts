import { describe, expect, it } from "vitest";
import { FORMS, getForm } from "../forms/catalogue";
import { a1, columnLetter, layoutForm } from "../layout";
import type { SheetLayout } from "../layout";

function at(layout: SheetLayout, row: number, col: number) {
  return layout.cells.find(
    (c) => row >= c.row && row < c.row + c.rowSpan && col >= c.col && col < c.col + c.colSpan,
  );
}

describe.each(FORMS.flatMap((f) => (["zh", "en"] as const).map((l) => [f.id, l, f] as const)))(
  "layout of %s (%s)",
  (_id, lang, form) => {
    const layout = layoutForm(form, lang);

    it("places every cell of the form exactly once, on an input cell", () => {
      expect(Object.keys(layout.inputs).sort()).toEqual(form.cells.map((c) => c.id).sort());
      const inputs = layout.cells.filter((c) => c.role === "input");
      expect(inputs).toHaveLength(form.cells.length);
      for (const c of inputs) expect(layout.inputs[c.cellId!]?.address).toBe(a1(c.row, c.col));
    });

    it("never draws two cells over one another, and stays inside its range", () => {
      const taken = new Set<string>();
      for (const c of layout.cells) {
        for (let r = c.row; r < c.row + c.rowSpan; r++) {
          for (let k = c.col; k < c.col + c.colSpan; k++) {
            const key = `${r}:${k}`;
            expect(taken.has(key), `overlap at ${a1(r, k)}`).toBe(false);
            taken.add(key);
            expect(r).toBeLessThan(layout.rowCount);
            expect(k).toBeLessThan(layout.colCount);
          }
        }
      }
      expect(layout.columnWidths).toHaveLength(layout.colCount);
    });

    it("is deterministic", () => {
      expect(layoutForm(form, lang)).toEqual(layout);
    });
  },
);

describe("gov-2021 in the official form", () => {
  const form = getForm("gov-2021")!;
  const layout = layoutForm(form, "zh");
  const pos = (id: string) => layout.inputs[id]!;

  it("puts the 勾稽 note in the top-left header cell of table 三", () => {
    const first = pos("requests.new.natural");
    const corner = layout.cells.find((c) => c.role === "corner" && c.row + c.rowSpan === first.row);
    expect(corner?.text).toBe("本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和");
    expect(corner?.col).toBe(0);
  });

  it("draws table 三's three label levels, merged down their items", () => {
    const r = pos("requests.denied_state_secret.natural").row;
    const level1 = at(layout, r, 0);
    const level2 = at(layout, r, 1);
    const level3 = at(layout, r, 2);
    expect(level1?.text).toBe("三、本年度办理结果");
    expect(level1?.rowSpan).toBe(22);
    expect(level2?.text).toBe("(三)不予公开");
    expect(level2?.rowSpan).toBe(8);
    expect(level3?.text).toBe("1.属于国家秘密");
  });

  it("merges 法人或其他组织 over its five columns", () => {
    const header = layout.cells.find((c) => c.text === "法人或其他组织");
    expect(header?.colSpan).toBe(5);
    expect(header?.col).toBe(pos("requests.new.business").col);
  });

  it("draws table 四 as one row of 15 inputs under grouped headers", () => {
    const ids = ["review", "suit_direct", "suit_after_review"].flatMap((g) =>
      ["upheld", "corrected", "other", "pending", "total"].map((c) => `appeals.${g}.${c}`),
    );
    const rows = new Set(ids.map((id) => pos(id).row));
    expect(rows.size).toBe(1);
    const cols = ids.map((id) => pos(id).col);
    expect(cols).toEqual(cols.map((_, i) => cols[0]! + i));
    const suit = layout.cells.find((c) => c.text === "行政诉讼");
    expect(suit?.colSpan).toBe(10);
    const review = layout.cells.find((c) => c.text === "行政复议");
    expect(review?.colSpan).toBe(5);
    expect(review?.rowSpan).toBe(2);
  });

  it("writes English labels for an English Office", () => {
    const en = layoutForm(form, "en");
    expect(en.cells.some((c) => c.text === "Natural persons")).toBe(true);
    expect(en.cells.some((c) => c.text === "自然人")).toBe(false);
  });
});

describe("A1 addresses", () => {
  it("counts columns like Excel", () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual([
      "A",
      "Z",
      "AA",
      "AZ",
      "BA",
      "ZZ",
      "AAA",
    ]);
    expect(a1(0, 0)).toBe("A1");
    expect(a1(9, 2)).toBe("C10");
  });
});
