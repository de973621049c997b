/** Runs before the pane boots: an in-memory Excel and a fake API (demo page only). */
import { StrictExcel } from "../testing/strict-excel";
import { fakeApi } from "../testing/fake-api";
import { REVIEWED, TYPED } from "./values";

export const excel = new StrictExcel();
const scenario = new URLSearchParams(location.search).get("scenario");
const remark = scenario === "remark";
window.fetch = fakeApi(
  {
    "requests.carried_out.natural": 3,
    "requests.carried_out.total": 3,
    "proactive.rules.in_force": 12,
    "proactive.rules.issued": 1,
  },
  remark ? (TYPED as Record<string, number>) : null,
  scenario === "review" ? REVIEWED : null,
);
window.localStorage.setItem(
  "xxgk-tables.connection",
  JSON.stringify({ server: "https://localhost:8787", token: "demo-token" }),
);
