/**
 * `npm run db:backup -- --db FILE --out BACKUP`: an online, consistent copy of the self-hosted
 * database (worker/node/backup.ts), safe while the server runs and writes.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { BackupError, backupDatabase } from "../worker/node/backup";
import { fail } from "./deploy/cli";

const NAME = "db:backup";
const { values } = parseArgs({ options: { db: { type: "string" }, out: { type: "string" } } });
if (!values.db || !values.out)
  fail(
    NAME,
    "用法:npm run db:backup -- --db 数据库文件 --out 备份文件",
    "Usage: npm run db:backup -- --db FILE --out BACKUP",
  );
try {
  const { migrations } = backupDatabase(resolve(values.db), resolve(values.out));
  console.log(`${NAME}: 已备份到 ${values.out}(迁移 ${migrations.at(-1)})。`);
  console.log(`${NAME}: backed up into ${values.out} (migration ${migrations.at(-1)}).`);
} catch (e) {
  if (e instanceof BackupError) fail(NAME, e.zh, e.en);
  throw e;
}
