import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bulletinLines,
  checkManualScore,
  checkRubric,
  daysLate,
  DEFAULT_RUBRIC,
  gradeOf,
  scoreUnits,
  UnitFactsSchema,
  type Rubric,
  type UnitFacts,
} from "../assessment";
import {
  AssessmentResponseSchema,
  ManualScoreBodySchema,
  RubricPutBodySchema,
} from "../api/supervision";

/** A department that submitted on the due date and was never returned. */
function facts(over: Partial<UnitFacts> = {}): UnitFacts {
  return UnitFactsSchema.parse({
    code: "330327001",
    name: "苍南县人民政府办公室",
    dueDate: "2026-01-31",
    firstSubmittedAt: "2026-01-20T02:00:00.000Z",
    returns: 0,
    unexplainedWarnings: 0,
    rejectedExplanations: 0,
    remarks: { total: 0, open: 0 },
    ...over,
  });
}

function one(f: UnitFacts, manual = {}) {
  const unit = scoreUnits(DEFAULT_RUBRIC, [f], manual).units[0]!;
  const item = (id: string) => unit.items.find((i) => i.id === id)!;
  return { unit, item };
}

describe("the default rubric", () => {
  it("is the 100-point scale: 优秀 ≥95, 良好 85–94, 合格 60–84, 不合格 ≤59", () => {
    expect(DEFAULT_RUBRIC.total).toBe(100);
    expect(DEFAULT_RUBRIC.grades.map((g) => [g.label.zh, g.min])).toEqual([
      ["优秀", 95],
      ["良好", 85],
      ["合格", 60],
      ["不合格", 0],
    ]);
  });

  it.each([
    [59, "不合格"],
    [59.99, "不合格"],
    [60, "合格"],
    [84, "合格"],
    [84.5, "合格"],
    [85, "良好"],
    [94, "良好"],
    [94.99, "良好"],
    [95, "优秀"],
    [100, "优秀"],
    [0, "不合格"],
  ])("grades %s as %s", (score, zh) => {
    expect(gradeOf(DEFAULT_RUBRIC, score).label.zh).toBe(zh);
  });
});

describe("grade thresholds through scoreUnits", () => {
  // One manual item worth the whole 100 points: the supervisor's score is the unit's score.
  const rubric: Rubric = {
    ...DEFAULT_RUBRIC,
    items: [
      {
        id: "overall",
        label: { zh: "综合评价", en: "Overall" },
        max: 100,
        measure: { kind: "manual" },
      },
    ],
  };
  it.each([
    [59, "fail"],
    [60, "pass"],
    [84, "pass"],
    [85, "good"],
    [94, "good"],
    [95, "excellent"],
  ])("a unit scored %s is %s", (points, grade) => {
    const a = scoreUnits(rubric, [facts()], {
      "330327001": { overall: { points, reason: "综合评价" } },
    });
    expect(a.units[0]!.score).toBe(points);
    expect(a.units[0]!.grade).toBe(grade);
  });

  it("grades every score in hundredths like the scale says", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (hundredths) => {
        const s = hundredths / 100;
        const want = s >= 95 ? "优秀" : s >= 85 ? "良好" : s >= 60 ? "合格" : "不合格";
        expect(gradeOf(DEFAULT_RUBRIC, s).label.zh).toBe(want);
      }),
    );
  });
});

describe("every measured item", () => {
  it("gives full marks to a unit on time, never returned, every 说明 accepted", () => {
    const { unit } = one(facts());
    expect(unit.score).toBe(100);
    expect(unit.grade).toBe("excellent");
    expect(unit.daysLate).toBe(0);
    expect(unit.items.map((i) => i.points)).toEqual(unit.items.map((i) => i.max));
  });

  it("counts a submission at 23:59:59 China time on the due date as on time", () => {
    const { item } = one(facts({ firstSubmittedAt: "2026-01-31T15:59:59.999Z" }));
    expect(item("on_time").points).toBe(30);
    expect(item("on_time").reason).toBe("按时报送(截止 2026-01-31)");
  });

  it("takes points per calendar day late, from the first submission", () => {
    const oneDay = one(facts({ firstSubmittedAt: "2026-01-31T16:00:00.000Z" }));
    expect(oneDay.unit.daysLate).toBe(1);
    expect(oneDay.item("on_time").points).toBe(27);
    expect(oneDay.item("on_time").reason).toBe("逾期 1 天(截止 2026-01-31),扣 3 分");
    expect(oneDay.item("on_time").reason_en).toBe("1 day late (due 2026-01-31): −3");

    const fourDays = one(facts({ firstSubmittedAt: "2026-02-04T09:30:00+08:00" }));
    expect(fourDays.item("on_time").points).toBe(18);
    expect(fourDays.unit.score).toBe(88);
    expect(fourDays.unit.gradeLabel.zh).toBe("良好");
  });

  it("never takes more than the item's maximum for lateness", () => {
    const { unit, item } = one(facts({ firstSubmittedAt: "2026-03-15T01:00:00Z" }));
    expect(unit.daysLate).toBe(43);
    expect(item("on_time").points).toBe(0);
    expect(item("on_time").reason).toContain("扣 30 分");
    expect(unit.score).toBe(70);
  });

  it("takes points per return: returned twice", () => {
    const { unit, item } = one(facts({ returns: 2 }));
    expect(item("returns").points).toBe(10);
    expect(item("returns").reason).toBe("被退回 2 次,扣 10 分");
    expect(item("returns").reason_en).toBe("Returned 2 times: −10");
    expect(unit.returns).toBe(2);
    expect(unit.score).toBe(90);
  });

  it("takes points for a rejected 说明 and an unexplained warning", () => {
    expect(one(facts({ rejectedExplanations: 1 })).item("explanations")).toMatchObject({
      points: 5,
      reason: "1 条说明被驳回,扣 5 分",
    });
    const both = one(facts({ rejectedExplanations: 2, unexplainedWarnings: 1 }));
    expect(both.item("explanations").points).toBe(0);
    expect(both.item("explanations").reason).toBe("1 条警告未说明、2 条说明被驳回,扣 10 分");
  });

  it("takes points per remark left open, none when every remark was answered", () => {
    expect(one(facts({ remarks: { total: 3, open: 0 } })).item("remarks").points).toBe(10);
    expect(one(facts({ remarks: { total: 3, open: 1 } })).item("remarks")).toMatchObject({
      points: 5,
      reason: "1 条审核意见未答复(共 3 条),扣 5 分",
    });
  });

  it("scores 0, 不合格, for a unit that submitted nothing, whatever was scored by hand", () => {
    const { unit } = one(facts({ firstSubmittedAt: null }), {
      "330327001": { website: { points: 10, reason: "专栏内容完整" } },
    });
    expect(unit.score).toBe(0);
    expect(unit.gradeLabel.zh).toBe("不合格");
    expect(unit.submitted).toBe(false);
    expect(unit.daysLate).toBeNull();
    expect(unit.items.every((i) => i.points === 0 && i.reason === "未报送")).toBe(true);
  });

  it("uses the supervisor's manual score and reason, and says when it is not scored yet", () => {
    const scored = one(facts(), {
      "330327001": { website: { points: 6.5, reason: "专栏栏目不全,更新不及时" } },
    });
    expect(scored.item("website")).toMatchObject({
      points: 6.5,
      reason: "专栏栏目不全,更新不及时",
    });
    expect(scored.unit.score).toBe(96.5);
    const unscored = one(facts());
    expect(unscored.item("website").reason).toBe("尚未评分,暂计 10 分");
  });

  it("treats a unit without a due date as on time", () => {
    const { unit, item } = one(facts({ dueDate: null }));
    expect(item("on_time").points).toBe(30);
    expect(unit.daysLate).toBe(0);
  });
});

describe("ranking", () => {
  it("ranks highest first; equal scores share a rank and keep their order", () => {
    const a = scoreUnits(DEFAULT_RUBRIC, [
      facts({ code: "a", name: "甲", returns: 1 }),
      facts({ code: "b", name: "乙" }),
      facts({ code: "c", name: "丙", firstSubmittedAt: null }),
      facts({ code: "d", name: "丁", returns: 1 }),
    ]);
    expect(a.units.map((u) => [u.code, u.rank, u.score])).toEqual([
      ["b", 1, 100],
      ["a", 2, 95],
      ["d", 2, 95],
      ["c", 4, 0],
    ]);
  });
});

const factsArb = fc.record({
  code: fc.constantFrom("u1", "u2", "u3"),
  name: fc.constant("单位"),
  dueDate: fc.constant("2026-01-31"),
  firstSubmittedAt: fc.option(
    fc
      .integer({ min: Date.parse("2026-01-01T00:00:00Z"), max: Date.parse("2026-04-01T00:00:00Z") })
      .map((t) => new Date(t).toISOString()),
  ),
  returns: fc.nat(6),
  unexplainedWarnings: fc.nat(3),
  rejectedExplanations: fc.nat(3),
  remarks: fc
    .nat(5)
    .chain((total) => fc.record({ total: fc.constant(total), open: fc.nat(total) })),
});

describe("scores, whatever the facts", () => {
  it("are the sum of their items, within 0 and the total, graded by the rubric", () => {
    fc.assert(
      fc.property(factsArb, (f) => {
        const u = scoreUnits(DEFAULT_RUBRIC, [f]).units[0]!;
        const sum = u.items.reduce((s, i) => s + Math.round(i.points * 100), 0) / 100;
        expect(u.score).toBe(sum);
        expect(u.score).toBeGreaterThanOrEqual(0);
        expect(u.score).toBeLessThanOrEqual(100);
        for (const i of u.items) expect(i.points).toBeLessThanOrEqual(i.max);
        expect(u.grade).toBe(gradeOf(DEFAULT_RUBRIC, u.score).id);
      }),
    );
  });

  it("never rise with one more return, rejected 说明 or day late", () => {
    fc.assert(
      fc.property(factsArb, (f) => {
        const base = scoreUnits(DEFAULT_RUBRIC, [f]).units[0]!.score;
        const later = f.firstSubmittedAt
          ? new Date(Date.parse(f.firstSubmittedAt) + 86_400_000).toISOString()
          : null;
        for (const worse of [
          { ...f, returns: f.returns + 1 },
          { ...f, rejectedExplanations: f.rejectedExplanations + 1 },
          { ...f, firstSubmittedAt: later },
        ])
          expect(scoreUnits(DEFAULT_RUBRIC, [worse]).units[0]!.score).toBeLessThanOrEqual(base);
      }),
    );
  });
});

describe("days late", () => {
  it("agrees with the Worker's late flag (after 23:59:59 UTC+8 of the due date)", () => {
    const end = (due: string) => Date.parse(`${due}T23:59:59.999+08:00`);
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2020-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }),
        fc.integer({ min: -5 * 86_400_000, max: 40 * 86_400_000 }),
        (d, offset) => {
          const due = d.toISOString().slice(0, 10);
          const at = new Date(end(due) + offset).toISOString();
          const late = Date.parse(at) > end(due);
          expect(daysLate(due, at) > 0).toBe(late);
          if (late) expect(daysLate(due, at)).toBe(Math.ceil(offset / 86_400_000));
        },
      ),
    );
  });
});

describe("manual scores", () => {
  it("are accepted for manual items within their maximum only", () => {
    const ok = checkManualScore(DEFAULT_RUBRIC, "website", { points: 8, reason: "良好" });
    expect(ok.ok).toBe(true);
    const over = checkManualScore(DEFAULT_RUBRIC, "website", { points: 12, reason: "很好" });
    expect(over).toMatchObject({ ok: false, zh: "评分项「网站专栏质量」满分 10 分,不能评 12 分" });
    const measured = checkManualScore(DEFAULT_RUBRIC, "returns", { points: 20, reason: "x" });
    expect(!measured.ok && measured.en).toContain("measured from the stored records");
    const unknown = checkManualScore(DEFAULT_RUBRIC, "nope", { points: 1, reason: "x" });
    expect(!unknown.ok && unknown.zh).toBe("考核细则中没有评分项「nope」");
  });
});

describe("a bad rubric", () => {
  const bad = (change: (r: Rubric) => unknown) => {
    const r = checkRubric(change(structuredClone(DEFAULT_RUBRIC)));
    if (r.ok) throw new Error("accepted a bad rubric");
    return r.problems;
  };

  it("is rejected when its items do not add up to the total", () => {
    const p = bad((r) => ({ ...r, items: r.items.slice(1) }));
    expect(p).toEqual([
      {
        path: "items",
        zh: "各评分项满分之和为 80,应等于总分 100",
        en: "the items' maximum points add up to 80, not the total 100",
      },
    ]);
  });

  it("is rejected when its grades are out of order or the lowest does not start at 0", () => {
    const swapped = bad((r) => ({
      ...r,
      grades: [r.grades[1], r.grades[0], ...r.grades.slice(2)],
    }));
    expect(swapped[0]!.path).toBe("grades.1.min");
    expect(swapped[0]!.zh).toContain("「优秀」(95 分起)不能排在「良好」(85 分起)之后");
    const floor = bad((r) => ({ ...r, grades: r.grades.slice(0, 3) }));
    expect(floor).toEqual([
      {
        path: "grades.2.min",
        zh: "最低等级「合格」的分数线应为 0(现为 60),每个得分都要有等级",
        en: 'the lowest grade "Pass" must start at 0 (not 60) so every score has a grade',
      },
    ]);
  });

  it("is rejected for a repeated item, a manual default above the maximum, an unknown measure", () => {
    const dup = bad((r) => {
      r.items[1]!.id = "submitted";
      return r;
    });
    expect(dup.map((x) => x.path)).toEqual(["items.1.id"]);
    const unscored = bad((r) => {
      r.items[5]!.measure = { kind: "manual", unscored: 12 };
      return r;
    });
    expect(unscored[0]!.zh).toContain("未评分时的分数 12 超过了满分 10");
    const unknown = bad((r) => {
      (r.items[0]!.measure as { kind: string }).kind = "typed_in";
      return r;
    });
    expect(unknown[0]!.path).toBe("items.0.measure.kind");
    expect(unknown[0]!.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(unknown[0]!.en).toMatch(/submitted|on_time/);
  });

  it("is rejected for negative or fractional-cent points, with the place in both languages", () => {
    const p = bad((r) => {
      r.items[1]!.measure = { kind: "on_time", perDayLate: -1 };
      r.items[2]!.max = 20.005;
      return r;
    });
    expect(p.map((x) => x.path)).toEqual(["items.1.measure.perDayLate", "items.2.max", "items"]);
    expect(p[2]!.en).toBe("the items' maximum points add up to 100.005, not the total 100");
    for (const x of p) expect(x.zh).not.toBe(x.en);
  });
});

describe("the API bodies", () => {
  it("describe the assessment the scoring returns", () => {
    const scored = scoreUnits(DEFAULT_RUBRIC, [
      facts(),
      facts({ code: "b", firstSubmittedAt: null }),
    ]);
    const options = {
      issuer: "苍南县",
      formTitle: { zh: "年报", en: "Annual report" },
      year: 2024,
      date: "2025-02-10",
    };
    // The Worker answers the assessment with its bulletin.
    const a = { ...scored, bulletin: bulletinLines(scored, options, "zh") };
    expect(AssessmentResponseSchema.parse(a)).toEqual(a);
    expect(AssessmentResponseSchema.safeParse(scored).success).toBe(false);
  });

  it("need a reason for a manual score and a sound rubric to set one", () => {
    const score = { unit: "330327001", item: "website", points: 8 };
    expect(ManualScoreBodySchema.safeParse({ ...score, reason: "栏目齐全" }).success).toBe(true);
    expect(ManualScoreBodySchema.safeParse({ ...score, reason: "  " }).success).toBe(false);
    const body = { unit: "330327", form: "gov-2021", year: 2025, rubric: DEFAULT_RUBRIC };
    expect(RubricPutBodySchema.safeParse(body).success).toBe(true);
    const broken = { ...body, rubric: { ...DEFAULT_RUBRIC, total: 90 } };
    const r = RubricPutBodySchema.safeParse(broken);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual([
      "rubric.items",
      "rubric.grades.0.min",
    ]);
  });
});
