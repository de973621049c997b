/**
 * The supervisor's follow-up (pane/follow-up.ts): the buttons 催报未报单位, 生成催报通知, 汇总确认,
 * then the own unit's sign-off for the chosen form and year in words and, while it is in force,
 * 撤销确认 with an optional reason.
 */
import { shownSignOff, signOffText } from "../follow-up";
import { h, type View } from "./dom";

export function followUpActions(v: View): HTMLElement {
  const { c, L } = v;
  const button = (id: string, text: string, run: () => Promise<void>) =>
    h("button", { class: "btn", id, disabled: c.busy || !c.me, onclick: () => void run() }, text);
  return h(
    "div",
    { id: "follow-up" },
    h(
      "div",
      { class: "actions" },
      button("remind-missing", L("remindMissing"), () => c.remindMissing()),
      button("reminder-sheet", L("reminderSheetButton"), () => c.reminderSheet()),
      button("sign-off", L("signOff"), () => c.signOff()),
    ),
    signOffPart(v),
  );
}

function signOffPart(v: View): HTMLElement | null {
  const { c, L, draft } = v;
  const s = shownSignOff(c);
  if (!s) return null;
  const status = h("p", { class: "hint", id: "sign-off-status" }, signOffText(s, c.lang));
  if (s.status !== "confirmed") return status;
  const reasonBox = h("input", {
    id: "revoke-reason",
    oninput: (e: Event) => (draft.revokeReason = (e.target as HTMLInputElement).value),
  }) as HTMLInputElement;
  reasonBox.value = draft.revokeReason;
  const revoke = async () => {
    await c.revokeSignOff(draft.revokeReason);
    if (shownSignOff(c)?.status !== "confirmed") draft.revokeReason = "";
    v.render();
  };
  return h(
    "div",
    { id: "sign-off-state" },
    status,
    h("label", { for: "revoke-reason" }, L("revokeReason")),
    reasonBox,
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { class: "btn", id: "revoke-sign-off", disabled: c.busy, onclick: () => void revoke() },
        L("revokeSignOff"),
      ),
    ),
  );
}
