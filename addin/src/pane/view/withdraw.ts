/**
 * 撤回 on the clerk's page (and below the add-in): a submitted report that no one has reviewed
 * yet can be taken back, with a reason, to correct and send again. The server refuses it once a
 * supervisor has acted (the page then shows why).
 */
import type { FilesController, FilesLang } from "../files";
import { h } from "./dom";

export const WITHDRAW_TEXT = {
  zh: {
    title: "撤回报表",
    intro: "上级单位审核前,可以撤回已报送的报表,修改后重新上传。撤回和原因会记入报送记录。",
    reason: "撤回原因",
    button: "撤回报表",
    needReason: "请填写撤回原因。",
    done: (r: number) => `已撤回第 ${r} 版:请修改后重新上传。`,
    status: (r: number) => `第 ${r} 版已撤回,请修改后重新上传`,
  },
  en: {
    title: "Withdraw the report",
    intro:
      "Until your supervisor reviews it, you can take a submitted report back, correct it and upload it again. The withdrawal and its reason are kept in the history.",
    reason: "Reason for withdrawing",
    button: "Withdraw the report",
    needReason: "Give a reason for withdrawing.",
    done: (r: number) => `Revision ${r} withdrawn: correct it and upload it again.`,
    status: (r: number) => `Revision ${r} was withdrawn: correct it and upload it again`,
  },
};

/** The withdraw form, for the unit's clerk while the report awaits review; else nothing. */
export function withdrawView(
  c: FilesController,
  lang: FilesLang,
  sub: "h2" | "h3",
): HTMLElement | null {
  const r = c.view?.report;
  if (!r || r.status !== "submitted" || c.me?.role !== "clerk") return null;
  const T = WITHDRAW_TEXT[lang];
  const reason = h("input", {
    id: "files-withdraw-reason",
    "aria-describedby": "files-withdraw-hint",
  }) as HTMLInputElement;
  const hint = h("p", { class: "hint", id: "files-withdraw-hint" }, T.intro);
  const go = () => {
    if (!reason.value.trim()) {
      hint.textContent = T.needReason;
      hint.className = "notice error";
      reason.focus();
      return;
    }
    void c.withdraw(reason.value.trim());
  };
  return h(
    "div",
    { id: "files-withdraw", "aria-labelledby": "files-withdraw-title" },
    h(sub === "h2" ? "h3" : "h4", { id: "files-withdraw-title" }, T.title),
    hint,
    h("label", { for: "files-withdraw-reason" }, T.reason),
    reason,
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { class: "btn", id: "files-withdraw-button", disabled: c.busy, onclick: go },
        T.button,
      ),
    ),
  );
}
