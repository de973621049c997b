import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CredentialCreatedSchema,
  FormResponseSchema,
  FormsResponseSchema,
  MeResponseSchema,
  ReportSchema,
  RollupSchema,
} from "../../shared/api/schemas";
import { FORMS } from "../../shared/forms/catalogue";
import { compileForm } from "../../shared/forms/model";
import {
  call,
  expectProblem,
  gov2021,
  newKey,
  putReport,
  seedToken,
  seedUnits,
  validValues,
} from "./helpers";

let admin: string;
let county: string;
let clerkA: string;
let clerkTown: string;

beforeAll(async () => {
  await seedUnits([
    { code: "330327", name: "苍南县", parent: null },
    { code: "330327001", name: "县教育局", parent: "330327" },
    { code: "330327101", name: "灵溪镇", parent: "330327" },
    { code: "330327101001", name: "灵溪镇社区", parent: "330327101" },
  ]);
  admin = await seedToken("330327", "admin");
  county = await seedToken("330327", "supervisor");
  clerkA = await seedToken("330327001", "clerk");
  clerkTown = await seedToken("330327101", "clerk");
});

describe("GET /me and /forms", () => {
  it("/me gives the unit, its path from the root, and the role", async () => {
    const res = await call("/me", { token: clerkTown });
    expect(res.status).toBe(200);
    const me = MeResponseSchema.parse(await res.json());
    expect(me.role).toBe("clerk");
    expect(me.unit).toEqual({
      code: "330327101",
      name: "灵溪镇",
      path: [
        { code: "330327", name: "苍南县" },
        { code: "330327101", name: "灵溪镇" },
      ],
    });
    expect(clerkTown.startsWith(`${me.credential}.`)).toBe(true);
  });

  it("/forms lists the catalogue; /forms/:form returns a definition the add-in can compile", async () => {
    const list = FormsResponseSchema.parse(await (await call("/forms", { token: clerkA })).json());
    // A clerk outside every local form's scope is offered the national forms only.
    expect(list.forms.map((f) => f.id)).toEqual(FORMS.filter((f) => !f.scope).map((f) => f.id));
    expect(list.forms.map((f) => f.id)).toContain("gov-2021");
    const one = FormResponseSchema.parse(
      await (await call("/forms/gov-2021", { token: clerkA })).json(),
    );
    const form = compileForm(one.definition);
    expect(form.cells.map((c) => c.id)).toEqual(gov2021().cells.map((c) => c.id));
    await expectProblem(await call("/forms/gov-1999", { token: clerkA }), 404, "unknown-form");
  });
});

describe("idempotency and concurrency", () => {
  it("the same key and body replays the same answer and stores one revision", async () => {
    const key = newKey();
    const body = { values: validValues(11) };
    const first = await putReport(clerkTown, "330327101", 2021, body, { key });
    expect(first.status).toBe(201);
    const firstText = await first.text();
    const again = await putReport(clerkTown, "330327101", 2021, body, { key });
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.headers.get("ETag")).toBe('"gov-2021-2021-r1"');
    expect(await again.text()).toBe(firstText);
    const n = await env.DB.prepare(
      "SELECT count(*) AS n FROM revisions r JOIN units u ON u.id = r.unit_id WHERE u.code = '330327101'",
    ).first<{ n: number }>();
    expect(n?.n).toBe(1);
    // One audit line for the one stored revision, with the request id of the first request.
    const audit = await env.DB.prepare(
      "SELECT request_id, credential_id, detail FROM audit_log WHERE action = 'report.submit' AND target = '330327101/gov-2021/2021'",
    ).all<{ request_id: string; credential_id: string; detail: string }>();
    expect(audit.results).toHaveLength(1);
    expect(audit.results[0]!.request_id).toBe(first.headers.get("X-Request-Id"));
    expect(clerkTown.startsWith(`${audit.results[0]!.credential_id}.`)).toBe(true);
  });

  it("the same key with another body is 422 and stores nothing", async () => {
    const key = newKey();
    const cur = await call("/units/330327101/reports/gov-2021/2021", { token: clerkTown });
    const etag = cur.headers.get("ETag");
    const ok = await putReport(
      clerkTown,
      "330327101",
      2021,
      { values: validValues(12) },
      { key, ifMatch: etag },
    );
    expect(ok.status).toBe(201);
    const other = await putReport(
      clerkTown,
      "330327101",
      2021,
      { values: validValues(13) },
      {
        key,
        ifMatch: ok.headers.get("ETag"),
      },
    );
    await expectProblem(other, 422, "idempotency-key-reused");
    const revs = await call("/units/330327101/reports/gov-2021/2021/revisions", {
      token: clerkTown,
    });
    expect(((await revs.json()) as { revisions: unknown[] }).revisions).toHaveLength(2);
  });

  it("two writers with the same If-Match: exactly one wins, the other gets 412", async () => {
    const cur = await call("/units/330327101/reports/gov-2021/2021", { token: clerkTown });
    const etag = cur.headers.get("ETag");
    const results = await Promise.all(
      [21, 22, 23].map((s) =>
        putReport(clerkTown, "330327101", 2021, { values: validValues(s) }, { ifMatch: etag }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 412, 412]);
    for (const r of results.filter((r) => r.status === 412))
      await expectProblem(r, 412, "precondition-failed");
    // The rollup still agrees with the current report (the loser changed nothing).
    const winner = ReportSchema.parse(await results.find((r) => r.status === 201)!.json());
    const rollup = RollupSchema.parse(
      await (await call("/units/330327101/rollups/gov-2021/2021", { token: county })).json(),
    );
    expect(rollup.values).toEqual(winner.values);
  });

  it("concurrent retries of one request store one revision and give both callers the same answer", async () => {
    const key = newKey();
    const body = { values: validValues(31) };
    const [a, b] = await Promise.all([
      putReport(clerkA, "330327001", 2021, body, { key }),
      putReport(clerkA, "330327001", 2021, body, { key }),
    ]);
    expect([a!.status, b!.status]).toEqual([201, 201]);
    expect(await a!.text()).toBe(await b!.text());
    const revs = await call("/units/330327001/reports/gov-2021/2021/revisions", { token: clerkA });
    expect(((await revs.json()) as { revisions: unknown[] }).revisions).toHaveLength(1);
  });
});

describe("rollups", () => {
  it("sums the subtree, breaks it down by child and lists completeness", async () => {
    const res = await call("/units/330327/rollups/gov-2021/2021", { token: county });
    expect(res.status).toBe(200);
    const r = RollupSchema.parse(await res.json());
    const a = ReportSchema.parse(
      await (await call("/units/330327001/reports/gov-2021/2021", { token: county })).json(),
    );
    const t = ReportSchema.parse(
      await (await call("/units/330327101/reports/gov-2021/2021", { token: county })).json(),
    );
    for (const cell of gov2021().cells) {
      expect(r.values[cell.id]).toBeCloseTo(a.values[cell.id]! + t.values[cell.id]!, 4);
    }
    expect(r.units).toBe(4);
    expect(r.submitted).toBe(2);
    expect(r.missing).toBe(2);
    expect(r.children.map((c) => [c.code, c.units, c.submitted])).toEqual([
      ["330327001", 1, 1],
      ["330327101", 2, 1],
    ]);
    expect(r.children[1]!.values).toEqual(t.values);
    expect(r.completeness.map((u) => [u.code, u.parent, u.depth, u.status, u.revision])).toEqual([
      ["330327", null, 0, "missing", null],
      ["330327001", "330327", 1, "submitted", 1],
      ["330327101", "330327", 1, "submitted", t.revision],
      ["330327101001", "330327101", 2, "missing", null],
    ]);
  });

  it("?completeness=missing lists only the missing units; =none leaves the list out, same figures", async () => {
    const get = async (q: string) =>
      RollupSchema.parse(
        await (await call(`/units/330327/rollups/gov-2021/2021${q}`, { token: county })).json(),
      );
    const all = await get("");
    const missing = await get("?completeness=missing");
    const none = await get("?completeness=none");
    expect(all.completenessMode).toBe("all");
    expect(missing.completeness.map((u) => u.code)).toEqual(["330327", "330327101001"]);
    expect(none.completeness).toEqual([]);
    for (const r of [missing, none]) {
      const { completeness: _a, completenessMode: _b, ...rest } = r;
      const { completeness: _c, completenessMode: _d, ...expected } = all;
      expect(rest).toEqual(expected);
    }
    await expectProblem(
      await call("/units/330327/rollups/gov-2021/2021?completeness=some", { token: county }),
      400,
      "invalid-completeness",
    );
  });

  it("?format=csv returns the same figures as a file", async () => {
    const res = await call("/units/330327/rollups/gov-2021/2021?format=csv", { token: county });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/csv");
    expect(res.headers.get("Content-Disposition")).toContain("rollup-330327-gov-2021-2021.csv");
    // The name people read: the unit, the year and the form by its title, no ids.
    const named = /filename\*=UTF-8''(.+)$/.exec(res.headers.get("Content-Disposition")!)![1]!;
    expect(decodeURIComponent(named)).toMatch(
      /^.+_2021年政府信息公开工作年度报告统计表_汇总\.csv$/,
    );
    expect(decodeURIComponent(named)).not.toMatch(/gov-|330327/);
    const json = RollupSchema.parse(
      await (await call("/units/330327/rollups/gov-2021/2021", { token: county })).json(),
    );
    const lines = (await res.text()).replace(/^\uFEFF/, "").split("\r\n");
    const row = lines.find((l) => l.startsWith("requests.new.natural,"))!.split(",");
    // 单元格, 项目, 计量单位, then the total and each child's subtotal (shared/rollup's 汇总).
    expect(Number(row[3])).toBe(json.values["requests.new.natural"]);
    expect(Number(row[4])).toBe(json.children[0]!.values["requests.new.natural"]);
    // 报送情况 with the xlsx's thirteen columns, 报送时效 and 联系人 (issue 21), 距截止日期 and
    // 已催报 (issue 25) included: days to or past the seeded period's due date, nobody reminded.
    expect(lines).toContain(
      "单位代码,单位名称,上级单位,层级,状态,报送时效,版本,提交时间,错误,提示,联系人,距截止日期,已催报",
    );
    const missing = lines.find((l) => l.startsWith("330327101001,"));
    expect(missing).toMatch(
      /^330327101001,灵溪镇社区,330327101,2,未报送,未报送,,,0,0,,(还有|已逾期) \d+ 天,$/,
    );
  });
});

describe("admin", () => {
  it("imports units from JSON and CSV, idempotent on code", async () => {
    const body = {
      units: [
        { code: "330327002", name: "县公安局", parent_code: "330327" },
        { code: "330327002001", name: "县公安局交警大队", parent_code: "330327002" },
      ],
    };
    const first = await call("/admin/units", { method: "POST", token: admin, body });
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ created: 2, unchanged: 0 });
    const again = await call("/admin/units", { method: "POST", token: admin, body });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ created: 0, unchanged: 2 });
    // Parents may come after their children; quoted names with commas are fine.
    const csv =
      'code,name,parent_code\r\n330327003001,"财政局,国库科",330327003\r\n330327003,县财政局,330327\r\n';
    const res = await call("/admin/units", {
      method: "POST",
      token: admin,
      raw: csv,
      headers: { "Content-Type": "text/csv" },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toEqual({ created: 2, unchanged: 0 });
    const unit = await env.DB.prepare(
      "SELECT name, path, depth FROM units WHERE code = '330327003001'",
    ).first();
    expect(unit).toEqual({
      name: "财政局,国库科",
      path: "/330327/330327003/330327003001/",
      depth: 2,
    });
    const conflict = await call("/admin/units", {
      method: "POST",
      token: admin,
      body: [{ code: "330327003", name: "改名", parent_code: "330327" }],
    });
    await expectProblem(conflict, 409, "unit-conflict");
    // The stored subtree sizes followed the imports: the lean rollup counts what the full one lists.
    const get = async (q: string) =>
      RollupSchema.parse(
        await (await call(`/units/330327/rollups/gov-2021/2021${q}`, { token: county })).json(),
      );
    const [all, lean] = [await get(""), await get("?completeness=none")];
    expect(lean.units).toBe(all.completeness.length);
    expect(lean.children.map((c) => [c.code, c.units])).toEqual(
      all.children.map((c) => [c.code, c.units]),
    );
    expect(lean.children.find((c) => c.code === "330327003")?.units).toBe(2);
  });

  it("creates a credential (token shown once, hash stored) and revokes it", async () => {
    const res = await call("/admin/credentials", {
      method: "POST",
      token: admin,
      body: { unit: "330327002", role: "clerk" },
    });
    expect(res.status).toBe(201);
    const cred = CredentialCreatedSchema.parse(await res.json());
    const [id, secret] = cred.token.split(".");
    expect(id).toBe(cred.id);
    expect(secret!.length).toBeGreaterThanOrEqual(43); // ≥ 256 bits, base64url
    const stored = await env.DB.prepare("SELECT secret_hash FROM credentials WHERE id = ?1")
      .bind(id)
      .first<{ secret_hash: string }>();
    expect(stored!.secret_hash).not.toContain(secret!);
    const me = MeResponseSchema.parse(await (await call("/me", { token: cred.token })).json());
    expect(me.unit.code).toBe("330327002");

    const del = await call(`/admin/credentials/${cred.id}`, { method: "DELETE", token: admin });
    expect(del.status).toBe(200);
    expect(((await del.json()) as { id: string }).id).toBe(cred.id);
    await expectProblem(await call("/me", { token: cred.token }), 401, "unauthenticated");
    // Revoking twice is harmless.
    expect(
      (await call(`/admin/credentials/${cred.id}`, { method: "DELETE", token: admin })).status,
    ).toBe(200);
    await expectProblem(
      await call(`/admin/credentials/nosuchcredential`, { method: "DELETE", token: admin }),
      404,
    );
  });

  it("a wrong secret for a real credential id is 401", async () => {
    const [id] = clerkA.split(".");
    const forged = `${id}.${"A".repeat(43)}`;
    await expectProblem(await call("/me", { token: forged }), 401, "unauthenticated");
  });
});

describe("rollup as xlsx", () => {
  it("?format=xlsx is a workbook with the official form, the per-unit breakdown and completeness", async () => {
    const { unzipSync, strFromU8 } = await import("fflate");
    const res = await call("/units/330327/rollups/gov-2021/2021?format=xlsx", { token: county });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(res.headers.get("Content-Disposition")).toContain("rollup-330327-gov-2021-2021.xlsx");
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const workbook = strFromU8(files["xl/workbook.xml"]!);
    expect(workbook).toContain('name="汇总"');
    expect(workbook).toContain('name="分单位"');
    expect(workbook).toContain('name="报送情况"');
    const shared = strFromU8(files["xl/sharedStrings.xml"] ?? new Uint8Array());
    const sheet1 = strFromU8(files["xl/worksheets/sheet1.xml"]!);
    const allText = shared + sheet1;
    expect(allText).toContain("本列数据的勾稽关系为");
    expect(allText).toContain("灵溪镇社区");
    expect(sheet1).toContain("<mergeCell ");
    // The consolidated requests.new.natural sits where the shared layout puts it.
    const json = RollupSchema.parse(
      await (await call("/units/330327/rollups/gov-2021/2021", { token: county })).json(),
    );
    const { layoutForm } = await import("../../shared/layout/index");
    const at = layoutForm(gov2021(), "zh").inputs["requests.new.natural"]!.address;
    const cell = new RegExp(`<c r="${at}"[^>]*>(?:<f>[^<]*</f>)?<v>([^<]*)</v>`).exec(sheet1);
    expect(Number(cell?.[1])).toBe(json.values["requests.new.natural"]);
  });
});
