import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FORMS, getForm } from "../forms/catalogue";
import { formsMarkdown } from "../forms/markdown";
import { compileForm } from "../forms/model";

const committed = readFileSync(new URL("../../docs/FORMS.md", import.meta.url), "utf8");

/** The part of the document about one form. */
function formPart(doc: string, id: string): string {
  const start = doc.indexOf(`## Form \`${id}\``);
  const next = doc.indexOf("\n## Form `", start + 1);
  return doc.slice(start, next < 0 ? undefined : next);
}

describe("docs/FORMS.md", () => {
  it("is what `npm run docs:forms` writes from the current definitions", () => {
    // On failure: run `npm run docs:forms` and commit docs/FORMS.md.
    expect(committed === formsMarkdown(FORMS), "docs/FORMS.md is stale").toBe(true);
  });

  it("goes stale when a definition changes", () => {
    const form = getForm("gov-2012")!;
    const def = structuredClone(form.definition);
    def.sections[0]!.blocks[0]!.rows[0]!.label.zh = "一、主动公开信息数量";
    const changed = formsMarkdown([compileForm(def), ...FORMS.slice(1)]);
    expect(changed).not.toBe(formsMarkdown(FORMS));
    expect(changed).toContain("| `proactive.total.n` | 一、主动公开信息数量 |");
  });

  it("lists every cell with its label, unit and kind, and every rule with both messages", () => {
    for (const form of FORMS) {
      const part = formPart(committed, form.id);
      for (const cell of form.cells) {
        expect(part).toMatch(
          new RegExp(
            `\\| \`${cell.id.replace(/\./g, "\\.")}\` \\| .*\\| ${cell.unit.zh} \\(${cell.unit.en}\\) \\| ${cell.kind} \\|`,
          ),
        );
      }
      for (const rule of form.definition.rules) {
        expect(part).toContain(`| ${rule.id} | ${rule.severity} |`);
        expect(part).toContain(rule.message.zh);
        expect(part).toContain(rule.message.en);
      }
    }
  });

  it("states the rules in words and the years each form serves", () => {
    const seed = formPart(committed, "gov-2012");
    expect(seed).toContain("Report years: 2018 and earlier (2018 年及以前)");
    expect(seed).toContain("| G6 | error | `proactive.website.n` ≤ `proactive.total.n` |");
    expect(seed).toContain(
      "| G10 | warning | if `capacity.trainings.n` > 0, then `capacity.trainees.n` ≥ `capacity.trainings.n` |",
    );
    const current = formPart(committed, "gov-2021");
    expect(current).toContain("Report years: 2021 onwards (2021 年及以后)");
    expect(current).toContain(
      "| N7 | warning | for every row `{x}` of `art20_1`: `{x}.in_force` = last year's `{x}.in_force` + `{x}.issued` − `{x}.repealed` (checked when last year's report is given) |",
    );
    expect(current).toContain(
      "`requests.denied_third_party.legal` | 三、本年度办理结果 → (三)不予公开 → 4.保护第三方合法权益 · 申请人情况 → 法人或其他组织 → 法律服务机构 |",
    );
    expect(formPart(committed, "gov-2019")).toContain("Report years: 2019–2020");
  });
});
