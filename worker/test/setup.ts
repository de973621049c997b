import { applyD1Migrations, env } from "cloudflare:test";
import { autoOpenPeriods } from "./helpers";

// The real migrations, applied to each test file's own local D1.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// Test trees get open periods as they are created (helpers.autoOpenPeriods).
await autoOpenPeriods();
