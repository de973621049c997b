/** The bundle's entry (taskpane.js): boot the pane into #app. */
import { boot } from "./main";

const root = document.getElementById("app");
if (root) void boot(root);
