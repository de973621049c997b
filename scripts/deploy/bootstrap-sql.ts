/**
 * The SQL of `npm run admin:bootstrap`, one text for both paths (the local D1 and Cloudflare):
 * the root unit, only into an empty organisation, and an admin credential for it, stored like
 * every credential (worker/src/crypto.ts newCredential: id, sha-256 of the secret). Pure. Each statement guards
 * itself with what is in the tables (never changes()), so it means the same however wrangler
 * sends the file. The credential row and the audit lines are the Worker's own statements
 * (worker/src/db/credentials.ts, db/audit.ts), with literals for the file.
 */
import { INSERT_AUDIT_LINE } from "../../worker/src/db/audit";
import { credentialCreated, INSERT_CREDENTIAL } from "../../worker/src/db/credentials";

export interface BootstrapInput {
  /** The root unit (validated by the caller with UnitImportRowSchema). */
  code: string;
  name: string;
  /** From worker/src/crypto.ts newCredential(): only the hash goes into the database. */
  credential: { id: string; secretHash: string };
  now: string;
  /**
   * Another admin credential although the root has one (a lost token). Without it the
   * credential is created only when the root has no admin credential that is not revoked.
   */
  additional: boolean;
  /**
   * A root beside the existing ones: another organisation in the same database (issue 21). Its
   * admin administers its own tree only; no API request can make a root.
   */
  anotherOrganisation?: boolean;
}

/** A SQL string literal. */
export function sqlText(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

const CREATED_BY = "admin:bootstrap";

export function bootstrapSql(i: BootstrapInput): string {
  const code = sqlText(i.code);
  const id = sqlText(i.credential.id);
  const now = sqlText(i.now);
  const empty = i.anotherOrganisation
    ? `NOT EXISTS (SELECT 1 FROM units WHERE code = ${code})`
    : "NOT EXISTS (SELECT 1 FROM units)";
  const onlyFirst = i.additional
    ? ""
    : `
   AND NOT EXISTS (SELECT 1 FROM credentials c
                    WHERE c.unit_id = u.id AND c.role = 'admin'
                      AND c.id NOT IN (SELECT credential_id FROM credential_revocations))`;
  const created = credentialCreated(i.credential.id, i.code, "admin");
  return `-- npm run admin:bootstrap: the root unit (into an empty organisation) and an admin credential.
INSERT INTO units (code, name, parent_id, depth, path, created_at, subtree_units)
SELECT ${code}, ${sqlText(i.name)}, NULL, 0, ${sqlText(`/${i.code}/`)}, ${now}, 1
 WHERE ${empty};
${INSERT_AUDIT_LINE}
SELECT ${now}, '${CREATED_BY}', NULL, 'units.import', 'units', '{"created":1}'
 WHERE EXISTS (SELECT 1 FROM units WHERE code = ${code} AND created_at = ${now});
${INSERT_CREDENTIAL}
SELECT ${id}, u.id, 'admin', ${sqlText(i.credential.secretHash)}, ${now}, '${CREATED_BY}', NULL, NULL, NULL
  FROM units u
 WHERE u.code = ${code} AND u.parent_id IS NULL${onlyFirst};
${INSERT_AUDIT_LINE}
SELECT ${now}, '${CREATED_BY}', NULL, ${sqlText(created.action)}, ${sqlText(created.target)}, ${sqlText(
    JSON.stringify(created.detail),
  )}
 WHERE EXISTS (SELECT 1 FROM credentials WHERE id = ${id});
`;
}

/** What the bootstrap left: whether the credential exists, and the roots with their admins. */
export function outcomeSql(credentialId: string): string {
  return `SELECT (SELECT count(*) FROM credentials WHERE id = ${sqlText(credentialId)}) AS created,
       u.code, u.name,
       (SELECT count(*) FROM credentials c
         WHERE c.unit_id = u.id AND c.role = 'admin'
           AND c.id NOT IN (SELECT credential_id FROM credential_revocations)) AS admins
  FROM units u WHERE u.parent_id IS NULL ORDER BY u.code`;
}

export interface OutcomeRow {
  created: number;
  code: string;
  name: string;
  admins: number;
}
