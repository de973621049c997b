/** The supervisor's follow-up buttons: 催报未报单位, 生成催报通知, 汇总确认 (pane/follow-up.ts). */
import { h, type View } from "./dom";

export function followUpActions(v: View): HTMLElement {
  const { c, L } = v;
  const button = (id: string, text: string, run: () => Promise<void>) =>
    h("button", { class: "btn", id, disabled: c.busy || !c.me, onclick: () => void run() }, text);
  return h(
    "div",
    { class: "actions", id: "follow-up" },
    button("remind-missing", L("remindMissing"), () => c.remindMissing()),
    button("reminder-sheet", L("reminderSheetButton"), () => c.reminderSheet()),
    button("sign-off", L("signOff"), () => c.signOff()),
  );
}
