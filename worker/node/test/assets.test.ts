/**
 * The self-hosted server's ASSETS: a page rebuilt while the server runs (npm run build:addin
 * renames each new file over the old one) is served new at the next request, never stale for
 * ever and never 500; a file the rebuild dropped is 404; nothing outside the roots is reachable.
 */
import { mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { staticAssets } from "../assets";

const dir = mkdtempSync(join(tmpdir(), "xxgk-assets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const assets = staticAssets([{ prefix: "/", dir }]);
const get = async (path: string) => {
  const r = await assets.fetch(`https://x.local${path}`);
  return { status: r.status, body: await r.text(), etag: r.headers.get("ETag") };
};

describe("staticAssets", () => {
  it("serves the rebuilt file after an atomic replace, and 404 once it is gone", async () => {
    writeFileSync(join(dir, "taskpane.js"), "old();");
    const first = await get("/taskpane.js");
    expect(first).toMatchObject({ status: 200, body: "old();" });
    writeFileSync(join(dir, ".next.js"), "new();");
    // Same size as before: the mtime alone tells the file changed.
    utimesSync(join(dir, ".next.js"), new Date(), new Date(Date.now() + 5000));
    renameSync(join(dir, ".next.js"), join(dir, "taskpane.js"));
    const second = await get("/taskpane.js");
    expect(second).toMatchObject({ status: 200, body: "new();" });
    expect(second.etag).not.toBe(first.etag);
    rmSync(join(dir, "taskpane.js"));
    expect((await get("/taskpane.js")).status).toBe(404);
    expect((await get("/../etc/passwd")).status).toBe(404);
  });
});
