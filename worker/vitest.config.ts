import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineProject } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));
// wrangler.toml serves dist/addin as static assets; the directory must exist.
mkdirSync(`${root}/dist/addin`, { recursive: true });

// The Worker's tests run inside workerd with a real local D1 that the real migrations set up.
export default defineProject({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: `${root}/wrangler.toml` },
      miniflare: {
        // A second local D1 for the migration test (migrated step by step, filled from a fixture).
        d1Databases: { MIGRATION_DB: "migration-test" },
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(`${root}/worker/migrations`),
          ADDIN_ORIGIN: "https://addin.example",
          // An API origin the pane's pages may connect to besides their own (CSP connect-src).
          API_ORIGIN: "https://api.example",
          // One JSON log line per request is right in production, noise in a test run.
          LOG_REQUESTS: "off",
          // The xlsx size limit, low enough for a test to cross it quickly.
          XLSX_MAX_UNITS: "5000",
          // 催报's robot: follow-up.test.ts fakes it (no request leaves the test); no other test
          // sends a reminder.
          REMINDER_WEBHOOK_URL: "https://robot.invalid/robot/send?access_token=test",
          REMINDER_WEBHOOK_SECRET: "SECtest-signing-secret",
        },
      },
    })),
  ],
  test: {
    // Property tests and workerd runs take seconds on a loaded 2-core CI machine; the limit only
    // catches hangs (speed lives in bench/).
    testTimeout: 60_000,
    name: "worker",
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["test/**/*.test.ts"],
    // Pure tests run in plain Node (vitest.unit.config.ts).
    exclude: ["test/unit/**"],
    setupFiles: ["./test/setup.ts"],
  },
});
