/**
 * `npm run manifest -- --origin https://xxgk.example.gov.cn [--out dist/manifest.xml]`: the add-in
 * manifest for a server, generated from the committed manifest.xml (never edited by hand), then
 * validated by the offline check (addin/scripts/check-manifest.ts). Exit 2 on a bad origin, 1 when
 * the check fails.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { checkAddinOrigin, manifestForOrigin } from "../shared/manifest/for-origin";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    origin: { type: "string" },
    out: { type: "string", default: "dist/manifest.xml" },
  },
});

if (!values.origin) {
  console.error("manifest: 请用 --origin 指定服务器地址,例如 --origin https://xxgk.example.gov.cn");
  console.error(
    "manifest: give the server with --origin, e.g. --origin https://xxgk.example.gov.cn",
  );
  process.exit(2);
}
const checked = checkAddinOrigin(values.origin);
if (!checked.ok) {
  console.error(`manifest: ${checked.message.zh}\nmanifest: ${checked.message.en}`);
  process.exit(2);
}

const out = resolve(values.out);
const template = readFileSync(join(root, "manifest.xml"), "utf8");
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, manifestForOrigin(template, checked.origin));
console.log(`manifest: ${out} for ${checked.origin}`);

const check = spawnSync(
  process.execPath,
  [
    join(root, "node_modules/tsx/dist/cli.mjs"),
    join(root, "addin/scripts/check-manifest.ts"),
    out,
    "--origin",
    checked.origin,
  ],
  { stdio: "inherit" },
);
process.exit(check.status ?? 1);
