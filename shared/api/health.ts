import * as z from "zod/mini";

/**
 * `GET /api/v1/health` (no authentication): what a monitor or a newcomer may know about a server.
 * Nothing private: no counts, no units, no credentials.
 */
export const HealthResponseSchema = z.strictObject({
  /** The product's version (package.json). */
  version: z.string(),
  /** The applied D1 migrations, oldest first (d1_migrations). */
  migrations: z.array(z.string()),
  /** The server's clock, ISO 8601 UTC. */
  time: z.string(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
