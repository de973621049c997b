/**
 * `npm run check:manifest`: validate manifest.xml offline. xmllint against the Office add-in
 * manifest XSDs vendored in vendor/office-addin-manifest (Debian: libxml2-utils), then
 * `office-addin-manifest info`, then the project's own expectations (one origin, icons).
 *
 * A generated manifest (`npm run manifest`): `check-manifest.ts FILE --origin ORIGIN`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { TEMPLATE_ORIGIN } from "../../shared/manifest/for-origin";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const args = parseArgs({
  allowPositionals: true,
  options: {
    origin: { type: "string", default: TEMPLATE_ORIGIN },
  },
});
const manifest = args.positionals[0] ? resolve(args.positionals[0]) : join(root, "manifest.xml");
const origin = args.values.origin;
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
if (origins.size !== 1 || !origins.has(origin))
  failures.push(
    `pages and icons must share the origin ${origin}, found ${[...origins].join(", ")}`,
  );
if (!xml.includes(`<AppDomain>${origin}</AppDomain>`))
  failures.push(`AppDomains must list ${origin}`);
if (!xml.includes(`<SourceLocation DefaultValue="${origin}/taskpane.html"/>`)) {
  failures.push(`SourceLocation must be ${origin}/taskpane.html`);
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
console.log(`${manifest}: ok`);
