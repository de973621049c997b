import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { manifestUrls } from "../../shared/manifest/for-origin";
import { script } from "./support";

const tmp = mkdtempSync(join(tmpdir(), "xxgk-manifest-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const ORIGIN = "https://xxgk.example.gov.cn";
const CHECK = "addin/scripts/check-manifest.ts";

describe("npm run manifest -- --origin … --out …", () => {
  const out = join(tmp, "dist/manifest.xml");

  it("writes the manifest for the origin and passes the offline check", () => {
    const r = script("scripts/manifest.ts", ["--origin", `${ORIGIN}/`, "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("office-addin-manifest info: ok");
    expect(r.stdout).toContain(`${out}: ok`);
    const xml = readFileSync(out, "utf8");
    for (const u of manifestUrls(xml)) expect(new URL(u).origin).toBe(ORIGIN);
  });

  it("the check fails a manifest with a URL left elsewhere, or checked for another origin", () => {
    const xml = readFileSync(out, "utf8");
    const stray = join(tmp, "stray.xml");
    writeFileSync(stray, xml.replace(`${ORIGIN}/assets/icon-80.png`, "https://cdn.example/i.png"));
    const a = script(CHECK, [stray, "--origin", ORIGIN]);
    expect(a.status).toBe(1);
    expect(a.stderr).toContain(`pages and icons must share the origin ${ORIGIN}`);
    const b = script(CHECK, [out, "--origin", "https://other.example"]);
    expect(b.status).toBe(1);
    expect(b.stderr).toContain("SourceLocation must be https://other.example/taskpane.html");
  });

  it.each([
    [["--origin", "http://xxgk.example.gov.cn"], "HTTPS"],
    [["--origin", "https://xxgk.example.gov.cn/xxgk"], "scheme, host and port only"],
    [[], "--origin"],
  ])("refuses %j (exit 2, zh-CN and en-US) and writes nothing", (args, why) => {
    const file = join(tmp, `refused-${Math.random()}.xml`);
    const r = script("scripts/manifest.ts", [...args, "--out", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(why);
    expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
    expect(existsSync(file)).toBe(false);
  });
});
