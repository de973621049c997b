import { app } from "./app";
import { pruneIdempotency } from "./db/idempotency";
import type { Env } from "./env";
import { log } from "./http/log";

export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) => app.fetch(request, env, ctx),
  /** The Cron Trigger of wrangler.toml: expire idempotency records (never the audit log). */
  scheduled: async (controller: ScheduledController, env: Env) => {
    const pruned = await pruneIdempotency(env.DB, new Date(controller.scheduledTime));
    log(`cron-${controller.scheduledTime}`, {
      level: "info",
      cron: controller.cron,
      idempotencyPruned: pruned,
    });
  },
} satisfies ExportedHandler<Env>;
