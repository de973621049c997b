import { describe, expect, it } from "vitest";
import {
  checkPreconditions,
  checkSubmission,
  ifMatchHolds,
  planSubmission,
  type SubmissionContext,
} from "../../src/domain/submission";
import { decided } from "../../src/http/problem";
import { A, form, principal, remark, revision, thrown, values } from "./fixtures";

const OPEN = { dueDate: "2099-12-31", capacity: true, closed: false };

function ctx(over: Partial<SubmissionContext> = {}): SubmissionContext {
  return {
    principal: principal("clerk", A),
    unit: A,
    form,
    year: 2021,
    now: "2022-01-15T08:00:00.000Z",
    ifMatch: null,
    current: null,
    state: null,
    period: OPEN,
    remarks: [],
    previous: null,
    ...over,
  };
}

const body = (v: Record<string, unknown>) => ({ values: v, explanations: {}, answers: {} });

describe("a submission's preconditions", () => {
  const cur = revision(2, values(1));
  const tag = '"gov-2021-2021-r2"';
  const submitted = {
    status: "submitted" as const,
    resubmitted: false,
    returnReason: null,
    dueDate: null,
    seq: 2,
  };

  it("needs an open period, an unlocked report and the current ETag once one exists", () => {
    expect(thrown(() => checkPreconditions(ctx()))).toBe("none");
    expect(thrown(() => checkPreconditions(ctx({ period: null })))).toBe("409 no-open-period");
    expect(thrown(() => checkPreconditions(ctx({ period: { ...OPEN, closed: true } })))).toBe(
      "409 no-open-period",
    );
    const base = { current: cur, state: submitted };
    expect(thrown(() => checkPreconditions(ctx(base)))).toBe("428 precondition-required");
    expect(thrown(() => checkPreconditions(ctx({ ...base, ifMatch: '"gov-2021-2021-r1"' })))).toBe(
      "412 precondition-failed",
    );
    expect(thrown(() => checkPreconditions(ctx({ ...base, ifMatch: tag })))).toBe("none");
    const accepted = {
      ...base,
      ifMatch: tag,
      state: { ...submitted, status: "accepted" as const },
    };
    expect(thrown(() => checkPreconditions(ctx(accepted)))).toBe("409 report-locked");
    expect(thrown(() => checkPreconditions(ctx({ ifMatch: tag })))).toBe("412 precondition-failed");
  });

  it("If-Match: a list, `*`, and the weak form of the current tag match", () => {
    expect(ifMatchHolds(`"x", ${tag}`, tag)).toBe(true);
    expect(ifMatchHolds("*", tag)).toBe(true);
    expect(ifMatchHolds(`W/${tag}`, tag)).toBe(true);
    expect(ifMatchHolds("*", null)).toBe(false);
  });
});

describe("a submission's verdict and plan", () => {
  it("bad cells are 422 validation-failed, each cell reported", () => {
    const v = { ...values(2), "requests.new.natural": -1, nonsense: 1 };
    try {
      decided(checkSubmission(ctx(), OPEN, body(v)));
      expect.unreachable();
    } catch (e) {
      const issues = (e as { extensions: { issues: { cell: string }[] } }).extensions.issues;
      expect(issues.map((i) => i.cell)).toEqual(
        expect.arrayContaining(["requests.new.natural", "nonsense"]),
      );
    }
  });

  it("a period without the supplement refuses its cells", () => {
    const cell = form.cells.find((c) => c.supplement === "capacity")!.id;
    const v = { ...values(3), [cell]: 2 };
    expect(thrown(() => checkSubmission(ctx(), { ...OPEN, capacity: false }, body(v)))).toBe(
      "422 supplement-not-collected",
    );
  });

  it("a first submission: revision 1, the whole values as delta, counted once", () => {
    const v = values(4);
    const c = ctx();
    const checked = decided(checkSubmission(c, OPEN, body(v)));
    const plan = planSubmission(c, OPEN, checked, body(v), "hash");
    expect(plan.revision.revision).toBe(1);
    expect(plan.etag).toBe('"gov-2021-2021-r1"');
    expect(plan.newlySubmitted).toBe(1);
    expect(plan.from).toBeNull();
    expect(plan.state.seq).toBe(1);
    const cell = "requests.new.natural";
    expect(plan.delta[cell] ?? 0).toBe(Math.round((checked.values[cell] ?? 0) * 10_000));
    expect(plan.report.status).toBe("submitted");
  });

  it("a resubmission after a return: only the change moves the aggregates; remarks resolve", () => {
    const old = values(5);
    const cell = "requests.new.natural";
    const next = { ...old };
    const c = ctx({
      current: revision(1, old),
      ifMatch: '"gov-2021-2021-r1"',
      state: {
        status: "returned",
        resubmitted: false,
        returnReason: "请核对",
        dueDate: null,
        seq: 2,
      },
      remarks: [
        remark("r2-1", cell),
        remark("r2-2", "requests.granted.natural"),
        remark("r1-1", cell, true),
      ],
    });
    const b = { values: next, explanations: {}, answers: { "r2-2": "已核对无误" } };
    const plan = planSubmission(c, OPEN, decided(checkSubmission(c, OPEN, b)), b, "h");
    expect(plan.delta).toEqual({});
    expect(plan.newlySubmitted).toBe(0);
    expect(plan.from).toBe("returned");
    expect(plan.state).toMatchObject({ resubmitted: true, returnReason: "请核对", seq: 3 });
    expect(plan.resolved).toEqual([{ rid: "r2-2", resolution: "answered", answer: "已核对无误" }]);
    expect(plan.report.remarks.find((r) => r.id === "r2-1")!.resolved).toBe(false);
  });

  it("late after 23:59:59 China time of the due date", () => {
    const v = values(6);
    const late = ctx({ now: "2022-01-31T16:00:00.000Z" });
    const period = { ...OPEN, dueDate: "2022-01-31" };
    const checked = decided(checkSubmission(late, period, body(v)));
    const plan = planSubmission(late, period, checked, body(v), "h");
    expect(plan.revision.late).toBe(true);
    expect(plan.state.late).toBe(true);
  });
});
