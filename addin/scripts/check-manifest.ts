/**
 * `npm run check:manifest`: validate manifest.xml offline. xmllint against the Office add-in
 * manifest XSDs vendored in vendor/office-addin-manifest (Debian: libxml2-utils), then
 * `office-addin-manifest info`, then the project's own expectations (one origin, icons).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const manifest = join(root, "manifest.xml");
const xsd = join(root, "vendor/office-addin-manifest/OfficeAppManifestV1_1.xsd");
const failures: string[] = [];

function run(cmd: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, OFFICE_ADDIN_USAGE_DATA_OPT_IN: "false" },
  });
  if (r.error) return { status: null, out: String(r.error.message) };
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

if (!existsSync(xsd)) {
  failures.push(`schemas not found at ${xsd} (vendored in the repository)`);
} else {
  const x = run("xmllint", ["--noout", "--schema", xsd, manifest]);
  if (x.status === null)
    failures.push("xmllint is not installed (apt-get install -y libxml2-utils)");
  else if (x.status !== 0) failures.push(`xmllint: ${x.out.trim()}`);
  else console.log(x.out.trim());
}

const bin = join(root, "node_modules/.bin/office-addin-manifest");
const info = run(bin, ["info", manifest]);
if (info.status !== 0 || !/Type: TaskPaneApp/.test(info.out))
  failures.push(`office-addin-manifest info: ${info.out.trim()}`);
else console.log("office-addin-manifest info: ok");

const xml = readFileSync(manifest, "utf8");
const urls = [...xml.matchAll(/(?:DefaultValue|Value)="(https?:\/\/[^"]+)"/g)].map((m) => m[1]!);
const origins = new Set(urls.map((u) => new URL(u).origin));
if (origins.size !== 1)
  failures.push(`pages and icons must share one origin, found ${[...origins].join(", ")}`);
if (!xml.includes('<SourceLocation DefaultValue="https://localhost:8787/taskpane.html"/>')) {
  failures.push("SourceLocation must be https://localhost:8787/taskpane.html");
}
for (const size of [16, 32, 64, 80]) {
  if (!xml.includes(`/assets/icon-${size}.png`)) failures.push(`icon ${size} is not referenced`);
  if (!existsSync(join(root, `assets/icons/icon-${size}.png`)))
    failures.push(`assets/icons/icon-${size}.png is missing`);
}
if (!/<OfficeTab id="TabHome">/.test(xml))
  failures.push("the button group belongs on the Home tab");
if (!/<DefaultLocale>zh-CN<\/DefaultLocale>/.test(xml) || !/Locale="en-US"/.test(xml))
  failures.push("zh-CN default with en-US overrides");

if (failures.length) {
  for (const f of failures) console.error(`manifest: ${f}`);
  process.exit(1);
}
console.log("manifest.xml: ok");
