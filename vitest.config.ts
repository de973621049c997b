import { defineConfig } from "vitest/config";

// One vitest run drives every project: the shared core (plain Node), the Worker (workerd with
// real local D1, and its pure parts in Node), the self-hosted server (Node + SQLite), the add-in (Node with a strict Excel stand-in), the
// browser tests (Chromium against wrangler dev), the deploy scripts (Node, local D1) and the
// repository's own checks (tests/). Each project owns its config.
export default defineConfig({
  test: {
    projects: [
      "shared/vitest.config.ts",
      "worker/vitest.config.ts",
      "worker/vitest.unit.config.ts",
      "worker/node/vitest.config.ts",
      "addin/vitest.config.ts",
      "e2e/vitest.config.ts",
      "scripts/vitest.config.ts",
      "tests/vitest.config.ts",
    ],
  },
});
