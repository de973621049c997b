/**
 * 比对 on the page without Excel (issue 25): what changed since the supervisor returned the report
 * (by default the revision last returned against the current one; never returned: against the one
 * before) — each changed cell by its address on the form sheet and its label, old → new, then the
 * 说明 and the answers to remarks that changed. The clerk sees it too, to check what was sent.
 */
import type { Form } from "../../../../shared/forms/model";
import { layoutForm } from "../../../../shared/layout";
import type { FilesController, FilesLang } from "../files";
import { changedCellList, comparable } from "./changed-cells";
import { h } from "./dom";

export const COMPARE_TEXT = {
  zh: {
    title: "修改对比",
    intro: (from: number, to: number, returned: boolean, n: number) =>
      `第 ${to} 版与${returned ? "退回的" : ""}第 ${from} 版相比,${n ? `改动了 ${n} 个单元格` : "没有改动任何单元格"}。`,
    cell: (address: string, label: string) =>
      address ? `单元格 ${address}「${label}」` : `「${label}」`,
    explanationsTitle: "改动的说明",
    explanation: (cell: string) => `${cell}的说明:`,
    none: "(无)",
    removed: "(已删除)",
    answersTitle: "审核意见的处理",
    answer: (cell: string, text: string) => `${cell}的审核意见「${text}」:`,
    changed: "已修改该单元格",
    answered: (a: string) => `已答复:${a}`,
  },
  en: {
    title: "What changed",
    intro: (from: number, to: number, returned: boolean, n: number) =>
      `Revision ${to} against ${returned ? "the returned " : ""}revision ${from}: ${n ? `${n} cell(s) changed` : "no cell changed"}.`,
    cell: (address: string, label: string) =>
      address ? `Cell ${address} “${label}”` : `“${label}”`,
    explanationsTitle: "Explanations changed",
    explanation: (cell: string) => `${cell}, explanation: `,
    none: "(none)",
    removed: "(removed)",
    answersTitle: "Remarks dealt with",
    answer: (cell: string, text: string) => `${cell}, remark “${text}”: `,
    changed: "the cell was changed",
    answered: (a: string) => `answered: ${a}`,
  },
};

/** A cell's words: its address on the downloaded workbook's form sheet (zh) and its label. */
function cellWords(form: Form | null, id: string, lang: FilesLang): string {
  const address = form ? (layoutForm(form, "zh").inputs[id]?.address ?? "") : "";
  const label = form?.cellById.get(id)?.label[lang] ?? id;
  return COMPARE_TEXT[lang].cell(address, label);
}

/** The cell a 说明 belongs to: its rule instance's target (`value:<id>` for a value's own). */
function explainedCell(form: Form | null, key: string): string {
  if (key.startsWith("value:")) return key.slice("value:".length);
  return form?.rules.find((r) => r.key === key)?.target ?? key.slice(key.indexOf(":") + 1);
}

const quoted = (text: string | null, empty: string) => (text === null ? empty : `「${text}」`);

/** The section, when there is something to compare (two revisions); else nothing. */
export function compareView(
  c: FilesController,
  lang: FilesLang,
  sub: "h2" | "h3",
): HTMLElement | null {
  const cmp = comparable(c.view?.compare);
  if (!cmp) return null;
  const T = COMPARE_TEXT[lang];
  const form = c.formDef();
  const small = sub === "h2" ? "h3" : "h4";
  return h(
    "section",
    { id: "files-compare", "aria-labelledby": "files-compare-title", "data-from": cmp.from },
    h(sub, { id: "files-compare-title" }, T.title),
    h("p", {}, T.intro(cmp.from, cmp.to, cmp.basis === "returned", cmp.cells.length)),
    cmp.cells.length ? changedCellList(cmp.cells, (cell) => cellWords(form, cell, lang)) : null,
    cmp.explanations.length ? h(small, {}, T.explanationsTitle) : null,
    cmp.explanations.length
      ? h(
          "ul",
          { class: "issues" },
          ...cmp.explanations.map((e) =>
            h(
              "li",
              { class: "issue explanation", "data-key": e.key },
              T.explanation(cellWords(form, explainedCell(form, e.key), lang)),
              `${quoted(e.from, T.none)} → ${quoted(e.to, T.removed)}`,
            ),
          ),
        )
      : null,
    cmp.answers.length ? h(small, {}, T.answersTitle) : null,
    cmp.answers.length
      ? h(
          "ul",
          { class: "issues" },
          ...cmp.answers.map((a) =>
            h(
              "li",
              { class: "issue answer", "data-remark": a.id },
              T.answer(cellWords(form, a.cell, lang), a.text),
              a.resolution === "answered" && a.answer ? T.answered(a.answer) : T.changed,
            ),
          ),
        )
      : null,
  );
}
