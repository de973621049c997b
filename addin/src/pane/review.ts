/**
 * The supervisor's review of a unit below: load its current report into a protected review
 * sheet, decide on each warning's 说明, pin remarks to cells, and return, accept or reopen.
 */
import type { ExplanationDecision, Problem, ReviewBody } from "../../../shared/api/schemas";
import { layoutForm, reviewSheetName } from "../../../shared/layout";
import { problemSlug } from "../common/api-client";
import { emptyPlan } from "../host/types";
import { t, type StringKey } from "../common/i18n";
import type { PaneCore, ReviewState } from "./core";
import { reviewSheet, reviewFill, type ReviewSheetWarning } from "../sheets/review";

export type ReviewAction = "return" | "accept" | "reopen";

export interface ReviewWarning extends ReviewSheetWarning {
  decision: ExplanationDecision | null;
}

/** The warnings of the loaded revision, each with the clerk's 说明 and the decision so far. */
export function reviewWarnings(r: ReviewState | null): ReviewWarning[] {
  if (!r) return [];
  return (r.report.issues ?? [])
    .filter((i) => i.severity === "warning")
    .map((issue) => ({
      issue,
      explanation: r.report.explanations[issue.key] ?? "",
      decision: r.decisions[issue.key]?.decision ?? null,
    }));
}

/** The request of a review action, or what is missing for it. */
export function reviewBody(
  r: ReviewState,
  action: ReviewAction,
  reason: string,
): { ok: true; body: ReviewBody } | { ok: false; key: StringKey } {
  const why = reason.trim();
  const revision = r.report.revision;
  if ((action === "return" || action === "reopen") && !why)
    return { ok: false, key: "reasonRequired" };
  if (action === "reopen") return { ok: true, body: { action, reason: why, revision } };
  const decided = Object.entries(r.decisions).filter(([k]) =>
    (r.report.issues ?? []).some((i) => i.key === k),
  );
  const withComment = (d: ExplanationDecision, c?: string) => ({
    decision: d,
    ...(c ? { comment: c } : {}),
  });
  if (action === "return") {
    const explanations = Object.fromEntries(
      decided.map(([k, d]) => [k, withComment(d.decision, d.comment)]),
    );
    const remarks = r.remarks.map((m) => ({ cell: m.cell, text: m.text }));
    return {
      ok: true,
      body: {
        action,
        revision,
        reason: why,
        ...(remarks.length ? { remarks } : {}),
        ...(decided.length ? { explanations } : {}),
      },
    };
  }
  if (decided.some(([, d]) => d.decision === "rejected"))
    return { ok: false, key: "acceptWithRejection" };
  // Accepting the report accepts every 说明 of its warnings.
  const explanations = Object.fromEntries(
    reviewWarnings(r).map((w) => [
      w.issue.key,
      withComment("accepted", r.decisions[w.issue.key]?.comment) as {
        decision: "accepted";
        comment?: string;
      },
    ]),
  );
  return {
    ok: true,
    body: { action, revision, ...(Object.keys(explanations).length ? { explanations } : {}) },
  };
}

export class ReviewRole {
  constructor(private readonly core: PaneCore) {}

  /** Load a unit's current report into a review sheet (protected, values read-only). */
  async load(code = this.core.reviewUnit): Promise<void> {
    await this.core.guard(() => this.loadNow(code));
  }

  private async loadNow(code: string): Promise<boolean> {
    const core = this.core;
    if (!core.api) {
      core.say("error", t(core.lang, "notConnected"));
      return false;
    }
    const form = await core.loadForm(core.formId);
    if (!form) return false;
    const unit = core.reviewUnits.find((u) => u.code === code) ?? { code, name: code };
    const [res, hist, cmp] = await Promise.all([
      core.api.report(code, core.formId, core.year),
      core.api.history(code, core.formId, core.year),
      core.api.compare(code, core.formId, core.year),
    ]);
    if (!res.ok) {
      core.showReview(null);
      if (res.kind === "problem" && res.status === 404)
        core.say("info", t(core.lang, "reviewNoReport", { unit: unit.name }));
      else core.say("error", core.failureText(res));
      return false;
    }
    const report = res.data;
    const keep = core.review?.unit.code === code ? core.review : null;
    const decisions: Record<string, ReviewState["decisions"][string]> = {};
    for (const [k, v] of Object.entries(report.explanationReviews ?? {}))
      decisions[k] = { decision: v.decision, comment: v.comment ?? "" };
    const unitName = report.unit?.name ?? unit.name;
    const review: ReviewState = {
      unit: { code, name: unitName },
      form,
      year: core.year,
      layout: layoutForm(form, core.lang),
      report,
      sheet: reviewSheetName(t(core.lang, "reviewSheet"), unitName),
      decisions: keep ? { ...decisions, ...keep.decisions } : decisions,
      remarks: keep?.remarks ?? [],
      history: hist.ok ? (hist.data.events ?? []) : [],
      // An older server without 比对 answers 404: the sheet is drawn without change marks.
      changes: cmp.ok && cmp.data.to === report.revision ? cmp.data : null,
    };
    core.showReview(review);
    await this.drawSheet();
    core.say(
      "info",
      t(core.lang, "reviewLoaded", {
        unit: review.unit.name,
        revision: report.revision,
        status: t(core.lang, `status_${report.status ?? "submitted"}`),
      }),
    );
    return true;
  }

  private async drawSheet(): Promise<void> {
    const r = this.core.review;
    if (!r) return;
    await this.core.deps.host.writeSheets([reviewSheet(r, this.core.lang, reviewWarnings(r))]);
  }

  decide(key: string, decision: ExplanationDecision | null, comment?: string): void {
    const r = this.core.review;
    if (!r) return;
    const { [key]: was, ...others } = r.decisions;
    const decisions =
      decision === null
        ? others
        : { ...others, [key]: { decision, comment: comment ?? was?.comment ?? "" } };
    this.core.showReview({ ...r, decisions });
  }

  /** Pin a remark to the input cell selected in the review sheet. */
  async pinRemark(text: string): Promise<boolean> {
    const core = this.core;
    const ok = await core.guard(async () => {
      const r = core.review;
      if (!r) return false;
      if (!text.trim()) {
        core.say("error", t(core.lang, "remarkNeedsText"));
        return false;
      }
      const sel = await core.deps.host.selection();
      const cell =
        sel && sel.sheet.toLowerCase() === r.sheet.toLowerCase()
          ? Object.entries(r.layout.inputs).find(([, p]) => p.address === sel.address)?.[0]
          : undefined;
      if (!sel || !cell) {
        core.say("error", t(core.lang, "remarkNeedsCell"));
        return false;
      }
      core.showReview({
        ...r,
        remarks: [
          ...r.remarks.filter((m) => m.cell !== cell),
          { cell, address: sel.address, text: text.trim() },
        ],
      });
      await this.paintCell(sel.address);
      core.say("info", t(core.lang, "remarkPinned", { cell: core.cellLabel(cell) }));
      return true;
    });
    return ok === true;
  }

  async removeRemark(cell: string): Promise<void> {
    await this.core.guard(async () => {
      const r = this.core.review;
      const m = r?.remarks.find((x) => x.cell === cell);
      if (!r || !m) return;
      this.core.showReview({ ...r, remarks: r.remarks.filter((x) => x !== m) });
      await this.paintCell(m.address);
    });
  }

  /** Repaint one cell of the (protected) review sheet: 1 sync. */
  private async paintCell(address: string): Promise<void> {
    const r = this.core.review;
    if (!r) return;
    const plan = emptyPlan();
    plan.fills.push({ address, color: reviewFill(r, address) });
    await this.core.deps.host.writePass({ sheet: r.sheet, wasProtected: true, plan, state: null });
  }

  /** Which review actions the loaded report's status allows. */
  actions(): { return: boolean; accept: boolean; reopen: boolean } {
    const st = this.core.review?.report.status ?? "submitted";
    return { return: st === "submitted", accept: st === "submitted", reopen: st === "accepted" };
  }

  /** Return (reason required, with remarks and 说明 decisions), accept, or reopen. */
  async act(action: ReviewAction, reason = ""): Promise<boolean> {
    const core = this.core;
    const ok = await core.guard(async () => {
      const r = core.review;
      if (!r || !core.api) return false;
      const built = reviewBody(r, action, reason);
      if (!built.ok) {
        core.say("error", t(core.lang, built.key));
        return false;
      }
      const res = await core.api.review(r.unit.code, core.formId, r.year, built.body);
      if (!res.ok) return this.refused(r, res);
      // A return sends the remarks pinned so far: they are the report's now.
      const remarks = action === "return" ? [] : r.remarks;
      core.showReview({ ...r, report: res.data, remarks });
      const hist = await core.api.history(r.unit.code, core.formId, r.year);
      if (hist.ok && core.review)
        core.showReview({ ...core.review, history: hist.data.events ?? [] });
      await this.drawSheet();
      core.say(
        "info",
        t(core.lang, `reviewed_${action}`, { unit: r.unit.name, revision: res.data.revision }),
      );
      return true;
    });
    return ok === true;
  }

  /** A refused review: a stale revision is reloaded and said; anything else is said. */
  private async refused(
    r: ReviewState,
    res: { kind: "network" } | { kind: "problem"; problem: Problem },
  ): Promise<false> {
    const core = this.core;
    if (res.kind === "problem" && problemSlug(res.problem.type) === "stale-revision") {
      await this.loadNow(r.unit.code);
      core.say(
        "error",
        t(core.lang, "staleRevision", {
          unit: r.unit.name,
          revision: core.review?.report.revision ?? "?",
        }),
      );
      return false;
    }
    core.say("error", core.failureText(res));
    return false;
  }
}
