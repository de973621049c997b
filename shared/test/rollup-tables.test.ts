import { describe, expect, it } from "vitest";
import type { CompletenessEntry, Rollup } from "../api/schemas";
import { FORMS, getForm } from "../forms/catalogue";
import { headerOf, renderRollup, statusRow, type RollupTable, type RollupValue } from "../rollup";

const form = getForm("gov-2021")!;

function entry(code: string, over: Partial<CompletenessEntry> = {}): CompletenessEntry {
  return {
    code,
    name: `单位${code}`,
    parent: "CITY",
    depth: 1,
    status: "submitted",
    late: false,
    timeliness: "on_time",
    revision: 1,
    submittedAt: "2025-01-10T02:00:00.000Z",
    errors: 0,
    warnings: 0,
    ...over,
  };
}

/** A city with two counties: A submitted (its own figures), B returned and late. */
function cityRollup(over: Partial<Rollup> = {}): Rollup {
  return {
    unit: { code: "CITY", name: "某市" },
    form: form.id,
    year: 2024,
    values: { "requests.new.natural": 7, "proactive.fees.amount": 1.25 },
    units: 4,
    submitted: 2,
    missing: 2,
    include: "submitted",
    included: 2,
    pending: 0,
    children: [
      {
        code: "A",
        name: "甲县",
        units: 2,
        submitted: 1,
        values: { "requests.new.natural": 3, "proactive.fees.amount": 1.25 },
        included: 1,
        pending: 0,
        missing: 1,
      },
      {
        code: "B",
        name: "乙县",
        units: 1,
        submitted: 1,
        values: { "requests.new.natural": 4 },
        included: 1,
        pending: 0,
        missing: 0,
      },
    ],
    rules: [{ rule: "N6", units: 2, codes: ["A", "B"] }],
    completeness: [
      entry("CITY", {
        name: "某市",
        parent: null,
        depth: 0,
        status: "missing",
        late: null,
        timeliness: "missing",
        revision: null,
        submittedAt: null,
        daysLeft: 5,
      }),
      entry("A", { name: "甲县", warnings: 1 }),
      entry("A1", {
        name: "甲县某局",
        parent: "A",
        contact: "张三 0577-12345678",
        daysLeft: -3,
        reminders: { count: 2, last: "2025-01-20T02:00:00.000Z" },
        depth: 2,
        status: "missing",
        late: null,
        timeliness: "missing",
        revision: null,
        submittedAt: null,
      }),
      entry("B", {
        name: "乙县",
        status: "returned",
        late: true,
        timeliness: "late",
        revision: 2,
        daysLeft: 0,
        reminders: { count: 0, last: null },
      }),
    ],
    ...over,
  };
}

/** A table's rows as objects keyed by column key, for reading one value. */
function rowsOf(t: RollupTable): Record<string, RollupValue>[] {
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c.key, r.values[i]!])));
}

describe("the rollup tables (shared by the xlsx, the CSV and the pane)", () => {
  it("报送情况 has the complete thirteen columns, 报送时效 with 按时 / 逾期 / 未报送, 联系人, 距截止日期, 已催报", () => {
    const t = renderRollup(form, cityRollup(), { lang: "zh" }).status;
    expect(headerOf(t)).toEqual([
      "单位代码",
      "单位名称",
      "上级单位",
      "层级",
      "状态",
      "报送时效",
      "版本",
      "提交时间",
      "错误",
      "提示",
      "联系人",
      "距截止日期",
      "已催报",
    ]);
    expect(t.rows.map((r) => r.values)).toEqual([
      ["CITY", "某市", null, 0, "未报送", "未报送", null, null, 0, 0, null, "还有 5 天", null],
      [
        "A",
        "甲县",
        "CITY",
        1,
        "已报送",
        "按时",
        1,
        "2025-01-10T02:00:00.000Z",
        0,
        1,
        null,
        null,
        null,
      ],
      [
        "A1",
        "甲县某局",
        "A",
        2,
        "未报送",
        "未报送",
        null,
        null,
        0,
        0,
        "张三 0577-12345678",
        "已逾期 3 天",
        "2 次,最近 2025-01-20T02:00:00.000Z",
      ],
      [
        "B",
        "乙县",
        "CITY",
        1,
        "已退回",
        "逾期",
        2,
        "2025-01-10T02:00:00.000Z",
        0,
        0,
        null,
        "今天截止",
        null,
      ],
    ]);
    expect(t.rows.map((r) => [r.tone, r.depth])).toEqual([
      ["missing", 0],
      [undefined, 1],
      ["missing", 2],
      ["returned", 1],
    ]);
  });

  it("报送情况 in English, with the time on the caller's clock", () => {
    const t = renderRollup(form, cityRollup(), {
      lang: "en",
      time: (iso) => `@${iso.slice(0, 10)}`,
    }).status;
    expect(headerOf(t)).toEqual([
      "Unit code",
      "Unit",
      "Parent unit",
      "Level",
      "Status",
      "Timeliness",
      "Revision",
      "Submitted at",
      "Errors",
      "Warnings",
      "Contact",
      "Due",
      "Reminders sent",
    ]);
    expect(
      rowsOf(t).map((r) => [r.status, r.timeliness, r.submittedAt, r.deadline, r.reminded]),
    ).toEqual([
      ["Not submitted", "Not submitted", null, "5 day(s) left", null],
      ["Submitted", "On time", "@2025-01-10", null, null],
      ["Not submitted", "Not submitted", null, "3 day(s) overdue", "2, last @2025-01-20"],
      ["Returned", "Late", "@2025-01-10", "Due today", null],
    ]);
  });

  it("reads an older server's entry (no timeliness) from `late`, and marks a late submission", () => {
    const old = entry("X", { timeliness: undefined, late: true });
    const row = statusRow(old, { lang: "zh" });
    expect(row.values.slice(4, 6)).toEqual(["已报送", "逾期"]);
    expect(row.tone).toBe("late");
    const accepted = statusRow(entry("Y", { status: "accepted" }), { lang: "zh" });
    expect([accepted.values[4], accepted.tone]).toEqual(["已通过", "accepted"]);
  });

  it("分单位: each child's counts and key figures, then the unit's total", () => {
    const t = renderRollup(form, cityRollup(), { lang: "zh" }).byUnit;
    const keyLabels = form.keyFigures.map((id) => form.cellById.get(id)!.label.zh);
    expect(headerOf(t)).toEqual([
      "单位代码",
      "单位名称",
      "单位数",
      "已报送",
      "纳入",
      "待审",
      "未报送",
      ...keyLabels,
    ]);
    const rows = rowsOf(t);
    expect(rows.map((r) => [r.code, r.name, r.units, r.submitted, r.included, r.missing])).toEqual([
      ["A", "甲县", 2, 1, 1, 1],
      ["B", "乙县", 1, 1, 1, 0],
      ["CITY", "某市(合计)", 4, 2, 2, 2],
    ]);
    expect(rows.map((r) => r["cell:proactive.fees.amount"])).toEqual([1.25, 0, 1.25]);
    expect(t.rows.at(-1)!.tone).toBe("total");
    expect(t.columns.find((c) => c.key === "cell:proactive.fees.amount")!.type).toBe("amount");
  });

  it("分单位 counts from an older server (no included / pending / missing) are derived", () => {
    const r = cityRollup({ included: undefined, pending: undefined });
    r.children = r.children.map(({ code, name, units, submitted, values }) => ({
      code,
      name,
      units,
      submitted,
      values,
    }));
    const rows = rowsOf(renderRollup(form, r, { lang: "en" }).byUnit);
    expect(rows.map((x) => [x.included, x.pending, x.missing])).toEqual([
      [1, 0, 1],
      [1, 0, 0],
      [2, 0, 2],
    ]);
  });

  it("汇总: every cell of the form with its consolidated value and each child's subtotal", () => {
    const t = renderRollup(form, cityRollup(), { lang: "zh" }).summary;
    expect(headerOf(t)).toEqual([
      "单元格",
      "项目",
      "计量单位",
      "某市(CITY)合计",
      "甲县(A)",
      "乙县(B)",
    ]);
    expect(t.rows).toHaveLength(form.cells.length);
    const byCell = new Map(rowsOf(t).map((r) => [r.cell, r]));
    expect(byCell.get("requests.new.natural")).toMatchObject({
      total: 7,
      "child:A": 3,
      "child:B": 4,
    });
    expect(byCell.get("appeals.review.total")).toMatchObject({ total: 0, "child:A": 0 });
    const fees = t.rows.find((r) => r.values[0] === "proactive.fees.amount")!;
    expect([fees.kind, fees.values[2]]).toEqual(["amount", "万元"]);
    expect(headerOf(renderRollup(form, cityRollup(), { lang: "en" }).summary).slice(3)).toEqual([
      "某市 (CITY) total",
      "甲县 (A)",
      "乙县 (B)",
    ]);
  });

  it("says what the figures include, and which rules fail in most units", () => {
    const zh = renderRollup(form, cityRollup({ include: "accepted", included: 1, pending: 1 }), {
      lang: "zh",
    });
    expect(zh.caption).toBe("某市(汇总 · 仅已通过 · 纳入 1/4,待审 1,未报送 2)");
    expect(renderRollup(form, cityRollup(), { lang: "en" }).caption).toBe(
      "某市 (consolidated · all submitted · included 2/4, pending 0, not submitted 2)",
    );
    expect(headerOf(zh.rules)).toEqual(["规则", "单位数", "单位代码", "规则内容(示例)"]);
    const [n6] = zh.rules.rows;
    expect(n6!.values.slice(0, 3)).toEqual(["N6", 2, "A, B"]);
    expect(n6!.values[3]).toMatch(/^「自然人」列:上年结转为 …/);
  });

  it("every row fits its columns and the columns are the same in both languages, for every form", () => {
    for (const f of FORMS) {
      const r = cityRollup({ form: f.id, values: {} });
      const [zh, en] = (["zh", "en"] as const).map((lang) => renderRollup(f, r, { lang }));
      for (const key of ["summary", "byUnit", "status", "rules"] as const) {
        expect(zh![key].columns.map((c) => c.key)).toEqual(en![key].columns.map((c) => c.key));
        for (const row of zh![key].rows) expect(row.values).toHaveLength(zh![key].columns.length);
      }
      expect(zh!.byUnit.columns.slice(7).map((c) => c.key)).toEqual(
        f.keyFigures.map((id) => `cell:${id}`),
      );
    }
  });
});

describe("分单位 with sign-offs (汇总确认)", () => {
  it("says 已确认 / 未确认 for each child when the server sends it, and nothing otherwise", () => {
    const plain = renderRollup(form, cityRollup(), { lang: "zh" }).byUnit;
    expect(plain.columns.map((c) => c.key)).not.toContain("confirmed");
    const base = cityRollup();
    const signed = cityRollup({
      children: base.children.map((c, i) => ({ ...c, confirmed: i === 0 })),
    });
    const t = renderRollup(form, signed, { lang: "zh" }).byUnit;
    const at = t.columns.findIndex((c) => c.key === "confirmed");
    expect(t.columns[at]!.label).toBe("汇总确认");
    expect(t.rows.map((r) => r.values[at])).toEqual([
      ...base.children.map((_, i) => (i === 0 ? "已确认" : "未确认")),
      null,
    ]);
  });
});
