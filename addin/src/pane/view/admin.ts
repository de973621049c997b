/** The administrator's card: the buttons of the 单位, 邀请码, 账号, 审计日志 and 填报期 sheets. */
import { at, type AdminKey } from "../../common/admin-text";
import { h, type View } from "./dom";

export function adminSection({ c }: View): HTMLElement {
  const a = c.admin;
  const A = (k: AdminKey) => at(c.lang, k);
  const button = (id: string, key: AdminKey, act: () => Promise<void>, primary = false) =>
    h(
      "button",
      {
        class: primary ? "btn primary" : "btn",
        id,
        disabled: c.busy || !c.me,
        onclick: () => void act(),
      },
      A(key),
    );
  const group = (title: AdminKey, ...buttons: HTMLElement[]) =>
    h("div", {}, h("h3", {}, A(title)), h("div", { class: "actions" }, ...buttons));
  return h(
    "section",
    { class: "card", id: "admin" },
    h("h2", {}, A("adminSection")),
    group(
      "unitSheet",
      button("pull-units", "pullUnits", () => a.pullUnits()),
      button("preview-units", "previewUnits", () => a.unitChanges(false)),
      button("apply-units", "applyUnits", () => a.unitChanges(true), true),
    ),
    group(
      "credentialSheet",
      button("issue-invites", "issueInvites", () => a.issueInvites(), true),
      button("list-credentials", "listCredentials", () => a.listCredentials()),
      button("revoke-marked", "revokeMarked", () => a.revokeMarked()),
      button("read-audit", "readAuditLog", () => a.readAuditLog()),
    ),
    group(
      "periodSheet",
      button("pull-periods", "pullPeriods", () => a.pullPeriods()),
      button("apply-periods", "applyPeriods", () => a.applyPeriods(), true),
    ),
  );
}
