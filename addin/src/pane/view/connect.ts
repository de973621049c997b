/** The connection card and the form/year picker. */
import type { StringKey } from "../../common/i18n";
import { h, option, type View } from "./dom";

export function connectSection({ c, L }: View): HTMLElement {
  const server = h("input", {
    id: "server",
    type: "url",
    value: c.server,
    autocomplete: "url",
  }) as HTMLInputElement;
  const token = h("input", {
    id: "token",
    type: "password",
    value: c.token,
    autocomplete: "off",
  }) as HTMLInputElement;
  const me = c.me;
  return h(
    "section",
    { class: "card", id: "connect" },
    h("h2", {}, L("connect")),
    me
      ? h(
          "div",
          { class: "me" },
          h("span", { class: "badge ok" }, L("connected")),
          h("div", {}, `${L("unit")}: `, h("strong", {}, me.unit.name), ` (${me.unit.code})`),
          h("div", {}, `${L("role")}: ${L(`role_${me.role}` as StringKey)}`),
          h("button", { class: "btn subtle", onclick: () => c.disconnect() }, L("disconnect")),
        )
      : h(
          "form",
          {
            onsubmit: (e: Event) => {
              e.preventDefault();
              void c.connect(server.value.trim(), token.value.trim());
            },
          },
          h("label", { for: "server" }, L("serverUrl")),
          server,
          h("label", { for: "token" }, L("token")),
          token,
          h("p", { class: "hint" }, L("tokenHint")),
          h("button", { class: "btn primary", type: "submit", disabled: c.busy }, L("connect")),
        ),
  );
}

export function formPicker({ c, L }: View): HTMLElement[] {
  const select = h(
    "select",
    {
      id: "form",
      onchange: (e: Event) => c.choose({ formId: (e.target as HTMLSelectElement).value }),
    },
    // A form by its title, as the filing page names it (the id is the value a program reads).
    ...c.forms.map((f) => option(f.id, f.title[c.lang], f.id === c.formId)),
  );
  const year = h("input", {
    id: "year",
    type: "number",
    min: 2000,
    max: 2100,
    value: c.year,
    onchange: (e: Event) => c.choose({ year: Number((e.target as HTMLInputElement).value) }),
  });
  return [
    h("label", { for: "form" }, L("form")),
    select,
    h("label", { for: "year" }, L("year")),
    year,
  ];
}
