/**
 * "This database is in use": a lock file beside the SQLite file (`FILE.lock`) naming the server's
 * process. db:restore refuses to replace a database whose lock names a live process; a lock left
 * by a process that died is taken over. Same machine only (as is a SQLite file in WAL mode).
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";

export interface Lock {
  release(): void;
}

export function lockFile(db: string): string {
  return `${db}.lock`;
}

/** The live process holding the database, if any. */
export function lockHolder(db: string): number | null {
  let pid: number;
  try {
    pid = Number(JSON.parse(readFileSync(lockFile(db), "utf8")).pid);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    // EPERM: alive, but another user's.
    return (e as NodeJS.ErrnoException).code === "EPERM" ? pid : null;
  }
}

export class DatabaseInUseError extends Error {
  constructor(
    readonly db: string,
    readonly pid: number,
  ) {
    super(
      `数据库 ${db} 正被进程 ${pid} 使用(见 ${lockFile(db)}),请先停止服务器。\n` +
        `The database ${db} is in use by process ${pid} (see ${lockFile(db)}); stop the server first.`,
    );
  }
}

/** Take the database for this process, or throw DatabaseInUseError. */
export function holdLock(db: string): Lock {
  const holder = lockHolder(db);
  if (holder !== null && holder !== process.pid) throw new DatabaseInUseError(db, holder);
  writeFileSync(
    lockFile(db),
    JSON.stringify({ pid: process.pid, since: new Date().toISOString() }) + "\n",
  );
  return {
    release: () => {
      if (lockHolder(db) === process.pid) rmSync(lockFile(db), { force: true });
    },
  };
}
