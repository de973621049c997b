import type { Role } from "../shared/api/schemas";

/** The demo organisation `npm start` seeds: a county with departments and towns. */
export const DEMO_COUNTY = { code: "330327", name: "苍南县" };

export const DEMO_UNITS: { code: string; name: string; parent: string | null }[] = [
  { code: DEMO_COUNTY.code, name: DEMO_COUNTY.name, parent: null },
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

/**
 * The reporting periods `npm start` opens for the county (docs/WORKFLOW.md): gov-2019 for report
 * years 2019–2020 and gov-2021 for 2021–2026, each due on 31 January of the following year.
 */
export const DEMO_PERIODS: { form: string; year: number; dueDate: string }[] = [
  2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026,
].map((year) => ({
  form: year <= 2020 ? "gov-2019" : "gov-2021",
  year,
  dueDate: `${year + 1}-01-31`,
}));
