/**
 * The building blocks of the import/export kinds (src/import/kinds.ts): column value types, the enum values with
 * their accepted spellings, and the header aliases shared by several kinds. Pure data.
 */
import { SIZE_BAND_SPELLINGS } from "../customers/size-band";
import type { ImportKind } from "./kinds";

export type ColumnType =
  | { t: "text"; max: number }
  | { t: "date" }
  | { t: "timestamp" }
  | { t: "amount" /** a negative amount is allowed (a refund) */; signed?: boolean }
  /** a percentage: "10", "10%", "12.5 %", an Excel percent cell (0.1) → basis points 0 … 10 000 */
  | { t: "percent" }
  | { t: "int"; min: number }
  /** accepted spellings (compared lower-cased) → stored value */
  | { t: "enum"; values: Record<string, string> }
  | { t: "email" }
  | { t: "tags" }
  | { t: "credit_code" };

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** the header must be present and the cell non-empty */
  required?: boolean;
  aliases: string[];
  /** read by the import only (e.g. a customer given by name); not an export column */
  importOnly?: boolean;
}

export interface KindSpec {
  kind: ImportKind;
  /** singular entity name used in the audit log */
  entity: string;
  columns: ColumnSpec[];
}

export const text = (max = 200): ColumnType => ({ t: "text", max });
export const int: ColumnType = { t: "int", min: 0 };
export const enumOf = (pairs: Array<[string, ...string[]]>): ColumnType => {
  const values: Record<string, string> = {};
  for (const [stored, ...spellings] of pairs) for (const s of [stored, ...spellings]) values[s.toLowerCase()] = stored;
  return { t: "enum", values };
};

export const col = (name: string, type: ColumnType, aliases: string[], required = false): ColumnSpec => ({ name, type, aliases, required });
export const importOnly = (c: ColumnSpec): ColumnSpec => ({ ...c, importOnly: true });

/** Stored as large / medium / small whatever the file says (中型, 中, Medium …), like the API. */
export const SIZE_BAND = enumOf(SIZE_BAND_SPELLINGS.map(([code, ...rest]) => [code, ...rest]));
export const PRIORITY = enumOf([
  ["high", "高", "h", "a"],
  ["medium", "中", "m", "b"],
  ["low", "低", "l", "c"],
]);
export const DECISION_ROLE = enumOf([
  ["decision_maker", "决策者", "decision maker"],
  ["influencer", "影响者"],
  ["user", "使用者"],
  ["technical", "技术把关者", "技术把关", "technical gatekeeper"],
  ["procurement", "采购"],
  ["coach", "教练", "内线", "教练/内线"],
]);
export const ACTIVITY_KIND = enumOf([
  ["visit", "拜访"],
  ["call", "电话", "phone"],
  ["email", "邮件"],
  ["meeting", "会议"],
  ["demo", "演示"],
  ["quote", "报价"],
  ["tender", "投标"],
]);
export const STATUS = enumOf([
  ["open", "进行中", "跟进中", "打开"],
  ["won", "赢单", "成交", "赢"],
  ["lost", "丢单", "丢失", "输单", "输"],
]);
export const FORECAST_CATEGORY = enumOf([
  ["commit", "承诺", "确定"],
  ["best_case", "最好情况", "best case", "bestcase", "乐观"],
  ["pipeline", "管道", "漏斗"],
  ["omitted", "忽略", "排除"],
]);
export const EVENT_KIND = enumOf([
  ["create", "创建"],
  ["advance", "推进", "前进"],
  ["back", "退回", "回退"],
  ["stay", "停留"],
  ["won", "赢单"],
  ["lost", "丢单"],
  ["reopen", "重开", "重新打开"],
]);

export const EXTERNAL_ID = ["编号", "外部编号", "外部id", "id", "external id", "record id", "ref", "reference"];
export const CUSTOMER_REF = [
  "客户编号",
  "客户外部编号",
  "客户id",
  "account id",
  "account number",
  "company id",
  "organization id",
  "customer id",
  "customer number",
  "customer ref",
];
/** An owner is given by e-mail, name or the user's external id (resolved in the writers). */
export const OWNER = [
  "负责人邮箱",
  "负责人",
  "销售邮箱",
  "销售",
  "销售代表",
  "业务员",
  "owner",
  "owner email",
  "owner name",
  "sales agent",
  "agent",
  "sales rep",
  "salesperson",
  "opportunity owner",
  "account owner",
  "deal owner",
  "contact owner",
  "company owner",
  "record owner",
  "assigned to",
  "salesperson",
  "user",
];
export const CUSTOMER_NAME = [
  "客户名称",
  "客户",
  "公司名称",
  "公司",
  "account",
  "account name",
  "company",
  "company name",
  "organization",
  "organization name",
  "organisation",
  "customer",
  "customer name",
  "partner",
  "related company",
];
export const PERSON = { t: "text", max: 200 } as const;
export const CREATED = [
  "创建时间",
  "创建日期",
  "created",
  "created date",
  "create date",
  "created time",
  "created on",
  "date created",
  "deal created",
  "add time",
  "engage date",
  "createdate",
];

export const ROLE = enumOf([
  ["admin", "管理员", "administrator", "system administrator"],
  ["manager", "经理", "销售经理", "主管", "sales manager", "team lead", "manager"],
  ["rep", "销售", "销售代表", "业务员", "sales rep", "sales agent", "agent", "user", "standard user", "salesperson"],
]);

export const OPPORTUNITY_REF = ["商机编号", "机会编号", "opportunity id", "deal id", "opportunity external id", "deal number"];
export const CONTRACT_NUMBER = ["合同编号", "合同号", "contract number", "contract no", "contract no.", "contract id", "contract"];
export const QUOTE_STATUS = enumOf([
  ["draft", "草稿", "新建"],
  ["pending_approval", "待审批", "审批中", "pending approval", "pending", "in review"],
  ["approved", "已批准", "已审批", "批准"],
  ["rejected", "已驳回", "驳回"],
  ["sent", "已发送", "已报价", "presented"],
  ["accepted", "已接受", "接受", "客户接受", "won"],
  ["declined", "已拒绝", "拒绝", "客户拒绝", "lost"],
]);
