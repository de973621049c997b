import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

// Browser tests: Debian's Chromium (playwright-core) against `wrangler dev` started by each test
// file on a free port with a fresh local D1. One file at a time: each runs its own server.
export default defineProject({
  test: {
    name: "e2e",
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["**/*.e2e.test.ts"],
    environment: "node",
    globalSetup: ["./global-setup.ts"],
    fileParallelism: false,
    testTimeout: 150_000,
    hookTimeout: 150_000,
  },
});
