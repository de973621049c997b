/** The supervisor's card: unit, form, year and scope of the rollup; the review below it. */
import { formPicker } from "./connect";
import { h, option, type View } from "./dom";
import { followUpActions } from "./follow-up";
import { reviewSection } from "./review";

export function supervisorSection(v: View, reviewer: boolean): HTMLElement {
  const { c, L } = v;
  const button = (id: string, cls: string, text: string, run: () => Promise<void>) =>
    h("button", { class: cls, id, disabled: c.busy || !c.me, onclick: () => void run() }, text);
  return h(
    "section",
    { class: "card", id: "supervisor" },
    h("h2", {}, L("supervisorSection")),
    h("label", { for: "unit" }, L("unitCode")),
    h("input", {
      id: "unit",
      list: "units",
      value: c.unitCode,
      onchange: (e: Event) => c.choose({ unitCode: (e.target as HTMLInputElement).value.trim() }),
    }),
    h("datalist", { id: "units" }, ...c.units.map((u) => h("option", { value: u.code }, u.name))),
    ...formPicker(v),
    h("label", { for: "include" }, L("include")),
    h(
      "select",
      {
        id: "include",
        onchange: (e: Event) =>
          c.choose({ include: (e.target as HTMLSelectElement).value as typeof c.include }),
      },
      option("submitted", L("includeSubmitted"), c.include === "submitted"),
      option("accepted", L("includeAccepted"), c.include === "accepted"),
      option("confirmed", L("includeConfirmed"), c.include === "confirmed"),
    ),
    h(
      "div",
      { class: "actions" },
      button("pull", "btn primary", L("pullRollup"), () => c.pullRollup()),
      button("pull-assessment", "btn", L("pullAssessment"), () => c.pullAssessment()),
      button("publish-rollup-html", "btn subtle", L("publishHtml"), () =>
        c.publish("rollup", "html"),
      ),
      button("publish-rollup-docx", "btn subtle", L("publishWord"), () =>
        c.publish("rollup", "docx"),
      ),
    ),
    reviewer ? followUpActions(v) : null,
    reviewer ? reviewSection(v) : null,
  );
}
