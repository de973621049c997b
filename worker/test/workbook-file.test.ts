import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { ReportSchema, type HistoryResponse, type Problem } from "../../shared/api/schemas";
import { carries, derivedCells, fillTotals, validate } from "../../shared/engine/index";
import { layoutForm, parseA1 } from "../../shared/layout/grid";
import { formSheetName } from "../../shared/layout/sheet-names";
import { buildWorkbook } from "../../shared/workbook";
import ExcelJS, { settle } from "../../shared/workbook/exceljs";
import { fillXlsx } from "../../shared/testing/xlsx-fill";
import { readWorkbookFile } from "../../shared/workbook/read";
import {
  call,
  expectProblem,
  gov2021,
  newKey,
  putReport,
  seedToken,
  seedUnits,
  snapshot,
  validValues,
} from "./helpers";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PATH = (unit: string, year = 2022) => `/units/${unit}/reports/gov-2021/${year}`;
const inputs = layoutForm(gov2021(), "zh").inputs;
/** The signature block's value cells on the form sheet (unit, …, 报出日期): the unlocked ones below the tables. */
const SIGNATURE_VALUES = buildWorkbook(gov2021(), { lang: "zh", unitName: "", year: 2022 })
  .sheets[0]!.cells.filter(
    (c) => c.unlocked && parseA1(c.address).row >= layoutForm(gov2021(), "zh").rowCount,
  )
  .map((c) => c.address.split(":")[0]!);

let clerk: string;
let clerk2: string;
let supervisor: string;

beforeAll(async () => {
  await seedUnits([
    { code: "440100", name: "广州市", parent: null },
    { code: "440100001", name: "市教育局", parent: "440100" },
    { code: "440100002", name: "市卫健委", parent: "440100" },
  ]);
  clerk = await seedToken("440100001", "clerk");
  clerk2 = await seedToken("440100002", "clerk");
  supervisor = await seedToken("440100", "supervisor");
});

async function download(token: string, unit: string, how: "accept" | "query" = "query") {
  const res = await call(how === "query" ? `${PATH(unit)}?format=xlsx` : PATH(unit), {
    token,
    headers: how === "accept" ? { Accept: XLSX } : {},
  });
  expect(res.status, res.status === 200 ? "" : await res.clone().text()).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

/** Type values (by cell id) into the form sheet, as a spreadsheet program saves them. */
function fill(bytes: Uint8Array, cells: Record<string, number | string>): Uint8Array {
  return fillXlsx(
    bytes,
    Object.fromEntries(Object.entries(cells).map(([id, v]) => [inputs[id]!.address, v])),
  );
}

async function upload(
  token: string,
  unit: string,
  bytes: Uint8Array,
  headers: Record<string, string> = {},
): Promise<Response> {
  return call(PATH(unit), {
    method: "PUT",
    token,
    raw: bytes as never,
    headers: { "Content-Type": XLSX, "Idempotency-Key": newKey(), ...headers },
  });
}

function rezip(bytes: Uint8Array, edit: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bytes);
  edit(files);
  return zipSync(files);
}

describe("the checking workbook as a file", () => {
  it("downloads a blank workbook with its identity and a zh-CN file name", async () => {
    const res = await call(PATH("440100001"), { token: clerk, headers: { Accept: XLSX } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe(XLSX);
    const cd = res.headers.get("Content-Disposition")!;
    expect(cd).toContain(`filename="440100001_2022_gov-2021.xlsx"`);
    expect(cd).toContain(
      `filename*=UTF-8''${encodeURIComponent("市教育局_2022年政府信息公开工作年度报告统计表.xlsx")}`,
    );
    const read = await readWorkbookFile(gov2021(), new Uint8Array(await res.arrayBuffer()));
    expect(read.identity).toEqual({
      form: "gov-2021",
      year: 2022,
      unitCode: "440100001",
      unitName: "市教育局",
      revision: null,
      file: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    // Nothing typed: only the totals, whose formulas no program has computed yet, read as
    // the engine computes them from blank parts.
    expect(read.values).toEqual(
      Object.fromEntries([...derivedCells(gov2021())].map((id) => [id, 0])),
    );
    expect(read.located).toBe("names");
  });

  it("stores an uploaded workbook like the JSON PUT; numbers typed as text are read", async () => {
    const values = validValues(3);
    const id = "requests.new.natural";
    const bytes = fill(await download(clerk, "440100001"), {
      ...values,
      [id]: String(values[id]),
    });
    const res = await upload(clerk, "440100001", bytes);
    expect(res.status, await res.clone().text()).toBe(201);
    expect(res.headers.get("ETag")).toBe('"gov-2021-2022-r1"');
    const report = ReportSchema.parse(await res.json());
    expect(report.values).toEqual(values);
    // The next download carries the stored values and revision 1.
    const again = await readWorkbookFile(gov2021(), await download(clerk, "440100001", "accept"));
    expect(again.values).toEqual(values);
    expect(again.identity.revision).toBe(1);
  });

  it("signs the printed form as the unit; 报出日期 is the day its current revision was sent", async () => {
    await seedUnits([{ code: "440100003", name: "市民政局", parent: "440100" }]);
    const token = await seedToken("440100003", "clerk");
    const [unit, , , , , date] = SIGNATURE_VALUES;
    const signature = async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await download(token, "440100003")) as never);
      await settle();
      const ws = wb.worksheets[0]!;
      return { unit: ws.getCell(unit!).value, date: ws.getCell(date!).value };
    };
    expect(await signature()).toEqual({ unit: "市民政局", date: null });
    const res = await putReport(token, "440100003", 2022, { values: validValues(5) });
    expect(res.status, await res.clone().text()).toBe(201);
    const { submittedAt } = ReportSchema.parse(await res.json());
    // The day in China time (UTC+8), as the periods' due dates are.
    const day = new Date(Date.parse(submittedAt) + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(await signature()).toEqual({ unit: "市民政局", date: day });
  });

  it("ignores the signature typed in the file: it uploads exactly like one without", async () => {
    await seedUnits([{ code: "440100004", name: "市司法局", parent: "440100" }]);
    const token = await seedToken("440100004", "clerk");
    const plain = fill(await download(token, "440100004"), validValues(6));
    const typed = ["市司法局(公章)", "张三", "李四", "王五", "020-83331234", "2023年1月10日"];
    const signed = fillXlsx(
      plain,
      Object.fromEntries(SIGNATURE_VALUES.map((address, i) => [address, typed[i]!])),
    );
    expect(SIGNATURE_VALUES).toHaveLength(typed.length);
    expect(signed).not.toEqual(plain);
    expect(await readWorkbookFile(gov2021(), signed)).toEqual(
      await readWorkbookFile(gov2021(), plain),
    );
    const res = await upload(token, "440100004", signed);
    expect(res.status, await res.clone().text()).toBe(201);
    expect(ReportSchema.parse(await res.json()).values).toEqual(validValues(6));
  });

  it("names a cell that holds words instead of a number (422) and stores nothing", async () => {
    const before = await snapshot();
    const id = "requests.new.natural";
    const bytes = fill(await download(clerk, "440100001"), { [id]: "十二" });
    const p = await expectProblem(
      await upload(clerk, "440100001", bytes),
      422,
      "workbook-cell-invalid",
    );
    expect(p.detail).toContain(`${inputs[id]!.address} 「`);
    expect(p.detail).toContain("「十二」不是数字");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses the workbook of another unit (422 workbook-mismatch), never storing it", async () => {
    const before = await snapshot();
    const other = fill(await download(clerk2, "440100002"), validValues(4));
    const p = await expectProblem(
      await upload(clerk, "440100001", other),
      422,
      "workbook-mismatch",
    );
    // Named as people know it: the unit's and the form's names, no codes or ids.
    expect(p.detail).toContain("该文件是「市卫健委」2022 年度《政府信息公开工作年度报告统计表》");
    expect(p.detail).not.toContain("440100002");
    await expectProblem(await upload(clerk2, "440100001", other), 403); // not clerk2's unit
    await expectProblem(await upload(supervisor, "440100001", other), 422, "workbook-mismatch");
    expect(await snapshot()).toEqual(before);
  });

  it("a file downloaded at an older revision is stale (412); If-Match rules as for JSON", async () => {
    const old = await download(clerk, "440100001"); // at r1
    const r2 = await putReport(
      clerk,
      "440100001",
      2022,
      { values: validValues(5) },
      {
        ifMatch: '"gov-2021-2022-r1"',
        form: "gov-2021",
      },
    );
    expect(r2.status).toBe(201);
    const res = await upload(clerk, "440100001", fill(old, validValues(6)));
    await expectProblem(res, 412, "precondition-failed");
  });

  it("a supervisor uploads for a unit below; the revision records the supervisor", async () => {
    const bytes = fill(await download(supervisor, "440100002"), validValues(7));
    const res = await upload(supervisor, "440100002", bytes);
    expect(res.status, await res.clone().text()).toBe(201);
    const hist = (await (
      await call(`${PATH("440100002")}/history`, { token: clerk2 })
    ).json()) as HistoryResponse;
    expect(hist.events.at(-1)!.by.role).toBe("supervisor");
    // A supervisor's own unit is not uploaded for (only units below).
    await expectProblem(await upload(supervisor, "440100", bytes), 403);
  });

  it("finds the cells by address when a program dropped the names", async () => {
    const cur = await call(PATH("440100002"), { token: clerk2 });
    const etag = cur.headers.get("ETag")!;
    const values = validValues(8);
    const filled = fill(await download(clerk2, "440100002"), values);
    const stripped = rezip(filled, (f) => {
      const wb = strFromU8(f["xl/workbook.xml"]!).replace(
        /<definedNames>[\s\S]*<\/definedNames>/,
        "",
      );
      f["xl/workbook.xml"] = strToU8(wb);
    });
    expect(strFromU8(unzipSync(stripped)["xl/workbook.xml"]!)).not.toContain("xxgk.");
    const res = await upload(clerk2, "440100002", stripped, { "If-Match": etag });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(ReportSchema.parse(await res.json()).values).toEqual(values);
  });

  it("stores a file downloaded before the tabs had names (「报表 gov-2021」, no marker), names dropped or not", async () => {
    await seedUnits([{ code: "440100004", name: "市司法局", parent: "440100" }]);
    const token = await seedToken("440100004", "clerk");
    const tab = formSheetName(gov2021(), 2022, "zh");
    /** What a download of the earlier version was: the form sheet named by the form's id, unmarked. */
    const older = (bytes: Uint8Array, dropNames: boolean) =>
      rezip(bytes, (f) => {
        for (const [path, part] of Object.entries(f)) {
          if (path.endsWith(".xml"))
            f[path] = strToU8(strFromU8(part).split(tab).join("报表 gov-2021"));
        }
        let wb = strFromU8(f["xl/workbook.xml"]!).replace(
          dropNames
            ? /<definedNames>[\s\S]*<\/definedNames>/
            : /<definedName name="XXGK_FORM_SHEET">[^<]*<\/definedName>/,
          "",
        );
        // The form sheet not first: only its name tells it from the others.
        wb = wb.replace(/(<sheet\b[^>]*\/>)(<sheet\b[^>]*\/>)/, "$2$1");
        f["xl/workbook.xml"] = strToU8(wb);
      });
    const first = validValues(12);
    const kept = older(fill(await download(token, "440100004"), first), false);
    const xml = strFromU8(unzipSync(kept)["xl/workbook.xml"]!);
    expect(xml).toMatch(/<sheet\b[^>]*\bname="报表 gov-2021"/);
    expect(xml).not.toContain("XXGK_FORM_SHEET");
    const res = await upload(token, "440100004", kept);
    expect(res.status, await res.clone().text()).toBe(201);
    expect(ReportSchema.parse(await res.json()).values).toEqual(first);
    // The same file after a program dropped every name: the cells are found on the old tab.
    const second = validValues(13);
    const etag = (await call(`${PATH("440100004")}`, { token })).headers.get("ETag")!;
    const bare = older(fill(await download(token, "440100004"), second), true);
    expect(strFromU8(unzipSync(bare)["xl/workbook.xml"]!)).not.toContain("<definedName");
    const again = await upload(token, "440100004", bare, { "If-Match": etag });
    expect(again.status, await again.clone().text()).toBe(201);
    expect(ReportSchema.parse(await again.json()).values).toEqual(second);
  });

  it("refuses other formats (415, save as .xlsx), zip bombs and big files (413), DTDs", async () => {
    const before = await snapshot();
    const good = await download(clerk, "440100001");
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const ods = zipSync({
      mimetype: strToU8("application/vnd.oasis.opendocument.spreadsheet"),
      "content.xml": strToU8("<x/>"),
    });
    const csv = strToU8("单元格,数值\nrequests.new.natural,12\n");
    const random = new Uint8Array(3000).map((_, i) => (i * 7919) % 251);
    for (const bytes of [ole, ods, csv, random]) {
      const p: Problem = await expectProblem(
        await upload(clerk, "440100001", bytes),
        415,
        "unsupported-file",
      );
      expect(p.detail).toContain(".xlsx");
    }
    const bomb = rezip(good, (f) => {
      f["xl/media/zeros.bin"] = new Uint8Array(30 * 1024 * 1024);
    });
    await expectProblem(await upload(clerk, "440100001", bomb), 413, "body-too-large");
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set([0x50, 0x4b, 0x03, 0x04]);
    await expectProblem(await upload(clerk, "440100001", big), 413, "body-too-large");
    const dtd = rezip(good, (f) => {
      const xml = strFromU8(f["xl/workbook.xml"]!);
      f["xl/workbook.xml"] = strToU8(
        xml.replace("?>", '?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'),
      );
    });
    await expectProblem(await upload(clerk, "440100001", dtd), 415, "unsupported-file");
    expect(await snapshot()).toEqual(before);
  });

  it("writes the supervisor's open remarks as cell notes", async () => {
    const cell = "requests.new.natural";
    const ret = await call(`${PATH("440100002")}/review`, {
      method: "POST",
      token: supervisor,
      body: {
        action: "return",
        revision: 2,
        reason: "请核对",
        remarks: [{ cell, text: "与台账不符" }],
      },
    });
    expect(ret.status, await ret.clone().text()).toBe(200);
    const files = unzipSync(await download(clerk2, "440100002"));
    const comments = Object.keys(files).filter((n) => /comments\d*\.xml$/.test(n));
    expect(comments.length).toBe(1);
    const xml = strFromU8(files[comments[0]!]!);
    expect(xml).toContain(`ref="${inputs[cell]!.address}"`);
    expect(xml).toContain("与台账不符");
    // The remark's cell is blue as in the pane, still open to typing; its neighbours are not.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download(clerk2, "440100002")).buffer as ArrayBuffer);
    await settle();
    const ws = wb.worksheets[0]!;
    const fillOf = (id: string) => {
      const f = ws.getCell(inputs[id]!.address).fill as { fgColor?: { argb?: string } } | undefined;
      return f?.fgColor?.argb;
    };
    expect(fillOf(cell)).toBe("FFBDD7EE");
    expect(fillOf("requests.new.legal")).not.toBe("FFBDD7EE");
    expect(ws.getCell(inputs[cell]!.address).protection?.locked).toBe(false);
  });

  it("carries last year's report on the hidden 上年 sheet, so the file's cross-year rules judge", async () => {
    const last = ReportSchema.parse(
      await (await call(PATH("440100002"), { token: clerk2 })).json(),
    );
    const res = await call(`${PATH("440100002", 2023)}?format=xlsx`, { token: clerk2 });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(await res.arrayBuffer()) as never);
    await settle();
    const model = buildWorkbook(gov2021(), { lang: "zh", unitName: "", year: 2023 });
    const cells = Object.entries(model.previous);
    expect(cells.length).toBeGreaterThan(100);
    for (const [id, ref] of cells) {
      const value = wb.getWorksheet(ref.sheet)!.getCell(ref.address).value;
      expect(value, `${ref.sheet}!${ref.address} (${id})`).toBe(last.values[id]);
    }
    // No report last year (2021): blank cells, and the cross-year rules judge nothing.
    const none = await call(`${PATH("440100001", 2022)}?format=xlsx`, { token: clerk });
    const empty = new ExcelJS.Workbook();
    await empty.xlsx.load(new Uint8Array(await none.arrayBuffer()) as never);
    await settle();
    for (const [, ref] of cells) {
      expect(empty.getWorksheet(ref.sheet)!.getCell(ref.address).value).toBeNull();
    }
  });

  it("reads the 说明 of warnings from the 校验 sheet (missing: 422 missingExplanations)", async () => {
    // 2023 of 市卫健委, whose 2022 report is last year: carried in ≠ last year's carried out.
    const last = ReportSchema.parse(
      await (await call(PATH("440100002"), { token: clerk2 })).json(),
    );
    const base = validValues(9);
    const v = { ...base };
    const carried = "requests.carried_in.natural";
    v[carried] = last.values["requests.carried_out.natural"]! + 1;
    v["requests.new.natural"] = base["requests.new.natural"]! + base[carried]! - v[carried];
    if (v["requests.new.natural"] < 0) {
      v["requests.carried_out.natural"] =
        base["requests.carried_out.natural"]! - v["requests.new.natural"];
      v["requests.new.natural"] = 0;
    }
    const values = fillTotals(gov2021(), v);
    const expected = validate(gov2021(), values, { previous: last.values });
    const keys = expected.issues.map((i) => i.key);
    expect(expected.errors, JSON.stringify(expected.issues)).toBe(0);
    expect(keys).toContain("N6:requests.carried_in.natural");
    const res = await call(`${PATH("440100002", 2023)}?format=xlsx`, { token: clerk2 });
    const blank = new Uint8Array(await res.arrayBuffer());
    const path = PATH("440100002", 2023);
    const put = (bytes: Uint8Array) =>
      call(path, {
        method: "PUT",
        token: clerk2,
        raw: bytes as never,
        headers: { "Content-Type": XLSX, "Idempotency-Key": newKey() },
      });
    const filled = fill(blank, values);
    const p = await expectProblem(await put(filled), 422, "validation-failed");
    expect(p.missingExplanations).toEqual(keys);
    const model = buildWorkbook(gov2021(), { lang: "zh", unitName: "", year: 2023 });
    const note = "上年结转数据经核实后有调整,已与上级确认。";
    const notes = Object.fromEntries(
      keys.map((k) => [model.checks.find((c) => c.key === k)!.explanation!.address, note]),
    );
    const ok = await put(fillXlsx(filled, notes, 2));
    expect(ok.status, await ok.clone().text()).toBe(201);
    const report = ReportSchema.parse(await ok.json());
    expect(report.explanations).toEqual(Object.fromEntries(keys.map((k) => [k, note])));
  });
  it("computes the totals and prefills 上年结转 from last year's report in the download", async () => {
    await seedUnits([{ code: "440100005", name: "市交通局", parent: "440100" }]);
    const token = await seedToken("440100005", "clerk");
    const stored = await putReport(token, "440100005", 2022, { values: validValues(17) });
    expect(stored.status, await stored.clone().text()).toBe(201);
    const last = ReportSchema.parse(await stored.json());
    // Its 2023 workbook, before anything is typed for 2023, starts from last year's report.
    const bytes = new Uint8Array(
      await (await call(`${PATH("440100005", 2023)}?format=xlsx`, { token })).arrayBuffer(),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as never);
    await settle();
    const ws = wb.worksheets[0]!;
    for (const id of derivedCells(gov2021())) {
      const cell = ws.getCell(inputs[id]!.address);
      expect(cell.formula, id).toMatch(/^SUM\(/);
      expect(cell.protection?.locked, id).not.toBe(false);
    }
    // A carried-in total (总计 column) is a formula over carried-in parts.
    for (const c of carries(gov2021()).filter((c) => !derivedCells(gov2021()).has(c.cell))) {
      const from = c.from.reduce((n, t) => n + (last.values[t.cell] ?? 0), 0);
      expect(ws.getCell(inputs[c.cell]!.address).value, c.cell).toBe(from);
      expect(ws.getCell(inputs[c.cell]!.address).protection?.locked, c.cell).toBe(false);
    }
    // Typing the parts only into that file and uploading it stores the totals computed.
    const parts = validValues(21);
    const totals = derivedCells(gov2021());
    const typed = Object.fromEntries(Object.entries(parts).filter(([id]) => !totals.has(id)));
    const res = await call(`${PATH("440100005", 2023)}`, {
      method: "PUT",
      token,
      raw: fill(bytes, typed) as never,
      headers: { "Content-Type": XLSX, "Idempotency-Key": newKey() },
    });
    // Read with every total computed: no error at all (a total read as 0 would break N1, N3…);
    // what is left are the warnings of the random carried-in figures, which need a 说明.
    const p = await expectProblem(res, 422, "validation-failed");
    expect(p.errors).toBe(0);
    expect(p.warnings).toBeGreaterThan(0);
  });
});
