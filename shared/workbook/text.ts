import { MAX_COUNT } from "../engine/values";
import type { Lang } from "../layout/types";

/** Every fixed text of the workbook, zh-CN first. Messages of the rules come from the form. */
const TEXT = {
  zh: {
    checksSheet: "校验",
    previousSheet: "上年",
    checksTitle: "校验结果",
    checksNote:
      "每行一条校验规则,由公式自动计算,无需插件。违反的错误标红、提示标黄;提示请在「说明」列写明原因。",
    errors: "错误",
    warnings: "提示",
    severity: { error: "错误", warning: "提示" },
    ok: "未发现问题",
    summary: ["", " 个错误,", " 个提示"],
    status: "校验:",
    statusFirst: ",首个问题在 ",
    statusSee: "(红字为各行的校验信息,另见「校验」表)",
    headers: [
      "规则",
      "实例",
      "违反",
      "级别",
      "信息",
      "说明",
      "左边",
      "右边",
      "计数",
      "单元格",
      "错误计数",
    ],
    previousTitle: "上年数据(跨年度校验用,请勿修改)",
    previousHeaders: ["单元格", "项目", "上年数值"],
    meta: ["报表", "年度", "格式版本", "语言", "单位名称", "单位代码", "版次", "文件编号"],
    validationTitle: "输入有误",
    validationWhole: `请输入 0 至 ${MAX_COUNT} 之间的整数。`,
    validationDecimal: "请输入不小于 0 的数字(最多 4 位小数)。",
    validationChange: `请输入 -${MAX_COUNT} 至 ${MAX_COUNT} 之间的整数。`,
  },
  en: {
    checksSheet: "Checks",
    previousSheet: "Last year",
    checksTitle: "Checks",
    checksNote:
      "One rule per row, computed by formulas (no add-in needed). Broken errors are red, warnings amber; explain each warning in the Explanation column.",
    errors: "Errors",
    warnings: "Warnings",
    severity: { error: "Error", warning: "Warning" },
    ok: "No issues",
    summary: ["", " error(s), ", " warning(s)"],
    status: "Checks: ",
    statusFirst: "; first at ",
    statusSee: " (messages in red beside each table; see also the Checks sheet)",
    headers: [
      "Rule",
      "Instance",
      "Violated",
      "Severity",
      "Message",
      "Explanation",
      "Left",
      "Right",
      "Count",
      "Cell",
      "Error count",
    ],
    previousTitle: "Last year's figures (for the cross-year checks; do not edit)",
    previousHeaders: ["Cell", "Item", "Last year"],
    meta: [
      "Form",
      "Year",
      "Layout version",
      "Language",
      "Unit name",
      "Unit code",
      "Revision",
      "File id",
    ],
    validationTitle: "Invalid entry",
    validationWhole: `Enter a whole number from 0 to ${MAX_COUNT}.`,
    validationDecimal: "Enter a number of at least 0 (up to 4 decimals).",
    validationChange: `Enter a whole number from -${MAX_COUNT} to ${MAX_COUNT}.`,
  },
} satisfies Record<Lang, unknown>;

export type WorkbookText = (typeof TEXT)["zh"];

export function text(lang: Lang): WorkbookText {
  return TEXT[lang];
}

/** Excel's data-validation alert: always zh-CN, followed by English in an English workbook. */
export function validationAlert(lang: Lang, kind: string): { title: string; message: string } {
  const key =
    kind === "amount"
      ? "validationDecimal"
      : kind === "change"
        ? "validationChange"
        : "validationWhole";
  const both = (k: "validationTitle" | typeof key, sep: string) =>
    lang === "zh" ? TEXT.zh[k] : `${TEXT.zh[k]}${sep}${TEXT.en[k]}`;
  return { title: both("validationTitle", " / "), message: both(key, "\n") };
}
