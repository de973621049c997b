/**
 * `npm start` as a newcomer meets it: one line on the terminal once the server answers (where it
 * serves, the demo tokens file, the log file), everything else in the log; the tokens work.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DevCredentialsSchema } from "../../shared/api/schemas";
import { freePort } from "../../e2e/support/ports";
import { ROOT } from "./support";

const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");

describe("npm start", () => {
  it("prints one line saying where it serves, where the tokens and the log are", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [TSX, join(ROOT, "scripts/start.ts")], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), CI: "true", WRANGLER_SEND_METRICS: "false" },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(
          () => out.includes("\n") && (clearInterval(timer), resolve()),
          100,
        );
        void exited.then(
          (c) => (clearInterval(timer), reject(new Error(`exit ${c}\n${out}${err}`))),
        );
      });
      const lines = out.trimEnd().split("\n");
      expect(lines).toHaveLength(1);
      expect(err).toBe("");
      const credentials = join(ROOT, ".dev/credentials.json");
      const log = join(ROOT, ".dev/start.log");
      expect(lines[0]).toContain(`localhost:${port}`);
      expect(lines[0]).toContain(credentials);
      expect(lines[0]).toContain(log);
      // The rest went to the log: the build, the migrations, wrangler's banner.
      expect(existsSync(log)).toBe(true);
      expect(readFileSync(log, "utf8")).toContain("wrangler d1 migrations apply");
      const tokens = DevCredentialsSchema.parse(JSON.parse(readFileSync(credentials, "utf8")));
      const me = await fetch(`http://localhost:${port}/api/v1/me`, {
        headers: { Authorization: `Bearer ${tokens.admin}` },
      });
      expect(me.status).toBe(200);
      const page = await fetch(`http://localhost:${port}/taskpane.html`);
      expect(page.status).toBe(200);
      // Nothing more on the terminal while it serves.
      expect(out.trimEnd().split("\n")).toHaveLength(1);
    } finally {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      await exited;
    }
  });
});
