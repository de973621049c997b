/**
 * The administrator's sheets: 单位 (pull, preview, apply the unit tree), 邀请码 (issue invite
 * codes for the units and roles listed), 账号 (list and revoke credentials) and 填报期 (open and
 * close periods). Each action reads its sheet in one sync and writes it in one writeSheets call.
 */
import type { ApiResult } from "../common/api-client";
import type { Lang } from "../common/i18n";
import { t } from "../common/i18n";
import type { WbSheet } from "../../../shared/workbook";
import type { PaneCore } from "./core";
import {
  CREDENTIAL_RANGE,
  INVITE_RANGE,
  MAX_ROWS,
  PERIOD_RANGE,
  UNIT_RANGE,
  cellText,
  credentialHeader,
  inviteRow,
  invitesSheet,
  periodsSheet,
  readInviteSheet,
  readPeriodSheet,
  readUnitSheet,
  roleWord,
  adminSheet,
  unitResultSheet,
  unitsSheet,
} from "../sheets/admin";
import { at, type AdminKey } from "../common/admin-text";
import { auditHeader, auditRows } from "../../../shared/workbook/audit-sheet";
import { chinaDate, chinaTime } from "../../../shared/china-time";

/** A time as every sheet of the product gives it: China time, to the minute. */
const when = (iso: string | null | undefined) => (iso ? (chinaTime(iso) ?? iso) : "");

export class AdminRole {
  constructor(private readonly core: PaneCore) {}

  private get lang(): Lang {
    return this.core.lang;
  }

  private say(kind: "info" | "error", key: AdminKey, vars: Record<string, string | number> = {}) {
    this.core.say(kind, at(this.lang, key, vars));
  }

  /** Run with the pane busy, connected; a failed answer becomes the notice. */
  private async run(work: (api: NonNullable<PaneCore["api"]>) => Promise<void>): Promise<void> {
    const core = this.core;
    await core.guard(async () => {
      if (!core.api) return core.say("error", t(core.lang, "notConnected"));
      await work(core.api);
    });
  }

  private ok<T>(res: ApiResult<T>): res is Extract<ApiResult<T>, { ok: true }> {
    if (!res.ok) this.core.say("error", this.core.failureText(res));
    return res.ok;
  }

  /** A sheet's values, or null (with the notice) when it is missing. */
  private async read(sheet: AdminKey, range: string, button: AdminKey) {
    const values = await this.core.deps.host.readTable(at(this.lang, sheet), range);
    if (!values)
      this.say("error", "noSheet", { sheet: at(this.lang, sheet), button: at(this.lang, button) });
    else if (values.length > MAX_ROWS && cellText(values[MAX_ROWS]?.[0]) !== "")
      this.say("error", "tooManyRows", { n: MAX_ROWS });
    return values;
  }

  private write(sheet: WbSheet): Promise<void> {
    return this.core.deps.host.writeSheets([sheet]);
  }

  pullUnits(): Promise<void> {
    return this.run(async (api) => {
      const res = await api.adminUnits();
      if (!this.ok(res)) return;
      await this.write(unitsSheet(res.data.units, this.lang));
      this.say("info", "pulledUnits", { n: res.data.units.length });
    });
  }

  /** Preview (`apply` false) or apply the unit sheet; the check column says what each row does. */
  unitChanges(apply: boolean): Promise<void> {
    return this.run(async (api) => {
      const values = await this.read("unitSheet", UNIT_RANGE, "pullUnits");
      if (!values) return;
      const sheet = readUnitSheet(values, this.lang);
      const res = await api.unitChanges(sheet.rows, !apply || sheet.local.size > 0);
      if (!res.ok) {
        const errors =
          (res.kind === "problem" && (res.problem as { errors?: never[] }).errors) || null;
        if (errors) await this.write(unitResultSheet(sheet, { changes: [], errors }, this.lang));
        this.core.say("error", this.core.failureText(res));
        return;
      }
      const r = res.data;
      const errors = r.errors.length + sheet.local.size;
      await this.write(unitResultSheet(sheet, r, this.lang));
      if (errors)
        this.say("error", apply ? "rowErrors" : "previewed", { changes: r.changes.length, errors });
      else if (apply) this.say("info", "applied", { changes: r.changes.length });
      else if (r.changes.length)
        this.say("info", "previewed", { changes: r.changes.length, errors });
      else this.say("info", "previewClean");
    });
  }

  issueInvites(): Promise<void> {
    return this.run(async (api) => {
      const values = await this.core.deps.host.readTable(
        at(this.lang, "inviteSheet"),
        INVITE_RANGE,
      );
      if (!values) {
        await this.write(invitesSheet([], this.lang));
        return this.say("info", "inviteTemplate");
      }
      const { rows, wanted } = readInviteSheet(values);
      if (wanted.length === 0) return this.say("info", "nothingToIssue");
      const bad = wanted.find((w) => w.role === null);
      if (bad) return this.core.say("error", `${bad.unit}: ${at(this.lang, "badRole")}`);
      let n = 0;
      for (const w of wanted) {
        const res = await api.createInvite(w.unit, w.role!);
        if (!res.ok) {
          await this.write(invitesSheet(rows, this.lang));
          this.core.say("error", `${w.unit}: ${this.core.failureText(res)}`);
          return;
        }
        rows[w.index] = inviteRow(this.lang, res.data);
        n++;
      }
      await this.write(invitesSheet(rows, this.lang));
      this.say("info", "invitesDone", { n });
    });
  }

  listCredentials(): Promise<void> {
    return this.run(async (api) => {
      const res = await api.credentials();
      if (!this.ok(res)) return;
      const rows = res.data.credentials.map((c) => [
        c.id,
        roleWord(this.lang, c.role),
        c.unit.code,
        c.unit.name,
        when(c.createdAt),
        when(c.lastUsedAt),
        when(c.revokedAt),
        "",
        // Who holds it and until when it works (issue 21), after the revoke column it reads.
        c.holderName ?? "",
        c.holderPhone ?? "",
        c.expiresAt ? (chinaDate(c.expiresAt) ?? c.expiresAt) : "",
      ]);
      const widths = [150, 50, 90, 160, 110, 110, 110, 90, 80, 110, 90];
      await this.write(
        adminSheet("credentialSheet", credentialHeader(this.lang), rows, widths, this.lang),
      );
      this.say("info", "listed", { n: rows.length });
    });
  }

  /** 审计日志: the subtree's audit lines, newest first (the same columns as the xlsx). */
  readAuditLog(): Promise<void> {
    return this.run(async (api) => {
      const res = await api.auditLog();
      if (!this.ok(res)) return;
      const header = auditHeader(this.lang);
      const rows = auditRows(res.data.lines, this.lang);
      const widths = [120, 90, 140, 80, 140, 50, 60, 140, 220, 200];
      await this.write(adminSheet("auditSheet", header, rows, widths, this.lang));
      this.say("info", "listed", { n: rows.length });
    });
  }

  revokeMarked(): Promise<void> {
    let n = 0;
    let failed = true;
    return this.run(async (api) => {
      const values = await this.read("credentialSheet", CREDENTIAL_RANGE, "listCredentials");
      if (!values) return;
      for (const raw of values.slice(1)) {
        if (cellText(raw[7]) !== "是" || !cellText(raw[0]) || cellText(raw[6])) continue;
        const res = await api.revokeCredential(cellText(raw[0]));
        if (!this.ok(res)) return;
        n++;
      }
      failed = false;
    }).then(async () => {
      if (failed) return;
      await this.listCredentials();
      this.say("info", "revoked", { n });
    });
  }

  pullPeriods(): Promise<void> {
    return this.run(async (api) => {
      const res = await api.periods(this.core.unitCode);
      if (!this.ok(res)) return;
      await this.write(periodsSheet(res.data.periods, this.lang, this.core.forms));
      this.say("info", "periodsPulled", { n: res.data.periods.length });
    });
  }

  applyPeriods(): Promise<void> {
    const done = { opened: 0, closed: 0 };
    return this.run(async (api) => {
      const values = await this.read("periodSheet", PERIOD_RANGE, "pullPeriods");
      if (!values) return;
      const edits = readPeriodSheet(values, this.lang, this.core.forms);
      const bad = edits.find((e) => "error" in e);
      if (bad && "error" in bad) return this.core.say("error", bad.error);
      for (const e of edits) {
        const res =
          "close" in e
            ? await api.closePeriod(e.close)
            : "open" in e
              ? await api.openPeriod({
                  unit: this.core.unitCode,
                  form: e.open.form,
                  year: e.open.year,
                  dueDate: e.open.dueDate,
                  supplements: { capacity: e.open.capacity },
                })
              : null;
        if (res && !this.ok(res)) return;
        if ("close" in e) done.closed++;
        else done.opened++;
      }
      const list = await api.periods(this.core.unitCode);
      if (list.ok) await this.write(periodsSheet(list.data.periods, this.lang, this.core.forms));
      this.say("info", "periodsDone", done);
    });
  }
}
