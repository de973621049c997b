/**
 * Online backup and restore of the self-hosted database. A backup is `VACUUM INTO` a new file:
 * one read transaction, so it is a consistent snapshot even while the server writes (WAL: the
 * writers are not blocked), compacted and without a WAL of its own. A restore checks the backup,
 * refuses to replace a database a live server holds (lock.ts), and swaps the file in whole.
 */
import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { DatabaseInUseError, lockHolder } from "./lock";
import { appliedMigrations } from "./migrate";

export class BackupError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh}\n${en}`);
  }
}

/** The migrations a database file holds, after checking it is a whole, sound SQLite database. */
export function checkDatabase(file: string): string[] {
  if (!existsSync(file))
    throw new BackupError(`文件 ${file} 不存在。`, `The file ${file} does not exist.`);
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file, { readOnly: true });
  } catch (e) {
    throw new BackupError(
      `无法打开 ${file}:${(e as Error).message}`,
      `Cannot open ${file}: ${(e as Error).message}`,
    );
  }
  try {
    const check = db.prepare("PRAGMA integrity_check").all() as { integrity_check: string }[];
    if (check[0]?.integrity_check !== "ok")
      throw new BackupError(
        `${file} 已损坏(integrity_check 未通过)。`,
        `${file} is damaged (integrity_check failed).`,
      );
    const migrations = appliedMigrations(db);
    if (!migrations.length)
      throw new BackupError(
        `${file} 不是本系统的数据库(没有迁移记录)。`,
        `${file} is not a database of this system (no migration records).`,
      );
    return migrations;
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError(
      `${file} 不是可用的数据库:${(e as Error).message}`,
      `${file} is not a usable database: ${(e as Error).message}`,
    );
  } finally {
    db.close();
  }
}

/** Back `db` up into the new file `out` while the server runs. */
export function backupDatabase(db: string, out: string): { migrations: string[] } {
  if (!existsSync(db))
    throw new BackupError(`数据库 ${db} 不存在。`, `The database ${db} does not exist.`);
  if (existsSync(out))
    throw new BackupError(
      `${out} 已存在,未覆盖;请指定新的备份文件名。`,
      `${out} exists and was not overwritten; name a new backup file.`,
    );
  const source = new DatabaseSync(db);
  try {
    source.exec("PRAGMA busy_timeout = 10000");
    source.prepare("VACUUM INTO ?").run(out);
  } finally {
    source.close();
  }
  return { migrations: checkDatabase(out) };
}

/** Replace `db` with the backup `from`; refused while a server holds `db`. */
export function restoreDatabase(from: string, db: string): { migrations: string[] } {
  const migrations = checkDatabase(from);
  const holder = lockHolder(db);
  if (holder !== null) throw new DatabaseInUseError(db, holder);
  const staging = `${db}.restoring`;
  copyFileSync(from, staging);
  // The old database's WAL and shared memory belong to the old file: never let them apply to
  // the restored one.
  rmSync(`${db}-wal`, { force: true });
  rmSync(`${db}-shm`, { force: true });
  renameSync(staging, db);
  return { migrations };
}
