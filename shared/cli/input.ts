import { z } from "zod";
import { lookupForm, type FormLookup } from "../forms/catalogue";
import type { Form } from "../forms/model";

/** A report as a JSON file: what `npm run validate` and `npm run workbook` read. */
export const InputSchema = z.object({
  form: z.string({ error: '「form」必须是报表编号字符串 / "form" must be a form id string' }),
  year: z.number({ error: '「year」必须是年份数字 / "year" must be a number' }).int(),
  values: z.record(z.string(), z.unknown(), {
    error: '「values」必须是以单元格编号为键的对象 / "values" must be an object keyed by cell id',
  }),
  previous: z.record(z.string(), z.unknown()).nullable().optional(),
  supplements: z.record(z.string(), z.boolean()).optional(),
  /** 说明 of warnings by instance key (the workbook writes them into their cells). */
  explanations: z.record(z.string(), z.string()).optional(),
});
export type Input = z.infer<typeof InputSchema>;

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: 0 | 1 | 2;
}

export function unusable(why: string, usage: string): CliResult {
  return { stdout: "", stderr: `${why}\n${usage}`, exitCode: 2 };
}

/** Read, parse and check an input file; the form it names must serve its year. */
export function readInput(
  path: string,
  readFile: (path: string) => string,
): { ok: true; input: Input; form: Form } | { ok: false; why: string } {
  let text: string;
  try {
    text = readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code ?? String(e);
    return { ok: false, why: `无法读取文件 / cannot read ${path}: ${code}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      why: `不是合法的 JSON / not valid JSON (${path}): ${(e as Error).message}`,
    };
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    return { ok: false, why: "文件内容必须是一个 JSON 对象 / the file must hold a JSON object" };
  }
  const parsed = InputSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.join(".") || "(root)";
    return {
      ok: false,
      why: `输入不可用 / unusable input at ${where}: ${first?.message ?? "invalid"}`,
    };
  }
  const found = lookupForm(parsed.data.form, parsed.data.year);
  if (!found.ok) return { ok: false, why: lookupWhy(found, parsed.data.year) };
  return { ok: true, input: parsed.data, form: found.form };
}

/**
 * Why a form does not fit, for the command line: the catalogue's words name forms by title (they
 * are read by people on the page), and the command line's user types ids, so they are added.
 */
export function lookupWhy(found: FormLookup & { ok: false }, year: number): string {
  const ids = found.instead?.join(", ");
  const hint = ids ? `\n(${year} 年应使用 ${ids} / use ${ids} for ${year})` : "";
  return `${found.message.zh}\n${found.message.en}${hint}`;
}
