import { validate } from "../engine";
import type { Issue } from "../engine";
import { readInput, unusable as unusableWith, type CliResult } from "./input";

export type { CliResult } from "./input";

const USAGE = "用法 / usage: npm run validate -- FILE.json [--pretty]\n";

const unusable = (why: string) => unusableWith(why, USAGE);

function issueLine(i: Issue): string {
  return JSON.stringify({
    rule: i.rule,
    severity: i.severity,
    cells: i.cells,
    left: i.left,
    right: i.right,
    message_zh: i.message_zh,
    message_en: i.message_en,
  });
}

function pretty(issues: Issue[], errors: number, warnings: number): string {
  if (issues.length === 0) return "未发现问题 / no issues\n";
  const rows = issues.map((i) => [
    i.rule,
    i.severity === "error" ? "错误 error" : "提示 warning",
    i.cell,
    `${i.message_zh}\n${" ".repeat(0)}${i.message_en}`,
  ]);
  const lines: string[] = [];
  for (const [rule, sev, cell, msg] of rows) {
    const [zh, en] = msg!.split("\n");
    lines.push(`${rule!.padEnd(6)} ${sev!.padEnd(12)} ${cell}`);
    lines.push(`       ${zh}`);
    lines.push(`       ${en}`);
  }
  lines.push("");
  lines.push(`${errors} 个错误 / errors, ${warnings} 个提示 / warnings`);
  return lines.join("\n") + "\n";
}

/** The whole CLI as a pure function of its arguments and a file reader, so tests can drive it. */
export function runValidate(args: string[], readFile: (path: string) => string): CliResult {
  const flags = args.filter((a) => a.startsWith("--"));
  const files = args.filter((a) => !a.startsWith("--"));
  const unknown = flags.filter((f) => f !== "--pretty");
  if (unknown.length) return unusable(`未知选项 / unknown option: ${unknown.join(" ")}`);
  if (files.length !== 1)
    return unusable("需要且只需要一个 JSON 文件 / exactly one JSON file is needed");
  const read = readInput(files[0]!, readFile);
  if (!read.ok) return unusable(read.why);
  const { input, form } = read;
  const result = validate(form, input.values, {
    previous: input.previous ?? null,
    supplements: input.supplements,
  });
  const stdout = flags.includes("--pretty")
    ? pretty(result.issues, result.errors, result.warnings)
    : result.issues.map((i) => issueLine(i) + "\n").join("");
  return { stdout, stderr: "", exitCode: result.errors > 0 ? 1 : 0 };
}
