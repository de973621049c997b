/** The bundle's entry (taskpane.js): polyfills for Edge Legacy, then boot the pane into #app. */
import "./polyfills";
import { boot } from "./main";

const root = document.getElementById("app");
if (root) void boot(root);
