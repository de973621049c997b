/**
 * The task pane as the e2e harness loads it: the shipped pane (src/pane/main.ts, bundled with the
 * shipped options) booted on the Excel stand-in the harness page installs first as
 * `window.xxgkExcel`. Never shipped: the shipped entry (src/pane/entry.ts) has no such hook, so
 * no page script can hand the real pane another Excel.
 */
import "../src/pane/polyfills";
import type { XlApi } from "../src/host/xl";
import { boot } from "../src/pane/main";

const injected = (window as unknown as { xxgkExcel?: XlApi }).xxgkExcel;
const root = document.getElementById("app");
if (root) void boot(root, { injected });
