import type { Role } from "../shared/api/schemas";

/** The demo organisation `npm start` seeds: a county with departments and towns. */
export const DEMO_COUNTY = { code: "330327", name: "苍南县" };

/** A demo unit; `reportsItself: false`: it only consolidates its children (issue 21). */
export interface DemoUnit {
  code: string;
  name: string;
  parent: string | null;
  reportsItself?: boolean;
}

/**
 * The county node has no report of its own (its reports are its departments' and towns'
 * consolidation), so it is no reporting unit: 报送情况 counts the 11 departments and towns.
 */
export const DEMO_UNITS: DemoUnit[] = [
  { code: DEMO_COUNTY.code, name: DEMO_COUNTY.name, parent: null, reportsItself: false },
  { code: "330327001", name: "苍南县人民政府办公室", parent: "330327" },
  { code: "330327002", name: "苍南县发展和改革局", parent: "330327" },
  { code: "330327003", name: "苍南县教育局", parent: "330327" },
  { code: "330327004", name: "苍南县公安局", parent: "330327" },
  { code: "330327005", name: "苍南县财政局", parent: "330327" },
  { code: "330327006", name: "苍南县自然资源和规划局", parent: "330327" },
  { code: "330327007", name: "苍南县卫生健康局", parent: "330327" },
  { code: "330327008", name: "苍南县市场监督管理局", parent: "330327" },
  { code: "330327101", name: "灵溪镇人民政府", parent: "330327" },
  { code: "330327102", name: "宜山镇人民政府", parent: "330327" },
  { code: "330327103", name: "钱库镇人民政府", parent: "330327" },
];

/** The credentials: one admin, the county's supervisor, and a clerk for each department/town. */
export const DEMO_CREDENTIALS: { code: string; role: Role }[] = [
  { code: DEMO_COUNTY.code, role: "admin" },
  { code: DEMO_COUNTY.code, role: "supervisor" },
  ...DEMO_UNITS.filter((u) => u.parent !== null).map((u) => ({
    code: u.code,
    role: "clerk" as Role,
  })),
];

export interface DemoPeriod {
  /** The unit the period is opened at (it applies to the unit's subtree). */
  unit: string;
  form: string;
  year: number;
  dueDate: string;
}

/** The national periods of report years 2019–2026 at a root, due 31 January of the next year. */
function nationalPeriods(unit: string): DemoPeriod[] {
  return [2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026].map((year) => ({
    unit,
    form: year <= 2020 ? "gov-2019" : "gov-2021",
    year,
    dueDate: `${year + 1}-01-31`,
  }));
}

/**
 * The reporting periods `npm start` opens for the county (docs/WORKFLOW.md): gov-2019 for report
 * years 2019–2020 and gov-2021 for 2021–2026, each due on 31 January of the following year.
 */
export const DEMO_PERIODS: DemoPeriod[] = nationalPeriods(DEMO_COUNTY.code);

/**
 * A second, small tree for the local form haikou-2009 (its scope is 海口市, 460100, and every unit
 * below): the city and two departments. Kept apart from the county so the browser tests' county
 * stays as it is; `npm start` seeds both.
 */
export const DEMO_HAIKOU = { code: "460100", name: "海口市" };

export const DEMO_HAIKOU_UNITS: DemoUnit[] = [
  { code: DEMO_HAIKOU.code, name: DEMO_HAIKOU.name, parent: null, reportsItself: false },
  { code: "460100001", name: "海口市人民政府办公厅", parent: DEMO_HAIKOU.code },
  { code: "460100002", name: "海口市教育局", parent: DEMO_HAIKOU.code },
];

export const DEMO_HAIKOU_CREDENTIALS: { code: string; role: Role }[] = [
  { code: DEMO_HAIKOU.code, role: "supervisor" },
  ...DEMO_HAIKOU_UNITS.filter((u) => u.parent !== null).map((u) => ({
    code: u.code,
    role: "clerk" as Role,
  })),
];

/**
 * Haikou's periods: the national ones, and for report years 2017–2018 the national gov-2012 with
 * the local haikou-2009 beside it, due 31 March as the 2008 regulations required.
 */
export const DEMO_HAIKOU_PERIODS: DemoPeriod[] = [
  ...[2017, 2018].flatMap((year) =>
    ["gov-2012", "haikou-2009"].map((form) => ({
      unit: DEMO_HAIKOU.code,
      form,
      year,
      dueDate: `${year + 1}-03-31`,
    })),
  ),
  ...nationalPeriods(DEMO_HAIKOU.code),
];
