/**
 * The report's texts as a workflow of their own (issue 26), decided without D1: a clerk saves or
 * submits them, a supervisor of an ancestor returns them with a remark or accepts them. The texts
 * may change at any time (after the figures are accepted too); a change after a submission or an
 * acceptance makes them a draft again until submitted anew.
 */
import {
  MAX_TEXT_CHARS,
  textsETag,
  type TextsPutBody,
  type TextsReviewBody,
} from "../../../shared/api/report-texts";
import type { TextStatus } from "../../../shared/report/checks";
import type { ReportStructure } from "../../../shared/report/schema";
import { textsOf } from "../../../shared/report/structure";
import type { Principal, UnitRow } from "../env";
import { isRefusal, refusal, type Refusal } from "./refusal";

export interface TextsState {
  revision: number;
  status: TextStatus | null;
  texts: Record<string, string>;
  remark: string | null;
  at: string | null;
}

export const NO_TEXTS: TextsState = {
  revision: 0,
  status: null,
  texts: {},
  remark: null,
  at: null,
};

export interface TextsWrite {
  revision: number;
  action: "save" | "submit" | "return" | "accept";
  status: TextStatus;
  texts: Record<string, string>;
  remark: string | null;
}

/** A clerk of the unit writes its texts; a supervisor those of its own unit's consolidated report. */
export function authorizeTextsWrite(principal: Principal, unit: UnitRow): Refusal | null {
  const own = principal.unit.id === unit.id;
  if (own && (principal.role === "clerk" || principal.role === "supervisor")) return null;
  return refusal(
    "forbidden",
    "只有本单位的填报人员可以撰写报告文字(汇总单位的审核人员撰写本级汇总报告的文字)。",
    "Only a clerk of the unit writes its report's texts (a supervisor those of its own consolidated report).",
  );
}

/** Texts as stored: only the structure's sections, trimmed at the end, empty ones left out. */
function normalised(
  structure: ReportStructure,
  texts: Record<string, string>,
): Record<string, string> | Refusal {
  const known = new Set(textsOf(structure).map((t) => t.id));
  const unknown = Object.keys(texts).filter((id) => !known.has(id));
  if (unknown.length) {
    return refusal(
      "unknown-text",
      `报告没有「${unknown.join("、").slice(0, 80)}」这一部分(可用:${[...known].join("、")})。`,
      `The report has no section "${unknown.join(", ").slice(0, 80)}" (known: ${[...known].join(", ")}).`,
    );
  }
  const total = Object.values(texts).reduce((s, t) => s + t.length, 0);
  if (total > 8 * MAX_TEXT_CHARS) {
    return refusal(
      "invalid-body",
      `报告文字合计不能超过 ${8 * MAX_TEXT_CHARS} 个字符。`,
      `The texts together must not exceed ${8 * MAX_TEXT_CHARS} characters.`,
    );
  }
  const out: Record<string, string> = {};
  for (const t of textsOf(structure)) {
    const v = (texts[t.id] ?? "").replace(/\r\n?/g, "\n").trimEnd();
    if (v.trim() !== "") out[t.id] = v;
  }
  return out;
}

const same = (a: Record<string, string>, b: Record<string, string>) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * A save or submission: the revision to write, or null when it changes nothing (a retry after a
 * lost answer stores nothing twice). `ifMatch`: the ETag the writer started from, if given.
 */
export function planTextsSave(
  current: TextsState,
  structure: ReportStructure,
  body: TextsPutBody,
  ifMatch: string | null,
): TextsWrite | null | Refusal {
  const texts = normalised(structure, body.texts);
  if (isRefusal(texts)) return texts;
  const status: TextStatus = body.submit ? "submitted" : "drafted";
  if (current.status === status && same(current.texts, texts)) return null;
  if (ifMatch !== null && ifMatch !== textsETag(current.revision)) {
    return refusal(
      "precondition-failed",
      "报告文字已被他人修改,请重新载入后再保存(您写的内容仍保留在本页)。",
      "The texts were changed by someone else: reload them before saving (what you wrote stays on this page).",
      { revision: current.revision },
    );
  }
  return {
    revision: current.revision + 1,
    action: body.submit ? "submit" : "save",
    status,
    texts,
    remark: null,
  };
}

/** A supervisor's decision: only on submitted texts; returning needs a remark. */
export function planTextsReview(current: TextsState, body: TextsReviewBody): TextsWrite | Refusal {
  if (current.status !== "submitted") {
    const now = { drafted: "草稿", returned: "已退回", accepted: "已通过", none: "尚未撰写" }[
      current.status ?? "none"
    ];
    return refusal(
      "illegal-transition",
      `报告文字当前为「${now}」,只有已提交的报告文字可以退回或通过。`,
      `The texts are ${current.status ?? "not written yet"}: only submitted texts can be returned or accepted.`,
    );
  }
  const remark = body.remark?.trim() ?? "";
  if (body.action === "return" && remark === "") {
    return refusal(
      "reason-required",
      "退回报告文字时请写明需要修改的地方。",
      "Say what to change when returning the texts.",
    );
  }
  return {
    revision: current.revision + 1,
    action: body.action,
    status: body.action === "return" ? "returned" : "accepted",
    texts: current.texts,
    remark: remark === "" ? null : remark,
  };
}
