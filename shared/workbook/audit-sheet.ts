/**
 * The audit log as a sheet (issue 21, 等保 2.0): who did what, when, one line per audited action,
 * newest first: the admin's xlsx download (`GET /admin/audit?format=xlsx`) and any host that
 * draws the model. Pure.
 */
import type { AuditLine } from "../api/admin-ui";
import type { Lang } from "../layout/types";
import { chinaTime } from "../china-time";
import type { WbCell, WbSheet } from "./types";

const HEADERS: Record<Lang, string[]> = {
  zh: [
    "时间(北京时间)",
    "操作",
    "对象",
    "单位代码",
    "单位",
    "角色",
    "持有人",
    "凭据",
    "详情",
    "请求编号",
  ],
  en: [
    "Time (UTC+8)",
    "Action",
    "Target",
    "Unit code",
    "Unit",
    "Role",
    "Holder",
    "Credential",
    "Detail",
    "Request id",
  ],
};

/** The actions in words a 政务公开办 reader knows (the code itself for any other). */
const ACTIONS: Record<string, { zh: string; en: string }> = {
  "report.submit": { zh: "提交报表", en: "report submitted" },
  "report.return": { zh: "退回报表", en: "report returned" },
  "report.accept": { zh: "审核通过", en: "report accepted" },
  "report.reopen": { zh: "重新打开", en: "report reopened" },
  "units.import": { zh: "导入单位", en: "units imported" },
  "units.change": { zh: "修改单位表", en: "unit sheet changed" },
  "credential.create": { zh: "创建凭据", en: "credential created" },
  "credential.revoke": { zh: "吊销凭据", en: "credential revoked" },
  "invite.create": { zh: "发放邀请码", en: "invite issued" },
  "invite.redeem": { zh: "兑换邀请码", en: "invite redeemed" },
  "auth.failures": { zh: "认证失败过多", en: "repeated failed authentications" },
};

const ROLES: Record<string, { zh: string; en: string }> = {
  clerk: { zh: "填报员", en: "clerk" },
  supervisor: { zh: "审核员", en: "supervisor" },
  admin: { zh: "管理员", en: "admin" },
};

export function auditSheet(lines: readonly AuditLine[], lang: Lang): WbSheet {
  const cells: WbCell[] = HEADERS[lang].map((h, c) => ({
    address: `${String.fromCharCode(65 + c)}1`,
    value: h,
    bold: true,
    border: true,
  }));
  lines.forEach((l, i) => {
    const row = i + 2;
    const values = [
      chinaTime(l.at) ?? l.at,
      ACTIONS[l.action]?.[lang] ?? l.action,
      l.target,
      l.unit?.code ?? "",
      l.unit?.name ?? "",
      l.role ? (ROLES[l.role]?.[lang] ?? l.role) : "",
      l.holderName ?? "",
      l.credential ?? "",
      Object.keys(l.detail).length ? JSON.stringify(l.detail) : "",
      l.requestId,
    ];
    values.forEach((v, c) =>
      cells.push({ address: `${String.fromCharCode(65 + c)}${row}`, value: v, border: true }),
    );
  });
  return {
    name: lang === "zh" ? "审计日志" : "Audit log",
    role: "checks",
    visibility: "visible",
    protected: false,
    columnWidths: [20, 14, 24, 12, 24, 8, 10, 22, 40, 38],
    hiddenColumns: [],
    frozenRows: 1,
    cells,
    validations: [],
  };
}
