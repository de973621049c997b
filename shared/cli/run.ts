import { z } from "zod";
import { lookupForm } from "../forms/catalogue";
import { validate } from "../engine";
import type { Issue } from "../engine";

const InputSchema = z.object({
  form: z.string({ error: '「form」必须是报表编号字符串 / "form" must be a form id string' }),
  year: z.number({ error: '「year」必须是年份数字 / "year" must be a number' }).int(),
  values: z.record(z.string(), z.unknown(), {
    error: '「values」必须是以单元格编号为键的对象 / "values" must be an object keyed by cell id',
  }),
  previous: z.record(z.string(), z.unknown()).nullable().optional(),
  supplements: z.record(z.string(), z.boolean()).optional(),
});

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: 0 | 1 | 2;
}

const USAGE = "用法 / usage: npm run validate -- FILE.json [--pretty]\n";

function unusable(why: string): CliResult {
  return { stdout: "", stderr: `${why}\n${USAGE}`, exitCode: 2 };
}

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
  const path = files[0]!;
  let text: string;
  try {
    text = readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code ?? String(e);
    return unusable(`无法读取文件 / cannot read ${path}: ${code}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return unusable(`不是合法的 JSON / not valid JSON (${path}): ${(e as Error).message}`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    return unusable("文件内容必须是一个 JSON 对象 / the file must hold a JSON object");
  }
  const parsed = InputSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.join(".") || "(root)";
    return unusable(`输入不可用 / unusable input at ${where}: ${first?.message ?? "invalid"}`);
  }
  const input = parsed.data;
  const found = lookupForm(input.form, input.year);
  if (!found.ok) return unusable(`${found.message.zh}\n${found.message.en}`);
  const result = validate(found.form, input.values, {
    previous: input.previous ?? null,
    supplements: input.supplements,
  });
  const stdout = flags.includes("--pretty")
    ? pretty(result.issues, result.errors, result.warnings)
    : result.issues.map((i) => issueLine(i) + "\n").join("");
  return { stdout, stderr: "", exitCode: result.errors > 0 ? 1 : 0 };
}
