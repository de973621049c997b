/**
 * Bounded idempotency records (issue 15): a record keeps a reference to the stored revision, not
 * the response body; the Cron Trigger's `scheduled()` deletes records older than 7 days (never
 * the audit log); a retry after that is a new request, which its If-Match (PUT) or the report's
 * state and revision (review) guard.
 */
import { createScheduledController, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../src/index";
import {
  call,
  expectProblem,
  newKey,
  putReport,
  seedToken,
  seedUnits,
  snapshot,
  validValues,
} from "./helpers";

const DAY = 86_400_000;
let clerk = "";
let clerk2 = "";
let supervisor = "";

beforeAll(async () => {
  await seedUnits([
    { code: "IX", name: "幂等根", parent: null },
    { code: "IX1", name: "幂等一", parent: "IX" },
    { code: "IX2", name: "幂等二", parent: "IX" },
  ]);
  clerk = await seedToken("IX1", "clerk");
  clerk2 = await seedToken("IX2", "clerk");
  supervisor = await seedToken("IX", "supervisor");
});

async function runCron(at: number) {
  const controller = createScheduledController({ scheduledTime: at, cron: "17 3 * * *" });
  await worker.scheduled(controller, env);
}

/** Run the cron eight days after the newest idempotency record: every record expires. */
async function expireAll() {
  const newest = await env.DB.prepare(`SELECT max(created_at) AS t FROM idempotency`).first<{
    t: string;
  }>();
  await runCron(Date.parse(newest!.t) + 8 * DAY);
  expect(await count("idempotency")).toBe(0);
}

const count = async (table: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;

describe("idempotency records", () => {
  it("keep no body, replay the answer rebuilt from the revision, and expire after 7 days", async () => {
    const keyA = newKey();
    const bodyA = { values: validValues(41) };
    const first = await putReport(clerk, "IX1", 2021, bodyA, { key: keyA });
    expect(first.status).toBe(201);
    const firstText = await first.text();
    const rec = await env.DB.prepare(
      `SELECT body, revision, form, year FROM idempotency WHERE key = ?1`,
    )
      .bind(keyA)
      .first();
    expect(rec).toEqual({ body: null, revision: 1, form: "gov-2021", year: 2021 });

    const again = await putReport(clerk, "IX1", 2021, bodyA, { key: keyA });
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.text()).toBe(firstText);

    // Revision 2 with If-Match r1; its retry within the week replays.
    const keyB = newKey();
    const bodyB = { values: validValues(42) };
    const ifMatch = first.headers.get("ETag")!;
    const second = await putReport(clerk, "IX1", 2021, bodyB, { key: keyB, ifMatch });
    expect(second.status).toBe(201);
    // Replaying A now shows revision 1 as stored (no longer the current one).
    const old = await putReport(clerk, "IX1", 2021, bodyA, { key: keyA });
    expect(old.status).toBe(201);
    expect(old.headers.get("ETag")).toBe(ifMatch);
    expect(((await old.json()) as { revision: number }).revision).toBe(1);

    // Six days on, the cron keeps the records; eight days on, they are gone (the audit log stays).
    const audit = await count("audit_log");
    const created = Date.parse(
      (await env.DB.prepare(`SELECT max(created_at) AS t FROM idempotency`).first<{ t: string }>())!
        .t,
    );
    await runCron(created + 6 * DAY);
    const kept = await putReport(clerk, "IX1", 2021, bodyB, { key: keyB, ifMatch });
    expect(kept.headers.get("Idempotent-Replayed")).toBe("true");
    await runCron(created + 8 * DAY);
    expect(await count("idempotency")).toBe(0);
    expect(await count("audit_log")).toBe(audit);

    // After expiry a retry is a new request: If-Match of the older revision → 412 …
    const lateB = await putReport(clerk, "IX1", 2021, bodyB, { key: keyB, ifMatch });
    await expectProblem(lateB, 412, "precondition-failed");
    // … and the first PUT (no If-Match) → 428: the report has revisions now. Nothing is stored.
    const lateA = await putReport(clerk, "IX1", 2021, bodyA, { key: keyA });
    await expectProblem(lateA, 428, "precondition-required");
    const revisions = await env.DB.prepare(
      `SELECT count(*) AS n FROM revisions r JOIN units u ON u.id = r.unit_id WHERE u.code = 'IX1'`,
    ).first<{ n: number }>();
    expect(revisions?.n).toBe(2);
  });

  it("replay a review from the report's current state", async () => {
    const key = newKey();
    const review = () =>
      call("/units/IX1/reports/gov-2021/2021/review", {
        method: "POST",
        token: supervisor,
        body: { action: "accept", revision: 2 },
        headers: { "Idempotency-Key": key },
      });
    const first = await review();
    expect(first.status).toBe(200);
    const text = await first.text();
    const again = await review();
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.text()).toBe(text);
  });

  it("refuse a review retried after its record expired (409), never applying it twice", async () => {
    const path = "/units/IX2/reports/gov-2021/2022";
    const review = (key: string, body: Record<string, unknown>) =>
      call(`${path}/review`, {
        method: "POST",
        token: supervisor,
        body,
        headers: { "Idempotency-Key": key },
      });
    const first = await putReport(clerk2, "IX2", 2022, { values: validValues(43) });
    expect(first.status).toBe(201);

    // Return revision 1; within the week its retry replays the answer.
    const keyReturn = newKey();
    const returnBody = { action: "return", revision: 1, reason: "请核对" };
    expect((await review(keyReturn, returnBody)).status).toBe(200);
    const replayed = await review(keyReturn, returnBody);
    expect(replayed.headers.get("Idempotent-Replayed")).toBe("true");

    /** Expire every record, retry the review: the problem, and nothing stored. */
    const lateRetry = async (key: string, body: Record<string, unknown>, slug: string) => {
      await expireAll();
      const before = await snapshot();
      const problem = await expectProblem(await review(key, body), 409, slug);
      expect(await snapshot()).toEqual(before);
      return problem;
    };

    // After expiry the same retry is a new request: the report is already returned → 409.
    const lateReturn = await lateRetry(keyReturn, returnBody, "illegal-transition");
    expect(lateReturn).toMatchObject({ reportStatus: "returned", action: "return" });

    // The clerk resubmits (revision 2): the late return of revision 1 is now stale → 409.
    const second = await putReport(
      clerk2,
      "IX2",
      2022,
      { values: validValues(44) },
      { ifMatch: first.headers.get("ETag")! },
    );
    expect(second.status).toBe(201);
    const stale = await lateRetry(keyReturn, returnBody, "stale-revision");
    expect(stale).toMatchObject({ currentRevision: 2 });

    // Accept revision 2; after expiry its retry finds the report accepted → 409, and the accepted
    // sums, events and audit log hold the accept once.
    const keyAccept = newKey();
    const acceptBody = { action: "accept", revision: 2 };
    expect((await review(keyAccept, acceptBody)).status).toBe(200);
    const lateAccept = await lateRetry(keyAccept, acceptBody, "illegal-transition");
    expect(lateAccept).toMatchObject({ reportStatus: "accepted", action: "accept" });
    const events = await env.DB.prepare(
      `SELECT e.action FROM report_events e JOIN units u ON u.id = e.unit_id
        WHERE u.code = 'IX2' ORDER BY e.seq`,
    ).all<{ action: string }>();
    expect(events.results.map((e) => e.action)).toEqual(["submit", "return", "submit", "accept"]);
  });
});
