import { parseValues } from "../engine";
import { lookupForm } from "../forms/catalogue";
import type { Form } from "../forms/model";
import { buildWorkbook } from "../workbook";
import { writeXlsx } from "../workbook/xlsx";
import {
  lookupWhy,
  readInput,
  unusable as unusableWith,
  type CliResult,
  type Input,
} from "./input";

const USAGE =
  "用法 / usage: npm run workbook -- INPUT.json --out FILE.xlsx\n" +
  "              npm run workbook -- --form FORM --year YEAR --out FILE.xlsx\n" +
  "  [--unit-name NAME] [--unit-code CODE] [--lang zh|en]\n";

const unusable = (why: string) => unusableWith(why, USAGE);

const VALUED = ["--out", "--form", "--year", "--unit-name", "--unit-code", "--lang"] as const;
type Flag = (typeof VALUED)[number];

function parseArgs(
  args: string[],
): { flags: Partial<Record<Flag, string>>; files: string[] } | string {
  const flags: Partial<Record<Flag, string>> = {};
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("--")) {
      files.push(a);
      continue;
    }
    if (!(VALUED as readonly string[]).includes(a)) return `未知选项 / unknown option: ${a}`;
    const v = args[++i];
    if (v === undefined) return `选项缺少值 / option needs a value: ${a}`;
    flags[a as Flag] = v;
  }
  return { flags, files };
}

export interface WorkbookCliResult extends CliResult {
  /** The file to write (absent when the input is unusable). */
  output?: { path: string; bytes: Uint8Array };
}

type Source = { form: Form; year: number; input: Input | null } | string;

function source(
  flags: Partial<Record<Flag, string>>,
  files: string[],
  read: (p: string) => string,
): Source {
  if (files.length === 1 && !flags["--form"] && !flags["--year"]) {
    const r = readInput(files[0]!, read);
    return r.ok ? { form: r.form, year: r.input.year, input: r.input } : r.why;
  }
  if (files.length === 0 && flags["--form"] && flags["--year"]) {
    const year = Number(flags["--year"]);
    const found = lookupForm(flags["--form"], year);
    return found.ok ? { form: found.form, year, input: null } : lookupWhy(found, year);
  }
  return "需要一个 JSON 文件,或者 --form 与 --year / one JSON file, or --form and --year, is needed";
}

/** The whole CLI as a function of its arguments and a file reader; the caller writes `output`. */
export async function runWorkbook(
  args: string[],
  readFile: (path: string) => string,
): Promise<WorkbookCliResult> {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") return unusable(parsed);
  const { flags, files } = parsed;
  const out = flags["--out"];
  if (!out) return unusable("需要 --out FILE.xlsx / --out FILE.xlsx is needed");
  const lang = flags["--lang"] ?? "zh";
  if (lang !== "zh" && lang !== "en")
    return unusable(`--lang 只能是 zh 或 en / --lang is zh or en`);
  const src = source(flags, files, readFile);
  if (typeof src === "string") return unusable(src);
  const { form, year, input } = src;
  // The workbook holds valid values only (the engine counts an invalid one as blank): say which.
  const parsedValues = parseValues(form, input?.values ?? {});
  const model = buildWorkbook(form, {
    lang,
    year,
    unitName: flags["--unit-name"] ?? "",
    unitCode: flags["--unit-code"] ?? null,
    values: parsedValues.values,
    previous: input?.previous ?? null,
    explanations: input?.explanations,
    supplements: input?.supplements,
  });
  const bytes = await writeXlsx(model);
  const skipped = parsedValues.issues.map(
    (i) => `未写入 / not written: ${i.message_zh} / ${i.message_en}\n`,
  );
  return {
    stdout: `已写入 / wrote ${out} (${form.id} ${year}, ${model.checks.length} 项校验 / checks, ${bytes.length} bytes)\n`,
    stderr: skipped.join(""),
    exitCode: 0,
    output: { path: out, bytes },
  };
}
