import { describe, expect, it } from "vitest";
import type { FetchLike } from "../src/common/api-client";
import { paneOn, syncsOf } from "./helpers";

/** The forms the server serves (GET /forms), as the pane lists them. */
const FORMS = [
  {
    id: "gov-2019",
    version: 1,
    title: { zh: "政府信息公开工作年度报告统计表(2019年试行格式)", en: "Trial format" },
    years: { from: 2019, to: 2020 },
  },
  {
    id: "gov-2021",
    version: 1,
    title: { zh: "政府信息公开工作年度报告统计表", en: "Annual report statistics" },
    years: { from: 2021, to: null },
  },
];

/** A fake server of the admin endpoints, recording what the pane sent. */
function adminServer(periods: unknown[] = []) {
  const sent: { method: string; path: string; body: unknown }[] = [];
  const units = [
    { code: "0330", name: "某县", parent: null, active: true, subtreeUnits: 2 },
    { code: "033001", name: "县财政局", parent: "0330", active: true, subtreeUnits: 1 },
  ];
  const me = {
    unit: { code: "0330", name: "某县", path: [{ code: "0330", name: "某县" }] },
    role: "admin",
    credential: "c1",
  };
  let invite = 0;
  const answer = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "Content-Type": "application/json" },
    });
  const fetcher: FetchLike = async (url, init) => {
    const path = new URL(url).pathname.replace("/api/v1", "");
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    sent.push({ method: init.method ?? "GET", path, body });
    if (path === "/invites/redeem") {
      if (body.code !== "ABCDEFGHJK")
        return answer(404, {
          title: "未找到",
          status: 404,
          detail: "邀请码无效、已使用或已过期。",
          detail_en: "x",
          type: "x",
          requestId: "r",
        });
      return answer(201, {
        token: `${"a".repeat(20)}.${"b".repeat(43)}`,
        unit: me.unit,
        role: "admin",
      });
    }
    if (path === "/me") return answer(200, me);
    if (path === "/forms") return answer(200, { forms: FORMS });
    if (path === "/admin/units") return answer(200, { units });
    if (path === "/admin/units/changes") {
      const rows = body.rows as { code: string; name: string; parent: string | null }[];
      const errors = rows.flatMap((r, row) =>
        r.parent === "NOPE"
          ? [
              {
                row,
                code: r.code,
                message: "上级单位「NOPE」不存在或不在您的管理范围内。",
                message_en: "x",
              },
            ]
          : [],
      );
      const changes = rows.flatMap((r, row) => {
        const old = units.find((u) => u.code === r.code);
        if (r.parent === "NOPE") return [];
        if (!old) return [{ row, code: r.code, kinds: ["added"], name: r.name, parent: r.parent }];
        return old.name !== r.name
          ? [{ row, code: r.code, kinds: ["renamed"], name: r.name, parent: r.parent }]
          : [];
      });
      return answer(200, { applied: !body.dryRun && errors.length === 0, changes, errors });
    }
    if (path === "/admin/invites") {
      invite++;
      return answer(201, {
        code: `CODE${invite}XXXXX`.slice(0, 10),
        unit: { code: body.unit, name: "单位" },
        role: body.role,
        expiresAt: "2026-12-11T00:00:00.000Z",
      });
    }
    if (path === "/admin/credentials") {
      return answer(200, {
        credentials: [
          {
            id: "c1",
            role: "clerk",
            unit: { code: "033001", name: "县财政局" },
            createdAt: "2026-11-01T08:00:00Z",
            lastUsedAt: null,
            revokedAt: null,
            holderName: "张三",
            holderPhone: "0577-12345678",
            expiresAt: "2027-11-01T08:00:00Z",
          },
        ],
      });
    }
    if (path === "/admin/audit") {
      return answer(200, {
        truncated: false,
        lines: [
          {
            at: "2026-11-01T08:00:00Z",
            action: "credential.create",
            target: "c1",
            detail: { unit: "033001", role: "clerk" },
            credential: "a1",
            unit: { code: "0330", name: "某县" },
            role: "admin",
            holderName: "王五",
            requestId: "r-1",
          },
        ],
      });
    }
    if (path.startsWith("/admin/credentials/"))
      return answer(200, { id: "c1", revokedAt: "2026-11-27T00:00:00Z" });
    if (path === "/units/0330/periods") return answer(200, { periods });
    if (path === "/admin/periods")
      return answer(201, {
        id: "p1",
        unit: me.unit,
        form: body.form,
        year: body.year,
        dueDate: body.dueDate,
        supplements: body.supplements,
        openedAt: "x",
        closedAt: null,
      });
    return answer(404, {
      title: "未找到",
      status: 404,
      detail: path,
      detail_en: path,
      type: "x",
      requestId: "r",
    });
  };
  return { fetcher, sent };
}

async function admin() {
  const server = adminServer();
  const pane = paneOn(server.fetcher);
  expect(await pane.c.connect("https://xxgk.example.gov.cn", "ABCDEFGHJK")).toBe(true);
  return { ...pane, server };
}

describe("the administrator's sheets", () => {
  it("连接 takes an invite code: redeemed once, the token (not the code) is kept", async () => {
    const { c, server } = await admin();
    expect(server.sent[0]).toMatchObject({ path: "/invites/redeem", body: { code: "ABCDEFGHJK" } });
    expect(c.deps.store.load()!.token).toMatch(/^a{20}\.b{43}$/);
    expect(c.me?.role).toBe("admin");
    const bad = adminServer();
    const other = paneOn(bad.fetcher);
    expect(await other.c.connect("https://xxgk.example.gov.cn", "ZZZZZZZZZZ")).toBe(false);
    expect(other.c.notice?.text).toContain("邀请码无效");
  });

  it("拉取单位 writes codes as text (leading zeros kept) in 2 syncs or fewer", async () => {
    const { c, excel } = await admin();
    const syncs = await syncsOf(excel, () => c.admin.pullUnits());
    expect(syncs).toBeLessThanOrEqual(3);
    expect(excel.cell("单位", "A1").value).toBe("单位代码");
    expect(excel.cell("单位", "A2").value).toBe("0330");
    expect(excel.cell("单位", "A3").value).toBe("033001");
    expect(excel.cell("单位", "C3").value).toBe("0330");
    expect(excel.cell("单位", "D3").value).toBe("启用");
    expect(excel.cell("单位", "F1").value).toBe("本级报送");
    expect(excel.cell("单位", "F3").value).toBe("是");
    expect(c.notice?.text).toContain("已拉取 2 个单位");
  });

  it("预览更改 shows changes and row errors per row, and 提交更改 sends the rows", async () => {
    const { c, excel, server } = await admin();
    await c.admin.pullUnits();
    await excel.userEdit("单位", "B3", "县财政局(改)");
    // A consolidating node (issue 21): 本级报送 否 is sent as reports: false.
    await excel.userEdit("单位", "F2", "否");
    await excel.userEdit("单位", "A4", "0330011");
    await excel.userEdit("单位", "B4", "某镇");
    await excel.userEdit("单位", "C4", "0330");
    await excel.userEdit("单位", "A5", "0330012");
    await excel.userEdit("单位", "B5", "某乡");
    await excel.userEdit("单位", "C5", "NOPE");
    await excel.userEdit("单位", "A6", "0330013");
    await excel.userEdit("单位", "B6", "某村");
    await excel.userEdit("单位", "C6", "0330");
    await excel.userEdit("单位", "D6", "删除");
    const syncs = await syncsOf(excel, () => c.admin.unitChanges(false));
    expect(syncs).toBeLessThanOrEqual(4);
    expect(excel.cell("单位", "E3").value).toBe("改名");
    expect(excel.cell("单位", "E4").value).toBe("新增");
    expect(excel.cell("单位", "E5").value).toContain("NOPE");
    expect(excel.cell("单位", "E6").value).toContain("不能删除");
    expect(excel.cell("单位", "A4").value).toBe("0330011");
    expect(c.notice?.kind).toBe("error");
    const last = server.sent.at(-1)!;
    expect(last.body).toMatchObject({ dryRun: true });
    expect((last.body as { rows: unknown[] }).rows).toHaveLength(4);
    expect((last.body as { rows: { code: string; reports?: boolean }[] }).rows[0]).toMatchObject({
      code: "0330",
      reports: false,
    });
    // Applying with a row wrong in the sheet is refused before anything is stored.
    await c.admin.unitChanges(true);
    expect(server.sent.at(-1)!.body).toMatchObject({ dryRun: true });
    await excel.userEdit("单位", "D6", "停用");
    await excel.userEdit("单位", "C5", "0330");
    await c.admin.unitChanges(true);
    expect(server.sent.at(-1)!.body).toMatchObject({ dryRun: false });
    expect(c.notice).toMatchObject({ kind: "info" });
  });

  it("生成邀请码 fills codes for the listed units and roles; 账号 lists and revokes", async () => {
    const { c, excel, server } = await admin();
    await c.admin.issueInvites();
    expect(c.notice?.text).toContain("请填写单位代码和角色");
    await excel.userEdit("邀请码", "A2", "033001");
    await excel.userEdit("邀请码", "B2", "填报");
    await excel.userEdit("邀请码", "A3", "0330");
    await excel.userEdit("邀请码", "B3", "审核");
    const syncs = await syncsOf(excel, () => c.admin.issueInvites());
    expect(syncs).toBeLessThanOrEqual(4);
    expect(excel.cell("邀请码", "C2").value).toBe("CODE1XXXXX");
    expect(excel.cell("邀请码", "A2").value).toBe("033001");
    expect(excel.cell("邀请码", "D3").value).toBe("2026-12-11");
    const invites = server.sent.filter((s) => s.path === "/admin/invites").map((s) => s.body);
    expect(invites).toEqual([
      { unit: "033001", role: "clerk" },
      { unit: "0330", role: "supervisor" },
    ]);
    await excel.userEdit("邀请码", "A4", "0330");
    await excel.userEdit("邀请码", "B4", "老板");
    await c.admin.issueInvites();
    expect(c.notice).toMatchObject({ kind: "error" });
    expect(c.notice!.text).toContain("角色应为");

    await c.admin.listCredentials();
    expect(excel.cell("账号", "A2").value).toBe("c1");
    // Its holder and expiry beside it (issue 21).
    expect(excel.cell("账号", "I1").value).toBe("持有人");
    expect(excel.cell("账号", "I2").value).toBe("张三");
    expect(excel.cell("账号", "J2").value).toBe("0577-12345678");
    expect(excel.cell("账号", "K2").value).toBe("2027-11-01");
    await excel.userEdit("账号", "H2", "是");
    await c.admin.revokeMarked();
    expect(
      server.sent.some((s) => s.method === "DELETE" && s.path === "/admin/credentials/c1"),
    ).toBe(true);
    expect(c.notice?.text).toContain("已撤销 1 个账号");
    // 审计日志 (issue 21): who did what, when, in China time.
    await c.admin.readAuditLog();
    expect(excel.cell("审计日志", "A1").value).toBe("时间(北京时间)");
    expect(excel.cell("审计日志", "A2").value).toBe("2026-11-01 16:00");
    expect(excel.cell("审计日志", "B2").value).toBe("创建凭据");
    expect(excel.cell("审计日志", "G2").value).toBe("王五");
  });

  it("填报期: a new row opens a period at the admin's unit; a bad date is refused", async () => {
    const { c, excel, server } = await admin();
    await c.admin.pullPeriods();
    await excel.userEdit("填报期", "B2", "gov-2021");
    await excel.userEdit("填报期", "C2", "2026");
    await excel.userEdit("填报期", "D2", "2027/03/31");
    await c.admin.applyPeriods();
    expect(c.notice?.text).toContain("YYYY-MM-DD");
    expect(server.sent.some((s) => s.path === "/admin/periods")).toBe(false);
    await excel.userEdit("填报期", "D2", "2027-03-31");
    await c.admin.applyPeriods();
    expect(server.sent.find((s) => s.path === "/admin/periods")!.body).toEqual({
      unit: "0330",
      form: "gov-2021",
      year: 2026,
      dueDate: "2027-03-31",
      supplements: { capacity: true },
    });
  });

  it("填报期 names forms and times as people do; ids stay where 关闭 reads them", async () => {
    const server = adminServer([
      {
        id: "p_39fb2a",
        unit: { code: "0330", name: "某县" },
        form: "gov-2021",
        year: 2025,
        dueDate: "2026-01-31",
        supplements: { capacity: true },
        openedAt: "2025-12-01T00:00:00Z",
        closedAt: null,
      },
    ]);
    const { c, excel } = paneOn(server.fetcher);
    await c.connect("https://xxgk.example.gov.cn", "ABCDEFGHJK");
    await c.admin.pullPeriods();
    expect(excel.cell("填报期", "A2").value).toBe("p_39fb2a");
    expect(excel.cell("填报期", "B2").value).toBe("政府信息公开工作年度报告统计表");
    // A new row: the form by name, or left empty for the year's form.
    await excel.userEdit("填报期", "B3", "《政府信息公开工作年度报告统计表(2019年试行格式)》");
    await excel.userEdit("填报期", "C3", "2020");
    await excel.userEdit("填报期", "D3", "2021-01-31");
    await excel.userEdit("填报期", "C4", "2026");
    await excel.userEdit("填报期", "D4", "2027-01-31");
    await excel.userEdit("填报期", "E4", "否");
    await c.admin.applyPeriods();
    const opened = server.sent.filter((s) => s.path === "/admin/periods").map((s) => s.body);
    expect(opened).toMatchObject([
      { form: "gov-2019", year: 2020, dueDate: "2021-01-31", supplements: { capacity: true } },
      { form: "gov-2021", year: 2026, dueDate: "2027-01-31", supplements: { capacity: false } },
    ]);
    expect(c.notice?.text).toContain("已开放 2 个");

    // A form nobody knows, or a year no form serves, is refused at its row, in words.
    await c.admin.pullPeriods();
    await excel.userEdit("填报期", "B3", "统计表乙");
    await excel.userEdit("填报期", "C3", "2026");
    await excel.userEdit("填报期", "D3", "2027-01-31");
    await c.admin.applyPeriods();
    expect(c.notice?.text).toBe(
      "第 3 行:「报表」列应为报表名称(如 政府信息公开工作年度报告统计表),也可留空,按年度选用。",
    );
    await excel.userEdit("填报期", "B3", "");
    await excel.userEdit("填报期", "C3", "2015");
    await c.admin.applyPeriods();
    expect(c.notice?.text).toBe("第 3 行:2015 年度没有唯一适用的报表,请在「报表」列填写报表名称。");
    expect(server.sent.filter((s) => s.path === "/admin/periods")).toHaveLength(2);
  });

  it("账号 and 邀请码 give times in China time, as the audit log does", async () => {
    const { c, excel } = await admin();
    await c.admin.listCredentials();
    expect(excel.cell("账号", "E2").value).toBe("2026-11-01 16:00");
    expect(excel.cell("账号", "K2").value).toBe("2027-11-01");
    await c.admin.issueInvites();
    await excel.userEdit("邀请码", "A2", "033001");
    await excel.userEdit("邀请码", "B2", "填报");
    await c.admin.issueInvites();
    expect(excel.cell("邀请码", "D2").value).toBe("2026-12-11");
  });
});
