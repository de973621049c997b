/**
 * The downloaded workbook as an independent reader sees it (openpyxl, not the exceljs that wrote
 * it): totals are locked formulas, 上年结转 is prefilled and editable, no conditional format
 * names another sheet.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { carries, derivedCells } from "../engine";
import { FORMS } from "../forms/catalogue";
import { buildWorkbook } from "../workbook";
import { writeXlsx } from "../workbook/xlsx";

const SCRIPT = new URL("../testing/openpyxl_read.py", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "xxgk-openpyxl-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Seen {
  cells: Record<string, { value: unknown; locked: boolean }>;
  formats: { sheet: string; formula: string[] }[];
  hidden: string[];
  protected: boolean;
}

describe.each(FORMS.map((f) => [f.id, f] as const))(
  "the downloaded workbook in openpyxl (%s)",
  (id, form) => {
    it("holds the totals as locked formulas and 上年结转 prefilled, editable", async () => {
      const previous = Object.fromEntries(form.cells.map((c, i) => [c.id, (i % 5) + 2]));
      const model = buildWorkbook(form, { lang: "zh", unitName: "某单位", year: 2024, previous });
      const file = join(dir, `${id}.xlsx`);
      writeFileSync(file, await writeXlsx(model));
      const totals = [...derivedCells(form)];
      const carried = carries(form).filter((c) => !totals.includes(c.cell));
      const addresses = [...totals, ...carried.map((c) => c.cell)].map(
        (c) => model.inputs[c]!.address,
      );
      writeFileSync(join(dir, `${id}.json`), JSON.stringify(addresses));
      const run = spawnSync("/usr/bin/python3", [SCRIPT, file, join(dir, `${id}.json`)], {
        encoding: "utf8",
      });
      expect(run.status, run.stderr).toBe(0);
      const seen = JSON.parse(run.stdout) as Seen;
      expect(seen.protected).toBe(true);
      expect(totals.length).toBeGreaterThan(0);
      for (const t of totals) {
        const c = seen.cells[model.inputs[t]!.address]!;
        expect(String(c.value), t).toMatch(/^=(ROUND\()?SUM\(/);
        expect(c.locked, t).toBe(true);
      }
      for (const c of carried) {
        const seenCell = seen.cells[model.inputs[c.cell]!.address]!;
        const expected = c.from.reduce((n, t) => n + t.coef * (previous[t.cell] as number), 0);
        expect(seenCell, c.cell).toEqual({ value: expected, locked: false });
      }
      expect(seen.formats.length).toBe(model.conditionalFormats.length);
      for (const f of seen.formats) for (const x of f.formula) expect(x).not.toContain("!");
      expect(seen.hidden.length).toBeGreaterThan(0); // the verdict columns
    });
  },
);
