import { beforeAll, describe, expect, it } from "vitest";
import type { UnitChangesResult, AdminUnit, CredentialList } from "../../shared/api/admin-ui";
import {
  call,
  expectProblem,
  putReport,
  seedToken,
  seedUnits,
  snapshot,
  validValues,
} from "./helpers";

let admin = "";
let adminA = "";

beforeAll(async () => {
  await seedUnits([
    { code: "SR", name: "某县", parent: null },
    { code: "SA", name: "甲局", parent: "SR" },
    { code: "SA1", name: "甲局下属", parent: "SA" },
    { code: "SB", name: "乙局", parent: "SR" },
  ]);
  admin = await seedToken("SR", "admin");
  adminA = await seedToken("SA", "admin");
});

const post = (rows: unknown[], dryRun?: boolean, token = admin) =>
  call("/admin/units/changes", { method: "POST", token, body: { rows, dryRun } });
const units = async (token = admin) =>
  ((await (await call("/admin/units", { token })).json()) as { units: AdminUnit[] }).units;

describe("the unit sheet", () => {
  it("lists the caller's subtree, parents first", async () => {
    const mine = await units(adminA);
    expect(mine.map((u) => [u.code, u.parent, u.active, u.subtreeUnits])).toEqual([
      ["SA", "SR", true, 2],
      ["SA1", "SA", true, 1],
    ]);
    expect((await units()).map((u) => u.code)).toEqual(
      expect.arrayContaining(["SR", "SA", "SA1", "SB"]),
    );
  });

  it("a preview lists changes and row errors and changes nothing", async () => {
    const before = await snapshot();
    const res = await post(
      [
        { code: "SA", name: "甲局(新名)", parent: "SR" },
        { code: "SA1", name: "甲局下属", parent: "SB" },
        { code: "SC", name: "丙镇", parent: "SR" },
        { code: "SC", name: "丙镇", parent: "SR" },
        { code: "SD", name: "丁", parent: "NOPE" },
        { code: "SB", name: "乙局", parent: "SA1" },
        { code: "bad code", name: "x", parent: "SR" },
        { code: "SE", name: " ", parent: "SR" },
      ],
      true,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as UnitChangesResult;
    expect(body.applied).toBe(false);
    expect(body.errors.map((e) => [e.row, e.code])).toEqual([
      [1, "SA1"],
      [3, "SC"],
      [4, "SD"],
      [5, "SB"],
      [6, "bad code"],
      [7, "SE"],
    ]);
    expect(body.errors.find((e) => e.row === 4)!.message).toContain("上级单位「NOPE」不存在");
    expect(body.errors.find((e) => e.row === 3)!.message).toContain("重复");
    expect(body.errors.find((e) => e.row === 5)!.message).toContain("循环");
    expect(body.changes.map((c) => [c.code, c.kinds])).toEqual([
      ["SA", ["renamed"]],
      ["SC", ["added"]],
    ]);
    expect(await snapshot()).toEqual(before);
    // Applying the same rows is a 422 listing the rows, and changes nothing either.
    const p = await expectProblem(
      await post([{ code: "SD", name: "丁", parent: "NOPE" }]),
      422,
      "unit-import-invalid",
    );
    expect(p.detail).toContain("第 1 行");
    expect(await snapshot()).toEqual(before);
  });

  it("applies added, renamed, moved and deactivated units in one go", async () => {
    const clerk = await seedToken("SA1", "clerk");
    const put = await putReport(clerk, "SA1", 2021, { values: validValues(5) });
    expect(put.status, await put.text()).toBe(201);
    const res = await post([
      { code: "SA", name: "甲局(改)", parent: "SR" },
      { code: "ST", name: "某镇", parent: "SR" },
      { code: "ST-1", name: "某镇党政办", parent: "ST" },
      { code: "SA1", name: "甲局下属", parent: "ST-1" },
      { code: "SB", name: "乙局", parent: "SR", active: false },
    ]);
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as UnitChangesResult;
    expect(body.applied).toBe(true);
    const after = new Map((await units()).map((u) => [u.code, u]));
    expect(after.get("SA")!.name).toBe("甲局(改)");
    expect(after.get("SA1")!.parent).toBe("ST-1");
    expect(after.get("SB")!.active).toBe(false);
    expect(after.get("ST")!.subtreeUnits).toBe(3);
    expect(after.get("SA")!.subtreeUnits).toBe(1);
    // SA1's report now counts in the town's rollup, not in 甲局's.
    const sup = await seedToken("SR", "supervisor");
    const roll = async (code: string) =>
      (
        (await (await call(`/units/${code}/rollups/gov-2021/2021`, { token: sup })).json()) as {
          submitted: number;
        }
      ).submitted;
    expect(await roll("ST")).toBe(1);
    expect(await roll("SA")).toBe(0);
    // The moved clerk still submits.
    const again = await putReport(
      clerk,
      "SA1",
      2021,
      { values: validValues(7) },
      { ifMatch: put.headers.get("ETag") },
    );
    expect(again.status, await again.text()).toBe(201);
  });

  it("an admin below the root changes only its subtree; bad bodies are 400", async () => {
    const before = await snapshot();
    const res = await post([{ code: "SA", name: "甲局", parent: "SB" }], true, adminA);
    const body = (await res.json()) as UnitChangesResult;
    expect(body.errors[0]!.message).toContain("不能移动");
    const outside = (await (
      await post([{ code: "SX", name: "x", parent: "SB" }], true, adminA)
    ).json()) as UnitChangesResult;
    expect(outside.errors[0]!.message).toContain("不在您的管理范围内");
    const taken = (await (
      await post([{ code: "SB", name: "x", parent: "SA" }], true, adminA)
    ).json()) as UnitChangesResult;
    // The same words whoever uses the code: nothing says it is another subtree's (issue 21).
    expect(taken.errors[0]!.message).toContain("不能使用");
    expect(taken.errors[0]!.message).not.toContain("管理范围");
    for (const bad of [
      {},
      { rows: [] },
      { rows: [{ code: 1, name: "x" }] },
      { rows: [{ code: "A", name: "x" }], x: 1 },
    ]) {
      const p = await expectProblem(
        await call("/admin/units/changes", { method: "POST", token: admin, body: bad }),
        400,
        "invalid-body",
      );
      expect(p.detail).toContain("请求体");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("lists credentials without secrets, last use and revocations", async () => {
    const clerk = await seedToken("SA", "clerk");
    const id = clerk.split(".")[0]!;
    await putReport(clerk, "SA", 2021, { values: validValues(2) });
    await call(`/admin/credentials/${id}`, { method: "DELETE", token: admin });
    const res = await call("/admin/credentials", { token: admin });
    const text = await res.clone().text();
    expect(text).not.toContain(clerk.split(".")[1]!);
    expect(text).not.toMatch(/secret/);
    const list = ((await res.json()) as CredentialList).credentials;
    const mine = list.find((c) => c.id === id)!;
    expect(mine.unit.code).toBe("SA");
    expect(mine.revokedAt).not.toBeNull();
    expect(mine.lastUsedAt).not.toBeNull();
    const scoped = (
      (await (await call("/admin/credentials", { token: adminA })).json()) as CredentialList
    ).credentials;
    expect(scoped.every((c) => ["SA"].includes(c.unit.code))).toBe(true);
  });
});
