import { describe, expect, it } from "vitest";
import type { Report, ReviewBody } from "../../../shared/api/schemas";
import { buildReport, type ReportState } from "../../src/domain/report";
import { planReview } from "../../src/domain/review";
import { decided } from "../../src/http/problem";
import { ROOT, form, principal, revision, thrown, values } from "./fixtures";

const report: Report = buildReport(
  {
    ...revision(3, values(7)),
    issues: [
      {
        rule: "N6",
        key: "N6:x",
        severity: "warning",
        cell: "requests.new.natural",
        cells: [],
        left: 1,
        right: 2,
        message_zh: "",
        message_en: "",
      },
    ],
  },
  null,
  [],
  {},
);

function state(status: ReportState["status"], seq = 3): ReportState {
  return { status, resubmitted: false, returnReason: null, dueDate: null, seq };
}

function plan(body: ReviewBody, s: ReportState | null = state("submitted")) {
  return decided(
    planReview({
      principal: principal("supervisor", ROOT),
      form,
      now: "2022-02-01T00:00:00.000Z",
      body,
      report,
      state: s,
    }),
  );
}

describe("a review's transition", () => {
  it("return and accept a submitted report; reopen an accepted one; nothing else", () => {
    expect(plan({ action: "accept", revision: 3 }).to).toBe("accepted");
    expect(plan({ action: "return", revision: 3, reason: "请核对" }).to).toBe("returned");
    expect(plan({ action: "reopen", reason: "需更正" }, state("accepted")).to).toBe("returned");
    expect(thrown(() => plan({ action: "reopen", reason: "x" }))).toBe("409 illegal-transition");
    expect(thrown(() => plan({ action: "accept", revision: 3 }, state("returned")))).toBe(
      "409 illegal-transition",
    );
    expect(thrown(() => plan({ action: "accept", revision: 2 }))).toBe("409 stale-revision");
  });

  it("accept adds the revision to the accepted aggregates; reopen removes it", () => {
    expect(plan({ action: "accept", revision: 3 }).acceptedSign).toBe(1);
    expect(plan({ action: "reopen", reason: "需更正" }, state("accepted")).acceptedSign).toBe(-1);
    expect(plan({ action: "return", revision: 3, reason: "x" }).acceptedSign).toBeNull();
  });

  it("the event is seq + 1; remarks get ids from it and the reviewer's unit", () => {
    const p = plan({
      action: "return",
      revision: 3,
      reason: " 请核对 ",
      remarks: [{ cell: "requests.new.natural", text: " 偏大 " }],
    });
    expect(p.seq).toBe(4);
    expect(p.reason).toBe("请核对");
    expect(p.remarks).toMatchObject([{ id: "r4-1", text: "偏大", author: { name: ROOT.name } }]);
    expect(p.report.returnReason).toBe("请核对");
    expect(plan({ action: "accept", revision: 3 }, null).seq).toBe(1);
  });

  it("refuses blank reasons, unknown cells and issues, empty remarks, rejecting accepts", () => {
    expect(thrown(() => plan({ action: "return", revision: 3, reason: "  " }))).toBe(
      "422 reason-required",
    );
    const remarks = (cell: string, text = "x") => [{ cell, text }];
    expect(
      thrown(() => plan({ action: "return", revision: 3, reason: "x", remarks: remarks("nope") })),
    ).toBe("422 unknown-cell");
    expect(
      thrown(() =>
        plan({
          action: "return",
          revision: 3,
          reason: "x",
          remarks: remarks(form.cells[0]!.id, " "),
        }),
      ),
    ).toBe("422 remark-empty");
    expect(
      thrown(() =>
        plan({ action: "accept", revision: 3, explanations: { "N9:y": { decision: "accepted" } } }),
      ),
    ).toBe("422 unknown-issue");
    expect(
      thrown(() =>
        plan({ action: "accept", revision: 3, explanations: { "N6:x": { decision: "rejected" } } }),
      ),
    ).toBe("422 explanation-rejected");
    const ok = plan({
      action: "return",
      revision: 3,
      reason: "x",
      explanations: { "N6:x": { decision: "rejected", comment: " 不成立 " } },
    });
    expect(ok.report.explanationReviews["N6:x"]).toMatchObject({
      decision: "rejected",
      comment: "不成立",
    });
  });
});
