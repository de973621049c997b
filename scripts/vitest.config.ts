import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

// The deploy scripts (setup:cloudflare, deploy, admin:bootstrap, manifest) in Node: their pure
// parts, and the --local path end to end with wrangler and a local D1 (never Cloudflare).
export default defineProject({
  test: {
    name: "scripts",
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["test/**/*.test.ts"],
    environment: "node",
    // The local-deploy test builds dist/addin and runs wrangler: one file at a time.
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
