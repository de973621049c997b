/**
 * The bootstrap's SQL against the real migrations in SQLite (node:sqlite): a second root only
 * with `--another-organisation` (issue 21), never beside an existing root otherwise.
 */
import { readdirSync, readFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { bootstrapSql } from "../deploy/bootstrap-sql";

const MIGRATIONS = new URL("../../worker/migrations/", import.meta.url);

function migrated(): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  for (const f of readdirSync(MIGRATIONS)
    .filter((n) => n.endsWith(".sql"))
    .sort()) {
    db.exec(readFileSync(new URL(f, MIGRATIONS), "utf8"));
  }
  return db;
}

const bootstrap = (db: DatabaseSync, code: string, anotherOrganisation: boolean) =>
  db.exec(
    bootstrapSql({
      code,
      name: `${code} 市`,
      credential: { id: `id-${code}-${anotherOrganisation}`, secretHash: "00" },
      now: "2026-12-07T00:00:00.000Z",
      additional: false,
      anotherOrganisation,
    }),
  );

const roots = (db: DatabaseSync) =>
  db
    .prepare(
      `SELECT u.code, (SELECT count(*) FROM credentials c WHERE c.unit_id = u.id) AS admins
         FROM units u WHERE u.parent_id IS NULL ORDER BY u.code`,
    )
    .all();

describe("admin:bootstrap's SQL", () => {
  it("makes the first root; another only with --another-organisation, each with its admin", () => {
    const db = migrated();
    bootstrap(db, "330327", false);
    bootstrap(db, "460100", false);
    expect(roots(db)).toEqual([{ code: "330327", admins: 1 }]);
    bootstrap(db, "460100", true);
    expect(roots(db)).toEqual([
      { code: "330327", admins: 1 },
      { code: "460100", admins: 1 },
    ]);
    // The same code again is no new unit.
    bootstrap(db, "460100", true);
    expect(roots(db)).toHaveLength(2);
  });

  it("writes the credential and its audit line as the Worker does when an admin issues one", () => {
    const db = migrated();
    bootstrap(db, "330327", false);
    expect(
      db
        .prepare("SELECT role, created_by, holder_name, holder_phone, expires_at FROM credentials")
        .all(),
    ).toEqual([
      {
        role: "admin",
        created_by: "admin:bootstrap",
        holder_name: null,
        holder_phone: null,
        expires_at: null,
      },
    ]);
    const lines = db.prepare("SELECT action, target, detail FROM audit_log ORDER BY id").all();
    expect(lines).toEqual([
      { action: "units.import", target: "units", detail: '{"created":1}' },
      {
        action: "credential.create",
        target: "id-330327-false",
        detail: JSON.stringify({ unit: "330327", role: "admin" }),
      },
    ]);
  });
});
