import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { getForm } from "../../shared/forms/catalogue";
import { consistentValues, rng } from "../../shared/testing/sample-report";
import { buildWorkbook } from "../../shared/workbook";
import { writeXlsx } from "../../shared/workbook/xlsx";

// The self-checking workbook is written by shared code that the Worker can serve as it is: the
// same writer runs inside workerd (no file system, no Node streams).
describe("the form workbook in workerd", () => {
  it("is written as an .xlsx file with its checks, names and hidden last-year sheet", async () => {
    const form = getForm("gov-2021")!;
    const values = consistentValues(form, rng(1), 20);
    const bytes = await writeXlsx(
      buildWorkbook(form, {
        lang: "zh",
        unitName: "测试单位",
        year: 2023,
        values,
        previous: values,
      }),
    );
    expect([...bytes.slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]); // a zip file
    const files = unzipSync(bytes);
    const workbook = strFromU8(files["xl/workbook.xml"]!);
    expect(workbook).toContain('<definedName name="XXGK_CHECKS">');
    expect(workbook).toContain('<definedName name="xxgk.requests.new.natural">');
    expect(workbook).toMatch(/<sheet [^>]*name="上年"[^>]*state="hidden"/);
    expect(strFromU8(files["xl/worksheets/sheet1.xml"]!)).toContain("<conditionalFormatting");
  });
});
