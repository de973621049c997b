/**
 * A working day driven over HTTP, as the pane and the admin page drive it: the admin sets up the
 * county (units, credentials, a period), clerks submit (one wrongly first), the supervisor reads
 * the rollup, returns one report and accepts the other, the clerk resubmits, everyone reads
 * history, rollups (JSON and CSV) and the credential list. The transcript (status and body of
 * every answer) has timestamps, ids and secrets replaced, so two runtimes can be compared.
 */
import { getForm } from "../../../shared/forms/catalogue";
import { consistentValues, rng } from "../../../shared/testing/sample-report";

export interface Entry {
  step: string;
  status: number;
  body: unknown;
}

const UNITS = [
  { code: "330327001", name: "县政府办公室", parent_code: "330327" },
  { code: "330327002", name: "县教育局", parent_code: "330327" },
];

function values(seed: number): Record<string, number> {
  return consistentValues(getForm("gov-2021")!, rng(seed), 40);
}

/** Replace what differs between any two runs: times, ids, tokens, hashes. */
export function normalize(text: string, secrets: string[]): unknown {
  let t = text;
  secrets.forEach((s, i) => (t = t.split(s).join(`<secret${i}>`)));
  t = t
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<time>")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
    .replace(/\b[a-z0-9]{20}\.[A-Za-z0-9_-]{43}\b/g, "<token>")
    .replace(/"id":"[a-z0-9]{20}"/g, '"id":"<credential>"')
    .replace(/\bp_[0-9a-f]{20}\b/g, "<period>");
  try {
    return JSON.parse(t);
  } catch {
    return t;
  }
}

export async function runDay(origin: string, admin: string): Promise<Entry[]> {
  const out: Entry[] = [];
  // Tokens, then their credential ids (the part before the dot), named by their order.
  const secrets: string[] = [admin, admin.split(".")[0]!];
  const call = async (
    step: string,
    token: string,
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const res = await fetch(`${origin}/api/v1${path}`, {
      method: init.method ?? "GET",
      headers: {
        Authorization: `Bearer ${token}`,
        ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    out.push({ step, status: res.status, body: normalize(text, secrets) });
    return { res, json: () => JSON.parse(text) as Record<string, unknown> };
  };
  const base = (unit: string) => `/units/${unit}/reports/gov-2021/2024`;

  await call("import units", admin, "/admin/units", { method: "POST", body: { units: UNITS } });
  const tokens: Record<string, string> = {};
  for (const [who, unit, role] of [
    ["clerkA", "330327001", "clerk"],
    ["clerkB", "330327002", "clerk"],
    ["supervisor", "330327", "supervisor"],
  ] as const) {
    const r = await call(`credential ${who}`, admin, "/admin/credentials", {
      method: "POST",
      body: { unit, role },
    });
    tokens[who] = r.json().token as string;
    secrets.push(tokens[who]!, tokens[who]!.split(".")[0]!);
  }
  await call("open period", admin, "/admin/periods", {
    method: "POST",
    body: { unit: "330327", form: "gov-2021", year: 2024, dueDate: "2099-12-31" },
  });
  await call("clerk A: me", tokens.clerkA!, "/me");
  const a1 = await call("clerk A submits", tokens.clerkA!, base("330327001"), {
    method: "PUT",
    body: { values: values(1) },
    headers: { "Idempotency-Key": "day-a1" },
  });
  await call("clerk A: the same key again (replayed)", tokens.clerkA!, base("330327001"), {
    method: "PUT",
    body: { values: values(1) },
    headers: { "Idempotency-Key": "day-a1" },
  });
  await call("clerk B: a negative count", tokens.clerkB!, base("330327002"), {
    method: "PUT",
    body: { values: { ...values(2), "N1.natural": -3 } },
    headers: { "Idempotency-Key": "day-b0" },
  });
  await call("clerk B submits", tokens.clerkB!, base("330327002"), {
    method: "PUT",
    body: { values: values(2) },
    headers: { "Idempotency-Key": "day-b1" },
  });
  await call("clerk B: another unit's report", tokens.clerkB!, base("330327001"));
  await call("supervisor: rollup", tokens.supervisor!, "/units/330327/rollups/gov-2021/2024");
  const revA = (a1.json().revision as number) ?? 1;
  await call("supervisor returns A", tokens.supervisor!, `${base("330327001")}/review`, {
    method: "POST",
    body: { action: "return", revision: revA, reason: "请核对第一项。" },
  });
  await call("supervisor accepts B", tokens.supervisor!, `${base("330327002")}/review`, {
    method: "POST",
    body: { action: "accept", revision: 1 },
  });
  const current = await call(
    "clerk A reads the returned report",
    tokens.clerkA!,
    base("330327001"),
  );
  await call("clerk A resubmits", tokens.clerkA!, base("330327001"), {
    method: "PUT",
    body: { values: values(3) },
    headers: { "Idempotency-Key": "day-a2", "If-Match": current.res.headers.get("ETag") ?? "" },
  });
  await call("clerk A: history", tokens.clerkA!, `${base("330327001")}/history`);
  await call(
    "supervisor: rollup, all",
    tokens.supervisor!,
    "/units/330327/rollups/gov-2021/2024?include=all",
  );
  await call(
    "supervisor: rollup CSV",
    tokens.supervisor!,
    "/units/330327/rollups/gov-2021/2024?format=csv",
  );
  await call(
    "supervisor: a unit outside",
    tokens.supervisor!,
    "/units/999999/reports/gov-2021/2024",
  );
  await call("admin: credentials", admin, "/admin/credentials");
  await call("admin: units", admin, "/admin/units");
  return out;
}
