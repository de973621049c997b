import { describe, expect, it } from "vitest";
import { layoutForm } from "../../shared/layout";
import { connectApi } from "../src/common/api-client";
import { COLORS } from "../src/session/marks";
import { PaneController } from "../src/pane/controller";
import { ROLLUP_SHEETS } from "../src/sheets/rollup";
import { FormSession } from "../src/session/session";
import { stateFromXml } from "../src/session/state";
import { RETURN, UNITS, workflowServer } from "../testing/fake-workflow";
import { form, memoryStore, setup, syncsOf } from "./helpers";

/** The review sheet of unit U1: its tab names the unit by its name, not its code. */
const REVIEW_SHEET = `审核 ${UNITS.U1.name}`;

type Server = ReturnType<typeof workflowServer>;

function pane(server: Server, opts: { excelApi?: string; lang?: "zh" | "en" } = {}) {
  const env = setup(opts.excelApi ? { excelApi: opts.excelApi } : {});
  const c = new PaneController({
    host: env.host,
    store: memoryStore(),
    fetcher: server.fetcher,
    lang: opts.lang ?? "zh",
    uuid: env.deps.uuid,
    now: () => new Date("2019-01-15T00:00:00Z"),
    timer: env.timer,
    defaultServer: "https://localhost:8787",
  });
  return { ...env, c };
}

/** A clerk of U1 with a gov-2012 2018 sheet: totals fine, one warning (G8) explained. */
async function clerk(server: Server, opts: { excelApi?: string; lang?: "zh" | "en" } = {}) {
  const env = pane(server, opts);
  const { c, excel } = env;
  expect(await c.connect("https://localhost:8787", "clerk")).toBe(true);
  c.choose({ year: 2018 });
  await c.insert();
  const s = c.session!;
  const address = (id: string) => s.layout.inputs[id]!.address;
  const edit = async (id: string, v: unknown) => {
    await excel.userEdit(s.sheetName, address(id), v);
    await c.check();
  };
  await edit("proactive.total.n", 300);
  await edit("proactive.website.n", 298);
  await edit("requests.accepted.n", 5); // G8 warning: accepted > total
  await c.explain("G8:requests.accepted.n", "含上年结转的申请,已核实无误。");
  /** What the cell shows after Excel's recalculation (conditional formats over its own fill). */
  const cell = (id: string) => excel.shown(s.sheetName, address(id));
  const note = (id: string) => excel.sheet(s.sheetName).notes.get(address(id)) ?? null;
  return { ...env, s, edit, address, cell, note };
}

describe("the clerk's report status", () => {
  it("shows not started with the due date, then submitted on time, then late", async () => {
    const server = workflowServer();
    const { c, edit } = await clerk(server);
    expect(c.workflowText()).toBe("状态:未报送 · 截止日期:2019-01-31");
    await c.submit();
    expect(c.workflowText()).toBe("状态:已报送 · 截止日期:2019-01-31 · 按时报送");
    server.setLate(true);
    await edit("proactive.total.n", 310);
    await c.submit();
    expect(c.workflowText()).toBe("状态:已报送 · 截止日期:2019-01-31 · 逾期报送");
  });

  it("says clearly when no period is open, and nothing is lost", async () => {
    const server = workflowServer();
    server.setPeriods([]);
    const { c, s } = await clerk(server);
    expect(c.workflowText()).toBe("状态:未报送 · 本单位尚无开启的填报期");
    const res = await c.submit();
    expect(res).toMatchObject({ kind: "noPeriod" });
    expect(c.statusText()).toBe(
      "本单位 2018 年度《政府信息公开情况统计表》的填报期尚未开启或已关闭,暂不能提交。填写的内容都已保留。",
    );
    expect(s.state.pending).toBeNull();
    expect(s.state.explanations["G8:requests.accepted.n"]).toBe("含上年结转的申请,已核实无误。");
  });

  it("shows the locked message when an accepted report is submitted again (409 report-locked)", async () => {
    const server = workflowServer();
    const { c, edit } = await clerk(server, { lang: "en" });
    await c.submit();
    server.review("U1", "gov-2012", 2018, { action: "accept", revision: 1 });
    await edit("proactive.total.n", 320);
    expect((await c.submit())?.kind).toBe("locked");
    expect(c.statusText()).toBe(
      "This report was accepted and is locked: it cannot be submitted again. Ask your supervisor to reopen it.",
    );
    expect(server.reports.get("U1/gov-2012/2018")!.revision).toBe(1);
    expect(c.workflowText()).toBe("Status: Accepted · Due: 2019-01-31 · on time"); // learnt from the 409
  });
});

describe("remarks of a return in the clerk's sheet", () => {
  it("paints remarks blue with the author-prefixed note when the status is fetched; checks stay read-only", async () => {
    const server = workflowServer();
    const { c, s, cell, note, excel } = await clerk(server);
    await c.submit();
    server.review("U1", "gov-2012", 2018, RETURN);
    await c.refresh();
    expect(c.workflowText()).toBe("状态:已退回 · 截止日期:2019-01-31 · 按时报送");
    expect(s.report?.returnReason).toBe("表一数字与受理台账不符");
    // a remark alone: blue, note prefixed with who wrote it
    expect(cell("proactive.total.n").fill).toBe(COLORS.remarkFill);
    expect(note("proactive.total.n")).toBe("审核意见 · 苍南县政务公开办:与台账不一致,请核对");
    // a warning on the same cell wins the fill (its conditional format); the note is the remark's
    expect(cell("requests.accepted.n").fill).toBe(COLORS.warningFill);
    expect(note("requests.accepted.n")).toBe("审核意见 · 苍南县政务公开办:受理数请说明来源");
    const writes = excel.writeCount;
    expect(await syncsOf(excel, () => s.pass())).toBe(1);
    expect(excel.writeCount).toBe(writes);
    expect(s.remarks().map((r) => s.remarkState(r))).toEqual(["open", "open"]);
  });

  it("prefixes the note in English too", async () => {
    const server = workflowServer();
    const { c, note } = await clerk(server, { lang: "en" });
    await c.submit();
    server.review("U1", "gov-2012", 2018, RETURN);
    await c.refresh();
    expect(note("proactive.total.n")).toBe("Review remark · 苍南县政务公开办: 与台账不一致,请核对");
    expect(c.workflowText()).toBe("Status: Returned · Due: 2019-01-31 · on time");
  });

  it("paints a remark on every input cell in 2 syncs; a check still reads in 1", async () => {
    const server = workflowServer();
    const { c, s, excel, note } = await clerk(server);
    await c.submit();
    const cells = Object.keys(s.layout.inputs);
    server.review("U1", "gov-2012", 2018, {
      action: "return",
      revision: 1,
      reason: "全部核对",
      remarks: cells.map((cell) => ({ cell, text: `请核对 ${cell}` })),
    });
    expect(await syncsOf(excel, () => c.refresh())).toBe(2);
    expect(cells.length).toBeGreaterThan(40);
    expect(await syncsOf(excel, () => s.pass())).toBe(1);
    expect(note(cells[cells.length - 1]!)).toBe(
      `审核意见 · 苍南县政务公开办:请核对 ${cells[cells.length - 1]}`,
    );
  });

  it("clears a remark the clerk's change answered at 提交 (not at 刷新状态 of an unchanged status); the PUT sends nothing extra", async () => {
    const server = workflowServer();
    const { c, s, cell, note, edit, excel } = await clerk(server);
    await c.submit();
    server.review("U1", "gov-2012", 2018, RETURN);
    await c.refresh();
    const writes = excel.writeCount;
    await edit("proactive.total.n", 301);
    await c.check();
    expect(excel.writeCount).toBe(writes); // typing never writes: the blue stays for now
    expect(s.remarkState(s.remarks().find((r) => r.cell === "proactive.total.n")!)).toBe("changed");
    await c.refresh(); // the server's remarks are as the sheet shows them: no write
    expect(excel.writeCount).toBe(writes);
    expect(cell("proactive.total.n").fill).toBe(COLORS.remarkFill);
    await c.submit(); // the server resolves the changed remark: its mark goes
    expect(cell("proactive.total.n").fill).toBeNull();
    expect(note("proactive.total.n")).toBeNull();
    // the other remark is still open
    expect(note("requests.accepted.n")).toContain("审核意见 · 苍南县政务公开办:");
    const put = server.last("PUT")!;
    expect(Object.keys(put.body as object).sort()).toEqual(["explanations", "values"]);
    const stored = server.reports.get("U1/gov-2012/2018")!;
    expect(stored.status).toBe("submitted");
    expect(stored.resubmitted).toBe(true);
    expect(stored.remarks.find((r) => r.cell === "proactive.total.n")).toMatchObject({
      resolved: true,
      resolution: "changed",
    });
    expect(c.workflowText()).toBe("状态:已报送(退回后重新报送) · 截止日期:2019-01-31 · 按时报送");
  });

  it("sends answers typed in the pane in the PUT body, and clears the answered mark at 提交", async () => {
    const server = workflowServer();
    const { c, s, note, cell, excel } = await clerk(server);
    await c.submit();
    server.review("U1", "gov-2012", 2018, RETURN);
    await c.refresh();
    const remark = s.remarks().find((r) => r.cell === "requests.accepted.n")!;
    const syncs = await syncsOf(excel, () => c.answer(remark.id, "含上年结转 5 件,已核对台账"));
    // Typing an answer never writes (Ctrl+Z survives): the blue mark stays until 提交.
    expect(syncs).toBe(0);
    expect(s.remarkState(remark)).toBe("answered");
    expect(note("requests.accepted.n")).toContain("受理数请说明来源");
    expect(stateFromXml(excel.workbook.parts[0]!.xml).answers[remark.id]).toBeUndefined();
    await c.submit();
    expect(note("requests.accepted.n")).toBeNull();
    expect(cell("requests.accepted.n").fill).toBe(COLORS.warningFill);
    expect(server.last("PUT")!.body).toMatchObject({
      answers: { [remark.id]: "含上年结转 5 件,已核对台账" },
    });
    const stored = server.reports.get("U1/gov-2012/2018")!;
    expect(stored.remarks.find((r) => r.id === remark.id)).toMatchObject({
      resolved: true,
      resolution: "answered",
      answer: "含上年结转 5 件,已核对台账",
    });
    // the still-open remark (unchanged cell, no answer) stays painted
    expect(cell("proactive.total.n").fill).toBe(COLORS.remarkFill);
    expect(s.state.answers).toEqual({});
  });

  it("shows the remark in a comment (ExcelApi 1.14), else as the blue fill and in the pane (the message column holds the workbook's messages)", async () => {
    // Comments exist from 1.10, but reading one back by id needs 1.14 (api-sets.ts).
    for (const excelApi of ["1.14", "1.13", "1.10", "1.8"]) {
      const server = workflowServer();
      const { c, s, excel, address } = await clerk(server, { excelApi });
      await c.submit();
      server.review("U1", "gov-2012", 2018, RETURN);
      await c.refresh();
      const sheet = excel.sheet(s.sheetName);
      const comment = [...sheet.comments.values()].find(
        (x) => x.address === address("proactive.total.n"),
      )?.content;
      expect(comment).toBe(
        excelApi === "1.14" ? "审核意见 · 苍南县政务公开办:与台账不一致,请核对" : undefined,
      );
      const row = Number(/\d+/.exec(address("proactive.total.n"))![0]);
      const column = String.fromCharCode(65 + s.layout.colCount);
      expect(String(excel.shown(s.sheetName, `${column}${row}`).value)).not.toContain("审核意见");
      expect(s.remarks().map((r) => r.text)).toContain("与台账不一致,请核对");
      expect(excel.shown(s.sheetName, address("proactive.total.n")).fill).toBe(COLORS.remarkFill);
    }
  });
});

describe("last year's 说明", () => {
  it("offers last year's explanation for the same rule (fetched once) and uses it in one click", async () => {
    const server = workflowServer();
    server.seed("U1", "gov-2012", 2017, {
      values: { "proactive.total.n": 1, "requests.accepted.n": 3 },
      explanations: { "G8:requests.accepted.n": "去年:受理数含上年结转的申请。" },
    });
    const { c, s } = await clerk(server);
    const w = s.warnings()[0]!;
    await c.explain(w.key, "");
    expect(s.lastYearExplanation(w)).toBe("去年:受理数含上年结转的申请。");
    await c.useLastYear(w);
    expect(s.state.explanations[w.key]).toBe("去年:受理数含上年结转的申请。");
    await c.refresh(); // the status again, not last year's report
    const lastYearGets = server.calls.filter((x) => x.path === "/units/U1/reports/gov-2012/2017");
    expect(lastYearGets).toHaveLength(1);
  });

  it("falls back to any key of the same rule; 404 means none; last year's form comes from GET /forms", async () => {
    const server = workflowServer();
    server.seed("U1", "gov-2012", 2017, {
      values: {},
      explanations: { "G8:requests.other.n": "同一规则的另一处说明,仍可参考。" },
    });
    const { s } = await clerk(server);
    expect(s.lastYearExplanation(s.warnings()[0]!)).toBe("同一规则的另一处说明,仍可参考。");
    expect(s.lastYearExplanation({ key: "G9:x", rule: "G9" })).toBeNull();

    const other = pane(server);
    await other.c.connect("https://localhost:8787", "clerk");
    other.c.choose({ formId: "gov-2019", year: 2019 });
    await other.c.insert();
    expect(server.last("GET", "/reports/gov-2012/2018")).toBeTruthy(); // 2018 is gov-2012's
    expect(other.c.session!.lastYear).toBeNull(); // 404: none
  });
});

describe("the supervisor", () => {
  function withRollup(server: Server) {
    server.setRollup({
      unit: UNITS.U0,
      form: "gov-2012",
      year: 2018,
      values: { "proactive.total.n": 300 },
      units: 3,
      submitted: 1,
      missing: 2,
      included: 0,
      pending: 1,
      children: [
        { ...UNITS.U1, units: 1, submitted: 1, values: {}, included: 0, pending: 1, missing: 0 },
        { ...UNITS.U2, units: 1, submitted: 0, values: {}, included: 0, pending: 0, missing: 1 },
      ],
      completeness: [
        {
          ...UNITS.U0,
          parent: null,
          depth: 0,
          status: "missing",
          revision: null,
          submittedAt: null,
          errors: 0,
          warnings: 0,
          late: null,
          timeliness: "missing",
        },
        {
          ...UNITS.U1,
          parent: "U0",
          depth: 1,
          status: "returned",
          revision: 2,
          submittedAt: "2019-02-02T00:00:00Z",
          errors: 0,
          warnings: 1,
          late: true,
          timeliness: "late",
        },
        {
          ...UNITS.U2,
          parent: "U0",
          depth: 1,
          status: "accepted",
          revision: 1,
          submittedAt: "2019-01-20T00:00:00Z",
          errors: 0,
          warnings: 0,
          late: false,
          timeliness: "on_time",
        },
      ],
      rules: [
        { rule: "G8", units: 2, codes: ["U1", "U2"] },
        { rule: "G9", units: 1, codes: ["U1"] },
      ],
    });
  }

  it("pulls accepted-only figures: 报送情况 shows status, timeliness and the rules failing most", async () => {
    const server = workflowServer();
    withRollup(server);
    const { c, excel } = pane(server);
    await c.connect("https://localhost:8787", "sup");
    c.choose({ include: "accepted" });
    const syncs = await syncsOf(excel, () => c.pullRollup());
    expect(syncs).toBeLessThanOrEqual(3);
    expect(server.last("GET", "/rollups/gov-2012/2018")!.query).toBe("?include=accepted");
    const st = (a: string) => excel.cell(ROLLUP_SHEETS.status, a).value;
    expect([st("E4"), st("E5"), st("E6")]).toEqual(["未报送", "已退回", "已通过"]);
    expect([st("F4"), st("F5"), st("F6")]).toEqual(["未报送", "逾期", "按时"]);
    expect(st("G5")).toBe(2);
    expect(st("A8")).toBe("各校验规则未通过单位数(由多到少)");
    expect([st("A9"), st("B9"), st("C9")]).toEqual(["规则", "单位数", "单位代码"]);
    expect([st("A10"), st("B10"), st("C10")]).toEqual(["G8", 2, "U1, U2"]);
    expect(String(st("D10"))).toMatch(/^.*…/);
    expect([st("A11"), st("B11")]).toEqual(["G9", 1]);
    const by = (a: string) => excel.cell(ROLLUP_SHEETS.byUnit, a).value;
    expect([by("C3"), by("E3"), by("F3"), by("G3")]).toEqual(["单位数", "纳入", "待审", "未报送"]);
    expect([by("B4"), by("E4"), by("F4"), by("G4")]).toEqual(["苍南县教育局", 0, 1, 0]);
    const layout = layoutForm(form("gov-2012"), "zh");
    expect(String(excel.cell(ROLLUP_SHEETS.summary, layout.meta.unit.address).value)).toBe(
      "苍南县政务公开办(汇总 · 仅已通过 · 纳入 0/3,待审 1,未报送 2)",
    );
    expect(c.notice?.text).toBe("已更新汇总:3 个单位,纳入 0,待审 1,未报 2。");
    expect(c.reviewUnits.map((u) => u.code)).toEqual(["U1", "U2"]);
  });

  it("reviews a unit: 说明 beside the numbers, a remark pinned to the selected cell, return needs a reason", async () => {
    const server = workflowServer();
    withRollup(server);
    server.seed("U1", "gov-2012", 2018, {
      values: { "proactive.total.n": 300, "proactive.website.n": 298, "requests.accepted.n": 5 },
      explanations: { "G8:requests.accepted.n": "含上年结转的申请,已核实无误。" },
    });
    const { c, excel } = pane(server);
    await c.connect("https://localhost:8787", "sup");
    await c.pullRollup();
    c.choose({ reviewUnit: "U1" });
    expect(await syncsOf(excel, () => c.loadReview())).toBeLessThanOrEqual(3);
    const r = c.review!;
    expect(r.sheet).toBe(REVIEW_SHEET);
    const addr = (id: string) => r.layout.inputs[id]!.address;
    expect(excel.sheet(REVIEW_SHEET).protected).toBe(true);
    expect(excel.cell(REVIEW_SHEET, addr("proactive.total.n")).value).toBe(300);
    expect(excel.cell(REVIEW_SHEET, addr("requests.accepted.n")).fill).toBe(COLORS.warningFill);
    await expect(excel.userEdit(REVIEW_SHEET, addr("proactive.total.n"), 1)).rejects.toThrow();
    // printed for signing: the reviewed unit stamps it, 报出日期 is the day it was submitted
    // (revision 1: 2019-01-21T08:00:00Z, 16:00 China time)
    const printed = [...excel.sheet(REVIEW_SHEET).cells.values()].map((x) => String(x.value));
    expect(printed).toContain("填报单位(盖章):苍南县教育局");
    expect(printed).toContain("报出日期:2019-01-21");
    const [w] = c.reviewWarnings();
    expect(w!.explanation).toBe("含上年结转的申请,已核实无误。");
    // the 说明 beside the numbers, right after the table's last column on that row
    const row = Number(/\d+/.exec(addr("requests.accepted.n"))![0]);
    const text = r.layout.cells.filter((x) => x.row === row - 1 && x.role === "input");
    const last = Math.max(...text.map((x) => x.col + x.colSpan));
    expect(excel.cell(REVIEW_SHEET, `${String.fromCharCode(65 + last)}${row}`).value).toMatch(
      /^【提示】.+ 说明: 含上年结转的申请,已核实无误。$/,
    );
    expect(w!.issue.left).toBe(5);
    expect(c.notice?.text).toBe("已载入 苍南县教育局 第 1 版(已报送)。");

    c.decide(w!.issue.key, "rejected", "说明不充分,请列明件数");
    expect(await c.pinRemark("与台账不一致")).toBe(false); // nothing selected on the review sheet
    expect(c.notice?.text).toBe("请先在审核表中选中一个填报单元格。");
    excel.userSelect(REVIEW_SHEET, addr("proactive.website.n"));
    expect(await c.pinRemark("网站数请核对")).toBe(true);
    expect(excel.cell(REVIEW_SHEET, addr("proactive.website.n")).fill).toBe(COLORS.remarkFill);
    await c.removeRemark("proactive.website.n");
    expect(excel.cell(REVIEW_SHEET, addr("proactive.website.n")).fill).toBeNull();
    excel.userSelect(REVIEW_SHEET, addr("proactive.total.n"));
    // reading the selection 1 sync, painting the cell blue 1 sync (the sheet stays protected)
    expect(await syncsOf(excel, () => c.pinRemark("与台账不一致"))).toBe(2);
    expect(excel.cell(REVIEW_SHEET, addr("proactive.total.n")).fill).toBe(COLORS.remarkFill);
    expect(excel.sheet(REVIEW_SHEET).protected).toBe(true);

    expect(await c.reviewAction("accept")).toBe(false);
    expect(c.notice?.text).toBe("有说明被标为「不接受」,只能退回。");
    expect(await c.reviewAction("return", "  ")).toBe(false);
    expect(c.notice?.text).toBe("退回和重新打开须填写原因。");
    expect(server.calls.filter((x) => x.path.endsWith("/review"))).toHaveLength(0);

    expect(await c.reviewAction("return", "表一数字与台账不符")).toBe(true);
    expect(server.last("POST", "/review")!.body).toEqual({
      action: "return",
      revision: 1,
      reason: "表一数字与台账不符",
      remarks: [{ cell: "proactive.total.n", text: "与台账不一致" }],
      explanations: {
        "G8:requests.accepted.n": { decision: "rejected", comment: "说明不充分,请列明件数" },
      },
    });
    expect(c.review!.report.status).toBe("returned");
    expect(c.reviewActions()).toEqual({ return: false, accept: false, reopen: false });
    expect(c.notice?.text).toBe("已退回 苍南县教育局。");
    expect(c.review!.history.map((e) => [e.action, e.revision, e.reason])).toEqual([
      ["submit", 1, null],
      ["return", 1, "表一数字与台账不符"],
    ]);
    expect(excel.cell(REVIEW_SHEET, addr("proactive.total.n")).fill).toBe(COLORS.remarkFill);
  });

  it("accepts (every 说明 accepted), reopens with a reason, and reloads on a stale revision", async () => {
    const server = workflowServer();
    withRollup(server);
    server.seed("U1", "gov-2012", 2018, {
      values: { "proactive.total.n": 300, "requests.accepted.n": 5 },
      explanations: { "G8:requests.accepted.n": "含上年结转的申请,已核实无误。" },
    });
    const { c } = pane(server);
    await c.connect("https://localhost:8787", "sup");
    await c.pullRollup();
    await c.loadReview("U1");
    // the clerk submits again meanwhile
    server.seed("U1", "gov-2012", 2018, {
      values: { "proactive.total.n": 301, "requests.accepted.n": 5 },
      explanations: { "G8:requests.accepted.n": "含上年结转的申请,已核实无误。" },
    });
    expect(await c.reviewAction("accept")).toBe(false);
    expect(c.notice?.text).toBe("苍南县教育局 已有新版本(第 2 版),已重新载入,请重新审核。");
    expect(c.review!.report.revision).toBe(2);
    expect(await c.reviewAction("accept")).toBe(true);
    expect(server.last("POST", "/review")!.body).toEqual({
      action: "accept",
      revision: 2,
      explanations: { "G8:requests.accepted.n": { decision: "accepted" } },
    });
    expect(c.review!.report.status).toBe("accepted");
    expect(c.reviewActions()).toEqual({ return: false, accept: false, reopen: true });
    expect(await c.reviewAction("reopen")).toBe(false);
    expect(await c.reviewAction("reopen", "发现上报口径错误")).toBe(true);
    expect(server.last("POST", "/review")!.body).toEqual({
      action: "reopen",
      reason: "发现上报口径错误",
      revision: 2,
    });
    expect(c.review!.report.status).toBe("returned");
  });
});

describe("the session without the pane", () => {
  it("keeps answers across a reopen (custom XML part)", async () => {
    const server = workflowServer();
    const { c, s, excel } = await clerk(server);
    await c.submit();
    server.review("U1", "gov-2012", 2018, RETURN);
    await c.refresh();
    await s.setAnswer("r2", "已核对");
    await s.save(); // 保存: into the workbook (typing alone keeps it in the pane's storage)
    const again = setup({ workbook: excel.reopen().workbook });
    const found = await FormSession.attach(again.deps, async () => form("gov-2012"), s.sheetId);
    expect(found!.state.answers).toEqual({ r2: "已核对" });
    const api = connectApi({ server: "https://x", token: "clerk" }, server.fetcher);
    await found!.refreshServer(api, "U1");
    expect(found!.remarks()).toHaveLength(2);
    expect(found!.remarkState(found!.remarks().find((r) => r.id === "r2")!)).toBe("answered");
  });
});
