import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { strFromU8, unzipSync } from "fflate";
import { runValidate } from "../cli/run";
import { runWorkbook } from "../cli/workbook-run";

const seedPath = new URL("./fixtures/gov-2012.seed-sample.json", import.meta.url);
const files: Record<string, string> = {
  "seed.json": readFileSync(seedPath, "utf8"),
  "clean.json": JSON.stringify({
    form: "gov-2021",
    year: 2022,
    values: {
      "requests.new.natural": 1,
      "requests.new.total": 1,
      "requests.carried_out.natural": 1,
      "requests.carried_out.total": 1,
    },
  }),
  "warn.json": JSON.stringify({
    form: "gov-2021",
    year: 2022,
    values: {},
    previous: { "requests.carried_out.natural": 2, "requests.carried_out.total": 2 },
  }),
  "2019.json": JSON.stringify({ form: "gov-2021", year: 2019, values: {} }),
  "gov2019.json": JSON.stringify({
    form: "gov-2019",
    year: 2020,
    values: { "proactive.licensing.change": -3, "requests.other.natural": 2 },
  }),
  "nope.json": JSON.stringify({ form: "gov-1999", year: 2019, values: {} }),
  "broken.json": "{ not json",
  "novalues.json": JSON.stringify({ form: "gov-2021", year: 2022 }),
  "invalid.json": JSON.stringify({
    form: "gov-2021",
    year: 2022,
    values: { "requests.new.natural": -2, "requests.new.total": 1 },
    explanations: { "N8:requests.new.total": "说明" },
  }),
};
const read = (p: string) => {
  const text = files[p];
  if (text === undefined) throw Object.assign(new Error("missing"), { code: "ENOENT" });
  return text;
};

describe("npm run validate", () => {
  it("prints G6 and G7 for the seed table as JSON lines and exits 1", () => {
    const r = runValidate(["seed.json"], read);
    expect(r.exitCode).toBe(1);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.rule)).toEqual(["G6", "G7"]);
    expect(Object.keys(lines[0]).sort()).toEqual([
      "cells",
      "left",
      "message_en",
      "message_zh",
      "right",
      "rule",
      "severity",
    ]);
  });

  it("prints a readable table with --pretty", () => {
    const r = runValidate(["seed.json", "--pretty"], read);
    expect(r.stdout).toContain("G6");
    expect(r.stdout).toContain("通过政府网站公开数为 298");
    expect(r.stdout).toContain("2 个错误 / errors, 0 个提示 / warnings");
  });

  it("exits 0 on a clean report and on warnings only", () => {
    expect(runValidate(["clean.json"], read)).toMatchObject({ exitCode: 0, stdout: "" });
    const w = runValidate(["warn.json"], read);
    expect(w.exitCode).toBe(0);
    expect(w.stdout).toContain('"rule":"N6"');
  });

  it.each([
    ["2019.json", "use gov-2019 for 2019"],
    ["nope.json", 'No form "gov-1999"'],
    ["broken.json", "not valid JSON"],
    ["novalues.json", "values"],
    ["missing.json", "ENOENT"],
  ])("exits 2 on unusable input (%s) and says why", (file, why) => {
    const r = runValidate([file], read);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(why);
  });

  it("accepts gov-2019 files, with negative changes", () => {
    const r = runValidate(["gov2019.json"], read);
    expect(r.exitCode).toBe(1);
    const rules = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).rule);
    expect(rules).toEqual(["N1", "N3"]);
  });

  it("exits 2 without a file", () => {
    expect(runValidate([], read).exitCode).toBe(2);
  });
});

describe("npm run workbook", () => {
  const sheets = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)["xl/workbook.xml"]!);

  it("writes the workbook of an input file, as validate reads it", async () => {
    const r = await runWorkbook(["seed.json", "--out", "seed.xlsx", "--unit-name", "某局"], read);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.output?.path).toBe("seed.xlsx");
    expect(r.stdout).toContain("gov-2012 2012, 11 项校验 / checks");
    const files = unzipSync(r.output!.bytes);
    expect(strFromU8(files["xl/sharedStrings.xml"]!)).toContain("某局");
    expect(strFromU8(files["xl/worksheets/sheet1.xml"]!)).toContain("<v>298</v>");
  });

  it("writes a blank workbook of a form and year", async () => {
    const r = await runWorkbook(["--form", "gov-2019", "--year", "2020", "--out", "b.xlsx"], read);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(sheets(r.output!.bytes)).toContain('<definedName name="XXGK_CHECKS">');
  });

  it("leaves out invalid values and says so", async () => {
    const r = await runWorkbook(["invalid.json", "--out", "i.xlsx"], read);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("未写入 / not written");
    expect(r.stderr).toContain("不能为负数");
  });

  it.each([
    [["seed.json"], "--out"],
    [["--form", "gov-2021", "--out", "x.xlsx"], "--form and --year"],
    [["seed.json", "--form", "gov-2021", "--year", "2022", "--out", "x.xlsx"], "--form and --year"],
    [["--form", "gov-2021", "--year", "2019", "--out", "x.xlsx"], "use gov-2019 for 2019"],
    [["broken.json", "--out", "x.xlsx"], "not valid JSON"],
    [["seed.json", "--out", "x.xlsx", "--lang", "fr"], "--lang is zh or en"],
    [["seed.json", "--out", "x.xlsx", "--bogus", "1"], "unknown option: --bogus"],
    [["seed.json", "--out"], "option needs a value: --out"],
  ])("exits 2 on unusable arguments %j and says why", async (args, why) => {
    const r = await runWorkbook(args, read);
    expect(r.exitCode).toBe(2);
    expect(r.output).toBeUndefined();
    expect(r.stderr).toContain(why);
  });
});
