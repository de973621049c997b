/**
 * The task pane's state and actions, without the DOM, as the view uses them: the shared state
 * (core.ts) with one part per role — connection (connection.ts), the clerk's form sheet
 * (clerk.ts), the supervisor's rollup (supervisor.ts) and review (review.ts). Each part is
 * testable alone on a `PaneCore`; this class only puts them together.
 */
import type { ExplanationDecision } from "../../../shared/api/schemas";
import type { Issue } from "../../../shared/engine";
import type { SubmitStatus } from "../session/session";
import { t } from "../common/i18n";
import { AdminRole } from "./admin";
import { ClerkRole } from "./clerk";
import { ConnectionRole } from "./connection";
import { PaneCore, type IssueGroup, type ShownStatus } from "./core";
import { FollowUpRole } from "./follow-up";
import { ReviewRole, reviewWarnings, type ReviewAction, type ReviewWarning } from "./review";
import { SupervisorRole } from "./supervisor";
import { AssessmentRole } from "./assessment";
import { PublishRole } from "./publish";
import type { PublishFormat } from "../../../shared/api/supervision";

export type { IssueGroup, Notice, PaneDeps, ReviewState, ShownStatus } from "./core";

export class PaneController extends PaneCore {
  readonly connection = new ConnectionRole(this);
  readonly clerk = new ClerkRole(this);
  readonly supervisor = new SupervisorRole(this);
  readonly assessor = new AssessmentRole(this);
  readonly publisher = new PublishRole(this);
  readonly reviewer = new ReviewRole(this);
  readonly admin = new AdminRole(this);
  readonly followUp = new FollowUpRole(this);

  /** Start: reconnect with the saved token, recognise the active sheet, follow sheet switches. */
  async start(): Promise<void> {
    if (this.token) await this.connect(this.server, this.token);
    await this.clerk.recognise({ anySheet: true });
    // Switching to another form sheet makes it the one the pane works on.
    await this.deps.host.onActivated((sheetId) => {
      if (!this.busy && sheetId !== this.session?.sheetId) return this.clerk.recognise();
      return undefined;
    });
  }

  async connect(server: string, token: string): Promise<boolean> {
    const ok = await this.connection.connect(server, token);
    if (ok) await this.clerk.refreshSession(this.unitCode);
    if (ok) await this.followUp.loadSignOff();
    return ok;
  }

  disconnect(): void {
    this.connection.disconnect();
  }

  // ---- the clerk -------------------------------------------------------------------------------

  recognise(opts: { anySheet?: boolean } = {}): Promise<void> {
    return this.clerk.recognise(opts);
  }

  insert(): Promise<void> {
    return this.clerk.insert();
  }

  /** Fetch the report's status, remarks and reviews again (after a supervisor acted). */
  async refresh(): Promise<void> {
    await this.guard(() => this.clerk.refreshSession());
  }

  async fillTotals(): Promise<void> {
    await this.guard(async () => void (await this.session?.pass({ fillTotals: true })));
  }

  async check(): Promise<void> {
    await this.guard(async () => void (await this.session?.pass()));
  }

  groups(): IssueGroup[] {
    return this.clerk.groups();
  }

  async selectIssue(issue: Issue): Promise<void> {
    await this.guard(async () => this.session?.selectIssue(issue));
  }

  async explain(key: string, text: string): Promise<void> {
    await this.session?.setExplanation(key, text);
  }

  /** Start a warning's 说明 from last year's for the same rule. */
  async useLastYear(issue: Issue): Promise<void> {
    const text = this.session?.lastYearExplanation(issue);
    if (text) await this.explain(issue.key, text);
    this.emit("session");
  }

  async answer(remarkId: string, text: string): Promise<void> {
    await this.guard(async () => this.session?.setAnswer(remarkId, text));
  }

  /** 保存: the 说明 and answers typed so far into the workbook (typing keeps them outside it). */
  async saveTexts(): Promise<void> {
    await this.guard(async () => {
      if (!this.session) return;
      await this.session.save();
      this.say("info", t(this.lang, "textsSaved"));
    });
  }

  async selectCell(cell: string): Promise<void> {
    await this.guard(async () => this.session?.selectCell(cell));
  }

  reportStatus(): ShownStatus {
    return this.clerk.reportStatus();
  }

  workflowText(): string {
    return this.clerk.workflowText();
  }

  submit(): Promise<SubmitStatus | undefined> {
    return this.clerk.submit();
  }

  statusText(): string {
    return this.clerk.statusText();
  }

  // ---- the supervisor --------------------------------------------------------------------------

  /** 生成汇总表, then the own unit's sign-off for that form and year beside the buttons. */
  async pullRollup(): Promise<void> {
    await this.supervisor.pullRollup();
    await this.followUp.loadSignOff();
  }

  pullAssessment(): Promise<void> {
    return this.assessor.pullAssessment();
  }

  remindMissing(): Promise<void> {
    return this.followUp.remindMissing();
  }

  reminderSheet(): Promise<void> {
    return this.followUp.reminderSheet();
  }

  signOff(): Promise<void> {
    return this.followUp.signOff();
  }

  /** 撤销确认, with the reason typed (may be empty). */
  revokeSignOff(reason: string): Promise<void> {
    return this.followUp.revokeSignOff(reason);
  }

  /** 导出公开版(网页) / Word of the clerk's own report (`report`) or the chosen rollup (`rollup`). */
  publish(kind: "report" | "rollup", format: PublishFormat): Promise<void> {
    return this.publisher.publish(kind, format);
  }

  loadReview(code = this.reviewUnit): Promise<void> {
    return this.reviewer.load(code);
  }

  reviewWarnings(): ReviewWarning[] {
    return reviewWarnings(this.review);
  }

  decide(key: string, decision: ExplanationDecision | null, comment?: string): void {
    this.reviewer.decide(key, decision, comment);
  }

  pinRemark(text: string): Promise<boolean> {
    return this.reviewer.pinRemark(text);
  }

  removeRemark(cell: string): Promise<void> {
    return this.reviewer.removeRemark(cell);
  }

  reviewActions(): { return: boolean; accept: boolean; reopen: boolean } {
    return this.reviewer.actions();
  }

  reviewAction(action: ReviewAction, reason = ""): Promise<boolean> {
    return this.reviewer.act(action, reason);
  }
}
