/**
 * exceljs, the same build everywhere: its self-contained browser bundle without polyfills. The
 * package's Node entry pulls in fs, streams and archiver; the bundle needs none of them, so the
 * CLI, the tests and the Worker (workerd) run one and the same writer.
 */
import "./immediate-shim";
import type ExcelJSTypes from "exceljs";
// @ts-expect-error the bundle ships no type declarations; the package's own types describe it.
import bundle from "exceljs/dist/exceljs.bare.min.js";

const ExcelJS = bundle as typeof ExcelJSTypes;
export default ExcelJS;
export { settle } from "./immediate-shim";
