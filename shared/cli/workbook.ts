/**
 * Command-line workbook writer: the form's self-checking workbook as an .xlsx file.
 *
 *   npm run workbook -- INPUT.json --out FILE.xlsx          (INPUT as for npm run validate)
 *   npm run workbook -- --form FORM --year YEAR --out FILE.xlsx     (blank)
 *
 * Exits 0 when the file is written, 2 on unusable input (the message says why).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { runWorkbook } from "./workbook-run";

const result = await runWorkbook(process.argv.slice(2), (path) => readFileSync(path, "utf8"));
if (result.output) writeFileSync(result.output.path, result.output.bytes);
if (result.stdout) process.stdout.write(result.stdout);
if (result.stderr) process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
