/**
 * `npm run admin:bootstrap -- --code 330327 --name 苍南县`: the root unit of the organisation and
 * its first admin credential in the production database; prints the token once (only its hash is
 * stored, made by the Worker's own code). `--local [--persist-to DIR]`: the local D1 instead.
 * `--additional`: another admin credential for an existing root (a lost token).
 * `--another-organisation`: a new root beside the existing ones (two organisations in one
 * database never see each other; the API cannot make a root). `--dry-run`:
 * print the commands and the SQL as JSON, run nothing. `--db FILE`: the self-hosted server's SQLite
 * file instead (migrated first, as the server would at start; the same SQL in one transaction).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { UnitImportRowSchema } from "../shared/api/schemas";
import { newCredential } from "../worker/src/crypto";
import {
  type Step,
  type Target,
  TARGET_OPTIONS,
  d1Flags,
  d1Rows,
  envFlags,
  fail,
  parseTarget,
  ROOT,
  run,
} from "./deploy/cli";
import { type OutcomeRow, bootstrapSql, outcomeSql } from "./deploy/bootstrap-sql";
import { DB_BINDING } from "./deploy/production-env";
import { openSqlite } from "../worker/node/d1-sqlite";
import { NewerDatabaseError, migrate, readMigrations } from "../worker/node/migrate";

const NAME = "admin:bootstrap";
const { values } = parseArgs({
  options: {
    ...TARGET_OPTIONS,
    code: { type: "string" },
    name: { type: "string" },
    additional: { type: "boolean", default: false },
    "another-organisation": { type: "boolean", default: false },
    db: { type: "string" },
  },
});
if (values.db !== undefined && (values.local || values["persist-to"] || values.config)) {
  fail(
    NAME,
    "--db(自托管服务器的数据库文件)不能与 --local、--persist-to、--config 一起使用。",
    "--db (the self-hosted server's database file) does not go with --local, --persist-to or --config.",
  );
}
const target = parseTarget(NAME, values);
const root = UnitImportRowSchema.safeParse({ code: values.code, name: values.name });
if (!root.success) {
  fail(
    NAME,
    "请用 --code 和 --name 给出根单位的代码(1–64 位字母、数字、_ . -)和名称,例如 --code 330327 --name 苍南县。",
    "Give the root unit's code (1–64 letters, digits, _ . -) and name with --code and --name, e.g. --code 330327 --name 苍南县.",
  );
}

/** The two commands, the same for both paths but for d1Flags. */
function plan(t: Target, sqlFile: string, credentialId: string): Step[] {
  const d1 = ["wrangler", "d1", "execute", DB_BINDING, ...envFlags(t), ...d1Flags(t)];
  return [
    // Captured: wrangler prints every statement's empty result; shown only on failure.
    { argv: [...d1, "--yes", "--file", sqlFile], capture: true },
    { argv: [...d1, "--json", "--command", outcomeSql(credentialId)], capture: true },
  ];
}

const credential = await newCredential();
const sql = bootstrapSql({
  code: root.data.code,
  name: root.data.name,
  credential,
  now: new Date().toISOString(),
  additional: values.additional,
  anotherOrganisation: values["another-organisation"],
});
const dir = mkdtempSync(join(tmpdir(), "xxgk-bootstrap-"));
const sqlFile = join(dir, "bootstrap.sql");
const steps = plan(target, sqlFile, credential.id);

if (values.db !== undefined && !target.dryRun) {
  const rows = bootstrapSqlite(values.db, sql, credential.id);
  report(rows, ["数据库 " + values.db, "the database " + values.db]);
  process.exit(0);
}

if (target.dryRun) {
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ steps, files: { [sqlFile]: sql }, token: credential.token }));
  process.exit(0);
}

writeFileSync(sqlFile, sql);
try {
  run(NAME, steps[0]!);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
report(
  d1Rows<OutcomeRow>(run(NAME, steps[1]!)),
  target.local ? ["本地数据库", "the local D1"] : ["生产数据库", "the production database"],
);

/** The bootstrap SQL on a self-hosted SQLite file, migrated first; what it left. */
function bootstrapSqlite(file: string, text: string, credentialId: string): OutcomeRow[] {
  const db = openSqlite(resolve(file));
  try {
    migrate(db, readMigrations(join(ROOT, "worker/migrations")));
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(text);
      db.exec("COMMIT");
    } catch (e) {
      db.exec("ROLLBACK");
      throw e;
    }
    return db.prepare(outcomeSql(credentialId)).all() as unknown as OutcomeRow[];
  } catch (e) {
    if (e instanceof NewerDatabaseError) {
      const [zh, en] = e.message.split("\n");
      fail(NAME, zh!, en!);
    }
    throw e;
  } finally {
    db.close();
  }
}

function report(rows: OutcomeRow[], [whereZh, whereEn]: [string, string]): void {
  const made = rows.find((r) => r.created > 0 && r.code === root.data!.code);
  if (!made) explainRefusal(rows);

  console.log(`
${NAME}: 已在${whereZh}中为根单位 ${made.code} ${made.name} 创建管理员凭据。
${NAME}: an admin credential for the root unit ${made.code} ${made.name} is in ${whereEn}.

管理员令牌只显示这一次,请存入密码管理器;丢失后只能用 --additional 另建一个。
The admin token is shown this once: keep it in a password manager. A lost token cannot be
recovered; make another with --additional.

  ${credential.token}
`);
}

function explainRefusal(rows: OutcomeRow[]): never {
  const wanted = root.data!.code;
  const same = rows.find((r) => r.code === wanted);
  if (!same && rows.length > 0) {
    const roots = rows.map((r) => `${r.code} ${r.name}`).join(", ");
    fail(
      NAME,
      `数据库已有根单位(${roots}),未作任何更改;请用 --code 指定已有的根单位,或加 --another-organisation 另建一个组织。`,
      `The database already has a root unit (${roots}); nothing changed. Name that root with --code, or add --another-organisation for another organisation.`,
    );
  }
  if (same && same.admins > 0) {
    fail(
      NAME,
      `根单位 ${wanted} 已有 ${same.admins} 个有效的管理员凭据,未作任何更改;如确需另建一个,请加 --additional。`,
      `The root unit ${wanted} already has ${same.admins} admin credential(s); nothing changed. Add --additional to make another.`,
    );
  }
  fail(
    NAME,
    "没有创建任何内容:数据库中没有单位表?请先运行 npm run deploy(它会应用数据库迁移)。",
    "Nothing was created: has the database its tables? Run npm run deploy first (it applies the migrations).",
  );
}
