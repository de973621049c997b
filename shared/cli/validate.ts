/**
 * Command-line validator: the contract for integrators and acceptance checks.
 *
 *   npm run validate -- FILE.json [--pretty]
 *
 * FILE is {"form": "...", "year": N, "values": {...}, "previous": {...}}. Prints one JSON object
 * per issue (or a table with --pretty); exits 1 if any error, 0 otherwise, 2 on unusable input.
 */
import { readFileSync } from "node:fs";
import { runValidate } from "./run";

const result = runValidate(process.argv.slice(2), (path) => readFileSync(path, "utf8"));
if (result.stdout) process.stdout.write(result.stdout);
if (result.stderr) process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
