/**
 * The task pane's DOM: plain elements styled like Fluent (taskpane.css), re-rendered on every
 * change of the controller. One module per card (view/): connection, clerk, supervisor, review.
 */
import type { PaneController } from "./controller";
import { adminSection } from "./view/admin";
import { clerkSection } from "./view/clerk";
import { connectSection } from "./view/connect";
import { h, noteFocus, restoreFocus, viewOf, type View } from "./view/dom";
import { supervisorSection } from "./view/supervisor";

function cards(v: View): (HTMLElement | null)[] {
  const { c, L } = v;
  const role = c.me?.role;
  return [
    h("header", { class: "top" }, h("h1", {}, L("appTitle"))),
    connectSection(v),
    role !== "supervisor" ? clerkSection(v) : null,
    role === "supervisor" || role === "admin" ? supervisorSection(v, role === "supervisor") : null,
    role === "admin" ? adminSection(v) : null,
    c.notice
      ? h("p", { class: `notice ${c.notice.kind}`, role: "alert", id: "notice" }, c.notice.text)
      : null,
  ];
}

/** Draw everything again, keeping the focused box, what is typed in it and its caret. */
function redraw(root: HTMLElement, v: View): void {
  const focus = noteFocus();
  const parts = cards(v);
  root.textContent = "";
  for (const p of parts) if (p) root.appendChild(p);
  if (focus) restoreFocus(focus);
}

export function mountPane(root: HTMLElement, c: PaneController): () => void {
  const v = viewOf(c, () => redraw(root, v));
  v.render();
  // A choice comes from the pane's own fields, which show it already; redrawing then would
  // replace the field the user is leaving (a Tab or a click on a button would be lost).
  return c.subscribe((change) => {
    if (change !== "choice") v.render();
  });
}
