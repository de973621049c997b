/**
 * `npm run serve`: the self-hosted server, configured by environment variables (config.ts,
 * docs/SELF-HOSTING.md). SIGTERM or SIGINT: stop accepting, finish what is in flight, close the
 * database, exit 0 (a second signal while stopping changes nothing).
 */
import { ConfigError, loadConfig } from "./config";
import { DatabaseInUseError } from "./lock";
import { NewerDatabaseError } from "./migrate";
import { startServer } from "./server";

try {
  const server = await startServer(loadConfig(process.env));
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} catch (e) {
  if (
    e instanceof ConfigError ||
    e instanceof NewerDatabaseError ||
    e instanceof DatabaseInUseError
  ) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}
