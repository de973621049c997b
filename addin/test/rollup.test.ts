import { describe, expect, it } from "vitest";
import type { Rollup } from "../../shared/api/schemas";
import { layoutForm } from "../../shared/layout";
import { OfficeExcelHost } from "../src/host/excel-host";
import { StrictExcel } from "../testing/strict-excel";
import { drawRollup, localTime, ROLLUP_SHEETS } from "../src/sheets/rollup";
import { form, syncsOf } from "./helpers";

function rollup(children: number): Rollup {
  const f = form("gov-2021");
  const values: Record<string, number> = {
    "requests.new.natural": 10 * children,
    "proactive.fees.amount": 1.5,
  };
  const kids = Array.from({ length: children }, (_, i) => ({
    code: `C${i}`,
    name: `下级单位${i}`,
    units: 1,
    submitted: i % 3 === 0 ? 0 : 1,
    values: Object.fromEntries(f.keyFigures.map((k) => [k, i])),
  }));
  return {
    unit: { code: "ROOT", name: "某市" },
    form: "gov-2021",
    year: 2024,
    values,
    units: children + 1,
    submitted: kids.filter((k) => k.submitted).length,
    missing: kids.filter((k) => !k.submitted).length + 1,
    children: kids,
    completeness: [
      {
        code: "ROOT",
        name: "某市",
        parent: null,
        depth: 0,
        status: "missing",
        revision: null,
        submittedAt: null,
        errors: 0,
        warnings: 0,
      },
      ...kids.map((k) => ({
        code: k.code,
        name: k.name,
        parent: "ROOT",
        depth: 1,
        status: (k.submitted ? "submitted" : "missing") as "submitted" | "missing",
        revision: k.submitted ? 1 : null,
        submittedAt: k.submitted ? "2025-01-10T00:00:00Z" : null,
        errors: 0,
        warnings: k.submitted ? 1 : 0,
      })),
    ],
  };
}

async function pull(excel: StrictExcel, r: Rollup, payloadLimit?: number) {
  const host = new OfficeExcelHost(excel, payloadLimit);
  const f = form("gov-2021");
  return syncsOf(excel, () => host.writeSheets(drawRollup(f, layoutForm(f, "zh"), r, "zh")));
}

describe("pulling a rollup", () => {
  it("writes 汇总, 分单位 and 报送情况 in at most 3 syncs, even for 500 units", async () => {
    const excel = new StrictExcel();
    const syncs = await pull(excel, rollup(500));
    expect(syncs).toBeLessThanOrEqual(3);
    expect(excel.cell(ROLLUP_SHEETS.status, "H503").borders.bottom?.style).toBe("Continuous");
    const layout = layoutForm(form("gov-2021"), "zh");
    expect(
      excel.cell(ROLLUP_SHEETS.summary, layout.inputs["requests.new.natural"]!.address).value,
    ).toBe(5000);
    expect(excel.cell(ROLLUP_SHEETS.summary, "A1").value).toBe("政府信息公开工作年度报告统计表");
    expect(excel.cell(ROLLUP_SHEETS.byUnit, "B4").value).toBe("下级单位0");
    expect(excel.cell(ROLLUP_SHEETS.byUnit, "B503").value).toBe("下级单位499");
    expect(excel.cell(ROLLUP_SHEETS.byUnit, "B504").value).toBe("某市(合计)");
    // 报送情况: the ten shared columns (代码, 名称, 上级, 层级, 状态, 报送时效, 版本, …).
    expect(excel.cell(ROLLUP_SHEETS.status, "E4").value).toBe("未报送");
    expect(excel.cell(ROLLUP_SHEETS.status, "E4").fill).toBe("#FFC7CE");
    expect(excel.cell(ROLLUP_SHEETS.status, "E6").value).toBe("已报送");
    expect(excel.cell(ROLLUP_SHEETS.status, "F6").value).toBe("按时");
    expect(excel.cell(ROLLUP_SHEETS.status, "G6").value).toBe(1);
  });

  it("prints as the official form, signed by the consolidating unit; the lists repeat their headers", async () => {
    const excel = new StrictExcel();
    const r = rollup(40);
    await pull(excel, r);
    const layout = layoutForm(form("gov-2021"), "zh");
    expect(excel.cell(ROLLUP_SHEETS.summary, `A${layout.rowCount + 2}`).value).toBe(
      `汇总单位(盖章):${r.unit.name}`,
    );
    expect(excel.sheet(ROLLUP_SHEETS.summary).pageLayout).toMatchObject({
      orientation: "Landscape",
      zoom: { horizontalFitToPages: 1 },
      leftHeader: r.unit.name,
      centerFooter: "第 &P 页 共 &N 页",
    });
    for (const name of [ROLLUP_SHEETS.byUnit, ROLLUP_SHEETS.status]) {
      expect(excel.sheet(name).pageLayout).toMatchObject({
        paperSize: "A4",
        printTitleRows: "3:3",
      });
      expect(excel.cell(name, "A3").bold).toBe(true);
    }
  });

  it("refreshes the sheets in place (no duplicates, old rows gone) in 3 syncs", async () => {
    const excel = new StrictExcel();
    await pull(excel, rollup(50));
    const syncs = await pull(excel, rollup(5));
    expect(syncs).toBe(3);
    expect(excel.workbook.sheets.map((s) => s.name).sort()).toEqual(
      ["Sheet1", "分单位", "报送情况", "汇总"].sort(),
    );
    expect(excel.cell(ROLLUP_SHEETS.byUnit, "B8").value).toBe("下级单位4");
    expect(excel.cell(ROLLUP_SHEETS.byUnit, "B9").value).toBe("某市(合计)");
    expect(excel.cell(ROLLUP_SHEETS.byUnit, "B10").value).toBe("");
  });

  // 3000 units through the stand-in (values and text formats): seconds on a loaded machine.
  it(
    "chunks only when Excel on the web's payload limit demands it",
    { timeout: 30_000 },
    async () => {
      const excel = new StrictExcel({ maxPayloadBytes: 200_000 });
      const syncs = await pull(excel, rollup(3000), 150_000);
      expect(syncs).toBeGreaterThan(3);
      expect(excel.largestPayload).toBeLessThanOrEqual(200_000);
      expect(excel.cell(ROLLUP_SHEETS.byUnit, "B3003").value).toBe("下级单位2999");
      expect(excel.cell(ROLLUP_SHEETS.status, "A3004").value).toBe("C2999");
    },
  );
});

describe("times in 报送情况", () => {
  it("are shown on the user's clock, not in UTC", () => {
    const tz = process.env.TZ;
    process.env.TZ = "Asia/Shanghai";
    try {
      expect(localTime("2026-01-15T01:30:00.000Z")).toBe("2026-01-15 09:30");
      expect(localTime("2026-01-31T16:05:00Z")).toBe("2026-02-01 00:05");
    } finally {
      process.env.TZ = tz;
    }
  });
});
