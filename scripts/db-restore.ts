/**
 * `npm run db:restore -- --from BACKUP --db FILE`: put a backup back as the self-hosted database;
 * refused while a server uses FILE (stop it first), and for a file that is not a sound backup.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { BackupError, restoreDatabase } from "../worker/node/backup";
import { DatabaseInUseError } from "../worker/node/lock";
import { fail } from "./deploy/cli";

const NAME = "db:restore";
const { values } = parseArgs({ options: { from: { type: "string" }, db: { type: "string" } } });
if (!values.from || !values.db)
  fail(
    NAME,
    "用法:npm run db:restore -- --from 备份文件 --db 数据库文件",
    "Usage: npm run db:restore -- --from BACKUP --db FILE",
  );
try {
  const { migrations } = restoreDatabase(resolve(values.from), resolve(values.db));
  console.log(
    `${NAME}: 已用 ${values.from} 恢复 ${values.db}(迁移 ${migrations.at(-1)});启动服务器即可。`,
  );
  console.log(
    `${NAME}: ${values.db} restored from ${values.from} (migration ${migrations.at(-1)}); start the server.`,
  );
} catch (e) {
  if (e instanceof BackupError) fail(NAME, e.zh, e.en);
  if (e instanceof DatabaseInUseError) {
    const [zh, en] = e.message.split("\n");
    fail(NAME, zh!, en!);
  }
  throw e;
}
